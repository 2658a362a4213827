"""Crontab lines mean what they mean in cron, Sunday = 0 (APScheduler 3 alone would shift every weekday by one)."""

import datetime as dt
import zoneinfo

import pytest

from binome.core.crontab import trigger, weekdays


PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def fire_days(expr: str, count: int = 7) -> list[str]:
    rule, moment, days = trigger(expr, PARIS), dt.datetime(2026, 3, 9, tzinfo=PARIS), []  # a Monday
    for _ in range(count):
        moment = rule.get_next_fire_time(None, moment)
        days.append(moment.strftime("%a"))
        moment += dt.timedelta(seconds=1)
    return days


@pytest.mark.parametrize(
    ("field", "days"),
    [
        ("1", ["Mon"] * 3),
        ("1-5", ["Mon", "Tue", "Wed"]),
        ("0", ["Sun"] * 3),
        ("7", ["Sun"] * 3),
        ("5-7", ["Fri", "Sat", "Sun"]),
        ("*/2", ["Tue", "Thu", "Sat"]),
        ("1-5/2", ["Mon", "Wed", "Fri"]),
        ("mon-fri", ["Mon", "Tue", "Wed"]),
        ("0,6", ["Sat", "Sun", "Sat"]),
    ],
)
def test_weekdays_are_read_as_cron_reads_them(field, days):
    assert fire_days(f"0 7 * * {field}", 3) == days


def test_the_weekly_digest_fires_on_mondays_at_seven_paris_time():
    rule = trigger("0 7 * * 1", PARIS)
    first = rule.get_next_fire_time(None, dt.datetime(2026, 3, 24, tzinfo=PARIS))  # a Tuesday, before DST
    second = rule.get_next_fire_time(None, first + dt.timedelta(seconds=1))  # after the clocks go forward
    assert (first, second) == (dt.datetime(2026, 3, 30, 7, tzinfo=PARIS), dt.datetime(2026, 4, 6, 7, tzinfo=PARIS))
    assert first.utcoffset() == dt.timedelta(hours=2)


@pytest.mark.parametrize("bad", ["6-1", "8", "x", "1-5/0"])
def test_a_malformed_weekday_is_refused(bad):
    with pytest.raises(ValueError):
        weekdays(bad)


def test_a_line_needs_five_fields():
    with pytest.raises(ValueError):
        trigger("0 7 * *")
