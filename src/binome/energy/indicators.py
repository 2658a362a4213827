"""Energy-poverty indicators (ONPE), consumption units, Anah categories and chèque énergie eligibility.

Every function returns its value(s) and a one-sentence explanation in plain French for the social worker.
Parameters come from :mod:`binome.energy.parameters`; when the requested year has no table, the latest earlier
one is used and the explanation says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from binome.energy.parameters import (
    TEE_THRESHOLD_HISTORIC,
    TEE_THRESHOLD_ONPE,
    UC_CHILD_UNDER_14,
    UC_FIRST_PERSON,
    UC_OTHER_14_PLUS,
    AnahCategory,
    Region,
    anah_table,
    brde_parameters,
    cheque_energie_parameters,
    decile_table,
    parse_region,
    third_decile,
)
from binome.energy.units import format_eur, format_fr, format_pct


D = Decimal

__all__ = [
    "AnahCategory",
    "AnahResult",
    "BrdeResult",
    "ChequeEnergieResult",
    "ConsumptionUnits",
    "EffortRate",
    "IncomePosition",
    "Region",
    "SpendingPerM2",
    "Tee3DResult",
    "anah_category",
    "brde_m2",
    "brde_uc",
    "cheque_energie",
    "effort_rate",
    "income_position",
    "parse_region",
    "spending_per_m2",
    "tee_3d",
    "uc_cheque_energie",
    "uc_insee",
]


def _join(*sentences: str) -> str:
    return " ".join(s for s in sentences if s)


def _positive(value: Decimal | int, what: str) -> Decimal:
    value = D(value)
    if value <= 0:
        raise ValueError(f"{what} doit être strictement positif.")
    return value


def _non_negative(value: Decimal | int, what: str) -> Decimal:
    value = D(value)
    if value < 0:
        raise ValueError(f"{what} ne peut pas être négatif.")
    return value


# ---------------------------------------------------------------------------------------------------------------
# consumption units
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsumptionUnits:
    value: Decimal
    scale: str  # "insee" or "cheque_energie"
    explanation: str


def uc_insee(persons_14_or_more: int, children_under_14: int = 0) -> ConsumptionUnits:
    """INSEE (modified OECD) scale: 1 for the first person, 0.5 per other person aged 14+, 0.3 per child under 14."""
    if persons_14_or_more < 0 or children_under_14 < 0:
        raise ValueError("Le nombre de personnes ne peut pas être négatif.")
    if persons_14_or_more + children_under_14 == 0:
        raise ValueError("Le ménage doit compter au moins une personne.")
    if persons_14_or_more >= 1:
        value = UC_FIRST_PERSON + UC_OTHER_14_PLUS * (persons_14_or_more - 1) + UC_CHILD_UNDER_14 * children_under_14
    else:  # only minors declared: the first one counts as the reference person
        value = UC_FIRST_PERSON + UC_CHILD_UNDER_14 * (children_under_14 - 1)
    parts = [f"{persons_14_or_more} personne(s) de 14 ans ou plus"]
    if children_under_14:
        parts.append(f"{children_under_14} enfant(s) de moins de 14 ans")
    return ConsumptionUnits(
        value=value,
        scale="insee",
        explanation=(
            f"Le ménage ({' et '.join(parts)}) compte {format_fr(value, 1)} unités de consommation "
            "(échelle INSEE : 1 pour le premier adulte, 0,5 par personne de 14 ans ou plus, 0,3 par enfant)."
        ),
    )


def uc_cheque_energie(household_size: int, year: int = 2025) -> ConsumptionUnits:
    """Chèque énergie scale: 1 for the first person, 0.5 for the second, 0.3 for each further person (any age)."""
    if household_size < 1:
        raise ValueError("Le ménage doit compter au moins une personne.")
    params, lookup = cheque_energie_parameters(year)
    value = params.first_person
    if household_size >= 2:
        value += params.second_person
    value += params.each_extra_person * max(0, household_size - 2)
    return ConsumptionUnits(
        value=value,
        scale="cheque_energie",
        explanation=_join(
            lookup.note_fr(),
            f"Pour le chèque énergie, un ménage de {household_size} personne(s) compte {format_fr(value, 1)} unités "
            "de consommation (1 pour la première personne, 0,5 pour la deuxième, 0,3 pour chacune des suivantes).",
        ),
    )


# ---------------------------------------------------------------------------------------------------------------
# income per UC and decile
# ---------------------------------------------------------------------------------------------------------------


def ordinal_fr(n: int) -> str:
    """1er, 2e, 3e… as French writes ranks (never « 1e »)."""
    return "1er" if n == 1 else f"{n}e"


@dataclass(frozen=True)
class IncomePosition:
    income_per_uc: Decimal
    decile_min: int  # 1..10; equal to decile_max when the table resolves it
    decile_max: int
    third_decile: Decimal
    below_third_decile: bool  # income per UC <= D3: among the 30 % of people with the lowest standard of living
    year_applied: int
    year_note: str  # French note when an earlier table had to be used ("" otherwise)
    explanation: str

    @property
    def decile(self) -> int | None:
        return self.decile_min if self.decile_min == self.decile_max else None


def income_position(income_eur: Decimal | int, uc: Decimal | ConsumptionUnits, year: int) -> IncomePosition:
    """Disposable income per UC (niveau de vie) and its position in the INSEE deciles of ``year``."""
    uc_value = _positive(uc.value if isinstance(uc, ConsumptionUnits) else uc, "Le nombre d'unités de consommation")
    per_uc = _non_negative(income_eur, "Le revenu") / uc_value
    table, lookup = decile_table(year)
    known = sorted(table.limits.items())
    low, high = 1, 10
    for decile, limit in known:
        if per_uc <= limit:
            high = decile
            break
        low = decile + 1
    d3, d3_table, d3_lookup = third_decile(year)
    below = per_uc <= d3
    if low == high:
        where = f"dans le {ordinal_fr(low)} décile"
    else:
        where = f"entre le {ordinal_fr(low)} et le {ordinal_fr(high)} décile"
    estimated = " (valeur estimée, à confirmer)" if 3 in d3_table.estimated else ""
    d3_note = d3_lookup.note_fr() if d3_lookup.applied != lookup.applied else ""
    year_note = _join(lookup.note_fr(), d3_note)
    verdict = (
        "il fait partie des 30 % de la population aux revenus les plus modestes"
        if below
        else "il est au-dessus des 30 % de la population aux revenus les plus modestes"
    )
    return IncomePosition(
        income_per_uc=per_uc,
        decile_min=low,
        decile_max=high,
        third_decile=d3,
        below_third_decile=below,
        year_applied=lookup.applied,
        year_note=year_note,
        explanation=_join(
            year_note,
            f"Avec {format_eur(per_uc, 0)} par unité de consommation et par an, le ménage se situe {where} des "
            f"niveaux de vie ({lookup.applied}) : {verdict} (3e décile : {format_eur(d3, 0)}{estimated}).",
        ),
    )


# ---------------------------------------------------------------------------------------------------------------
# TEE and TEE_3D
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EffortRate:
    value: Decimal  # fraction, e.g. 0.1098
    above_8_percent: bool
    above_10_percent: bool
    explanation: str

    @property
    def percent(self) -> Decimal:
        return self.value * 100


def effort_rate(energy_eur: Decimal | int, income_eur: Decimal | int) -> EffortRate:
    """TEE = yearly energy spending for the dwelling / yearly disposable income."""
    energy = _non_negative(energy_eur, "La dépense d'énergie")
    income = _positive(income_eur, "Le revenu")
    value = energy / income
    above_8, above_10 = value > TEE_THRESHOLD_ONPE, value > TEE_THRESHOLD_HISTORIC
    if above_10:
        verdict = "au-dessus des seuils de 8 % (ONPE) et de 10 %"
    elif above_8:
        verdict = "au-dessus du seuil de 8 % (ONPE) mais sous l'ancien seuil de 10 %"
    else:
        verdict = "sous le seuil de 8 % (ONPE)"
    return EffortRate(
        value=value,
        above_8_percent=above_8,
        above_10_percent=above_10,
        explanation=f"Le ménage consacre {format_pct(value)} de ses revenus à l'énergie du logement, {verdict}.",
    )


@dataclass(frozen=True)
class Tee3DResult:
    flagged: bool
    threshold: Decimal
    effort: EffortRate
    income: IncomePosition
    explanation: str


def tee_3d(
    energy_eur: Decimal | int,
    income_eur: Decimal | int,
    uc: Decimal | ConsumptionUnits,
    year: int,
    *,
    threshold: Decimal = TEE_THRESHOLD_ONPE,
) -> Tee3DResult:
    """TEE_3D: effort rate above ``threshold`` (8 % by default, 10 % historically) and income per UC <= D3."""
    effort = effort_rate(energy_eur, income_eur)
    income = income_position(income_eur, uc, year)
    above = effort.value > threshold
    flagged = above and income.below_third_decile
    pct = format_pct(threshold, 0)
    if flagged:
        text = (
            "Le ménage est en précarité énergétique au sens du TEE_3D : son taux d'effort "
            f"({format_pct(effort.value)}) dépasse {pct} et ses revenus par unité de consommation sont parmi "
            "les 30 % les plus bas."
        )
    elif above:
        text = (
            f"Le taux d'effort ({format_pct(effort.value)}) dépasse {pct}, mais les revenus par unité de "
            "consommation sont au-dessus du 3e décile : le ménage n'est pas compté au sens du TEE_3D."
        )
    else:
        text = (
            f"Le taux d'effort ({format_pct(effort.value)}) ne dépasse pas {pct} : pas de précarité au sens du TEE_3D."
        )
    return Tee3DResult(
        flagged=flagged,
        threshold=threshold,
        effort=effort,
        income=income,
        explanation=_join(income.year_note, text),
    )


# ---------------------------------------------------------------------------------------------------------------
# BRDE
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BrdeResult:
    flagged: bool | None  # None when a national median is not available
    variant: str  # "uc" or "m2"
    spend: Decimal  # € per UC or per m²
    median_spend: Decimal | None
    high_spending: bool | None
    rest_per_uc: Decimal  # reste-à-vivre per UC
    rest_threshold: Decimal  # 60 % of the median reste-à-vivre per UC
    low_income: bool
    year_applied: int
    placeholder_parameters: bool
    explanation: str


def _brde(
    variant: str,
    spend: Decimal,
    median: Decimal | None,
    income: Decimal,
    housing_costs: Decimal,
    uc_value: Decimal,
    year: int,
    rest_threshold: Decimal | None,
    median_is_default: bool,
) -> BrdeResult:
    params, lookup = brde_parameters(year)
    threshold = params.rav_threshold_per_uc if rest_threshold is None else D(rest_threshold)
    rest = (income - housing_costs) / uc_value
    low_income = rest < threshold
    high = None if median is None else spend > median
    flagged = None if high is None else (high and low_income)
    unit = "par unité de consommation" if variant == "uc" else "par m²"
    rest_text = (
        f"le reste à vivre ({format_eur(rest, 0)} par unité de consommation) est "
        + ("sous" if low_income else "au-dessus de")
        + f" 60 % du reste à vivre médian ({format_eur(threshold, 0)})"
    )
    if high is None:
        text = (
            f"La dépense d'énergie est de {format_eur(spend, 2)} {unit}, mais la médiane nationale n'est pas "
            f"renseignée : le BRDE ne peut pas être conclu ; {rest_text}."
        )
    else:
        spend_text = (
            f"la dépense d'énergie ({format_eur(spend, 2)} {unit}) est "
            + ("au-dessus de" if high else "sous")
            + f" la médiane ({format_eur(median, 2)})"
        )
        head = "Précarité au sens du BRDE" if flagged else "Pas de précarité au sens du BRDE"
        text = (
            f"{head} ({'par unité de consommation' if variant == 'uc' else 'par m²'}) : {spend_text} et {rest_text}."
        )
    if params.placeholder and (rest_threshold is None or (median_is_default and median is not None)):
        text += " Seuils provisoires, à confirmer."
    return BrdeResult(
        flagged=flagged,
        variant=variant,
        spend=spend,
        median_spend=median,
        high_spending=high,
        rest_per_uc=rest,
        rest_threshold=threshold,
        low_income=low_income,
        year_applied=lookup.applied,
        placeholder_parameters=params.placeholder,
        explanation=_join(lookup.note_fr(), text),
    )


def brde_uc(
    energy_eur: Decimal | int,
    income_eur: Decimal | int,
    housing_costs_eur: Decimal | int,
    uc: Decimal | ConsumptionUnits,
    year: int,
    *,
    median_spend_per_uc: Decimal | None = None,
    rest_threshold_per_uc: Decimal | None = None,
) -> BrdeResult:
    """BRDE/UC: energy spending per UC above the median AND reste-à-vivre per UC below 60 % of its median.

    ``housing_costs_eur``: rent or loan repayments and charges, energy excluded. The medians default to the dated
    parameters (placeholders for now) and can be overridden.
    """
    uc_value = _positive(uc.value if isinstance(uc, ConsumptionUnits) else uc, "Le nombre d'unités de consommation")
    params, _ = brde_parameters(year)
    median = params.median_spend_per_uc if median_spend_per_uc is None else D(median_spend_per_uc)
    spend = _non_negative(energy_eur, "La dépense d'énergie") / uc_value
    return _brde(
        "uc",
        spend,
        median,
        _non_negative(income_eur, "Le revenu"),
        _non_negative(housing_costs_eur, "Le coût du logement"),
        uc_value,
        year,
        rest_threshold_per_uc,
        median_spend_per_uc is None,
    )


def brde_m2(
    energy_eur: Decimal | int,
    income_eur: Decimal | int,
    housing_costs_eur: Decimal | int,
    uc: Decimal | ConsumptionUnits,
    surface_m2: Decimal | int,
    year: int,
    *,
    median_spend_per_m2: Decimal | None = None,
    rest_threshold_per_uc: Decimal | None = None,
) -> BrdeResult:
    """BRDE/m²: energy spending per m² above the median AND reste-à-vivre per UC below 60 % of its median.

    No national median per m² is known yet: without ``median_spend_per_m2`` the result is ``flagged=None``.
    """
    uc_value = _positive(uc.value if isinstance(uc, ConsumptionUnits) else uc, "Le nombre d'unités de consommation")
    params, _ = brde_parameters(year)
    median = params.median_spend_per_m2 if median_spend_per_m2 is None else D(median_spend_per_m2)
    spend = _non_negative(energy_eur, "La dépense d'énergie") / _positive(surface_m2, "La surface")
    return _brde(
        "m2",
        spend,
        median,
        _non_negative(income_eur, "Le revenu"),
        _non_negative(housing_costs_eur, "Le coût du logement"),
        uc_value,
        year,
        rest_threshold_per_uc,
        median_spend_per_m2 is None,
    )


# ---------------------------------------------------------------------------------------------------------------
# spending per m²
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpendingPerM2:
    value: Decimal  # €/m²/year
    explanation: str


def spending_per_m2(energy_eur: Decimal | int, surface_m2: Decimal | int) -> SpendingPerM2:
    value = _non_negative(energy_eur, "La dépense d'énergie") / _positive(surface_m2, "La surface")
    return SpendingPerM2(
        value=value,
        explanation=(
            f"Le ménage dépense {format_eur(value)} d'énergie par m² et par an "
            f"({format_eur(D(energy_eur), 0)} pour {format_fr(D(surface_m2))} m²)."
        ),
    )


# ---------------------------------------------------------------------------------------------------------------
# chèque énergie
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChequeEnergieResult:
    eligible: bool
    rfr_per_uc: Decimal
    uc: Decimal
    threshold_per_uc: Decimal
    year_applied: int
    explanation: str


def cheque_energie(rfr: Decimal | int, household_size: int, year: int) -> ChequeEnergieResult:
    """Chèque énergie eligibility: RFR / UC (chèque énergie scale) strictly below the threshold."""
    params, lookup = cheque_energie_parameters(year)
    uc = uc_cheque_energie(household_size, year).value
    per_uc = _non_negative(rfr, "Le revenu fiscal de référence") / uc
    eligible = per_uc < params.threshold_per_uc
    verdict = "sous" if eligible else "au-dessus du"
    text = (
        f"Revenu fiscal de référence de {format_eur(per_uc, 0)} par unité de consommation ({format_fr(uc, 1)} UC pour "
        f"{household_size} personne(s)), {verdict} seuil de {format_eur(params.threshold_per_uc, 0)} : le ménage "
        + ("peut recevoir le chèque énergie." if eligible else "n'a pas droit au chèque énergie.")
    )
    if per_uc == params.threshold_per_uc:
        text = (
            f"Revenu fiscal de référence exactement égal au seuil de {format_eur(params.threshold_per_uc, 0)} par "
            "unité de consommation : le ménage n'a pas droit au chèque énergie (il faut être strictement en dessous)."
        )
    return ChequeEnergieResult(
        eligible=eligible,
        rfr_per_uc=per_uc,
        uc=uc,
        threshold_per_uc=params.threshold_per_uc,
        year_applied=lookup.applied,
        explanation=_join(lookup.note_fr(), text),
    )


# ---------------------------------------------------------------------------------------------------------------
# Anah categories
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnahResult:
    category: AnahCategory
    year_requested: int
    year_applied: int
    region: Region
    household_size: int
    rfr: Decimal
    ceilings: dict[AnahCategory, int]  # inclusive RFR ceilings that applied for this household size
    sources: tuple[str, ...]
    explanation: str

    @property
    def label(self) -> str:
        return self.category.label

    @property
    def colour(self) -> str:
        return self.category.colour

    @property
    def is_tres_modeste(self) -> bool:
        return self.category is AnahCategory.TRES_MODESTE


def anah_category(year: int, region: str | Region, household_size: int, rfr: int | Decimal) -> AnahResult:
    """Anah / MaPrimeRénov' income category for a revenu fiscal de référence (ceilings are inclusive).

    ``region``: "Île-de-France" / "autres régions" (or "idf", "other", a département code such as "39").
    """
    if household_size < 1:
        raise ValueError("Le ménage doit compter au moins une personne.")
    rfr_value = _non_negative(rfr, "Le revenu fiscal de référence")
    table, lookup = anah_table(year, region)
    ceilings = {category: scale.for_size(household_size) for category, scale in table.ceilings.items()}
    category = AnahCategory.SUPERIEUR
    for candidate in (AnahCategory.TRES_MODESTE, AnahCategory.MODESTE, AnahCategory.INTERMEDIAIRE):
        if rfr_value <= ceilings[candidate]:
            category = candidate
            break
    if category is AnahCategory.SUPERIEUR:
        limit_text = f"au-dessus du plafond « intermédiaire » de {format_eur(ceilings[AnahCategory.INTERMEDIAIRE], 0)}"
    else:
        limit_text = f"plafond {format_eur(ceilings[category], 0)}"
    text = (
        f"Avec un revenu fiscal de référence de {format_eur(rfr_value, 0)} pour {household_size} personne(s) "
        f"{table.region.label}, le ménage est « {category.label} » au sens de l'Anah en {lookup.applied} "
        f"({limit_text})."
    )
    return AnahResult(
        category=category,
        year_requested=year,
        year_applied=lookup.applied,
        region=table.region,
        household_size=household_size,
        rfr=rfr_value,
        ceilings=ceilings,
        sources=table.sources,
        explanation=_join(lookup.note_fr(), text),
    )
