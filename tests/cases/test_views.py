"""The dossier pages as people use them: the referral form, stale saves, visit booking, query counts."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from binome.cases import transitions
from binome.cases.models import CallOutcome, Channel, Dossier, DossierEvent, EventKind
from binome.cases.workflow import State
from binome.diagnosis.models import DiagnosisNote
from binome.orientations import services as orientation_services
from binome.visits.models import Visit
from tests.factories import VisitFactory


def text(response) -> str:
    return html.unescape(response.content.decode())


def field_error(response, name) -> str:
    """The error printed next to field ``name`` (includes/field.html), or ''."""
    found = re.search(rf'<p class="error" id="id_{name}_error">(.*?)</p>', response.content.decode())
    return html.unescape(found.group(1)) if found else ""


def input_value(response, name) -> str | None:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', response.content.decode())
    return html.unescape(found.group(1)) if found else None


def checked(response, name) -> set[str]:
    return set(re.findall(rf'<input type="checkbox" name="{name}" value="([^"]*)"[^>]*checked', text(response)))


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# The referral form (fiche de demande d'intervention).


def referral_data(world, **overrides):
    data = {
        "last_name": "Vuillemin",
        "first_name": "Odile",
        "phone": "03 84 12 34 56",
        "email": "odile.vuillemin@example.org",
        "address": "5 rue du Pont",
        "commune": world.commune.pk,
        "tenure": "owner",
        "household_size": "3",
        "motives": ["cold", "humidity"],
        "description": "Chambre des enfants à 15 °C.",
        "consent_contact": "on",
        "share_with_referrer": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_referrer_sends_a_request(world):
    client = login(world.referrer)
    response = client.post(reverse("cases:referral_create"), referral_data(world))
    dossier = Dossier.objects.get(last_name="Vuillemin")
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", kwargs={"pk": dossier.pk})
    # No personal data in the URL the browser goes to.
    assert "Vuillemin" not in response["Location"] and "84" not in response["Location"]
    assert (dossier.programme, dossier.organisation, dossier.referrer, dossier.channel) == (
        world.programme,
        world.ccas,
        world.referrer,
        Channel.ONLINE,
    )
    assert dossier.state == State.RECEIVED
    assert dossier.reference == f"{timezone.localdate().year}-0001"
    assert dossier.motives == ["cold", "humidity"] and dossier.consent_contact and dossier.share_with_referrer
    event = dossier.events.get()
    assert (event.kind, event.actor, event.note) == (EventKind.NOTE, world.referrer, "Demande enregistrée.")
    page = client.get(response["Location"])
    assert f"Demande {dossier.reference} enregistrée" in text(page)


def test_referrer_cannot_choose_the_channel_or_organisation(world):
    client = login(world.referrer)
    client.post(reverse("cases:referral_create"), referral_data(world, channel="paper", organisation=world.caf.pk))
    dossier = Dossier.objects.get()
    assert (dossier.channel, dossier.organisation) == (Channel.ONLINE, world.ccas)


def test_invalid_request_keeps_every_typed_value_and_explains_in_french(world):
    client = login(world.referrer)
    data = referral_data(
        world, phone="03 84 12", motives=None, consent_contact=None, commune=world.other_commune.pk, urgent="on"
    )
    response = client.post(reverse("cases:referral_create"), data)
    assert response.status_code == 200
    assert not Dossier.objects.exists()
    assert "Le formulaire n'a pas été enregistré." in text(response)
    assert field_error(response, "phone").startswith("Numéro de téléphone invalide : saisissez 10 chiffres")
    assert field_error(response, "motives") == "Cochez au moins un motif."
    assert field_error(response, "consent_contact") == (
        "La demande ne peut être envoyée sans l'accord du ménage pour être contacté."
    )
    assert field_error(response, "commune") == "Choisissez une commune du territoire du programme."
    for name in ("last_name", "first_name", "phone", "email", "address", "household_size"):
        assert input_value(response, name) == data[name], name
    assert "Chambre des enfants à 15 °C.</textarea>" in text(response)
    assert re.search(r'<option value="owner" selected>', text(response))
    assert checked(response, "urgent") == {"on"} or 'name="urgent" id="id_urgent" checked' in text(response)


def test_invalid_request_keeps_the_ticked_motives(world):
    client = login(world.referrer)
    response = client.post(reverse("cases:referral_create"), referral_data(world, phone="pas de téléphone"))
    assert response.status_code == 200
    assert checked(response, "motives") == {"cold", "humidity"}
    assert field_error(response, "phone")
    assert not field_error(response, "motives")


def test_the_referrer_is_told_when_the_ut_waits_for_its_coverage_year(world):
    from binome.territory.models import CoverageYear

    year = timezone.localdate().year
    CoverageYear.objects.create(programme=world.programme, year=year, unite=world.champagnole)
    CoverageYear.objects.create(programme=world.programme, year=year + 1, unite=world.dole)
    client = login(world.referrer)
    page = text(client.post(reverse("cases:referral_create"), referral_data(world), follow=True))
    assert (
        f"Dole dépend de l'unité territoriale de Dole, qui n'est pas couverte en {year} : la visite aura lieu en "
        f"{year + 1}, quand l'UT sera couverte (plus tôt en cas d'urgence, par dérogation)."
    ) in page
    # A commune of a covered UT: no warning.
    data = referral_data(world, commune=world.commune2.pk, last_name="Bourgeois", phone="03 84 99 88 77")
    page = text(client.post(reverse("cases:referral_create"), data, follow=True))
    assert "n'est pas couverte" not in page


@pytest.mark.parametrize("size", ["0", "-3", "21"])
def test_household_size_out_of_range_is_explained_by_one_message(world, size):
    client = login(world.referrer)
    response = client.post(reverse("cases:referral_create"), referral_data(world, household_size=size))
    assert field_error(response, "household_size") == "Le ménage compte entre 1 et 20 personnes."


def test_coordinator_enters_a_request_received_by_phone(world):
    client = login(world.coordinator)
    data = referral_data(world, channel=Channel.PHONE, organisation=world.caf.pk, phone="+33 3 84 12 34 56")
    response = client.post(reverse("cases:referral_create"), data)
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.channel, dossier.organisation, dossier.referrer) == (Channel.PHONE, world.caf, None)
    assert dossier.phone == "03 84 12 34 56"
    assert dossier.events.get().actor == world.coordinator


def test_coordinator_cannot_attach_a_request_to_another_programme_s_organisation(world):
    client = login(world.coordinator)
    data = referral_data(world, channel=Channel.PHONE, organisation=world.other_org.pk)
    response = client.post(reverse("cases:referral_create"), data)
    assert response.status_code == 200
    assert field_error(response, "organisation")
    assert not Dossier.objects.exists()


def test_references_follow_each_other_within_the_year(world, make_dossier):
    client = login(world.referrer)
    year = timezone.localdate().year
    make_dossier(reference=f"{year}-0041")
    client.post(reverse("cases:referral_create"), referral_data(world))
    assert Dossier.objects.get(last_name="Vuillemin").reference == f"{year}-0042"


# Stale saves: two people on the same record.


def test_stale_transition_is_refused_with_the_reason(world, make_dossier):
    dossier = make_dossier()
    first, second = login(world.coordinator), login(world.coordinator)
    version = dossier.version
    first.post(reverse("cases:transition", kwargs={"pk": dossier.pk, "name": "accept"}), {"version": version})
    response = second.post(
        reverse("cases:transition", kwargs={"pk": dossier.pk, "name": "mark_not_eligible"}),
        {"version": version, "note": "Revenus trop élevés"},
        follow=True,
    )
    assert "Ce dossier a été modifié par Claire" in text(response)
    assert "il est maintenant à l'étape « À contacter »" in text(response)
    dossier.refresh_from_db()
    assert dossier.state == State.TO_CONTACT


def test_a_step_done_says_what_happened_and_what_comes_next(world, make_dossier):
    dossier = make_dossier()
    client = login(world.coordinator)
    url = reverse("cases:transition", kwargs={"pk": dossier.pk, "name": "accept"})
    response = client.post(url, {"version": dossier.version}, follow=True)
    assert "Demande prise en charge. Prochaine étape : appeler le ménage et programmer la visite." in text(response)
    dossier.refresh_from_db()
    url = reverse("cases:transition", kwargs={"pk": dossier.pk, "name": "mark_not_eligible"})
    response = client.post(url, {"version": dossier.version, "note": "Revenus trop élevés"}, follow=True)
    (message,) = re.findall(r'class="message message--success">(.*?)</p>', text(response))
    assert message == "Demande déclarée non éligible."  # an end: nothing comes next


def test_transition_without_version_asks_to_reload(world, make_dossier):
    dossier = make_dossier()
    response = login(world.coordinator).post(
        reverse("cases:transition", kwargs={"pk": dossier.pk, "name": "accept"}), {}, follow=True
    )
    assert "Action incomplète : rechargez la page et recommencez." in text(response)
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED


def household_data(form):
    """What the browser sends back from the edit page: the form's initial values, as strings."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list):
            data[name] = value
        elif value is not None:
            data[name] = str(value.pk if hasattr(value, "pk") else value)
    return data


def test_stale_household_edit_shows_the_other_change_and_keeps_mine(world, make_dossier):
    dossier = make_dossier(State.TO_CONTACT)
    loaded = dossier.version
    url = reverse("cases:edit", kwargs={"pk": dossier.pk})
    first, second = login(world.coordinator), login(world.coordinator)
    first_data = household_data(first.get(url).context["form"])
    second_data = household_data(second.get(url).context["form"])

    first_data["phone"] = "03 84 11 11 11"
    assert first.post(url, first_data).status_code == 302
    second_data.update(phone="03 84 22 22 22", address="8 rue Neuve")
    response = second.post(url, second_data)

    assert response.status_code == 200
    page = text(response)
    assert "Quelqu'un d'autre a enregistré cette fiche pendant que vous la modifiiez." in page
    assert "Téléphone</strong> : 03 84 11 11 11" in page  # the other's value, shown
    assert input_value(response, "phone") == "03 84 22 22 22"  # my input, kept
    assert input_value(response, "address") == "8 rue Neuve"
    dossier.refresh_from_db()
    assert (dossier.phone, dossier.address) == ("03 84 11 11 11", "3 rue des Tilleuls")  # nothing overwritten
    assert dossier.version == loaded + 1

    # Saving again from the warning page confirms my version, knowingly.
    again = household_data(response.context["form"]) | {"phone": "03 84 22 22 22", "address": "8 rue Neuve"}
    again["version"] = input_value(response, "version")
    assert second.post(url, again).status_code == 302
    dossier.refresh_from_db()
    assert (dossier.phone, dossier.address, dossier.version) == ("03 84 22 22 22", "8 rue Neuve", loaded + 2)


def test_invalid_household_edit_changes_nothing(world, make_dossier):
    dossier = make_dossier(State.TO_CONTACT)
    loaded = dossier.version
    url = reverse("cases:edit", kwargs={"pk": dossier.pk})
    client = login(world.coordinator)
    data = household_data(client.get(url).context["form"]) | {"phone": "12", "address": "8 rue Neuve"}
    response = client.post(url, data)
    assert response.status_code == 200 and field_error(response, "phone")
    assert input_value(response, "address") == "8 rue Neuve"
    dossier.refresh_from_db()
    assert (dossier.phone, dossier.address, dossier.version) == ("01 99 00 12 34", "3 rue des Tilleuls", loaded)


def test_stale_diagnosis_note_edit(world, make_dossier):
    dossier = make_dossier(State.SCHEDULED)
    DiagnosisNote.objects.create(dossier=dossier, side="technical", text="Premier constat.", author=world.advisor)
    url = reverse("diagnosis:note", kwargs={"pk": dossier.pk, "side": "technical"})
    coordinator, advisor = login(world.coordinator), login(world.advisor)
    version = coordinator.get(url).context["form"].initial["version"]
    assert advisor.get(url).context["form"].initial["version"] == version

    assert advisor.post(url, {"text": "Combles non isolés.", "version": version}).status_code == 302
    response = coordinator.post(url, {"text": "Simple vitrage.", "version": version})

    assert response.status_code == 200
    page = text(response)
    assert "Quelqu'un d'autre a enregistré cette fiche" in page
    assert "Constats de la visite</strong> : Combles non isolés." in page
    assert "Simple vitrage.</textarea>" in page
    note = DiagnosisNote.objects.get(dossier=dossier, side="technical")
    assert (note.text, note.author, note.version) == ("Combles non isolés.", world.advisor, 2)


def test_two_first_saves_of_a_diagnosis_note_do_not_crash_nor_overwrite(world, make_dossier):
    dossier = make_dossier(State.SCHEDULED)
    url = reverse("diagnosis:note", kwargs={"pk": dossier.pk, "side": "technical"})
    coordinator, advisor = login(world.coordinator), login(world.advisor)
    version = coordinator.get(url).context["form"].initial["version"]
    advisor.get(url)

    assert advisor.post(url, {"text": "Combles non isolés.", "version": version}).status_code == 302
    response = coordinator.post(url, {"text": "Simple vitrage.", "version": version})

    assert response.status_code == 200
    page = text(response)
    assert "Quelqu'un d'autre a enregistré cette fiche" in page
    assert "Combles non isolés." in page and "Simple vitrage.</textarea>" in page
    note = DiagnosisNote.objects.get(dossier=dossier, side="technical")
    assert (note.text, note.author) == ("Combles non isolés.", world.advisor)
    # Saving again from the warning page confirms the coordinator's text.
    response = coordinator.post(url, {"text": "Simple vitrage.", "version": input_value(response, "version")})
    assert response.status_code == 302
    assert DiagnosisNote.objects.get(pk=note.pk).text == "Simple vitrage."


def test_empty_diagnosis_note_is_refused_in_french(world, make_dossier):
    dossier = make_dossier(State.SCHEDULED)
    url = reverse("diagnosis:note", kwargs={"pk": dossier.pk, "side": "social"})
    response = login(world.coordinator).post(url, {"text": "", "version": "0"})
    assert response.status_code == 200 and field_error(response, "text") == "Ce champ est obligatoire."
    assert not DiagnosisNote.objects.exists()


# Booking a visit.


def weekday_next_week():
    """A working day a week ahead (the agenda's default hours: Monday to Friday)."""
    day = timezone.localdate() + dt.timedelta(days=7)
    return day - dt.timedelta(days=max(day.weekday() - 4, 0))


def booking_data(dossier, advisor, day, hour="10:00", **extra):
    return {
        "date": day.isoformat(),
        "time": hour,
        "duration_minutes": "120",
        "advisor": advisor.pk,
        "preparation_note": "Vérifier la VMC.",
        "version": dossier.version,
        **extra,
    }


def test_booking_a_visit_schedules_the_dossier(world, make_dossier):
    dossier = make_dossier(State.TO_CONTACT)
    day = weekday_next_week()
    client = login(world.coordinator)
    response = client.post(
        reverse("visits:book", kwargs={"pk": dossier.pk}), booking_data(dossier, world.advisor2, day)
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    visit = dossier.visits.get()
    assert timezone.localtime(visit.starts_at).replace(tzinfo=None) == dt.datetime.combine(day, dt.time(10))
    assert (visit.advisor, visit.coordinator, visit.status, visit.preparation_note) == (
        world.advisor2,
        world.coordinator,
        "planned",
        "Vérifier la VMC.",
    )
    assert (dossier.state, dossier.advisor) == (State.SCHEDULED, world.advisor2)
    event = dossier.events.get(kind=EventKind.TRANSITION, transition="schedule")
    assert event.note.startswith("Visite le ") and "Paul" in event.note


def test_double_booking_the_advisor_is_refused_in_french(world, make_dossier):
    first, second = make_dossier(State.TO_CONTACT), make_dossier(State.TO_CONTACT)
    day = weekday_next_week()
    client = login(world.coordinator)
    client.post(reverse("visits:book", kwargs={"pk": first.pk}), booking_data(first, world.advisor, day))
    response = client.post(
        reverse("visits:book", kwargs={"pk": second.pk}), booking_data(second, world.advisor, day, "11:00")
    )
    assert response.status_code == 200
    assert f"{world.advisor} a déjà une visite à ce moment-là ({first.reference}, le {day:%d/%m/%Y} à 10:00)." in text(
        response
    )
    assert input_value(response, "time") == "11:00"
    second.refresh_from_db()
    assert second.state == State.TO_CONTACT and not second.visits.exists()


def test_the_coordinator_cannot_be_in_two_visits_either(world, make_dossier):
    first, second = make_dossier(State.TO_CONTACT), make_dossier(State.TO_CONTACT)
    day = weekday_next_week()
    client = login(world.coordinator)
    client.post(reverse("visits:book", kwargs={"pk": first.pk}), booking_data(first, world.advisor, day))
    response = client.post(
        reverse("visits:book", kwargs={"pk": second.pk}), booking_data(second, world.advisor2, day, "11:30")
    )
    assert f"{world.coordinator} a déjà une visite à ce moment-là" in text(response)
    assert not second.visits.exists()


def test_back_to_back_visits_are_fine(world, make_dossier):
    first, second = make_dossier(State.TO_CONTACT), make_dossier(State.TO_CONTACT)
    day = weekday_next_week()
    client = login(world.coordinator)
    client.post(reverse("visits:book", kwargs={"pk": first.pk}), booking_data(first, world.advisor, day))
    client.post(
        reverse("visits:book", kwargs={"pk": second.pk}),
        booking_data(second, world.advisor, day, "12:00", duration_minutes="30"),
    )
    assert Visit.objects.filter(status="planned").count() == 2


def test_stale_booking_is_refused_and_leaves_no_visit(world, make_dossier):
    dossier = make_dossier(State.TO_CONTACT)
    stale = dossier.version
    transitions.record_event(dossier, EventKind.CALL, user=world.coordinator, call_outcome=CallOutcome.REACHED)
    transitions.apply(dossier, "put_on_waiting_list", user=world.coordinator, roles={"coordinator"}, note="UT")
    transitions.apply(dossier, "resume", user=world.coordinator, roles={"coordinator"})
    day = weekday_next_week()
    response = login(world.coordinator).post(
        reverse("visits:book", kwargs={"pk": dossier.pk}),
        booking_data(dossier, world.advisor, day, version=stale),
    )
    assert response.status_code == 200
    assert "Ce dossier a été modifié par Claire" in text(response)
    dossier.refresh_from_db()
    assert dossier.state == State.TO_CONTACT and not dossier.visits.exists() and dossier.advisor is None


# Pages fetch their data in a constant number of queries.


def populate(world, make_dossier, count, start=0):
    states = [State.TO_CONTACT, State.SCHEDULED, State.SENT]
    for index in range(start, start + count):
        dossier = make_dossier(states[index % 3], last_name=f"Nom{index}", reference=f"2026-{index + 1:04d}")
        transitions.record_event(dossier, EventKind.NOTE, user=world.coordinator, note="Note.")
        if dossier.state == State.SENT:
            orientation_services.propose(dossier, [{"solution": "cheque_energie"}], user=world.coordinator)


def count_queries(client, url, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(queries)


QUEUE_URLS = [
    reverse("coordination:queue"),
    reverse("coordination:queue") + "?etape=visites",
    reverse("coordination:queue") + "?etape=orientation",
]


def test_queue_and_requests_run_in_constant_queries(world, make_dossier):
    coordinator, referrer = login(world.coordinator), login(world.referrer)
    populate(world, make_dossier, 3)
    few = [count_queries(coordinator, url) for url in QUEUE_URLS]
    few.append(count_queries(coordinator, QUEUE_URLS[1], headers={"HX-Request": "true"}))
    few.append(count_queries(referrer, reverse("cases:my_requests")))
    few.append(count_queries(login(world.advisor), reverse("visits:mine")))
    populate(world, make_dossier, 27, start=3)
    assert Dossier.objects.count() == 30
    many = [count_queries(coordinator, url) for url in QUEUE_URLS]
    many.append(count_queries(coordinator, QUEUE_URLS[1], headers={"HX-Request": "true"}))
    many.append(count_queries(referrer, reverse("cases:my_requests")))
    many.append(count_queries(login(world.advisor), reverse("visits:mine")))
    assert many == few


@pytest.mark.parametrize("who", ["coordinator", "referrer"])
def test_dossier_page_runs_in_constant_queries(world, make_dossier, who):
    dossier = make_dossier(State.SENT, share_with_referrer=True)
    client = login(getattr(world, who))
    url = reverse("cases:detail", kwargs={"pk": dossier.pk})
    few = count_queries(client, url)
    events = dossier.events.count()
    for index in range(10):
        transitions.record_event(dossier, EventKind.CALL, user=world.coordinator, call_outcome=CallOutcome.MESSAGE)
        orientation_services.propose(dossier, [{"solution": "fsl"}], user=world.chef_mission)
        VisitFactory(
            dossier=dossier,
            advisor=world.advisor2,
            coordinator=world.chef_service,
            status="cancelled",
            starts_at=timezone.now() - dt.timedelta(days=index + 40),
        )
    assert DossierEvent.objects.filter(dossier=dossier).count() == events + 20  # 10 calls, 10 orientations
    assert count_queries(client, url) == few


def test_htmx_request_gets_only_the_queue_table(world, make_dossier):
    make_dossier(State.TO_CONTACT, last_name="Verguet")
    client = login(world.coordinator)
    response = client.get(reverse("coordination:queue"), {"ut": world.dole.pk}, headers={"HX-Request": "true"})
    assert [t.name for t in response.templates] == ["coordination/includes/queue_table.html"]
    body = text(response)
    assert "<table" in body and "VERGUET" in body
    assert "<html" not in body and '<nav class="tabs"' not in body
    full = client.get(reverse("coordination:queue"), {"ut": world.dole.pk})
    assert "<html" in text(full) and "VERGUET" in text(full)


def test_queue_filters_by_territorial_unit(world, make_dossier):
    make_dossier(State.TO_CONTACT, last_name="Verguet")
    make_dossier(State.TO_CONTACT, last_name="Poncet", commune=world.commune2)
    body = text(login(world.coordinator).get(reverse("coordination:queue"), {"ut": world.champagnole.pk}))
    assert "PONCET" in body and "VERGUET" not in body
