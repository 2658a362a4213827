"""The steering figures of one programme (or one UT) over one period, read off the dossiers' timeline.

Every figure is a SQL aggregation — counts grouped by a key, never a loop over dossiers in Python — so a
national-scale year stays fast; ``steering.arithmetic`` turns the counts into rates and quantiles. The
dashboard and ``python -m binome bilan`` call the same functions. Definitions (docs/steering.md):

- a request counts in the period of its request date (``Dossier.created_at``);
- a visit counts in the period it was done: the dossier's first "visite réalisée" event (``mark_visited``);
- a deferral counts in the period it was decided (``defer`` event); ``visited_later`` counts those deferred
  dossiers with a visit at any later date;
- an end without visit counts in the period of its end (``withdraw``, ``mark_unreachable``,
  ``mark_not_eligible``, ``redirect`` events), each dossier once per kind of end;
- the delay request → visit is the first visit's date − the request's date, in days, over the period's visits.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, OuterRef
from django.db.models.functions import TruncDate
from django.utils import timezone

from binome.cases.models import Dossier, DossierEvent
from binome.cases.sources import SourceFamily
from binome.cases.workflow import State
from binome.steering import arithmetic
from binome.territory.models import CoverageYear, UniteTerritoriale


VISITED = "mark_visited"
DEFER = "defer"
# The transitions that end a dossier before any visit, by the state they lead to.
ENDS = {
    State.WITHDRAWN: "withdraw",
    State.UNREACHABLE: "mark_unreachable",
    State.NOT_ELIGIBLE: "mark_not_eligible",
    State.REDIRECTED: "redirect",
}
FAMILIES = [f.value for f in SourceFamily]


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
        qs = DossierEvent.objects.filter(dossier__programme=self.programme)
        return qs.filter(dossier__commune__unite=self.unite) if self.unite else qs


def _in(qs, period: Period, field: str = "at"):
    return qs.filter(**{f"{field}__gte": period.since, f"{field}__lt": period.until})


def first_visits(scope: Scope, period: Period):
    """The "visite réalisée" events of the period that are their dossier's first visit."""
    earlier = DossierEvent.objects.filter(dossier=OuterRef("dossier"), transition=VISITED, at__lt=OuterRef("at"))
    return _in(scope.events().filter(transition=VISITED), period).exclude(Exists(earlier))


def requests(scope: Scope, period: Period) -> dict:
    """Requests of the period: total and by source family (every family, zeros included). One query."""
    rows = dict(
        _in(scope.dossiers(), period, "created_at")
        .values("source_family")
        .annotate(n=Count("pk"))
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
    total = first_visits(scope, period).aggregate(n=Count("dossier", distinct=True))["n"]
    return {
        "total": total,
        "per_week": arithmetic.per_week(total, period.start, period.end),
        "per_1000_households": arithmetic.per_thousand(total, households(scope, period)),
    }


def deferred(scope: Scope, period: Period) -> dict:
    """Deferrals decided in the period, and how many of those dossiers were visited at any later date."""
    later_visit = DossierEvent.objects.filter(dossier=OuterRef("dossier"), transition=VISITED, at__gt=OuterRef("at"))
    decided = _in(scope.events().filter(transition=DEFER), period)
    return {
        "total": decided.aggregate(n=Count("dossier", distinct=True))["n"],
        "visited_later": decided.filter(Exists(later_visit)).aggregate(n=Count("dossier", distinct=True))["n"],
    }


def ended_without_visit(scope: Scope, period: Period) -> dict:
    rows = dict(
        _in(scope.events().filter(transition__in=ENDS.values()), period)
        .values("transition")
        .annotate(n=Count("dossier", distinct=True))
        .values_list("transition", "n")
        .order_by()
    )
    return {state.value: rows.get(name, 0) for state, name in ENDS.items()}


def delay_histogram(events, start_field: str) -> dict[int, int]:
    """Days between ``start_field`` (a date-time reached from the event) and the event, grouped: days → count."""
    delay = ExpressionWrapper(TruncDate("at") - TruncDate(start_field), output_field=DurationField())
    rows = events.annotate(delay=delay).values("delay").annotate(n=Count("pk")).values_list("delay", "n").order_by()
    return {d.days: n for d, n in rows}


def delay_summary(histogram: dict[int, int]) -> dict:
    return {
        "count": arithmetic.histogram_size(histogram),
        "median": arithmetic.median(histogram),
        "p90": arithmetic.p90(histogram),
    }


def request_to_visit(scope: Scope, period: Period) -> dict:
    return delay_summary(delay_histogram(first_visits(scope, period), "dossier__created_at"))


def bilan(programme, year: int) -> dict:
    """The figures of the yearly bilan (``python -m binome bilan SLUG YEAR --json``)."""
    scope, period = Scope(programme), Period.year(year)
    return {
        "programme": programme.slug,
        "year": year,
        "requests": requests(scope, period),
        "visits": visits(scope, period),
        "deferred": deferred(scope, period),
        "ended_without_visit": ended_without_visit(scope, period),
        "delays_days": {"request_to_visit": request_to_visit(scope, period)},
    }


__all__ = ["Period", "Scope", "bilan"]
