"""The pure parts of the report: works scenarios, the landlord check, diffs, sections, charts."""

import datetime as dt

import pytest

from binome.energy.visit_estimate import VisitFacts, estimate
from binome.reports import charts, privacy, scenarios, sections as spec
from binome.reports.diffs import changed_sections, word_diff
from binome.reports.dispatch import MAX_ATTEMPTS, retry_delay


PRICES = {"electricite": scenarios.Price(0.1940, "2026-02-01", "CRE")}
COSTS = {"combles": scenarios.Cost(40.0, 60.0, True, "2024-01-01", "Observatoire BBC")}


@pytest.fixture(scope="module")
def dwelling():
    facts = VisitFacts(
        dwelling_type="maison",
        year_built=1960,
        surface=90.0,
        altitude_m=600.0,
        walls_insulation="non",
        roof_insulation="non",
        floor_insulation="non",
        glazing="simple",
        ventilation="naturelle",
        heating="convecteurs",
        hot_water="ballon_electrique",
        levels=1,
        on=dt.date(2026, 11, 23),
    )
    return estimate(facts).dwelling


def test_a_combination_is_recomputed_as_a_whole_never_summed(dwelling):
    plan = scenarios.evaluate_plan(dwelling, ["combles", "murs_iti"], PRICES, COSTS)
    attic, walls = plan.steps
    assert attic.together == attic.alone  # the first step is the work alone
    summed = attic.alone.kwh_saved + walls.alone.kwh_saved
    # Gains are not additive (energy.md case 11: the whole gains more than the sum, as G falls and Int rises).
    assert walls.together.kwh_saved != summed
    assert walls.together.kwh_saved > max(attic.alone.kwh_saved, walls.alone.kwh_saved)
    assert walls.together.eur_saved == pytest.approx(walls.together.kwh_saved * 0.1940, rel=0.02)


def test_costs_follow_the_programme_parameters_and_unknown_costs_say_so(dwelling):
    plan = scenarios.evaluate_plan(dwelling, ["combles", "vmc"], PRICES, COSTS)
    attic, vmc = plan.steps
    assert attic.unit == "m²" and attic.cost_low == round(40 * attic.quantity, -1)
    assert "Observatoire BBC" in attic.cost_source
    assert vmc.cost_low is None and "devis" in vmc.cost_source
    assert plan.cost_range is None  # one step has no cost: no total is made up


def test_labels_before_and_after_come_from_the_engine(dwelling):
    plan = scenarios.evaluate_plan(dwelling, ["combles", "murs_iti", "fenetres"], PRICES, COSTS)
    assert plan.label_before in "ABCDEFG" and plan.ges_before in "ABCDEFG"
    assert "ABCDEFG".index(plan.total.label_after) <= "ABCDEFG".index(plan.label_before)


def test_ventilation_in_a_damp_dwelling_is_the_landlord_s_first_priority(dwelling):
    plan = scenarios.evaluate_plan(dwelling, ["combles", "vmc"], PRICES, COSTS, facts={"humidity": "local_mould"})
    assert [s.tier for s in plan.steps][1] == 1
    assert scenarios.suggested_order(plan)[0] == "vmc"


def test_aids_differ_for_an_owner_and_a_landlord():
    assert "MaPrimeRénov' par geste" in scenarios.aids("combles", owner_occupier=True)
    landlord = scenarios.aids("combles", owner_occupier=False)
    assert not any("MaPrimeRénov' par geste" in a for a in landlord)
    assert any("Loc'Avantages" in a for a in landlord)


def test_the_landlord_check_finds_amounts_and_social_words_not_measures():
    found = privacy.leaks(
        {
            "findings": "Convecteur de 1200 W. Dette de 640 € chez le fournisseur.",
            "dwelling": "Revenus : 13 200 euros",
        },
        [13200, 640, 1200],
    )
    assert {(f.section, f.found) for f in found} == {
        ("findings", "Dette"),
        ("findings", "640 €"),
        ("dwelling", "Revenus"),
        ("dwelling", "13200 €"),
    }
    assert privacy.leaks({"findings": "Combles non isolés, 16,5 °C dans le séjour."}, [13200]) == []


def test_the_landlord_sheet_is_built_from_technical_sections_only():
    family_sections = {s.key for s in spec.SECTIONS if s.side == spec.FAMILY}
    assert not family_sections & spec.LANDLORD_SECTIONS
    assert "referrer_summary" not in spec.LANDLORD_SECTIONS
    assert spec.DOCUMENT_SECTIONS["referrer"] == ["referrer_summary"]


def test_required_sections_depend_on_the_referrer_consent():
    assert "referrer_summary" in spec.required_keys(True)
    assert "referrer_summary" not in spec.required_keys(False)
    assert spec.too_long("x" * (spec.MAX_CHARS + 1)) and not spec.too_long("x" * spec.MAX_CHARS)


def test_word_diff_marks_what_was_removed_and_added():
    html = word_diff("Isoler les combles <vite>.", "Isoler les murs <vite>.")
    assert html == "Isoler les <del>combles</del><ins>murs</ins> &lt;vite&gt;."
    diffs = changed_sections({"a": "un", "b": "deux"}, {"a": "un", "b": "trois"}, {"a": "A", "b": "B"})
    assert [d.key for d in diffs] == ["b"]


def test_charts_are_titled_svg_with_their_figures_as_text():
    scale = charts.label_scale("G", "D")
    assert scale.startswith("<svg") and "<title>Étiquette énergie</title>" in scale
    assert "aujourd&#x27;hui" in scale and "après travaux" in scale
    bars = charts.bars([("Combles", 1234.0)], unit="€ par an", title="Économies")
    assert "1\u202f234 € par an" in bars
    assert charts.bars([], unit="€", title="x") == ""


def test_e_mail_retries_wait_longer_each_time():
    assert [retry_delay(n) for n in range(1, MAX_ATTEMPTS)] == [dt.timedelta(minutes=5), dt.timedelta(minutes=20)]
