"""The capacity and coverage simulator page: the four usual scenarios side by side, the Jura's beginnings, and
parameters out of range refused in French with what was typed kept."""

import html

import pytest
from django.urls import reverse

from binome.coordination.simulator import territory_of
from binome.territory.models import CoverageYear
from tests.factories import CommuneFactory


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def territory(world):
    """Two UTs of different sizes and a coverage plan alternating between them."""
    CommuneFactory(unite=world.dole, population=60_000)
    CommuneFactory(unite=world.champagnole, population=30_000)
    for year, unite in ((2015, world.dole), (2016, world.champagnole), (2026, world.dole), (2027, world.champagnole)):
        CoverageYear.objects.create(programme=world.programme, year=year, unite=unite)
    return world


def test_households_are_split_by_population_and_the_history_counts_the_requests(territory, make_dossier):
    make_dossier(commune=territory.commune)
    found = territory_of(territory.programme)
    assert found.names == ("Champagnole", "Dole")
    assert sum(found.households.values()) == pytest.approx(116_653, abs=1)
    assert found.households["Dole"] == pytest.approx(2 * found.households["Champagnole"], rel=0.05)
    assert found.history == {"Dole": 1}
    assert found.plan[2015] == frozenset({"Dole"})


def test_the_page_compares_the_four_usual_scenarios(client, clock, territory):
    client.force_login(territory.chef_mission)
    response = client.get(reverse("coordination:simulator"))
    assert response.status_code == 200
    reports = [r for _i, r in response.context["reports"]]
    assert [r.scenario.name for r in reports] == [
        "Un binôme, tout le territoire",
        "Un binôme, moitiés alternées, 3 visites par semaine",
        "Un binôme, moitiés alternées, 4 visites par semaine",
        "Deux binômes, tout le territoire",
    ]
    assert [r.scenario.start_year for r in reports] == [2026] * 4
    assert reports[1].scenario.coverage[2026] == frozenset({"Dole"})  # the first half: this year's plan
    body = text(response)
    assert "objectif 2 ‰" in body and "<svg" in body and "Délai entre la demande et la visite" in body


def test_the_jura_beginnings_show_the_dilemma(client, territory):
    client.force_login(territory.coordinator)
    response = client.get(reverse("coordination:simulator") + "?debuts=1")
    reports = {r.scenario.name: r for _i, r in response.context["reports"]}
    whole, halves = (
        reports["Un binôme, tout le territoire"],
        reports["Un binôme, moitiés alternées, 4 visites par semaine"],
    )
    assert whole.scenario.start_year == 2015 and whole.scenario.bursts[0].count == 37
    assert not whole.reaches_target(2015) and halves.reaches_target(2016, "covered")


def test_the_same_parameters_give_the_same_figures(client, territory):
    client.force_login(territory.coordinator)
    first = client.get(reverse("coordination:simulator") + "?debuts=1").context["years"]
    again = client.get(reverse("coordination:simulator") + "?debuts=1").context["years"]
    assert [[c["covered"] for c in row["cells"]] for row in first] == [
        [c["covered"] for c in row["cells"]] for row in again
    ]


def _query(client, **changes) -> str:
    base = client.get(reverse("coordination:simulator")).context["common"].data.copy()
    for key, value in changes.items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
    return base.urlencode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tirages": "500"}, "Au plus 100."),
        ({"duree": "5"}, "Au plus 3."),
        ({"conges": "31-34, été"}, "Écrivez des numéros de semaine de 1 à 52"),
        ({"s1-visites": "trois"}, "Saisissez un nombre, par exemple 3,5."),
        ({"s2-moitie": None}, "Cochez les UT de la première moitié"),
        ({"s1-couverture": "custom"}, "Cochez au moins une UT ouverte en 2026."),
        ({"atelier_annee": "2030"}, "L'afflux doit tomber pendant la période simulée."),
        ({"s1-actif": None, "s2-actif": None, "s3-actif": None, "s4-actif": None}, "Cochez au moins un scénario"),
    ],
)
def test_parameters_out_of_range_are_refused_in_french_and_kept(client, clock, territory, changes, message):
    client.force_login(territory.coordinator)
    response = client.get(reverse("coordination:simulator") + "?" + _query(client, **changes))
    assert response.status_code == 200
    body = text(response)
    assert message in body
    assert "comparison" not in response.context
    for value in changes.values():
        if value and value not in {"custom"}:
            assert value in body  # what was typed is shown again


def test_referrers_and_advisors_do_not_simulate(client, territory):
    for user in (territory.referrer, territory.advisor):
        client.force_login(user)
        assert client.get(reverse("coordination:simulator")).status_code == 403


def test_a_comparison_already_computed_comes_from_the_cache(client, territory, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    from binome.planning import simulator as engine

    runs = []
    real_report = engine.report
    monkeypatch.setattr(engine, "report", lambda *a, **k: runs.append(1) or real_report(*a, **k))
    client.force_login(territory.coordinator)
    first = client.get(reverse("coordination:simulator"))
    computed = len(runs)
    assert computed == len(first.context["reports"]) > 0
    second = client.get(reverse("coordination:simulator"))
    assert len(runs) == computed  # nothing simulated again
    assert [r.covered for _i, r in second.context["reports"]] == [r.covered for _i, r in first.context["reports"]]
    # Another draw count is another comparison.
    client.get(reverse("coordination:simulator") + "?" + _query(client, tirages="3", calcul="1"))
    assert len(runs) > computed
