"""The ``clock`` process: APScheduler fires each periodic job at its scheduled time (Paris time, summer and winter).

One thread runs the jobs one after the other, another writes the clock's beat every minute (``/sante/`` reads it).
At start, the jobs whose last scheduled time was missed within their grace period run at once. SIGTERM (systemd,
the PaaS) stops the clock after the running job.
"""

from __future__ import annotations

import logging
import signal

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from django.db import close_old_connections, connections
from django.utils import timezone

from binome.operations import runner
from binome.operations.jobs import JOBS


logger = logging.getLogger(__name__)
BEAT_SECONDS = 60


def _in_thread(function, *args):
    """Run with fresh database connections, closed afterwards (APScheduler's threads outlive each job)."""
    close_old_connections()
    try:
        return function(*args)
    except Exception:  # noqa: BLE001 - the clock goes on; runner already recorded a job's failure
        logger.exception("clock: %s failed", getattr(function, "__name__", function))
    finally:
        connections.close_all()


def fire(name: str) -> None:
    job = JOBS[name]
    now = timezone.now()
    slot = runner.last_slot(job, now)
    if slot is None:  # fired later than its grace period (the process was suspended): the next time will do
        logger.warning("clock: job %s fired outside its grace period, skipped", name)
        return
    outcome = runner.run(job, slot=slot, now=now)
    logger.info("clock: job %s → %s", name, outcome.status)


def catch_up() -> None:
    for outcome in runner.run_due():
        logger.info("clock: catch-up job %s → %s", outcome.job, outcome.status)


def build(started_at) -> BlockingScheduler:
    scheduler = BlockingScheduler(
        timezone=timezone.get_current_timezone(),
        executors={"default": ThreadPoolExecutor(1), "beat": ThreadPoolExecutor(1)},
        job_defaults={"coalesce": True, "max_instances": 1},
    )
    for job in JOBS.values():
        if job.enabled:
            scheduler.add_job(
                _in_thread,
                runner.trigger_of(job),
                args=[fire, job.name],
                id=job.name,
                name=job.name,
                misfire_grace_time=int(job.grace.total_seconds()),
            )
    now = timezone.now()
    scheduler.add_job(
        _in_thread,
        "interval",
        seconds=BEAT_SECONDS,
        args=[runner.beat, started_at],
        id="beat",
        name="beat",
        executor="beat",
        next_run_time=now,
    )
    scheduler.add_job(_in_thread, "date", run_date=now, args=[catch_up], id="catch_up", name="catch_up")
    return scheduler


def serve() -> None:
    scheduler = build(timezone.now())

    def stop(signum, frame):
        logger.info("clock: stopping (signal %s)", signum)
        scheduler.shutdown(wait=True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    now = timezone.now()
    for job in JOBS.values():
        logger.info("clock: %s (%s) next at %s", job.name, job.schedule, runner.next_slot(job, now))
    scheduler.start()
