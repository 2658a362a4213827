"""The conventional estimate set against the bills: how much of the gap the household's own conditions explain.

The 3CL method assumes 19 °C inside, as many hot-water users as the surface gives (Nadeq, §11.1) and the whole
dwelling heated. ``compare_with_bills`` recomputes the estimate under what the visit recorded:

- occupancy: the hot-water need is proportional to the occupants (§11.1: Becs = 1.163·Nadeq·56·(40 − Tefs)·Njj),
  with the household's persons in place of Nadeq;
- indoor temperature: the heating need follows the degree-hours of the method's climate, interpolated between its
  19 °C (DH19) and 21 °C (DH21, the "dépensier" scenario of §18) columns at the temperature measured or set (ADEME's
  rule of thumb, ≈ 7 % per degree, is the same order);
- restriction and uses outside the method (appliances, cooking, a mobile heater) are not quantified: they are what
  remains, and the household's declared behaviours are given as its likely explanation.

Pure Python; the figures are kWh of final energy a year, all energies together.
"""

from dataclasses import dataclass, field

from binome.energy.threecl import climate
from binome.energy.threecl.engine import nadeq
from binome.energy.threecl.model import Dwelling


CONVENTIONAL_TEMPERATURE = 19.0
DEPENSIER_TEMPERATURE = 21.0
PLAUSIBLE_TEMPERATURES = (12.0, 26.0)  # °C, a measured indoor temperature outside is a typing error: ignored

RESTRICTION_LABELS = {
    "one_room": "ne chauffe qu'une pièce",
    "off_daytime": "coupe le chauffage en journée",
    "covers": "se couvre plutôt que de chauffer",
    "hot_water": "limite l'eau chaude",
}
OVERUSE_LABELS = {
    "mobile_heater": "utilise un chauffage d'appoint",
    "appliances": "appareils et cuisson, que la méthode ne compte pas",
}


@dataclass(frozen=True)
class UsageConditions:
    """What the visit recorded of the household's use of the dwelling (None: not known)."""

    occupants: int | None = None
    indoor_temperature: float | None = None  # °C in the heating season, measured or set on the thermostat
    restrictions: tuple[str, ...] = ()  # keys of RESTRICTION_LABELS and OVERUSE_LABELS


@dataclass(frozen=True)
class GapItem:
    label: str
    kwh: float  # change of the yearly consumption from the conventional one (signed)
    explanation: str


@dataclass
class BillComparison:
    conventional_kwh: float  # 3CL estimate, 5 uses
    adjusted_kwh: float  # the same dwelling under the household's conditions
    low_kwh: float  # the adjusted estimate's range (the estimate's uncertainty)
    high_kwh: float
    actual_kwh: float
    items: list[GapItem] = field(default_factory=list)
    verdict: str = "cohérente"  # "restriction probable" | "surconsommation" | "cohérente"
    explanation: str = ""

    @property
    def residual_kwh(self) -> float:
        """What the occupancy and the temperature do not explain (actual − adjusted)."""
        return self.actual_kwh - self.adjusted_kwh


def degree_hours(d: Dwelling, temperature: float) -> float:
    """Yearly heating degree-hours of the dwelling's climate at an indoor ``temperature`` (°C), from the method's
    DH19 and DH21 columns (linear in the temperature, never negative)."""
    total = 0.0
    for m in climate.months(d.zone, d.altitude_class, d.old_heavy):
        slope = (m.dh21 - m.dh19) / (DEPENSIER_TEMPERATURE - CONVENTIONAL_TEMPERATURE)
        total += max(m.dh19 + slope * (temperature - CONVENTIONAL_TEMPERATURE), 0.0)
    return total


def _fmt(kwh: float) -> str:
    return f"{round(kwh):+,}".replace(",", "\u202f") + " kWh"


def _occupancy(d: Dwelling, conso_ecs: float, occupants: int | None) -> GapItem | None:
    if not occupants:
        return None
    conventional = nadeq(d)
    delta = conso_ecs * (occupants / conventional - 1)
    shown = f"{conventional:.1f}".replace(".", ",")
    explanation = (
        f"La méthode compte {shown} occupant(s) équivalent(s) pour cette surface ; le ménage compte "
        f"{occupants} personne(s) : l'eau chaude varie de {_fmt(delta)} par an."
    )
    return GapItem("Occupation", delta, explanation)


def _temperature(d: Dwelling, conso_ch: float, temperature: float | None) -> GapItem | None:
    low, high = PLAUSIBLE_TEMPERATURES
    if temperature is None or not low <= temperature <= high:
        return None
    ratio = degree_hours(d, temperature) / degree_hours(d, CONVENTIONAL_TEMPERATURE)
    delta = conso_ch * (ratio - 1)
    shown = f"{temperature:.1f}".replace(".", ",")
    explanation = (
        f"Température intérieure de {shown} °C au lieu des 19 °C conventionnels : le chauffage varie de "
        f"{_fmt(delta)} par an (degrés-heures de la méthode)."
    )
    return GapItem("Température intérieure", delta, explanation)


def compare_with_bills(
    d: Dwelling,
    conventional: dict,
    actual_kwh: float,
    conditions: UsageConditions,
) -> BillComparison:
    """``conventional``: the estimate's ``total``, ``heating``, ``hot_water``, ``low`` and ``high`` (kWh/yr);
    ``actual_kwh``: the annualised bills, all energies."""
    items = [
        item
        for item in (
            _occupancy(d, conventional["hot_water"], conditions.occupants),
            _temperature(d, conventional["heating"], conditions.indoor_temperature),
        )
        if item is not None
    ]
    shift = sum(i.kwh for i in items)
    total = conventional["total"]
    adjusted = total + shift
    scale = adjusted / total if total else 1.0
    comparison = BillComparison(
        conventional_kwh=total,
        adjusted_kwh=adjusted,
        low_kwh=conventional["low"] * scale,
        high_kwh=conventional["high"] * scale,
        actual_kwh=actual_kwh,
        items=items,
    )
    comparison.verdict, comparison.explanation = _verdict(comparison, conditions.restrictions)
    return comparison


def _verdict(c: BillComparison, restrictions: tuple[str, ...]) -> tuple[str, str]:
    residual = _fmt(c.residual_kwh)
    if c.actual_kwh < c.low_kwh:
        declared = [RESTRICTION_LABELS[r] for r in restrictions if r in RESTRICTION_LABELS]
        why = (
            f"comportements déclarés : {', '.join(declared)}"
            if declared
            else "aucune restriction déclarée : à vérifier avec le ménage (froid subi, pièces fermées)"
        )
        return (
            "restriction probable",
            f"Après occupation et température, il reste {residual} par an sous la fourchette de l'estimation : "
            f"le ménage se prive probablement de chauffage ou d'eau chaude ({why}).",
        )
    if c.actual_kwh > c.high_kwh:
        declared = [OVERUSE_LABELS[r] for r in restrictions if r in OVERUSE_LABELS]
        declared.append(OVERUSE_LABELS["appliances"])
        return (
            "surconsommation",
            f"Après occupation et température, il reste {residual} par an au-dessus de la fourchette de "
            f"l'estimation : à examiner ({', '.join(declared)}).",
        )
    return (
        "cohérente",
        "Une fois l'occupation et la température prises en compte, la consommation réelle est dans la fourchette "
        "de l'estimation conventionnelle.",
    )
