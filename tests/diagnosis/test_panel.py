"""The live indicators, from section JSON to tiles (pure functions, no database)."""

import datetime as dt
from decimal import Decimal

import pytest

from binome.diagnosis.panel import Status, bills_and_deliveries, compute_panel, heating_energies, yearly_income
from binome.energy.units import Energy


TODAY = dt.date(2026, 3, 15)

# Case 5, household A of energy.md: 1 adult, 13 200 €/yr, energy 1 450 €/yr, rent 4 800 €/yr.
HOUSEHOLD_A = {
    "household": {"persons_14_plus": 1, "children_under_14": 0, "rfr": "12000"},
    "resources": {"rows": [{"source": "salary", "amount": "1100", "period": "month"}]},
    "charges": {"rent_or_loan": "400"},
    "bills": {
        "rows": [
            {
                "energy": "electricite",
                "start": "2025-01-01",
                "end": "2026-01-01",
                "reading": "real",
                "quantity": "5000",
                "unit": "kwh",
                "amount": "1450",
                "subscription": "0",
            }
        ]
    },
}


def test_case_5_household_a_from_the_forms():
    panel = compute_panel(HOUSEHOLD_A, year=2021, today=TODAY)
    assert panel.tile("spend_total").value.startswith("1\u00a0450")
    assert panel.tile("spend_electricite").value.endswith("fiabilité bonne")  # 12 months of real readings
    assert panel.tile("uc").value == "1,0"
    tee = panel.tile("tee")
    assert tee.value.startswith("11,0")  # 1 450 / 13 200 = 10.98 %
    assert "au-dessus de 10 %" in tee.value
    assert tee.status == Status.ALERT
    brde = panel.tile("brde")  # spend/UC 1 450 > 1 100; (13 200 − 4 800)/1 = 8 400 < 12 000
    assert brde.value == "oui"
    income = panel.tile("income_uc")
    assert income.status == Status.ALERT  # 13 200 ≤ D3 18 360
    assert income.value.endswith("2e décile")  # D1 12 290 < 13 200 ≤ D2 15 550 (INSEE 2021)


def test_household_b_is_not_flagged():
    data = {
        "household": {"persons_14_plus": 3, "children_under_14": 1},
        "resources": {"rows": [{"source": "salary", "amount": "9000", "period": "quarter"}]},
        "charges": {"rent_or_loan": "600"},
        "bills": {"rows": [{**HOUSEHOLD_A["bills"]["rows"][0], "amount": "2700"}]},
    }
    panel = compute_panel(data, year=2021, today=TODAY)
    assert panel.tile("uc").value == "2,3"
    assert panel.tile("tee").value.startswith("7,5")
    assert panel.tile("tee").status == Status.OK
    assert panel.tile("brde").value == "non"  # (36 000 − 7 200)/2.3 = 12 522 ≥ 12 000


def test_missing_inputs_say_what_to_fill_in():
    panel = compute_panel({}, year=2026, today=TODAY)
    assert {t.status for t in panel.tiles} == {Status.MISSING}
    assert "factures" in panel.tile("tee").explanation


def test_income_periods_are_brought_to_the_year():
    rows = [
        {"source": "salary", "amount": "1000", "period": "month"},
        {"source": "family", "amount": "300", "period": "quarter"},
        {"source": "other", "amount": "500", "period": "year"},
    ]
    assert yearly_income(rows) == Decimal(12000 + 1200 + 500)


def test_delivered_fuel_without_start_is_a_delivery():
    rows = [
        {"energy": "fioul", "end": "2023-10-15", "quantity": "1200", "unit": "l", "amount": "1320"},
        {"energy": "fioul", "end": "2024-10-20", "quantity": "1000", "unit": "l", "amount": "1100"},
        {"energy": "fioul", "end": "2025-10-10", "quantity": "1100", "unit": "l", "amount": "1210"},
    ]
    bills, deliveries = bills_and_deliveries(rows)
    assert bills == [] and len(deliveries) == 3
    panel = compute_panel(
        {"bills": {"rows": rows}, "systems": {"main_heating": "chaudiere_fioul"}}, year=2026, today=TODAY
    )
    # Case 3 of energy.md: 2 100 L over 726 days → 1 055.8 L/yr, cost 1 161 €/yr at 1.10 €/L.
    assert panel.bills.energies[0].yearly_quantity == Decimal("1055.8")
    assert panel.tile("spend_fioul").value.startswith("1\u00a0161")
    assert panel.tile("spend_fioul").value.endswith("fiabilité bonne")  # full fills more than a year apart


def test_heating_energies_from_the_systems_section():
    assert heating_energies({"main_heating": "chaudiere_gaz", "auxiliary_heating": "poele_bois"}) == {
        Energy.NATURAL_GAS,
        Energy.WOOD_LOGS,
    }
    assert heating_energies({}) == set()


def test_bill_errors_are_reported_not_raised():
    rows = [dict(HOUSEHOLD_A["bills"]["rows"][0]), dict(HOUSEHOLD_A["bills"]["rows"][0])]  # same period twice
    panel = compute_panel({"bills": {"rows": rows}}, year=2026, today=TODAY)
    assert "chevauchent" in panel.bill_error
    assert panel.tile("spend_total").status == Status.MISSING


def _dwelling(heating="convecteurs"):
    return {
        "dwelling": {"dwelling_type": "maison", "construction_period": "1948_1974", "heated_surface": "90"},
        "envelope": {"walls_insulation": "non", "roof_insulation": "non", "glazing": "simple"},
        "systems": {"main_heating": heating, "hot_water": "ballon_electrique"},
    }


@pytest.mark.parametrize(
    ("kwh", "verdict", "status"),
    [("2000", "restriction probable", Status.ALERT), ("900000", "surconsommation", Status.ALERT)],
)
def test_conventional_versus_actual(kwh, verdict, status):
    data = _dwelling()
    data["bills"] = {"rows": [{**HOUSEHOLD_A["bills"]["rows"][0], "quantity": kwh}]}
    tile = compute_panel(data, year=2026, today=TODAY).tile("conventional")
    assert verdict in tile.value
    assert tile.status == status
    assert "3CL" in tile.explanation


def test_conventional_within_the_range_is_coherent():
    from binome.energy.visit_estimate import VisitFacts, estimate

    facts = VisitFacts(
        year_built=1965,
        surface=90.0,
        altitude_m=600.0,
        walls_insulation="non",
        roof_insulation="non",
        glazing="simple",
        heating="convecteurs",
        on=TODAY,
    )
    central = estimate(facts).central.conso_total_kwh
    data = _dwelling()
    data["bills"] = {"rows": [{**HOUSEHOLD_A["bills"]["rows"][0], "quantity": str(central)}]}
    tile = compute_panel(data, year=2026, today=TODAY).tile("conventional")
    assert "cohérente" in tile.value and tile.status == Status.OK


def test_conventional_needs_the_dwelling():
    tile = compute_panel({"bills": HOUSEHOLD_A["bills"]}, year=2026, today=TODAY).tile("conventional")
    assert tile.status == Status.MISSING and "surface" in tile.explanation


def test_anah_and_cheque_energie_tiles():
    data = {"household": {"persons_14_plus": 1, "rfr": "10999"}}
    panel = compute_panel(data, year=2025, today=TODAY)
    assert panel.tile("anah").status == Status.ALERT  # 10 999 ≤ very-modest ceiling for 1 person
    assert panel.tile("cheque").value == "éligible"  # RFR/UC strictly below 11 000
    at_threshold = compute_panel({"household": {"persons_14_plus": 1, "rfr": "11000"}}, year=2025, today=TODAY)
    assert at_threshold.tile("cheque").value == "non éligible"
    rich = compute_panel({"household": {"persons_14_plus": 1, "rfr": "90000"}}, year=2025, today=TODAY)
    assert rich.tile("cheque").value == "non éligible"
    assert rich.tile("anah").status == Status.INFO


def test_altitude_defaults_to_the_unite_territoriale():
    winter = {
        "energy": "electricite",
        "start": "2025-12-01",
        "end": "2026-03-31",
        "reading": "real",
        "quantity": "2110",
        "unit": "kwh",
        "amount": "500",
    }
    data = {"bills": {"rows": [winter]}, "systems": {"main_heating": "convecteurs"}}
    dole = compute_panel(data, year=2026, today=TODAY, unite_name="Dole").tile("spend_electricite")
    champagnole = compute_panel(data, year=2026, today=TODAY, unite_name="Champagnole").tile("spend_electricite")
    assert "moins de 400 m" in dole.explanation and "400 à 800 m" in champagnole.explanation
    assert dole.value != champagnole.value
    typed = {**data, "dwelling": {"altitude_m": 650}}
    assert compute_panel(typed, year=2026, today=TODAY, unite_name="Dole").tile("spend_electricite") == champagnole


def test_income_above_the_known_deciles_is_said_plainly():
    data = {
        "household": {"persons_14_plus": 1},
        "resources": {"rows": [{"source": "salary", "amount": "3000", "period": "month"}]},
    }
    assert compute_panel(data, year=2021, today=TODAY).tile("income_uc").value.endswith("au-dessus de la médiane")


def test_water_is_shown_apart_from_energy():
    water = {
        "energy": "eau",
        "start": "2025-01-01",
        "end": "2025-07-02",
        "reading": "real",
        "quantity": "40",
        "unit": "m3",
        "amount": "180",
    }
    data = {"bills": {"rows": [*HOUSEHOLD_A["bills"]["rows"], water]}}
    panel = compute_panel(data, year=2026, today=TODAY)
    assert panel.tile("spend_total").value.startswith("1\u00a0450")  # water is not energy spending
    # 182 days: 40 × 365 / 182 = 80.2 m³, 180 × 365 / 182 = 361 €
    assert panel.tile("spend_water").value == "361\u00a0€ · 80,2\u00a0m³ par an"


def test_spending_per_m2_needs_the_bills_and_the_surface():
    data = {**HOUSEHOLD_A, "dwelling": {"heated_surface": "80"}}
    tile = compute_panel(data, year=2026, today=TODAY).tile("per_m2")
    assert tile.value == "18,13\u00a0€ /m²" and tile.status == Status.INFO  # 1 450 / 80
    assert "80 m²" in tile.explanation
    for missing in (
        HOUSEHOLD_A,
        {"dwelling": {"heated_surface": "80"}},
        {**data, "dwelling": {"heated_surface": "0"}},
    ):
        tile = compute_panel(missing, year=2026, today=TODAY).tile("per_m2")
        assert tile.value == "—" and tile.status == Status.MISSING and "surface chauffée" in tile.explanation


def test_conventional_estimate_without_bills_gives_the_3cl_figure_only():
    tile = compute_panel(_dwelling(), year=2026, today=TODAY).tile("conventional")
    assert "kWh (3CL), étiquette " in tile.value and tile.status == Status.MISSING
    assert tile.explanation.startswith("Estimation conventionnelle (méthode 3CL)")
    assert "factures" not in tile.explanation


def test_anah_and_cheque_without_a_scale_for_the_year_say_so():
    panel = compute_panel({"household": {"persons_14_plus": 2, "rfr": "12000"}}, year=2020, today=TODAY)
    for key in ("anah", "cheque"):
        assert panel.tile(key).status == Status.MISSING and "2020" in panel.tile(key).explanation
    assert panel.tile("anah").title == "Catégorie Anah 2020"


def test_tiles_come_in_a_stable_order():
    data = {**HOUSEHOLD_A, **_dwelling()}
    data["bills"] = {
        "rows": [
            *HOUSEHOLD_A["bills"]["rows"],
            {**HOUSEHOLD_A["bills"]["rows"][0], "energy": "eau", "unit": "m3", "quantity": "40", "amount": "180"},
        ]
    }
    keys = [t.key for t in compute_panel(data, year=2026, today=TODAY).tiles]
    assert keys == [
        "spend_electricite",
        "spend_total",
        "spend_water",
        "uc",
        "income_uc",
        "tee",
        "brde",
        "anah",
        "cheque",
        "per_m2",
        "conventional",
        "estimate_unknowns",
    ]
    assert [t.key for t in compute_panel({}, year=2026, today=TODAY).tiles] == [
        "spend_total",
        "uc",
        "income_uc",
        "tee",
        "brde",
        "anah",
        "cheque",
        "per_m2",
        "conventional",
    ]


def _with_bills(data, kwh):
    data["bills"] = {"rows": [{**HOUSEHOLD_A["bills"]["rows"][0], "quantity": str(kwh)}]}
    return data


def _central_kwh(data):
    panel = compute_panel(data, year=2026, today=TODAY)
    text = panel.tile("conventional").explanation
    return int(text.split("(méthode 3CL) : ")[1].split(" kWh")[0].replace("\u202f", "").replace("\xa0", ""))


def test_household_conditions_explain_part_of_the_gap():
    """Occupants and indoor temperature recorded at the visit shift the estimate before the verdict."""
    data = _dwelling()
    central = _central_kwh(data)
    data["household"] = {"persons_14_plus": 5}
    data["settings"] = {"thermostat_before": "22"}
    tile = compute_panel(_with_bills(data, central), year=2026, today=TODAY).tile("conventional")
    assert "Occupation" not in tile.explanation  # gap items are sentences, not labels
    assert "occupant(s) équivalent(s)" in tile.explanation and "5 personne(s)" in tile.explanation
    assert "Température intérieure de 22,0 °C" in tile.explanation
    adjusted = int(
        tile.explanation.split("conditions du ménage : ")[1].split(" kWh")[0].replace("\u202f", "").replace("\xa0", "")
    )
    assert adjusted > central  # more occupants and a warmer home need more than the convention


def test_measured_room_temperatures_stand_in_for_the_thermostat():
    data = _dwelling()
    data["measures"] = {
        "rows": [
            {"place": "séjour", "kind": "temperature", "value": "16"},
            {"place": "chambre", "kind": "temperature", "value": "14"},
            {"place": "frigo", "kind": "power", "value": "120"},
        ]
    }
    tile = compute_panel(_with_bills(data, 3000), year=2026, today=TODAY).tile("conventional")
    assert "Température intérieure de 15,0 °C" in tile.explanation


def test_restriction_is_explained_by_the_declared_behaviours():
    data = _dwelling()
    data["comfort"] = {"restrictions": ["one_room", "hot_water"]}
    tile = compute_panel(_with_bills(data, 1500), year=2026, today=TODAY).tile("conventional")
    assert "restriction probable" in tile.value
    assert "ne chauffe qu'une pièce, limite l'eau chaude" in tile.explanation


def test_unknown_facts_that_weigh_most_are_named():
    panel = compute_panel(_dwelling(), year=2026, today=TODAY)
    tile = panel.tile("estimate_unknowns")
    assert "réduirait l'incertitude de" in tile.explanation
    precise = _dwelling()
    precise["dwelling"].update({"shared_walls": "0", "hsp": "2.5", "floor_type": "terre_plein"})
    precise["dwelling"]["roof_type"] = "combles_perdus"
    precise["envelope"].update(
        {"wall_material": "pierre", "windows_count": "8", "shutters": "yes", "floor_insulation": "non"}
    )
    precise["envelope"]["ventilation"] = "naturelle"
    assert compute_panel(precise, year=2026, today=TODAY).tile("estimate_unknowns").value != tile.value


def test_second_heating_and_fixed_stove_reach_the_estimate():
    from binome.diagnosis.panel import _visit_facts
    from binome.energy.climate_weights import AltitudeClass

    data = _dwelling()
    facts = _visit_facts(
        data["dwelling"],
        data["envelope"],
        {**data["systems"], "auxiliary_heating": "poele_bois"},
        TODAY,
        AltitudeClass.FROM_400_TO_800,
    )
    assert facts.secondary_heating == "poele_bois" and facts.secondary_role == "appoint"
    systems = {
        **data["systems"],
        "secondary_heating": "convecteurs",
        "secondary_role": "pieces",
        "secondary_share": "30",
    }
    facts = _visit_facts(
        data["dwelling"],
        data["envelope"],
        {**systems, "main_heating": "chaudiere_fioul"},
        TODAY,
        AltitudeClass.FROM_400_TO_800,
    )
    assert (facts.secondary_heating, facts.secondary_role, facts.secondary_share) == ("convecteurs", "pieces", 0.3)
    assert heating_energies({"main_heating": "chaudiere_fioul", "secondary_heating": "convecteurs"}) == {
        Energy.FUEL_OIL,
        Energy.ELECTRICITY,
    }


@pytest.mark.parametrize(
    ("decile", "low", "high", "text"),
    [
        (1, None, None, "1er décile"),
        (None, 1, 3, "entre le 1er et le 3e décile"),
        (None, 1, 2, "1er ou 2e décile"),
        (None, 2, 10, "au-dessus du 1er décile"),
        (None, 4, 10, "au-dessus du 3e décile"),
    ],
)
def test_deciles_are_ranked_as_french_writes_them(decile, low, high, text):
    from types import SimpleNamespace

    from binome.diagnosis.panel import _decile_text

    assert _decile_text(SimpleNamespace(decile=decile, decile_min=low, decile_max=high)) == text
