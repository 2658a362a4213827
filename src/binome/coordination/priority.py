"""Triage priority of the waiting requests: configurable rules, plain Python (no Django import).

Each rule adds points and a short reason; the queue shows the highest score first, then the oldest
request. The rules follow the field practice of a SLIME:

- a request flagged urgent by the referrer or the coordinator comes first;
- a risk of cut matters most outside the winter truce (1 November – 31 March, when suppliers may not
  cut electricity or gas) and in the last weeks before it ends;
- cold, heating restrictions, auxiliary heating and health problems weigh more during the heating
  season (the truce months);
- every week of waiting adds a little, so that nobody is forgotten;
- a derogation (priority situation in a unité territoriale not covered this year) lifts the request;
- near the end of the year, requests whose UT will not be covered next year come first: otherwise they
  would wait a whole year more.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field


CUT_RISK = "cut_risk"
WINTER_MOTIVES = frozenset({"cold", "restriction", "auxiliary_heating", "health"})


@dataclass(frozen=True)
class PriorityRules:
    urgent_points: int = 100
    cut_risk_points: int = 60
    cut_risk_during_truce_points: int = 20
    truce_end_warning_days: int = 30
    winter_points: int = 20
    points_per_week: int = 2
    max_weeks: int = 52
    derogation_points: int = 40
    year_end_points: int = 50
    year_end_days: int = 61
    truce_start: tuple[int, int] = (11, 1)  # (month, day)
    truce_end: tuple[int, int] = (3, 31)


@dataclass(frozen=True)
class Request:
    """What the rules need to know about one waiting request."""

    key: object
    received_on: dt.date
    urgent: bool = False
    motives: frozenset[str] = frozenset()
    derogation: bool = False
    # False when the request's UT is not in next year's coverage plan; None when unknown.
    covered_next_year: bool | None = None


@dataclass(frozen=True)
class Priority:
    key: object
    score: int
    reasons: tuple[str, ...] = field(default=())


def in_truce(day: dt.date, rules: PriorityRules = PriorityRules()) -> bool:
    """True during the winter truce (by default 1 November – 31 March inclusive)."""
    start = dt.date(day.year, *rules.truce_start)
    end = dt.date(day.year, *rules.truce_end)
    if start <= end:
        return start <= day <= end
    return day >= start or day <= end


def truce_end_after(day: dt.date, rules: PriorityRules = PriorityRules()) -> dt.date:
    """The last day of the truce that contains ``day`` (or the next one)."""
    end = dt.date(day.year, *rules.truce_end)
    return end if end >= day else dt.date(day.year + 1, *rules.truce_end)


@dataclass(frozen=True)
class Term:
    """One rule in force on a given day: ``points`` when the request matches ``condition``.

    Conditions: ``urgent``, ``motive`` (one of ``motives``), ``derogation``, ``not_covered_next_year`` and
    ``age`` (``points`` per full week of waiting, at most ``max_weeks``). The queue computes the same terms in
    SQL (``coordination.ranking``); ``score`` applies them to one request."""

    reason: str
    condition: str
    points: int
    motives: frozenset[str] = frozenset()
    max_weeks: int = 0


def terms(today: dt.date, rules: PriorityRules = PriorityRules()) -> list[Term]:
    """The rules in force on ``today``: the season and the date decide which apply and for how many points."""
    found = [Term("urgent", "urgent", rules.urgent_points)]
    truce = in_truce(today, rules)
    near_end = truce and (truce_end_after(today, rules) - today).days <= rules.truce_end_warning_days
    if not truce or near_end:
        reason = "cut_risk_truce_ending" if near_end else "cut_risk"
        found.append(Term(reason, "motive", rules.cut_risk_points, frozenset({CUT_RISK})))
    else:
        points = rules.cut_risk_during_truce_points
        found.append(Term("cut_risk_during_truce", "motive", points, frozenset({CUT_RISK})))
    if truce:
        found.append(Term("winter", "motive", rules.winter_points, WINTER_MOTIVES))
    found.append(Term("derogation", "derogation", rules.derogation_points))
    if (dt.date(today.year, 12, 31) - today).days < rules.year_end_days:
        found.append(Term("year_end", "not_covered_next_year", rules.year_end_points))
    found.append(Term("age", "age", rules.points_per_week, max_weeks=rules.max_weeks))
    return found


def weeks_waited(received_on: dt.date, today: dt.date, max_weeks: int) -> int:
    return min(max((today - received_on).days, 0) // 7, max_weeks)


def _earned(term: Term, request: Request, today: dt.date) -> int | None:
    """The points ``term`` gives ``request``, or None when it does not apply."""
    if term.condition == "age":
        weeks = weeks_waited(request.received_on, today, term.max_weeks)
        return weeks * term.points if weeks else None
    matches = {
        "urgent": request.urgent,
        "motive": bool(request.motives & term.motives),
        "derogation": request.derogation,
        "not_covered_next_year": request.covered_next_year is False,
    }[term.condition]
    return term.points if matches else None


def score(request: Request, today: dt.date, rules: PriorityRules = PriorityRules()) -> Priority:
    points = 0
    reasons = []
    for term in terms(today, rules):
        earned = _earned(term, request, today)
        if earned is not None:
            points += earned
            reasons.append(term.reason)
    return Priority(request.key, points, tuple(reasons))


def rank(requests: Iterable[Request], today: dt.date, rules: PriorityRules = PriorityRules()) -> list[Priority]:
    """Highest score first; equal scores by the oldest request, then by key for a stable order."""
    scored = [(score(r, today, rules), r) for r in requests]
    scored.sort(key=lambda pair: (-pair[0].score, pair[1].received_on, str(pair[1].key)))
    return [p for p, _r in scored]
