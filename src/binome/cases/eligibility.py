"""Eligibility pre-check of an intervention request: a hint for the coordinator, never a refusal.

Pure Python (no Django import). Two layers:

- the national rule: income under the Anah ceiling (dated parameters per year, region and household
  size, read through ``energy.indicators.anah_category``);
- the programme's own criteria (``Criteria``): which Anah ceiling it retains, whether the unité
  territoriale must be covered that year, how many motives a request needs, which motives are a
  priority even outside the coverage plan.

``precheck`` returns a ``Precheck`` with an overall verdict (likely eligible / to check / likely not
eligible) and one line per criterion, each with a plain French sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from binome.energy.indicators import AnahCategory, anah_category
from binome.energy.parameters import ParameterUnavailable


class Verdict(StrEnum):
    LIKELY = "likely"
    TO_CHECK = "to_check"
    UNLIKELY = "unlikely"

    @property
    def label(self) -> str:
        return {
            Verdict.LIKELY: "a priori éligible",
            Verdict.TO_CHECK: "à vérifier",
            Verdict.UNLIKELY: "a priori hors critères",
        }[self]


class Status(StrEnum):
    MET = "met"
    UNKNOWN = "unknown"
    NOT_MET = "not_met"


# Declared income bands (cases.models.IncomeBand values), ordered from the lowest income.
BAND_RANK = {"tres_modeste": 0, "modeste": 1, "above": 2}
CEILING_RANK = {AnahCategory.TRES_MODESTE: 0, AnahCategory.MODESTE: 1}
CEILING_LABEL = {AnahCategory.TRES_MODESTE: "« très modestes »", AnahCategory.MODESTE: "« modestes »"}


@dataclass(frozen=True)
class Criteria:
    """The programme's own criteria (stored in ``network.NetworkSettings``)."""

    income_ceiling: AnahCategory = AnahCategory.TRES_MODESTE
    require_covered_unite: bool = True
    min_motives: int = 1
    priority_motives: frozenset[str] = frozenset({"cut_risk", "health"})

    def __post_init__(self):
        if self.income_ceiling not in CEILING_RANK:
            raise ValueError("Le plafond retenu doit être « très modestes » ou « modestes ».")
        if self.min_motives < 0:
            raise ValueError("Le nombre minimal de motifs ne peut pas être négatif.")


@dataclass(frozen=True)
class Request:
    """What the pre-check needs from an intervention request."""

    year: int
    ile_de_france: bool
    household_size: int
    declared_income: int | None = None  # revenu fiscal de référence, if known
    income_band: str = "unknown"  # tres_modeste / modeste / above / unknown
    unite_covered: bool | None = None  # None: the commune is unknown
    motives: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Line:
    criterion: str
    status: Status
    text: str


@dataclass(frozen=True)
class Precheck:
    verdict: Verdict
    lines: tuple[Line, ...]
    ceiling: int | None  # the income ceiling (€) that applied, when the table was found

    @property
    def label(self) -> str:
        return self.verdict.label


def _persons(n: int) -> str:
    return f"{n} personne" if n <= 1 else f"{n} personnes"


def _motives(n: int) -> str:
    # French singular covers 0 and 1.
    return f"{n} motif indiqué" if n <= 1 else f"{n} motifs indiqués"


def _format_eur(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f") + " €"


def income_line(request: Request, criteria: Criteria) -> tuple[Line, int | None]:
    region = "ile_de_france" if request.ile_de_france else "other"
    ceiling_label = CEILING_LABEL[criteria.income_ceiling]
    ceiling = None
    try:
        # Any income gives the table and the ceilings for this size; the category is recomputed below.
        table_result = anah_category(request.year, region, request.household_size, request.declared_income or 0)
        ceiling = table_result.ceilings[criteria.income_ceiling]
        fallback = table_result.year_applied != request.year
    except ParameterUnavailable:
        fallback = False
    if request.declared_income is not None and ceiling is not None:
        result = anah_category(request.year, region, request.household_size, request.declared_income)
        met = CEILING_RANK.get(result.category, 99) <= CEILING_RANK[criteria.income_ceiling]
        note = f" (barème {result.year_applied})" if fallback else ""
        text = (
            f"Revenu fiscal de référence {_format_eur(request.declared_income)} pour "
            f"{_persons(request.household_size)} : ménage « {result.category.label} » au sens de l'Anah ; "
            f"plafond {ceiling_label} {_format_eur(ceiling)}{note}."
        )
        return Line("income", Status.MET if met else Status.NOT_MET, text), ceiling
    band = BAND_RANK.get(request.income_band)
    limit = f" ({_format_eur(ceiling)} pour {_persons(request.household_size)})" if ceiling else ""
    if band is None:
        text = f"Revenus inconnus : à vérifier sur l'avis d'imposition, plafond {ceiling_label}{limit}."
        return Line("income", Status.UNKNOWN, text), ceiling
    met = band <= CEILING_RANK[criteria.income_ceiling]
    if met:
        text = f"Revenus estimés sous le plafond {ceiling_label}{limit} : à confirmer sur l'avis d'imposition."
    else:
        text = f"Revenus estimés au-dessus du plafond {ceiling_label}{limit} : à vérifier avec le ménage."
    return Line("income", Status.MET if met else Status.NOT_MET, text), ceiling


def precheck(request: Request, criteria: Criteria | None = None) -> Precheck:
    """Pre-check one request against the Anah ceiling and the programme's criteria."""
    if request.household_size < 1:
        raise ValueError("Le ménage doit compter au moins une personne.")
    criteria = criteria or Criteria()
    lines = []
    income, ceiling = income_line(request, criteria)
    lines.append(income)

    priority = sorted(request.motives & criteria.priority_motives)
    if criteria.require_covered_unite:
        if request.unite_covered is None:
            lines.append(Line("coverage", Status.UNKNOWN, "Commune inconnue : couverture à vérifier."))
        elif request.unite_covered:
            lines.append(Line("coverage", Status.MET, f"Unité territoriale couverte en {request.year}."))
        elif priority:
            lines.append(
                Line(
                    "coverage",
                    Status.MET,
                    f"Unité territoriale non couverte en {request.year}, mais motif prioritaire : visite possible.",
                )
            )
        else:
            lines.append(
                Line(
                    "coverage",
                    Status.NOT_MET,
                    f"Unité territoriale non couverte en {request.year} : liste d'attente ou report à l'an prochain.",
                )
            )

    if len(request.motives) >= criteria.min_motives:
        lines.append(Line("motives", Status.MET, f"{_motives(len(request.motives))}."))
    else:
        lines.append(
            Line(
                "motives",
                Status.NOT_MET,
                f"{_motives(len(request.motives))} : le programme en demande au moins {criteria.min_motives}.",
            )
        )

    statuses = {line.status for line in lines}
    if Status.NOT_MET in statuses:
        verdict = Verdict.UNLIKELY
    elif Status.UNKNOWN in statuses:
        verdict = Verdict.TO_CHECK
    else:
        verdict = Verdict.LIKELY
    return Precheck(verdict=verdict, lines=tuple(lines), ceiling=ceiling)
