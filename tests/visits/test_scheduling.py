"""The agenda's pure rules: travel estimate, availability, double booking, expected delay."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from binome.visits.scheduling import (
    Agenda,
    Busy,
    Place,
    TravelModel,
    check_booking,
    expected_dates,
    free_slots,
    great_circle_km,
)


PARIS = ZoneInfo("Europe/Paris")
DOLE = Place("Dole", 47.0925, 5.4896)
SAINT_CLAUDE = Place("Saint-Claude", 46.3872, 5.8633)
LONS = Place("Lons-le-Saunier", 46.6744, 5.5558)
HOURS = {d: [(dt.time(9), dt.time(12, 30)), (dt.time(13, 30), dt.time(17, 30))] for d in range(5)}
MONDAY = dt.date(2026, 3, 2)


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def test_great_circle_distance_dole_saint_claude():
    # About 84 km as the crow flies (IGN: 84.6 km between the town halls).
    assert great_circle_km(DOLE, SAINT_CLAUDE) == pytest.approx(84, abs=1.5)
    assert great_circle_km(DOLE, DOLE) == 0


def test_travel_time_is_road_factor_times_distance_at_average_speed():
    travel = TravelModel(road_factor=1.3, speed_kmh=50)
    km = great_circle_km(DOLE, LONS)
    assert travel.road_km(DOLE, LONS) == pytest.approx(1.3 * km)
    assert travel.minutes(DOLE, LONS) == -(-1.3 * km * 60 // 50)
    assert TravelModel(speed_kmh=100).minutes(DOLE, LONS) < travel.minutes(DOLE, LONS)


def test_booking_inside_working_hours_of_both_is_ok():
    agendas = [Agenda("advisor", HOURS), Agenda("coordinator", HOURS)]
    assert check_booking(agendas, at(MONDAY, 9), 120, DOLE).ok


def test_double_booking_is_refused_for_either_person():
    visit = Busy(at(MONDAY, 10), at(MONDAY, 12), DOLE, "2026-0001")
    agendas = [Agenda("advisor", HOURS, [visit]), Agenda("coordinator", HOURS)]
    result = check_booking(agendas, at(MONDAY, 9), 120, DOLE)
    assert [(c.who, c.kind) for c in result.conflicts] == [("advisor", "visit")]
    # Back to back is fine.
    assert check_booking(agendas, at(MONDAY, 14), 120, DOLE).ok


def test_absence_and_hours_are_conflicts():
    absence = Busy(at(MONDAY, 0), at(MONDAY + dt.timedelta(days=1), 0), None, "congé", is_visit=False)
    agendas = [Agenda("advisor", HOURS), Agenda("coordinator", HOURS, [absence])]
    kinds = {(c.who, c.kind) for c in check_booking(agendas, at(MONDAY, 9), 120, DOLE).conflicts}
    assert kinds == {("coordinator", "absence")}
    lunch = check_booking(agendas[:1], at(MONDAY, 11, 30), 120, DOLE)
    assert [c.kind for c in lunch.conflicts] == ["hours"]
    saturday = check_booking(agendas[:1], at(MONDAY + dt.timedelta(days=5), 9), 120, DOLE)
    assert [c.kind for c in saturday.conflicts] == ["hours"]


def test_travel_gap_too_short_is_a_warning_not_a_conflict():
    morning = Busy(at(MONDAY, 9), at(MONDAY, 11), DOLE, "2026-0001")
    agendas = [Agenda("advisor", HOURS, [morning])]
    result = check_booking(agendas, at(MONDAY, 13, 30), 120, SAINT_CLAUDE)
    assert result.ok
    assert result.warnings == ()  # 2 h 30 is enough for ~110 km of road at 50 km/h (132 min)
    tight = check_booking(agendas, at(MONDAY, 11, 30), 60, SAINT_CLAUDE)
    assert tight.ok
    (warning,) = tight.warnings
    assert (warning.direction, warning.available_minutes) == ("from", 30)
    assert warning.needed_minutes == TravelModel().minutes(DOLE, SAINT_CLAUDE)
    # And towards the next visit.
    afternoon = Busy(at(MONDAY, 13, 30), at(MONDAY, 15, 30), SAINT_CLAUDE, "2026-0002")
    before = check_booking([Agenda("advisor", HOURS, [afternoon])], at(MONDAY, 9), 120, DOLE)
    assert before.warnings == ()  # 150 min to drive ~110 km: enough
    tighter = check_booking([Agenda("advisor", HOURS, [afternoon])], at(MONDAY, 10), 120, DOLE)
    assert [(w.direction, w.available_minutes) for w in tighter.warnings] == [("to", 90)]


def test_free_slots_are_common_to_both_and_do_not_overlap():
    visit = Busy(at(MONDAY, 9), at(MONDAY, 11), DOLE, "2026-0001")
    absence = Busy(at(MONDAY, 13, 30), at(MONDAY, 15), None, "réunion", is_visit=False)
    agendas = [Agenda("advisor", HOURS, [visit]), Agenda("coordinator", HOURS, [absence])]
    slots = free_slots(agendas, [MONDAY], 120, PARIS)
    assert [s.strftime("%H:%M") for s in slots] == ["15:00"]
    tuesday = free_slots(agendas, [MONDAY + dt.timedelta(days=1)], 120, PARIS)
    assert [s.strftime("%H:%M") for s in tuesday] == ["09:00", "13:30", "15:30"]
    assert free_slots(agendas, [MONDAY + dt.timedelta(days=5)], 120, PARIS) == []


def test_an_absence_over_several_days_blocks_each_of_them():
    leave = Busy(at(MONDAY, 12), at(MONDAY + dt.timedelta(days=2), 10), None, "congés", is_visit=False)
    agendas = [Agenda("advisor", HOURS, [leave]), Agenda("coordinator", HOURS, [])]
    week = [MONDAY + dt.timedelta(days=i) for i in range(4)]
    slots = [s.strftime("%a %H:%M") for s in free_slots(agendas, week, 120, PARIS)]
    assert slots == ["Mon 09:00", "Wed 10:00", "Wed 13:30", "Wed 15:30", "Thu 09:00", "Thu 13:30", "Thu 15:30"]


def test_expected_dates_follow_free_slots_then_weekly_capacity():
    free = [at(MONDAY, 9), at(MONDAY, 14), at(MONDAY + dt.timedelta(days=1), 9), at(MONDAY + dt.timedelta(days=8), 9)]
    dates = expected_dates(5, free, weekly_capacity=2, horizon_end=MONDAY + dt.timedelta(days=13))
    assert dates == [
        MONDAY,
        MONDAY,  # the third slot of the first week is over capacity
        MONDAY + dt.timedelta(days=8),
        MONDAY + dt.timedelta(days=14),  # beyond the agenda: two a week from the following Monday
        MONDAY + dt.timedelta(days=14),
    ]
    assert expected_dates(0, free, 2, MONDAY) == []
    with pytest.raises(ValueError):
        expected_dates(1, free, 0, MONDAY)
