"""Dated parameters for the energy-poverty indicators (pure data, no Django).

Every table is keyed by year and carries its source URL. Values that could not be confirmed from an
authoritative source are listed in ``verify`` (they are marked "[verify]" in docs/indicators.md).

Year rule: asking for a year without a table uses the latest earlier table and says so through
:class:`YearLookup` (the callers put :meth:`YearLookup.note_fr` in their French explanation). Asking for a
year before the first table raises :class:`ParameterUnavailable`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class ParameterUnavailable(LookupError):
    """No parameter table covers the requested year (message in French)."""


@dataclass(frozen=True)
class YearLookup:
    """Which table year was used for a requested year."""

    requested: int
    applied: int
    what: str  # French name of the table, e.g. "barème Anah"

    @property
    def is_fallback(self) -> bool:
        return self.applied != self.requested

    def note_fr(self) -> str:
        """Empty when the requested year has its own table, otherwise a French sentence."""
        if not self.is_fallback:
            return ""
        return f"Pas de {self.what} pour {self.requested} : le {self.what} {self.applied} est appliqué."


def pick_year[T](table: Mapping[int, T], year: int, what: str) -> tuple[T, YearLookup]:
    """Return the table for ``year`` or the latest earlier one, with the lookup trace."""
    candidates = [y for y in table if y <= year]
    if not candidates:
        first = min(table) if table else None
        raise ParameterUnavailable(
            f"Aucun {what} disponible pour {year} ni pour une année antérieure"
            + (f" (premier {what} connu : {first})." if first is not None else ".")
        )
    applied = max(candidates)
    return table[applied], YearLookup(requested=year, applied=applied, what=what)


# ---------------------------------------------------------------------------------------------------------------
# Regions and Anah income categories
# ---------------------------------------------------------------------------------------------------------------

IDF_DEPARTMENTS = frozenset({"75", "77", "78", "91", "92", "93", "94", "95"})


class Region(StrEnum):
    ILE_DE_FRANCE = "ile_de_france"
    OTHER = "other"

    @property
    def label(self) -> str:
        return "en Île-de-France" if self is Region.ILE_DE_FRANCE else "hors Île-de-France"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("-", " ").replace("_", " ").replace("'", " ").split())


_REGION_ALIASES = {
    "ile de france": Region.ILE_DE_FRANCE,
    "idf": Region.ILE_DE_FRANCE,
    "other": Region.OTHER,
    "autre": Region.OTHER,
    "autres": Region.OTHER,
    "autres regions": Region.OTHER,
    "autre region": Region.OTHER,
    "hors idf": Region.OTHER,
    "hors ile de france": Region.OTHER,
    "province": Region.OTHER,
}


def parse_region(region: str | Region) -> Region:
    """Accept a :class:`Region`, a name ("Île-de-France", "idf", "autres régions", "other"…) or a département code."""
    if isinstance(region, Region):
        return region
    folded = _fold(str(region))
    if folded in _REGION_ALIASES:
        return _REGION_ALIASES[folded]
    code = folded.upper()
    if (code.isdigit() and len(code) in (2, 3)) or code in {"2A", "2B"}:
        return Region.ILE_DE_FRANCE if code in IDF_DEPARTMENTS else Region.OTHER
    raise ValueError(
        f"Région inconnue : « {region} ». Indiquez « Île-de-France », « autres régions » ou un numéro de département."
    )


class AnahCategory(StrEnum):
    """Anah / MaPrimeRénov' income categories, from the lowest income to the highest."""

    TRES_MODESTE = "tres_modeste"
    MODESTE = "modeste"
    INTERMEDIAIRE = "intermediaire"
    SUPERIEUR = "superieur"

    @property
    def label(self) -> str:
        return {
            AnahCategory.TRES_MODESTE: "très modeste",
            AnahCategory.MODESTE: "modeste",
            AnahCategory.INTERMEDIAIRE: "intermédiaire",
            AnahCategory.SUPERIEUR: "supérieur",
        }[self]

    @property
    def colour(self) -> str:
        """MaPrimeRénov' colour code."""
        return {
            AnahCategory.TRES_MODESTE: "bleu",
            AnahCategory.MODESTE: "jaune",
            AnahCategory.INTERMEDIAIRE: "violet",
            AnahCategory.SUPERIEUR: "rose",
        }[self]


@dataclass(frozen=True)
class CeilingScale:
    """RFR ceilings (inclusive) for households of 1 to 5 persons, plus the amount per extra person."""

    by_size: tuple[int, int, int, int, int]
    per_extra_person: int

    def for_size(self, household_size: int) -> int:
        if household_size < 1:
            raise ValueError("Le ménage doit compter au moins une personne.")
        if household_size <= 5:
            return self.by_size[household_size - 1]
        return self.by_size[4] + (household_size - 5) * self.per_extra_person


@dataclass(frozen=True)
class AnahTable:
    year: int
    region: Region
    ceilings: Mapping[AnahCategory, CeilingScale]  # TRES_MODESTE, MODESTE, INTERMEDIAIRE (SUPERIEUR = above)
    sources: tuple[str, ...]
    verify: tuple[str, ...] = ()


_BRIEF_2025_SOURCES = (
    "https://rmc.bfmtv.com/conso/impots/l-aide-aux-travaux-ma-prime-renov-de-retour-mardi-a-des-conditions-plus-"
    "strictes-y-avez-vous-droit_AN-202509300422.html",
    "https://www.moneyvox.fr/energie/actualites/101504/renovation-energetique-voici-les-nouveaux-plafonds-pour-"
    "toucher-aide-maprimerenov",
    "https://droit-finances.commentcamarche.com/immobilier/guide-immobilier/4575-anah-plafonds-de-ressources-des-"
    "proprietaires-occupants/",
)

#: Anah ceilings (revenu fiscal de référence, inclusive), keyed by region then year.
ANAH_CEILINGS: Mapping[Region, Mapping[int, AnahTable]] = {
    Region.OTHER: {
        2024: AnahTable(
            year=2024,
            region=Region.OTHER,
            ceilings={
                AnahCategory.TRES_MODESTE: CeilingScale((17009, 24875, 29917, 34948, 40002), 5045),
                AnahCategory.MODESTE: CeilingScale((21805, 31889, 38349, 44802, 51281), 6462),
                AnahCategory.INTERMEDIAIRE: CeilingScale((30549, 44907, 54071, 63235, 72400), 9165),
            },
            sources=("http://ecorenove-carene.fr/spip.php?article82",),
        ),
        2025: AnahTable(
            year=2025,
            region=Region.OTHER,
            ceilings={
                AnahCategory.TRES_MODESTE: CeilingScale((17173, 25115, 30206, 35285, 40388), 5094),
                # 4 persons: the source prints 44 802, which is the 2024 value; every other 2025 cell is the 2024
                # value x 1.0096, which gives 45 234 for 4 persons. [verify] on anah.gouv.fr.
                AnahCategory.MODESTE: CeilingScale((22015, 32197, 38719, 45234, 51775), 6525),
                # Not in the sources consulted: 2024 values x 1.009642 (revaluation seen on the sourced rows).
                AnahCategory.INTERMEDIAIRE: CeilingScale((30844, 45340, 54592, 63845, 73098), 9253),
            },
            sources=_BRIEF_2025_SOURCES,
            verify=(
                "modeste, 4 personnes : 45 234 € (déduit ; la source imprime 44 802 €, valeur 2024)",
                "intermédiaire, toutes tailles : valeurs 2024 revalorisées de 0,96 % (déduites)",
            ),
        ),
    },
    Region.ILE_DE_FRANCE: {
        2025: AnahTable(
            year=2025,
            region=Region.ILE_DE_FRANCE,
            ceilings={
                AnahCategory.TRES_MODESTE: CeilingScale((23768, 34884, 41893, 48914, 55961), 7038),
                AnahCategory.MODESTE: CeilingScale((28933, 42463, 51000, 59549, 68123), 8568),
                AnahCategory.INTERMEDIAIRE: CeilingScale((40404, 59394, 71060, 83637, 95758), 12122),
            },
            sources=_BRIEF_2025_SOURCES,
        ),
    },
}


def anah_table(year: int, region: str | Region) -> tuple[AnahTable, YearLookup]:
    region = parse_region(region)
    return pick_year(ANAH_CEILINGS[region], year, "barème Anah")


# ---------------------------------------------------------------------------------------------------------------
# INSEE income deciles (niveau de vie = disposable income per UC, France métropolitaine, €/year)
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecileTable:
    year: int
    limits: Mapping[int, Decimal]  # decile number (1..9, 5 = median) -> upper limit in €/UC/year
    source: str
    estimated: frozenset[int] = field(default_factory=frozenset)  # deciles computed, not published

    def limit(self, decile: int) -> Decimal | None:
        return self.limits.get(decile)


INCOME_DECILES: Mapping[int, DecileTable] = {
    2021: DecileTable(
        year=2021,
        limits={1: Decimal(12290), 2: Decimal(15550), 3: Decimal(18360), 5: Decimal(23160)},
        source="https://www.insee.fr/fr/statistiques/7941375",
    ),
    2022: DecileTable(
        year=2022,
        limits={1: Decimal(12970), 5: Decimal(24330), 9: Decimal(43840)},
        source="https://www.insee.fr/fr/statistiques/2491918",
    ),
    2023: DecileTable(
        year=2023,
        # median from INSEE; D3 = 2021 ratio D3/median (0.7927) x 2023 median: an estimate [verify].
        limits={3: Decimal(20420), 5: Decimal(25760)},
        source="https://www.insee.fr/fr/statistiques/8600989",
        estimated=frozenset({3}),
    ),
}


def decile_table(year: int) -> tuple[DecileTable, YearLookup]:
    return pick_year(INCOME_DECILES, year, "tableau des déciles de niveau de vie")


def third_decile(year: int) -> tuple[Decimal, DecileTable, YearLookup]:
    """D3 of the latest table at or before ``year`` that has one (2022 has none)."""
    with_d3 = {y: t for y, t in INCOME_DECILES.items() if 3 in t.limits}
    table, lookup = pick_year(with_d3, year, "3e décile de niveau de vie")
    return table.limits[3], table, lookup


# ---------------------------------------------------------------------------------------------------------------
# TEE, BRDE, chèque énergie
# ---------------------------------------------------------------------------------------------------------------

ONPE_SOURCE = "http://onpe.org/definition_indicateurs/definition_des_indicateurs"
TEE_THRESHOLD_ONPE = Decimal("0.08")  # TEE_3D threshold (about twice the median effort)
TEE_THRESHOLD_HISTORIC = Decimal("0.10")  # historic (UK 1988) threshold, still quoted by SLIMEs


@dataclass(frozen=True)
class BrdeParameters:
    year: int
    median_spend_per_uc: Decimal  # €/UC/year
    median_spend_per_m2: Decimal | None  # €/m²/year; None = unknown
    rav_threshold_per_uc: Decimal  # 60 % of the median reste-à-vivre per UC, €/UC/year
    source: str
    placeholder: bool


BRDE_PARAMETERS: Mapping[int, BrdeParameters] = {
    # Placeholders from energy.md §5 case 5: no current official value found (ENL/Phébus exploited by ONPE).
    2021: BrdeParameters(
        year=2021,
        median_spend_per_uc=Decimal(1100),
        median_spend_per_m2=None,
        rav_threshold_per_uc=Decimal(12000),
        source=ONPE_SOURCE,
        placeholder=True,
    ),
}


def brde_parameters(year: int) -> tuple[BrdeParameters, YearLookup]:
    return pick_year(BRDE_PARAMETERS, year, "jeu de paramètres BRDE")


@dataclass(frozen=True)
class ChequeEnergieParameters:
    year: int  # campaign year
    threshold_per_uc: Decimal  # eligible when RFR / UC is strictly below
    first_person: Decimal
    second_person: Decimal
    each_extra_person: Decimal
    sources: tuple[str, ...]


CHEQUE_ENERGIE: Mapping[int, ChequeEnergieParameters] = {
    2023: ChequeEnergieParameters(
        year=2023,
        threshold_per_uc=Decimal(11000),
        first_person=Decimal(1),
        second_person=Decimal("0.5"),
        each_extra_person=Decimal("0.3"),
        sources=(
            "https://www.centrepresseaveyron.fr/2023/04/24/cheque-energie-voici-dans-quels-departements-vous-allez-"
            "le-recevoir-cette-semaine-11153470.php",
            "https://www.info-chalon.com/articles/2024/12/27/96151/cheque-energie-900-000-beneficiaires-potentiels-"
            "ne-l-ont-pas-reclame/",
        ),
    ),
}


def cheque_energie_parameters(year: int) -> tuple[ChequeEnergieParameters, YearLookup]:
    return pick_year(CHEQUE_ENERGIE, year, "barème du chèque énergie")


#: INSEE (modified OECD) scale, not dated.
INSEE_UC_SOURCE = "https://www.insee.fr/en/metadonnees/definition/c1802"
UC_FIRST_PERSON = Decimal(1)
UC_OTHER_14_PLUS = Decimal("0.5")
UC_CHILD_UNDER_14 = Decimal("0.3")
