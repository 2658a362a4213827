"""What the visits register in the dossier's chain: the next-visit column, the guards, the preparation note."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from binome.accounts.models import Role
from binome.cases import transitions
from binome.cases.workflow import State, TransitionRefused
from binome.visits.models import VisitStatus
from tests.factories import VisitFactory


pytestmark = pytest.mark.django_db

COORDINATOR = {Role.COORDINATOR}


def _visit(world, dossier, starts_at):
    return VisitFactory(dossier=dossier, advisor=world.advisor, coordinator=world.coordinator, starts_at=starts_at)


def test_next_visit_follows_the_planned_visits(world, make_dossier):
    dossier = make_dossier(State.TO_CONTACT)
    assert dossier.next_visit_at is None
    later = timezone.now() + dt.timedelta(days=9)
    sooner = timezone.now() + dt.timedelta(days=2)
    first = _visit(world, dossier, later)
    dossier.refresh_from_db()
    assert dossier.next_visit_at == later
    _visit(world, dossier, sooner)
    dossier.refresh_from_db()
    assert dossier.next_visit_at == sooner  # the earliest planned visit
    first.status = VisitStatus.CANCELLED
    first.save()
    dossier.refresh_from_db()
    assert dossier.next_visit_at == sooner


def test_cancelling_the_visit_clears_the_next_visit(world, make_dossier):
    dossier = make_dossier(State.TO_CONTACT)
    _visit(world, dossier, timezone.now() + dt.timedelta(days=3))
    transitions.apply(dossier, "schedule", user=world.coordinator, roles=COORDINATOR)
    transitions.apply(dossier, "cancel_visit", user=world.coordinator, roles=COORDINATOR, note="Ménage absent.")
    dossier.refresh_from_db()
    assert dossier.next_visit_at is None
    assert list(dossier.visits.values_list("status", flat=True)) == [VisitStatus.CANCELLED]


def test_a_visit_is_marked_done_only_once_its_time_has_come(world, make_dossier):
    dossier = make_dossier(State.TO_CONTACT)
    visit = _visit(world, dossier, timezone.now() + dt.timedelta(days=1))
    transitions.apply(dossier, "schedule", user=world.coordinator, roles=COORDINATOR)
    with pytest.raises(TransitionRefused, match="ne peut pas encore être déclarée réalisée"):
        transitions.apply(dossier, "mark_visited", user=world.coordinator, roles=COORDINATOR)
    visit.starts_at = timezone.now() - dt.timedelta(hours=2)
    visit.save()
    transitions.apply(dossier, "mark_visited", user=world.coordinator, roles=COORDINATOR)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.next_visit_at) == (State.VISITED, None)
    assert list(dossier.visits.values_list("status", flat=True)) == [VisitStatus.DONE]


def test_scheduling_needs_a_booked_slot(world, make_dossier):
    dossier = make_dossier(State.TO_CONTACT)
    with pytest.raises(TransitionRefused, match="Réservez d'abord un créneau"):
        transitions.apply(dossier, "schedule", user=world.coordinator, roles=COORDINATOR)


def test_the_preparation_note_leaves_after_the_commit_for_a_coming_visit(
    world, make_dossier, django_capture_on_commit_callbacks
):
    dossier = make_dossier(State.TO_CONTACT)
    _visit(world, dossier, timezone.now() + dt.timedelta(days=4))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            transitions.apply(dossier, "schedule", user=world.coordinator, roles=COORDINATOR)
            raise RuntimeError("rolled back")
    assert [m for m in mail.outbox if m.to == [world.advisor.email]] == []
    dossier.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.apply(dossier, "schedule", user=world.coordinator, roles=COORDINATOR)
    notes = [m for m in mail.outbox if m.to == [world.advisor.email]]
    assert len(notes) == 1 and "Fiche de préparation" in notes[0].subject


def test_no_preparation_note_for_a_visit_recorded_after_the_fact(
    world, make_dossier, django_capture_on_commit_callbacks
):
    dossier = make_dossier(State.TO_CONTACT)
    _visit(world, dossier, timezone.now() - dt.timedelta(days=20))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.apply(
            dossier, "schedule", user=world.coordinator, roles=COORDINATOR, at=timezone.now() - dt.timedelta(days=21)
        )
    assert [m for m in mail.outbox if m.to == [world.advisor.email]] == []
