"""The triage queue, calls, the unreachable rule, bulk actions and the year change, through the views."""

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from binome.cases import transitions
from binome.cases.models import CallOutcome, EventKind
from binome.cases.workflow import State, TransitionRefused
from binome.coordination import services
from binome.coordination.models import CallBack, CoordinationSettings
from binome.territory.models import CoverageYear


COORD = {"coordinator"}


def call(dossier, world, outcome, days_ago=1):
    transitions.record_event(
        dossier,
        EventKind.CALL,
        user=world.coordinator,
        call_outcome=outcome,
        at=timezone.now() - dt.timedelta(days=days_ago),
    )


def queue_refs(client, **params):
    response = client.get(reverse("coordination:queue"), params)
    assert response.status_code == 200
    return [d.reference for d in response.context["page"].object_list]


def test_queue_puts_urgent_and_cut_risk_first(client, world, make_dossier):
    old = make_dossier(created_at=timezone.now() - dt.timedelta(days=40))
    plain = make_dossier()
    urgent = make_dossier(urgent=True)
    client.force_login(world.coordinator)
    refs = queue_refs(client)
    assert refs.index(urgent.reference) < refs.index(old.reference) < refs.index(plain.reference)


def test_queue_filters_by_ut_source_and_state(client, world, make_dossier):
    dole = make_dossier()
    champagnole = make_dossier(State.TO_CONTACT, commune=world.commune2, organisation=world.caf)
    client.force_login(world.coordinator)
    assert queue_refs(client, ut=world.champagnole.pk) == [champagnole.reference]
    assert queue_refs(client, source=world.ccas.pk) == [dole.reference]
    assert queue_refs(client, etat="to_contact") == [champagnole.reference]


def test_queue_says_what_to_do_next_and_when_the_visit_may_be(client, world, make_dossier):
    reached = make_dossier(State.TO_CONTACT)
    call(reached, world, CallOutcome.REACHED)
    silent = make_dossier(State.TO_CONTACT)
    for days in (3, 2, 1):
        call(silent, world, CallOutcome.NO_ANSWER, days)
    later = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    response = client.get(reverse("coordination:queue"))
    rows = {d.reference: d for d in response.context["page"].object_list}
    assert rows[reached.reference].next_action == "Programmer la visite"
    assert rows[silent.reference].next_action == "Déclarer injoignable"
    assert rows[silent.reference].failed_calls == 3
    assert rows[later.reference].next_action == "Appeler"
    assert all(d.expected_on and d.expected_on > timezone.localdate() for d in rows.values())
    expected = [rows[ref].expected_on for ref in [d.reference for d in response.context["page"].object_list]]
    assert expected == sorted(expected)
    assert rows[reached.reference].contacted_at is not None


def test_queue_costs_the_same_number_of_queries_for_3_or_12_dossiers(
    client, world, make_dossier, django_assert_max_num_queries
):
    client.force_login(world.coordinator)
    for _ in range(3):
        call(make_dossier(State.TO_CONTACT), world, CallOutcome.NO_ANSWER)
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("coordination:queue"))
    for _ in range(9):
        call(make_dossier(State.TO_CONTACT, urgent=True), world, CallOutcome.REACHED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("coordination:queue"))


def test_unreachable_needs_the_configured_number_of_failed_calls(world, make_dossier):
    dossier = make_dossier(State.TO_CONTACT)
    call(dossier, world, CallOutcome.NO_ANSWER, 3)
    call(dossier, world, CallOutcome.WRONG_NUMBER, 2)
    with pytest.raises(TransitionRefused, match="3 appels sans réponse sont nécessaires"):
        transitions.apply(dossier, "mark_unreachable", user=world.coordinator, roles=COORD, note="injoignable")
    CoordinationSettings.objects.create(programme=world.programme, unreachable_attempts=2)
    transitions.apply(
        dossier, "mark_unreachable", user=world.coordinator, roles=COORD, note="Deux appels, numéro faux."
    )
    dossier.refresh_from_db()
    assert dossier.state == State.UNREACHABLE
    assert dossier.events.get(transition="mark_unreachable").note == "Deux appels, numéro faux."


def test_a_call_back_request_needs_its_date(client, world, make_dossier):
    dossier = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    url = reverse("coordination:call", kwargs={"pk": dossier.pk})
    client.post(url, {"outcome": "call_back"})
    assert not dossier.events.filter(kind=EventKind.CALL).exists()
    day = timezone.localdate() + dt.timedelta(days=3)
    client.post(url, {"outcome": "call_back", "call_back_on": day.isoformat(), "note": "Après 18 h."})
    assert CallBack.objects.get(event__dossier=dossier).on == day
    rows = client.get(reverse("coordination:queue")).context["page"].object_list
    assert rows[0].next_action == f"Rappeler le {day:%d/%m}"


def test_a_refused_call_keeps_what_was_typed_beside_the_error(client, world, make_dossier):
    dossier = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    typed = {"outcome": "call_back", "call_back_on": yesterday.isoformat(), "note": "Rappeler après 18 h, le fils."}
    response = client.post(reverse("coordination:call", kwargs={"pk": dossier.pk}), typed, follow=True)
    assert not dossier.events.filter(kind=EventKind.CALL).exists()
    assert "coordination.refused_call" not in client.session  # the kept fields are shown once, then forgotten
    page = html.unescape(response.content.decode())
    assert "L'appel n'est pas enregistré" in page and "La date de rappel est déjà passée." in page
    assert "Rappeler après 18 h, le fils.</textarea>" in page
    assert '<option value="call_back" selected>' in page
    # Reloaded, the page shows an empty form again.
    again = html.unescape(client.get(reverse("cases:detail", kwargs={"pk": dossier.pk})).content.decode())
    assert "Rappeler après 18 h, le fils." not in again


def test_call_warns_when_the_household_becomes_unreachable(client, world, make_dossier):
    dossier = make_dossier(State.TO_CONTACT)
    call(dossier, world, CallOutcome.NO_ANSWER, 3)
    call(dossier, world, CallOutcome.NO_ANSWER, 2)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("coordination:call", kwargs={"pk": dossier.pk}), {"outcome": "no_answer"}, follow=True
    )
    assert "vous pouvez déclarer le ménage injoignable" in response.content.decode()


def test_no_unreachable_warning_once_the_visit_is_booked(client, world, make_dossier):
    dossier = make_dossier(State.SCHEDULED)
    for days in (3, 2):
        call(dossier, world, CallOutcome.NO_ANSWER, days)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("coordination:call", kwargs={"pk": dossier.pk}), {"outcome": "no_answer"}, follow=True
    )
    page = response.content.decode()
    assert "Appel enregistré." in page and "vous pouvez déclarer le ménage injoignable" not in page


def test_a_call_is_refused_after_the_visit(client, world, make_dossier):
    dossier = make_dossier(State.VISITED)
    calls = dossier.events.filter(kind=EventKind.CALL).count()
    client.force_login(world.coordinator)
    response = client.post(reverse("coordination:call", kwargs={"pk": dossier.pk}), {"outcome": "reached"})
    assert response.status_code == 403
    assert dossier.events.filter(kind=EventKind.CALL).count() == calls


@pytest.mark.parametrize("back", ["//evil.example/", "https://evil.example/", "/\\evil.example/", ""])
def test_bulk_returns_to_this_site_only(client, world, make_dossier, back):
    received = make_dossier()
    client.force_login(world.coordinator)
    response = client.post(reverse("coordination:bulk"), {"action": "accept", "dossiers": [received.pk], "next": back})
    assert response.status_code == 302 and response.url == reverse("coordination:queue")


def test_bulk_returns_to_the_filtered_queue(client, world, make_dossier):
    received = make_dossier()
    client.force_login(world.coordinator)
    back = f"{reverse('coordination:queue')}?etape=a-traiter&ut={world.dole.pk}"
    response = client.post(reverse("coordination:bulk"), {"action": "accept", "dossiers": [received.pk], "next": back})
    assert response.url == back


def test_bulk_action_applies_to_the_checked_dossiers_and_reports_refusals(client, world, make_dossier):
    received = make_dossier()
    scheduled_elsewhere = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("coordination:bulk"),
        {"action": "accept", "dossiers": [received.pk, scheduled_elsewhere.pk]},
        follow=True,
    )
    received.refresh_from_db()
    assert received.state == State.TO_CONTACT
    assert f"{scheduled_elsewhere.reference} : L'action « Prendre en charge » est impossible" in html.unescape(
        response.content.decode()
    )


def test_bulk_cannot_touch_another_programme(client, world):
    from tests.factories import DossierFactory

    theirs = DossierFactory(commune=world.other_commune)
    client.force_login(world.coordinator)
    client.post(reverse("coordination:bulk"), {"action": "accept", "dossiers": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.state == State.RECEIVED


def test_year_change_resumes_the_deferred_requests_of_the_opening_ut(world, make_dossier):
    year = timezone.localdate().year
    CoverageYear.objects.create(programme=world.programme, year=year, unite=world.champagnole)
    CoverageYear.objects.create(programme=world.programme, year=year + 1, unite=world.dole)
    dole = make_dossier(State.DEFERRED)
    champagnole = make_dossier(State.DEFERRED, commune=world.commune2)
    # This year, Dole is closed: resuming is refused with the reason.
    with pytest.raises(TransitionRefused, match="n'est pas couverte"):
        transitions.apply(dole, "resume", user=world.coordinator, roles=COORD)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: timezone.make_aware(dt.datetime(year + 1, 1, 2, 9)))
        resumed = services.year_change(world.programme, year + 1, user=world.coordinator)
    assert [d.pk for d in resumed] == [dole.pk]
    dole.refresh_from_db()
    champagnole.refresh_from_db()
    assert (dole.state, champagnole.state) == (State.TO_CONTACT, State.DEFERRED)


def test_year_change_command_resumes_and_reports(world, make_dossier):
    from io import StringIO

    from django.core.management import call_command

    year = timezone.localdate().year
    CoverageYear.objects.create(programme=world.programme, year=year, unite=world.dole)
    deferred = make_dossier(State.DEFERRED)
    out = StringIO()
    call_command("year_change", world.programme.slug, annee=year, stdout=out)
    deferred.refresh_from_db()
    assert deferred.state == State.TO_CONTACT
    assert f"1 demande(s) reprise(s) pour {year} : {deferred.reference}" in out.getvalue()
