"""The binôme's agenda as plain Python (no Django import): slots, availability, travel, expected delay.

- A visit lasts about two hours (configurable) and both people of the binôme attend it.
- Each person has working hours per weekday and absences; a visit must fit inside the working hours
  of both and overlap none of their absences or other visits.
- Travel between two visits is estimated from the communes' centres: road distance ≈ 1.3 × the
  great-circle distance, at a configurable average speed. A gap shorter than the estimated drive is
  a warning, not a refusal (the coordinator knows the roads better than the formula).
- The expected visit date of a waiting request comes from the free slots ahead and the weekly
  capacity of the binôme.
"""

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float


def great_circle_km(a: Place, b: Place) -> float:
    """Haversine distance between two points, in kilometres."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class TravelModel:
    road_factor: float = 1.3
    speed_kmh: float = 50.0

    def road_km(self, a: Place, b: Place) -> float:
        return great_circle_km(a, b) * self.road_factor

    def minutes(self, a: Place, b: Place) -> int:
        """Estimated driving time, rounded up to the minute."""
        return math.ceil(self.road_km(a, b) / self.speed_kmh * 60)


@dataclass(frozen=True)
class Busy:
    """A time a person is not available: a visit (with its place) or an absence (no place)."""

    start: dt.datetime
    end: dt.datetime
    place: Place | None = None
    label: str = ""
    is_visit: bool = True


# weekday (0 = Monday) → list of (start, end) local times
WorkingHours = Mapping[int, Sequence[tuple[dt.time, dt.time]]]


@dataclass
class Agenda:
    """One person's constraints for the days considered."""

    who: str
    working_hours: WorkingHours
    busy: list[Busy] = field(default_factory=list)


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def within_hours(agenda: Agenda, start: dt.datetime, end: dt.datetime) -> bool:
    """True when [start, end) fits inside one of the person's working periods of that day."""
    day = start.date()
    if end.date() != day and end.time() != dt.time(0):
        return False
    for begin, finish in agenda.working_hours.get(start.weekday(), ()):
        period_start = start.replace(hour=begin.hour, minute=begin.minute, second=0, microsecond=0)
        period_end = start.replace(hour=finish.hour, minute=finish.minute, second=0, microsecond=0)
        if period_start <= start and end <= period_end:
            return True
    return False


@dataclass(frozen=True)
class Conflict:
    who: str
    kind: str  # "hours" (outside working hours), "absence", "visit"
    busy: Busy | None = None


@dataclass(frozen=True)
class TravelWarning:
    who: str
    other: Busy
    direction: str  # "from" (the visit before) or "to" (the visit after)
    needed_minutes: int
    available_minutes: int


@dataclass(frozen=True)
class Check:
    conflicts: tuple[Conflict, ...]
    warnings: tuple[TravelWarning, ...]

    @property
    def ok(self) -> bool:
        return not self.conflicts


def check_booking(
    agendas: Iterable[Agenda], start: dt.datetime, minutes: int, place: Place, travel: TravelModel = TravelModel()
) -> Check:
    """Whether everybody is free for a visit at ``place`` from ``start`` for ``minutes``."""
    end = start + dt.timedelta(minutes=minutes)
    conflicts, warnings = [], []
    for agenda in agendas:
        if not within_hours(agenda, start, end):
            conflicts.append(Conflict(agenda.who, "hours"))
        for busy in agenda.busy:
            if _overlaps(start, end, busy.start, busy.end):
                conflicts.append(Conflict(agenda.who, "visit" if busy.is_visit else "absence", busy))
        same_day = [b for b in agenda.busy if b.is_visit and b.place and b.start.date() == start.date()]
        before = [b for b in same_day if b.end <= start]
        after = [b for b in same_day if b.start >= end]
        if before:
            previous = max(before, key=lambda b: b.end)
            needed = travel.minutes(previous.place, place)
            gap = int((start - previous.end).total_seconds() // 60)
            if needed > gap:
                warnings.append(TravelWarning(agenda.who, previous, "from", needed, gap))
        if after:
            following = min(after, key=lambda b: b.start)
            needed = travel.minutes(place, following.place)
            gap = int((following.start - end).total_seconds() // 60)
            if needed > gap:
                warnings.append(TravelWarning(agenda.who, following, "to", needed, gap))
    return Check(tuple(conflicts), tuple(warnings))


def _busy_by_day(busy: list[Busy], tz) -> dict[dt.date, list[Busy]]:
    """Each busy time under every local day it touches."""
    found: dict[dt.date, list[Busy]] = {}
    for item in busy:
        day, last = item.start.astimezone(tz).date(), item.end.astimezone(tz).date()
        while day <= last:
            found.setdefault(day, []).append(item)
            day += dt.timedelta(days=1)
    return found


def free_slots(
    agendas: Sequence[Agenda], days: Iterable[dt.date], minutes: int, tz, step_minutes: int = 30
) -> list[dt.datetime]:
    """Start times, every ``step_minutes``, when all the agendas can take a visit of ``minutes``.

    Candidates start at the beginning of each working period of the first agenda; slots are not
    allowed to overlap each other's start so that a day offers distinct, bookable choices.
    """
    slots = []
    if not agendas:
        return slots
    length = dt.timedelta(minutes=minutes)
    by_day = [_busy_by_day(a.busy, tz) for a in agendas]  # each slot is checked against its day's busy times only
    for day in days:
        last_end = None
        busy_today = [found.get(day, ()) for found in by_day]
        for begin, finish in agendas[0].working_hours.get(day.weekday(), ()):
            cursor = dt.datetime.combine(day, begin, tzinfo=tz)
            limit = dt.datetime.combine(day, finish, tzinfo=tz)
            while cursor + length <= limit:
                if last_end is not None and cursor < last_end:
                    cursor += dt.timedelta(minutes=step_minutes)
                    continue
                free = all(
                    within_hours(a, cursor, cursor + length)
                    and not any(_overlaps(cursor, cursor + length, b.start, b.end) for b in busy)
                    for a, busy in zip(agendas, busy_today, strict=True)
                )
                if free:
                    slots.append(cursor)
                    last_end = cursor + length
                cursor += dt.timedelta(minutes=step_minutes)
    return slots


def expected_dates(
    count: int, free_starts: Sequence[dt.datetime], weekly_capacity: int, horizon_end: dt.date
) -> list[dt.date]:
    """Expected visit date of the first ``count`` requests of the queue, in queue order.

    The free slots known in the agenda are handed out first, no more than ``weekly_capacity`` a week
    (the binôme also writes reports); beyond them, each later week takes ``weekly_capacity`` more.
    """
    if weekly_capacity < 1:
        raise ValueError("weekly_capacity must be at least 1")
    dates: list[dt.date] = []
    per_week: dict[tuple[int, int], int] = {}
    for start in sorted(free_starts):
        if len(dates) >= count:
            break
        week = start.date().isocalendar()[:2]
        if per_week.get(week, 0) >= weekly_capacity:
            continue
        per_week[week] = per_week.get(week, 0) + 1
        dates.append(start.date())
    monday = horizon_end - dt.timedelta(days=horizon_end.weekday()) + dt.timedelta(days=7)
    while len(dates) < count:
        for _ in range(weekly_capacity):
            if len(dates) >= count:
                break
            dates.append(monday)
        monday += dt.timedelta(days=7)
    return dates
