"""The pure arithmetic of the steering figures: quantiles from histograms, rates, the split by weights."""

import datetime as dt
import random
import statistics

import pytest

from binome.steering import arithmetic


def expand(histogram):
    return [value for value, count in histogram.items() for _ in range(count)]


@pytest.mark.parametrize("seed", range(40))
def test_median_and_p90_of_a_histogram_are_those_of_statistics_on_the_values(seed):
    rng = random.Random(seed)
    histogram = {rng.randint(0, 400): rng.randint(1, 5) for _ in range(rng.randint(2, 30))}
    values = expand(histogram)
    if len(values) < 2:
        values.append(7)
        histogram[7] = histogram.get(7, 0) + 1
    assert arithmetic.median(histogram) == statistics.median(values)
    assert arithmetic.p90(histogram) == pytest.approx(statistics.quantiles(values, n=10, method="inclusive")[8])


def test_quantiles_by_hand():
    # 4, 10, 16, 30, 121: median 16; p90: (n-1)·9/10 = 3.6 → 30 + 0.6 × (121 − 30) = 84.6
    histogram = {4: 1, 10: 1, 16: 1, 30: 1, 121: 1}
    assert arithmetic.median(histogram) == 16
    assert arithmetic.p90(histogram) == pytest.approx(84.6)
    assert arithmetic.median({3: 2, 9: 2}) == 6
    assert arithmetic.median({}) is None and arithmetic.p90({}) is None
    assert arithmetic.p90({12: 1}) == 12
    assert arithmetic.p90({5: 0, 8: 1}) == 8


def test_per_week_counts_52_weeks_in_a_calendar_year_and_days_over_7_otherwise():
    assert arithmetic.per_week(182, dt.date(2016, 1, 1), dt.date(2016, 12, 31)) == 3.5
    assert arithmetic.per_week(10, dt.date(2016, 3, 1), dt.date(2016, 3, 14)) == 5.0


def test_per_thousand_and_percent():
    assert arithmetic.per_thousand(233, 116653) == 2.0
    assert arithmetic.per_thousand(5, 3000) == 1.67
    assert arithmetic.per_thousand(5, 0) is None
    assert arithmetic.percent(8, 10) == 80.0
    assert arithmetic.percent(1, 0) is None


def test_split_by_weight_adds_up_to_the_total():
    parts = arithmetic.split_by_weight(116653, {"a": 100000, "b": 80000, "c": 80502})
    assert sum(parts.values()) == 116653
    assert parts == {"a": 44780, "b": 35824, "c": 36049}
    assert arithmetic.split_by_weight(10, {"a": 0}) == {"a": 0}


def test_funnel_shares():
    rows = arithmetic.funnel([("requests", 10), ("visits", 5), ("sent", 4)])
    assert [(r["of_first"], r["of_previous"]) for r in rows] == [(100.0, None), (50.0, 50.0), (40.0, 80.0)]


def test_parse_period():
    today = dt.date(2026, 11, 23)
    assert arithmetic.parse_period("", "", "", today) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert arithmetic.parse_period("", "", "2015", today) == (dt.date(2015, 1, 1), dt.date(2015, 12, 31))
    assert arithmetic.parse_period("2015-03-01", "2015-05-31", "2019", today) == (
        dt.date(2015, 3, 1),
        dt.date(2015, 5, 31),
    )
    bad = [
        (("", "", "deux mille"), "n'est pas une année"),
        (("2015-13-01", "2015-12-31", ""), "n'est pas une date"),
        (("2015-03-01", "", ""), "le début et la fin"),
        (("2015-03-01", "2015-02-01", ""), "avant son début"),
        (("1990-01-01", "2015-02-01", ""), "dix ans"),
        (("", "", "99999"), "n'est pas une année"),
        (("", "", "²"), "n'est pas une année"),
    ]
    for args, message in bad:
        with pytest.raises(arithmetic.PeriodError, match=message):
            arithmetic.parse_period(*args, today)


def test_map_geometry_borders_and_classes():
    from binome.steering import geo

    # Three squares in a row, the middle one simplified with an extra vertex on its left edge (not shared).
    left = geo.Shape("a", "A", [[(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]])
    middle = geo.Shape("b", "B", [[(10, 0), (20, 0), (20, 10), (10, 10), (10.3, 5), (10, 0)]])
    right = geo.Shape("c", "C", [[(20, 0), (30, 0), (30, 10), (20, 10), (20, 0)]])
    drawn = geo.borders([left, middle, right], {"a": 1, "b": 1, "c": 2})
    # a|b (same UT) is not drawn although b's vertices differ from a's; b|c (two UTs) is
    assert "M10 0 L10 10" not in drawn and "M10 10 L10.3 5" not in drawn and "M10.3 5 L10 0" not in drawn
    assert "M20 0 L20 10" in drawn and "M20 10 L20 0" in drawn
    assert "M0 0 L10 0" in drawn  # the outline
    assert geo.classes([0, 1, 2, 3, 4, 5]) == [1, 2, 3, 4, 5]
    assert geo.colour(0, [1, 2]) == geo.EMPTY and geo.colour(2, [1, 2]) == geo.PALETTE[-1]
    assert geo.legend([0, 2, 4])[1] == (geo.PALETTE[0], "plus de 0 à 2")
