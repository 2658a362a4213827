"""Benchmark of the tour proposal (binome.planning) on generated weeks over the Jura's communes.

For weeks of 20 and 40 visits (households drawn among the 492 communes in proportion to their population, a
third of them with an availability window, 90-minute visits, 9:00–12:30 and 13:30–17:30, two binômes for 20
visits and four for 40, each from a UT's main town), it prints: the solver's time, the total driving of the
proposal, the driving of the booking-order baseline (each household, in queue order, takes the earliest slot
the agendas allow), the saving against it, and the gap to a long run of the same solver taken as best known.

Usage: ``.venv/bin/python bench/tours.py [--seeds 3] [--limit 2] [--best 60]`` (reads the communes from
``$BINOME_JURA_DATA_DIR``, by default ``../shared/data/jura``).
"""

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path


REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from binome.planning.geo import Point, RoadModel  # noqa: E402
from binome.planning.routing import propose  # noqa: E402
from binome.planning.tours import Household, Shift, TourProblem, Window, baseline, check_plan  # noqa: E402


DATA = Path(os.environ.get("BINOME_JURA_DATA_DIR", REPO.parent / "shared" / "data" / "jura"))
TZ = dt.timezone(dt.timedelta(hours=1))
MONDAY = dt.date(2026, 11, 30)
HOMES = ["Lons-le-Saunier", "Dole", "Champagnole", "Saint-Claude"]


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def week_problem(communes, visits: int, seed: int) -> TourProblem:
    rng = random.Random(seed)
    by_name = {c["nom"]: c for c in communes}

    def point(c):
        return Point(c["centre"]["coordinates"][1], c["centre"]["coordinates"][0], c["code"])

    days = [MONDAY + dt.timedelta(days=i) for i in range(5)]
    households = []
    for key, commune in enumerate(rng.choices(communes, weights=[c["population"] for c in communes], k=visits)):
        windows = ()
        draw = rng.random()
        if draw < 0.15:  # mornings only
            windows = tuple(Window(at(d, 9), at(d, 12, 30)) for d in days)
        elif draw < 0.3:  # two afternoons
            chosen = rng.sample(days, 2)
            windows = tuple(Window(at(d, 13, 30), at(d, 17, 30)) for d in chosen)
        households.append(Household(key, f"{key} {commune['nom']}", point(commune), 90, windows))
    teams = HOMES[: 2 if visits <= 20 else 4]
    shifts = tuple(
        Shift(team, d, ((at(d, 9), at(d, 12, 30)), (at(d, 13, 30), at(d, 17, 30))), point(by_name[team]))
        for team in teams
        for d in days
    )
    return TourProblem(tuple(households), shifts, RoadModel(), tolerance_days=7)


def run(problem: TourProblem, seconds: float):
    began = time.perf_counter()
    plan = propose(problem, time_limit=seconds)
    elapsed = time.perf_counter() - began
    errors = check_plan(problem, plan)
    assert not errors, errors
    return plan, elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 40])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--limit", type=float, default=2.0, help="time limit of the proposal (s)")
    parser.add_argument("--best", type=float, default=60.0, help="time limit of the best-known run (s)")
    args = parser.parse_args()
    communes = json.loads((DATA / "communes-39.json").read_text(encoding="utf-8"))
    print(f"{len(communes)} communes · proposal limit {args.limit:g} s · best known: {args.best:g} s run\n")
    columns = ["visits", "seed", "teams", "placed", "solver time (s)", "driving (km)", "booking order (km)"]
    print("| " + " | ".join([*columns, "saving", "best known (km)", "gap"]) + " |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    summary = {}
    for visits in args.sizes:
        for seed in range(1, args.seeds + 1):
            problem = week_problem(communes, visits, seed)
            order = baseline(problem)
            plan, elapsed = run(problem, args.limit)
            best, _best_elapsed = run(problem, args.best)
            best_km = min(best.km, plan.km)
            saving = 1 - plan.km / order.km
            gap = plan.km / best_km - 1
            teams = len({s.team for s in problem.shifts})
            print(
                f"| {visits} | {seed} | {teams} | {len(plan.placed)}/{len(order.placed)} | {elapsed:.2f} | "
                f"{plan.km:.0f} | {order.km:.0f} | {saving:.0%} | {best_km:.0f} | {gap:.1%} |",
                flush=True,
            )
            summary.setdefault(visits, []).append((elapsed, saving, gap))
    print()
    for visits, rows in summary.items():
        print(
            f"{visits} visits: solver time max {max(r[0] for r in rows):.2f} s, saving against booking order "
            f"mean {statistics.mean(r[1] for r in rows):.0%} (min {min(r[1] for r in rows):.0%}), "
            f"gap to best known mean {statistics.mean(r[2] for r in rows):.1%} (max {max(r[2] for r in rows):.1%})"
        )


if __name__ == "__main__":
    main()
