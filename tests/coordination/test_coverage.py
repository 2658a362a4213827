"""Coverage plan, deferral at year change and the unreachable rule (pure Python)."""

import pytest

from binome.coordination.coverage import (
    Intake,
    Waiting,
    call_attempts,
    covered_next_year,
    intake,
    is_open,
    next_open_year,
    resume_at_year_change,
)


# The Jura: two halves of the territory alternate each year.
PLAN = {
    2026: frozenset({"dole", "champagnole"}),
    2027: frozenset({"lons", "saint-claude"}),
    2028: frozenset({"dole", "champagnole"}),
}


def test_open_ut_is_contacted():
    assert intake(PLAN, "dole", 2026).intake == Intake.OPEN


def test_closed_ut_is_deferred_to_the_year_it_opens():
    decision = intake(PLAN, "lons", 2026)
    assert (decision.intake, decision.year) == (Intake.DEFER, 2027)
    assert intake(PLAN, "dole", 2027).year == 2028


def test_closed_ut_without_a_later_opening_goes_to_the_waiting_list():
    assert intake(PLAN, "lons", 2028).intake == Intake.WAITING_LIST


def test_derogation_opens_a_closed_ut():
    assert intake(PLAN, "lons", 2026, derogation=True).intake == Intake.DEROGATION


def test_a_year_without_plan_opens_the_whole_territory():
    assert is_open(PLAN, "lons", 2030)
    assert is_open({}, "anything", 2026)
    assert next_open_year(PLAN, "lons", 2027) is None


def test_year_change_resumes_the_requests_whose_ut_opens():
    waiting = [
        Waiting(1, "lons"),
        Waiting(2, "dole"),
        Waiting(3, "saint-claude"),
        Waiting(4, "dole", derogation=True),
    ]
    assert resume_at_year_change(waiting, PLAN, 2027) == [1, 3, 4]
    assert resume_at_year_change(waiting, PLAN, 2028) == [2, 4]


@pytest.mark.parametrize(("unite", "expected"), [("dole", False), ("lons", True)])
def test_covered_next_year(unite, expected):
    assert covered_next_year(PLAN, unite, 2026) is expected
    assert covered_next_year(PLAN, unite, 2028) is None


def test_unreachable_after_n_failed_attempts_since_last_reached():
    assert not call_attempts(["no_answer", "message"], 3).unreachable
    assert call_attempts(["no_answer", "message", "wrong_number"], 3).unreachable
    # Reaching the household once starts the count again; "call back" is not a failure.
    attempts = call_attempts(["no_answer", "no_answer", "reached", "no_answer", "call_back"], 3)
    assert (attempts.failed, attempts.unreachable) == (1, False)
    assert call_attempts(["no_answer"], 1).unreachable
