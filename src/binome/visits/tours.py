"""Tour proposals on the agenda: the households waiting for a visit placed on the binôme's next working days
by ``binome.planning`` (OR-Tools), shown on a map and booked in one action through ``agenda.book``.

The inputs come from the database in a constant number of queries: the waiting dossiers (with their
availability windows and location), ranked by the coordination's rules (registered here by the
coordination app, which sits above visits), the agendas of the binôme (working hours, absences, visits
already booked), the visits already booked per week (weekly capacity) and the agenda settings (visit
length, travel model, start commune, priority tolerance).
"""

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.cases import policies
from binome.cases.workflow import TransitionRefused
from binome.planning import routing
from binome.planning.geo import Point, RoadModel
from binome.planning.tours import Booked, Household, Shift, TourPlan, TourProblem, Window, baseline
from binome.territory.models import Commune
from binome.visits import agenda
from binome.visits.models import AgendaSettings, Visit, VisitStatus
from binome.visits.scheduling import Agenda


TEAM = "binome"
MAX_WEEKS = 4
# The solver's time: a short base and a little per household, never more than the target's 5 s.
SECONDS_BASE, SECONDS_PER_HOUSEHOLD, SECONDS_MAX = 0.5, 0.08, 3.0


# The ranking of the waiting requests belongs to the coordination (priority rules, coverage plan). It registers
# a function ``rank(queryset, programme, today) -> list`` returning the dossiers the binôme may visit now, highest
# priority first, each with ``priority`` (points) and ``reasons`` (French labels). Without one: urgent, then oldest.
_rankers: list[Callable] = []


def register_ranker(fn: Callable) -> Callable:
    if fn not in _rankers:
        _rankers.append(fn)
    return fn


def _default_rank(dossiers, programme, today) -> list:
    ranked = list(dossiers.order_by("-urgent", "created_at"))
    for d in ranked:
        d.priority, d.reasons = None, []
    return ranked


def waiting(request, today: dt.date) -> list:
    """The dossiers waiting for a visit that the binôme may visit now, in priority order."""
    dossiers = (
        policies.visible_dossiers(request)
        .filter(state__in=policies.BOOKABLE_STATES)
        .select_related("commune__unite", "availability")
        .prefetch_related("availability__windows")
    )
    rank = _rankers[-1] if _rankers else _default_rank
    return rank(dossiers, request.programme, today)


@dataclass
class Proposal:
    plan: TourPlan
    baseline_km: float
    dossiers: dict[int, object]  # by pk, the households of the problem
    days: list[dt.date]
    home: Commune
    waiting_count: int  # every waiting request the binôme may visit now
    minutes: int
    weekly_capacity: int
    tolerance_days: int
    rank: dict[int, int]  # dossier pk → position in the queue (1 = first)

    @property
    def saving(self) -> float | None:
        """Share of driving saved against the booking order (None when there is nothing to compare)."""
        if not self.baseline_km or not self.plan.tours:
            return None
        return 1 - self.plan.km / self.baseline_km


def horizon(start: dt.date, weeks: int) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range(7 * weeks)]


def home_commune(programme, config: AgendaSettings) -> Commune | None:
    if config.tour_start_id:
        return config.tour_start
    return Commune.objects.filter(programme=programme).order_by("-population", "name").first()


def point_of(dossier) -> Point:
    """The dwelling's coordinates when the address was located, otherwise the commune's centre."""
    found = getattr(dossier, "availability", None)
    if found is not None and found.latitude is not None and found.longitude is not None:
        return Point(found.latitude, found.longitude, f"dossier-{dossier.pk}")
    return Point(dossier.commune.latitude, dossier.commune.longitude, dossier.commune.insee_code)


def household_of(dossier, days: list[dt.date], minutes: int, tz) -> Household:
    found = getattr(dossier, "availability", None)
    windows, not_before = (), None
    if found is not None:
        not_before = found.not_before
        by_weekday: dict[int, list] = {}
        for window in found.windows.all():
            by_weekday.setdefault(window.weekday, []).append(window)
        windows = tuple(
            Window(dt.datetime.combine(day, w.starts, tzinfo=tz), dt.datetime.combine(day, w.ends, tzinfo=tz))
            for day in days
            for w in by_weekday.get(day.weekday(), ())
        )
        if by_weekday and not windows:  # its weekdays are not in the horizon
            windows = _never(days, tz)
    label = f"{dossier.reference} · {dossier.commune.name}"
    return Household(dossier.pk, label, point_of(dossier), minutes, windows, not_before)


def _never(days, tz) -> tuple[Window, ...]:
    """A window outside every working day: the household's weekdays are not in the horizon."""
    night = dt.datetime.combine(days[0], dt.time(0), tzinfo=tz)
    return (Window(night, night + dt.timedelta(minutes=1)),)


def _intersect(a: list, b: list) -> list:
    return [(max(s, u), min(e, v)) for s, e in a for u, v in b if max(s, u) < min(e, v)]


def _subtract(periods: list, busy: list) -> list:
    for start, end in busy:
        periods = [
            piece for s, e in periods for piece in ((s, min(e, start)), (max(s, end), e)) if piece[0] < piece[1]
        ]
    return periods


def shifts_for(agendas: list[Agenda], days: list[dt.date], home: Point, tz) -> list[Shift]:
    """The binôme's working days: the periods both work, absences cut out, with the visits already booked."""
    shifts = []
    for day in days:
        periods = None
        for person in agendas:
            mine = [
                (dt.datetime.combine(day, a, tzinfo=tz), dt.datetime.combine(day, b, tzinfo=tz))
                for a, b in person.working_hours.get(day.weekday(), ())
            ]
            periods = mine if periods is None else _intersect(periods, mine)
        absences = [(b.start, b.end) for p in agendas for b in p.busy if not b.is_visit]
        periods = sorted(_subtract(periods or [], absences))
        booked = {
            (b.start, b.label): Booked(
                b.label, Point(b.place.latitude, b.place.longitude), timezone.localtime(b.start), _minutes(b)
            )
            for p in agendas
            for b in p.busy
            if b.is_visit and b.place and timezone.localtime(b.start).date() == day
        }
        if periods:
            shifts.append(Shift(TEAM, day, tuple(periods), home, tuple(booked.values())))
    return shifts


def _minutes(busy) -> int:
    return int((busy.end - busy.start).total_seconds() // 60)


def week_load(programme, people, days: list[dt.date]) -> dict:
    """Visits already booked with the binôme, per ISO week of the horizon (one query)."""
    monday = days[0] - dt.timedelta(days=days[0].weekday())
    start, _end = agenda.day_bounds(monday)
    end, _end2 = agenda.day_bounds(days[-1] + dt.timedelta(days=7 - days[-1].weekday()))
    load: dict = {}
    ids = [p.pk for p in people]
    for starts_at in Visit.objects.filter(
        Q(advisor_id__in=ids) | Q(coordinator_id__in=ids),
        dossier__programme=programme,
        status=VisitStatus.PLANNED,
        starts_at__gte=start,
        starts_at__lt=end,
    ).values_list("starts_at", flat=True):
        week = (TEAM, *timezone.localtime(starts_at).date().isocalendar()[:2])
        load[week] = load.get(week, 0) + 1
    return load


class NoBinome(Exception):
    """The programme has no active coordinator or energy advisor: no agenda to plan in."""


def propose(request, start: dt.date, weeks: int) -> Proposal:
    """The tour proposal for the ``weeks`` weeks from ``start``."""
    programme, tz = request.programme, timezone.get_current_timezone()
    coordinator, advisor = agenda.binome_of(programme)
    if not coordinator or not advisor:
        raise NoBinome
    config = AgendaSettings.for_programme(programme)
    home = home_commune(programme, config)
    days = horizon(start, weeks)
    begin, _end = agenda.day_bounds(days[0])
    finish, _end2 = agenda.day_bounds(days[-1] + dt.timedelta(days=1))
    agendas = agenda.load_agendas(programme, [coordinator, advisor], begin, finish)
    home_point = Point(home.latitude, home.longitude, home.insee_code)
    shifts = shifts_for(agendas, days, home_point, tz)
    ranked = waiting(request, timezone.localdate())
    # The solver only needs the head of the queue: twice what the weeks can hold, and some margin.
    kept = ranked[: 2 * config.weekly_capacity * weeks + 10]
    problem = TourProblem(
        households=tuple(household_of(d, days, config.slot_minutes, tz) for d in kept),
        shifts=tuple(shifts),
        travel=RoadModel(config.road_factor, config.average_speed_kmh),
        weekly_capacity=config.weekly_capacity,
        week_load=week_load(programme, [coordinator, advisor], days),
        tolerance_days=config.priority_tolerance_days,
    )
    seconds = min(SECONDS_MAX, SECONDS_BASE + SECONDS_PER_HOUSEHOLD * len(kept))
    plan = routing.propose(problem, time_limit=seconds)
    return Proposal(
        plan=plan,
        baseline_km=baseline(problem).km,
        dossiers={d.pk: d for d in kept},
        days=days,
        home=home,
        waiting_count=len(ranked),
        minutes=config.slot_minutes,
        weekly_capacity=config.weekly_capacity,
        tolerance_days=config.priority_tolerance_days,
        rank={d.pk: position for position, d in enumerate(ranked, start=1)},
    )


# Booking a proposal.

STOP = re.compile(r"^(\d{1,12}):(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?(?:[+-]\d\d:\d\d)?):(\d{1,9})$")


@dataclass(frozen=True)
class StopChoice:
    """One visit of the proposal as the booking form carries it: dossier, start, the dossier's version."""

    dossier_pk: int
    starts_at: dt.datetime
    version: int

    @property
    def value(self) -> str:
        return f"{self.dossier_pk}:{timezone.localtime(self.starts_at).isoformat(timespec='minutes')}:{self.version}"

    @classmethod
    def parse(cls, value: str) -> "StopChoice | None":
        match = STOP.match(value or "")
        if not match:
            return None
        try:
            starts_at = dt.datetime.fromisoformat(match[2])
        except ValueError:
            return None
        if timezone.is_naive(starts_at):
            starts_at = timezone.make_aware(starts_at)
        return cls(int(match[1]), starts_at, int(match[3]))


class TourRefused(Exception):
    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def book(request, choices: list[StopChoice]) -> list[Visit]:
    """Book every chosen visit through ``agenda.book`` (the booking rules, the dossier's transitions), all or
    none: when one is refused, nothing is booked and every refusal is returned (``TourRefused``)."""
    coordinator, advisor = agenda.binome_of(request.programme)
    if advisor is None:
        raise TourRefused([_("Aucun chargé de visite actif dans le programme : rien n'a été réservé.")])
    minutes = AgendaSettings.for_programme(request.programme).slot_minutes
    dossiers = {d.pk: d for d in policies.visible_dossiers(request).filter(pk__in=[c.dossier_pk for c in choices])}
    errors, visits = [], []
    now = timezone.now()
    with transaction.atomic():
        for choice in sorted(choices, key=lambda c: c.starts_at):
            dossier = dossiers.get(choice.dossier_pk)
            if dossier is None:
                errors.append(_("Un dossier de la proposition n'existe plus ou ne vous est pas accessible."))
                continue
            if choice.starts_at <= now:
                errors.append(_("%(ref)s : ce créneau est déjà passé.") % {"ref": dossier.reference})
                continue
            try:
                with transaction.atomic():
                    visits.append(
                        agenda.book(
                            dossier,
                            user=request.user,
                            roles=request.roles,
                            advisor=advisor,
                            starts_at=choice.starts_at,
                            minutes=minutes,
                            expected_version=choice.version,
                        )
                    )
            except TransitionRefused as exc:
                errors.append(_("%(ref)s : %(reason)s") % {"ref": dossier.reference, "reason": exc})
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise TourRefused(errors)
    return visits


# The map's background: the programme's communes from the reference data (never copied into the repository).


def communes_geojson(programme) -> dict | None:
    """The outlines of the programme's communes with their UT, or None when the reference file is absent."""
    path = Path(settings.JURA_DATA_DIR) / f"communes-{programme.departement}.geojson"
    if not path.exists():
        return None
    unites = dict(Commune.objects.filter(programme=programme).values_list("insee_code", "unite__name"))
    return _outlines(str(path), path.stat().st_mtime, tuple(sorted(unites.items())))


@lru_cache(maxsize=8)
def _outlines(path: str, _mtime: float, unites: tuple) -> dict:
    by_code = dict(unites)
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    features = []
    for feature in data.get("features", []):
        properties = feature.get("properties") or {}
        code = properties.get("code_insee") or properties.get("code")
        if code in by_code:
            features.append(
                {
                    "type": "Feature",
                    "properties": {"code": code, "ut": by_code[code]},
                    "geometry": _rounded(feature["geometry"]),
                }
            )
    return {"type": "FeatureCollection", "features": features}


def _rounded(geometry: dict) -> dict:
    """Coordinates to 4 decimals (about 10 m): a third of the weight, the same drawing."""

    def walk(value):
        if isinstance(value, list):
            return [walk(v) for v in value]
        return round(value, 4) if isinstance(value, float) else value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}
