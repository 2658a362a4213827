"""Section forms: French input, validation messages, JSON round-trip (no database)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.http import QueryDict

from binome.diagnosis.sections import (
    BY_KEY,
    SECTIONS,
    BillRowForm,
    DwellingForm,
    HouseholdForm,
    MeasureRowForm,
    bind_grid,
    from_json,
    period_of_year,
    to_json,
)


def bill(**overrides):
    data = {
        "energy": "electricite",
        "start": "01/12/2025",
        "end": "31/01/2026",
        "reading": "estimated",
        "quantity": "1 260",
        "unit": "kwh",
        "amount": "245,95 €",
        "subscription": "30,5",
    }
    return {**data, **overrides}


def test_french_numbers_and_dates_are_understood():
    form = BillRowForm(bill())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["quantity"] == Decimal(1260)
    assert form.cleaned_data["amount"] == Decimal("245.95")
    assert form.cleaned_data["start"] == dt.date(2025, 12, 1)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end": "01/11/2025"}, "end", "La fin doit être postérieure au début."),
        ({"start": ""}, "start", "Indiquez la date de début"),
        ({"quantity": ""}, "quantity", "Indiquez la quantité ou les deux index."),
        ({"quantity": "", "index_start": "900", "index_end": "800"}, "index_end", "inférieur à l'index de début"),
        ({"unit": "stere"}, "unit", "Unité impossible pour cette énergie"),
        ({"subscription": "300"}, "subscription", "L'abonnement dépasse"),
        ({"amount": "-3"}, "amount", "supérieure ou égale à 0"),
        ({"end": "2026-13-01"}, "end", "Date attendue au format jj/mm/aaaa."),
    ],
)
def test_bill_errors_are_attached_to_their_field(overrides, field, message):
    form = BillRowForm(bill(**overrides))
    assert not form.is_valid()
    assert any(message in error for error in form.errors[field]), form.errors


def test_delivery_needs_no_start_date():
    form = BillRowForm(bill(energy="fioul", start="", unit="l", quantity="1000", subscription=""))
    assert form.is_valid(), form.errors


def test_quantity_comes_from_the_indexes():
    form = BillRowForm(bill(quantity="", index_start="12 340", index_end="13 600"))
    assert form.is_valid()
    assert form.cleaned_data["quantity"] == Decimal(1260)


def test_household_needs_someone():
    form = HouseholdForm({"persons_14_plus": "0", "children_under_14": "0"})
    assert not form.is_valid()
    assert form.errors["persons_14_plus"] == ["Le ménage compte au moins une personne."]


def test_humidity_above_100_is_refused():
    form = MeasureRowForm({"place": "Séjour", "kind": "humidity", "value": "105"})
    assert not form.is_valid() and "100 %" in form.errors["value"][0]


@pytest.mark.parametrize(
    ("year", "period"),
    [(1900, "before_1948"), (1947, "before_1948"), (1948, "1948_1974"), (1977, "1975_1977"), (2012, "2006_2012")],
)
def test_period_of_a_known_year(year, period):
    assert period_of_year(year) == period


def test_dwelling_fills_the_period_from_the_year():
    form = DwellingForm({"year_built": "1962", "dwelling_type": "maison"})
    assert form.is_valid()
    assert form.cleaned_data["construction_period"] == "1948_1974"


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.key)
def test_every_section_round_trips_through_json(section):
    import json

    form = section.form_class()
    data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
    stored = json.loads(json.dumps(to_json(data)))
    assert from_json(section.form_class, stored) == data


def test_bill_round_trip_keeps_dates_and_decimals():
    form = BillRowForm(bill())
    assert form.is_valid()
    stored = to_json(form.cleaned_data)
    assert stored["start"] == "2025-12-01" and stored["quantity"] == "1260" and stored["amount"] == "245.95"
    initial = from_json(BillRowForm, stored)
    assert initial["start"] == dt.date(2025, 12, 1) and initial["amount"] == Decimal("245.95")


def test_grid_ignores_rows_with_only_drop_downs():
    post = QueryDict(mutable=True)
    for name in BY_KEY["bills"].form_class.base_fields:
        post.setlist(name, [bill().get(name, ""), {"energy": "fioul", "reading": "real", "unit": "l"}.get(name, "")])
    grid = bind_grid(post, BillRowForm)
    assert grid.forms[1] is None
    assert grid.is_valid() and len(grid.rows) == 1


def test_visit_facts_fields_round_trip_to_the_estimate():
    """The technical sections' new fields validate the French way and reach the visit estimate's vocabulary."""
    from binome.diagnosis.sections import EnvelopeForm, SystemsForm
    from binome.energy.visit import vocabulary as ev

    envelope = EnvelopeForm(
        QueryDict(
            "walls_insulation=oui&walls_insulation_cm=12&roof_insulation=partielle&floor_insulation=inconnue"
            "&glazing=double_recent&ventilation=vmc_hygro&wall_material=pierre&windows_count=9"
            "&defects=trappe_non_isolee&defects=menuiseries_sans_joints"
        )
    )
    assert envelope.is_valid(), envelope.errors
    data = to_json(envelope.cleaned_data)
    assert data["defects"] == ["trappe_non_isolee", "menuiseries_sans_joints"]
    assert set(data["defects"]) <= set(ev.DEFECTS) and data["wall_material"] in ev.WALL_MATERIALS
    systems = SystemsForm(
        QueryDict(
            "main_heating=pac_air_eau&secondary_heating=chaudiere_gaz&secondary_share=30,5&hot_water=chaudiere_gaz"
        )
    )
    assert not systems.is_valid()  # a share is a whole percentage
    assert "secondary_share" in systems.errors
    systems = SystemsForm(QueryDict("main_heating=pac_air_eau&secondary_heating=chaudiere_gaz&secondary_share=30"))
    assert systems.is_valid(), systems.errors
    assert systems.cleaned_data["secondary_share"] == Decimal(30)
    assert not SystemsForm(QueryDict("main_heating=chaudiere_nucleaire")).is_valid()
