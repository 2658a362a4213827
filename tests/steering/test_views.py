"""The dashboard and the import page: figures shown, bad periods, constant queries, who may see them."""

import html
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from binome.cases.models import Dossier
from tests.steering.test_figures import year_2025  # noqa: F401 (fixture)
from tests.steering.test_import import GOOD


def page(client, user, **params):
    client.force_login(user)
    return client.get(reverse("steering:dashboard"), params)


def test_the_dashboard_shows_the_bilan_figures(client, year_2025):  # noqa: F811
    response = page(client, year_2025.coordinator, annee="2025")
    assert response.status_code == 200
    f = response.context["f"]
    assert f["requests"]["total"] == 9 and f["visits"]["total"] == 5
    assert f["visits"]["per_1000_households"] == 1.67
    assert dict((label, d["median"]) for label, d in f["delays"])["Demande → visite"] == 16
    # requests of 2025 visited at any date: A, B, C (in 2026), I, J — each "joint" by its visit
    assert [r["count"] for r in f["funnel"]] == [9, 5, 5, 0, 0]
    text = response.content.decode()
    assert "Comment est calculé ce chiffre ?" in text
    assert re.search(r"<svg[^>]*role=\"img\"", text)
    assert "Visites par semaine et capacité du binôme" in text


def test_a_ut_and_a_period(client, year_2025):  # noqa: F811
    w = year_2025
    response = page(client, w.chef_mission, ut=w.champagnole.pk, du="2025-10-01", au="2025-10-31")
    f = response.context["f"]
    assert f["requests"]["total"] == 1 and f["visits"]["total"] == 1
    assert f["visits"]["per_week"] == round(1 / (31 / 7), 2)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"du": "2025-05-01", "au": "2025-01-01"}, "La fin de la période est avant son début."),
        ({"du": "2025-02-30", "au": "2025-03-01"}, "n'est pas une date"),
        ({"du": "2025-02-01"}, "Indiquez le début et la fin"),
        ({"annee": "vingt"}, "n'est pas une année"),
        ({"du": "0001-01-01", "au": "9999-12-31"}, "dix ans"),
    ],
)
def test_bad_periods_get_a_french_message(client, world, params, message):
    response = page(client, world.coordinator, **params)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert message in text
    if "du" in params:  # what was typed stays in the form
        assert f'value="{params["du"]}"' in text


def count_queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["steering:dashboard", "steering:map"])
def test_constant_queries(client, year_2025, make_dossier, geometry, name):  # noqa: F811
    """The figures are computed in a constant number of queries, and a page read from its summaries in a few."""
    client.force_login(year_2025.coordinator)
    url, params = reverse(name), {"annee": "2025", "mesure": "visites"}
    count_queries(client, url, params)  # computes the summaries
    make_dossier(year_2025.commune, "2025-04-10", "self", [("mark_visited", "2025-11-02")])
    refreshed = count_queries(client, url, params)  # the data changed: recomputed (immediate backend)
    fresh = count_queries(client, url, params)
    for i in range(15):  # the data double and more
        make_dossier(year_2025.commune, f"2025-0{i % 9 + 1}-10", "self", [("mark_visited", "2025-11-02")])
    assert count_queries(client, url, params) == refreshed
    assert count_queries(client, url, params) == fresh
    assert fresh <= 15  # session, user, membership, UTs, the summaries, settings, BEGIN / COMMIT


def test_the_import_page(client, world, tmp_path):
    client.force_login(world.admin)
    url = reverse("steering:import")
    path = tmp_path / "dossiers.csv"
    path.write_text("\n".join(GOOD) + "\n", encoding="utf-8")
    with open(path, "rb") as handle:
        response = client.post(url, {"fichier": handle, "verifier": "1"})
    assert "Fichier valide : 4 dossier(s) seraient importés" in response.content.decode()
    assert Dossier.objects.count() == 0
    with open(path, "rb") as handle:
        response = client.post(url, {"fichier": handle})
    assert "4 dossier(s) importés" in response.content.decode()
    assert set(Dossier.objects.values_list("events__actor", flat=True)) == {world.admin.pk}
    with open(path, "rb") as handle:
        response = client.post(url, {"fichier": handle})
    text = html.unescape(response.content.decode())
    assert "Import impossible, rien n'a été enregistré" in text
    assert "Ligne 2 : reference « S-001 » existe déjà dans le programme." in text
    assert Dossier.objects.count() == 4
    assert "Choisissez un fichier" in client.post(url, {}).content.decode()


@pytest.fixture
def geometry(settings, tmp_path):
    """Two square communes: Dole (39198) and Champagnole (39097)."""
    square = [[5.0, 47.0], [5.1, 47.0], [5.1, 47.1], [5.0, 47.1], [5.0, 47.0]]
    beside = [[5.1, 47.0], [5.2, 47.0], [5.2, 47.1], [5.1, 47.1], [5.1, 47.0]]
    features = [
        {"type": "Feature", "properties": {"code_insee": code}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
        for code, ring in (("39198", square), ("39097", beside))
    ]
    path = tmp_path / "communes.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    settings.STEERING_COMMUNES_GEOJSON = path
    return path


def test_the_commune_map(client, year_2025, geometry, settings, tmp_path, django_assert_max_num_queries):  # noqa: F811
    w = year_2025
    client.force_login(w.coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("steering:map"), {"annee": "2025", "mesure": "visites"})
    text = html.unescape(response.content.decode())
    assert response.status_code == 200
    # Dole (commune of the fixture, population 1,000; 2.23 persons per household → 448 households): 4 visits.
    assert text.count('class="commune" tabindex="0"') == 2
    assert "Dole (Dole) : 8 demande(s), 4 visite(s), environ 448 ménages — 8,93 ménages visités" in text
    # The edge between the two communes separates two UTs: drawn as a border, like the outline.
    assert 'stroke-width="2"' in text
    settings.STEERING_COMMUNES_GEOJSON = tmp_path / "absent.geojson"
    response = client.get(reverse("steering:map"))
    assert "Le fond de carte des communes est introuvable" in html.unescape(response.content.decode())


def test_the_bilan_pdf(client, year_2025, tmp_path):  # noqa: F811
    client.force_login(year_2025.coordinator)
    response = client.post(reverse("steering:bilan_pdf"), {"annee": "2025", "commentaires": "Une année de reprise."})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "bilan.pdf"
    path.write_bytes(response.content)
    import subprocess

    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Bilan 2025" in text and "Une année de reprise." in text
    assert "ménages visités" in text
