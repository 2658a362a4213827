"""Follow-up scheduling and reminders as functions of dates, without a database."""

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from binome.orientations import followup


@pytest.mark.parametrize(
    ("text", "delays"),
    [("3, 12", (3, 12)), ("3,12", (3, 12)), ("6", (6,)), (" 1 ; 6 ; 24 ", (1, 6, 24))],
)
def test_delays_are_read_from_the_setting(text, delays):
    assert followup.parse_delays(text) == delays


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "au moins un délai"),
        ("trois", "nombres entiers"),
        ("12, 3", "croissant"),
        ("3, 3", "croissant"),
        ("0, 12", "entre 1 et 36"),
        ("3, 48", "entre 1 et 36"),
    ],
)
def test_wrong_delays_are_refused_in_french(text, message):
    with pytest.raises(ValueError, match=message):
        followup.parse_delays(text)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 3, 15), 3, dt.date(2026, 6, 15)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
        (dt.date(2027, 11, 30), 3, dt.date(2028, 2, 29)),
        (dt.date(2026, 1, 31), 12, dt.date(2027, 1, 31)),
        (dt.date(2026, 8, 31), 1, dt.date(2026, 9, 30)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_month_end(day, months, expected):
    assert followup.add_months(day, months) == expected


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)), st.integers(0, 36))
def test_add_months_lands_in_the_right_month(day, months):
    result = followup.add_months(day, months)
    assert (result.year - day.year) * 12 + result.month - day.month == months
    assert result.day <= day.day
    assert result.day == day.day or result.month != (result + dt.timedelta(days=1)).month


def test_plan_numbers_the_calls_at_the_delays_after_the_report():
    planned = followup.plan(dt.date(2026, 11, 30), (3, 12))
    assert [(p.rank, p.months, p.due_on) for p in planned] == [
        (1, 3, dt.date(2027, 2, 28)),
        (2, 12, dt.date(2027, 11, 30)),
    ]


def test_a_call_cannot_be_dated_before_the_report_nor_in_the_future():
    report, today = dt.date(2026, 9, 1), dt.date(2026, 11, 23)
    assert followup.contact_date_error(dt.date(2026, 9, 1), report, today) is None
    assert followup.contact_date_error(today, report, today) is None
    before = followup.contact_date_error(dt.date(2026, 8, 31), report, today)
    assert before == (
        "L'appel de suivi ne peut pas précéder l'envoi du compte-rendu (le 01/09/2026) : vérifiez la date."
    )
    assert "futur" in followup.contact_date_error(dt.date(2026, 11, 24), report, today)


def test_unreachable_after_the_programme_s_number_of_attempts():
    assert [followup.unreachable_after(n, 3) for n in range(5)] == [False, False, False, True, True]


def test_an_orientation_is_stale_after_the_number_of_weeks():
    now = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
    assert followup.is_stale(now - dt.timedelta(weeks=6, seconds=1), now, 6)
    assert not followup.is_stale(now - dt.timedelta(weeks=6), now, 6)
    assert not followup.is_stale(now - dt.timedelta(days=41), now, 6)


def test_week_of_gives_the_iso_week():
    assert followup.week_of(dt.date(2026, 11, 23)) == "2026-W48"
    assert followup.week_of(dt.date(2027, 1, 1)) == "2026-W53"


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        ({}, (None, None, None)),
        ({"comfort": {"cold_last_winter": "yes", "restrictions": ["one_room"]}}, (True, True, None)),
        ({"comfort": {"cold_last_winter": "", "restrictions": []}}, (None, False, None)),
        ({"charges": {"energy_debt": "0", "water_debt": None, "power_limitation": "none"}}, (None, None, False)),
        ({"charges": {"energy_debt": "420.50", "power_limitation": "none"}}, (None, None, True)),
        ({"charges": {"energy_debt": "", "power_limitation": "reduction"}}, (None, None, True)),
        ({"comfort": {"cold_last_winter": "no"}, "charges": {"water_debt": "35"}}, (False, False, True)),
    ],
)
def test_visit_values_are_read_from_the_diagnosis_sections(sections, expected):
    values = followup.visit_values(sections)
    assert (values.cold, values.restriction, values.arrears) == expected
