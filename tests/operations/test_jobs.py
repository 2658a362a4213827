"""The periodic jobs: declared once, run once per scheduled time, never twice at once, failures kept and retried."""

import datetime as dt
import zoneinfo
from io import StringIO

import psycopg
import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from binome.operations import jobs, runner
from binome.operations.jobs import JOBS, Job
from binome.operations.models import JobRun, RunStatus
from binome.visits.models import VisitStatus
from tests.cases.test_views import login
from tests.factories import VisitFactory


PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def failing_job(calls: list) -> Job:
    def run(ctx):
        calls.append(ctx)
        raise RuntimeError("boom")

    return Job("failing", "Tâche en échec", "0 4 * * *", dt.timedelta(hours=6), run)


# The registry and the schedule.


def test_every_job_is_declared_once_with_a_valid_schedule_and_runs_in_a_dry_run(db):
    assert set(JOBS) == {"visit_reminders", "follow_ups", "orientation_digest", "year_change", "retention", "cleanup"}
    for job in JOBS.values():
        assert runner.next_slot(job, timezone.now()) is not None
        outcome = runner.run(job, dry_run=True)  # every command it calls exists
        assert outcome.status == "dry_run" and outcome.summary
    assert not JobRun.objects.exists()  # a dry run records nothing


def test_last_slot_is_the_latest_scheduled_time_within_the_grace_period(settings):
    reminders = JOBS["visit_reminders"]  # 16:00 every day, 6 hours of grace
    assert runner.last_slot(reminders, at(2026, 3, 10, 15, 59)) is None
    assert runner.last_slot(reminders, at(2026, 3, 10, 16, 0)) == at(2026, 3, 10, 16, 0)
    assert runner.last_slot(reminders, at(2026, 3, 10, 21, 59)) == at(2026, 3, 10, 16, 0)
    assert runner.last_slot(reminders, at(2026, 3, 10, 22, 1)) is None  # too late: tomorrow's visits are past
    # Paris time, on the day the clocks go forward.
    assert runner.last_slot(reminders, at(2026, 3, 29, 17, 0)) == at(2026, 3, 29, 16, 0)
    assert runner.last_slot(JOBS["year_change"], at(2027, 1, 5, 9, 0)) == at(2027, 1, 1, 6, 0)
    settings.JOBS_SCHEDULE = {"visit_reminders": "30 17 * * 1-5", "year_change": "off"}
    assert runner.last_slot(reminders, at(2026, 3, 10, 18, 0)) == at(2026, 3, 10, 17, 30)
    assert runner.last_slot(reminders, at(2026, 3, 14, 18, 0)) is None  # a Saturday
    assert not JOBS["year_change"].enabled and runner.next_slot(JOBS["year_change"], at(2026, 3, 10, 0, 0)) is None


def test_an_unknown_job_in_the_schedule_variable_is_refused(settings):
    settings.JOBS_SCHEDULE = {"visit_remiders": "0 17 * * *"}
    out = StringIO()
    with pytest.raises(Exception, match="visit_remiders"):
        call_command("check", stdout=out, stderr=out)
    with pytest.raises(CommandError, match="BINOME_JOBS_SCHEDULE"):
        call_command("clock")
    with pytest.raises(CommandError, match="Tâche inconnue"):
        call_command("run_periodic", "--job", "nope")


# Running: once per slot, a lock per job, failures recorded.


def test_a_slot_runs_once_and_the_next_slot_runs_again(db):
    calls = []
    job = Job("counting", "Comptage", "0 4 * * *", dt.timedelta(hours=6), lambda ctx: calls.append(ctx) or "fait")
    first = runner.run(job, slot=at(2026, 3, 10, 4, 0))
    again = runner.run(job, slot=at(2026, 3, 10, 4, 0))  # the same slot: a second clock, or a restart
    manual = runner.run(job)  # by hand: always runs
    nextday = runner.run(job, slot=at(2026, 3, 11, 4, 0))
    assert [first.status, again.status, manual.status, nextday.status] == ["success", "done", "success", "success"]
    assert len(calls) == 3
    assert calls[0].day == dt.date(2026, 3, 10) and calls[1].slot is None
    assert JobRun.objects.filter(job="counting", status=RunStatus.SUCCESS).count() == 3


def test_a_failing_job_is_recorded_and_retried_at_its_next_scheduled_time(db):
    calls = []
    job = failing_job(calls)
    outcome = runner.run(job, slot=at(2026, 3, 10, 4, 0))
    record = JobRun.objects.get(pk=outcome.run_id)
    assert outcome.status == "failed" and record.status == RunStatus.FAILED
    assert record.error == "RuntimeError"  # the class only: a message could quote personal data
    assert record.finished_at is not None
    assert runner.run(job, slot=at(2026, 3, 10, 4, 0)).status == "done"  # not hammered within the slot
    assert runner.run(job, slot=at(2026, 3, 11, 4, 0)).status == "failed"  # tried again the next day
    assert len(calls) == 2


def test_a_job_held_by_another_process_is_skipped(db, settings):
    """A second clock (another connection holding the job's advisory lock) does not run the job twice."""
    calls = []
    job = Job("locked", "Verrouillée", "0 4 * * *", dt.timedelta(hours=6), lambda ctx: calls.append(ctx) or "fait")
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [runner._lock_key("locked")])
        outcome = runner.run(job, slot=at(2026, 3, 10, 4, 0))
        assert outcome.status == "locked" and not calls
        other.execute("SELECT pg_advisory_unlock(%s)", [runner._lock_key("locked")])
    assert runner.run(job, slot=at(2026, 3, 10, 4, 0)).status == "success"
    assert len(calls) == 1


def test_a_run_left_running_by_a_dead_process_is_closed_as_failed(db):
    JobRun.objects.create(job="cleanup", slot=at(2026, 3, 10, 3, 30), trigger="schedule")
    outcome = runner.run(JOBS["cleanup"], slot=at(2026, 3, 10, 3, 30))
    assert outcome.status == "done"
    assert JobRun.objects.get(job="cleanup").status == RunStatus.FAILED


def test_run_periodic_without_job_runs_what_is_due(db, monkeypatch):
    now = at(
        2026, 3, 10, 17, 0
    )  # after the reminders (16:00), follow-ups (05:30), retention (03:00), clean-up (03:30)
    monkeypatch.setattr(timezone, "now", lambda: now)
    assert [job.name for job, _slot in runner.due(now)] == ["visit_reminders", "follow_ups", "retention", "cleanup"]
    out = StringIO()
    call_command("run_periodic", stdout=out)
    assert "[visit_reminders] success" in out.getvalue()
    assert runner.due(now) == []
    call_command("run_periodic", stdout=out)
    assert "Aucune tâche à échéance." in out.getvalue()
    assert JobRun.objects.count() == 4


def test_run_periodic_reports_a_failure(db, monkeypatch):
    monkeypatch.setitem(JOBS, "failing", failing_job([]))
    with pytest.raises(CommandError, match="a échoué"):
        call_command("run_periodic", "--job", "failing", stdout=StringIO())
    assert JobRun.objects.get(job="failing").status == RunStatus.FAILED


# What the jobs do.


def test_the_reminders_job_emails_the_visits_of_the_next_day_once(world, clock):
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    visit = VisitFactory(
        dossier__programme=world.programme,
        dossier__commune=world.commune,
        advisor=world.advisor,
        coordinator=world.coordinator,
        starts_at=tomorrow.replace(hour=10, minute=0),
        status=VisitStatus.PLANNED,
    )
    first = runner.run(JOBS["visit_reminders"])
    second = runner.run(JOBS["visit_reminders"])
    assert first.status == second.status == "success"
    assert len(mail.outbox) == 1 and visit.dossier.reference in mail.outbox[0].subject
    assert sorted(mail.outbox[0].to) == sorted([world.advisor.email, world.coordinator.email])


def test_the_cleanup_job_deletes_what_expired_and_nothing_else(db):
    now = timezone.now()
    Session.objects.create(session_key="old", session_data="x", expire_date=now - dt.timedelta(days=1))
    Session.objects.create(session_key="live", session_data="x", expire_date=now + dt.timedelta(hours=1))
    JobRun.objects.create(job="cleanup", trigger="manual", started_at=now - dt.timedelta(days=400))
    summary = jobs.cleanup(jobs.Context(now, None, dry_run=True))
    assert "sessions expirées 1" in summary and Session.objects.count() == 2
    outcome = runner.run(JOBS["cleanup"])
    assert outcome.status == "success" and "sessions expirées 1" in outcome.summary
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]
    assert JobRun.objects.count() == 1  # the year-old run went, this one stays


# The programme administrator sees the jobs.


def test_the_programme_administrator_sees_each_jobs_last_run(world):
    runner.run(JOBS["cleanup"])
    runner.run(failing_job([]))
    page = login(world.admin).get(reverse("admin:operations_jobrun_changelist"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Nettoyage (sessions, cache, tâches et exécutions anciennes)" in text
    assert "réussie" in text and "en échec" in text and "RuntimeError" in text
    assert "30 3 * * *" in text  # its schedule
    referrer = login(world.referrer).get(reverse("admin:operations_jobrun_changelist"))
    assert referrer.status_code == 302 and "/administration/login/" in referrer["Location"]


# The clock process.


def test_the_clock_schedules_every_enabled_job_its_beat_and_a_catch_up(settings):
    from binome.operations import clock as clock_process

    settings.JOBS_SCHEDULE = {"year_change": "off"}
    scheduler = clock_process.build(timezone.now())
    jobs_by_id = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs_by_id) == {
        "visit_reminders",
        "follow_ups",
        "orientation_digest",
        "retention",
        "cleanup",
        "beat",
        "catch_up",
    }
    assert jobs_by_id["cleanup"].misfire_grace_time == 20 * 3600


def test_the_clock_runs_a_job_for_its_scheduled_time(db, clock):
    from binome.operations import clock as clock_process

    clock_process.fire("cleanup")  # Monday 09:30: the run of 03:30 today
    clock_process.fire("cleanup")  # a second clock firing at the same time
    run = JobRun.objects.get(job="cleanup")
    assert run.status == RunStatus.SUCCESS and timezone.localtime(run.slot).hour == 3
