"""The capacity and coverage simulator applied to a programme: its UTs and households, its history of requests,
the scenarios of the page and their reports (``binome.planning.simulator`` does the simulation).

Households per UT: the programme's reference households split in proportion to the population of each UT's
communes (no programme holds a per-UT figure yet). Arrivals per UT: an entered yearly rate split the same way,
or the requests the programme received in each UT over the last twelve months.
"""

import dataclasses
import datetime as dt
import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.cases.models import Dossier
from binome.coordination import services
from binome.planning import simulator
from binome.territory.models import UniteTerritoriale
from binome.visits.agenda import day_bounds


@dataclass(frozen=True)
class Territory:
    """The programme's UTs as the simulator needs them: name, households, requests of the last 12 months."""

    names: tuple[str, ...]
    households: dict[str, int]
    history: dict[str, int]
    history_since: dt.date
    plan: dict[int, frozenset[str]]  # the programme's coverage plan, by UT name

    @property
    def history_total(self) -> int:
        return sum(self.history.values())

    def units(self, requests_per_year: float | None) -> tuple[simulator.Unit, ...]:
        """The UTs with their arrival rate: ``requests_per_year`` split by households, or the history."""
        total = sum(self.households.values()) or 1
        return tuple(
            simulator.Unit(
                name,
                self.households[name],
                requests_per_year * self.households[name] / total
                if requests_per_year is not None
                else float(self.history.get(name, 0)),
            )
            for name in self.names
        )


def _history(programme, since: dt.date) -> dict[str, int]:
    """Requests per UT since the day after ``since``: a year of requests, counted once a day (the page reads it
    from the cache the rest of the day)."""
    return dict(
        # A range of the (programme, created_at) index: the day after ``since`` from its local midnight on.
        Dossier.objects.filter(programme=programme, created_at__gte=day_bounds(since + dt.timedelta(days=1))[0])
        .values("commune__unite__name")
        .annotate(n=Count("pk"))
        .values_list("commune__unite__name", "n")
    )


def territory_of(programme, today: dt.date | None = None) -> Territory:
    """The UTs' population, the requests of the last twelve months (counted once a day), the coverage plan."""
    today = today or timezone.localdate()
    rows = list(
        UniteTerritoriale.objects.filter(programme=programme)
        .annotate(population=Sum("communes__population"))
        .order_by("name")
        .values_list("pk", "name", "population")
    )
    population = {name: people or 0 for _pk, name, people in rows}
    total = sum(population.values()) or 1
    households = {
        name: max(1, round(programme.reference_households * people / total)) for name, people in population.items()
    }
    since = today - dt.timedelta(days=365)
    history = cache.get_or_set(f"simulator:history:{programme.pk}:{since}", lambda: _history(programme, since), 86400)
    names = {pk: name for pk, name, _people in rows}
    plan = {year: frozenset(names[pk] for pk in unites) for year, unites in services.plan_for(programme).items()}
    return Territory(tuple(population), households, history, since, plan)


# The scenarios of the page, from its form (``simulator_forms``), and the reports.

SCENARIO_DEFAULTS = [
    # (name, teams, visits per week, coverage)
    (_("Un binôme, tout le territoire"), 1, 3.5, "all"),
    (_("Un binôme, moitiés alternées, 3 visites par semaine"), 1, 3.0, "halves"),
    (_("Un binôme, moitiés alternées, 4 visites par semaine"), 1, 4.0, "halves"),
    (_("Deux binômes, tout le territoire"), 2, 3.5, "all"),
]


def coverage_for(choice: str, territory: Territory, years: range, first_half, custom: dict) -> dict:
    """The plan of a scenario: the whole territory, halves alternating, the programme's plan or a custom one."""
    if choice == "halves":
        return simulator.coverage_plan("halves", list(territory.names), years, first_half)
    if choice == "programme":
        return {year: territory.plan[year] for year in years if territory.plan.get(year)}
    if choice == "custom":
        return {year: frozenset(custom.get(year, ())) for year in years if custom.get(year)}
    return {}


@dataclass
class Comparison:
    reports: list[simulator.Report]
    seeds: tuple[int, ...]
    seconds: float


def compare(scenarios: list[simulator.Scenario], seeds: range) -> Comparison:
    """Every scenario over the same seeds (a report each); ``InvalidScenario`` lists what is out of range.

    The simulation is deterministic (seeded): a comparison already computed (the page's default scenarios, opened
    every day) comes from the cache instead of 80 new runs (0.6 s)."""
    began = time.perf_counter()
    errors = [message for s in scenarios for message in simulator.validate(s, len(seeds))]
    if errors:
        raise simulator.InvalidScenario(errors)
    key = _cache_key(scenarios, seeds)
    reports = cache.get(key)
    if reports is None:
        reports = [simulator.report(s, seeds) for s in scenarios]
        cache.set(key, reports, CACHE_SECONDS)
    return Comparison(reports, tuple(seeds), time.perf_counter() - began)


CACHE_SECONDS = 24 * 3600
CACHE_VERSION = 1  # raise it when the simulation's code changes what it computes


def _cache_key(scenarios, seeds: range) -> str:
    def plain(value):
        if isinstance(value, (set, frozenset)):
            return sorted(value)
        if isinstance(value, Mapping):
            return sorted(value.items())
        raise TypeError(type(value))

    inputs = json.dumps([[dataclasses.asdict(s) for s in scenarios], [seeds.start, seeds.stop]], default=plain)
    return f"simulator:{CACHE_VERSION}:{hashlib.sha256(inputs.encode()).hexdigest()}"
