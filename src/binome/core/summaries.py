"""Figures precomputed per key and refreshed when their data change (the steering dashboard, the outcome rates).

A *kind* (``"dashboard"``, ``"outcomes"``…) registers the function that computes its figures from JSON parameters
(``register``); ``read(kind, scope, params)`` returns them from the ``Summary`` row of that key, in one query:

- fresh (computed at the scope's current generation, less than ``MAX_AGE`` ago): returned as they are;
- missing: computed now, stored, returned (the first view of a new period or UT pays its computation once) — or,
  with ``wait=False`` and a worker that runs tasks later, queued for the worker (``compute_task``, once per key
  for ``PENDING_FOR``) and ``None`` returned: the page says the figures are being computed and asks again;
- stale (the data changed since, or too old): a refresh is asked of the task worker and the stored figures are
  returned marked ``stale`` — the page says so, with the time they were computed. With the immediate backend
  (tests, demo without worker) the refresh runs at once and the figures returned are fresh.

A scope (``"programme:12"``) has a generation (``SummaryStamp``) bumped after each commit that changes the data
its figures read: the apps ``watch`` their models (saves and deletions, see ``steering.apps`` and
``orientations.apps``); code that writes in bulk without signals calls ``touch``. Each commit bumps a scope once
and, on a worker that defers, queues one refresh ``DEBOUNCE`` seconds later (the writes of a busy minute are
refreshed together). ``refresh(scope)`` recomputes the scope's stale summaries read in the last ``KEEP_UNUSED``
and deletes the others.
"""

import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.tasks import default_task_backend, task
from django.utils import timezone

from binome.core.models import Summary, SummaryStamp


logger = logging.getLogger(__name__)

MAX_AGE = dt.timedelta(hours=24)  # a summary older than this is refreshed even without a recorded change
KEEP_UNUSED = dt.timedelta(days=30)  # summaries nobody read for this long are deleted, not refreshed
USED_EVERY = dt.timedelta(hours=1)  # ``used_at`` is written at most this often
DEBOUNCE = 30  # seconds between a change and the refresh it queues (a worker that defers)
PENDING_FOR = 300  # seconds a missing summary's queued computation is awaited before it is queued again

REGISTRY: dict[str, Callable[[dict], dict]] = {}


def register(kind: str, compute: Callable[[dict], dict]) -> None:
    """``compute(params) -> dict`` (JSON-serialisable) for the summaries of ``kind``."""
    REGISTRY[kind] = compute


def programme_scope(programme_id: int) -> str:
    return f"programme:{programme_id}"


def key_of(kind: str, params: dict) -> str:
    return f"{kind}:{json.dumps(params, sort_keys=True, separators=(',', ':'))}"


@dataclass(frozen=True)
class Found:
    data: dict
    computed_at: dt.datetime
    stale: bool


def _current(scope: str):
    stamp = SummaryStamp.objects.filter(scope=scope).values("generation")[:1]
    return Coalesce(Subquery(stamp), Value(0))


def generation(scope: str) -> int:
    return SummaryStamp.objects.filter(scope=scope).values_list("generation", flat=True).first() or 0


def _is_stale(row: Summary, current: int, now: dt.datetime) -> bool:
    return row.generation != current or row.computed_at < now - MAX_AGE


def runs_later() -> bool:
    """Whether tasks run later, in the task worker (the database backend), rather than at once in the caller (the
    immediate backend of the tests and of the demo without worker)."""
    return default_task_backend.supports_defer


def read(kind: str, scope: str, params: dict, *, wait: bool = True) -> Found | None:
    """The figures of ``kind`` for ``params``: stored, computed now when missing, marked stale when out of date.

    ``wait=False``: when they are missing and a worker runs the tasks, their computation is queued for it
    (``queue_compute``) and None is returned instead of computing them during the call."""
    key = key_of(kind, params)
    row = Summary.objects.filter(key=key).annotate(current=_current(scope)).first()
    now = timezone.now()
    if row is None:
        return _missing(kind, scope, params, wait)
    if _is_stale(row, row.current, now):
        request_refresh(scope)  # the immediate backend refreshes it now: read it again
        row = Summary.objects.filter(key=key).annotate(current=_current(scope)).first()
        if row is None:
            return _missing(kind, scope, params, wait)
    if row.used_at < now - USED_EVERY:
        Summary.objects.filter(pk=row.pk).update(used_at=now)
    return Found(row.data, row.computed_at, _is_stale(row, row.current, now))


def _missing(kind: str, scope: str, params: dict, wait: bool) -> Found | None:
    if not wait and runs_later():
        queue_compute(kind, scope, params)
        return None
    row = compute(kind, scope, params)
    return Found(row.data, row.computed_at, False)


def queue_compute(kind: str, scope: str, params: dict) -> bool:
    """Ask the worker to compute one missing summary, unless that was asked less than ``PENDING_FOR`` seconds ago
    (the page that waits for it asks again every few seconds); True when queued."""
    marker = "summaries:queued:" + hashlib.sha256(key_of(kind, params).encode()).hexdigest()
    try:
        first = cache.add(marker, True, PENDING_FOR)
    except Exception:  # noqa: BLE001 — the cache (Redis) unreachable: queue it anyway, the task is idempotent
        logger.warning("cache unreachable: summary %s of %s queued without its marker", kind, scope)
        first = True
    if not first:
        return False
    compute_task.enqueue(kind, scope, params)
    return True


def compute(kind: str, scope: str, params: dict) -> Summary:
    """Compute the figures of one key now and store them, at the generation read before computing."""
    current = generation(scope)
    started = time.perf_counter()
    data = json.loads(json.dumps(REGISTRY[kind](params)))  # as it will be read back: lists, string keys
    row = Summary(
        key=key_of(kind, params),
        kind=kind,
        scope=scope,
        params=params,
        generation=current,
        data=data,
        computed_at=timezone.now(),
        seconds=round(time.perf_counter() - started, 3),
        used_at=timezone.now(),
    )
    Summary.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["generation", "data", "computed_at", "seconds", "used_at", "params", "kind", "scope"],
    )
    return row


def request_refresh(scope: str, delay: int = 0) -> bool:
    """Queue one refresh of the scope unless one is queued already; True when queued."""
    SummaryStamp.objects.get_or_create(scope=scope)
    if not SummaryStamp.objects.filter(scope=scope, refresh_queued=False).update(refresh_queued=True):
        return False
    if delay and runs_later():
        refresh_task.using(run_after=timezone.now() + dt.timedelta(seconds=delay)).enqueue(scope)
    else:
        refresh_task.enqueue(scope)
    return True


def refresh(scope: str) -> int:
    """Recompute the scope's stale summaries still read, delete the unread ones; returns how many were computed."""
    SummaryStamp.objects.filter(scope=scope).update(refresh_queued=False)
    now = timezone.now()
    Summary.objects.filter(scope=scope, used_at__lt=now - KEEP_UNUSED).delete()
    current = generation(scope)
    stale = Summary.objects.filter(scope=scope).filter(~Q(generation=current) | Q(computed_at__lt=now - MAX_AGE))
    done = 0
    for kind, params in stale.values_list("kind", "params"):
        if kind in REGISTRY:
            compute(kind, scope, params)
            done += 1
    return done


@task
def compute_task(kind: str, scope: str, params: dict) -> bool:
    """The task worker's side of ``queue_compute``: the summary is computed unless it was meanwhile (by a refresh
    or a caller that waited); True when computed."""
    if Summary.objects.filter(key=key_of(kind, params), generation=generation(scope)).exists():
        return False
    compute(kind, scope, params)
    logger.info("summary %s of %s computed", kind, scope)
    return True


@task
def refresh_task(scope: str) -> int:
    """The task worker's side of ``refresh``."""
    done = refresh(scope)
    logger.info("summaries of %s refreshed: %d", scope, done)
    return done


def touch(scope: str) -> None:
    """The data of ``scope`` changed (committed): bump its generation and queue a refresh of its summaries."""
    if not SummaryStamp.objects.filter(scope=scope).update(generation=F("generation") + 1, changed_at=timezone.now()):
        SummaryStamp.objects.get_or_create(scope=scope, defaults={"generation": 1})
    if runs_later() and Summary.objects.filter(scope=scope).exists():
        request_refresh(scope, delay=DEBOUNCE)
    # Without a worker that defers (tests, demo), the next read refreshes what it shows.


# Watching models: a save or a deletion bumps the generation of the programme of the instance, after commit.


def _touch_dossier(dossier_id: int) -> None:
    from django.apps import apps

    programme_id = (
        apps.get_model("cases", "Dossier").objects.filter(pk=dossier_id).values_list("programme_id", flat=True).first()
    )
    if programme_id is not None:
        touch(programme_scope(programme_id))


class _Touch:
    """An on-commit callback touching one programme (or the programme of one dossier); equal ones are merged."""

    def __init__(self, programme_id=None, dossier_id=None):
        self.programme_id, self.dossier_id = programme_id, dossier_id

    def __eq__(self, other):
        return isinstance(other, _Touch) and (self.programme_id, self.dossier_id) == (
            other.programme_id,
            other.dossier_id,
        )

    def __hash__(self):
        return hash((self.programme_id, self.dossier_id))

    def __call__(self):
        if self.programme_id is not None:
            touch(programme_scope(self.programme_id))
        elif self.dossier_id is not None:
            _touch_dossier(self.dossier_id)


def changed(programme_id: int | None = None, dossier_id: int | None = None) -> None:
    """Record that data of a programme (or of a dossier's programme) changed: touched once after the commit."""
    callback = _Touch(programme_id, dossier_id)
    if connection.in_atomic_block and connection.atomic_blocks[0]._from_testcase:
        # A test's transaction never commits: touch now, as the commit of the code under test would.
        callback()
        return
    if connection.in_atomic_block and any(func == callback for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(callback, robust=True)


_WATCHED: set = set()


def watch(model, programme_of: Callable) -> None:
    """Bump the generation of ``programme_of(instance)`` — ``("programme", id)`` or ``("dossier", id)`` — when an
    instance of ``model`` is saved or deleted."""
    if model in _WATCHED:
        return
    _WATCHED.add(model)

    def on_change(sender, instance, **kwargs):
        kind, pk = programme_of(instance)
        if pk is not None:
            changed(**{f"{kind}_id": pk})

    post_save.connect(on_change, sender=model, weak=False, dispatch_uid=f"summaries-save-{model._meta.label}")
    post_delete.connect(on_change, sender=model, weak=False, dispatch_uid=f"summaries-delete-{model._meta.label}")


def of_programme(instance):
    return "programme", instance.programme_id


def of_dossier(instance):
    """The dossier's programme when the dossier is at hand (no query), else the dossier, resolved after commit."""
    dossier = instance._state.fields_cache.get("dossier")
    if dossier is not None:
        return "programme", dossier.programme_id
    return "dossier", instance.dossier_id
