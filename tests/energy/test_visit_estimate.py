from datetime import date

from binome.energy.visit_estimate import VisitFacts, altitude_class, estimate


def facts(**kw):
    base = dict(year_built=1930, surface=100, altitude_m=550, heating="convecteurs", on=date(2026, 3, 1))
    base.update(kw)
    return VisitFacts(**base)


def test_range_is_ordered():
    e = estimate(facts(walls_insulation="inconnue", roof_insulation="partielle"))
    assert e.low.ep_conso_m2 <= e.central.ep_conso_m2 <= e.high.ep_conso_m2
    assert e.low.ep_conso_m2 < e.high.ep_conso_m2
    assert e.central.classe in "ABCDEFG"
    assert e.assumptions


def test_insulated_house_needs_less():
    bare = estimate(facts(walls_insulation="non", roof_insulation="non", floor_insulation="non"))
    insulated = estimate(facts(walls_insulation="oui", roof_insulation="oui", floor_insulation="oui"))
    assert insulated.central.conso_ch_kwh < bare.central.conso_ch_kwh


def test_heat_pump_uses_less_final_energy_than_convectors():
    conv = estimate(facts(heating="convecteurs"))
    pac = estimate(facts(heating="pac_air_eau"))
    assert pac.central.conso_ch_kwh < conv.central.conso_ch_kwh / 2


def test_altitude_classes():
    assert (altitude_class(250), altitude_class(600), altitude_class(1100)) == (1, 2, 3)


def test_apartment_and_energy_split():
    e = estimate(facts(dwelling_type="appartement", surface=55, heating="chaudiere_gaz", hot_water="chaudiere"))
    assert set(e.central.by_energy) == {"gaz_naturel", "electricite"}
