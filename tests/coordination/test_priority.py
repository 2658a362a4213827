"""Priority rules of the triage queue (pure Python)."""

import datetime as dt

import pytest

from binome.coordination.priority import PriorityRules, Request, in_truce, rank, score


SPRING = dt.date(2026, 5, 12)
WINTER = dt.date(2026, 1, 15)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 10, 31), False),
        (dt.date(2026, 11, 1), True),
        (dt.date(2026, 12, 31), True),
        (dt.date(2027, 1, 1), True),
        (dt.date(2027, 3, 31), True),
        (dt.date(2027, 4, 1), False),
    ],
)
def test_winter_truce_runs_from_1_november_to_31_march(day, expected):
    assert in_truce(day) is expected


def test_urgent_first_then_cut_risk_then_oldest():
    requests = [
        Request("old", SPRING - dt.timedelta(days=21)),
        Request("urgent", SPRING, urgent=True),
        Request("cut", SPRING, motives=frozenset({"cut_risk"})),
        Request("new", SPRING),
    ]
    assert [p.key for p in rank(requests, SPRING)] == ["urgent", "cut", "old", "new"]


def test_cut_risk_weighs_less_in_the_middle_of_the_truce_and_fully_near_its_end():
    cut = Request("cut", WINTER, motives=frozenset({"cut_risk"}))
    rules = PriorityRules()
    assert score(cut, WINTER).score == rules.cut_risk_during_truce_points
    march = dt.date(2026, 3, 10)
    assert score(Request("cut", march, motives=frozenset({"cut_risk"})), march).score == rules.cut_risk_points
    assert score(Request("cut", SPRING, motives=frozenset({"cut_risk"})), SPRING).score == rules.cut_risk_points


def test_cold_counts_only_in_the_heating_season():
    cold = Request("cold", WINTER, motives=frozenset({"cold"}))
    assert "winter" in score(cold, WINTER).reasons
    assert score(Request("cold", SPRING, motives=frozenset({"cold"})), SPRING).score == 0


def test_age_adds_points_per_full_week_capped():
    rules = PriorityRules(points_per_week=3, max_weeks=10)
    assert score(Request("a", SPRING - dt.timedelta(days=13)), SPRING, rules).score == 3
    assert score(Request("a", SPRING - dt.timedelta(days=400)), SPRING, rules).score == 30


def test_derogation_lifts_a_request_above_older_ones():
    requests = [Request("old", SPRING - dt.timedelta(days=70)), Request("derog", SPRING, derogation=True)]
    assert [p.key for p in rank(requests, SPRING)] == ["derog", "old"]


def test_at_year_end_requests_not_covered_next_year_come_first():
    december = dt.date(2026, 12, 1)
    requests = [
        Request("covered", december - dt.timedelta(days=60), covered_next_year=True),
        Request("last_chance", december - dt.timedelta(days=7), covered_next_year=False),
    ]
    assert [p.key for p in rank(requests, december)] == ["last_chance", "covered"]
    # In the spring the same requests are ordered by age only.
    assert [p.key for p in rank(requests, dt.date(2026, 6, 1))] == ["covered", "last_chance"]


def test_weights_are_configurable():
    requests = [Request("urgent", SPRING, urgent=True), Request("derog", SPRING, derogation=True)]
    assert [p.key for p in rank(requests, SPRING, PriorityRules(urgent_points=10, derogation_points=90))] == [
        "derog",
        "urgent",
    ]


def test_equal_scores_keep_the_oldest_first():
    requests = [Request("b", SPRING - dt.timedelta(days=2)), Request("a", SPRING - dt.timedelta(days=5))]
    assert [p.key for p in rank(requests, SPRING)] == ["a", "b"]
