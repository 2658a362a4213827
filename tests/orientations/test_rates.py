"""The four national rates on a fixture whose answers are computed by hand (see the comments)."""

import pytest

from binome.orientations import rates
from binome.orientations.rates import Contact, Household


def answered(year, unite, **answers):
    return Household(year=year, unite=unite, contact=Contact.ANSWERED, **answers)


def not_reached(year, unite, contact):
    return Household(year=year, unite=unite, contact=contact, cold_at_visit=True)


FIXTURE = [
    # 2025, Dole: 6 reports, 4 reached (h1–h4), 1 unreachable, 1 not called yet.
    answered(2025, "Dole", first_steps=True, cold_at_visit=True, cold_now=False, bills="lower"),  # h1
    answered(2025, "Dole", works_or_aid=True, cold_at_visit=True, cold_now=True, bills="same"),  # h2
    answered(2025, "Dole", engaging_achieved=True, cold_at_visit=False, cold_now=False, bills="lower"),  # h3
    answered(2025, "Dole", cold_at_visit=None, cold_now=True, bills="higher"),  # h4: cold at the visit unknown
    not_reached(2025, "Dole", Contact.UNREACHABLE),  # h5
    not_reached(2025, "Dole", Contact.PENDING),  # h6
    # 2025, Champagnole: 3 reports, 2 reached, 1 unreachable.
    answered(
        2025, "Champagnole", first_steps=True, works_or_aid=True, cold_at_visit=True, cold_now=False, bills="unknown"
    ),
    answered(2025, "Champagnole", cold_at_visit=True, cold_now=True, bills="same"),  # h8: no step at all
    not_reached(2025, "Champagnole", Contact.UNREACHABLE),  # h9
    # 2026, Dole: 2 reports, 1 reached.
    answered(2026, "Dole", first_steps=True, cold_at_visit=False, cold_now=False, bills="lower"),  # h10
    not_reached(2026, "Dole", Contact.PENDING),  # h11
]


def figures(summary):
    return {r.key: (r.numerator, r.denominator, r.percent) for r in summary.rates}


def test_dole_2025_by_hand():
    summary = rates.compute(FIXTURE[:6])
    assert (summary.households, summary.reached, summary.unreachable, summary.pending) == (6, 4, 1, 1)
    assert summary.cold_unknown == 1
    assert figures(summary) == {
        "first_action": (3, 4, 75),  # h1 (steps), h2 (works or aid), h3 (engaging orientation achieved)
        "engaging_action": (2, 4, 50),  # h2, h3
        "no_longer_cold": (1, 2, 50),  # cold at the visit: h1, h2 (h3 was not, h4 unknown); warm now: h1
        "savings_felt": (2, 4, 50),  # h1, h3 say "lower"
    }


def test_the_year_2025_by_unite_and_in_total():
    groups = rates.by_group([h for h in FIXTURE if h.year == 2025], lambda h: (h.unite,))
    assert list(groups) == [("Champagnole",), ("Dole",)]
    assert figures(groups[("Champagnole",)]) == {
        "first_action": (1, 2, 50),
        "engaging_action": (1, 2, 50),
        "no_longer_cold": (1, 2, 50),
        "savings_felt": (0, 2, 0),
    }
    total = rates.compute([h for h in FIXTURE if h.year == 2025])
    assert (total.households, total.reached, total.unreachable, total.pending) == (9, 6, 2, 1)
    assert figures(total) == {
        "first_action": (4, 6, 67),
        "engaging_action": (3, 6, 50),
        "no_longer_cold": (2, 4, 50),
        "savings_felt": (2, 6, 33),
    }


def test_a_rate_without_denominator_has_no_percent():
    summary = rates.compute(FIXTURE[9:])
    assert figures(summary)["no_longer_cold"] == (0, 0, None)
    assert figures(summary)["first_action"] == (1, 1, 100)


def test_households_not_reached_enter_no_rate():
    summary = rates.compute(
        [not_reached(2025, "Dole", Contact.UNREACHABLE), not_reached(2025, "Dole", Contact.PENDING)]
    )
    assert summary.reached == 0
    assert all(r.denominator == 0 and r.percent is None for r in summary.rates)


def test_each_rate_carries_its_benchmark_and_definition():
    summary = rates.compute(FIXTURE)
    assert [(r.key, r.benchmark) for r in summary.rates] == [
        ("first_action", 84),
        ("engaging_action", 65),
        ("no_longer_cold", 35),
        ("savings_felt", 30),
    ]
    assert all(r.definition and r.label for r in summary.rates)


@pytest.mark.parametrize(
    ("numerator", "denominator", "percent"), [(1, 3, 33), (2, 3, 67), (1, 8, 13), (3, 8, 38), (1, 200, 1), (0, 5, 0)]
)
def test_percent_is_rounded_half_up_to_the_unit(numerator, denominator, percent):
    rate = rates.Rate("k", "label", numerator, denominator, 0, "")
    assert rate.percent == percent
