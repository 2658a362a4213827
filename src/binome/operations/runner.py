"""Running a periodic job: once per scheduled time, never twice at once, its result kept.

- ``run(job, slot=…)`` takes a PostgreSQL advisory lock named after the job (a second clock, or a ``run_periodic``
  by hand, finds it taken and skips), checks that this scheduled time (``slot``) has no finished run yet, records a
  ``JobRun`` and runs the job. A job that fails is recorded as failed; it runs again at its next scheduled time.
- ``due(now)`` lists the jobs whose last scheduled time (within their grace period) has no finished run: the clock
  runs them when it starts (a server down at 16:00 still sends the reminders at 17:00), and ``run_periodic``
  without ``--job`` runs them (for a server driven by cron rather than by the clock).
On SQLite (the demo, one process) there is no advisory lock; production runs on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import socket
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.core import crontab
from binome.operations.jobs import JOBS, Context, Job
from binome.operations.models import ClockBeat, JobRun, RunStatus, Trigger


logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    job: str
    status: str  # "success", "failed", "locked" (running elsewhere), "done" (slot already run), "dry_run"
    summary: str
    run_id: int | None = None


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def trigger_of(job: Job):
    """The job's APScheduler trigger, weekdays read as cron reads them (``core.crontab``)."""
    return crontab.trigger(job.schedule, timezone=timezone.get_current_timezone())


def last_slot(job: Job, now: dt.datetime) -> dt.datetime | None:
    """The job's latest scheduled time at or before ``now`` and within its grace period, or None."""
    if not job.enabled:
        return None
    trigger, slot = trigger_of(job), None
    fire = trigger.get_next_fire_time(None, now - job.grace)
    while fire is not None and fire <= now:
        slot = fire
        fire = trigger.get_next_fire_time(fire, fire + dt.timedelta(seconds=1))
    return slot


def next_slot(job: Job, now: dt.datetime) -> dt.datetime | None:
    return trigger_of(job).get_next_fire_time(None, now) if job.enabled else None


def _lock_key(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(f"binome-job:{name}".encode(), digest_size=8).digest(), "big", signed=True)


@contextlib.contextmanager
def job_lock(name: str):
    """Yield True when this process holds the job's lock (PostgreSQL advisory lock, released at the end or when
    the process dies), False when another process holds it."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = _lock_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def run(job: Job, *, slot: dt.datetime | None = None, dry_run: bool = False, now: dt.datetime | None = None):
    """Run ``job`` once (for ``slot``, or by hand when None) and return its ``Outcome``."""
    now = now or timezone.now()
    with job_lock(job.name) as acquired:
        if not acquired:
            logger.info("job %s skipped: running in another process", job.name)
            return Outcome(job.name, "locked", _("Déjà en cours dans un autre processus : rien lancé."))
        if slot is not None:
            if not dry_run:
                _close_interrupted(job, slot)
            if JobRun.objects.filter(job=job.name, slot=slot).exists():
                return Outcome(job.name, "done", _("Déjà exécutée pour cette échéance."))
        if dry_run:
            return Outcome(job.name, "dry_run", job.run(Context(now, slot, dry_run=True)))
        return _record(job, slot, now)


def _record(job: Job, slot, now) -> Outcome:
    record = JobRun.objects.create(
        job=job.name,
        slot=slot,
        trigger=Trigger.SCHEDULE if slot else Trigger.MANUAL,
        started_at=timezone.now(),
        host=process_name(),
    )
    logger.info("job %s started (run %s)", job.name, record.pk)
    try:
        record.summary = job.run(Context(now, slot)) or ""
        record.status = RunStatus.SUCCESS
    except Exception as exc:  # noqa: BLE001 - any failure is recorded; the next scheduled time retries
        record.status = RunStatus.FAILED
        record.error = _error_text(exc)
        _report(exc)
        logger.error("job %s failed (run %s): %s", job.name, record.pk, type(exc).__name__)
    record.finished_at = timezone.now()
    record.save(update_fields=["summary", "status", "error", "finished_at"])
    logger.info("job %s %s (run %s)", job.name, record.status, record.pk)
    return Outcome(job.name, record.status, record.summary or record.error, record.pk)


def _error_text(exc: Exception) -> str:
    """The error's class, and its message only for the French messages of the commands (CommandError)."""
    from django.core.management.base import CommandError

    if isinstance(exc, CommandError):
        return f"{type(exc).__name__} : {exc}"[:300]
    return type(exc).__name__


def _report(exc: Exception) -> None:
    """Send the traceback to Sentry when configured (the logs keep only the error's class)."""
    if getattr(settings, "SENTRY", None):
        import sentry_sdk

        sentry_sdk.capture_exception(exc)


def _close_interrupted(job: Job, slot) -> None:
    """A run left "running" while we hold the lock was interrupted (its process died): mark it failed."""
    JobRun.objects.filter(job=job.name, slot=slot, status=RunStatus.RUNNING).update(
        status=RunStatus.FAILED, error=_("interrompue (processus arrêté)"), finished_at=timezone.now()
    )


def due(now: dt.datetime | None = None) -> list[tuple[Job, dt.datetime]]:
    """The enabled jobs whose last scheduled time (within grace) has no run yet, with that time."""
    now = now or timezone.now()
    found = []
    for job in JOBS.values():
        slot = last_slot(job, now)
        if slot and not JobRun.objects.filter(job=job.name, slot=slot).exists():
            found.append((job, slot))
    return found


def run_due(now: dt.datetime | None = None, *, dry_run: bool = False) -> list[Outcome]:
    now = now or timezone.now()
    return [run(job, slot=slot, dry_run=dry_run, now=now) for job, slot in due(now)]


def beat(started_at: dt.datetime) -> None:
    ClockBeat.objects.update_or_create(
        name="clock", defaults={"host": process_name(), "started_at": started_at, "beat_at": timezone.now()}
    )


def clock_health() -> dict:
    """For /sante/: the clock's last beat and the last job run; down when the clock has been silent too long."""
    last = JobRun.objects.exclude(status=RunStatus.RUNNING).order_by("-finished_at").first()
    beat_row = ClockBeat.objects.filter(name="clock").first()
    report = {"status": "ok"}
    if beat_row:
        age = int((timezone.now() - beat_row.beat_at).total_seconds())
        report.update(last_beat=beat_row.beat_at.isoformat(), beat_age_seconds=age)
        if age > settings.HEALTH_CLOCK_MAX_AGE:
            report["status"] = "down"
    elif getattr(settings, "HEALTH_EXPECTS_BACKGROUND", False):
        report.update(status="down", last_beat=None)
    if last:
        report["last_run"] = {"job": last.job, "status": last.status, "finished_at": last.finished_at.isoformat()}
    return report
