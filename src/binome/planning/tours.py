"""Visit tours: the problem (households waiting for a visit, the binôme's working days), the schedule of a
day's route, the booking-order baseline and the check every proposal passes.

The rules, stated once:

- a visit starts and ends inside one working period of the day (a morning or an afternoon, absences and
  other commitments already cut out) and inside one of the household's availability windows when it gave
  any; it never starts before the household's « pas avant » date;
- the day starts at the team's home point (the office) and ends there: the first drive starts at or after
  the beginning of the day's first period, the drive back ends by the end of its last period; driving may
  cross a gap between periods (the lunch break) but a visit may not;
- visits already booked keep their place and time; a day whose booked visits cannot be chained with the
  travel model is left out of the proposal, with the reason;
- a team does at most ``weekly_capacity`` visits per ISO week, the visits already booked included;
- priorities: households come in priority order, highest first. A household is never visited more than
  ``tolerance_days`` after a household of lower priority, and a household left out for lack of room keeps
  every lower one out of the proposal: the proposal takes the head of the queue, and the tolerance only
  lets the order bend inside the period to save driving. A household left out for a reason of its own
  (windows, distance, conflict with higher ones) does not hold the others.

Times are counted in units of ``UNIT_MINUTES`` (5 min) from midnight of the first day; driving times are
rounded up to the unit, so a proposed start is a round time (9:05, 10:40).
"""

import dataclasses
import datetime as dt
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from binome.planning.geo import Point, RoadModel, Travel


UNIT_MINUTES = 5
UNITS_PER_DAY = 24 * 60 // UNIT_MINUTES
Interval = tuple[int, int]  # [start, end] in units, inclusive: the possible starts of a visit


@dataclass(frozen=True)
class Window:
    """A time the household said it is at home (from the calls)."""

    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Household:
    key: Hashable
    label: str  # how a person names it: the dossier's reference and commune
    point: Point
    minutes: int = 120
    windows: tuple[Window, ...] = ()  # none: whenever the binôme works
    not_before: dt.date | None = None


@dataclass(frozen=True)
class Booked:
    """A visit already in the agenda: it keeps its time and place."""

    label: str
    point: Point
    start: dt.datetime
    minutes: int


@dataclass(frozen=True)
class Shift:
    """One working day of one team: its free periods, home point and visits already booked."""

    team: Hashable
    day: dt.date
    periods: tuple[tuple[dt.datetime, dt.datetime], ...]
    home: Point
    booked: tuple[Booked, ...] = ()
    # Earliest departure and latest return when the visits already booked need more than the periods' span.
    leave_from: dt.datetime | None = None
    back_by: dt.datetime | None = None

    @property
    def week(self) -> tuple[int, int]:
        return self.day.isocalendar()[:2]


@dataclass(frozen=True)
class TourProblem:
    households: tuple[Household, ...]  # in priority order, highest first
    shifts: tuple[Shift, ...]
    travel: Travel = field(default_factory=RoadModel)
    weekly_capacity: int | None = None  # per team and ISO week, visits already booked included
    # Visits already booked per (team, ISO year, ISO week), for the capacity: all of them, those of the shifts too.
    week_load: Mapping[tuple[Hashable, int, int], int] = field(default_factory=dict)
    tolerance_days: int = 7


@dataclass(frozen=True)
class Stop:
    key: Hashable | None  # None for a visit already booked
    label: str
    point: Point
    start: dt.datetime
    end: dt.datetime
    drive_km: float  # from the previous stop (or home)
    drive_minutes: float

    @property
    def booked(self) -> bool:
        return self.key is None


@dataclass(frozen=True)
class DayTour:
    team: Hashable
    day: dt.date
    home: Point
    stops: tuple[Stop, ...]
    leave_at: dt.datetime
    back_at: dt.datetime
    km: float  # the whole day's driving, the drive back included

    @property
    def new_stops(self) -> tuple[Stop, ...]:
        return tuple(s for s in self.stops if not s.booked)


# Why a household was left out; OWN_REASONS are its own constraints, which do not hold the lower ones.
NO_WINDOW, NOT_YET, TOO_FAR, CONFLICT, FULL = "windows", "later", "distance", "conflict", "capacity"
OWN_REASONS = frozenset({NO_WINDOW, NOT_YET, TOO_FAR, CONFLICT})


@dataclass(frozen=True)
class Unplaced:
    key: Hashable
    label: str
    kind: str
    reason: str  # in French, for the coordinator


@dataclass(frozen=True)
class TourPlan:
    tours: tuple[DayTour, ...]
    unplaced: tuple[Unplaced, ...]
    problems: tuple[str, ...] = ()  # what stops any proposal (no working day), in French
    seconds: float = 0.0
    method: str = ""

    @property
    def km(self) -> float:
        return sum(t.km for t in self.tours)

    @property
    def placed(self) -> dict[Hashable, tuple[DayTour, Stop]]:
        return {s.key: (t, s) for t in self.tours for s in t.new_stops}


class TourClock:
    """Conversions between datetimes and units, and the possible starts of each household on each shift."""

    def __init__(self, problem: TourProblem):
        self.problem = problem
        first = min((s for s in problem.shifts), key=lambda s: s.day, default=None)
        self.first_day = first.day if first else dt.date.today()
        tz = first.periods[0][0].tzinfo if first and first.periods else None
        self.origin = dt.datetime.combine(self.first_day, dt.time(0), tzinfo=tz)
        self.horizon_days = (max(s.day for s in problem.shifts) - self.first_day).days + 1 if first else 0
        self._travel: dict[tuple[Point, Point], tuple[int, float, float]] = {}

    def units(self, when: dt.datetime, up: bool = False) -> int:
        value = (when - self.origin).total_seconds() / 60 / UNIT_MINUTES
        return math.ceil(value - 1e-9) if up else math.floor(value + 1e-9)

    def at(self, units: int) -> dt.datetime:
        return self.origin + dt.timedelta(minutes=units * UNIT_MINUTES)

    def day_index(self, day: dt.date) -> int:
        return (day - self.first_day).days

    def drive(self, a: Point, b: Point) -> tuple[int, float, float]:
        """(units, km, minutes) from a to b; units rounded up."""
        found = self._travel.get((a, b))
        if found is None:
            minutes = self.problem.travel.minutes(a, b)
            found = (math.ceil(minutes / UNIT_MINUTES - 1e-9), self.problem.travel.km(a, b), minutes)
            self._travel[(a, b)] = found
        return found

    def span(self, shift: Shift) -> Interval:
        """The earliest departure and the latest return of the day (units)."""
        return self.units(shift.leave_from or shift.periods[0][0], up=True), self.units(
            shift.back_by or shift.periods[-1][1]
        )

    def visit_units(self, minutes: int) -> int:
        return math.ceil(minutes / UNIT_MINUTES)

    def starts(self, household: Household, shift: Shift) -> list[Interval]:
        """The possible starts of the household's visit on that shift (periods ∩ windows ∩ not before)."""
        length = self.visit_units(household.minutes)
        if household.not_before and shift.day < household.not_before:
            return []
        periods = [(self.units(a, up=True), self.units(b)) for a, b in shift.periods]
        if household.windows:
            windows = [(self.units(w.start, up=True), self.units(w.end)) for w in household.windows]
            periods = [(max(a, c), min(b, d)) for a, b in periods for c, d in windows if max(a, c) < min(b, d)]
        return merge([(a, b - length) for a, b in periods if b - length >= a])

    def reachable_starts(self, household: Household, shift: Shift) -> list[Interval]:
        """``starts`` narrowed to the times the team can drive there from home and back within the day."""
        first, last = self.span(shift)
        there = self.drive(shift.home, household.point)[0]
        back = self.drive(household.point, shift.home)[0]
        latest = last - back - self.visit_units(household.minutes)
        result = []
        for a, b in self.starts(household, shift):
            low, high = max(a, first + there), min(b, latest)
            if low <= high:
                result.append((low, high))
        return result


def merge(intervals: Sequence[Interval]) -> list[Interval]:
    """Sorted, overlapping or touching intervals joined."""
    result: list[list[int]] = []
    for a, b in sorted(intervals):
        if result and a <= result[-1][1] + 1:
            result[-1][1] = max(result[-1][1], b)
        else:
            result.append([a, b])
    return [(a, b) for a, b in result]


def earliest_in(intervals: Sequence[Interval], at_least: int) -> int | None:
    for a, b in intervals:
        if b >= at_least:
            return max(a, at_least)
    return None


# A route item: a household of the problem or a visit already booked.
Item = Household | Booked


def schedule(clock: TourClock, shift: Shift, items: Sequence[Item]) -> list[int] | None:
    """Earliest start (units) of each item in that order, or None when the day cannot hold them."""
    first, last = clock.span(shift)
    position, t = shift.home, first
    starts = []
    for item in items:
        arrive = t + clock.drive(position, item.point)[0]
        if isinstance(item, Booked):
            start = clock.units(item.start)
            if start < arrive:
                return None
            length = clock.visit_units(item.minutes)
        else:
            start = earliest_in(clock.starts(item, shift), arrive)
            if start is None:
                return None
            length = clock.visit_units(item.minutes)
        starts.append(start)
        position, t = item.point, start + length
    if t + clock.drive(position, shift.home)[0] > last:
        return None
    return starts


def day_tour(clock: TourClock, shift: Shift, items: Sequence[Item]) -> DayTour:
    """The day's tour of ``items`` in that order (which ``schedule`` accepts), with its times and driving."""
    starts = schedule(clock, shift, items)
    assert starts is not None, "the route does not fit in the day"
    stops, position, km = [], shift.home, 0.0
    for item, start in zip(items, starts, strict=True):
        _units, leg_km, leg_minutes = clock.drive(position, item.point)
        begin = clock.at(start)
        stops.append(
            Stop(
                key=None if isinstance(item, Booked) else item.key,
                label=item.label,
                point=item.point,
                start=begin,
                end=begin + dt.timedelta(minutes=item.minutes),
                drive_km=leg_km,
                drive_minutes=leg_minutes,
            )
        )
        position, km = item.point, km + leg_km
    back_units, back_km, _back_minutes = clock.drive(position, shift.home)
    first_drive = clock.drive(shift.home, items[0].point)[0] if items else 0
    leave = clock.at(starts[0] - first_drive) if items else clock.at(clock.span(shift)[0])
    back = stops[-1].end + dt.timedelta(minutes=back_units * UNIT_MINUTES) if stops else leave
    return DayTour(shift.team, shift.day, shift.home, tuple(stops), leave, back, km + back_km)


def booked_sequence(shift: Shift) -> list[Booked]:
    return sorted(shift.booked, key=lambda b: b.start)


def usable_shifts(clock: TourClock) -> tuple[list[Shift], list[str]]:
    """The shifts whose booked visits chain with the travel model, and a French note for each other one.

    A day whose booked visits are too far from home for the periods' span (a visit at 9:00 an hour away)
    starts earlier or ends later, just as much as they need."""
    usable, notes = [], []
    for shift in sorted(clock.problem.shifts, key=lambda s: (s.day, str(s.team))):
        if not shift.periods:
            continue
        booked = booked_sequence(shift)
        if booked and schedule(clock, shift, booked) is None:
            shift = _widened(clock, shift, booked)
        if schedule(clock, shift, booked) is None:
            visits = ", ".join(f"{b.label} à {b.start:%H:%M}" for b in booked)
            notes.append(
                f"Le {shift.day:%d/%m/%Y}, les visites déjà programmées ({visits}) ne laissent pas le temps de route "
                "estimé entre elles : aucune visite n'est ajoutée ce jour-là."
            )
            continue
        usable.append(shift)
    return usable, notes


def _widened(clock: TourClock, shift: Shift, booked: Sequence[Booked]) -> Shift:
    there = clock.drive(shift.home, booked[0].point)[0] * UNIT_MINUTES
    back = clock.drive(booked[-1].point, shift.home)[0] * UNIT_MINUTES
    leave = min(shift.periods[0][0], booked[0].start - dt.timedelta(minutes=there))
    last_end = booked[-1].start + dt.timedelta(minutes=booked[-1].minutes)
    return dataclasses.replace(
        shift, leave_from=leave, back_by=max(shift.periods[-1][1], last_end + dt.timedelta(minutes=back))
    )


def room(problem: TourProblem, shifts: Sequence[Shift]) -> dict[tuple[Hashable, int, int], int]:
    """Visits each team may still take each ISO week of the shifts (a large number without a weekly cap)."""
    result = {}
    for shift in shifts:
        week = (shift.team, *shift.week)
        if problem.weekly_capacity is None:
            result[week] = 10**6
        else:
            result[week] = max(0, problem.weekly_capacity - problem.week_load.get(week, 0))
    return result


def fmt_minutes(minutes: float) -> str:
    hours, rest = divmod(round(minutes), 60)
    return f"{hours} h {rest:02d}" if hours else f"{rest} min"


def why_impossible(clock: TourClock, household: Household, shifts: Sequence[Shift]) -> Unplaced | None:
    """The household's own reason not to fit any shift (before any other household is placed), or None."""
    if any(clock.reachable_starts(household, s) for s in shifts):
        return None
    last_day = max((s.day for s in shifts), default=None)
    if household.not_before and last_day and household.not_before > last_day:
        reason = (
            f"disponible seulement à partir du {household.not_before:%d/%m/%Y}, après la période proposée "
            f"(jusqu'au {last_day:%d/%m/%Y})"
        )
        return Unplaced(household.key, household.label, NOT_YET, reason)
    if not any(clock.starts(household, s) for s in shifts):
        if household.windows and any(
            (w.end - w.start) < dt.timedelta(minutes=household.minutes) for w in household.windows
        ):
            reason = (
                f"ses disponibilités sont trop courtes ou ne tombent pas pendant les heures de travail du binôme "
                f"(il faut {household.minutes} min d'un seul tenant pour la visite)"
            )
        else:
            reason = "aucune de ses disponibilités ne tombe pendant un jour travaillé du binôme sur la période"
        return Unplaced(household.key, household.label, NO_WINDOW, reason)
    nearest = min(shifts, key=lambda s: clock.drive(s.home, household.point)[2])
    there = clock.drive(nearest.home, household.point)[2]
    reason = (
        f"trop loin pour ses disponibilités : {fmt_minutes(there)} de route à l'aller et au retour autour d'une "
        f"visite de {household.minutes} min ne tiennent dans aucune de ses plages"
    )
    return Unplaced(household.key, household.label, TOO_FAR, reason)


def full_reason(problem: TourProblem, by_capacity: bool = True) -> str:
    if problem.weekly_capacity is not None and by_capacity:
        return (
            f"capacité atteinte : le binôme fait au plus {problem.weekly_capacity} visites par semaine et les "
            "ménages plus prioritaires occupent les places de la période ; il reste en file pour la suite"
        )
    return (
        "journées pleines : les visites des ménages plus prioritaires et la route occupent les heures de travail "
        "de la période ; il reste en file pour la suite"
    )


CONFLICT_REASON = (
    "ses créneaux possibles sont pris par des ménages plus prioritaires ou ne laissent pas le temps de route "
    "nécessaire : élargissez ses disponibilités ou programmez-le à la main"
)


def baseline(problem: TourProblem) -> TourPlan:
    """Booking order: each household in priority order takes the earliest time the agenda still allows
    (as a coordinator booking the first free slot would), inserted among the day's visits."""
    clock = TourClock(problem)
    shifts, notes = usable_shifts(clock)
    routes: dict[int, list[Item]] = {i: booked_sequence(s) for i, s in enumerate(shifts)}
    left = room(problem, shifts)
    unplaced = []
    for household in problem.households:
        impossible = why_impossible(clock, household, shifts)
        if impossible:
            unplaced.append(impossible)
            continue
        best = None
        for i, shift in enumerate(shifts):
            if left[(shift.team, *shift.week)] <= 0:
                continue
            for position in range(len(routes[i]) + 1):
                items = [*routes[i][:position], household, *routes[i][position:]]
                starts = schedule(clock, shift, items)
                if starts is not None and (best is None or starts[position] < best[0]):
                    best = (starts[position], i, items)
        if best is None:
            by_capacity = not any(left[(s.team, *s.week)] > 0 for s in shifts)
            unplaced.append(Unplaced(household.key, household.label, FULL, full_reason(problem, by_capacity)))
            continue
        _start, i, items = best
        routes[i] = items
        left[(shifts[i].team, *shifts[i].week)] -= 1
    tours = tuple(day_tour(clock, shifts[i], items) for i, items in routes.items() if items)
    return TourPlan(tours, tuple(unplaced), problems=tuple(notes), method="booking order")


def check_plan(problem: TourProblem, plan: TourPlan) -> list[str]:
    """Every rule a proposal must keep; the list of what it breaks (empty when it keeps them all)."""
    clock = TourClock(problem)
    errors = _check_coverage(problem, plan)
    by_key = {h.key: h for h in problem.households}
    shifts = {(s.team, s.day): s for s in usable_shifts(clock)[0]}
    load: dict[tuple, int] = {}
    for tour in plan.tours:
        shift = shifts.get((tour.team, tour.day))
        if shift is None:
            errors.append(f"tour on {tour.day} of team {tour.team} is not a working day")
            continue
        errors += _check_tour(clock, shift, tour, by_key)
        week = (tour.team, *shift.week)
        load[week] = load.get(week, 0) + len(tour.new_stops)
    if problem.weekly_capacity is not None:
        for week, count in load.items():
            if count and count + problem.week_load.get(week, 0) > problem.weekly_capacity:
                errors.append(f"week {week} holds {count} new visits over the capacity")
    return errors + _check_priorities(problem, plan, clock)


def _check_coverage(problem: TourProblem, plan: TourPlan) -> list[str]:
    errors = []
    placed = [s.key for t in plan.tours for s in t.new_stops]
    if len(placed) != len(set(placed)):
        errors.append("a household is placed twice")
    left = [u.key for u in plan.unplaced]
    keys = [h.key for h in problem.households]
    if sorted(map(repr, placed + left)) != sorted(map(repr, keys)):
        errors.append("placed and left-out households do not match the problem's")
    errors += [f"{u.label} left out without a reason" for u in plan.unplaced if not u.reason]
    return errors


def _check_tour(clock: TourClock, shift: Shift, tour: DayTour, by_key) -> list[str]:
    errors = []
    first, last = clock.span(shift)
    periods = [(clock.units(a, up=True), clock.units(b)) for a, b in shift.periods]
    position, t = shift.home, first
    booked = {(b.label, b.start) for b in shift.booked}
    for stop in tour.stops:
        start, end = clock.units(stop.start), clock.units(stop.end, up=True)
        if start < t + clock.drive(position, stop.point)[0]:
            errors.append(f"{stop.label}: not enough time to drive there on {tour.day}")
        if stop.booked:
            booked.discard((stop.label, stop.start))
        else:
            household = by_key[stop.key]
            if not any(a <= start and end <= b for a, b in periods):
                errors.append(f"{stop.label}: outside working hours on {tour.day}")
            if household.windows and not any(w.start <= stop.start and stop.end <= w.end for w in household.windows):
                errors.append(f"{stop.label}: outside the household's windows")
            if household.not_before and tour.day < household.not_before:
                errors.append(f"{stop.label}: before the household's first day")
        position, t = stop.point, end
    if tour.stops and t + clock.drive(position, shift.home)[0] > last:
        errors.append(f"tour of {tour.day}: back home after the end of the day")
    if booked:
        errors.append(f"tour of {tour.day}: a booked visit is missing or moved")
    return errors


def left_out_day(clock: TourClock) -> int:
    """The day a household left out for lack of room counts as visited: beyond the tolerance after the horizon,
    so that no lower household is placed while it waits."""
    return clock.horizon_days + clock.problem.tolerance_days + 1


def _check_priorities(problem: TourProblem, plan: TourPlan, clock: TourClock) -> list[str]:
    """A higher household is never later than a lower one by more than the tolerance; left out for lack of room,
    it holds every lower one out of the proposal."""
    day_of = {s.key: clock.day_index(t.day) for t in plan.tours for s in t.new_stops}
    excused = {u.key for u in plan.unplaced if u.kind in OWN_REASONS}
    after = left_out_day(clock)
    errors, earliest_below = [], None
    for household in reversed(problem.households):
        if household.key in excused:
            continue
        day = day_of.get(household.key, after)
        if earliest_below is not None and day > earliest_below[0] + problem.tolerance_days:
            errors.append(f"{household.label} is later than {earliest_below[1]} beyond the tolerance")
        if earliest_below is None or day < earliest_below[0]:
            earliest_below = (day, household.label)
    return errors
