"""Follow-up calls: planned when the report is sent (after the commit), the visit's values beside them, the
answers and the attempts, and the catch-up command (safe to run twice)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from binome.accounts.models import Role
from binome.cases import transitions
from binome.cases.models import CallOutcome, DossierEvent, EventKind
from binome.cases.workflow import State
from binome.core.concurrency import StaleEdit
from binome.diagnosis.models import DiagnosisSection
from binome.orientations import calls, followup, services
from binome.orientations.models import Baseline, FollowUp, FollowUpStatus, OrientationSettings


def sent_at(dossier):
    return timezone.localtime(services.report_sent_at(dossier)).date()


def test_sending_the_report_plans_the_calls_after_the_commit(world, make_dossier, django_capture_on_commit_callbacks):
    OrientationSettings.objects.create(programme=world.programme, follow_up_months="2, 6, 12")
    with django_capture_on_commit_callbacks(execute=False) as pending:
        dossier = make_dossier(State.SENT)
    assert not dossier.follow_ups.exists()  # nothing before the commit
    for callback in pending:
        callback()
    report_day = sent_at(dossier)
    planned = [(f.rank, f.months, f.due_on, f.status) for f in dossier.follow_ups.all()]
    assert planned == [
        (1, 2, followup.add_months(report_day, 2), "planned"),
        (2, 6, followup.add_months(report_day, 6), "planned"),
        (3, 12, followup.add_months(report_day, 12), "planned"),
    ]


def test_nothing_is_planned_before_the_report_is_sent(world, make_dossier):
    dossier = make_dossier(State.IN_VALIDATION)
    assert calls.plan(dossier) == []
    assert not FollowUp.objects.filter(dossier=dossier).exists()


def test_planning_twice_plans_once(world, sent):
    dossier = sent()
    calls.plan(dossier)
    assert dossier.follow_ups.count() == 2
    assert Baseline.objects.filter(dossier=dossier).count() == 1


def test_the_visit_s_values_are_copied_from_the_diagnosis(world, make_dossier):
    dossier = make_dossier(State.SENT)
    for key, data in {
        "comfort": {"cold_last_winter": "yes", "restrictions": ["one_room", "covers"]},
        "charges": {"energy_debt": "640.00", "power_limitation": "none"},
    }.items():
        DiagnosisSection.objects.create(dossier=dossier, key=key, data=data, updated_by=world.coordinator)
    calls.plan(dossier)
    baseline = Baseline.objects.get(dossier=dossier)
    assert (baseline.cold, baseline.restriction, baseline.arrears) == (True, True, True)
    DiagnosisSection.objects.filter(dossier=dossier, key="comfort").update(data={"cold_last_winter": "no"})
    assert calls.record_baseline(dossier).cold is True  # copied once, when the report was sent


def test_answers_are_stored_and_dated_on_the_timeline(world, sent):
    call = sent().follow_ups.get(rank=1)
    day = timezone.localdate()
    answers = {
        "contacted_on": day,
        "first_steps": ["bills", "rights"],
        "works_done": False,
        "aid_obtained": True,
        "cold_now": False,
        "bills": "lower",
        "restriction": "sometimes",
        "arrears": False,
        "comment": "Chèque énergie reçu et utilisé.",
    }
    done = calls.record_answers(call, answers, user=world.coordinator, expected_version=call.version)
    done = FollowUp.objects.get(pk=done.pk)
    assert done.status == FollowUpStatus.ANSWERED and done.recorded_by == world.coordinator
    assert (done.first_steps, done.aid_obtained, done.cold_now, done.bills) == (
        ["bills", "rights"],
        True,
        False,
        "lower",
    )
    event = DossierEvent.objects.filter(dossier=call.dossier, kind=EventKind.CALL).last()
    assert event.call_outcome == CallOutcome.REACHED and "Appel de suivi à 3 mois" in event.note


def test_unreachable_after_the_programme_s_number_of_attempts(world, sent):
    OrientationSettings.objects.create(programme=world.programme, follow_up_attempts=2)
    call = sent().follow_ups.get(rank=1)
    call = calls.record_no_answer(call, user=world.coordinator, expected_version=call.version)
    assert (call.attempts, call.status) == (1, FollowUpStatus.PLANNED)
    call = calls.record_no_answer(call, user=world.coordinator, expected_version=call.version)
    assert (call.attempts, call.status) == (2, FollowUpStatus.UNREACHABLE)
    with pytest.raises(calls.CallRefused, match="n'est plus à faire"):
        calls.record_no_answer(call, user=world.coordinator, expected_version=call.version)
    notes = list(call.dossier.events.filter(call_outcome=CallOutcome.NO_ANSWER).values_list("note", flat=True))
    assert notes[-1] == "Appel de suivi à 3 mois : pas de réponse (2 sur 2). Ménage injoignable pour ce suivi."


def test_a_stale_call_record_is_refused(world, sent):
    call = sent().follow_ups.get(rank=1)
    shown = call.version
    calls.record_no_answer(call, user=world.coordinator, expected_version=shown)
    with pytest.raises(StaleEdit) as stale:
        calls.record_answers(call, {"cold_now": True}, user=world.chef_mission, expected_version=shown)
    assert ("Appels sans réponse", "1") in [(c.label, c.current) for c in stale.value.changes]
    assert FollowUp.objects.get(pk=call.pk).status == FollowUpStatus.PLANNED


def test_the_catch_up_command_plans_missing_calls_and_is_safe_to_run_twice(world, make_dossier):
    dossier = make_dossier(State.SENT)
    early = make_dossier(State.IN_REVIEW)
    out = StringIO()
    call_command("plan_follow_ups", stdout=out)
    assert "mise en file" in out.getvalue()
    assert dossier.follow_ups.count() == 2 and early.follow_ups.count() == 0
    first = list(dossier.follow_ups.values_list("pk", "due_on"))
    call_command("plan_follow_ups", stdout=StringIO())
    assert list(dossier.follow_ups.values_list("pk", "due_on")) == first


def test_a_closed_dossier_gets_no_new_calls(world, make_dossier):
    dossier = make_dossier(State.SENT)
    transitions.apply(dossier, "close_with_reason", user=world.coordinator, roles={Role.COORDINATOR}, note="Décès.")
    call_command("plan_follow_ups", stdout=StringIO())
    assert dossier.follow_ups.count() == 0


def test_calls_are_due_at_month_ends_when_the_report_was_sent_on_the_31st(world, make_dossier, clock):
    clock.move_to(dt.datetime(2026, 8, 31, 10, tzinfo=dt.timezone(dt.timedelta(hours=2))))
    dossier = make_dossier(State.SENT)
    calls.plan(dossier)
    report_day = sent_at(dossier)
    assert [f.due_on for f in dossier.follow_ups.all()] == [
        followup.add_months(report_day, 3),
        followup.add_months(report_day, 12),
    ]
