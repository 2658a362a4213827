"""The tour proposal (binome.planning): rules kept by every proposal, reasons for households left out, driving
saved against the booking order. Pure Python and OR-Tools: no database; solver time limits stay short."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from binome.planning.geo import MatrixTravel, Point, RoadModel, great_circle_km
from binome.planning.routing import NO_WORKING_DAY, propose
from binome.planning.tours import (
    CONFLICT,
    FULL,
    NO_WINDOW,
    NOT_YET,
    TOO_FAR,
    Booked,
    Household,
    Shift,
    TourProblem,
    Unplaced,
    Window,
    baseline,
    check_plan,
)


TZ = dt.timezone(dt.timedelta(hours=1))
MONDAY = dt.date(2026, 11, 30)
# Jura communes (centres): the office at Lons-le-Saunier, households around it.
LONS = Point(46.6747, 5.5544, "39300")
PLACES = {
    "Dole": Point(47.0750, 5.4917, "39198"),
    "Champagnole": Point(46.7475, 5.9139, "39097"),
    "Saint-Claude": Point(46.3872, 5.8633, "39478"),
    "Poligny": Point(46.8372, 5.7094, "39434"),
    "Arbois": Point(46.9036, 5.7744, "39013"),
    "Orgelet": Point(46.5214, 5.6111, "39397"),
    "Bletterans": Point(46.7467, 5.4547, "39056"),
    "Morez": Point(46.5239, 6.0253, "39367"),
    "Salins-les-Bains": Point(46.9386, 5.8792, "39500"),
    "Moirans-en-Montagne": Point(46.4336, 5.7264, "39333"),
    "Les Rousses": Point(46.4844, 6.0636, "39470"),
    "Tavaux": Point(47.0339, 5.4050, "39526"),
}
NAMES = sorted(PLACES)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def office_day(day: dt.date, home: Point = LONS, team="binome", booked=()) -> Shift:
    periods = ((at(day, 9), at(day, 12, 30)), (at(day, 13, 30), at(day, 17, 30)))
    return Shift(team, day, periods, home, tuple(booked))


def week(days=range(5), **kwargs) -> tuple[Shift, ...]:
    return tuple(office_day(MONDAY + dt.timedelta(days=i), **kwargs) for i in days)


def household(key, place="Poligny", minutes=120, windows=(), not_before=None) -> Household:
    return Household(key, f"{key} · {place}", PLACES[place], minutes, tuple(windows), not_before)


def problem(households, shifts=None, **kwargs) -> TourProblem:
    return TourProblem(tuple(households), shifts if shifts is not None else week(), **kwargs)


def test_road_model_is_the_agenda_s_1_3_great_circle_at_50_kmh():
    model = RoadModel()
    km = great_circle_km(LONS, PLACES["Dole"])
    assert 44 < km < 46  # Lons-le-Saunier → Dole, as the crow flies
    assert model.km(LONS, PLACES["Dole"]) == pytest.approx(km * 1.3)
    assert model.minutes(LONS, PLACES["Dole"]) == pytest.approx(km * 1.3 / 50 * 60)
    with pytest.raises(ValueError):
        RoadModel(road_factor=0.9)


def test_a_distance_matrix_replaces_the_formula_where_it_knows_the_pair():
    travel = MatrixTravel({("39300", "39198"): 52.0}, {("39300", "39198"): 41.0})
    assert travel.km(LONS, PLACES["Dole"]) == 52.0
    assert travel.minutes(LONS, PLACES["Dole"]) == 41.0
    assert travel.km(PLACES["Dole"], LONS) == pytest.approx(RoadModel().km(PLACES["Dole"], LONS))  # fallback


def test_a_proposal_places_everybody_it_can_and_keeps_every_rule():
    households = [household(i, NAMES[i % len(NAMES)]) for i in range(8)]
    p = problem(households)
    plan = propose(p, time_limit=0.5)
    assert check_plan(p, plan) == []
    assert len(plan.placed) == 8 and plan.unplaced == ()
    for tour in plan.tours:
        assert tour.leave_at >= at(tour.day, 9) and tour.back_at <= at(tour.day, 17, 30)
        for stop in tour.stops:
            in_morning = at(tour.day, 9) <= stop.start and stop.end <= at(tour.day, 12, 30)
            in_afternoon = at(tour.day, 13, 30) <= stop.start and stop.end <= at(tour.day, 17, 30)
            assert in_morning or in_afternoon
            assert stop.start.minute % 5 == 0


def test_the_optimiser_drives_less_than_the_booking_order():
    # Alternating north and south of the office: booking in that order zigzags across the département.
    north, south = (
        ["Dole", "Tavaux", "Arbois", "Salins-les-Bains"],
        ["Saint-Claude", "Morez", "Les Rousses", "Orgelet"],
    )
    households = [household(i, (north if i % 2 else south)[i // 2 % 4], minutes=90) for i in range(10)]
    p = problem(households)
    plan, booking_order = propose(p, time_limit=1.0), baseline(p)
    assert check_plan(p, plan) == [] and check_plan(p, booking_order) == []
    assert len(plan.placed) == len(booking_order.placed) == 10
    assert plan.km <= 0.8 * booking_order.km


def test_windows_and_the_first_day_are_kept():
    tuesday, thursday = MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=3)
    households = [
        household("mardi-matin", "Arbois", windows=[Window(at(tuesday, 9), at(tuesday, 12))]),
        household("jeudi", "Orgelet", not_before=thursday),
        household("libre", "Dole"),
    ]
    p = problem(households)
    plan = propose(p, time_limit=0.3)
    assert check_plan(p, plan) == []
    placed = plan.placed
    tour, stop = placed["mardi-matin"]
    assert tour.day == tuesday and stop.end <= at(tuesday, 12)
    assert placed["jeudi"][0].day >= thursday


def test_households_that_cannot_be_placed_are_explained_never_dropped_silently():
    wednesday = MONDAY + dt.timedelta(days=2)
    households = [
        household("court", windows=[Window(at(wednesday, 10), at(wednesday, 11))]),  # 1 h for a 2 h visit
        household(
            "week-end", windows=[Window(at(MONDAY + dt.timedelta(days=5), 10), at(MONDAY + dt.timedelta(days=5), 16))]
        ),
        household("plus-tard", not_before=MONDAY + dt.timedelta(days=30)),
        household("loin", "Les Rousses", windows=[Window(at(wednesday, 9), at(wednesday, 11, 30))]),
    ]
    p = problem(households, shifts=week(days=[2]))
    plan = propose(p, time_limit=0.3)
    reasons = {u.key: u for u in plan.unplaced}
    assert reasons["court"].kind == NO_WINDOW and "120 min" in reasons["court"].reason
    assert reasons["week-end"].kind == NO_WINDOW
    assert reasons["plus-tard"].kind == NOT_YET and "30/12/2026" in reasons["plus-tard"].reason
    assert reasons["loin"].kind == TOO_FAR and "trop loin" in reasons["loin"].reason
    assert plan.tours == () and check_plan(p, plan) == []


def test_no_working_day_is_said_in_french():
    p = problem([household(1)], shifts=())
    plan = propose(p, time_limit=0.2)
    assert plan.problems[0] == NO_WORKING_DAY and "Aucun jour travaillé" in NO_WORKING_DAY
    assert [u.key for u in plan.unplaced] == [1] and plan.unplaced[0].reason


def test_weekly_capacity_counts_the_visits_already_booked_and_holds_the_lower_households():
    households = [household(i, NAMES[i]) for i in range(6)]
    p = problem(households, weekly_capacity=4, week_load={("binome", 2026, 49): 1})
    plan = propose(p, time_limit=0.5)
    assert check_plan(p, plan) == []
    assert sorted(plan.placed) == [0, 1, 2]  # the head of the queue, three places left
    assert {u.key: u.kind for u in plan.unplaced} == {3: FULL, 4: FULL, 5: FULL}
    assert "4 visites par semaine" in plan.unplaced[0].reason


def test_booked_visits_keep_their_time_and_a_far_early_visit_starts_the_day_earlier():
    tuesday = MONDAY + dt.timedelta(days=1)
    booked = (Booked("2026-0001", PLACES["Les Rousses"], at(tuesday, 9), 120),)
    p = problem([household("a", "Morez"), household("b", "Dole")], shifts=(office_day(tuesday, booked=booked),))
    plan = propose(p, time_limit=0.3)
    assert check_plan(p, plan) == []
    (tour,) = plan.tours
    kept = [s for s in tour.stops if s.booked]
    assert [(s.label, s.start) for s in kept] == [("2026-0001", at(tuesday, 9))]
    assert tour.leave_at < at(tuesday, 9)  # an hour's drive before the visit booked at 9:00


def test_booked_visits_that_cannot_chain_leave_the_day_out_with_the_reason():
    tuesday = MONDAY + dt.timedelta(days=1)
    booked = (
        Booked("2026-0001", PLACES["Dole"], at(tuesday, 9), 120),
        Booked("2026-0002", PLACES["Les Rousses"], at(tuesday, 11, 10), 60),
    )
    p = problem([household("a")], shifts=(office_day(tuesday, booked=booked),))
    plan = propose(p, time_limit=0.2)
    assert any("2026-0001 à 09:00, 2026-0002 à 11:10" in problem for problem in plan.problems)
    assert plan.tours == () and plan.unplaced[0].key == "a"


def test_a_household_whose_only_slot_is_taken_by_a_higher_one_does_not_hold_the_queue():
    tuesday = MONDAY + dt.timedelta(days=1)
    slot = [Window(at(tuesday, 9), at(tuesday, 12, 30))]
    households = [
        household("premier", "Poligny", windows=slot),
        household("deuxieme", "Arbois", windows=slot),  # the same morning: only one 2 h visit fits
        household("troisieme", "Dole"),
        household("quatrieme", "Orgelet"),
    ]
    p = problem(households, shifts=week(days=[1, 2]), tolerance_days=0)
    plan = propose(p, time_limit=0.3)
    assert check_plan(p, plan) == []
    assert {u.key: u.kind for u in plan.unplaced} == {"deuxieme": CONFLICT}
    assert {"premier", "troisieme", "quatrieme"} <= set(plan.placed)


def test_the_check_finds_a_broken_rule():
    p = problem([household("a"), household("b")])
    plan = propose(p, time_limit=0.2)
    tour = plan.tours[0]
    late = tour.stops[0].__class__(**{**tour.stops[0].__dict__, "start": at(tour.day, 18), "end": at(tour.day, 20)})
    broken = plan.__class__((tour.__class__(**{**tour.__dict__, "stops": (late, *tour.stops[1:])}),), plan.unplaced)
    assert any("outside working hours" in e for e in check_plan(p, broken))
    assert any(
        "match" in e
        for e in check_plan(p, plan.__class__(plan.tours, (*plan.unplaced, Unplaced("z", "z", FULL, "x"))))
    )


# Property: whatever the households, windows, absences and capacity, a proposal keeps every rule.


@st.composite
def problems(draw):
    count = draw(st.integers(1, 7))
    days = sorted(draw(st.sets(st.integers(0, 9), min_size=0, max_size=4)))
    shifts = []
    for i in days:
        day = MONDAY + dt.timedelta(days=i)
        if draw(st.booleans()):
            periods = ((at(day, 9), at(day, 12, 30)), (at(day, 13, 30), at(day, 17, 30)))
        else:  # an absence cuts the morning short
            periods = ((at(day, 9), at(day, draw(st.integers(10, 12)))), (at(day, 14), at(day, 17)))
        shifts.append(Shift("binome", day, periods, LONS))
    households = []
    for key in range(count):
        windows = ()
        if draw(st.booleans()):
            day = MONDAY + dt.timedelta(days=draw(st.integers(0, 9)))
            start = draw(st.integers(8, 16))
            windows = (Window(at(day, start), at(day, min(start + draw(st.integers(1, 5)), 19))),)
        place = draw(st.sampled_from(NAMES))
        households.append(
            Household(key, f"{key} · {place}", PLACES[place], draw(st.sampled_from([60, 90, 120])), windows)
        )
    capacity = draw(st.one_of(st.none(), st.integers(1, 4)))
    return TourProblem(
        tuple(households), tuple(shifts), weekly_capacity=capacity, tolerance_days=draw(st.integers(0, 7))
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_proposal_respects_windows_hours_capacity_and_priorities(p):
    plan = propose(p, time_limit=0.15, retries=1)
    assert check_plan(p, plan) == []
    placed = [s.key for t in plan.tours for s in t.new_stops]
    assert len(placed) == len(set(placed))  # no household twice
    assert all(u.reason for u in plan.unplaced)


@settings(max_examples=25, deadline=None)
@given(problems())
def test_the_booking_order_baseline_keeps_the_hard_rules(p):
    errors = [e for e in check_plan(p, baseline(p)) if "tolerance" not in e]
    assert errors == []
