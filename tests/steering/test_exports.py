"""Exports: the columns of each variant, the rows of the programme only, every export logged."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from binome.steering.models import ExportLog
from tests.factories import DossierFactory


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
