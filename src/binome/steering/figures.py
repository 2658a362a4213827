"""The steering figures of one programme (or one UT) over one period, read off the dossiers' timeline.

Every figure is a SQL aggregation — counts grouped by a key, never a loop over dossiers in Python — so a
national-scale year stays fast; ``steering.arithmetic`` turns the counts into rates and quantiles. The
dashboard and ``python -m binome bilan`` call the same functions. Definitions (docs/steering.md):

- a request counts in the period of its request date (``Dossier.created_at``);
- a visit counts in the period it was done: the dossier's first "visite réalisée" (``Dossier.visited_at``, the
  first ``mark_visited`` event's date, kept by ``cases.transitions``);
- a deferral counts in the period it was decided (``defer`` event); ``visited_later`` counts those deferred
  dossiers with a visit at any later date;
- an end without visit counts in the period of its end (``withdraw``, ``mark_unreachable``,
  ``mark_not_eligible``, ``redirect`` events), each dossier once per kind of end;
- the delay request → visit is the first visit's date − the request's date, in days, over the period's visits;
  request → first contact likewise with the first answered call (``Dossier.contacted_at``, the first call event
  « ménage joint », kept the same way), over the period's first answered calls.

At national scale (500,000 dossiers in one programme) a figure reads one range of an index: the dossiers' indexes
by (programme, date) carry the columns these figures read (``cases`` migration 0015), the events' by (transition,
date) their dossier; rows found in their own table (events, orientations) are checked against the scope one by one
(``Scope.owned``) rather than joined to every dossier of the programme (docs/performance.md).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Count,
    DecimalField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from binome.cases.models import Dossier, DossierEvent
from binome.cases.sources import SourceFamily
from binome.cases.workflow import VISIT_DONE, State
from binome.core import queries
from binome.diagnosis.models import KitInstallation
from binome.steering import arithmetic
from binome.steering.models import BudgetLine
from binome.territory.models import CoverageYear, UniteTerritoriale


VISITED = VISIT_DONE
DEFER = "defer"
# The transitions that end a dossier before any visit, by the state they lead to.
ENDS = {
    State.WITHDRAWN: "withdraw",
    State.UNREACHABLE: "mark_unreachable",
    State.NOT_ELIGIBLE: "mark_not_eligible",
    State.REDIRECTED: "redirect",
}
FAMILIES = [f.value for f in SourceFamily]
FUNNEL_LABELS = {
    "requests": "Demandes reçues",
    "contacted": "Ménages joints (appel abouti ou visite programmée)",
    "visited": "Ménages visités",
    "sent": "Comptes-rendus envoyés",
    "settled": "Orientations soldées (dossier clôturé)",
}


@dataclass(frozen=True)
class Period:
    """A period of whole days, ``start`` and ``end`` included."""

    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def since(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def until(self) -> dt.datetime:
        """The first instant after the period (exclusive bound)."""
        return timezone.make_aware(dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min))

    @property
    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)


@dataclass(frozen=True)
class Scope:
    """Whose figures: one programme, optionally one of its UTs."""

    programme: object
    unite: UniteTerritoriale | None = None

    def dossiers(self):
        qs = Dossier.objects.filter(programme=self.programme)
        return qs.filter(commune__unite=self.unite) if self.unite else qs

    def events(self):
        return self.owned(DossierEvent.objects.all())

    def owned(self, rows, ref: str = "dossier"):
        """``rows`` (events, orientations… whose dossier is the column ``ref``) kept to the scope's dossiers, each
        row's dossier looked up by its primary key: a subquery per row, never a join. Joined, PostgreSQL hashes or
        merges every dossier of the programme (500,000 at national scale) to keep a period's few thousand rows;
        so the period's rows are found first, from their own index, then checked one by one (~2 µs each)."""
        owner = self.dossiers().filter(pk=OuterRef(ref)).order_by().values("pk")[:1]
        return rows.alias(in_scope=Subquery(owner)).filter(in_scope__isnull=False)


def summary_params(scope: Scope, period: Period) -> dict:
    """A scope and a period as the JSON parameters of a precomputed summary (``core.summaries``)."""
    return {
        "programme": scope.programme.pk,
        "unite": scope.unite.pk if scope.unite is not None else None,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }


def from_params(params: dict) -> tuple[Scope, Period]:
    from binome.territory.models import Programme

    programme = Programme.objects.get(pk=params["programme"])
    unite = UniteTerritoriale.objects.get(pk=params["unite"], programme=programme) if params["unite"] else None
    period = Period(dt.date.fromisoformat(params["start"]), dt.date.fromisoformat(params["end"]))
    return Scope(programme, unite), period


def _in(qs, period: Period, field: str = "at"):
    return qs.filter(**{f"{field}__gte": period.since, f"{field}__lt": period.until})


def first_visits(scope: Scope, period: Period):
    """The dossiers whose first visit was done in the period (one row each)."""
    return _in(scope.dossiers(), period, "visited_at")


def requests(scope: Scope, period: Period) -> dict:
    """Requests of the period: total and by source family (every family, zeros included). One query."""
    rows = dict(
        _in(scope.dossiers(), period, "created_at")
        .values("source_family")
        .annotate(n=Count("*"))
        .values_list("source_family", "n")
        .order_by()
    )
    return {
        "total": sum(rows.values()),
        "by_source_family": {family: rows.get(family, 0) for family in FAMILIES},
        "without_source": sum(n for key, n in rows.items() if key not in FAMILIES),
    }


def households(scope: Scope, period: Period) -> int:
    """The households the visits are compared with: the chosen UT's, else those of the UTs covered during the
    period (all the programme's UTs when its coverage plan says nothing of those years). One or two queries."""
    if scope.unite is not None:
        return scope.unite.households
    covered = CoverageYear.objects.filter(programme=scope.programme, year__in=list(period.years)).values("unite")
    unites = UniteTerritoriale.objects.filter(programme=scope.programme)
    total = sum(unites.filter(pk__in=covered).values_list("households", flat=True))
    return total or sum(unites.values_list("households", flat=True))


def visits(scope: Scope, period: Period) -> dict:
    total = first_visits(scope, period).count()
    return {
        "total": total,
        "per_week": arithmetic.per_week(total, period.start, period.end),
        "per_1000_households": arithmetic.per_thousand(total, households(scope, period)),
    }


def deferred(scope: Scope, period: Period) -> dict:
    """Deferrals decided in the period, and how many of those dossiers were visited at any later date. One query."""
    later_visit = DossierEvent.objects.filter(dossier=OuterRef("dossier"), transition=VISITED, at__gt=OuterRef("at"))
    return _in(scope.events().filter(transition=DEFER), period).aggregate(
        total=Count("dossier", distinct=True),
        visited_later=Count("dossier", distinct=True, filter=Q(Exists(later_visit))),
    )


def ended_without_visit(scope: Scope, period: Period) -> dict:
    rows = dict(
        _in(scope.events().filter(transition__in=ENDS.values()), period)
        .values("transition")
        .annotate(n=Count("dossier", distinct=True))
        .values_list("transition", "n")
        .order_by()
    )
    return {state.value: rows.get(name, 0) for state, name in ENDS.items()}


def delay_histogram(rows, start_field: str, end_field: str = "at") -> dict[int, int]:
    """Days from ``start_field`` to ``end_field`` (date-times of the rows, or reached from them), grouped:
    days → count."""
    delay = ExpressionWrapper(TruncDate(end_field) - TruncDate(start_field), output_field=DurationField())
    found = rows.annotate(delay=delay).values("delay").annotate(n=Count("*")).values_list("delay", "n").order_by()
    return {d.days: n for d, n in found}


def delay_summary(histogram: dict[int, int]) -> dict:
    return {
        "count": arithmetic.histogram_size(histogram),
        "median": arithmetic.median(histogram),
        "p90": arithmetic.p90(histogram),
    }


def request_to_visit(scope: Scope, period: Period) -> dict:
    return delay_summary(delay_histogram(first_visits(scope, period), "created_at", "visited_at"))


def bilan(programme, year: int) -> dict:
    """The figures of the yearly bilan (``python -m binome bilan SLUG YEAR --json``)."""
    return {"programme": programme.slug, "year": year, **bilan_for(Scope(programme), Period.year(year))}


def bilan_for(scope: Scope, period: Period) -> dict:
    """The bilan's figures for any scope and period (the dashboard's first block)."""
    visited = visits(scope, period)
    return {
        "requests": requests(scope, period),
        "visits": visited,
        "deferred": deferred(scope, period),
        "ended_without_visit": ended_without_visit(scope, period),
        "delays_days": {"request_to_visit": request_to_visit(scope, period)},
        "costs": costs(scope, period, visited["total"]),
    }


def _euros(value) -> float | None:
    return None if value is None else round(float(value), 2)


def costs(scope: Scope, period: Period, households_visited: int | None = None) -> dict:
    """The kit left in the homes visited in the period, and the programme's budget lines of the period's years.

    Kit: Σ quantity × the item's unit cost over the installations of the dossiers whose first visit falls in the
    period, ÷ those dossiers (``kit_per_household``). Budget, spend and CEE share: sums of the programme's
    ``BudgetLine`` of the years the period touches (``None`` when none is entered, or when a UT is chosen: the
    lines are the programme's); ``per_household_visited`` = spend ÷ households first visited in those whole years.
    Three queries at most (plus one without ``households_visited``; one less over whole years)."""
    # The period's visited dossiers as an array: their installations are read from the dossier index (a few per
    # dossier), where ``IN (subquery)`` had PostgreSQL read every installation ever made.
    visited = first_visits(scope, period).values("pk")
    kit = KitInstallation.objects.filter(queries.InArray("dossier", visited)).aggregate(
        total=Sum(F("quantity") * F("item__unit_cost"), output_field=DecimalField(max_digits=14, decimal_places=2)),
        households=Count("dossier", distinct=True),
    )
    if households_visited is None:
        households_visited = first_visits(scope, period).count()
    kit_total = _euros(kit["total"]) or 0.0
    found = {
        "kit_total": kit_total,
        "kit_households": kit["households"],
        "kit_per_household": arithmetic.per_unit(kit_total, households_visited),
        "budget": None,
        "spend": None,
        "cee_share": None,
        "cee_share_percent": None,
        "per_household_visited": None,
        "households_visited_in_years": None,
    }
    if scope.unite is not None:
        return found
    lines = BudgetLine.objects.filter(programme=scope.programme, year__in=list(period.years)).aggregate(
        n=Count("pk"), budget=Sum("budget"), spend=Sum("spend"), cee=Sum("cee_share")
    )
    if not lines["n"]:
        return found
    whole_years = Period(dt.date(period.start.year, 1, 1), dt.date(period.end.year, 12, 31))
    visited_in_years = households_visited if whole_years == period else first_visits(scope, whole_years).count()
    spend = _euros(lines["spend"])
    return found | {
        "budget": _euros(lines["budget"]),
        "spend": spend,
        "cee_share": _euros(lines["cee"]),
        "cee_share_percent": arithmetic.percent(float(lines["cee"]), spend),
        "per_household_visited": arithmetic.per_unit(spend, visited_in_years),
        "households_visited_in_years": visited_in_years,
    }


__all__ = ["Period", "Scope", "bilan"]


# The dashboard's other figures.

SCHEDULED = "schedule"


def _has_event(**conditions):
    return Exists(DossierEvent.objects.filter(dossier=OuterRef("pk"), **conditions))


def funnel(scope: Scope, period: Period) -> list[dict]:
    """The requests of the period and how many of them reached each later step, at any date. One query."""
    # Closing needs every orientation settled (or a stated reason), and a closed dossier stays closed.
    visited = Q(visited_at__isnull=False)
    contacted = visited | Q(contacted_at__isnull=False) | _has_event(transition=SCHEDULED)
    counts = _in(scope.dossiers(), period, "created_at").aggregate(
        requests=Count("pk"),
        contacted=Count("pk", filter=contacted),
        visited=Count("pk", filter=visited),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        settled=Count("pk", filter=Q(state=State.CLOSED)),
    )
    return arithmetic.funnel((key, counts[key]) for key in FUNNEL_LABELS)


def visit_to_report(scope: Scope, period: Period) -> dict:
    """Days from the (first) visit to the compte-rendu sent, over the reports sent in the period."""
    sent = _in(scope.dossiers(), period, "sent_at").filter(visited_at__isnull=False)
    return delay_summary(delay_histogram(sent, "visited_at", "sent_at"))


def request_to_contact(scope: Scope, period: Period) -> dict:
    """Days from the request to the first answered call, over the first answered calls of the period (the date
    kept on the dossier, ``Dossier.contacted_at``)."""
    first_calls = _in(scope.dossiers(), period, "contacted_at")
    return delay_summary(delay_histogram(first_calls, "created_at", "contacted_at"))


def waiting_now(scope: Scope) -> dict:
    """Dossiers waiting today, on the waiting list or deferred to next year. One query."""
    rows = dict(
        scope.dossiers()
        .filter(state__in=[State.WAITING_LIST, State.DEFERRED])
        .values("state")
        .annotate(n=Count("*"))
        .values_list("state", "n")
        .order_by()
    )
    return {"waiting_list": rows.get(State.WAITING_LIST, 0), "deferred": rows.get(State.DEFERRED, 0)}


def by_organisation(scope: Scope, period: Period, limit: int = 12) -> list[dict]:
    """The organisations that sent the most requests in the period. One query."""
    rows = (
        _in(scope.dossiers(), period, "created_at")
        .filter(organisation__isnull=False)
        .values("organisation__name")
        .annotate(n=Count("*"))
        .order_by("-n", "organisation__name")[:limit]
    )
    return [{"name": r["organisation__name"], "count": r["n"]} for r in rows]


def visits_by_month(scope: Scope, period: Period) -> list[tuple[dt.date, int]]:
    """First visits of the period by month (months without visit included). One query."""
    rows = dict(
        first_visits(scope, period)
        .annotate(month=TruncMonth("visited_at"))
        .values("month")
        .annotate(n=Count("*"))
        .values_list("month", "n")
        .order_by()
    )
    counts = {(m.year, m.month): n for m, n in rows.items()}
    months, day = [], period.start.replace(day=1)
    while day <= period.end:
        months.append((day, counts.get((day.year, day.month), 0)))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def orientations(scope: Scope, period: Period) -> list[dict]:
    """Orientations proposed in the period by solution and status. One query."""
    from binome.orientations.models import Orientation

    rows = (
        _in(scope.owned(Orientation.objects.all()), period, "created_at")
        .values("solution__name", "status")
        .annotate(n=Count("pk"))
        .order_by("solution__name", "status")
    )
    table: dict[str, dict] = {}
    for row in rows:
        name = row["solution__name"] or "—"
        entry = table.setdefault(name, {"solution": name, "by_status": {}, "total": 0})
        entry["by_status"][row["status"]] = row["n"]
        entry["total"] += row["n"]
    return sorted(table.values(), key=lambda e: (-e["total"], e["solution"]))
