from decimal import Decimal as D

import pytest
from hypothesis import given, settings, strategies as st

from binome.energy.units import (
    NBSP,
    Energy,
    Unit,
    UnitError,
    allowed_units,
    format_eur,
    format_fr,
    format_pct,
    kwh_pci_per_unit,
    to_kwh_pci,
    to_kwh_pcs,
    to_water_m3,
)


def test_fuel_oil_litres():
    # energy.md §2.3: 1 L = 9.97 kWh PCI
    assert to_kwh_pci(D(1000), Unit.LITRE, Energy.FUEL_OIL) == D(9970)
    assert to_kwh_pci(D(1), Unit.M3, Energy.FUEL_OIL) == D(9970)


def test_gas_m3_case_2():
    # energy.md §5 case 2: 1 150 m³ x 10.82 = 12 443 kWh PCS; / 1.11 = 11 210 kWh PCI
    pcs = to_kwh_pcs(D(1150), Unit.M3, Energy.NATURAL_GAS, gas_kwh_per_m3=D("10.82"))
    pci = to_kwh_pci(D(1150), Unit.M3, Energy.NATURAL_GAS, gas_kwh_per_m3=D("10.82"))
    assert pcs == pytest.approx(D(12443), abs=D("0.001"))
    assert round(pci) == 11210


def test_gas_kwh_on_bill_are_pcs():
    assert to_kwh_pci(D(1110), Unit.KWH, Energy.NATURAL_GAS) == pytest.approx(D(1000))
    assert to_kwh_pci(D(1000), Unit.KWH_PCI, Energy.NATURAL_GAS) == D(1000)
    assert to_kwh_pci(D("1.11"), Unit.MWH, Energy.NATURAL_GAS) == pytest.approx(D(1000))


def test_gas_m3_default_coefficient():
    assert kwh_pci_per_unit(Energy.NATURAL_GAS, Unit.M3) == pytest.approx(D("11.0") / D("1.11"))


def test_wood_logs_case_4():
    # 7 stères x 1 680 kWh = 11 760 kWh PCI
    assert to_kwh_pci(D(7), Unit.STERE, Energy.WOOD_LOGS) == D(11760)
    # 50 cm logs in MAP: MAP / 0.80 = stères, so 5.6 MAP = 7 stères
    assert to_kwh_pci(D("5.6"), Unit.MAP_50CM, Energy.WOOD_LOGS) == D(11760)
    assert to_kwh_pci(D("0.75"), Unit.MAP_40CM, Energy.WOOD_LOGS) == D(1680)
    assert to_kwh_pci(D("0.70"), Unit.MAP_33CM, Energy.WOOD_LOGS) == D(1680)


def test_pellets_propane_electricity():
    assert to_kwh_pci(D(2), Unit.TONNE, Energy.WOOD_PELLETS) == D(9200)
    assert to_kwh_pci(D(100), Unit.KG, Energy.WOOD_PELLETS) == D(460)
    assert to_kwh_pci(D(10), Unit.BAG_15KG, Energy.WOOD_PELLETS) == D(690)  # 10 x 15 kg x 4.6
    assert to_kwh_pci(D(100), Unit.KG, Energy.PROPANE) == D(1278)
    assert to_kwh_pci(D(100), Unit.LITRE, Energy.PROPANE) == D(659)
    assert to_kwh_pci(D("4.5"), Unit.MWH, Energy.ELECTRICITY) == D(4500)
    assert to_kwh_pci(D(300), Unit.KWH, Energy.ELECTRICITY) == D(300)


def test_water():
    assert to_water_m3(D(1500), Unit.LITRE) == D("1.5")
    assert to_water_m3(D(60), Unit.M3) == D(60)


@pytest.mark.parametrize(
    ("energy", "unit"),
    [
        (Energy.ELECTRICITY, Unit.LITRE),
        (Energy.FUEL_OIL, Unit.STERE),
        (Energy.WOOD_LOGS, Unit.TONNE),
        (Energy.WOOD_PELLETS, Unit.M3),
        (Energy.PROPANE, Unit.STERE),
        (Energy.WATER, Unit.KWH),
    ],
)
def test_impossible_pairs_raise_french_error(energy, unit):
    with pytest.raises(UnitError) as error:
        to_kwh_pci(D(1), unit, energy)
    assert "Impossible" in str(error.value) or "L'eau" in str(error.value)


def test_error_lists_accepted_units():
    with pytest.raises(UnitError, match="Unités acceptées : kWh"):
        to_kwh_pci(D(1), Unit.LITRE, Energy.ELECTRICITY)
    with pytest.raises(UnitError, match="m³ ou des litres"):
        to_water_m3(D(1), Unit.KWH)


def test_bad_gas_coefficient():
    with pytest.raises(UnitError):
        to_kwh_pci(D(1), Unit.M3, Energy.NATURAL_GAS, gas_kwh_per_m3=D(0))


def test_allowed_units_are_all_convertible():
    for energy in Energy:
        for unit in allowed_units(energy):
            if energy is Energy.WATER:
                assert to_water_m3(D(1), unit) > 0
            else:
                assert to_kwh_pci(D(1), unit, energy) > 0


def test_strings_are_accepted():
    assert to_kwh_pci(D(10), "l", "fioul") == D("99.70")


def test_french_formatting():
    assert format_fr(D("1056.04"), 2) == f"1{NBSP}056,04"
    assert format_fr(D("-1234567.5"), 1) == f"-1{NBSP}234{NBSP}567,5"
    assert format_fr(D("0.125"), 2) == "0,13"
    assert format_eur(D("1056.04")) == f"1{NBSP}056,04{NBSP}€"
    assert format_pct(D("0.124")) == f"12,4{NBSP}%"


quantities = st.decimals(min_value=0, max_value=100_000, places=3, allow_nan=False, allow_infinity=False)
conversions = st.sampled_from([(e, u) for e in Energy if e is not Energy.WATER for u in allowed_units(e)])


@settings(max_examples=150, deadline=None)
@given(conversions, st.lists(quantities, min_size=1, max_size=6))
def test_convert_then_sum_equals_sum_then_convert(pair, values):
    energy, unit = pair
    separately = sum((to_kwh_pci(v, unit, energy) for v in values), D(0))
    together = to_kwh_pci(sum(values, D(0)), unit, energy)
    assert separately == pytest.approx(together, abs=D("0.000001"))
    assert together >= 0
