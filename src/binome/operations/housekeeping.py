"""The nightly clean-up: what has expired or is past its keeping time, and nothing else.

- sessions past their expiry date (Django keeps them in the database);
- entries of the database cache past their expiry (rate-limit counters);
- finished background tasks older than ``TASK_RESULTS_DAYS`` (failures are also kept in ``core.TaskFailure``);
- job runs older than ``JOB_RUNS_DAYS``;
- the files of the long steering exports asked more than ``steering.exports.KEEP_DAYS`` days ago (the export's
  log line stays, marked expired);
- the +1/-1 rows of the dossiers' counters by UT and step (``cases.counts.compact``), folded into one per key.
Each step is idempotent: a second run the same night finds nothing more to delete.

It then computes the day's priority scores of the queue's ranked tabs (``coordination.kept_priority.refresh_all``),
which the queue reads instead of scoring every waiting request on each page.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.cases import counts as case_counts
from binome.coordination import kept_priority
from binome.operations.models import JobRun
from binome.steering import exports


TASK_RESULTS_DAYS = 30
JOB_RUNS_DAYS = 180


def clean(now: dt.datetime, *, dry_run: bool = False) -> str:
    counts = {
        _("sessions expirées"): _delete(Session.objects.filter(expire_date__lt=now), dry_run),
        _("entrées de cache expirées"): _expired_cache_entries(now, dry_run),
        _("tâches terminées anciennes"): _old_task_results(now, dry_run),
        _("exécutions anciennes"): _delete(
            JobRun.objects.filter(started_at__lt=now - dt.timedelta(days=JOB_RUNS_DAYS)), dry_run
        ),
        _("fichiers d'export expirés"): exports.purge_expired(now, dry_run=dry_run),
        _("lignes de compteurs regroupées"): case_counts.compact(dry_run=dry_run),
    }
    head = _("Simulation, seraient supprimées : ") if dry_run else _("Supprimées : ")
    deleted = head + ", ".join(f"{label} {count}" for label, count in counts.items()) + "."
    programmes, scores = kept_priority.refresh_all(timezone.localdate(now), dry_run=dry_run)
    if dry_run:
        ranked = _("Scores de priorité à recalculer : %(programmes)d programme(s).") % {"programmes": programmes}
    else:
        ranked = _("Scores de priorité recalculés : %(programmes)d programme(s), %(scores)d dossier(s).") % {
            "programmes": programmes,
            "scores": scores,
        }
    return f"{deleted} {ranked}"


def _delete(queryset, dry_run: bool) -> int:
    if dry_run:
        return queryset.count()
    return queryset.delete()[0]


def _expired_cache_entries(now: dt.datetime, dry_run: bool) -> int:
    cache = settings.CACHES["default"]
    if cache["BACKEND"] != "django.core.cache.backends.db.DatabaseCache":
        return 0
    table = connection.ops.quote_name(cache["LOCATION"])
    verb = "SELECT COUNT(*)" if dry_run else "DELETE"
    with connection.cursor() as cursor:
        cursor.execute(f"{verb} FROM {table} WHERE expires < %s", [connection.ops.adapt_datetimefield_value(now)])
        return cursor.fetchone()[0] if dry_run else cursor.rowcount


def _old_task_results(now: dt.datetime, dry_run: bool) -> int:
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0
    from django_tasks_db.models import DBTaskResult

    old = DBTaskResult.objects.finished().filter(finished_at__lt=now - dt.timedelta(days=TASK_RESULTS_DAYS))
    return _delete(old, dry_run)
