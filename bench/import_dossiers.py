"""Benchmark of the historical import: 100,000 generated past dossiers of the Jura, imported, then the bilan.

1. a fresh PostgreSQL database ``binome_bench_import``; ``migrate``; ``create_programme``; ``import_communes``
   (the Jura's 492 communes from ``$BINOME_JURA_DATA_DIR``);
2. a CSV of ``--rows`` lines (default 100,000) over ten years: communes drawn by population, 40 organisations
   of every kind, one request in twenty from a workshop, a fifth deferred, two thirds visited, most reports
   sent, the others ended without visit;
3. ``python -m binome import_dossiers`` on it, timed, with the peak memory (maximum resident set) of that
   process; then ``bilan`` of the busiest year, timed, and its ``visits.total`` checked against the file.
Targets: the import under 60 s and 300 MB. The database is dropped at the end (``--keep`` keeps it).

Usage: ``.venv/bin/python bench/import_dossiers.py [--rows 100000] [--keep]`` (``TEST_DATABASE_URL`` names the
PostgreSQL server, as for the tests).
"""

import argparse
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg


REPO = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("BINOME_JURA_DATA_DIR", REPO.parent / "shared" / "data" / "jura"))
NAME = "binome_bench_import"
KINDS = ["department_social", "ccas", "caf", "msa", "udaf", "adil", "charity", "social_landlord"]


def server(url: str) -> dict:
    parts = urlsplit(url)
    return {"host": parts.hostname or "127.0.0.1", "port": parts.port or 5432, "user": parts.username or "postgres"}


def run(env: dict, *args: str) -> tuple[str, float, float]:
    """Run ``python -m binome args``; its output, wall time (s) and peak resident memory (MB) of that process."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen([sys.executable, "-m", "binome", *args], env=env, cwd=REPO, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.monotonic() - started
        out.seek(0), err.seek(0)
        text, problems = out.read().decode(), err.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"python -m binome {' '.join(args)} a échoué :\n{text}\n{problems}")
    return text, elapsed, usage.ru_maxrss / 1024


def generate(path: Path, rows: int, seed: int = 2014) -> dict[int, int]:
    """Write the CSV; return the number of first visits per year (what the bilan must find)."""
    rng = random.Random(seed)
    communes = json.loads((DATA / "communes-39.json").read_text(encoding="utf-8"))
    weights = [c["population"] for c in communes]
    organisations = [(f"Partenaire {i:02d}", KINDS[i % len(KINDS)]) for i in range(40)]
    visits, named = {}, set()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            ["reference", "date_demande", "commune", "organisation", "type_organisation", "atelier", "nom",
             "prenom", "telephone", "adresse", "personnes", "date_report", "date_visite", "date_envoi", "issue",
             "date_fin"]
        )  # fmt: skip
        picks = rng.choices(communes, weights=weights, k=rows)
        for i, commune in enumerate(picks):
            requested = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(3650))
            org, kind, workshop = "", "", ""
            if rng.random() < 0.05:
                workshop = f"Atelier Énergie Logis {requested.year}"
            else:
                org, kind = rng.choice(organisations)
            deferred = visited = sent = ended = None
            outcome = "open"
            if rng.random() < 0.2:
                deferred = requested + dt.timedelta(days=rng.randrange(5, 60))
            start = deferred or requested
            draw = rng.random()
            if draw < 0.67:
                visited = start + dt.timedelta(days=rng.randrange(7, 120))
                visits[visited.year] = visits.get(visited.year, 0) + 1
                if rng.random() < 0.9:
                    sent = visited + dt.timedelta(days=rng.randrange(10, 45))
                    if rng.random() < 0.7:
                        outcome, ended = "closed", sent + dt.timedelta(days=rng.randrange(90, 400))
            elif draw < 0.92:
                outcome = rng.choice(["withdrawn", "unreachable", "not_eligible", "redirected"])
                ended = start + dt.timedelta(days=rng.randrange(1, 90))
            fmt = "%d/%m/%Y" if i % 2 else "%Y-%m-%d"
            kind_text = kind if i % 3 or org not in named else ""  # an organisation's kind is given once at least
            named.add(org)

            def text(d, fmt=fmt):
                return d.strftime(fmt) if d else ""

            writer.writerow(
                [f"B{i:07d}", text(requested), commune["code"], org, kind_text, workshop,
                 f"Nom{i}", "Prénom", "01 99 00 00 00", f"{i} rue des Essais", 1 + i % 6, text(deferred),
                 text(visited), text(sent), outcome, text(ended)]
            )  # fmt: skip
    return visits


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    params = server(os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/binome"))
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{NAME}"')
    base = {k: v for k, v in os.environ.items() if not k.startswith(("BINOME_", "DJANGO_", "DATABASE_URL"))}
    env = {**base, "DATABASE_URL": f"postgres://{params['user']}@{params['host']}:{params['port']}/{NAME}"}
    env |= {"BINOME_DEBUG": "1", "BINOME_JURA_DATA_DIR": str(DATA)}
    try:
        run(env, "migrate", "--verbosity", "0")
        run(env, "create_programme", "bench", "SLIME de banc d'essai", "--start-year", "2014")
        run(env, "import_communes", "bench")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "dossiers.csv"
            started = time.monotonic()
            visits = generate(path, options.rows)
            size = path.stat().st_size / 1e6
            print(f"fichier : {options.rows} lignes, {size:.1f} Mo, généré en {time.monotonic() - started:.1f} s")
            out, elapsed, peak = run(env, "import_dossiers", "bench", str(path))
        print(out.strip())
        print(f"import : {elapsed:.1f} s (objectif < 60 s), mémoire maximale {peak:.0f} Mo (objectif < 300 Mo)")
        year = max(visits, key=visits.get)
        out, elapsed, _ = run(env, "bilan", "bench", str(year), "--json")
        figures = json.loads(out)
        found = figures["visits"]["total"]
        print(f"bilan {year} : {elapsed:.2f} s (commande entière, démarrage de Django compris)")
        delay = figures["delays_days"]["request_to_visit"]
        print(
            f"  demandes {figures['requests']['total']}, visites {found} (fichier : {visits[year]}), "
            f"reports {figures['deferred']['total']}, délai médian {delay['median']} j, p90 {delay['p90']} j"
        )
        code = (
            "import time; from binome.territory.models import Programme; from binome.steering.figures import bilan; "
            "p = Programme.objects.get(slug='bench'); t = time.perf_counter(); bilan(p, YEAR); "
            "print(f'{time.perf_counter() - t:.3f}')"
        ).replace("YEAR", str(year))
        inner, _, _ = run(env, "shell", "--no-imports", "-c", code)
        print(f"  dont le calcul des chiffres (bilan() dans le processus, sans le démarrage) : {inner.strip()} s")
        ok = found == visits[year]
        print("visites du bilan = visites du fichier" if ok else "ÉCART entre le bilan et le fichier")
        return 0 if ok else 1
    finally:
        if not options.keep:
            with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
