"""The tour proposal: a vehicle-routing problem with time windows solved by Google OR-Tools.

Each vehicle is one working day of one team, leaving home at the start of the day and back by its end.
Each household waiting for a visit is an optional node (dropping it costs more than any driving, so the
solver places as many as the rules allow), with the possible starts of its visit on each day as its time
domain; the visits already booked are mandatory nodes fixed at their time on their day. The arc cost is the
road distance in metres: the solver minimises driving. Side constraints keep the weekly capacity and the
priority order within the tolerance (see ``tours``). Guided local search runs for a short time limit.

A household left out while its week still had room collides with more prioritary ones: it is set aside
with that reason and the problem solved again without it (twice at most), so that it does not hold back the
households after it.
"""

import time
from collections.abc import Sequence

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from binome.planning.tours import (
    CONFLICT,
    CONFLICT_REASON,
    FULL,
    UNITS_PER_DAY,
    Booked,
    Household,
    Item,
    Shift,
    TourClock,
    TourPlan,
    TourProblem,
    Unplaced,
    baseline,
    booked_sequence,
    day_tour,
    full_reason,
    left_out_day,
    merge,
    room,
    schedule,
    usable_shifts,
    why_impossible,
)


DROP_PENALTY = 10**9  # metres: leaving a household out costs more than any day's driving
NO_WORKING_DAY = (
    "Aucun jour travaillé du binôme sur la période (horaires, absences, jours fériés) : aucune visite ne peut être "
    "proposée. Vérifiez les horaires et les absences, ou allongez la période."
)


def propose(problem: TourProblem, time_limit: float = 2.0, retries: int = 2) -> TourPlan:
    """The proposal for ``problem``: every household placed or left out with its reason, in French."""
    began = time.perf_counter()
    clock = TourClock(problem)
    shifts, notes = usable_shifts(clock)
    if not shifts:
        left = tuple(Unplaced(h.key, h.label, FULL, NO_WORKING_DAY) for h in problem.households)
        return TourPlan((), left, problems=(NO_WORKING_DAY, *notes), method="or-tools")
    own, candidates = {}, []
    for household in problem.households:
        impossible = why_impossible(clock, household, shifts)
        if impossible:
            own[household.key] = impossible
        else:
            candidates.append(household)
    conflicts: list[Household] = []
    while True:
        kept = [h for h in candidates if h not in conflicts]
        routes = solve_routes(clock, shifts, kept, time_limit) if kept else {}
        # Left out though its week had room: its windows collide with higher households' (a household free at
        # any time is left out because the days are full, and keeps the lower ones out).
        blocked = [
            h
            for h in kept
            if not _placed(h, routes) and (h.windows or h.not_before) and _week_has_room(clock, shifts, routes, h)
        ]
        if not blocked or len(conflicts) >= retries:
            conflicts += blocked
            break
        conflicts.append(blocked[0])
    tours = tuple(
        day_tour(clock, shift, routes.get(i, booked_sequence(shift)))
        for i, shift in enumerate(shifts)
        if routes.get(i) or shift.booked
    )
    tours = tuple(t for t in tours if t.new_stops)
    unplaced = []
    for household in problem.households:
        if household.key in own:
            unplaced.append(own[household.key])
        elif household in conflicts:
            unplaced.append(Unplaced(household.key, household.label, CONFLICT, CONFLICT_REASON))
        elif not _placed(household, routes):
            by_capacity = not _week_has_room(clock, shifts, routes, household)
            unplaced.append(Unplaced(household.key, household.label, FULL, full_reason(problem, by_capacity)))
    return TourPlan(tours, tuple(unplaced), tuple(notes), time.perf_counter() - began, "or-tools")


def _placed(household: Household, routes: dict[int, list[Item]]) -> bool:
    return any(household in items for items in routes.values())


def _week_has_room(clock: TourClock, shifts: Sequence[Shift], routes, household: Household) -> bool:
    """Whether one of the weeks the household could be visited in still had room for a visit."""
    left = room(clock.problem, shifts)
    for i, items in routes.items():
        week = (shifts[i].team, *shifts[i].week)
        left[week] -= sum(1 for item in items if isinstance(item, Household))
    return any(left[(s.team, *s.week)] > 0 and clock.reachable_starts(household, s) for s in shifts)


class _Model:
    """The OR-Tools model of one solve: nodes are the homes, then the households, then the booked visits."""

    def __init__(self, clock: TourClock, shifts: Sequence[Shift], households: Sequence[Household]):
        self.clock, self.shifts, self.households = clock, list(shifts), list(households)
        homes = list(dict.fromkeys(s.home for s in shifts))
        booked = [(v, b) for v, s in enumerate(shifts) for b in booked_sequence(s)]
        self.items: list[Item | None] = [None] * len(homes) + self.households + [b for _v, b in booked]
        self.booked_vehicle = {len(homes) + len(self.households) + k: v for k, (v, _b) in enumerate(booked)}
        points = [*homes, *(item.point for item in self.items[len(homes) :])]
        self.first_household = len(homes)
        home_node = {p: i for i, p in enumerate(homes)}
        ends = [home_node[s.home] for s in shifts]
        self.manager = pywrapcp.RoutingIndexManager(len(points), len(shifts), ends, ends)
        self.routing = pywrapcp.RoutingModel(self.manager)
        drives = [[clock.drive(a, b) for b in points] for a in points]
        service = [0] * len(homes) + [clock.visit_units(item.minutes) for item in self.items[len(homes) :]]
        metres = [[round(d[1] * 1000) for d in row] for row in drives]
        minutes = [[service[a] + drives[a][b][0] for b in range(len(points))] for a in range(len(points))]
        self.routing.SetArcCostEvaluatorOfAllVehicles(self.routing.RegisterTransitMatrix(metres))
        horizon = (clock.horizon_days + 1) * UNITS_PER_DAY
        self.routing.AddDimension(self.routing.RegisterTransitMatrix(minutes), horizon, horizon, False, "time")
        self.time = self.routing.GetDimensionOrDie("time")
        self.solver = self.routing.solver()

    def index(self, node: int) -> int:
        return self.manager.NodeToIndex(node)

    def build(self) -> None:
        for v, shift in enumerate(self.shifts):
            first, last = self.clock.span(shift)
            for cumul in (self.time.CumulVar(self.routing.Start(v)), self.time.CumulVar(self.routing.End(v))):
                cumul.SetRange(first, last)
            self.routing.AddVariableMaximizedByFinalizer(self.time.CumulVar(self.routing.Start(v)))
            self.routing.AddVariableMinimizedByFinalizer(self.time.CumulVar(self.routing.End(v)))
        for node, v in self.booked_vehicle.items():
            booked: Booked = self.items[node]
            self.time.CumulVar(self.index(node)).SetValue(self.clock.units(booked.start))
            self.routing.VehicleVar(self.index(node)).SetValue(v)
        self.left = room(self.clock.problem, self.shifts)
        self.allowed = {k: self._household_domain(k, h) for k, h in enumerate(self.households)}
        self._weekly_capacity()
        self._priorities()

    def _household_domain(self, k: int, household: Household) -> list[int]:
        node = self.first_household + k
        index = self.index(node)
        self.routing.AddDisjunction([index], DROP_PENALTY)
        by_vehicle = {
            v: self.clock.starts(household, s)
            for v, s in enumerate(self.shifts)
            if self.left[(s.team, *s.week)] > 0 and self.clock.reachable_starts(household, s)
        }
        if not by_vehicle:
            self.routing.VehicleVar(index).SetValue(-1)
            return []
        union = merge([interval for starts in by_vehicle.values() for interval in starts])
        cumul = self.time.CumulVar(index)
        cumul.SetRange(union[0][0], union[-1][1])
        for (_a, b), (c, _d) in zip(union, union[1:], strict=False):
            cumul.RemoveInterval(b + 1, c - 1)
        self.routing.VehicleVar(index).SetValues([-1, *by_vehicle])
        self.routing.AddVariableMinimizedByFinalizer(cumul)
        for v, starts in by_vehicle.items():
            first, last = self.clock.span(self.shifts[v])
            if merge([(max(a, first), min(b, last)) for a, b in union if max(a, first) <= min(b, last)]) != starts:
                # Another team works at times this one does not (an absence): on this day, only its own times.
                values = [t for a, b in starts for t in range(a, b + 1)]
                on_v = self.solver.IsEqualCstVar(self.routing.VehicleVar(index), v)
                self.solver.Add(on_v <= self.solver.IsMemberVar(cumul, values))
        return list(by_vehicle)

    def _weekly_capacity(self) -> None:
        if self.clock.problem.weekly_capacity is None:
            return
        for week, capacity in self.left.items():
            vehicles = [v for v, s in enumerate(self.shifts) if (s.team, *s.week) == week]
            members = [
                self.solver.IsMemberVar(self.routing.VehicleVar(self.index(self.first_household + k)), vehicles)
                for k, allowed in self.allowed.items()
                if set(allowed) & set(vehicles)
            ]
            if len(members) > capacity:
                self.solver.Add(self.solver.Sum(members) <= capacity)

    def _priorities(self) -> None:
        """Day of each household ≤ the earliest lower one + tolerance; left out, it counts as beyond reach."""
        tolerance, after = self.clock.problem.tolerance_days, left_out_day(self.clock)
        if len(self.households) < 2:
            return
        days = [after] + [self.clock.day_index(s.day) for s in self.shifts]
        earliest_below = None
        for k in reversed(range(len(self.households))):
            vehicle = self.routing.VehicleVar(self.index(self.first_household + k))
            day = self.solver.Element(days, (vehicle + 1).Var())
            if earliest_below is not None:
                self.solver.Add(day <= earliest_below + tolerance)
            earliest_below = day if earliest_below is None else self.solver.Min(day, earliest_below)

    def initial(self, routes: dict[int, list[Item]]):
        """The booking-order baseline as a first solution, when it keeps the model's constraints."""
        node_of = {id(item): node for node, item in enumerate(self.items) if item is not None}
        as_indices = [[self.index(node_of[id(item)]) for item in routes.get(v, [])] for v in range(len(self.shifts))]
        return self.routing.ReadAssignmentFromRoutes(as_indices, True)

    def routes(self, solution) -> dict[int, list[Item]]:
        result = {}
        for v in range(len(self.shifts)):
            index, items = solution.Value(self.routing.NextVar(self.routing.Start(v))), []
            while not self.routing.IsEnd(index):
                items.append(self.items[self.manager.IndexToNode(index)])
                index = solution.Value(self.routing.NextVar(index))
            result[v] = items
        return result


def solve_routes(
    clock: TourClock, shifts: Sequence[Shift], households: Sequence[Household], seconds: float
) -> dict[int, list[Item]]:
    """The best routes found in ``seconds``: items per shift index, in visiting order."""
    model = _Model(clock, shifts, households)
    model.build()
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(max(1, int(seconds * 1000)))
    model.routing.CloseModelWithParameters(params)
    solution = None
    first = _baseline_routes(clock, shifts, households)
    start = model.initial(first)
    if start is not None:
        solution = model.routing.SolveFromAssignmentWithParameters(start, params)
    if solution is None:
        solution = model.routing.SolveWithParameters(params)
    if solution is None:  # nothing better than the booking order
        return first
    routes = model.routes(solution)
    if any(schedule(clock, shifts[v], items) is None for v, items in routes.items()):
        return first  # a route the day's schedule does not confirm (never seen): keep the booking order's
    return routes


def _baseline_routes(clock: TourClock, shifts, households) -> dict[int, list[Item]]:
    """The booking-order plan on the same households: items per shift index."""
    plan = baseline(TourProblem(tuple(households), tuple(shifts), **_settings(clock.problem)))
    by_key = {h.key: h for h in households}
    shift_index = {(s.team, s.day): v for v, s in enumerate(shifts)}
    routes: dict[int, list[Item]] = {v: [] for v in range(len(shifts))}
    booked = {v: {(b.label, b.start): b for b in s.booked} for v, s in enumerate(shifts)}
    for tour in plan.tours:
        v = shift_index[(tour.team, tour.day)]
        routes[v] = [by_key[s.key] if s.key is not None else booked[v][(s.label, s.start)] for s in tour.stops]
    for v, shift in enumerate(shifts):
        if not routes[v]:
            routes[v] = booked_sequence(shift)
    return routes


def _settings(problem: TourProblem) -> dict:
    return {
        "travel": problem.travel,
        "weekly_capacity": problem.weekly_capacity,
        "week_load": problem.week_load,
        "tolerance_days": problem.tolerance_days,
    }
