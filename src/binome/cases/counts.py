"""How many dossiers of a programme are at given steps, by UT, whatever the size of the backlog.

On PostgreSQL the counts are kept by triggers as signed rows (``cases.StateCount``): reading them sums a few rows
per UT and step. Elsewhere (the SQLite demo) the dossiers are counted. ``compact`` folds the rows, from the
nightly clean-up.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, F, QuerySet, Sum

from binome.cases.models import Dossier, StateCount
from binome.core.postgresql import kept_by_triggers


def by_unite(programme, states: Iterable[str]) -> dict[int, dict[str, int]]:
    """UT id → step → number of the programme's dossiers at that step (steps with none are left out)."""
    states = [str(s) for s in states]
    if kept_by_triggers():
        rows = (
            StateCount.objects.filter(programme_id=programme.pk, state__in=states)
            .values("unite_id", "state")
            .annotate(n=Sum("count"))
            .values_list("unite_id", "state", "n")
            .order_by()
        )
    else:
        rows = (
            Dossier.objects.filter(programme=programme, state__in=states)
            .values("state", unite=F("commune__unite"))
            .annotate(n=Count("pk"))
            .values_list("unite", "state", "n")
            .order_by()
        )
    found = defaultdict(dict)
    for unite_id, state, n in rows:
        if n:
            found[unite_id][state] = n
    return dict(found)


def at_steps(programme, states: Iterable[str], unite_id: int | None = None) -> QuerySet:
    """The number of the programme's dossiers at ``states`` (in one UT, or all), as a one-row queryset of one value
    read from the counters (PostgreSQL only: ``kept_by_triggers``), to be counted with other figures in one query
    (``core.pages.capped_counts``)."""
    rows = StateCount.objects.filter(programme_id=programme.pk, state__in=[str(s) for s in states])
    if unite_id is not None:
        rows = rows.filter(unite_id=unite_id)
    return rows.values("programme_id").annotate(n=Sum("count")).values("n").order_by()  # no row: 0 (capped_counts)


COMPACT = """
WITH gone AS (DELETE FROM cases_statecount RETURNING programme_id, unite_id, state, count),
kept AS (
    INSERT INTO cases_statecount (programme_id, unite_id, state, count)
    SELECT programme_id, unite_id, state, SUM(count) FROM gone
    GROUP BY programme_id, unite_id, state HAVING SUM(count) <> 0
    RETURNING 1
)
SELECT (SELECT COUNT(*) FROM gone) - (SELECT COUNT(*) FROM kept)
"""


def compact(*, dry_run: bool = False) -> int:
    """Fold the counters' rows into one per programme, UT and step (none for a zero sum); the rows removed.

    Rows inserted by transactions that commit meanwhile are not seen by the DELETE, so they stay and still count."""
    if not kept_by_triggers():
        return 0
    if dry_run:
        keys = StateCount.objects.values("programme_id", "unite_id", "state").distinct().count()
        return StateCount.objects.count() - keys
    with connection.cursor() as cursor:
        cursor.execute(COMPACT)
        return cursor.fetchone()[0]
