"""Transitions applied to the database: guards, events, stale refusals, advisor scoping."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.utils import timezone

from binome.accounts.models import Role
from binome.cases import transitions
from binome.cases.models import CallOutcome, Dossier, DossierEvent, EventKind
from binome.cases.workflow import State, TransitionRefused
from tests.conftest import advance
from tests.factories import DossierFactory, VisitFactory


COORD = {Role.COORDINATOR}


@pytest.mark.parametrize("target", list(State))
def test_every_state_is_reached_through_real_transitions(make_dossier, target):
    dossier = make_dossier(target)
    assert dossier.state == target


def test_transition_records_who_when_from_to_and_note(make_dossier, world):
    dossier = make_dossier()
    event = transitions.apply(dossier, "defer", user=world.coordinator, roles=COORD, note="UT fermée en 2026")
    assert (event.actor, event.from_state, event.to_state, event.note) == (
        world.coordinator,
        State.RECEIVED,
        State.DEFERRED,
        "UT fermée en 2026",
    )
    dossier.refresh_from_db()
    assert dossier.state == State.DEFERRED
    assert dossier.version == 2


def test_refused_transition_changes_nothing(make_dossier, world):
    dossier = make_dossier()
    with pytest.raises(TransitionRefused, match="impossible"):
        transitions.apply(dossier, "close", user=world.coordinator, roles=COORD)
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED
    assert not DossierEvent.objects.filter(dossier=dossier, kind="transition").exists()


def test_stale_version_is_refused_with_who_moved_it(make_dossier, world):
    dossier = make_dossier()
    stale_version = dossier.version
    transitions.apply(dossier, "accept", user=world.coordinator, roles=COORD)
    with pytest.raises(transitions.StaleDossier, match="modifié par Claire"):
        transitions.apply(
            dossier, "mark_not_eligible", user=world.coordinator, roles=COORD, note="x", expected_version=stale_version
        )


def test_schedule_needs_a_booked_visit(make_dossier, world):
    dossier = make_dossier(State.TO_CONTACT)
    with pytest.raises(TransitionRefused, match="Réservez d'abord un créneau"):
        transitions.apply(dossier, "schedule", user=world.coordinator, roles=COORD)


def test_visit_cannot_be_declared_done_before_it_happens(make_dossier, world):
    dossier = make_dossier(State.TO_CONTACT, advisor=world.advisor)
    VisitFactory(dossier=dossier, advisor=world.advisor, starts_at=timezone.now() + dt.timedelta(days=2))
    transitions.apply(dossier, "schedule", user=world.coordinator, roles=COORD)
    with pytest.raises(TransitionRefused, match="ne peut pas encore être déclarée réalisée"):
        transitions.apply(dossier, "mark_visited", user=world.advisor, roles={Role.ADVISOR})


def test_advisor_acts_only_on_assigned_dossiers(make_dossier, world):
    dossier = make_dossier(State.SCHEDULED)
    with pytest.raises(TransitionRefused, match="autre chargé de visite"):
        transitions.apply(dossier, "mark_visited", user=world.advisor2, roles={Role.ADVISOR})
    transitions.apply(dossier, "mark_visited", user=world.advisor, roles={Role.ADVISOR})
    assert dossier.visits.get().status == "done"


def test_review_needs_both_sides_of_the_diagnosis(make_dossier, world):
    dossier = make_dossier(State.VISITED)
    with pytest.raises(TransitionRefused, match="diagnostic technique et le diagnostic social"):
        transitions.apply(dossier, "start_review", user=world.coordinator, roles=COORD)


def test_submission_needs_both_syntheses(make_dossier, world):
    dossier = make_dossier(State.IN_REVIEW)
    with pytest.raises(TransitionRefused, match="« Les priorités pour le logement » est vide"):
        transitions.apply(dossier, "submit_for_validation", user=world.coordinator, roles=COORD)


def test_closing_needs_an_orientation(make_dossier, world):
    dossier = make_dossier(State.SENT)
    dossier.orientations.all().delete()
    with pytest.raises(TransitionRefused, match="au moins une orientation"):
        transitions.apply(dossier, "close", user=world.coordinator, roles=COORD)


def test_cancelling_a_visit_keeps_it_in_the_history(make_dossier, world):
    dossier = make_dossier(State.SCHEDULED)
    transitions.apply(dossier, "cancel_visit", user=world.coordinator, roles=COORD, note="Ménage hospitalisé")
    assert dossier.state == State.TO_CONTACT
    assert dossier.visits.get().status == "cancelled"


def test_offered_actions_explain_what_blocks_them(make_dossier, world):
    dossier = make_dossier(State.TO_CONTACT)
    offered = {o.transition.name: o.blocked_by for o in transitions.offered(dossier, world.coordinator, COORD)}
    assert offered["schedule"] == "Réservez d'abord un créneau de visite dans l'agenda."
    assert offered["withdraw"] is None


def test_advance_helper_builds_a_consistent_timeline(world):
    from tests.factories import DossierFactory

    dossier = advance(DossierFactory(commune=world.commune), State.CLOSED, world)
    states = list(dossier.events.filter(kind="transition").values_list("to_state", flat=True))
    assert states[0] == State.TO_CONTACT and states[-1] == State.CLOSED


def test_the_first_visit_done_is_kept_on_the_dossier(make_dossier, world):
    """``Dossier.visited_at`` is the « visite réalisée » transition's date (the steering figures count on it); an
    earlier-dated record replaces a later one, never the reverse."""
    dossier = make_dossier(State.SCHEDULED)
    assert dossier.visited_at is None
    done = timezone.now() - dt.timedelta(hours=3)
    event = transitions.apply(dossier, "mark_visited", user=world.advisor, roles={Role.ADVISOR}, at=done)
    dossier.refresh_from_db()
    assert dossier.visited_at == event.at == done

    Dossier.objects.filter(pk=dossier.pk).update(state=State.SCHEDULED)  # as if the visit were recorded again
    VisitFactory(dossier=dossier, advisor=world.advisor, starts_at=timezone.now() - dt.timedelta(hours=1))
    transitions.apply(dossier, "mark_visited", user=world.advisor, roles={Role.ADVISOR})
    dossier.refresh_from_db()
    assert dossier.visited_at == done


def test_the_migration_fills_the_first_visit_from_the_timeline(make_dossier, world):
    """The backfills of migrations 0012 and 0014 give each dossier its first « visite réalisée » and report sent
    events, nothing to others."""
    migrations = ("0012_dossier_visited_at", "0014_dossier_sent_at")
    fills = [importlib.import_module(f"binome.cases.migrations.{name}").FILL for name in migrations]
    visited, waiting, sent = make_dossier(State.SCHEDULED), make_dossier(State.TO_CONTACT), make_dossier(State.SENT)
    first = transitions.apply(visited, "mark_visited", user=world.advisor, roles={Role.ADVISOR}).at
    DossierEvent.objects.create(
        dossier=visited, kind="transition", transition="mark_visited", at=first + dt.timedelta(days=3)
    )
    expected = {pk: Dossier.objects.values_list("visited_at", "sent_at").get(pk=pk) for pk in (visited.pk, sent.pk)}
    Dossier.objects.update(visited_at=None, sent_at=None)
    with connection.cursor() as cursor:
        for fill in fills:
            cursor.execute(fill)
    found = Dossier.objects.filter(pk__in=[visited.pk, waiting.pk, sent.pk]).values_list("pk", "visited_at", "sent_at")
    assert {pk: (v, s) for pk, v, s in found} == {**expected, waiting.pk: (None, None)}
    assert expected[visited.pk] == (first, None) and None not in expected[sent.pk]


def test_the_migration_fills_the_first_answered_call_from_the_timeline(world):
    """The backfill of migration 0015 gives each dossier its earliest call « ménage joint », nothing to the others
    (unanswered calls only, no call), as ``record_event`` keeps it."""
    fill = importlib.import_module("binome.cases.migrations.0015_dossier_contacted_at").FILL
    reached, missed, silent = (DossierFactory(commune=world.commune) for _ in range(3))
    now = timezone.now()

    def call(dossier, outcome, days_ago):
        return transitions.record_event(
            dossier, EventKind.CALL, user=world.coordinator, call_outcome=outcome, at=now - dt.timedelta(days=days_ago)
        )

    call(reached, CallOutcome.NO_ANSWER, 5)
    call(reached, CallOutcome.REACHED, 1)
    first = call(reached, CallOutcome.REACHED, 2).at  # recorded later, dated earlier
    call(missed, CallOutcome.MESSAGE, 3)
    transitions.record_event(silent, EventKind.NOTE, user=world.coordinator, note="Note.")
    kept = dict(Dossier.objects.values_list("pk", "contacted_at"))
    assert kept == {reached.pk: first, missed.pk: None, silent.pk: None}
    Dossier.objects.update(contacted_at=None)
    with connection.cursor() as cursor:
        cursor.execute(fill)
    assert dict(Dossier.objects.values_list("pk", "contacted_at")) == kept
