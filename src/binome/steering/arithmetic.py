"""The arithmetic of the steering figures, in plain Python (no Django import), tested directly.

The database groups and counts; this module turns those counts into the published figures: the median
and 90th percentile of a delay from its histogram (days → number of dossiers), exactly as
``statistics.median`` and ``statistics.quantiles(n=10, method="inclusive")[8]`` would give them on the
expanded list, rates per week and per 1,000 households, and the split of a total by weights.
"""

import datetime as dt
from collections.abc import Iterable, Mapping


def _sorted_histogram(histogram: Mapping[int, int]) -> list[tuple[int, int]]:
    return sorted((value, count) for value, count in histogram.items() if count > 0)


def _nth(items: list[tuple[int, int]], index: int) -> int:
    """The value at ``index`` (0-based) of the sorted expanded list, without expanding it."""
    seen = 0
    for value, count in items:
        seen += count
        if index < seen:
            return value
    raise IndexError(index)


def histogram_size(histogram: Mapping[int, int]) -> int:
    return sum(count for count in histogram.values() if count > 0)


def median(histogram: Mapping[int, int]) -> float | None:
    """``statistics.median`` of the values the histogram counts; None when it is empty."""
    items = _sorted_histogram(histogram)
    n = sum(count for _, count in items)
    if n == 0:
        return None
    if n % 2:
        return _nth(items, n // 2)
    return (_nth(items, n // 2 - 1) + _nth(items, n // 2)) / 2


def p90(histogram: Mapping[int, int]) -> float | None:
    """``statistics.quantiles(values, n=10, method="inclusive")[8]``; the value itself for a single one."""
    items = _sorted_histogram(histogram)
    n = sum(count for _, count in items)
    if n == 0:
        return None
    if n == 1:
        return items[0][0]
    m = n - 1
    j, delta = divmod(9 * m, 10)
    low, high = _nth(items, j), _nth(items, j + 1)
    return (low * (10 - delta) + high * delta) / 10


def per_week(count: int, start: dt.date, end: dt.date) -> float:
    """Count per week over [start, end]: a calendar year counts 52 weeks, any other period its days / 7."""
    if start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 12, 31):
        weeks = 52
    else:
        weeks = ((end - start).days + 1) / 7
    return round(count / weeks, 2)


def per_thousand(count: int, households: int) -> float | None:
    """Count per 1,000 households; None when the households are unknown (zero)."""
    if households <= 0:
        return None
    return round(count * 1000 / households, 2)


def per_unit(amount: float | None, units: int) -> float | None:
    """An amount shared out per unit (euros per household), 2 decimals; None when either is unknown or zero units."""
    if amount is None or units <= 0:
        return None
    return round(amount / units, 2)


def percent(part: int, whole: int) -> float | None:
    if whole <= 0:
        return None
    return round(100 * part / whole, 1)


def split_by_weight(total: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder, so the parts add up to the total)."""
    weight_sum = sum(weights.values())
    if weight_sum <= 0:
        return dict.fromkeys(weights, 0)
    exact = {key: total * weight / weight_sum for key, weight in weights.items()}
    parts = {key: int(value) for key, value in exact.items()}
    rest = total - sum(parts.values())
    by_remainder = sorted(weights, key=lambda key: (-(exact[key] - parts[key]), key))
    for key in by_remainder[:rest]:
        parts[key] += 1
    return parts


def funnel(steps: Iterable[tuple[str, int]]) -> list[dict]:
    """Each step of a funnel with its count, its share of the first step and of the step before (percent)."""
    rows, first, previous = [], None, None
    for key, count in steps:
        if first is None:
            first = count
        rows.append(
            {
                "key": key,
                "count": count,
                "of_first": percent(count, first),
                "of_previous": percent(count, previous) if previous is not None else None,
            }
        )
        previous = count
    return rows


class PeriodError(ValueError):
    """A period that makes no sense; the message is French and shown as it is."""


MAX_PERIOD_DAYS = 366 * 10


def parse_period(start: str, end: str, year: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The period asked by the dashboard's form: ``du``/``au`` (AAAA-MM-JJ) or ``annee``; this year by default."""
    start, end, year = (start or "").strip(), (end or "").strip(), (year or "").strip()
    if not start and not end:
        if not year:
            return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
        if not (year.isascii() and year.isdigit()) or not 1900 <= int(year) <= 2200:
            raise PeriodError(f"L'année « {year} » n'est pas une année (AAAA).")
        return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
    try:
        first = dt.date.fromisoformat(start) if start else None
        last = dt.date.fromisoformat(end) if end else None
    except ValueError:
        raise PeriodError("Une des dates n'est pas une date (JJ/MM/AAAA).") from None
    if first is None or last is None:
        raise PeriodError("Indiquez le début et la fin de la période.")
    if last < first:
        raise PeriodError("La fin de la période est avant son début.")
    if (last - first).days > MAX_PERIOD_DAYS:
        raise PeriodError("La période dépasse dix ans : choisissez une période plus courte.")
    if first.year < 1900 or last.year > 2200:
        raise PeriodError("Ces dates sont hors des années possibles.")
    return first, last
