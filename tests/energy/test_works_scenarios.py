from datetime import date

import pytest

from binome.energy.visit_estimate import VisitFacts, estimate
from binome.energy.works import COSTS, PRICES, WORKS, evaluate, evaluate_scenarios


@pytest.fixture
def house():
    f = VisitFacts(
        year_built=1930,
        surface=100,
        altitude_m=550,
        walls_insulation="non",
        roof_insulation="non",
        on=date(2026, 3, 1),
    )
    return estimate(f).dwelling


def test_attic_insulation_saves_energy_and_money(house):
    r = evaluate(house, ["combles"])
    assert r.final_kwh_saved > 0 and r.eur_saved > 0 and r.co2_kg_saved > 0
    # electric heating: € saved = kWh saved × electricity price
    assert r.eur_saved == pytest.approx(
        r.final_kwh_saved * PRICES["electricite"].eur_per_kwh_pci, abs=0.01
    )  # € rounded to the cent
    area = sum(o.area for o in house.opaque if o.kind == "plancher_haut")
    assert r.cost_low == round(COSTS["combles"].low * area)
    assert r.payback_years == pytest.approx(((r.cost_low + r.cost_high) / 2) / r.eur_saved, rel=0.02)


def test_savings_are_not_additive(house):
    keys = ["combles", "murs_iti", "fenetres"]
    singles = sum(evaluate(house, [k]).final_kwh_saved for k in keys)
    combined = evaluate(house, keys).final_kwh_saved
    assert combined != pytest.approx(singles, rel=1e-3)
    assert combined > max(evaluate(house, [k]).final_kwh_saved for k in keys)


def test_model_is_not_mutated(house):
    before = [o.u for o in house.opaque]
    evaluate(house, ["combles", "murs_ite"])
    assert [o.u for o in house.opaque] == before


def test_ranking_by_cost_per_kwh(house):
    results = evaluate_scenarios(house)
    ranked = [r.eur_per_kwh_saved for r in results if r.eur_per_kwh_saved is not None]
    assert ranked == sorted(ranked)
    assert {r.keys[0] for r in results} == set(WORKS)
    unsourced = [r for r in results if r.cost_low is None]
    assert all(r.eur_per_kwh_saved is None for r in unsourced)
    assert results[-1].eur_per_kwh_saved is None


def test_label_improves_with_heat_pump(house):
    r = evaluate(house, ["pac_air_eau"])
    assert r.label_after <= r.label_before
    assert r.primary_kwh_saved > 0
