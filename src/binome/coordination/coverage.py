"""Coverage plan rules: which unités territoriales are open to visits, and what to do otherwise.

Plain Python (no Django import). A plan maps a year to the set of UT ids open that year. A year with
no UT in the plan means the programme has no plan for it: the whole territory is open.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


Plan = Mapping[int, frozenset]

FAILED_CALL_OUTCOMES = frozenset({"no_answer", "message", "wrong_number"})


def is_open(plan: Plan, unite, year: int) -> bool:
    opened = plan.get(year)
    return not opened or unite in opened


def next_open_year(plan: Plan, unite, after_year: int) -> int | None:
    """The first year after ``after_year`` whose plan opens ``unite`` (None if the plan never does)."""
    for year in sorted(y for y in plan if y > after_year):
        if is_open(plan, unite, year):
            return year
    return None


class Intake(StrEnum):
    OPEN = "open"  # the UT is covered this year: contact the household
    DEROGATION = "derogation"  # not covered, but a recorded derogation lets the visit happen
    DEFER = "defer"  # not covered: deferred to the year the UT opens
    WAITING_LIST = "waiting_list"  # not covered and no opening year in the plan


@dataclass(frozen=True)
class IntakeDecision:
    intake: Intake
    year: int | None = None  # the year the request is deferred to


def intake(plan: Plan, unite, year: int, derogation: bool = False) -> IntakeDecision:
    if is_open(plan, unite, year):
        return IntakeDecision(Intake.OPEN)
    if derogation:
        return IntakeDecision(Intake.DEROGATION)
    opening = next_open_year(plan, unite, year)
    if opening is None:
        return IntakeDecision(Intake.WAITING_LIST)
    return IntakeDecision(Intake.DEFER, opening)


@dataclass(frozen=True)
class Waiting:
    key: object
    unite: object
    derogation: bool = False


def resume_at_year_change(waiting: Iterable[Waiting], plan: Plan, new_year: int) -> list:
    """Keys of the deferred or waiting requests that the new year's plan opens (or a derogation allows)."""
    return [w.key for w in waiting if w.derogation or is_open(plan, w.unite, new_year)]


def covered_next_year(plan: Plan, unite, year: int) -> bool | None:
    """Whether ``unite`` is in the plan of ``year + 1`` (None when there is no plan for that year)."""
    if not plan.get(year + 1):
        return None
    return unite in plan[year + 1]


@dataclass(frozen=True)
class Attempts:
    failed: int  # failed attempts since the household was last reached
    needed: int  # attempts required before the dossier may be closed as unreachable

    @property
    def unreachable(self) -> bool:
        return self.failed >= self.needed


def call_attempts(outcomes: Iterable[str], needed: int) -> Attempts:
    """Count the failed calls (no answer, message left, wrong number) since the last successful one.

    ``outcomes`` are in chronological order. A household reached once and then silent starts a new count.
    """
    failed = 0
    for outcome in outcomes:
        if outcome == "reached":
            failed = 0
        elif outcome in FAILED_CALL_OUTCOMES:
            failed += 1
    return Attempts(failed, needed)
