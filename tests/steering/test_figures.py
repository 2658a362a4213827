"""The bilan's figures on fixtures whose answers are computed by hand (docs/steering.md gives the definitions)."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from binome.steering.figures import Period, Scope, bilan, requests, visits
from binome.territory.models import CoverageYear
from tests.factories import MobilisationEventFactory, OrganisationFactory


@pytest.fixture
def year_2025(world, make_dossier):
    """Nine requests of 2025, one of December 2024 visited in January, one dossier of another programme.

    Delays of the 2025 visits: A 10, B 30, G 16, I 121 (visited on 31 December at 23:30), J 4 days.
    """
    w = world
    w.dole.households, w.champagnole.households = 3000, 2000
    w.dole.save(), w.champagnole.save()
    CoverageYear.objects.create(programme=w.programme, year=2025, unite=w.dole)
    c, c2 = w.commune, w.commune2
    make_dossier(c, "2025-01-10", "department_social", [("mark_visited", "2025-01-20")])  # A
    make_dossier(c, "2025-02-01", "partner_social", [("mark_visited", "2025-03-03")])  # B
    make_dossier(c, "2025-03-01", "partner_structure", [("defer", "2025-03-15"), ("mark_visited", "2026-02-01")])  # C
    make_dossier(c, "2025-04-01", "workshop", [("defer", "2025-04-10")])  # D
    make_dossier(c, "2025-05-01", "self", [("withdraw", "2025-05-20")])  # E
    make_dossier(c, "2025-06-01", "department_social", [("mark_unreachable", "2025-07-01")])  # F
    make_dossier(c, "2024-12-20", "department_social", [("mark_visited", "2025-01-05")])  # G
    make_dossier(  # H: ended twice in the year, once of each kind
        c,
        "2025-07-01",
        "department_social",
        [("mark_not_eligible", "2025-07-02"), ("reopen", "2025-07-10"), ("redirect", "2025-08-01")],
    )
    make_dossier(c, "2025-09-01", "partner_social", [("mark_visited", "2025-12-31", 23, 30)])  # I
    make_dossier(c2, "2025-10-01", "partner_structure", [("mark_visited", "2025-10-05")])  # J
    make_dossier(w.other_commune, "2025-01-10", "department_social", [("mark_visited", "2025-01-11")])
    return w


def test_bilan_2025_by_hand(year_2025):
    figures = bilan(year_2025.programme, 2025)
    assert figures["requests"] == {
        "total": 9,
        "by_source_family": {
            "department_social": 3,
            "partner_social": 2,
            "partner_structure": 2,
            "workshop": 1,
            "self": 1,
        },
        "without_source": 0,
    }
    # 5 visits / 52 weeks; 5 × 1,000 / 3,000 households of Dole, the only UT covered in 2025
    assert figures["visits"] == {"total": 5, "per_week": 0.1, "per_1000_households": 1.67}
    assert figures["deferred"] == {"total": 2, "visited_later": 1}
    assert figures["ended_without_visit"] == {"withdrawn": 1, "unreachable": 1, "not_eligible": 1, "redirected": 1}
    # delays 4, 10, 16, 30, 121: median 16, p90 = 30 + 0.6 × 91 = 84.6
    assert figures["delays_days"]["request_to_visit"] == {"count": 5, "median": 16, "p90": pytest.approx(84.6)}


def test_the_next_year_counts_the_deferred_visit_there(year_2025):
    figures = bilan(year_2025.programme, 2026)
    assert figures["requests"]["total"] == 0
    assert figures["visits"]["total"] == 1
    # 2025-03-01 → 2026-02-01; no coverage plan for 2026: all UTs (5,000 households)
    assert figures["delays_days"]["request_to_visit"] == {"count": 1, "median": 337, "p90": 337}
    assert figures["visits"]["per_1000_households"] == 0.2
    assert figures["deferred"] == {"total": 0, "visited_later": 0}


def test_a_ut_and_a_period(year_2025):
    w = year_2025
    champagnole = Scope(w.programme, w.champagnole)
    assert requests(champagnole, Period.year(2025))["total"] == 1
    assert visits(champagnole, Period.year(2025)) == {"total": 1, "per_week": 0.02, "per_1000_households": 0.5}
    first_quarter = Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert visits(Scope(w.programme), first_quarter)["total"] == 3  # A, B, G


def test_bilan_command_prints_the_json(year_2025):
    out = StringIO()
    call_command("bilan", "jura", "2025", "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed == json.loads(json.dumps(bilan(year_2025.programme, 2025)))
    assert printed["visits"]["total"] == 5
    text = StringIO()
    call_command("bilan", "jura", "2025", stdout=text)
    assert "Ménages visités : 5" in text.getvalue()
    with pytest.raises(CommandError, match="Programme inconnu"):
        call_command("bilan", "nulle-part", "2025")


@pytest.fixture
def seeds(world, make_dossier):
    """The seeds' 2014–2016: 80 % of 2014 requests from the Département's social workers, 60/20/20 in 2015, and
    one Énergie Logis workshop in 2016 bringing 37 requests, 27 deferred to 2017, 14 of them visited later."""
    w = world
    departement = OrganisationFactory(
        programme=w.programme, name="Département — MDS de Dole", kind="department_social"
    )
    c = w.commune
    for i in range(10):
        org = departement if i < 8 else w.ccas
        make_dossier(c, f"2014-{i + 1:02d}-05", "", organisation=org)
    mix_2015 = [departement] * 24 + [w.ccas] * 8 + [OrganisationFactory(programme=w.programme, kind="adil")] * 8
    for i, org in enumerate(mix_2015):
        make_dossier(c, f"2015-{i % 12 + 1:02d}-{i % 27 + 1:02d}", "", organisation=org)
    workshop = MobilisationEventFactory(programme=w.programme, title="Atelier Énergie Logis")
    for i in range(37):
        steps = []
        if i < 27:
            steps.append(("defer", "2016-11-20"))
            if i < 14:
                steps.append(("mark_visited", f"2017-02-{i + 1:02d}"))
        make_dossier(c, "2016-10-18", "", mobilisation_event=workshop, steps=steps)
    return w


def test_the_seeds_figures(seeds):
    b2014 = bilan(seeds.programme, 2014)["requests"]
    assert b2014["total"] == 10
    assert b2014["by_source_family"]["department_social"] * 100 / b2014["total"] == 80
    b2015 = bilan(seeds.programme, 2015)["requests"]
    assert b2015["total"] == 40
    shares = {k: v * 100 / 40 for k, v in b2015["by_source_family"].items()}
    assert shares == {"department_social": 60, "partner_social": 20, "partner_structure": 20, "workshop": 0, "self": 0}
    b2016 = bilan(seeds.programme, 2016)
    assert b2016["requests"]["by_source_family"]["workshop"] == 37
    assert b2016["deferred"] == {"total": 27, "visited_later": 14}
    assert b2016["visits"]["total"] == 0
    b2017 = bilan(seeds.programme, 2017)
    assert b2017["visits"]["total"] == 14
    assert b2017["deferred"]["total"] == 0
