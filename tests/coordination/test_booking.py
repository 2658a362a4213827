"""From the queue to a booked visit: booking, double booking, travel warning, coverage and derogation."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from binome.accounts.models import Role
from binome.cases.workflow import State
from binome.coordination.models import Derogation
from binome.territory.models import CoverageYear
from binome.visits.models import Visit, VisitChange
from tests.conftest import local, member
from tests.factories import CommuneFactory, VisitFactory


def book_url(dossier):
    return reverse("visits:book", kwargs={"pk": dossier.pk})


def post_booking(client, dossier, world, day, hour, **extra):
    data = {
        "date": day.isoformat(),
        "time": f"{hour:02d}:00",
        "duration_minutes": 120,
        "advisor": world.advisor.pk,
        "preparation_note": "Factures d'électricité en forte hausse.",
        "preparation_questions": "Vérifier la VMC et le chauffe-eau.",
        "version": dossier.version,
        **extra,
    }
    return client.post(book_url(dossier), data)


def test_a_received_request_is_booked_in_one_step(
    client, world, make_dossier, monday, django_capture_on_commit_callbacks
):
    dossier = make_dossier(State.RECEIVED)
    client.force_login(world.coordinator)
    page = client.get(book_url(dossier))
    assert page.status_code == 200
    assert page.context["slots"], "free slots are offered"
    with django_capture_on_commit_callbacks(execute=True):
        response = post_booking(client, dossier, world, monday, 9)
    visit = Visit.objects.get(dossier=dossier)
    assert response.status_code == 302
    assert response["Location"] == reverse("visits:detail", kwargs={"pk": visit.pk})
    dossier.refresh_from_db()
    assert dossier.state == State.SCHEDULED
    assert dossier.advisor == world.advisor
    assert list(dossier.events.filter(kind="transition").values_list("transition", flat=True)) == [
        "accept",
        "schedule",
    ]
    assert visit.starts_at == local(monday, 9)
    assert visit.preparation_questions == "Vérifier la VMC et le chauffe-eau."
    assert VisitChange.objects.get(visit=visit).kind == "booked"
    # The advisor is told of the visit and reads the preparation note in the application: the e-mail carries
    # neither the household's name nor any free text typed about the household.
    (message,) = [m for m in mail.outbox if m.to == [world.advisor.email]]
    assert message.to == [world.advisor.email]
    assert dossier.reference in message.subject
    assert reverse("cases:detail", kwargs={"pk": dossier.pk}) in message.body
    assert "Vérifier la VMC" not in message.body and "Factures" not in message.body
    assert "DUPONT" not in message.body.upper()


def test_double_booking_is_refused_and_nothing_typed_is_lost(client, world, make_dossier, monday):
    other = make_dossier(State.TO_CONTACT)
    VisitFactory(dossier=other, advisor=world.advisor, coordinator=world.coordinator, starts_at=local(monday, 10))
    dossier = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    response = post_booking(client, dossier, world, monday, 9)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "a déjà une visite à ce moment-là" in errors and other.reference in errors
    assert "Vérifier la VMC" in response.content.decode()
    assert not Visit.objects.filter(dossier=dossier).exists()
    dossier.refresh_from_db()
    assert dossier.state == State.TO_CONTACT


def test_the_coordinator_cannot_be_in_two_places_either(client, world, make_dossier, monday):
    other = make_dossier(State.TO_CONTACT)
    VisitFactory(dossier=other, advisor=world.advisor2, coordinator=world.coordinator, starts_at=local(monday, 14))
    dossier = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    response = post_booking(client, dossier, world, monday, 15)
    assert "a déjà une visite" in " ".join(response.context["form"].non_field_errors())


def test_outside_working_hours_is_refused(client, world, make_dossier, monday):
    dossier = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    response = post_booking(client, dossier, world, monday, 19)
    assert "ne travaille pas sur tout ce créneau" in " ".join(response.context["form"].non_field_errors())
    assert not Visit.objects.filter(dossier=dossier).exists()


def test_travel_gap_warns_then_books_when_confirmed(client, world, make_dossier, monday):
    far = CommuneFactory(unite=world.dole, name="Saint-Claude", insee_code="39478", latitude=46.3872, longitude=5.8633)
    near = CommuneFactory(unite=world.dole, name="Dole-centre", insee_code="39199", latitude=47.0925, longitude=5.4896)
    morning = make_dossier(State.TO_CONTACT, commune=near)
    VisitFactory(dossier=morning, advisor=world.advisor, coordinator=world.coordinator, starts_at=local(monday, 9))
    dossier = make_dossier(State.TO_CONTACT, commune=far)
    client.force_login(world.coordinator)
    response = client.post(
        book_url(dossier),
        {
            "date": monday.isoformat(),
            "time": "11:00",
            "duration_minutes": 90,
            "advisor": world.advisor.pk,
            "version": dossier.version,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Temps de trajet insuffisant" in body
    assert "min de route estimées depuis Dole-centre" in body
    assert not Visit.objects.filter(dossier=dossier).exists()
    response = client.post(
        book_url(dossier),
        {
            "date": monday.isoformat(),
            "time": "11:00",
            "duration_minutes": 90,
            "advisor": world.advisor.pk,
            "version": dossier.version,
            "confirm_travel": "on",
        },
    )
    assert response.status_code == 302
    assert Visit.objects.filter(dossier=dossier).exists()


@pytest.fixture
def closed_plan(world):
    """This year only Champagnole is open; Dole (the commune of make_dossier) opens next year."""
    from django.utils import timezone

    year = timezone.localdate().year
    CoverageYear.objects.create(programme=world.programme, year=year, unite=world.champagnole)
    CoverageYear.objects.create(programme=world.programme, year=year + 1, unite=world.dole)
    return year


def test_closed_ut_cannot_be_booked_without_derogation(client, world, make_dossier, monday, closed_plan):
    dossier = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    response = post_booking(client, dossier, world, monday, 9)
    if monday.year == closed_plan:  # (the test's Monday may fall in January of next year)
        assert response.status_code == 200
        assert "n'est pas couverte" in " ".join(response.context["form"].non_field_errors())
        assert not Visit.objects.filter(dossier=dossier).exists()
    # With a derogation and its reason, the visit is booked.
    client.post(reverse("coordination:derogation", kwargs={"pk": dossier.pk}), {"reason": "Coupure imminente."})
    assert Derogation.objects.get(dossier=dossier).reason == "Coupure imminente."
    dossier.refresh_from_db()
    response = post_booking(client, dossier, world, monday + dt.timedelta(days=1), 9)
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.SCHEDULED


def test_derogation_needs_a_reason(client, world, make_dossier):
    dossier = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    client.post(reverse("coordination:derogation", kwargs={"pk": dossier.pk}), {"reason": "  "})
    assert not Derogation.objects.filter(dossier=dossier).exists()


def test_move_and_cancel_keep_the_history(client, world, make_dossier, monday):
    dossier = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    post_booking(client, dossier, world, monday, 9)
    visit = Visit.objects.get(dossier=dossier)
    response = client.post(
        reverse("visits:move", kwargs={"pk": visit.pk}),
        {"date": monday.isoformat(), "time": "14:00", "duration_minutes": 120, "note": "Demande du ménage."},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.starts_at == local(monday, 14)
    dossier.refresh_from_db()
    client.post(
        reverse("visits:cancel", kwargs={"pk": visit.pk}), {"note": "Ménage hospitalisé.", "version": dossier.version}
    )
    visit.refresh_from_db()
    dossier.refresh_from_db()
    assert (visit.status, dossier.state) == ("cancelled", State.TO_CONTACT)
    changes = list(visit.changes.values_list("kind", "previous_starts_at", "starts_at"))
    assert changes == [
        ("booked", None, local(monday, 9)),
        ("moved", local(monday, 9), local(monday, 14)),
        ("cancelled", None, local(monday, 14)),
    ]
    page = client.get(reverse("visits:detail", kwargs={"pk": visit.pk}))
    assert "Ménage hospitalisé." in page.content.decode()


def test_moving_onto_another_visit_is_refused(client, world, make_dossier, monday):
    first = make_dossier(State.TO_CONTACT)
    second = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    post_booking(client, first, world, monday, 9)
    post_booking(client, second, world, monday, 14)
    visit = Visit.objects.get(dossier=second)
    response = client.post(
        reverse("visits:move", kwargs={"pk": visit.pk}),
        {"date": monday.isoformat(), "time": "10:00", "duration_minutes": 120},
    )
    assert response.status_code == 200
    assert "a déjà une visite" in response.content.decode()
    visit.refresh_from_db()
    assert visit.starts_at == local(monday, 14)


def test_move_form_shows_the_current_date_and_time(client, world, make_dossier, monday):
    dossier = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    post_booking(client, dossier, world, monday, 9)
    visit = Visit.objects.get(dossier=dossier)
    body = client.get(reverse("visits:detail", kwargs={"pk": visit.pk})).content.decode()
    assert f'value="{monday:%Y-%m-%d}"' in body and 'value="09:00"' in body


def test_cancelling_from_the_dossier_page_also_keeps_the_visit_history(client, world, make_dossier, monday):
    dossier = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    post_booking(client, dossier, world, monday, 9)
    dossier.refresh_from_db()
    client.post(
        reverse("cases:transition", kwargs={"pk": dossier.pk, "name": "cancel_visit"}),
        {"note": "Le ménage a trouvé une solution.", "version": dossier.version},
    )
    visit = Visit.objects.get(dossier=dossier)
    assert visit.status == "cancelled"
    assert list(visit.changes.values_list("kind", "note")) == [
        ("booked", ""),
        ("cancelled", "Le ménage a trouvé une solution."),
    ]


def test_a_stale_move_is_refused_with_who_moved_it(client, world, make_dossier, monday):
    dossier = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    post_booking(client, dossier, world, monday, 9)
    visit = Visit.objects.get(dossier=dossier)
    seen = visit.starts_at.isoformat()
    url = reverse("visits:move", kwargs={"pk": visit.pk})
    first = {"date": monday.isoformat(), "time": "14:00", "duration_minutes": 120, "seen": seen}
    assert client.post(url, first).status_code == 302
    second = {"date": monday.isoformat(), "time": "15:30", "duration_minutes": 60, "seen": seen, "note": "Mon motif"}
    response = client.post(url, second)
    body = response.content.decode()
    assert "a déjà déplacé cette visite au" in body and "Mon motif" in body
    visit.refresh_from_db()
    assert visit.starts_at == local(monday, 14)


def test_a_stale_cancellation_is_refused(client, world, make_dossier, monday):
    dossier = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    post_booking(client, dossier, world, monday, 9)
    visit = Visit.objects.get(dossier=dossier)
    client.post(reverse("visits:cancel", kwargs={"pk": visit.pk}), {"note": "x", "version": 1})
    visit.refresh_from_db()
    assert visit.status == "planned"


def test_a_move_tells_the_advisor_and_reminds_to_tell_the_household(
    client, world, make_dossier, monday, django_capture_on_commit_callbacks
):
    dossier = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    post_booking(client, dossier, world, monday, 9)
    visit = Visit.objects.get(dossier=dossier)
    mail.outbox.clear()
    move = reverse("visits:move", kwargs={"pk": visit.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(move, {"date": monday.isoformat(), "time": "14:00", "duration_minutes": 120})
    (message,) = mail.outbox
    assert message.to == [world.advisor.email] and "déplacée" in message.subject
    assert "est déplacée au" in message.body and dossier.last_name not in message.body
    assert dossier.events.filter(note="Chargé de visite prévenu par courriel : visite déplacée.").exists()

    page = client.get(reverse("visits:detail", kwargs={"pk": visit.pk})).content.decode()
    assert "Prévenir le ménage" in page and "est déplacée au" in page and "Nouveau courrier de confirmation" in page
    client.post(reverse("visits:household_told", kwargs={"pk": visit.pk}), {"channel": "sms"})
    assert visit.changes.filter(kind="told", note="par SMS").exists()
    assert dossier.events.filter(note="Ménage prévenu par SMS du changement de visite.").exists()
    assert "Prévenir le ménage" not in client.get(reverse("visits:detail", kwargs={"pk": visit.pk})).content.decode()

    # Moving to the slot it already has is no move: nothing logged, nobody told.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(move, {"date": monday.isoformat(), "time": "14:00", "duration_minutes": 120})
    assert visit.changes.filter(kind="moved").count() == 1 and not mail.outbox


def test_a_cancellation_tells_the_advisor(client, world, make_dossier, monday, django_capture_on_commit_callbacks):
    dossier = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    post_booking(client, dossier, world, monday, 9)
    visit = Visit.objects.get(dossier=dossier)
    dossier.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("visits:cancel", kwargs={"pk": visit.pk}),
            {"note": "Ménage hospitalisé.", "version": dossier.version},
        )
    (message,) = [m for m in mail.outbox if m.to == [world.advisor.email]]
    assert "annulée" in message.subject
    page = client.get(reverse("visits:detail", kwargs={"pk": visit.pk})).content.decode()
    assert "Prévenir le ménage" in page and "est annulée" in page and "Nouveau courrier" not in page


def test_a_visit_made_on_paper_is_recorded_after_the_fact_with_its_reason(client, world, make_dossier, monday):
    day = monday - dt.timedelta(days=21)
    dossier = make_dossier(State.TO_CONTACT, created_at=local(day - dt.timedelta(days=30), 9))
    client.force_login(world.coordinator)
    url = reverse("visits:record_past", kwargs={"pk": dossier.pk})
    data = {"date": day.isoformat(), "time": "10:00", "duration_minutes": 120, "advisor": world.advisor.pk}
    # Without a reason: refused, what was typed kept.
    page = client.post(url, {**data, "version": dossier.version}).content.decode()
    assert "Indiquez pourquoi la visite est saisie après coup." in page and f'value="{day.isoformat()}"' in page
    # In the future: that is a booking.
    later = {**data, "date": (monday + dt.timedelta(days=3)).isoformat(), "reason": "x", "version": dossier.version}
    assert "Cette visite n&#x27;a pas encore eu lieu" in client.post(url, later).content.decode()
    assert not Visit.objects.filter(dossier=dossier).exists()

    response = client.post(url, {**data, "reason": "Dossier tenu sur papier en 2026.", "version": dossier.version})
    assert response.status_code == 302, re.findall(r'class="[^"]*error[^"]*"[^>]*>(.*?)<', response.content.decode())
    visit = Visit.objects.get(dossier=dossier)
    assert response.status_code == 302 and visit.status == "done" and visit.starts_at == local(day, 10)
    dossier.refresh_from_db()
    assert dossier.state == State.VISITED
    steps = list(dossier.events.filter(kind="transition").order_by("at").values_list("transition", "at", "note"))
    assert [(name, at) for name, at, _ in steps[-2:]] == [
        ("schedule", local(day, 10)),
        ("mark_visited", local(day, 12)),
    ]
    assert all("Motif : Dossier tenu sur papier en 2026." in note for _, _, note in steps[-2:])


def test_the_booking_page_reads_the_advisors_once_whatever_their_number_or_the_visits(
    client, world, make_dossier, monday
):
    """The advisors' select (booking and past visit forms) and the advisor whose free slots are shown come from
    one read of the advisors per form: as many queries with one more advisor and more visits booked."""
    dossier = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)

    def queries() -> tuple[int, object]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(book_url(dossier))
        assert response.status_code == 200
        return len(ctx.captured_queries), response

    client.get(book_url(dossier))
    few, first = queries()
    member(world.programme, Role.ADVISOR, first_name="Zoé")
    for hour in (9, 14):
        VisitFactory(
            dossier=make_dossier(State.TO_CONTACT),
            advisor=world.advisor,
            coordinator=world.coordinator,
            starts_at=local(monday, hour),
        )
    many, second = queries()
    assert many == few <= 15
    assert len(second.context["form"].fields["advisor"].choices) == 3
    assert second.context["advisor"] == first.context["advisor"]
    assert second.content.decode().count("Zoé") == 2  # in both selects
