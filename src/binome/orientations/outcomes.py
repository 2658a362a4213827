"""The four national rates of a programme, read from the database (``rates`` computes them).

``households(programme)`` turns each dossier whose compte-rendu was sent into a ``rates.Household``: the year of
the report, its UT, whether it was reached and its latest answers, whether an "engaging" orientation is
achieved, and the cold felt at the visit. Four queries whatever the number of dossiers, but every sent dossier in
memory: at 500,000 dossiers it takes seconds. ``counts(programme)`` computes the same figures with one SQL
aggregation grouped by year and UT (``rates.Counts``, additive); ``table`` and the steering dashboard read them,
through the precomputed summaries (``core.summaries``, kind ``outcomes``) so that a page reads one row.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Max, Q

from binome.cases.models import Dossier, DossierEvent, EventKind
from binome.cases.workflow import State
from binome.core import summaries
from binome.orientations import rates
from binome.orientations.models import (
    Baseline,
    FollowUp,
    FollowUpStatus,
    Orientation,
    OrientationStatus,
    Solution,
)
from binome.territory.models import Commune, UniteTerritoriale


def households(programme) -> list[rates.Household]:
    sent_step = Q(events__kind=EventKind.TRANSITION, events__to_state=State.SENT)
    dossiers = list(
        Dossier.objects.filter(programme=programme)
        .annotate(report_at=Max("events__at", filter=sent_step))
        .filter(report_at__isnull=False)
        .values("pk", "report_at", "commune__unite__name")
    )
    pks = [d["pk"] for d in dossiers]
    answers, tried = {}, defaultdict(list)
    for follow_up in FollowUp.objects.filter(dossier_id__in=pks).order_by("rank"):
        if follow_up.status == FollowUpStatus.ANSWERED:
            answers[follow_up.dossier_id] = follow_up  # the latest answered call wins
        tried[follow_up.dossier_id].append(follow_up.status)
    engaging = set(
        Orientation.objects.filter(
            dossier_id__in=pks, status=OrientationStatus.ACHIEVED, solution__engaging=True
        ).values_list("dossier_id", flat=True)
    )
    cold = dict(Baseline.objects.filter(dossier_id__in=pks).values_list("dossier_id", "cold"))
    return [
        _household(d, answers.get(d["pk"]), tried[d["pk"]], d["pk"] in engaging, cold.get(d["pk"])) for d in dossiers
    ]


def _household(dossier: dict, answer: FollowUp | None, statuses: list[str], engaging: bool, cold) -> rates.Household:
    common = {
        "year": dossier["report_at"].year,
        "unite": dossier["commune__unite__name"] or "",
        "engaging_achieved": engaging,
        "cold_at_visit": cold,
    }
    if answer is None:
        ended = statuses and all(s in {FollowUpStatus.UNREACHABLE, FollowUpStatus.CANCELLED} for s in statuses)
        unreachable = ended and FollowUpStatus.UNREACHABLE in statuses
        return rates.Household(contact=rates.Contact.UNREACHABLE if unreachable else rates.Contact.PENDING, **common)
    return rates.Household(
        contact=rates.Contact.ANSWERED,
        first_steps=bool(answer.first_steps),
        works_or_aid=bool(answer.works_done or answer.aid_obtained),
        cold_now=answer.cold_now,
        bills=answer.bills,
        **common,
    )


# The same figures as ``households`` + ``rates.count``, in one SQL aggregation. The year is that of the latest
# "sent" transition in UTC, as ``households`` reads it (``report_at.year`` of the UTC date-time Django returns).
_COUNTS_SQL = """
WITH sent AS (
    SELECT e.dossier_id AS id, MAX(e.at) AS report_at
    FROM {event} e JOIN {dossier} d ON d.id = e.dossier_id
    WHERE d.programme_id = %(programme)s AND e.kind = %(transition)s AND e.to_state = %(sent)s
    GROUP BY e.dossier_id
), one AS (
    SELECT
        EXTRACT(YEAR FROM s.report_at AT TIME ZONE 'UTC')::int AS year,
        COALESCE(u.name, '') AS unite,
        a.rank IS NOT NULL AS reached,
        COALESCE(CASE jsonb_typeof(a.first_steps)
            WHEN 'array' THEN jsonb_array_length(a.first_steps) > 0
            WHEN 'object' THEN a.first_steps <> '{{}}'::jsonb
            WHEN 'string' THEN a.first_steps <> '""'::jsonb
            WHEN 'number' THEN a.first_steps <> '0'::jsonb
            WHEN 'boolean' THEN a.first_steps = 'true'::jsonb
            ELSE FALSE END, FALSE) AS first_steps,
        COALESCE(a.works_done, FALSE) OR COALESCE(a.aid_obtained, FALSE) AS works_or_aid,
        a.cold_now,
        a.bills,
        t.tried > 0 AND t.ended = t.tried AND t.unreachable > 0 AS unreachable,
        EXISTS (
            SELECT 1 FROM {orientation} o JOIN {solution} sol ON sol.id = o.solution_id
            WHERE o.dossier_id = s.id AND o.status = %(achieved)s AND sol.engaging
        ) AS engaging,
        b.cold AS cold_at_visit
    FROM sent s
    JOIN {dossier} d ON d.id = s.id
    LEFT JOIN {commune} c ON c.id = d.commune_id
    LEFT JOIN {unite} u ON u.id = c.unite_id
    LEFT JOIN {baseline} b ON b.dossier_id = s.id
    LEFT JOIN LATERAL (
        SELECT f.rank, f.first_steps, f.works_done, f.aid_obtained, f.cold_now, f.bills FROM {follow_up} f
        WHERE f.dossier_id = s.id AND f.status = %(answered)s ORDER BY f.rank DESC LIMIT 1
    ) a ON TRUE
    LEFT JOIN LATERAL (
        SELECT COUNT(*) AS tried,
            COUNT(*) FILTER (WHERE f.status IN (%(unreachable)s, %(cancelled)s)) AS ended,
            COUNT(*) FILTER (WHERE f.status = %(unreachable)s) AS unreachable
        FROM {follow_up} f WHERE f.dossier_id = s.id
    ) t ON NOT (a.rank IS NOT NULL)
)
SELECT year, unite,
    COUNT(*),
    COUNT(*) FILTER (WHERE reached),
    COUNT(*) FILTER (WHERE NOT reached AND unreachable),
    COUNT(*) FILTER (WHERE NOT reached AND unreachable IS NOT TRUE),
    COUNT(*) FILTER (WHERE reached AND cold_at_visit IS NULL),
    COUNT(*) FILTER (WHERE reached AND (first_steps OR works_or_aid OR engaging)),
    COUNT(*) FILTER (WHERE reached AND (works_or_aid OR engaging)),
    COUNT(*) FILTER (WHERE reached AND cold_at_visit),
    COUNT(*) FILTER (WHERE reached AND cold_at_visit AND cold_now IS FALSE),
    COUNT(*) FILTER (WHERE reached AND bills = %(lower)s)
FROM one GROUP BY year, unite ORDER BY year, unite
"""


def counts(programme) -> dict[tuple[int, str], rates.Counts]:
    """The counts of every (year, UT) with sent reports, by one SQL aggregation on PostgreSQL; elsewhere (the
    SQLite demo, a few hundred dossiers) from ``households`` in Python — the test suite checks both agree."""
    if connection.vendor != "postgresql":
        return in_python(programme)
    tables = {
        "event": DossierEvent._meta.db_table,
        "dossier": Dossier._meta.db_table,
        "orientation": Orientation._meta.db_table,
        "solution": Solution._meta.db_table,
        "commune": Commune._meta.db_table,
        "unite": UniteTerritoriale._meta.db_table,
        "baseline": Baseline._meta.db_table,
        "follow_up": FollowUp._meta.db_table,
    }
    params = {
        "programme": programme.pk,
        "transition": EventKind.TRANSITION.value,
        "sent": State.SENT.value,
        "achieved": OrientationStatus.ACHIEVED.value,
        "answered": FollowUpStatus.ANSWERED.value,
        "unreachable": FollowUpStatus.UNREACHABLE.value,
        "cancelled": FollowUpStatus.CANCELLED.value,
        "lower": rates.Bills.LOWER.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(_COUNTS_SQL.format(**{k: connection.ops.quote_name(v) for k, v in tables.items()}), params)
        return {(year, unite): rates.Counts(*numbers) for year, unite, *numbers in cursor.fetchall()}


def in_python(programme) -> dict[tuple[int, str], rates.Counts]:
    return rates.count_by_group(households(programme), lambda h: (h.year, h.unite))


OUTCOMES = "outcomes"


def _compute_counts(params: dict) -> dict:
    from binome.territory.models import Programme

    found = counts(Programme.objects.get(pk=params["programme"]))
    return {"rows": [[year, unite, list(vars(c).values())] for (year, unite), c in found.items()]}


summaries.register(OUTCOMES, _compute_counts)


@dataclass(frozen=True)
class Counted:
    """The counts of a programme by (year, UT), as precomputed, and when they were computed."""

    by_group: dict[tuple[int, str], rates.Counts]
    computed_at: object
    stale: bool


def counted(programme, *, wait: bool = True) -> Counted | None:
    """``counts(programme)`` read from its precomputed summary (computed now when there is none; with
    ``wait=False`` and a worker, queued for it and None: ``summaries.read``)."""
    found = summaries.read(OUTCOMES, summaries.programme_scope(programme.pk), {"programme": programme.pk}, wait=wait)
    if found is None:
        return None
    by_group = {(year, unite): rates.Counts(*numbers) for year, unite, numbers in found.data["rows"]}
    return Counted(by_group, found.computed_at, found.stale)


@dataclass(frozen=True)
class Table:
    years: list[int]
    year: int | None
    rows: list[tuple[str, rates.Summary]]  # (UT, summary) of the chosen year
    total: rates.Summary
    by_year: list[tuple[int, rates.Summary]]  # every year, most recent first
    computed_at: object = None  # when the figures were computed (precomputed summary)
    stale: bool = False  # data changed since: the page says so while the worker refreshes them


def table(programme, year: int | None = None) -> Table:
    """The rates of one year (the latest with reports when ``year`` is None) by UT, and the year's total."""
    found = counted(programme)
    years = sorted({y for y, _unite in found.by_group}, reverse=True)
    if year not in years:
        year = years[0] if years else None
    chosen = {unite: c for (y, unite), c in found.by_group.items() if y == year}
    rows = [(unite, chosen[unite].summary()) for unite in sorted(chosen)]
    by_year = [(y, rates.total(c for (y2, _u), c in found.by_group.items() if y2 == y).summary()) for y in years]
    return Table(
        years=years,
        year=year,
        rows=rows,
        total=rates.total(chosen.values()).summary(),
        by_year=by_year,
        computed_at=found.computed_at,
        stale=found.stale,
    )
