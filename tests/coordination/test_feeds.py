"""The private calendar feed (parsed back with icalendar), the confirmation letter and the reminder e-mail."""

import subprocess

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from binome.cases.workflow import State
from binome.visits.models import CalendarFeed, Visit
from tests.conftest import local
from tests.factories import VisitFactory


def book(client, world, dossier, day, hour=9):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("visits:book", kwargs={"pk": dossier.pk}),
        {
            "date": day.isoformat(),
            "time": f"{hour:02d}:00",
            "duration_minutes": 120,
            "advisor": world.advisor.pk,
            "preparation_note": "Humidité dans la chambre.",
            "version": dossier.version,
        },
    )
    assert response.status_code == 302
    return Visit.objects.get(dossier=dossier, status="planned")


def feed_of(client, user):
    client.force_login(user)
    client.post(reverse("visits:feed_settings"), {"action": "create"})
    return CalendarFeed.objects.get(user=user, revoked_at__isnull=True)


def events(response):
    assert response["Content-Type"].startswith("text/calendar")
    return [c for c in Calendar.from_ical(response.content).walk("VEVENT")]


def test_advisor_sees_the_booked_visit_in_his_calendar_without_the_household_name(client, world, make_dossier, monday):
    dossier = make_dossier(State.TO_CONTACT, last_name="Verguet")
    visit = book(client, world, dossier, monday)
    feed = feed_of(client, world.advisor)
    client.logout()
    response = client.get(reverse("visits:feed", kwargs={"token": feed.token}))
    assert response.status_code == 200
    (event,) = events(response)
    assert event["summary"] == f"Visite SLIME {dossier.reference} — {dossier.commune.name}"
    assert event.decoded("dtstart") == visit.starts_at
    assert event.decoded("dtend") == local(monday, 11)
    assert str(event["uid"]) == f"visite-{visit.pk}@binome"
    assert reverse("cases:detail", kwargs={"pk": dossier.pk}) in str(event["url"])
    assert "VERGUET" not in response.content.decode().upper()
    assert "Humidité" not in response.content.decode()


def test_names_appear_only_when_the_user_opts_in(client, world, make_dossier, monday):
    dossier = make_dossier(State.TO_CONTACT, last_name="Verguet")
    book(client, world, dossier, monday)
    feed = feed_of(client, world.advisor)
    client.post(reverse("visits:feed_settings"), {"action": "names", "show_names": "on"})
    (event,) = events(client.get(reverse("visits:feed", kwargs={"token": feed.token})))
    assert "VERGUET" in str(event["summary"])
    assert dossier.address in str(event["location"])


def test_feed_lists_only_the_user_s_own_visits(client, world, make_dossier, monday):
    mine = make_dossier(State.TO_CONTACT)
    book(client, world, mine, monday)
    theirs = make_dossier(State.TO_CONTACT)
    VisitFactory(
        dossier=theirs, advisor=world.advisor2, coordinator=world.other_coordinator, starts_at=local(monday, 14)
    )
    feed = feed_of(client, world.advisor)
    summaries = [str(e["summary"]) for e in events(client.get(reverse("visits:feed", kwargs={"token": feed.token})))]
    assert summaries == [f"Visite SLIME {mine.reference} — {mine.commune.name}"]


def test_revoked_and_renewed_addresses_stop_working(client, world, make_dossier):
    feed = feed_of(client, world.coordinator)
    url = reverse("visits:feed", kwargs={"token": feed.token})
    assert client.get(url).status_code == 200
    client.post(reverse("visits:feed_settings"), {"action": "renew"})
    renewed = CalendarFeed.objects.get(user=world.coordinator, revoked_at__isnull=True)
    assert renewed.token != feed.token
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(reverse("visits:feed", kwargs={"token": renewed.token})).status_code == 200
    client.force_login(world.coordinator)
    client.post(reverse("visits:feed_settings"), {"action": "revoke"})
    client.logout()
    assert client.get(reverse("visits:feed", kwargs={"token": renewed.token})).status_code == 404
    assert client.get(reverse("visits:feed", kwargs={"token": "devine"})).status_code == 404


def test_feed_of_a_user_who_lost_the_role_is_closed(client, world):
    feed = feed_of(client, world.advisor)
    world.advisor.memberships.update(is_active=False)
    client.logout()
    assert client.get(reverse("visits:feed", kwargs={"token": feed.token})).status_code == 404


def test_cancelled_visit_stays_in_the_feed_as_cancelled(client, world, make_dossier, monday):
    dossier = make_dossier(State.TO_CONTACT)
    visit = book(client, world, dossier, monday)
    dossier.refresh_from_db()
    client.post(
        reverse("visits:cancel", kwargs={"pk": visit.pk}), {"note": "Ménage absent.", "version": dossier.version}
    )
    feed = feed_of(client, world.advisor)
    (event,) = events(client.get(reverse("visits:feed", kwargs={"token": feed.token})))
    assert str(event["status"]) == "CANCELLED"


def test_confirmation_letter_is_a_pdf_addressed_to_the_household(client, world, make_dossier, monday, tmp_path):
    dossier = make_dossier(State.TO_CONTACT, last_name="Verguet")
    visit = book(client, world, dossier, monday)
    response = client.get(reverse("visits:letter", kwargs={"pk": visit.pk}))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "letter.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "VERGUET Marie" in text
    assert "confirmation de votre rendez-vous" in text
    assert f"{monday.day}" in text and "9h00" in text


def test_reminder_is_sent_once_the_day_before(client, world, make_dossier, monday):
    dossier = make_dossier(State.TO_CONTACT)
    book(client, world, dossier, monday, 14)
    other_day = make_dossier(State.TO_CONTACT)
    book(client, world, other_day, monday, 9)
    mail.outbox.clear()
    call_command("send_visit_reminders", date=monday)
    reminders = [m for m in mail.outbox if m.subject.startswith("Rappel")]
    assert len(reminders) == 2
    assert sorted(reminders[0].to) == sorted([world.advisor.email, world.coordinator.email])
    assert all("DUPONT" not in m.body.upper() for m in reminders)
    mail.outbox.clear()
    call_command("send_visit_reminders", date=monday)
    assert not [m for m in mail.outbox if m.subject.startswith("Rappel")]
