"""Capacity and coverage simulator: one to three years of a programme, week by week.

Each week, per unité territoriale (UT):

1. at the first week of a year the coverage plan changes: the waiting requests of a UT that opens join the
   queue, those of a UT that closes are deferred (a priority request stays in the queue when derogations
   are allowed);
2. requests arrive (a Poisson draw around the UT's yearly rate, plus the bursts: a workshop bringing
   37 requests on one day); a request is a priority one with the scenario's probability; one from a closed
   UT is deferred to the year its UT opens, unless it is a priority one and derogations are allowed;
3. waiting requests withdraw with a probability that grows with their wait (linear hazard, calibrated by
   the share withdrawn after one year of waiting);
4. the teams visit: ``teams × visits_per_week`` (fractions carry from week to week, so 3.5 alternates 3 and
   4), none in holiday weeks; priority requests first, then — in the last weeks of the year — those whose UT
   closes next year, then the oldest.

Reported per UT and year: visits per 1,000 households against the target, waiting list at the end of the
year, delays (request → visit), deferred requests (and how many of them were later visited), withdrawn
requests. The same scenario and seed give the same figures; several seeds give a band.
"""

import dataclasses
import math
import random
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


WEEKS_PER_YEAR = 52
YEAR_END_WEEKS = 9  # the last weeks of the year, when requests of a UT closing next year go first
# Delay classes (weeks from the request to the visit) and their French labels.
DELAY_BOUNDS = (4, 13, 26, 52)
DELAY_LABELS = ("moins d'un mois", "1 à 3 mois", "3 à 6 mois", "6 à 12 mois", "plus d'un an")
# Four weeks of summer, one at Christmas, one in spring, one in autumn: 45 working weeks (the brief's assumption).
DEFAULT_HOLIDAYS = frozenset({16, 31, 32, 33, 34, 44, 52})

LIMITS = {
    "years": (1, 3),
    "teams": (1, 5),
    "visits_per_week": (0.5, 15.0),
    "priority_share": (0.0, 1.0),
    "withdrawal_at_one_year": (0.0, 0.95),
    "requests_per_year": (0.0, 5000.0),
    "burst": (1, 1000),
    "seeds": (1, 200),
    "initial_waiting": (0, 5000),
    "target_per_thousand": (0.1, 100.0),
}


@dataclass(frozen=True)
class Unit:
    name: str
    households: int
    requests_per_year: float


@dataclass(frozen=True)
class Burst:
    """Requests arriving on one day (a workshop, a mobilisation event) in one UT."""

    year: int
    week: int  # 1–52
    unit: str
    count: int


@dataclass(frozen=True)
class Scenario:
    name: str
    units: tuple[Unit, ...]
    start_year: int
    years: int = 1
    teams: int = 1
    visits_per_week: float = 3.5  # per team
    holiday_weeks: frozenset[int] = DEFAULT_HOLIDAYS
    coverage: Mapping[int, frozenset[str]] = field(default_factory=dict)  # year → open UTs; none: all
    priority_share: float = 0.2
    derogations: bool = True
    year_end_rule: bool = True
    withdrawal_at_one_year: float = 0.5
    target_per_thousand: float = 2.0
    bursts: tuple[Burst, ...] = ()
    initial_waiting: int = 0  # requests already waiting when the simulation starts (spread like the arrivals)

    @property
    def year_range(self) -> range:
        return range(self.start_year, self.start_year + self.years)

    def is_open(self, unit: str, year: int) -> bool:
        opened = self.coverage.get(year)
        return not opened or unit in opened

    def open_next_year(self, unit: str, year: int) -> bool:
        return self.is_open(unit, year + 1)


class InvalidScenario(ValueError):
    """The parameters are out of range; ``messages`` says which, in French."""

    def __init__(self, messages: Sequence[str]):
        super().__init__("; ".join(messages))
        self.messages = list(messages)


def _outside(value, key: str) -> bool:
    low, high = LIMITS[key]
    return not (low <= value <= high)


def validate(scenario: Scenario, seeds: int = 1) -> list[str]:
    """What is out of range in the scenario, in French (empty when it can be simulated)."""
    name = scenario.name or "le scénario"
    errors = []
    checks = [
        ("years", scenario.years, "la durée doit être de 1 à 3 ans"),
        ("teams", scenario.teams, "le nombre de binômes doit être de 1 à 5"),
        ("visits_per_week", scenario.visits_per_week, "les visites par semaine et par binôme vont de 0,5 à 15"),
        ("priority_share", scenario.priority_share, "la part de demandes prioritaires va de 0 à 100 %"),
        ("withdrawal_at_one_year", scenario.withdrawal_at_one_year, "les abandons après un an vont de 0 à 95 %"),
        ("target_per_thousand", scenario.target_per_thousand, "l'objectif pour 1 000 ménages va de 0,1 à 100"),
        ("seeds", seeds, "le nombre de tirages va de 1 à 200"),
        ("initial_waiting", scenario.initial_waiting, "les demandes déjà en attente vont de 0 à 5 000"),
    ]
    errors += [f"{name} : {message}." for key, value, message in checks if _outside(value, key)]
    if not scenario.units:
        errors.append(f"{name} : aucune unité territoriale.")
    names = {u.name for u in scenario.units}
    for unit in scenario.units:
        if unit.households <= 0:
            errors.append(f"{name} : l'UT {unit.name} doit compter au moins un ménage.")
        if _outside(unit.requests_per_year, "requests_per_year"):
            errors.append(f"{name} : les demandes par an de l'UT {unit.name} vont de 0 à 5 000.")
    if any(not 1 <= week <= WEEKS_PER_YEAR for week in scenario.holiday_weeks):
        errors.append(f"{name} : les semaines de congés sont numérotées de 1 à 52.")
    if len(scenario.holiday_weeks) > 26:
        errors.append(f"{name} : au plus 26 semaines de congés par an.")
    for year, opened in scenario.coverage.items():
        if opened - names:
            errors.append(
                f"{name} : UT inconnue dans le plan de couverture {year} : {', '.join(sorted(opened - names))}."
            )
    for burst in scenario.bursts:
        if burst.unit not in names:
            errors.append(f"{name} : UT inconnue pour l'afflux de demandes : {burst.unit}.")
        if burst.year not in scenario.year_range or not 1 <= burst.week <= WEEKS_PER_YEAR:
            errors.append(f"{name} : l'afflux de demandes doit tomber pendant la période simulée.")
        if _outside(burst.count, "burst"):
            errors.append(f"{name} : un afflux compte de 1 à 1 000 demandes.")
    return errors


@dataclass
class Request:
    unit: str
    arrived: int  # absolute week
    priority: bool
    deferred: bool = False  # deferred at least once
    burst: int | None = None  # index of the burst it came with


@dataclass
class UnitYear:
    unit: str
    year: int
    households: int
    open: bool
    arrivals: int = 0
    visits: int = 0
    derogations: int = 0  # visits of a closed UT's priority requests
    deferred: int = 0  # requests deferred this year (at arrival or when their UT closed)
    deferred_visited: int = 0  # visits this year of requests deferred before
    lost: int = 0  # withdrawn while waiting
    waiting_end: int = 0  # queue and deferred at the end of the year
    delays: list[int] = field(default_factory=list)  # weeks from request to visit

    @property
    def per_thousand(self) -> float:
        return self.visits / self.households * 1000


@dataclass
class Run:
    seed: int
    rows: dict[tuple[str, int], UnitYear]
    waiting_by_week: list[int]  # waiting requests (queue and deferred) at the end of each week
    bursts: list[dict[str, int]]  # per burst: requests, deferred, visited, deferred_visited, lost


def hazard_slope(withdrawal_at_one_year: float) -> float:
    """k such that a request waiting w weeks withdraws that week with probability k·w, and
    1 - Π(1 - k·w) over a year ≈ ``withdrawal_at_one_year``."""
    if withdrawal_at_one_year <= 0:
        return 0.0
    return -math.log(1 - withdrawal_at_one_year) / (WEEKS_PER_YEAR * (WEEKS_PER_YEAR + 1) / 2)


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method; the weekly means here are small)."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


class _Simulation:
    def __init__(self, scenario: Scenario, seed: int):
        self.s, self.rng = scenario, random.Random(seed)
        self.seed = seed
        self.rows = {
            (u.name, y): UnitYear(u.name, y, u.households, scenario.is_open(u.name, y))
            for u in scenario.units
            for y in scenario.year_range
        }
        self.queue: list[Request] = []
        self.deferred: list[Request] = []
        self.slope = hazard_slope(scenario.withdrawal_at_one_year)
        self.carry = 0.0
        self.waiting_by_week: list[int] = []
        self.bursts: dict[tuple[int, int], list[int]] = {}
        for index, burst in enumerate(scenario.bursts):
            self.bursts.setdefault((burst.year, burst.week), []).append(index)
        keys = ("requests", "deferred", "visited", "deferred_visited", "lost")
        self.burst_counts = [dict.fromkeys(keys, 0) for _ in scenario.bursts]

    def visitable(self, request: Request, year: int) -> bool:
        return self.s.is_open(request.unit, year) or (request.priority and self.s.derogations)

    def defer(self, request: Request, year: int) -> None:
        if request.burst is not None and not request.deferred:
            self.burst_counts[request.burst]["deferred"] += 1
        request.deferred = True
        self.rows[(request.unit, year)].deferred += 1
        self.deferred.append(request)

    def enter(self, request: Request, year: int) -> None:
        if self.visitable(request, year):
            self.queue.append(request)
        else:
            self.defer(request, year)

    def start(self) -> None:
        """The requests already waiting: drawn among the UTs like the arrivals, received in the last 26 weeks."""
        rates = [u.requests_per_year for u in self.s.units]
        if not self.s.initial_waiting or not sum(rates):
            return
        for unit in self.rng.choices(self.s.units, weights=rates, k=self.s.initial_waiting):
            request = Request(unit.name, -self.rng.randint(1, 26), self.rng.random() < self.s.priority_share)
            self.enter(request, self.s.start_year)

    def year_change(self, year: int) -> None:
        waiting, self.queue, self.deferred = self.queue + self.deferred, [], []
        for request in sorted(waiting, key=lambda r: r.arrived):
            self.enter(request, year)

    def arrive(self, week: int, year: int, week_of_year: int) -> None:
        for unit in self.s.units:
            origins = [None] * poisson(self.rng, unit.requests_per_year / WEEKS_PER_YEAR)
            for index in self.bursts.get((year, week_of_year), ()):
                if self.s.bursts[index].unit == unit.name:
                    origins += [index] * self.s.bursts[index].count
                    self.burst_counts[index]["requests"] += self.s.bursts[index].count
            self.rows[(unit.name, year)].arrivals += len(origins)
            for origin in origins:
                self.enter(Request(unit.name, week, self.rng.random() < self.s.priority_share, burst=origin), year)

    def withdraw(self, week: int, year: int) -> None:
        if not self.slope:
            return
        kept = {}
        for name in ("queue", "deferred"):
            kept[name] = []
            for request in getattr(self, name):
                if self.rng.random() < min(1.0, self.slope * (week - request.arrived)):
                    self.rows[(request.unit, year)].lost += 1
                    if request.burst is not None:
                        self.burst_counts[request.burst]["lost"] += 1
                else:
                    kept[name].append(request)
        self.queue, self.deferred = kept["queue"], kept["deferred"]

    def visit(self, week: int, year: int, week_of_year: int) -> None:
        if week_of_year in self.s.holiday_weeks:
            return
        self.carry += self.s.teams * self.s.visits_per_week
        capacity = math.floor(self.carry + 1e-9)
        self.carry -= capacity
        if not capacity or not self.queue:
            return
        year_end = self.s.year_end_rule and week_of_year > WEEKS_PER_YEAR - YEAR_END_WEEKS

        def rank(r: Request):
            closing = year_end and not self.s.open_next_year(r.unit, year)
            return (not r.priority, not closing, r.arrived)

        self.queue.sort(key=rank)
        visited, self.queue = self.queue[:capacity], self.queue[capacity:]
        for request in visited:
            row = self.rows[(request.unit, year)]
            row.visits += 1
            row.delays.append(week - request.arrived)
            row.derogations += not self.s.is_open(request.unit, year)
            row.deferred_visited += request.deferred
            if request.burst is not None:
                self.burst_counts[request.burst]["visited"] += 1
                self.burst_counts[request.burst]["deferred_visited"] += request.deferred

    def run(self) -> Run:
        self.start()
        for week in range(self.s.years * WEEKS_PER_YEAR):
            year = self.s.start_year + week // WEEKS_PER_YEAR
            week_of_year = week % WEEKS_PER_YEAR + 1
            if week_of_year == 1 and week:
                self.year_change(year)
            self.arrive(week, year, week_of_year)
            self.withdraw(week, year)
            self.visit(week, year, week_of_year)
            self.waiting_by_week.append(len(self.queue) + len(self.deferred))
            if week_of_year == WEEKS_PER_YEAR:
                for request in self.queue + self.deferred:
                    self.rows[(request.unit, year)].waiting_end += 1
        return Run(self.seed, self.rows, self.waiting_by_week, self.burst_counts)


def simulate(scenario: Scenario, seed: int = 0) -> Run:
    """One run of the scenario; the same seed gives the same figures."""
    errors = validate(scenario)
    if errors:
        raise InvalidScenario(errors)
    return _Simulation(scenario, seed).run()


# Many seeds: medians and bands.


@dataclass(frozen=True)
class Band:
    low: float  # 10th percentile
    median: float
    high: float  # 90th percentile


def band(values: Sequence[float]) -> Band:
    ordered = sorted(values)
    if not ordered:
        return Band(0.0, 0.0, 0.0)

    def at(q: float) -> float:
        position = q * (len(ordered) - 1)
        below, above = math.floor(position), math.ceil(position)
        return ordered[below] + (ordered[above] - ordered[below]) * (position - below)

    return Band(at(0.1), statistics.median(ordered), at(0.9))


@dataclass(frozen=True)
class Figures:
    """One row of the report (a UT and year, or a year's whole territory / covered part), over the seeds."""

    label: str
    year: int
    households: int
    open: bool
    per_thousand: Band
    visits: Band
    arrivals: Band
    waiting_end: Band
    deferred: Band
    deferred_visited: Band
    lost: Band
    derogations: Band
    delay_median_weeks: float | None
    delay_p90_weeks: float | None
    delay_shares: tuple[float, ...]  # share of visits per delay class (DELAY_LABELS)


@dataclass(frozen=True)
class Report:
    scenario: Scenario
    seeds: tuple[int, ...]
    units: tuple[Figures, ...]  # per UT and year
    territory: tuple[Figures, ...]  # per year, the whole territory
    covered: tuple[Figures, ...]  # per year: all the visits per 1,000 households of the UTs open that year
    waiting_by_week: tuple[Band, ...]
    bursts: tuple[dict[str, Band], ...]  # per burst: requests, deferred, visited, deferred_visited, lost

    def reaches_target(self, year: int, part: str = "covered") -> bool:
        rows = self.covered if part == "covered" else self.territory
        row = next(r for r in rows if r.year == year)
        return row.per_thousand.median >= self.scenario.target_per_thousand


def _figures(label: str, year: int, rows_by_run: Sequence[Sequence[UnitYear]], is_open: bool) -> Figures:
    households = sum(r.households for r in rows_by_run[0]) if rows_by_run else 0

    def per_run(attribute):
        return [sum(getattr(r, attribute) for r in rows) for rows in rows_by_run]

    visits = per_run("visits")
    delays = sorted(d for rows in rows_by_run for r in rows for d in r.delays)
    shares = [0] * len(DELAY_LABELS)
    for d in delays:
        shares[sum(d >= bound for bound in DELAY_BOUNDS)] += 1
    total = len(delays) or 1
    return Figures(
        label=label,
        year=year,
        households=households,
        open=is_open,
        per_thousand=band([v / households * 1000 if households else 0.0 for v in visits]),
        visits=band(visits),
        arrivals=band(per_run("arrivals")),
        waiting_end=band(per_run("waiting_end")),
        deferred=band(per_run("deferred")),
        deferred_visited=band(per_run("deferred_visited")),
        lost=band(per_run("lost")),
        derogations=band(per_run("derogations")),
        delay_median_weeks=statistics.median(delays) if delays else None,
        delay_p90_weeks=band(delays).high if delays else None,
        delay_shares=tuple(s / total for s in shares),
    )


def report(scenario: Scenario, seeds: Sequence[int]) -> Report:
    """The scenario run once per seed, summed up per UT and year with a 10–90 % band."""
    errors = validate(scenario, len(seeds))
    if errors:
        raise InvalidScenario(errors)
    runs = [_Simulation(scenario, seed).run() for seed in seeds]
    units, territory, covered = [], [], []
    for year in scenario.year_range:
        for unit in scenario.units:
            rows = [[run.rows[(unit.name, year)]] for run in runs]
            units.append(_figures(unit.name, year, rows, scenario.is_open(unit.name, year)))
        whole = _figures("", year, [[r for (_u, y), r in run.rows.items() if y == year] for run in runs], True)
        territory.append(whole)
        # The covered part: every visit of the year (derogations included) per 1,000 households of the open UTs.
        households = sum(u.households for u in scenario.units if scenario.is_open(u.name, year))
        rates = [sum(r.visits for (_u, y), r in run.rows.items() if y == year) / households * 1000 for run in runs]
        covered.append(dataclasses.replace(whole, households=households, per_thousand=band(rates)))
    weeks = len(runs[0].waiting_by_week)
    waiting = tuple(band([run.waiting_by_week[w] for run in runs]) for w in range(weeks))
    bursts = tuple(
        {key: band([run.bursts[i][key] for run in runs]) for key in runs[0].bursts[i]}
        for i in range(len(scenario.bursts))
    )
    return Report(scenario, tuple(seeds), tuple(units), tuple(territory), tuple(covered), waiting, bursts)


# Coverage plans.


def coverage_plan(mode: str, unit_names: Sequence[str], years: range, first_half: Sequence[str] = ()) -> dict:
    """The plan for ``mode``: ``all`` (every UT every year) or ``halves`` (``first_half`` the first year, the
    other UTs the next, alternating)."""
    if mode == "all":
        return {}
    if mode == "halves":
        first = frozenset(first_half or unit_names[: len(unit_names) // 2])
        second = frozenset(unit_names) - first
        return {year: first if (year - years.start) % 2 == 0 else second for year in years}
    raise ValueError(f"unknown coverage mode {mode!r}")
