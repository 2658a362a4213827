"""Network health, as plain Python (no Django import): source mix, dormant referrers, coverage changes.

The view fetches a few flat rows in a constant number of queries and hands them to these functions,
which are tested directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Share:
    key: str
    count: int
    percent: int  # whole percentages, summing to 100 when there is at least one request


def shares(counts: Mapping[str, int], order: Iterable[str]) -> list[Share]:
    """Whole percentages by the largest-remainder method, so that they add up to exactly 100."""
    order = list(order)
    total = sum(counts.get(k, 0) for k in order)
    if total == 0:
        return [Share(k, 0, 0) for k in order]
    exact = {k: counts.get(k, 0) * 100 / total for k in order}
    floors = {k: int(v) for k, v in exact.items()}
    missing = 100 - sum(floors.values())
    for key in sorted(order, key=lambda k: (-(exact[k] - floors[k]), order.index(k)))[:missing]:
        floors[key] += 1
    return [Share(k, counts.get(k, 0), floors[k]) for k in order]


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (clamped to the end of shorter months)."""
    if months < 0:
        raise ValueError("Le nombre de mois doit être positif.")
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class ReferrerActivity:
    key: object
    posted_since: dt.date | None  # start of the current posting (None: unknown)
    last_request: dt.date | None


def is_dormant(activity: ReferrerActivity, today: dt.date, months: int) -> bool:
    """No request for ``months`` months; a newcomer gets the same delay from their arrival."""
    cutoff = months_before(today, months)
    if activity.last_request is not None:
        return activity.last_request < cutoff
    return activity.posted_since is None or activity.posted_since < cutoff


def split_dormant(activities: Iterable[ReferrerActivity], today: dt.date, months: int):
    active, dormant = [], []
    for activity in activities:
        (dormant if is_dormant(activity, today, months) else active).append(activity)
    return active, dormant


@dataclass(frozen=True)
class CoverageChange:
    opening: frozenset  # UTs covered next year and not this year: re-mobilise their partners
    closing: frozenset  # UTs covered this year and not next year: tell their partners


def coverage_change(this_year: Iterable, next_year: Iterable) -> CoverageChange:
    this_year, next_year = frozenset(this_year), frozenset(next_year)
    if not next_year:  # no plan for next year yet: nothing to announce
        return CoverageChange(frozenset(), frozenset())
    return CoverageChange(opening=next_year - this_year, closing=this_year - next_year)


def month_table(rows: Iterable[tuple[int, str, int]], keys: Iterable[str]) -> dict[str, list[int]]:
    """``(month 1-12, key, count)`` rows → {key: [12 monthly counts]} for the given keys (others ignored)."""
    table = {k: [0] * 12 for k in keys}
    for month, key, count in rows:
        if key in table and 1 <= month <= 12:
            table[key][month - 1] += count
    return table
