"""Network health, as plain Python (no Django import): request tallies, source mix and its bar, dormant
referrers, coverage changes.

``network.figures`` fetches a few flat rows in a constant number of queries and hands them to these functions,
which are tested directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


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


def dormancy_cutoff(today: dt.date, months: int) -> dt.date:
    """The first day that still counts as recent: a referrer whose last request (or arrival) is earlier is dormant."""
    return months_before(today, months)


def is_dormant(activity: ReferrerActivity, today: dt.date, months: int) -> bool:
    """No request for ``months`` months; a newcomer gets the same delay from their arrival.

    ``network.figures`` asks the same question in SQL for a whole programme; a test holds both to agree.
    """
    cutoff = dormancy_cutoff(today, months)
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


@dataclass(frozen=True)
class BarPart:
    key: str
    x: int  # start on a 0-100 axis
    width: int


def bar_parts(mix: Iterable[Share]) -> list[BarPart]:
    """The stacked bar of a mix: one segment per non-zero share, laid end to end from 0 to 100."""
    parts, x = [], 0
    for share in mix:
        if share.percent:
            parts.append(BarPart(share.key, x, share.percent))
            x += share.percent
    return parts


def dormant_choices(months: int, usual: Iterable[int] = (3, 6, 9, 12, 18, 24)) -> list[int]:
    """The delays offered on the page: the usual ones and the one in use."""
    return sorted({*usual, months})


@dataclass
class RequestTally:
    """Requests of a period counted by source family, by organisation and UT, by organisation and month."""

    total: int = 0
    unknown_family: int = 0  # requests whose source family is not recorded
    by_family: dict[str, int] = field(default_factory=dict)
    by_org_ut: dict[object, dict[object, int]] = field(default_factory=dict)
    by_org_month: dict[object, list[int]] = field(default_factory=dict)

    def months_of(self, organisation) -> list[int]:
        """The twelve monthly counts of an organisation (``None``: requests without organisation)."""
        return self.by_org_month.get(organisation, [0] * 12)


def tally_requests(rows: Iterable[tuple[int, str | None, object, object, int]]) -> RequestTally:
    """``(month 1-12, family or None, organisation key, UT key, count)`` rows → a ``RequestTally``."""
    tally = RequestTally()
    for month, family, organisation, unite, count in rows:
        tally.total += count
        if family:
            tally.by_family[family] = tally.by_family.get(family, 0) + count
        else:
            tally.unknown_family += count
        by_ut = tally.by_org_ut.setdefault(organisation, {})
        by_ut[unite] = by_ut.get(unite, 0) + count
        if 1 <= month <= 12:
            tally.by_org_month.setdefault(organisation, [0] * 12)[month - 1] += count
    return tally
