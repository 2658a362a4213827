"""Exports: the columns of each variant, the rows of the programme only, every export logged; long ones written by
the task worker, followed on the page, downloaded by the user who asked, deleted after seven days."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from openpyxl import load_workbook

from binome.operations import housekeeping, jobs
from binome.steering import exports
from binome.steering.models import ExportLog
from tests.factories import DossierFactory


def test_the_dossiers_export_gives_the_two_age_bands_the_diagnosis_records(client, world):
    from binome.diagnosis.models import DiagnosisSection

    visited = DossierFactory(commune=world.commune, reference="V-1")
    DossierFactory(commune=world.commune, reference="N-1")
    DiagnosisSection.objects.create(
        dossier=visited,
        key="household",
        data={"persons_14_plus": 2, "children_under_14": 3},
        updated_by=world.coordinator,
    )
    client.force_login(world.coordinator)
    response = client.post(reverse("steering:exports"), {"donnees": "dossiers", "format": "csv", "pseudonymise": "1"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    bands = {r["reference"]: (r["moins_de_14_ans"], r["14_ans_et_plus"]) for r in rows}
    assert bands == {"V-1": ("3", "2"), "N-1": ("", "")}


def test_pseudonymised_and_full_exports_are_logged(client, world):
    w = world
    DossierFactory(commune=w.commune, reference="E-1", last_name="Martin", phone="01 99 00 11 22")
    DossierFactory(commune=w.other_commune, reference="AILLEURS")
    client.force_login(w.coordinator)
    url = reverse("steering:exports")
    response = client.post(url, {"donnees": "dossiers", "format": "csv", "pseudonymise": "1"})
    assert response["Content-Disposition"].startswith('attachment; filename="dossiers-pseudonymise-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["reference", "date_demande", "etape"]
    assert "commune" in rows[0] and "personnes" in rows[0]
    assert not {"nom", "prenom", "telephone", "courriel", "adresse"} & set(rows[0])
    assert [r[0] for r in rows[1:]] == ["E-1"]
    assert "Martin" not in response.content.decode("utf-8-sig")
    response = client.post(url, {"donnees": "dossiers", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    assert "nom" in values[0] and values[1][values[0].index("nom")] == "Martin"
    logs = list(
        ExportLog.objects.order_by("pk").values_list("user", "dataset", "file_format", "pseudonymised", "rows")
    )
    assert logs == [(w.coordinator.pk, "dossiers", "csv", True, 1), (w.coordinator.pk, "dossiers", "xlsx", False, 1)]
    page = client.get(url).content.decode()
    assert "dossiers" in page and "xlsx" in page
    assert "Choisissez les données" in client.post(url, {"donnees": "tout"}).content.decode()


def test_every_dataset_exports(client, world):
    client.force_login(world.coordinator)
    for dataset in ("visites", "orientations", "suivis"):
        response = client.post(reverse("steering:exports"), {"donnees": dataset, "format": "csv"})
        assert response.status_code == 200 and response.content.decode("utf-8-sig").startswith("reference;")


# Long exports: beyond the limit, the task worker writes the file; the page follows it and links to it.


@pytest.fixture
def long_exports(monkeypatch, world):
    """Three dossiers of the programme, one elsewhere; beyond 2 rows an export goes to the worker."""
    monkeypatch.setattr(exports, "SYNC_LIMIT", 2)
    for reference in ("L-1", "L-2", "L-3"):
        DossierFactory(commune=world.commune, reference=reference, last_name="Martin")
    DossierFactory(commune=world.other_commune, reference="AILLEURS")
    return world


def test_a_long_export_runs_in_the_worker_and_is_downloaded(client, long_exports, settings, monkeypatch):
    """Through the database queue and its worker (``db_worker``), as deployed."""
    w = long_exports
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker closes the connection between tasks, which would end the test's transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    client.force_login(w.coordinator)
    response = client.post(reverse("steering:exports"), {"donnees": "dossiers", "format": "csv", "pseudonymise": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("steering:exports")
    log = ExportLog.objects.get()
    assert (log.status, log.rows, log.total, log.user, bool(log.file)) == ("running", 0, 3, w.coordinator, False)
    page = client.get(reverse("steering:exports")).content.decode()
    status_url = reverse("steering:export_status", kwargs={"pk": log.pk})
    assert "Export en cours : 0 / 3 lignes" in page and f'hx-get="{status_url}"' in page
    assert 'hx-trigger="every 2s"' in page
    fragment = client.get(status_url).content.decode()
    assert "Export en cours : 0 / 3 lignes" in fragment and "every 2s" in fragment
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    log.refresh_from_db()
    assert (log.status, log.rows, log.total) == ("done", 3, 3) and log.finished_at is not None
    assert log.file.name.startswith("exports/") and log.file.storage.exists(log.file.name)
    fragment = client.get(status_url).content.decode()  # polled: the link replaces the progress, polling stops
    file_url = reverse("steering:export_file", kwargs={"pk": log.pk})
    assert f'href="{file_url}"' in fragment and "Télécharger (3 lignes)" in fragment and "every" not in fragment
    response = client.get(file_url)
    assert response["Content-Disposition"].startswith('attachment; filename="dossiers-pseudonymise-')
    assert response["Cache-Control"] == "private, no-store"
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][0] == "reference" and "nom" not in rows[0]
    assert [r[0] for r in rows[1:]] == ["L-1", "L-2", "L-3"] and "Martin" not in content
    # Only the user who asked downloads it: a chef sees the line, not the link; another programme, nothing.
    client.force_login(w.chef_mission)
    page = client.get(reverse("steering:exports")).content.decode()
    assert "prêt (pour la personne qui l'a demandé)" in page and file_url not in page
    assert client.get(file_url).status_code == 403 and client.get(status_url).status_code == 403
    client.force_login(w.other_coordinator)
    assert client.get(file_url).status_code == 404


def test_a_long_xlsx_export_runs_at_once_without_a_worker(client, long_exports):
    """The demo and the tests run tasks inline (BINOME_TASKS_IMMEDIATE=1): the page shows the link at once."""
    w = long_exports
    client.force_login(w.coordinator)
    page = client.post(reverse("steering:exports"), {"donnees": "dossiers", "format": "xlsx"}, follow=True)
    log = ExportLog.objects.get()
    assert (log.status, log.rows, log.file_format, log.pseudonymised) == ("done", 3, "xlsx", False)
    file_url = reverse("steering:export_file", kwargs={"pk": log.pk})
    assert file_url in page.content.decode()
    response = client.get(file_url)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    assert [v[0] for v in values[1:]] == ["L-1", "L-2", "L-3"] and values[1][values[0].index("nom")] == "Martin"
    small = client.post(reverse("steering:exports"), {"donnees": "orientations", "format": "csv"})
    assert small.status_code == 200 and not small.streaming  # up to the limit, the file comes at once
    assert not ExportLog.objects.get(dataset="orientations").file


def test_progress_is_saved_as_the_rows_are_written(world, monkeypatch):
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 2)
    for i in range(5):
        DossierFactory(commune=world.commune, reference=f"P-{i}")
    seen = []
    written = exports.write(io.BytesIO(), world.programme, "dossiers", "csv", True, seen.append)
    assert written == 5 and seen == [2, 4]


def test_a_failed_export_says_so(client, long_exports, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(exports, "write", broken)
    client.force_login(long_exports.coordinator)
    page = client.post(reverse("steering:exports"), {"donnees": "dossiers", "format": "csv"}, follow=True)
    log = ExportLog.objects.get()
    assert log.status == "failed" and not log.file
    assert "échec" in page.content.decode()
    assert client.get(reverse("steering:export_file", kwargs={"pk": log.pk})).status_code == 404


def test_old_export_files_are_deleted_by_the_nightly_cleanup(client, long_exports):
    w = long_exports
    client.force_login(w.coordinator)
    for _ in range(2):
        client.post(reverse("steering:exports"), {"donnees": "dossiers", "format": "csv"})
    old, recent = ExportLog.objects.order_by("pk")
    now = timezone.now()
    ExportLog.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(days=8))
    stuck = ExportLog.objects.create(
        programme=w.programme, user=w.coordinator, dataset="visites", file_format="csv", total=9
    )
    ExportLog.objects.filter(pk=stuck.pk).update(created_at=now - dt.timedelta(days=8))
    assert "fichiers d'export expirés 1" in jobs.cleanup(jobs.Context(now, None, dry_run=True))
    assert old.file.storage.exists(old.file.name)
    assert "fichiers d'export expirés 1" in housekeeping.clean(now)
    old.refresh_from_db(), recent.refresh_from_db(), stuck.refresh_from_db()
    assert (old.status, old.file.name, old.rows) == ("expired", "", 3)  # the log line stays
    assert not recent.file.storage.exists(old.file.name or "none") and recent.file.storage.exists(recent.file.name)
    assert stuck.status == "failed"
    assert "expiré" in client.get(reverse("steering:exports")).content.decode()
    assert client.get(reverse("steering:export_file", kwargs={"pk": old.pk})).status_code == 404
    assert "fichiers d'export expirés 0" in housekeeping.clean(now)  # idempotent
