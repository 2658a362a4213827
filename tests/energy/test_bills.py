from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import assume, given, settings, strategies as st

from binome.energy.bills import (
    Bill,
    BillError,
    Confidence,
    Delivery,
    MeterReading,
    annualise_bills,
    annualise_deliveries,
    annualise_household,
    bills_from_readings,
)
from binome.energy.climate_weights import AltitudeClass
from binome.energy.units import Energy, Unit


PRICE_ELEC = D("0.1952")  # Tarif Bleu base, 1 Aug 2025
SUB_ELEC = D("185.58")  # 6 kVA, €/yr


def elec_bill(start, end, kwh, *, estimated=False):
    days = (end - start).days
    subscription = SUB_ELEC * days / 365
    return Bill(
        energy=Energy.ELECTRICITY,
        period_start=start,
        period_end=end,
        quantity=D(kwh),
        unit=Unit.KWH,
        amount_eur=D(kwh) * PRICE_ELEC + subscription,
        subscription_eur=subscription,
        estimated=estimated,
    )


# --- energy.md §5 case 1 -----------------------------------------------------------------------------------------
# Readings 2025-12-01 12 340 (real), 2026-01-31 13 600 (estimated), 2026-03-31 14 450 (real); base 6 kWh/day.
# Hand check: 2 110 kWh over 120 days; DH share = (12 372.4 + 12 341.2 + 11 034.3 + 8 843.1 x 30/31) / 72 333.6
# = 0.61252; heating 2 110 - 720 = 1 390 -> 1 390 / 0.61252 = 2 269.3; + 6 x 365 = 2 190 -> 4 459.3 kWh/yr;
# cost 4 459.3 x 0.1952 + 185.58 = 1 056.04 €.

CASE_1_READINGS = [
    MeterReading(date(2025, 12, 1), D(12340)),
    MeterReading(date(2026, 1, 31), D(13600), estimated=True),
    MeterReading(date(2026, 3, 31), D(14450)),
]


def case_1_bills():
    return bills_from_readings(
        Energy.ELECTRICITY, Unit.KWH, CASE_1_READINGS, price_per_unit=PRICE_ELEC, subscription_per_year=SUB_ELEC
    )


def test_case_1_degree_hour_weighting():
    result = annualise_bills(case_1_bills(), heating=True, base_load_kwh_per_day=D(6))
    assert result.yearly_kwh == D("4459.3")
    assert result.yearly_eur == D("1056.04")
    assert result.yearly_subscription_eur == D("185.58")
    assert result.covered_days == 120
    assert result.confidence is Confidence.MEDIUM
    assert "degrés-heures" in result.explanation
    assert "remplacés par ce relevé" in result.explanation


def test_case_1_from_bills_equals_from_readings():
    bills = [
        elec_bill(date(2025, 12, 1), date(2026, 1, 31), 1260, estimated=True),
        elec_bill(date(2026, 1, 31), date(2026, 3, 31), 850),
    ]
    assert annualise_bills(bills, heating=True, base_load_kwh_per_day=D(6)).yearly_kwh == D("4459.3")


def test_case_1_naive_pro_rata_for_non_heating_use():
    # 2 110 x 365 / 120 = 6 417.9 (what a plain pro-rata gives; biased high for a heated home)
    assert annualise_bills(case_1_bills(), heating=False).yearly_kwh == D("6417.9")


def test_case_1_variant_only_estimated_bill():
    # 1 260 kWh over 61 days, share 0.33616 -> (1 260 - 366) / 0.33616 + 2 190 = 4 849.5; estimated -> low
    result = annualise_bills(case_1_bills()[:1], heating=True, base_load_kwh_per_day=D(6))
    assert result.yearly_kwh == D("4849.5")
    assert result.confidence is Confidence.LOW
    assert "estimés" in result.explanation
    naive = annualise_bills(case_1_bills()[:1], heating=False)
    assert naive.yearly_kwh == D("7539.3")  # 1 260 x 365 / 61


# --- energy.md §5 case 2: gas in m³ -----------------------------------------------------------------------------


def test_case_2_gas_yearly_bill():
    # 1 150 m³ x 10.82 = 12 443 kWh PCS -> 11 209.9 kWh PCI; 12 443 x 0.10192 + 343.90 = 1 612.09 €
    bill = Bill(
        energy=Energy.NATURAL_GAS,
        period_start=date(2025, 1, 1),
        period_end=date(2026, 1, 1),
        quantity=D(1150),
        unit=Unit.M3,
        amount_eur=D("12443") * D("0.10192") + D("343.90"),
        subscription_eur=D("343.90"),
        gas_kwh_per_m3=D("10.82"),
    )
    result = annualise_bills([bill], heating=True)
    assert result.yearly_kwh == D("11209.9")
    assert result.yearly_eur == D("1612.09")
    assert result.yearly_quantity == D("1150.0")
    assert result.quantity_unit is Unit.M3
    assert result.confidence is Confidence.HIGH


# --- energy.md §5 case 3: fuel-oil deliveries ---------------------------------------------------------------------


def test_case_3_fuel_oil_deliveries():
    # 2 100 L over 726 days -> 1 055.8 L/yr -> x 9.97 = 10 526.2 kWh; 2 310 € x 365 / 726 = 1 161.36 €
    deliveries = [
        Delivery(Energy.FUEL_OIL, date(2023, 10, 15), D(1200), Unit.LITRE, D(1320)),
        Delivery(Energy.FUEL_OIL, date(2024, 10, 20), D(1000), Unit.LITRE, D(1100)),
        Delivery(Energy.FUEL_OIL, date(2025, 10, 10), D(1100), Unit.LITRE, D(1210)),
    ]
    result = annualise_deliveries(deliveries)
    assert result.covered_days == 726
    assert result.yearly_quantity == D("1055.8")
    assert result.yearly_kwh == D("10526.2")
    assert result.yearly_eur == D("1161.36")
    assert result.confidence is Confidence.HIGH
    assert "première livraison n'est pas comptée" in result.explanation


def test_deliveries_less_than_a_year_apart_use_degree_hours():
    # 1 Oct -> 1 Feb (400-800 m): share = (5 280.4 + 9 154.2 + 12 372.4 + 12 341.2) / 72 333.6 = 39 148.2 / 72 333.6
    deliveries = [
        Delivery(Energy.WOOD_PELLETS, date(2025, 10, 1), D(2), Unit.TONNE, D(860)),
        Delivery(Energy.WOOD_PELLETS, date(2026, 2, 1), D(1), Unit.TONNE, D(430), full_fill=False),
    ]
    result = annualise_deliveries(deliveries)
    assert result.yearly_kwh == D("8499.4")  # 4 600 x 72 333.6 / 39 148.2 = 8 499.40
    assert result.yearly_eur == D("794.51")  # 430 x 72 333.6 / 39 148.2 = 794.508
    assert result.confidence is Confidence.MEDIUM


def test_single_delivery_is_refused():
    with pytest.raises(BillError, match="Au moins deux livraisons"):
        annualise_deliveries([Delivery(Energy.FUEL_OIL, date(2025, 1, 1), D(1000), Unit.LITRE, D(1100))])


# --- energy.md §5 case 4: wood logs --------------------------------------------------------------------------------


def test_case_4_wood_logs_one_year():
    bill = Bill(Energy.WOOD_LOGS, date(2025, 1, 1), date(2026, 1, 1), D(7), Unit.STERE, amount_eur=D(560))
    result = annualise_bills([bill], heating=True)
    assert result.yearly_kwh == D("11760.0")
    assert result.yearly_eur == D("560.00")
    assert result.confidence is Confidence.HIGH


# --- other rules ---------------------------------------------------------------------------------------------------


def test_base_load_estimated_from_summer_bills():
    # July-August: 62 days at 6 kWh/day = 372 kWh; winter as in case 1 (real readings only)
    bills = [
        elec_bill(date(2025, 7, 1), date(2025, 9, 1), 372),
        elec_bill(date(2025, 12, 1), date(2026, 3, 31), 2110),
    ]
    result = annualise_bills(bills, heating=True)
    assert "estimée sur les factures d'été" in result.explanation
    # 2 482 kWh over 182 days; share = 0.61252 + 0 ; base 6 x 182 = 1 092; heating 1 390 -> 2 269.3 + 2 190
    assert result.yearly_kwh == D("4459.3")


def test_unknown_base_load_weights_everything_and_says_so():
    result = annualise_bills(case_1_bills(), heating=True)
    # 2 110 / 0.61252 = 3 444.8
    assert result.yearly_kwh == D("3444.8")
    assert "faute de connaître la consommation de base" in result.explanation


def test_summer_only_heating_bill_is_low_confidence():
    result = annualise_bills([elec_bill(date(2025, 7, 1), date(2025, 9, 1), 372)], heating=True)
    assert result.confidence is Confidence.LOW
    assert result.yearly_kwh == D("2190.0")
    assert "hors saison de chauffe" in result.explanation


def test_trailing_estimated_bill_is_dropped_when_real_readings_exist():
    bills = [
        elec_bill(date(2025, 1, 1), date(2026, 1, 1), 4000),
        elec_bill(date(2026, 1, 1), date(2026, 3, 1), 9999, estimated=True),
    ]
    result = annualise_bills(bills, heating=False)
    assert result.yearly_kwh == D("4000.0")
    assert result.confidence is Confidence.HIGH
    assert "écartée" in result.explanation


def test_water_pro_rata():
    bill = Bill(Energy.WATER, date(2025, 1, 1), date(2025, 7, 1), D(30), Unit.M3, D(150), D(20))
    result = annualise_bills([bill], heating=True)  # heating ignored for water
    # 181 days: 30 x 365 / 181 = 60.5 m³; (130 + 20) x 365 / 181 = 302.49 €
    assert result.yearly_m3 == D("60.5")
    assert result.yearly_kwh is None
    assert result.yearly_eur == D("302.49")
    assert result.confidence is Confidence.MEDIUM


def test_one_day_gap_between_bills_is_joined():
    bills = [
        elec_bill(date(2025, 1, 1), date(2025, 6, 30), 1000),
        elec_bill(date(2025, 7, 1), date(2026, 1, 1), 1000),
    ]
    result = annualise_bills(bills, heating=False)
    assert result.covered_days == 365
    assert result.yearly_kwh == D("2000.0")


def test_overlapping_bills_are_refused():
    bills = [elec_bill(date(2025, 1, 1), date(2025, 3, 1), 500), elec_bill(date(2025, 2, 1), date(2025, 4, 1), 500)]
    with pytest.raises(BillError, match="se chevauchent"):
        annualise_bills(bills)


def test_mixed_energies_are_refused():
    gas = Bill(Energy.NATURAL_GAS, date(2025, 3, 1), date(2025, 4, 1), D(100), Unit.KWH, D(20))
    with pytest.raises(BillError, match="une seule énergie"):
        annualise_bills([elec_bill(date(2025, 1, 1), date(2025, 3, 1), 500), gas])


def test_subscription_above_total_is_refused():
    bill = Bill(Energy.ELECTRICITY, date(2025, 1, 1), date(2025, 3, 1), D(100), Unit.KWH, D(10), D(20))
    with pytest.raises(BillError, match="abonnement"):
        annualise_bills([bill])


def test_household_summary():
    deliveries = [
        Delivery(Energy.FUEL_OIL, date(2023, 10, 15), D(1200), Unit.LITRE, D(1320)),
        Delivery(Energy.FUEL_OIL, date(2024, 10, 20), D(1000), Unit.LITRE, D(1100)),
        Delivery(Energy.FUEL_OIL, date(2025, 10, 10), D(1100), Unit.LITRE, D(1210)),
    ]
    water = Bill(Energy.WATER, date(2025, 1, 1), date(2026, 1, 1), D(50), Unit.M3, D(200), D(40))
    summary = annualise_household(
        [*case_1_bills(), water],
        deliveries,
        heating_energies={Energy.ELECTRICITY, Energy.FUEL_OIL},
        base_loads_kwh_per_day={Energy.ELECTRICITY: D(6)},
    )
    assert summary.total_kwh == D("4459.3") + D("10526.2")
    assert summary.total_energy_eur == D("1056.04") + D("1161.36")
    assert summary.total_eur == summary.total_energy_eur + D("200.00")
    assert summary.confidence is Confidence.MEDIUM
    assert summary.water is not None
    assert "Eau" in summary.explanation


def test_household_refuses_bills_and_deliveries_for_same_energy():
    bill = Bill(Energy.FUEL_OIL, date(2025, 1, 1), date(2026, 1, 1), D(1000), Unit.LITRE, D(1100))
    deliveries = [
        Delivery(Energy.FUEL_OIL, date(2023, 10, 15), D(1200), Unit.LITRE, D(1320)),
        Delivery(Energy.FUEL_OIL, date(2024, 10, 20), D(1000), Unit.LITRE, D(1100)),
    ]
    with pytest.raises(BillError, match="soit des factures, soit des livraisons"):
        annualise_household([bill], deliveries)


# --- property-based tests ------------------------------------------------------------------------------------------

energies = st.sampled_from([Energy.ELECTRICITY, Energy.NATURAL_GAS, Energy.DISTRICT_HEATING, Energy.WATER])


@st.composite
def split_consumption(draw):
    """A consumption over a period, and a random split of it into consecutive bills (cut dates and shares)."""
    start = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2027, 12, 31)))
    days = draw(st.integers(min_value=30, max_value=900))
    total = draw(st.decimals(min_value=1, max_value=50_000, places=1))
    sub = draw(st.decimals(min_value=0, max_value=300, places=2))
    cuts = sorted(set(draw(st.lists(st.integers(min_value=1, max_value=days - 1), max_size=8))))
    weights = draw(st.lists(st.integers(min_value=0, max_value=100), min_size=len(cuts) + 1, max_size=len(cuts) + 1))
    assume(sum(weights) > 0)
    return start, days, total, sub, cuts, weights


def make_bills(energy, start, days, total, sub, cuts, weights):
    bounds = [0, *cuts, days]
    scale = sum(weights)
    bills = []
    for i, weight in enumerate(weights):
        s, e = start + timedelta(days=bounds[i]), start + timedelta(days=bounds[i + 1])
        quantity = total * weight / scale
        subscription = sub * (bounds[i + 1] - bounds[i]) / days
        unit = Unit.M3 if energy is Energy.WATER else Unit.KWH
        bills.append(Bill(energy, s, e, quantity, unit, quantity * D("0.2") + subscription, subscription))
    return bills


@settings(max_examples=120, deadline=None)
@given(split_consumption(), energies, st.booleans(), st.sampled_from(list(AltitudeClass)))
def test_any_split_gives_the_same_yearly_figure(data, energy, heating, altitude):
    start, days, total, sub, cuts, weights = data
    whole = make_bills(energy, start, days, total, sub, [], [1])
    split = make_bills(energy, start, days, total, sub, cuts, weights)
    base = D(2) if heating else None
    kwargs = {"heating": heating, "base_load_kwh_per_day": base, "altitude": altitude}
    try:
        one = annualise_bills(whole, **kwargs)
    except BillError:
        return
    many = annualise_bills(split, **kwargs)
    field = "yearly_m3" if energy is Energy.WATER else "yearly_kwh"
    assert getattr(many, field) == pytest.approx(getattr(one, field), abs=D("0.2"))
    assert many.yearly_eur == pytest.approx(one.yearly_eur, abs=D("0.02"))
    assert many.yearly_subscription_eur == pytest.approx(one.yearly_subscription_eur, abs=D("0.02"))


@settings(max_examples=120, deadline=None)
@given(split_consumption(), energies, st.booleans(), st.decimals(min_value=0, max_value=100, places=1))
def test_totals_are_never_negative(data, energy, heating, base):
    start, days, total, sub, cuts, weights = data
    bills = make_bills(energy, start, days, total, sub, cuts, weights)
    result = annualise_bills(bills, heating=heating, base_load_kwh_per_day=base)
    for value in (result.yearly_kwh, result.yearly_m3, result.yearly_eur, result.yearly_consumption_eur):
        assert value is None or value >= 0
    summary = annualise_household(bills, heating_energies={energy} if heating else ())
    assert summary.total_kwh >= 0
    assert summary.total_eur >= 0


@settings(max_examples=80, deadline=None)
@given(st.lists(st.decimals(min_value=0, max_value=5000, places=2), min_size=2, max_size=6))
def test_converting_each_bill_or_the_sum_gives_the_same_year(quantities):
    # Same gas consumption billed in m³ (converted bill by bill) or as one total: same kWh PCI per year
    start = date(2025, 1, 1)
    per_bill = [
        Bill(
            Energy.NATURAL_GAS,
            start + timedelta(days=30 * i),
            start + timedelta(days=30 * (i + 1)),
            q,
            Unit.M3,
            q,
            gas_kwh_per_m3=D("10.82"),
        )
        for i, q in enumerate(quantities)
    ]
    end = start + timedelta(days=30 * len(quantities))
    one = Bill(Energy.NATURAL_GAS, start, end, sum(quantities, D(0)), Unit.M3, D(1), gas_kwh_per_m3=D("10.82"))
    a = annualise_bills(per_bill, heating=False)
    b = annualise_bills([one], heating=False)
    assert a.yearly_kwh == pytest.approx(b.yearly_kwh, abs=D("0.1"))


@settings(max_examples=80, deadline=None)
@given(split_consumption(), st.sampled_from([Energy.ELECTRICITY, Energy.NATURAL_GAS]), st.data())
def test_estimated_indices_confirmed_later_do_not_change_the_year(data, energy, draw):
    """Rule 1: an estimated index followed by a real reading cancels out — marking any intermediate bill as estimated
    gives the same yearly figure, as long as the last bill ends on a real reading."""
    start, days, total, sub, cuts, weights = data
    real = make_bills(energy, start, days, total, sub, cuts, weights)
    flags = draw.draw(st.lists(st.booleans(), min_size=len(real) - 1, max_size=len(real) - 1))
    mixed = [replace(bill, estimated=flag) for bill, flag in zip(real, flags, strict=False)] + [real[-1]]
    a = annualise_bills(real, heating=True, base_load_kwh_per_day=D(3))
    b = annualise_bills(mixed, heating=True, base_load_kwh_per_day=D(3))
    assert b.yearly_kwh == a.yearly_kwh
    assert b.yearly_eur == a.yearly_eur
