"""The priority rules of ``priority.terms`` written as SQL, so that the queue ranks its intake tabs in the
database and fetches one page (``LIMIT``) whatever the number of waiting requests.

``priority`` says which rules apply on a day and for how many points; this module only translates each
condition into an expression on ``Dossier``. ``services.explain`` then applies the same terms in Python to
the page's rows for their reasons; a test checks that both give every dossier the same score.
"""

import datetime as dt
import functools
import operator

from django.db import connection
from django.db.models import (
    Case,
    DateField,
    Exists,
    ExpressionWrapper,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast, Greatest, Least, TruncDate

from binome.coordination import priority
from binome.coordination.models import Derogation
from binome.visits.agenda import day_bounds


def has_derogation():
    return Exists(Derogation.objects.filter(dossier=OuterRef("pk")))


def _motive(motives) -> Q:
    if connection.vendor == "postgresql":
        return Q(motives__has_any_keys=sorted(motives))  # jsonb ``?|``: also true of an array's strings
    # Elsewhere (the SQLite demo), the JSON list as text holds each motive between double quotes.
    return functools.reduce(operator.or_, (Q(motives__icontains=f'"{m}"') for m in sorted(motives)))


def _not_covered_next_year(plan, today: dt.date) -> Q | None:
    opened = plan.get(today.year + 1)
    if not opened:
        return None  # no plan for next year: the rule never applies (``coverage.covered_next_year``)
    return Q(commune__unite_id__isnull=True) | ~Q(commune__unite_id__in=sorted(opened))


class _DaysSince(Func):
    """``day - date``: the number of days between two dates (PostgreSQL's date arithmetic)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()


def _age(term: priority.Term, today: dt.date):
    """``points`` per full week since the request's day (local time), at most ``max_weeks``.

    On PostgreSQL, the days between the request's local day and ``today``, divided by 7 (``max(days, 0) // 7``:
    the division of integers truncates, and a negative count gives 0 as in Python). Elsewhere (the SQLite demo),
    the request waited ``k`` weeks or more when it was received before the start of the day ``today - 7k + 1``,
    written as a search by halves (six comparisons a row rather than up to 52); on PostgreSQL this tree of 52
    conditions cost ~7 ms of Python to build and compile on every ranking query."""
    if connection.vendor == "postgresql":
        days = _DaysSince(Cast(Value(today), DateField()), TruncDate("created_at"))
        weeks = Least(Greatest(days / Value(7), Value(0)), Value(term.max_weeks))
        return ExpressionWrapper(weeks * Value(term.points), output_field=IntegerField())

    def weeks_between(low: int, high: int):
        if low == high:
            return Value(low * term.points, output_field=IntegerField())
        middle = (low + high + 1) // 2
        waited = When(
            created_at__lt=day_bounds(today - dt.timedelta(days=7 * middle - 1))[0], then=weeks_between(middle, high)
        )
        return Case(waited, default=weeks_between(low, middle - 1), output_field=IntegerField())

    return weeks_between(0, term.max_weeks)


def score(plan, today: dt.date, rules: priority.PriorityRules):
    """The priority score of each dossier, as ``priority.score`` computes it."""
    parts = []
    for term in priority.terms(today, rules):
        if term.condition == "age":
            parts.append(_age(term, today))
            continue
        condition = {
            "urgent": lambda _t: Q(urgent=True),
            "motive": lambda t: _motive(t.motives),
            "derogation": lambda _t: Q(has_derogation()),
            "not_covered_next_year": lambda _t: _not_covered_next_year(plan, today),
        }[term.condition](term)
        if condition is not None and term.points:
            parts.append(Case(When(condition, then=Value(term.points)), default=Value(0), output_field=IntegerField()))
    return functools.reduce(operator.add, parts, Value(0, output_field=IntegerField()))


def visitable(plan, year: int) -> Q:
    """The requests the binôme may visit in ``year`` (``coverage.intake`` OPEN or DEROGATION)."""
    opened = plan.get(year)
    if not opened:
        return Q(pk__isnull=False)  # no plan for the year: the whole territory is open
    return Q(commune__unite_id__in=sorted(opened)) | Q(has_derogation())
