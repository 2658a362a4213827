"""Time each steering figure (issue 20): the functions of ``steering.figures`` that a dashboard, the bilan and the
commune map compute, on one programme, for one or more years and optionally one UT.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/binome_gen_500k BINOME_ALLOW_INSECURE_KEY=1 \\
        BINOME_ALLOWED_HOSTS=testserver PYTHONPATH=src \\
        .venv/bin/python bench/figures.py [--programme jura] [--year 2020 --year 2025 …] [--ut NAME|ID|biggest]
        [--runs 7] [--only REGEX] [--explain REGEX]

Prints one line per (year, scope, function): the median and the fastest of ``--runs`` runs in ms (after one
warm-up run) and its number of SQL queries; then ``bilan`` (``figures.bilan_for``: the bilan of the CLI and of the
dashboard's first block) and ``snapshot`` (``dashboard.snapshot``: every figure of a new period's dashboard) as
wholes. ``--explain`` prints ``EXPLAIN (ANALYZE, BUFFERS)`` of each query of the functions it matches.

Read-only: the session's transactions are READ ONLY (the figures only read), so the shared benchmark databases are
safe; nothing is stored (``core.summaries`` is not involved).
"""

import argparse
import os
import re
import statistics
import sys
import time


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binome.settings")

import django  # noqa: E402


django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from binome.steering import dashboard, figures, maps  # noqa: E402
from binome.steering.figures import Period, Scope  # noqa: E402
from binome.territory.models import Programme, UniteTerritoriale  # noqa: E402


def functions(scope: Scope, period: Period) -> list[tuple[str, object]]:
    """(name, call) for every figure, in the order of ``dashboard.snapshot``; the wholes last."""
    return [
        ("requests", lambda: figures.requests(scope, period)),
        ("visits", lambda: figures.visits(scope, period)),
        ("deferred", lambda: figures.deferred(scope, period)),
        ("ended_without_visit", lambda: figures.ended_without_visit(scope, period)),
        ("request_to_visit", lambda: figures.request_to_visit(scope, period)),
        ("costs", lambda: figures.costs(scope, period)),
        ("by_organisation", lambda: figures.by_organisation(scope, period)),
        ("funnel", lambda: figures.funnel(scope, period)),
        ("request_to_contact", lambda: figures.request_to_contact(scope, period)),
        ("visit_to_report", lambda: figures.visit_to_report(scope, period)),
        ("waiting_now", lambda: figures.waiting_now(scope)),
        ("households", lambda: figures.households(scope, period)),
        ("visits_by_month", lambda: figures.visits_by_month(scope, period)),
        ("orientations", lambda: figures.orientations(scope, period)),
        ("map_counts", lambda: maps.counts(scope, period)),
        ("bilan", lambda: figures.bilan_for(scope, period)),
        ("snapshot", lambda: dashboard.snapshot(scope, period)),
    ]


def biggest_unite(programme) -> UniteTerritoriale:
    """The programme's UT with the most dossiers."""
    row = (
        programme.dossiers.values("commune__unite")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("commune__unite", flat=True)
        .first()
    )
    return UniteTerritoriale.objects.get(pk=row)


def pick_unite(programme, wanted: str) -> UniteTerritoriale:
    if wanted == "biggest":
        return biggest_unite(programme)
    unites = UniteTerritoriale.objects.filter(programme=programme)
    return unites.get(pk=int(wanted)) if wanted.isdigit() else unites.get(name=wanted)


def explain(call) -> None:
    with CaptureQueriesContext(connection) as captured:
        call()
    for query in captured.captured_queries:
        sql = query["sql"]
        print(f"\n    -- {sql[:300]}{'…' if len(sql) > 300 else ''}")
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            for (line,) in cursor.fetchall():
                print(f"    {line}")


def measure(call, runs: int) -> tuple[float, float, int]:
    """(median ms, fastest ms, queries) of ``runs`` calls after one warm-up."""
    with CaptureQueriesContext(connection) as captured:
        call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times), len(captured.captured_queries)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--programme", default="jura", help="the programme's slug (jura)")
    parser.add_argument("--year", type=int, action="append", help="a calendar year (repeatable; default 2025)")
    parser.add_argument("--ut", help="also one UT: its name, its id or « biggest » (the one with the most dossiers)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per function (7)")
    parser.add_argument("--only", default="", help="a regular expression searched in the functions' names")
    parser.add_argument("--explain", default=None, help="EXPLAIN ANALYZE the queries of the functions it matches")
    args = parser.parse_args(argv)

    with connection.cursor() as cursor:
        cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database())), version()")
        size, version = cursor.fetchone()
    programme = Programme.objects.get(slug=args.programme)
    scopes = [("programme", Scope(programme))]
    if args.ut:
        unite = pick_unite(programme, args.ut)
        scopes.append((f"UT {unite.name}", Scope(programme, unite)))
    load = os.getloadavg()
    print(
        f"# {connection.settings_dict['NAME']} ({size}), {programme.dossiers.count():,} dossiers in {programme.slug}"
    )
    print(f"# {version.split(',')[0]}; {args.runs} runs after one warm-up; load average {load[0]:.2f} {load[1]:.2f}")
    print(f"{'year':<6}{'scope':<24}{'figure':<22}{'median ms':>11}{'min ms':>9}{'queries':>9}")
    for year in args.year or [2025]:
        period = Period.year(year)
        for label, scope in scopes:
            for name, call in functions(scope, period):
                if args.only and not re.search(args.only, name):
                    continue
                median, fastest, queries = measure(call, args.runs)
                print(f"{year:<6}{label[:23]:<24}{name:<22}{median:>11.1f}{fastest:>9.1f}{queries:>9}", flush=True)
                if args.explain and re.search(args.explain, name):
                    explain(call)
    load = os.getloadavg()
    print(f"# load average at the end {load[0]:.2f} {load[1]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
