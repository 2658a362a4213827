"""The priority scores of the queue's ranked tabs (« À traiter », « En attente ») kept per dossier for one day, so that
a page reads its 50 rows from an index instead of scoring every waiting request (issue 20: 30,000 in each tab of one
programme at 500,000 dossiers, 28–50 ms of execution a page).

A score depends on the request (urgency, motives, commune and its UT, step, date, derogation), on the programme's
settings and coverage plan, and on the day (the season's rules, the weeks waited). ``refresh`` writes every ranked
request's score for a day into ``Dossier.ranked_score`` and records the day in ``RankingDay``; PostgreSQL triggers
set a request's score NULL (« to compute ») as soon as one of its inputs changes, and the programme's day NULL when
its plan or settings change (migrations ``cases`` 0017, ``coordination`` 0003); the other steps hold 0. The refresh
runs every night (``operations.housekeeping``), as a task when a page finds the day past, and by hand
(``python -m binome refresh_priorities``).

When the programme's day is today, the queue reads ``first``: the kept scores, best first on a partial index, and
the requests without a score (changed since) scored live, in one ``UNION ALL``. Otherwise — the day past or being
refreshed, or on the SQLite demo, which has no triggers — it ranks everything live as before (``ranking.score``);
both give the same order (``tests/coordination/test_kept_priority.py``).
"""

import datetime as dt
import logging
import time
from dataclasses import dataclass

from django.db import OperationalError, connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Subquery, Value
from django.tasks import task
from django.utils import timezone

from binome.cases.models import NEW_STATE_LIST, WAITING_STATE_LIST, Dossier
from binome.coordination import ranking, services
from binome.coordination.models import CoordinationSettings, RankingDay
from binome.core.postgresql import kept_by_triggers
from binome.territory.models import Programme


logger = logging.getLogger(__name__)

# The steps whose requests get a kept score: those of the ranked tabs (the partial indexes of ``cases.Dossier``).
RANKED_STATES = NEW_STATE_LIST + WAITING_STATE_LIST
ORDER = ("-rank_score", "created_at", "pk")  # the queue's order: best score, then the oldest request
ATTEMPTS = 3  # a refresh that meets a concurrent change starts again, at most this many times
ASK_EVERY = 300  # seconds: a process asks for a refresh of a programme at most this often while its day is past
FLAG = "binome.kept_priority"  # set during the refresh: the only write the triggers let set a score

_asked: dict[int, float] = {}  # programme id → when this process last asked for its refresh (monotonic)


@dataclass(frozen=True)
class Ranking:
    """What ranks a programme's requests: its settings, coverage plan and the day its kept scores are for."""

    config: CoordinationSettings
    plan: dict[int, frozenset]
    ranked_on: dt.date | None

    def kept_for(self, today: dt.date) -> bool:
        """Whether the kept scores rank the requests on ``today`` (never on the demo's SQLite: no triggers)."""
        return kept_by_triggers() and self.ranked_on == today


def ranking_of(programme) -> Ranking:
    """The programme's settings (or the defaults), coverage plan and ranked day, in one query."""
    day = RankingDay.objects.filter(programme_id=OuterRef("pk")).values("ranked_on")
    row = (
        Programme.objects.filter(pk=programme.pk)
        .select_related("coordination_settings")
        .annotate(plan_text=services.plan_text("pk"), ranked_on=Subquery(day))
        .get()
    )
    config = getattr(row, "coordination_settings", None) or CoordinationSettings(programme=programme)
    return Ranking(config, services.plan_for(programme, row.plan_text), row.ranked_on)


def first(dossiers, score, tally, count: int) -> list[tuple[int, bool]]:
    """The ids of the first ``count`` of ``dossiers`` in the queue's order, each with whether it meets ``tally`` (a
    condition, or None): the kept scores read best first on their index, the requests without one scored with
    ``score`` (``ranking.score`` for the day), merged in one query. ``dossiers``: the tab's requests, filtered."""
    flag = Value(False) if tally is None else ExpressionWrapper(tally, output_field=BooleanField())
    kept = dossiers.filter(ranked_score__isnull=False).annotate(rank_score=F("ranked_score"))
    live = dossiers.filter(ranked_score__isnull=True).annotate(rank_score=score)
    parts = [
        part.annotate(tallied=flag).order_by(*ORDER).values_list("pk", "rank_score", "created_at", "tallied")[:count]
        for part in (kept, live)
    ]
    merged = parts[0].union(parts[1], all=True).order_by(*ORDER)[:count]
    return [(pk, tallied) for pk, _score, _at, tallied in merged]


# Refreshing


def _serialization_failure(error: OperationalError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) == "40001"


def refresh(programme_id: int, day: dt.date) -> int:
    """Compute the scores of the programme's ranked requests for ``day`` and record the day; the number of scores
    written (those unchanged are left alone). Starts again when a concurrent change made what it read obsolete."""
    attempt = 1
    while True:
        try:
            return _refresh(programme_id, day)
        except OperationalError as error:
            if not _serialization_failure(error) or attempt == ATTEMPTS:
                raise
            attempt += 1
            logger.info("kept priority of programme %s: concurrent change, attempt %d", programme_id, attempt)


def _refresh(programme_id: int, day: dt.date) -> int:
    # Alone, in REPEATABLE READ: everything is read from one snapshot, and a row changed by another transaction
    # since (a dossier, the programme's day, both written by the triggers) fails the refresh rather than keeping a
    # score computed before the change. Within a transaction already open (the tests), its own isolation.
    alone = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if alone:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        found = ranking_of(Programme(pk=programme_id))
        scores = (
            Dossier.objects.filter(programme_id=programme_id, state__in=RANKED_STATES)
            .annotate(new_score=ranking.score(found.plan, day, found.config.rules()))
            .values_list("pk", "new_score")
        )
        sql, params = scores.query.sql_with_params()
        # Local to the transaction (undone with it on failure), off again at once for the transaction's callers.
        cursor.execute("SELECT set_config(%s, 'on', true)", [FLAG])
        cursor.execute(
            f"UPDATE cases_dossier d SET ranked_score = s.score FROM ({sql}) AS s (id, score) "
            "WHERE d.id = s.id AND d.ranked_score IS DISTINCT FROM s.score",
            params,
        )
        written = cursor.rowcount
        cursor.execute("SELECT set_config(%s, 'off', true)", [FLAG])
        cursor.execute(
            "INSERT INTO coordination_rankingday (programme_id, ranked_on) VALUES (%s, %s) "
            "ON CONFLICT (programme_id) DO UPDATE SET ranked_on = EXCLUDED.ranked_on",
            [programme_id, day],
        )
    return written


def refresh_all(day: dt.date, *, dry_run: bool = False) -> tuple[int, int]:
    """Refresh every programme whose scores are not for ``day``: (programmes, scores written). In a dry run, the
    programmes that would be refreshed and no score."""
    if not kept_by_triggers():
        return 0, 0
    fresh = RankingDay.objects.filter(ranked_on=day).values_list("programme_id", flat=True)
    due = list(Programme.objects.exclude(pk__in=fresh).order_by("pk").values_list("pk", flat=True))
    if dry_run:
        return len(due), 0
    return len(due), sum(refresh(programme_id, day) for programme_id in due)


@task
def refresh_task(programme_id: int) -> int:
    """The task worker's side of ``refresh``, for today (nothing when another run did it already)."""
    day = timezone.localdate()
    if RankingDay.objects.filter(programme_id=programme_id, ranked_on=day).exists():
        return 0
    written = refresh(programme_id, day)
    logger.info("kept priority of programme %s refreshed for %s: %d scores", programme_id, day, written)
    return written


def ask_refresh(programme_id: int) -> bool:
    """A page found the programme's scores not for today: queue their refresh once the page's transaction commits,
    unless this process asked less than ``ASK_EVERY`` seconds ago (nothing is kept on SQLite). True when asked."""
    if not kept_by_triggers():
        return False
    now = time.monotonic()
    last = _asked.get(programme_id)
    if last is not None and now - last < ASK_EVERY:
        return False
    _asked[programme_id] = now
    transaction.on_commit(lambda: refresh_task.enqueue(programme_id))
    return True
