"""Proposing and moving orientations, the closing of the dossier, and what the compte-rendu prints."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from binome.accounts.models import Role
from binome.cases import transitions
from binome.cases.models import EventKind
from binome.cases.workflow import State, TransitionRefused
from binome.core.concurrency import StaleEdit
from binome.orientations import calls, machine, services
from binome.orientations.models import FollowUpStatus, Orientation, OrientationChange, Solution, SolutionPartner
from tests.factories import OrganisationFactory
from tests.orientations.conftest import move


COORD = {Role.COORDINATOR}


def solution(world, kind):
    services.ensure_catalogue(world.programme)
    return Solution.objects.get(programme=world.programme, kind=kind)


def test_a_programme_gets_the_default_catalogue_once(world):
    services.ensure_catalogue(world.programme)
    services.ensure_catalogue(world.programme)
    kinds = list(Solution.objects.filter(programme=world.programme).values_list("kind", flat=True))
    assert len(kinds) == len(set(kinds)) == 16
    assert {"works_aid", "fsl", "cheque_energie", "non_decency", "insalubrity", "legal_advice"} <= set(kinds)
    assert not Solution.objects.filter(programme=world.other).exists()


def test_propose_by_kind_takes_the_only_partner_of_the_solution(world, make_dossier):
    dossier = make_dossier(State.IN_REVIEW)
    fsl = solution(world, "fsl")
    SolutionPartner.objects.create(solution=fsl, organisation=world.caf, contact="Service FSL : 03 84 00 00 00")
    (orientation,) = services.propose(dossier, [services.Proposal("fsl")], user=world.advisor)
    assert orientation.organisation == world.caf
    assert orientation.status == "proposed"
    assert dossier.events.filter(kind=EventKind.ORIENTATION, note__contains=fsl.name).exists()
    assert list(orientation.changes.values_list("to_status", flat=True)) == ["proposed"]


def test_propose_is_all_or_nothing(world, make_dossier):
    dossier = make_dossier(State.IN_REVIEW)
    before = dossier.orientations.count()
    foreign = OrganisationFactory(programme=world.other)
    with pytest.raises(ValidationError) as refused:
        services.propose(
            dossier,
            [
                {"solution": "cheque_energie"},
                {"solution": "tarot"},
                {"solution": "fsl", "organisation": foreign},
            ],
            user=world.coordinator,
        )
    assert refused.value.messages == [
        "Ligne 2 : cette solution n'est pas au catalogue du programme.",
        "Ligne 3 : ce partenaire n'est pas dans l'annuaire du programme.",
    ]
    assert dossier.orientations.count() == before


def test_a_solution_of_another_programme_is_refused(world, make_dossier):
    dossier = make_dossier(State.IN_REVIEW)
    services.ensure_catalogue(world.other)
    foreign = Solution.objects.filter(programme=world.other).first()
    with pytest.raises(ValidationError):
        services.propose(dossier, [services.Proposal(foreign)], user=world.coordinator)
    with pytest.raises(ValidationError):
        services.propose(dossier, [services.Proposal(foreign.pk)], user=world.coordinator)


def test_a_move_is_dated_on_the_orientation_and_the_dossier_timeline(world, orientation):
    at = timezone.now() - dt.timedelta(days=3)
    moved = services.move(orientation, "accepted", expected_version=orientation.version, user=world.coordinator, at=at)
    assert (moved.status, moved.status_changed_at, moved.version) == ("accepted", at, orientation.version + 1)
    change = OrientationChange.objects.filter(orientation=orientation).last()
    assert (change.from_status, change.to_status, change.actor, change.at) == (
        "proposed",
        "accepted",
        world.coordinator,
        at,
    )
    event = moved.dossier.events.filter(kind=EventKind.ORIENTATION).order_by("at", "pk").last()
    assert event.at == at and "acceptée par le ménage" in event.note


def test_a_forbidden_move_changes_nothing(world, orientation):
    events = orientation.dossier.events.count()
    with pytest.raises(machine.MoveRefused, match="le ménage doit d'abord l'accepter"):
        services.move(orientation, "achieved", expected_version=orientation.version, user=world.coordinator)
    orientation.refresh_from_db()
    assert orientation.status == "proposed" and orientation.version == 1
    assert orientation.dossier.events.count() == events
    assert orientation.changes.count() == 1


def test_a_stale_move_is_refused_with_the_other_person_s_values(world, orientation):
    shown = orientation.version
    move(orientation, "accepted", "sent", user=world.coordinator)
    with pytest.raises(StaleEdit) as stale:
        services.move(orientation, "accepted", expected_version=shown, user=world.chef_mission)
    assert [(c.label, c.current) for c in stale.value.changes] == [("Statut", "transmise au partenaire")]
    assert stale.value.version == shown + 2


def test_amounts_are_stored_with_the_outcome(world, orientation):
    done = move(orientation, "accepted", "sent", user=world.coordinator)
    done = services.move(
        done,
        "achieved",
        expected_version=done.version,
        user=world.coordinator,
        outcome="Aide FSL de 450 € versée au fournisseur.",
        amounts={"aid_amount": Decimal("450"), "debt_settled": Decimal("612.40")},
    )
    done = Orientation.objects.get(pk=done.pk)
    assert (done.aid_amount, done.debt_settled, done.works_cost) == (Decimal("450"), Decimal("612.40"), None)
    assert done.outcome == "Aide FSL de 450 € versée au fournisseur."


def test_closing_needs_settled_orientations_and_the_last_call(world, sent):
    dossier = sent()
    orientation = dossier.orientations.get()
    with pytest.raises(TransitionRefused, match="1 orientation n'est pas encore terminée"):
        transitions.apply(dossier, "close", user=world.coordinator, roles=COORD)
    move(orientation, "accepted", "achieved", user=world.coordinator)
    with pytest.raises(TransitionRefused, match=r"dernier appel de suivi \(à 12 mois, prévu le"):
        transitions.apply(dossier, "close", user=world.coordinator, roles=COORD)
    for call in dossier.follow_ups.order_by("rank"):
        if call.rank == 1:
            calls.record_answers(
                call,
                {"contacted_on": timezone.localdate(), "cold_now": False, "bills": "same"},
                user=world.coordinator,
                expected_version=call.version,
            )
    with pytest.raises(TransitionRefused, match="dernier appel de suivi"):
        transitions.apply(dossier, "close", user=world.coordinator, roles=COORD)
    last = dossier.follow_ups.get(rank=2)
    for _attempt in range(3):
        last = calls.record_no_answer(last, user=world.coordinator, expected_version=last.version)
    assert last.status == FollowUpStatus.UNREACHABLE  # unreachable is an answer too
    transitions.apply(dossier, "close", user=world.coordinator, roles=COORD)
    assert dossier.state == State.CLOSED


def test_closing_needs_follow_up_calls_planned(world, make_dossier):
    dossier = make_dossier(State.SENT)
    move(dossier.orientations.get(), "refused", user=world.coordinator)
    with pytest.raises(TransitionRefused, match="pas encore planifiés"):
        transitions.apply(dossier, "close", user=world.coordinator, roles=COORD)


def test_closing_with_a_reason_cancels_the_calls_still_planned(world, sent):
    dossier = sent()
    with pytest.raises(TransitionRefused, match="Indiquez un motif"):
        transitions.apply(dossier, "close_with_reason", user=world.coordinator, roles=COORD, note=" ")
    transitions.apply(
        dossier, "close_with_reason", user=world.coordinator, roles=COORD, note="Le ménage a déménagé dans le Doubs."
    )
    assert dossier.state == State.CLOSED
    assert set(dossier.follow_ups.values_list("status", flat=True)) == {FollowUpStatus.CANCELLED}
    assert dossier.events.filter(transition="close_with_reason", note="Le ménage a déménagé dans le Doubs.").exists()


def test_the_close_button_says_what_is_missing(world, sent):
    dossier = sent()
    offers = {o.transition.name: o.blocked_by for o in transitions.offered(dossier, world.coordinator, COORD)}
    assert "n'est pas encore terminée" in offers["close"]
    assert offers["close_with_reason"] is None


def test_document_lines_are_ready_to_print(world, make_dossier):
    dossier = make_dossier(State.IN_REVIEW)
    fsl = solution(world, "fsl")
    SolutionPartner.objects.create(solution=fsl, organisation=world.caf, contact="Service FSL : 03 84 00 00 00")
    world.ccas.phone, world.ccas.email = "03 84 79 00 00", "ccas@dole.invalid"
    world.ccas.save()
    services.propose(
        dossier,
        [
            services.Proposal("fsl", household_step="Apporter les deux dernières factures."),
            services.Proposal("cheque_energie", organisation=world.ccas),
            services.Proposal("insalubrity", partner_name="Signal Logement"),
        ],
        user=world.coordinator,
    )
    first = dossier.orientations.order_by("pk")[2]
    move(first, "refused", user=world.coordinator)
    lines = services.document_lines(dossier)
    assert lines[-3:] == [
        {
            "solution": "Fonds de solidarité pour le logement (FSL) énergie ou eau",
            "partner": "CAF du Jura",
            "contact": "Service FSL : 03 84 00 00 00",
            "status": "proposée",
            "next_step": "Apporter les deux dernières factures.",
        },
        {
            "solution": "Chèque énergie",
            "partner": "CCAS de Dole",
            "contact": "03 84 79 00 00 · ccas@dole.invalid",
            "status": "proposée",
            "next_step": "Vous nous dites si vous souhaitez engager cette démarche.",
        },
        {
            "solution": "Insalubrité : ARS, Signal Logement",
            "partner": "Signal Logement",
            "contact": "",
            "status": "refusée par le ménage",
            "next_step": "",
        },
    ]
    assert all(isinstance(v, str) for line in lines for v in line.values())


def test_stale_reads_the_same_rule_in_sql_as_on_one_orientation(world, sent):
    """Open and unmoved for the weeks given, strictly: the queue's tab and the weekly list (SQL) and the dossier
    page (one orientation) say the same of the same orientations."""
    now = timezone.now()
    weeks = 6
    dossier = sent()
    first = services.dossier_orientations(dossier)[0]
    moves = {
        "proposed, 6 weeks and a second": ("proposed", now - dt.timedelta(weeks=weeks, seconds=1)),
        "sent, 6 weeks exactly": ("sent", now - dt.timedelta(weeks=weeks)),
        "accepted, 2 weeks": ("accepted", now - dt.timedelta(weeks=2)),
        "achieved, a year": ("achieved", now - dt.timedelta(days=365)),
        "refused, a year": ("refused", now - dt.timedelta(days=365)),
    }
    made = {}
    for label, (status, moved_at) in moves.items():
        made[label] = Orientation.objects.create(
            dossier=dossier,
            solution=first.solution,
            status=status,
            status_changed_at=moved_at,
            created_by=world.coordinator,
        )
    in_sql = set(Orientation.objects.stale(now, weeks).filter(dossier=dossier).values_list("pk", flat=True))
    one_by_one = {o.pk for o in Orientation.objects.filter(dossier=dossier) if o.is_stale(now, weeks)}
    assert in_sql == one_by_one == {made["proposed, 6 weeks and a second"].pk}
