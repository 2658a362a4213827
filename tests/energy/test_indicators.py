from decimal import Decimal as D

import pytest

from binome.energy.indicators import (
    AnahCategory,
    Region,
    anah_category,
    brde_m2,
    brde_uc,
    cheque_energie,
    effort_rate,
    income_position,
    spending_per_m2,
    tee_3d,
    uc_cheque_energie,
    uc_insee,
)
from binome.energy.parameters import ParameterUnavailable


# --- consumption units -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("adults", "children", "expected"),
    [
        (1, 0, D("1.0")),  # case 5 A
        (3, 1, D("2.3")),  # case 5 B: couple + child of 15 + child of 8
        (2, 0, D("1.5")),  # case 5 C
        (1, 2, D("1.6")),  # case 5 D
        (2, 2, D("2.1")),  # INSEE example: couple + 2 young children
        (0, 2, D("1.3")),  # only minors declared: the first counts 1
    ],
)
def test_uc_insee(adults, children, expected):
    assert uc_insee(adults, children).value == expected


def test_uc_insee_explanation_and_errors():
    assert "2,3 unités de consommation" in uc_insee(3, 1).explanation
    with pytest.raises(ValueError, match="au moins une personne"):
        uc_insee(0, 0)


@pytest.mark.parametrize(
    ("size", "expected"), [(1, D("1")), (2, D("1.5")), (3, D("1.8")), (4, D("2.1")), (6, D("2.7"))]
)
def test_uc_cheque_energie(size, expected):
    assert uc_cheque_energie(size, 2023).value == expected


# --- energy.md §5 case 5: TEE, TEE_3D, BRDE (D3 2021 = 18 360 €/UC; BRDE placeholders 1 100 and 12 000) -------------

CASE_5 = {
    # name: (adults 14+, children <14, income, energy €, housing costs, TEE %, TEE_3D 8 %, TEE_3D 10 %, BRDE/UC)
    "A": (1, 0, 13200, 1450, 4800, D("10.98"), True, True, True),
    "B": (3, 1, 36000, 2700, 7200, D("7.50"), False, False, False),
    "C": (2, 0, 30000, 3100, 0, D("10.33"), False, False, False),
    "D": (1, 2, 21000, 1900, 6000, D("9.05"), True, False, True),
}


@pytest.mark.parametrize("name", sorted(CASE_5))
def test_case_5(name):
    adults, children, income, energy, housing, tee_pct, flag8, flag10, brde = CASE_5[name]
    uc = uc_insee(adults, children)
    effort = effort_rate(energy, income)
    assert round(effort.percent, 2) == tee_pct
    assert tee_3d(energy, income, uc, 2021).flagged is flag8
    assert tee_3d(energy, income, uc, 2021, threshold=D("0.10")).flagged is flag10
    assert brde_uc(energy, income, housing, uc, 2021).flagged is brde


# UC, income per UC (rounded to the euro), ≤ D3, BRDE spend per UC (rounded) — the other columns of the table.
CASE_5_COLUMNS = {
    "A": (D("1.0"), 13200, True, 1450),
    "B": (D("2.3"), 15652, True, 1174),
    "C": (D("1.5"), 20000, False, 2067),
    "D": (D("1.6"), 13125, True, 1188),
}


@pytest.mark.parametrize("name", sorted(CASE_5))
def test_case_5_columns(name):
    adults, children, income, energy, housing, *_ = CASE_5[name]
    uc_value, income_per_uc, below_d3, spend_per_uc = CASE_5_COLUMNS[name]
    uc = uc_insee(adults, children)
    assert uc.value == uc_value
    position = income_position(income, uc, 2021)
    assert round(position.income_per_uc) == income_per_uc
    assert position.below_third_decile is below_d3
    assert round(brde_uc(energy, income, housing, uc, 2021).spend) == spend_per_uc


def test_case_5_details():
    # C: 20 000 €/UC > D3 18 360 -> not TEE_3D although TEE 10.33 % > 8 %
    c = tee_3d(3100, 30000, uc_insee(2, 0), 2021)
    assert c.effort.above_8_percent and c.effort.above_10_percent
    assert not c.income.below_third_decile
    assert "au-dessus du 3e décile" in c.explanation
    # B: spend/UC 1 173.9 > 1 100 but reste-à-vivre 12 521.7 >= 12 000
    b = brde_uc(2700, 36000, 7200, uc_insee(3, 1), 2021)
    assert b.high_spending and not b.low_income
    assert round(b.rest_per_uc, 1) == D("12521.7")
    assert "Seuils provisoires" in b.explanation
    # D: reste-à-vivre (21 000 - 6 000) / 1.6 = 9 375
    assert brde_uc(1900, 21000, 6000, uc_insee(1, 2), 2021).rest_per_uc == D(9375)


def test_effort_rate_explanation_and_boundaries():
    high = effort_rate(D("1240"), D("10000"))
    assert high.explanation == (
        "Le ménage consacre 12,4\u00a0% de ses revenus à l'énergie du logement, "
        "au-dessus des seuils de 8 % (ONPE) et de 10 %."
    )
    exactly_8 = effort_rate(800, 10000)
    assert not exactly_8.above_8_percent  # the threshold is "more than 8 %"
    assert effort_rate(801, 10000).above_8_percent
    assert not effort_rate(1000, 10000).above_10_percent
    with pytest.raises(ValueError):
        effort_rate(100, 0)


def test_income_position_deciles_2021():
    assert income_position(12290, 1, 2021).decile == 1  # exactly D1
    assert income_position(12291, 1, 2021).decile == 2
    assert income_position(18360, 1, 2021).below_third_decile  # exactly D3 counts as the first 3 deciles
    assert not income_position(18361, 1, 2021).below_third_decile
    middle = income_position(20000, 1, 2021)
    assert (middle.decile_min, middle.decile_max, middle.decile) == (4, 5, None)
    assert "entre le 4e et le 5e décile" in middle.explanation
    assert income_position(30000, 1, 2021).decile_min == 6


def test_income_position_falls_back_and_says_so():
    result = income_position(19000, 1, 2022)  # 2022 table has no D3: D3 of 2021 is used
    assert result.third_decile == D(18360)
    assert "3e décile de niveau de vie 2021 est appliqué" in result.explanation
    later = income_position(19000, 1, 2030)
    assert later.year_applied == 2023
    assert later.third_decile == D(20420)
    assert "estimée" in later.explanation
    assert "Pas de tableau des déciles de niveau de vie pour 2030" in later.explanation
    with pytest.raises(ParameterUnavailable):
        income_position(19000, 1, 2019)


def test_brde_m2_without_median_is_inconclusive():
    result = brde_m2(1450, 13200, 4800, 1, 60, 2025)
    assert result.flagged is None
    assert round(result.spend, 2) == D("24.17")
    assert "ne peut pas être conclu" in result.explanation
    assert "2021 est appliqué" in result.explanation
    with_median = brde_m2(1450, 13200, 4800, 1, 60, 2025, median_spend_per_m2=D(15))
    assert with_median.flagged is True


def test_spending_per_m2():
    result = spending_per_m2(D("1056.04"), 80)
    assert result.value == D("13.2005")
    assert "13,20\u00a0€ d'énergie par m²" in result.explanation


# --- chèque énergie ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "threshold"), [(1, 11000), (2, 16500), (3, 19800), (4, 23100)])
def test_cheque_energie_thresholds(size, threshold):
    # brief §4.1: 11 000 € single, 16 500 € couple, 19 800 € couple + 1, 23 100 € couple + 2
    assert not cheque_energie(threshold, size, 2023).eligible  # strictly below is required
    assert cheque_energie(threshold - 1, size, 2023).eligible


def test_cheque_energie_explanation_and_fallback():
    result = cheque_energie(15000, 2, 2025)
    assert result.eligible
    assert result.uc == D("1.5")
    assert result.year_applied == 2023
    assert result.explanation.startswith("Pas de barème du chèque énergie pour 2025")
    assert "peut recevoir le chèque énergie" in result.explanation


# --- Anah ----------------------------------------------------------------------------------------------------------

# 2025 ceilings from brief §6 (sizes 1-5, then per extra person).
ANAH_2025 = {
    Region.OTHER: {
        AnahCategory.TRES_MODESTE: ((17173, 25115, 30206, 35285, 40388), 5094),
        # 4 persons: brief prints 44 802 (the 2024 value); 45 234 follows the 2025 revaluation [verify]
        AnahCategory.MODESTE: ((22015, 32197, 38719, 45234, 51775), 6525),
        # derived: 2024 ceilings x 1.009642 [verify]
        AnahCategory.INTERMEDIAIRE: ((30844, 45340, 54592, 63845, 73098), 9253),
    },
    Region.ILE_DE_FRANCE: {
        AnahCategory.TRES_MODESTE: ((23768, 34884, 41893, 48914, 55961), 7038),
        AnahCategory.MODESTE: ((28933, 42463, 51000, 59549, 68123), 8568),
        AnahCategory.INTERMEDIAIRE: ((40404, 59394, 71060, 83637, 95758), 12122),
    },
}

NEXT = {
    AnahCategory.TRES_MODESTE: AnahCategory.MODESTE,
    AnahCategory.MODESTE: AnahCategory.INTERMEDIAIRE,
    AnahCategory.INTERMEDIAIRE: AnahCategory.SUPERIEUR,
}


def expected_ceiling(region, category, size):
    by_size, extra = ANAH_2025[region][category]
    return by_size[size - 1] if size <= 5 else by_size[4] + (size - 5) * extra


@pytest.mark.parametrize("region", [Region.OTHER, Region.ILE_DE_FRANCE])
@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 6, 7])
@pytest.mark.parametrize("category", [AnahCategory.TRES_MODESTE, AnahCategory.MODESTE, AnahCategory.INTERMEDIAIRE])
def test_anah_2025_boundaries(region, size, category):
    ceiling = expected_ceiling(region, category, size)
    at = anah_category(2025, region, size, ceiling)
    assert at.category is category
    assert at.ceilings[category] == ceiling
    assert anah_category(2025, region, size, ceiling + 1).category is NEXT[category]


def test_anah_six_persons_hand_checked():
    # other regions, 6 persons: very modest 40 388 + 5 094 = 45 482; IdF: 55 961 + 7 038 = 62 999
    assert anah_category(2025, "autres régions", 6, 45482).category is AnahCategory.TRES_MODESTE
    assert anah_category(2025, "autres régions", 6, 45483).category is AnahCategory.MODESTE
    assert anah_category(2025, "Île-de-France", 6, 62999).is_tres_modeste
    assert not anah_category(2025, "idf", 6, 63000).is_tres_modeste


def test_anah_result_for_a_view():
    result = anah_category(2025, "39", 2, D("25000"))  # Jura
    assert result.region is Region.OTHER
    assert result.category is AnahCategory.TRES_MODESTE
    assert (result.label, result.colour) == ("très modeste", "bleu")
    assert result.ceilings == {
        AnahCategory.TRES_MODESTE: 25115,
        AnahCategory.MODESTE: 32197,
        AnahCategory.INTERMEDIAIRE: 45340,
    }
    assert result.sources and all(url.startswith("http") for url in result.sources)
    assert "« très modeste »" in result.explanation
    assert "hors Île-de-France" in result.explanation


def test_anah_superieur_and_zero_income():
    assert anah_category(2025, Region.ILE_DE_FRANCE, 1, 10**6).category is AnahCategory.SUPERIEUR
    assert anah_category(2025, Region.OTHER, 1, 0).category is AnahCategory.TRES_MODESTE


def test_anah_year_fallback_is_explicit():
    result = anah_category(2026, Region.OTHER, 1, 17173)
    assert (result.year_requested, result.year_applied) == (2026, 2025)
    assert result.explanation.startswith("Pas de barème Anah pour 2026 : le barème Anah 2025 est appliqué.")
    assert "Pas de barème" not in anah_category(2025, Region.OTHER, 1, 17173).explanation


def test_anah_2024_other_regions():
    # ecorenove-carene.fr 2024 table: very modest 1 person 17 009; 4 persons 34 948
    assert anah_category(2024, "other", 1, 17009).is_tres_modeste
    assert anah_category(2024, "other", 1, 17010).category is AnahCategory.MODESTE
    assert anah_category(2024, "other", 4, 34948).is_tres_modeste


def test_anah_errors():
    with pytest.raises(ParameterUnavailable, match="Aucun barème Anah"):
        anah_category(2024, Region.ILE_DE_FRANCE, 1, 20000)
    with pytest.raises(ValueError, match="au moins une personne"):
        anah_category(2025, Region.OTHER, 0, 20000)
    with pytest.raises(ValueError, match="Région inconnue"):
        anah_category(2025, "Mars", 1, 20000)
    with pytest.raises(ValueError, match="négatif"):
        anah_category(2025, Region.OTHER, 1, -1)
