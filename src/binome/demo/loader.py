"""The demo programme: the Jura SLIME, its partners, one user per role and 70 dossiers.

Everything is generated from fixed seeds, so two runs on the same day give the same data. The
households are fictitious: names drawn from common French names, phone numbers in the range reserved
for fiction (01 99 00 xx xx), no e-mail address.

History (2015) follows the Jura field reports: the UTs of Dole and Champagnole are covered that
year and referrals come 60 % from the Département's social workers, 20 % from partner social
workers, 20 % from partner structures. Current dossiers (this year) are spread over every open step,
and six dossiers of the past months are still followed after their report (``demo.orientations``).

The programme is marked ``is_demo``; ``delete_demo`` removes such programmes and no other.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from binome.accounts.models import Membership, User
from binome.demo.accounts import DEMO_DOMAIN, DEMO_PASSWORD, create_users, demo_logins
from binome.demo.coordination import load_coordination_demo
from binome.demo.diagnosis import DiagnosisDemo
from binome.demo.dossiers import PATHS, create_dossiers
from binome.demo.network import create_organisations, load_network_demo
from binome.demo.orientations import load_orientations_demo
from binome.demo.reports import prepare_reports_demo
from binome.demo.steering import load_steering_demo
from binome.demo.territory import SLUG, UNITES, coverage_half, create_programme
from binome.diagnosis.models import DiagnosisNote
from binome.orientations.models import Orientation
from binome.reports.models import Report
from binome.territory.models import Programme
from binome.visits.models import Visit


__all__ = [
    "DEMO_DOMAIN",
    "DEMO_PASSWORD",
    "PATHS",
    "SLUG",
    "UNITES",
    "coverage_half",
    "delete_demo",
    "demo_exists",
    "demo_logins",
    "load_demo",
    "slug_taken",
]


def demo_exists() -> bool:
    """Whether the demo programme is loaded (a programme of the demo's slug that the demo created)."""
    return Programme.objects.filter(slug=SLUG, is_demo=True).exists()


def slug_taken() -> bool:
    """Whether a programme the demo did not create holds the demo's slug: the demo must leave it alone."""
    return Programme.objects.filter(slug=SLUG, is_demo=False).exists()


def delete_demo() -> None:
    """Delete the demo programmes (``is_demo``), their data, and the demo accounts; nothing else."""
    with transaction.atomic():
        for programme in Programme.objects.filter(is_demo=True):
            for model in (Orientation, Report, DiagnosisNote, Visit):
                model.objects.filter(dossier__programme=programme).delete()
            programme.dossiers.all().delete()
            Membership.objects.filter(programme=programme).delete()
            programme.communes.all().delete()
            programme.delete()
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").delete()


def load_demo(today: dt.date | None = None) -> Programme:
    today = today or timezone.localdate()
    rng = random.Random(2015)
    with transaction.atomic():
        programme, unites = create_programme(today)
        organisations = create_organisations(programme)
        users = create_users(programme, organisations)
        prepare_reports_demo(programme)
        diagnosis = DiagnosisDemo(programme, today)
        create_dossiers(programme, users, organisations, today, rng, on_visit=diagnosis.fill)
        load_network_demo(programme, organisations, unites, today)
        diagnosis.fill_all()
        load_coordination_demo(programme, today)
        load_orientations_demo(programme, users, today)
        load_steering_demo(programme, users, sorted({2015, 2016, today.year}))
    return programme
