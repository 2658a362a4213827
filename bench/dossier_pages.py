"""Time the pages of one dossier (issue 20): the dossier page, its diagnosis, visit, report and orientation pages,
for each role that may open them, on the demo's dossiers (one per state, the same rows in every generated database).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/binome_gen_500k BINOME_SECRET_KEY=… \\
        BINOME_ALLOWED_HOSTS=127.0.0.1 BINOME_OTP_REQUIRED=0 BINOME_PLAIN_STATIC=1 \\
        .venv/bin/python bench/dossier_pages.py [--runs 20] [--roles coordinator,advisor]

Prints one line per page answering 200: role, state, page, median and p95 of ``--runs`` requests (after one
warm-up), and the number of SQL queries of one request (BEGIN/COMMIT, session and user included). Read-only: the
pages' reads add ``ReadRecord`` rows, which the script deletes at the end (only those it added).
"""

import argparse
import os
import statistics
import sys
import time


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binome.settings")

import django  # noqa: E402


django.setup()

import logging  # noqa: E402


logging.getLogger("django.request").setLevel(logging.CRITICAL)  # the refused pages are skipped, not reported

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from binome.accounts.models import User  # noqa: E402
from binome.cases.models import Dossier  # noqa: E402
from binome.core.models import ReadRecord  # noqa: E402


ROLES = {
    "coordinator": "coordinatrice@demo.binome.fr",
    "advisor": "conseiller@demo.binome.fr",
    "chef_mission": "chef.mission@demo.binome.fr",
    "chef_service": "chef.service@demo.binome.fr",
    "referrer": "donneur.departement@demo.binome.fr",
}


def demo_dossiers():
    """The first dossier of each state (the demo's, identical in every generated database)."""
    rows = Dossier.objects.filter(programme__slug="jura").values_list("state", "pk").order_by("pk")
    first = {}
    for state, pk in rows[:200]:
        first.setdefault(state, pk)
    return sorted(first.items(), key=lambda item: item[1])


def pages(dossier):
    pk = dossier.pk
    out = [
        ("dossier", reverse("cases:detail", args=[pk])),
        ("diagnostic", reverse("diagnosis:page", args=[pk])),
        ("note technique", reverse("diagnosis:note", args=[pk, "technical"])),
        ("note sociale", reverse("diagnosis:note", args=[pk, "social"])),
        ("visite: réserver", reverse("visits:book", args=[pk])),
        ("compte-rendu", reverse("reports:edit", args=[pk])),
        ("validation", reverse("reports:review", args=[pk])),
        ("envoi", reverse("reports:dispatch", args=[pk])),
        ("orientation: ajouter", reverse("orientations:add", args=[pk])),
    ]
    visit = dossier.visits.order_by("-pk").first()
    if visit:
        out.append(("visite", reverse("visits:detail", args=[visit.pk])))
    orientation = dossier.orientations.order_by("pk").first()
    if orientation:
        out.append(("orientation", reverse("orientations:update", args=[pk, orientation.pk])))
    follow_up = dossier.follow_ups.order_by("pk").first()
    if follow_up:
        out.append(("suivi", reverse("orientations:follow_up", args=[pk, follow_up.pk])))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--states", default="")
    parser.add_argument("--pages", default="", help="page names, comma-separated (all by default)")
    args = parser.parse_args()
    states = set(filter(None, args.states.split(",")))
    wanted_pages = set(filter(None, args.pages.split(",")))
    first_read = ReadRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    print(f"{'role':13} {'state':14} {'dossier':>7} {'page':22} {'median':>8} {'p95':>8} {'queries':>7}")
    try:
        for role in args.roles.split(","):
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(User.objects.get(email=ROLES[role]))
            for state, pk in demo_dossiers():
                if states and state not in states:
                    continue
                dossier = Dossier.objects.get(pk=pk)
                for name, url in pages(dossier):
                    if wanted_pages and name not in wanted_pages:
                        continue
                    if client.get(url, secure=True).status_code != 200:
                        continue
                    times = []
                    for _ in range(args.runs):
                        start = time.perf_counter()
                        client.get(url, secure=True)
                        times.append((time.perf_counter() - start) * 1000)
                    with CaptureQueriesContext(connection) as queries:
                        client.get(url, secure=True)
                    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
                    print(
                        f"{role:13} {state:14} {pk:>7} {name:22} {statistics.median(times):6.1f}ms {p95:6.1f}ms"
                        f" {len(queries):>7}",
                        flush=True,
                    )
    finally:
        mine = User.objects.filter(email__in=ROLES.values()).values("pk")
        demo = [pk for _, pk in demo_dossiers()]
        ReadRecord.objects.filter(pk__gt=first_read, user_id__in=mine, dossier_id__in=demo).delete()
    return 0


if __name__ == "__main__":
    sys.exit(main())
