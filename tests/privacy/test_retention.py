"""Retention: dossiers past the programme's retention period are anonymised, and the statistics do not change."""

import datetime as dt
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from binome.cases.models import Dossier, DossierEvent
from binome.cases.workflow import State
from binome.diagnosis.models import DiagnosisNote, DiagnosisSection, Photo
from binome.network import figures
from binome.operations.jobs import JOBS, Context
from binome.orientations import outcomes, rates
from binome.orientations.models import FollowUp, Orientation
from binome.privacy import retention
from binome.reports.models import Document, ReportSection, ReportVersion


BILLS = {
    "rows": [
        {"energy": "electricite", "supplier": "EDF", "contract": "Base", "end": "2023-01-01", "amount": "1450"},
        {"energy": "gaz_naturel", "supplier": "Engie", "contract": "B1", "end": "2023-02-01", "amount": "612.5"},
    ]
}
LONG_AGO = dt.datetime(2023, 6, 5, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def old_world(clock, world, make_dossier):
    """Three households last contacted in 2023 (one closed, one sent, one withdrawn) and one of this month."""
    with time_machine.travel(LONG_AGO, tick=False):
        closed = make_dossier(State.CLOSED, advisor=world.advisor, email="marie@example.org")
        sent = make_dossier(State.SENT, advisor=world.advisor, commune=world.commune2)
        withdrawn = make_dossier(State.WITHDRAWN)
        for dossier in (closed, sent):
            DiagnosisSection.objects.create(dossier=dossier, key="bills", data=BILLS, updated_by=world.coordinator)
            DiagnosisSection.objects.create(
                dossier=dossier,
                key="comfort",
                data={"cold_last_winter": "yes", "comment": "Mme Dupont a froid."},
                updated_by=world.coordinator,
            )
            photo = Photo(
                dossier=dossier, width=1, height=1, size_bytes=3, uploaded_by=world.advisor, caption="Cuisine"
            )
            photo.image.save("p.jpg", ContentFile(b"jpg"), save=False)
            photo.save()
    recent = make_dossier(State.TO_CONTACT)
    return {"closed": closed, "sent": sent, "withdrawn": withdrawn, "recent": recent}


def statistics(world) -> dict:
    """A few figures of the programme that anonymisation must leave as they are."""
    dossiers = Dossier.objects.filter(programme=world.programme)
    bills = Decimal(0)
    for section in DiagnosisSection.objects.filter(dossier__programme=world.programme, key="bills"):
        bills += sum(Decimal(row["amount"]) for row in section.data["rows"])
    households = outcomes.households(world.programme)
    health = figures.health_figures(world.programme, 2023, today=dt.date(2026, 11, 23))
    return {
        "by_state": Counter(dossiers.values_list("state", flat=True)),
        "by_commune": Counter(dossiers.values_list("commune__name", flat=True)),
        "bills": bills,
        "orientations": sorted(
            Orientation.objects.values_list("status", "aid_amount", "debt_settled", "works_cost", "solution__kind")
        ),
        "rates": rates.compute(households),
        "households": households,
        "requests_2023": (health.total, health.mix, health.monthly, list(health.org_table)),
        "events": sorted(DossierEvent.objects.values_list("dossier_id", "at", "kind", "from_state", "to_state")),
        "follow_ups": sorted(FollowUp.objects.values_list("dossier_id", "status", "cold_now", "bills")),
    }


def test_retention_keeps_the_statistics_and_removes_the_personal_data(
    old_world, world, django_capture_on_commit_callbacks
):
    before = statistics(world)
    files = [p.image.name for p in Photo.objects.all()] + [d.file.name for d in Document.objects.exclude(file="")]
    assert files and all(Photo.image.field.storage.exists(name) for name in files)

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # the files go once the anonymisation commits
        call_command("apply_retention", stdout=out)

    assert "jura : 3 dossiers anonymisés, 2 photos et" in out.getvalue()
    assert statistics(world) == before
    closed = Dossier.objects.get(pk=old_world["closed"].pk)
    assert (closed.last_name, closed.first_name, closed.phone, closed.email, closed.address) == ("", "", "", "", "")
    assert closed.household_name == "ménage anonymisé"
    assert closed.state == State.CLOSED and closed.commune == world.commune  # kept
    assert not DossierEvent.objects.filter(dossier=closed).exclude(note="").exists()
    assert not ReportSection.objects.filter(report__dossier=closed).exclude(text="").exists()
    assert not DiagnosisNote.objects.filter(dossier=closed).exclude(text="").exists()
    comfort = DiagnosisSection.objects.get(dossier=closed, key="comfort").data
    assert comfort == {"cold_last_winter": "yes", "comment": ""}
    assert not Photo.objects.exists() and not Document.objects.exclude(file="").exists()
    assert not any(Photo.image.field.storage.exists(name) for name in files)  # deleted from storage
    content = ReportVersion.objects.filter(report__dossier=closed).first().content
    assert "Dupont" not in str(content) and "Tilleuls" not in str(content)
    # The trail keeps who changed what, not the values; the anonymisation itself is in it, with its reason.
    trail = LogEntry.objects.filter(additional_data__dossier=closed.pk)
    assert "Dupont" not in str(list(trail.values_list("changes", flat=True)))
    assert trail.filter(changes__reason=["", "durée de conservation écoulée"]).exists()
    recent = Dossier.objects.get(pk=old_world["recent"].pk)
    assert recent.anonymised_at is None and recent.last_name == "Dupont"


def test_retention_is_idempotent(old_world, world):
    call_command("apply_retention", stdout=StringIO())
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "jura : aucun dossier à anonymiser (conservation : 2 ans)." in out.getvalue()


def test_dry_run_writes_nothing(old_world, world):
    counts = (LogEntry.objects.count(), Photo.objects.count(), Dossier.objects.filter(last_name="Dupont").count())
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "jura : 3 dossiers seraient anonymisés (conservation : 2 ans)." in out.getvalue()
    assert (
        LogEntry.objects.count(),
        Photo.objects.count(),
        Dossier.objects.filter(last_name="Dupont").count(),
    ) == counts


def test_the_programme_sets_its_retention_period(old_world, world):
    world.programme.retention_years = 5
    world.programme.save()
    assert list(retention.due(world.programme, timezone.now())) == []


def test_retention_is_a_periodic_job(old_world, world):
    summary = JOBS["retention"].run(Context(now=timezone.now(), slot=None))
    assert "jura : 3 dossiers anonymisés" in summary
    assert JOBS["retention"].cron == "0 3 * * *"


def test_an_anonymised_dossier_says_so(client, old_world, world):
    call_command("apply_retention", stdout=StringIO())
    client.force_login(world.coordinator)
    response = client.get(reverse("cases:detail", kwargs={"pk": old_world["closed"].pk}))
    page = response.content.decode()
    assert "ménage anonymisé" in page and "Dupont" not in page
