"""The estimate set against the bills: occupancy and indoor temperature explain part of the gap."""

from datetime import date

import pytest

from binome.energy.threecl import climate
from binome.energy.threecl.engine import nadeq
from binome.energy.visit.actual import UsageConditions, compare_with_bills, degree_hours
from binome.energy.visit_estimate import VisitFacts, estimate


@pytest.fixture(scope="module")
def result():
    return estimate(
        VisitFacts(year_built=1960, surface=80, altitude_m=600, heating="convecteurs", on=date(2026, 1, 5))
    )


def _conventional(r):
    c = r.central
    return {
        "total": c.conso_total_kwh,
        "heating": c.conso_ch_kwh,
        "hot_water": c.conso_ecs_kwh,
        "low": r.low.conso_total_kwh,
        "high": r.high.conso_total_kwh,
    }


def test_degree_hours_follow_the_method_at_19_and_21(result):
    d = result.dwelling
    months = climate.months(d.zone, d.altitude_class, d.old_heavy)
    assert degree_hours(d, 19) == pytest.approx(sum(m.dh19 for m in months))
    assert degree_hours(d, 21) == pytest.approx(sum(m.dh21 for m in months))
    assert degree_hours(d, 17) < degree_hours(d, 19) < degree_hours(d, 20) < degree_hours(d, 21)


def test_twice_the_conventional_occupants_double_the_hot_water(result):
    occupants = round(2 * nadeq(result.dwelling))
    c = compare_with_bills(result.dwelling, _conventional(result), 0.0, UsageConditions(occupants=occupants))
    (item,) = c.items
    expected = result.central.conso_ecs_kwh * (occupants / nadeq(result.dwelling) - 1)
    assert item.kwh == pytest.approx(expected)
    assert c.adjusted_kwh == pytest.approx(result.central.conso_total_kwh + expected)


def test_a_warmer_home_needs_more_heating_and_an_implausible_reading_is_ignored(result):
    warm = compare_with_bills(result.dwelling, _conventional(result), 0.0, UsageConditions(indoor_temperature=21))
    (item,) = warm.items
    d = result.dwelling
    assert item.kwh == pytest.approx(result.central.conso_ch_kwh * (degree_hours(d, 21) / degree_hours(d, 19) - 1))
    assert 0.1 < item.kwh / result.central.conso_ch_kwh < 0.3  # ADEME's ≈ 7 % per degree, same order
    assert compare_with_bills(d, _conventional(result), 0.0, UsageConditions(indoor_temperature=45)).items == []


@pytest.mark.parametrize(
    ("factor", "verdict"), [(0.3, "restriction probable"), (1.0, "cohérente"), (3.0, "surconsommation")]
)
def test_verdict_against_the_adjusted_range(result, factor, verdict):
    conditions = UsageConditions(restrictions=("one_room", "mobile_heater"))
    actual = result.central.conso_total_kwh * factor
    c = compare_with_bills(result.dwelling, _conventional(result), actual, conditions)
    assert c.verdict == verdict
    assert c.residual_kwh == pytest.approx(actual - c.adjusted_kwh)
    if verdict == "restriction probable":
        assert "ne chauffe qu'une pièce" in c.explanation and "chauffage d'appoint" not in c.explanation
    if verdict == "surconsommation":
        assert "utilise un chauffage d'appoint" in c.explanation and "appareils et cuisson" in c.explanation
