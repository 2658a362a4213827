"""Costs: the kit left in the homes visited, the programme's budget lines, spend, CEE share and cost per household
visited — figures computed by hand; the budget page; the dashboard, the bilan JSON and its PDF."""

import datetime as dt
import html
import json
import subprocess
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from binome.diagnosis.models import KitInstallation, KitItem
from binome.steering.figures import Period, Scope, costs
from binome.steering.models import BudgetLine


@pytest.fixture
def spent(world, make_dossier):
    """Kit: LED 4.50 €, shower head 12.00 €, draught strip 7.25 €.

    Visited in 2025: A (Dole, 4 LED + 1 shower head = 30.00 €), B (Champagnole, 2 strips = 14.50 €), C (Dole, no
    kit). D visited in 2024 (10 LED = 45.00 €) and E never visited (1 shower head) do not count; nor does the other
    programme. 2025 lines: salaries 60,000 / 55,000 spent / 20,000 CEE; kits 1,500 / 1,000.50 / 0. A 2024 line
    and another programme's 2025 line do not count.
    """
    w = world
    led, shower, strip = (
        KitItem.objects.create(programme=w.programme, name=name, category="bill", unit_cost=Decimal(cost))
        for name, cost in [("Ampoule LED", "4.50"), ("Pommeau de douche", "12.00"), ("Joint de porte", "7.25")]
    )
    elsewhere = KitItem.objects.create(programme=w.other, name="Ampoule", category="bill", unit_cost=Decimal("99"))
    a = make_dossier(w.commune, "2025-01-10", steps=[("mark_visited", "2025-02-01")])
    b = make_dossier(w.commune2, "2025-03-01", steps=[("mark_visited", "2025-06-10")])
    make_dossier(w.commune, "2025-04-01", steps=[("mark_visited", "2025-09-01")])  # C
    d = make_dossier(w.commune, "2024-09-01", steps=[("mark_visited", "2024-11-01")])
    e = make_dossier(w.commune, "2025-05-01")
    other = make_dossier(w.other_commune, "2025-01-10", steps=[("mark_visited", "2025-01-11")])
    for dossier, item, quantity in [
        (a, led, 4),
        (a, shower, 1),
        (b, strip, 2),
        (d, led, 10),
        (e, shower, 1),
        (other, elsewhere, 3),
    ]:
        KitInstallation.objects.create(dossier=dossier, item=item, quantity=quantity)
    for programme, year, label, budget, spend, cee in [
        (w.programme, 2025, "Salaires", "60000", "55000", "20000"),
        (w.programme, 2025, "Kits", "1500", "1000.50", "0"),
        (w.programme, 2024, "Salaires", "50000", "48000", "10000"),
        (w.other, 2025, "Salaires", "1", "1", "0"),
    ]:
        BudgetLine.objects.create(
            programme=programme,
            year=year,
            label=label,
            budget=Decimal(budget),
            spend=Decimal(spend),
            cee_share=Decimal(cee),
            updated_by=w.coordinator,
        )
    return w


def test_the_costs_of_2025_by_hand(spent):
    found = costs(Scope(spent.programme), Period.year(2025))
    assert found == {
        "kit_total": 44.5,  # 30.00 + 14.50
        "kit_households": 2,
        "kit_per_household": 14.83,  # 44.50 ÷ 3 households visited
        "budget": 61500.0,
        "spend": 56000.5,
        "cee_share": 20000.0,
        "cee_share_percent": 35.7,  # 20,000 ÷ 56,000.50
        "per_household_visited": 18666.83,  # 56,000.50 ÷ 3
        "households_visited_in_years": 3,
    }


def test_a_ut_a_quarter_and_a_year_without_lines(spent):
    w = spent
    champagnole = costs(Scope(w.programme, w.champagnole), Period.year(2025))
    assert (champagnole["kit_total"], champagnole["kit_per_household"]) == (14.5, 14.5)
    assert champagnole["budget"] is None and champagnole["per_household_visited"] is None  # the programme's lines
    quarter = costs(Scope(w.programme), Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31)))
    assert (quarter["kit_total"], quarter["kit_per_household"]) == (30.0, 30.0)  # A only
    assert quarter["spend"] == 56000.5 and quarter["per_household_visited"] == 18666.83  # the whole year's 3
    year_2026 = costs(Scope(w.programme), Period.year(2026))
    assert year_2026["kit_per_household"] is None and year_2026["budget"] is None
    assert year_2026["per_household_visited"] is None


def test_the_bilan_json_has_the_costs(spent):
    out = StringIO()
    call_command("bilan", "jura", "2025", "--json", stdout=out)
    found = json.loads(out.getvalue())["costs"]
    assert (found["kit_per_household"], found["budget"], found["spend"]) == (14.83, 61500.0, 56000.5)
    assert (found["cee_share"], found["per_household_visited"]) == (20000.0, 18666.83)
    text = StringIO()
    call_command("bilan", "jura", "2025", stdout=text)
    assert "Coût par ménage visité (€) : 18666.83" in text.getvalue()


def test_the_dashboard_and_the_pdf_show_the_costs(client, spent, tmp_path):
    w = spent
    client.force_login(w.coordinator)
    page = html.unescape(client.get(reverse("steering:dashboard"), {"annee": "2025"}).content.decode())
    for shown in ("14,83 €", "61\xa0500,00 €", "56\xa0000,50 €", "35,7 % de la dépense", "18\xa0666,83 €"):
        assert shown in page, shown
    assert reverse("steering:budget") in page and "Coût par ménage visité" in page
    client.force_login(w.chef_mission)  # reads the costs, does not enter the budget
    page = client.get(reverse("steering:dashboard"), {"annee": "2025"}).content.decode()
    assert "Coût par ménage visité" in page and reverse("steering:budget") not in page
    response = client.post(reverse("steering:bilan_pdf"), {"annee": "2025"})
    path = tmp_path / "bilan.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Coût par ménage visité" in text and "666,83" in text and "Kit posé par ménage visité" in text


def test_the_budget_page(client, world):
    w = world
    client.force_login(w.coordinator)
    url = reverse("steering:budget")
    data = {"year": "2025", "label": "Salaires", "budget": "60 000", "spend": "55 000,50 €", "cee_share": "20000"}
    assert client.post(url, data).status_code == 302
    line = BudgetLine.objects.get()
    assert (line.programme, line.spend, line.cee_share, line.updated_by) == (
        w.programme,
        Decimal("55000.50"),
        Decimal("20000"),
        w.coordinator,
    )
    page = html.unescape(client.post(url, data).content.decode())  # the same label twice in a year
    assert "Cette ligne existe déjà pour cette année." in page
    too_much = client.post(url, {**data, "label": "Kits", "spend": "100", "cee_share": "150"}).content.decode()
    assert "ne peut pas dépasser la dépense" in html.unescape(too_much)
    client.post(url, {**data, "ligne": line.pk, "spend": "56000"})
    line.refresh_from_db()
    assert line.spend == Decimal("56000") and BudgetLine.objects.count() == 1
    client.force_login(w.other_coordinator)  # another programme's line is not found
    assert client.get(url, {"ligne": line.pk}).status_code == 404
    assert client.post(url, {"ligne": line.pk, "supprimer": "1"}).status_code == 404
    client.force_login(w.admin)
    client.post(url, {"ligne": line.pk, "supprimer": "1"})
    assert not BudgetLine.objects.exists()
