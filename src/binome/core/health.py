"""What ``/sante/`` checks: the database, the task queue and, registered by the operations app, the clock.

Each check returns a dictionary with a ``status`` of ``"ok"`` or ``"down"`` (and figures); it never raises. Apps
above ``core`` add their checks with ``register`` from their ``AppConfig.ready`` (the clock's last beat and last
job run live in ``binome.operations``, which ``core`` may not import).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Case, F, Min, When
from django.utils import timezone


logger = logging.getLogger(__name__)
Check = Callable[[], dict]
CHECKS: dict[str, Check] = {}


def register(name: str, check: Check) -> None:
    CHECKS[name] = check


def database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logger.warning("health: database unavailable (%s)", type(exc).__name__)
        return {"status": "down", "error": type(exc).__name__}
    return {"status": "ok"}


def tasks() -> dict:
    """The age of the oldest task waiting for the worker: a stopped worker lets it grow."""
    if not getattr(settings, "HEALTH_EXPECTS_BACKGROUND", False):
        return {"status": "ok", "mode": "inline"}
    from django_tasks_db.models import DBTaskResult, get_date_max

    pending = DBTaskResult.objects.ready().annotate(
        due=Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    )
    oldest = pending.aggregate(oldest=Min("due"))["oldest"]
    age = max(0, int((timezone.now() - oldest).total_seconds())) if oldest else 0
    status = "down" if age > settings.HEALTH_QUEUE_MAX_AGE else "ok"
    return {"status": status, "pending": pending.count(), "oldest_pending_seconds": age}


def run_all() -> tuple[bool, dict]:
    """(healthy, report): the database first; the other checks only when it answers."""
    report = {"database": database()}
    if report["database"]["status"] == "ok":
        for name, check in {"tasks": tasks, **CHECKS}.items():
            try:
                report[name] = check()
            except DatabaseError as exc:
                report[name] = {"status": "down", "error": type(exc).__name__}
    healthy = all(part["status"] == "ok" for part in report.values())
    return healthy, {"status": "ok" if healthy else "down", **report}
