from datetime import date
from decimal import Decimal as D

import pytest

from binome.energy.climate_weights import MONTHLY_DH19, AltitudeClass, annual_dh19, degree_hour_share
from binome.energy.parameters import (
    ANAH_CEILINGS,
    BRDE_PARAMETERS,
    CHEQUE_ENERGIE,
    INCOME_DECILES,
    AnahCategory,
    ParameterUnavailable,
    Region,
    parse_region,
    pick_year,
    third_decile,
)


def test_pick_year_exact_fallback_and_error():
    table = {2021: "a", 2023: "b"}
    value, lookup = pick_year(table, 2023, "barème test")
    assert (value, lookup.is_fallback, lookup.note_fr()) == ("b", False, "")
    value, lookup = pick_year(table, 2022, "barème test")
    assert value == "a"
    assert lookup.note_fr() == "Pas de barème test pour 2022 : le barème test 2021 est appliqué."
    with pytest.raises(ParameterUnavailable, match="premier barème test connu : 2021"):
        pick_year(table, 2020, "barème test")


def test_every_table_has_a_source():
    for tables in ANAH_CEILINGS.values():
        for table in tables.values():
            assert table.sources and all(url.startswith("http") for url in table.sources)
    for table in INCOME_DECILES.values():
        assert table.source.startswith("https://www.insee.fr/")
    for params in BRDE_PARAMETERS.values():
        assert params.source.startswith("http")
    for params in CHEQUE_ENERGIE.values():
        assert all(url.startswith("http") for url in params.sources)


def test_anah_ceilings_are_ordered():
    for tables in ANAH_CEILINGS.values():
        for table in tables.values():
            for size in range(1, 9):
                tm, m, i = (table.ceilings[c].for_size(size) for c in list(AnahCategory)[:3])
                assert tm < m < i
                if size > 1:
                    assert tm > table.ceilings[AnahCategory.TRES_MODESTE].for_size(size - 1)


def test_anah_2025_idf_one_person_matches_energy_md():
    # energy.md §3: "2025 Île-de-France blue for 1 person: 23 768 €"
    scale = ANAH_CEILINGS[Region.ILE_DE_FRANCE][2025].ceilings[AnahCategory.TRES_MODESTE]
    assert scale.for_size(1) == 23768


def test_anah_2025_verify_notes_are_recorded():
    assert ANAH_CEILINGS[Region.OTHER][2025].verify


def test_decile_tables_increase():
    for table in INCOME_DECILES.values():
        limits = [value for _, value in sorted(table.limits.items())]
        assert limits == sorted(limits)


def test_third_decile_lookup():
    assert third_decile(2021)[0] == D(18360)
    value, table, lookup = third_decile(2022)
    assert (value, table.year, lookup.is_fallback) == (D(18360), 2021, True)
    value, table, _ = third_decile(2024)
    assert value == D(20420) and 3 in table.estimated


def test_brde_placeholders_are_flagged():
    assert all(p.placeholder for p in BRDE_PARAMETERS.values())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Île-de-France", Region.ILE_DE_FRANCE),
        ("ile_de_france", Region.ILE_DE_FRANCE),
        ("IDF", Region.ILE_DE_FRANCE),
        ("93", Region.ILE_DE_FRANCE),
        ("39", Region.OTHER),
        ("2A", Region.OTHER),
        ("971", Region.OTHER),
        ("autres régions", Region.OTHER),
        ("hors IdF", Region.OTHER),
        ("other", Region.OTHER),
        (Region.OTHER, Region.OTHER),
    ],
)
def test_parse_region(text, expected):
    assert parse_region(text) is expected


# --- climate weights ---------------------------------------------------------------------------------------------


def test_annual_dh19_matches_energy_md():
    assert annual_dh19(AltitudeClass.FROM_400_TO_800) == D("72333.6")  # table: 72 334
    assert annual_dh19(AltitudeClass.BELOW_400) == D("57673.0")  # table: 57 673
    assert all(len(months) == 12 for months in MONTHLY_DH19.values())


@pytest.mark.parametrize("altitude", list(AltitudeClass))
@pytest.mark.parametrize("year", [2023, 2024])
def test_a_whole_year_is_one(altitude, year):
    assert degree_hour_share(date(year, 1, 1), date(year + 1, 1, 1), altitude) == pytest.approx(D(1))
    assert degree_hour_share(date(year, 7, 1), date(year, 9, 1), altitude) == 0


def test_case_1_share():
    # (12 372.4 + 12 341.2 + 11 034.3 + 8 843.1 x 30/31) / 72 333.6 = 44 305.7 / 72 333.6 = 0.61252
    share = degree_hour_share(date(2025, 12, 1), date(2026, 3, 31), AltitudeClass.FROM_400_TO_800)
    assert round(share, 5) == D("0.61252")
    share_a = degree_hour_share(date(2025, 12, 1), date(2026, 1, 31), AltitudeClass.FROM_400_TO_800)
    assert round(share_a, 5) == D("0.33616")


def test_share_rejects_reversed_dates():
    with pytest.raises(ValueError):
        degree_hour_share(date(2025, 2, 1), date(2025, 1, 1), AltitudeClass.BELOW_400)
