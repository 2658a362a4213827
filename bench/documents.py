"""How long the report's documents take to render, and the works evaluation per dossier.

Run on the demo database (``make demo`` first, or any database holding submitted reports):

    BINOME_DEBUG=1 .venv/bin/python bench/documents.py [--repeat 5]

Prints, for each document type (family, referrer, landlord), the median and worst render time over every stored
report version (WeasyPrint, A4, tagged, from the frozen version; goal ≤ 1.5 s each on this machine), then the time
of the works evaluation (visit-level 3CL estimate + each chosen work alone and cumulated) per dossier.
"""

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binome.settings")
os.environ.setdefault("BINOME_DEBUG", "1")

import django  # noqa: E402


django.setup()
logging.getLogger("weasyprint").setLevel(logging.WARNING)

from binome.reports import documents, works  # noqa: E402
from binome.reports.models import DocumentKind, ReportVersion  # noqa: E402


GOAL_SECONDS = 1.5


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="renders of each document per version")
    args = parser.parse_args()
    versions = list(ReportVersion.objects.select_related("report__dossier__programme").order_by("pk"))
    if not versions:
        sys.exit("Aucune version de compte-rendu dans cette base : chargez la démonstration (make demo).")
    documents.render_pdf(versions[0], DocumentKind.FAMILY)  # warm-up: fonts, templates
    print(f"{len(versions)} versions, {args.repeat} rendus par document et par version ; charge {load_average()}")
    for kind in (DocumentKind.FAMILY, DocumentKind.REFERRER, DocumentKind.LANDLORD):
        times = [timed(documents.render_pdf, v, kind) for v in versions for _ in range(args.repeat)]
        verdict = "ok" if max(times) <= GOAL_SECONDS else "AU-DESSUS DE L'OBJECTIF"
        print(
            f"{kind:9s} médiane {statistics.median(times):.3f} s  pire {max(times):.3f} s  "
            f"({len(times)} rendus) objectif ≤ {GOAL_SECONDS} s : {verdict}"
        )
    dossiers = [v.report.dossier for v in versions]
    chosen = [v.content.get("works") for v in versions]
    times = []
    for dossier, plan in zip(dossiers, chosen, strict=True):
        keys = [s["key"] for s in plan["steps"]] if plan else ["combles", "murs_iti", "vmc", "regulation"]
        times.append(timed(works.plan_for, dossier, keys))
    print(
        f"travaux   médiane {statistics.median(times):.3f} s  pire {max(times):.3f} s par dossier "
        f"({len(times)} dossiers ; estimation 3CL de la visite, puis chaque travail seul et cumulé)"
    )


if __name__ == "__main__":
    main()
