"""Network health as pure functions: source mix, dormant referrers, coverage changes."""

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from binome.network.health import (
    BarPart,
    ReferrerActivity,
    bar_parts,
    coverage_change,
    dormant_choices,
    is_dormant,
    month_table,
    months_before,
    shares,
    split_dormant,
    tally_requests,
)


ORDER = ["department_social", "partner_social", "partner_structure", "workshop", "self"]


def test_the_2015_jura_mix_is_60_20_20():
    result = shares({"department_social": 24, "partner_social": 8, "partner_structure": 8}, ORDER)
    assert [(s.key, s.count, s.percent) for s in result] == [
        ("department_social", 24, 60),
        ("partner_social", 8, 20),
        ("partner_structure", 8, 20),
        ("workshop", 0, 0),
        ("self", 0, 0),
    ]


def test_thirds_still_add_up_to_100():
    assert [s.percent for s in shares({"a": 1, "b": 1, "c": 1}, "abc")] == [34, 33, 33]


def test_no_request_gives_zeros():
    assert [s.percent for s in shares({}, "ab")] == [0, 0]


@given(st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=6))
def test_percentages_always_sum_to_100(values):
    keys = [str(i) for i in range(len(values))]
    result = shares(dict(zip(keys, values, strict=True)), keys)
    assert sum(s.percent for s in result) == (100 if sum(values) else 0)
    for share, value in zip(result, values, strict=True):
        assert abs(share.percent - (value * 100 / sum(values) if sum(values) else 0)) < 1


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 11, 23), 6, dt.date(2026, 5, 23)),
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2026, 1, 15), 13, dt.date(2024, 12, 15)),
        (dt.date(2026, 1, 15), 0, dt.date(2026, 1, 15)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("posted_since", "last_request", "dormant"),
    [
        (dt.date(2020, 1, 1), dt.date(2026, 5, 23), False),  # exactly six months ago: still active
        (dt.date(2020, 1, 1), dt.date(2026, 5, 22), True),  # one day more: dormant
        (dt.date(2020, 1, 1), None, True),  # never referred anyone
        (dt.date(2026, 9, 1), None, False),  # newcomer: given six months from arrival
        (None, None, True),
    ],
)
def test_dormant_after_n_months_without_a_request(posted_since, last_request, dormant):
    assert is_dormant(ReferrerActivity("x", posted_since, last_request), TODAY, 6) is dormant


def test_split_dormant_with_a_configurable_delay():
    people = [
        ReferrerActivity("recent", dt.date(2020, 1, 1), dt.date(2026, 10, 1)),
        ReferrerActivity("spring", dt.date(2020, 1, 1), dt.date(2026, 4, 1)),
    ]
    active, dormant = split_dormant(people, TODAY, 6)
    assert [a.key for a in active] == ["recent"] and [d.key for d in dormant] == ["spring"]
    active, dormant = split_dormant(people, TODAY, 12)
    assert [a.key for a in active] == ["recent", "spring"] and dormant == []


def test_coverage_change_lists_opening_and_closing_units():
    change = coverage_change({"Dole", "Champagnole"}, {"Lons", "Saint-Claude"})
    assert change.opening == {"Lons", "Saint-Claude"}
    assert change.closing == {"Dole", "Champagnole"}
    assert coverage_change({"Dole"}, {"Dole", "Lons"}).closing == frozenset()
    assert coverage_change({"Dole"}, set()).opening == frozenset()  # no plan next year: nothing to announce


def test_month_table():
    table = month_table([(1, "a", 2), (1, "a", 1), (12, "b", 4), (5, "z", 9)], ["a", "b"])
    assert table["a"][0] == 3 and table["b"][11] == 4 and sum(table["a"]) == 3
    assert "z" not in table


def test_the_mix_bar_lays_the_non_zero_shares_end_to_end():
    result = bar_parts(shares({"department_social": 24, "partner_social": 8, "partner_structure": 8}, ORDER))
    assert result == [
        BarPart("department_social", 0, 60),
        BarPart("partner_social", 60, 20),
        BarPart("partner_structure", 80, 20),
    ]
    assert bar_parts(shares({}, ORDER)) == []


@given(st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=6))
def test_the_bar_fills_the_axis_without_overlap(values):
    keys = [str(i) for i in range(len(values))]
    parts = bar_parts(shares(dict(zip(keys, values, strict=True)), keys))
    assert all(p.width > 0 for p in parts)
    assert [p.x for p in parts] == [sum(q.width for q in parts[:i]) for i in range(len(parts))]
    assert sum(p.width for p in parts) == (100 if sum(values) else 0)


def test_dormant_choices_include_the_delay_in_use():
    assert dormant_choices(6) == [3, 6, 9, 12, 18, 24]
    assert dormant_choices(7) == [3, 6, 7, 9, 12, 18, 24]


def test_tally_requests_by_family_organisation_unit_and_month():
    tally = tally_requests(
        [
            (1, "department_social", "dept", "dole", 3),
            (1, "department_social", "dept", "champagnole", 1),
            (3, "partner_social", "ccas", "dole", 2),
            (3, "", None, "dole", 1),  # no organisation, no family
            (12, None, None, None, 4),  # not even a commune
        ]
    )
    assert (tally.total, tally.unknown_family) == (11, 5)
    assert tally.by_family == {"department_social": 4, "partner_social": 2}
    assert tally.by_org_ut == {
        "dept": {"dole": 3, "champagnole": 1},
        "ccas": {"dole": 2},
        None: {"dole": 1, None: 4},
    }
    assert tally.months_of("dept")[0] == 4 and tally.months_of(None)[2] == 1 and tally.months_of(None)[11] == 4
    assert tally.months_of("nobody") == [0] * 12
    tally.months_of("nobody")[0] = 9  # a fresh list every time
    assert tally.months_of("nobody") == [0] * 12
