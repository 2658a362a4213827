"""Visit-level 3CL estimate: the facts an advisor records at a visit, computed as a DPE would be.

``estimate(VisitFacts) -> VisitEstimate``. The facts are completed with their usual values where the advisor did not
know them (``visit.uncertainty.completed``), written as a DPE's inputs (``visit.pre_dpe``: walls, floor, roof,
windows, door, thermal bridges, ventilation, heating installations with their configuration, hot water, cooling) and
computed by the same import and engine as certified DPEs (``dpe_xml.to_dwelling``, ``threecl.engine.compute``).

The low-high range comes from the unknown facts: the dwelling is recomputed with each plausible value of each unknown
(``visit.uncertainty.unknowns``), and the range holds ``coverage`` (80 %) of certified values on the reference set
(``bench/visit_estimate.py``). ``uncertainty`` says which unknowns weigh most ("préciser l'isolation des murs
réduirait l'incertitude de 40 %").

Public API, kept from the first version: ``VisitFacts`` (the first fields unchanged, many optional ones added),
``EstimateFigures``, ``VisitEstimate`` (``low``, ``central``, ``high``, ``assumptions``, ``dwelling``, and now
``uncertainty``, ``coverage``, ``facts``, ``warnings``), ``estimate``, ``build_dwelling``, ``altitude_class``, and the
vocabularies ``HEATING``, ``HOT_WATER``, ``VENTILATION``, ``GLAZING``, ``INSULATION_STATES`` (key -> French label).
"""

import copy
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .dpe_xml import to_dwelling
from .threecl import label
from .threecl.engine import compute
from .threecl.model import Dwelling, Result
from .visit import pre_dpe, uncertainty as unc, vocabulary as voc
from .visit.facts import VisitFacts
from .visit.geometry import shape


__all__ = [
    "GLAZING",
    "HEATING",
    "HOT_WATER",
    "INSULATION_STATES",
    "VENTILATION",
    "EstimateFigures",
    "UnknownImpact",
    "VisitEstimate",
    "VisitFacts",
    "altitude_class",
    "build_dwelling",
    "estimate",
]

INSULATION_STATES = voc.INSULATION_STATES
HEATING = {key: g.label for key, g in voc.HEATING.items()}
HOT_WATER = {key: hw.label for key, hw in voc.HOT_WATER.items()}
VENTILATION = {key: spec[0] for key, spec in voc.VENTILATION.items()}
GLAZING = {key: spec[0] for key, spec in voc.GLAZING.items()}
SCALES = ("_wall_scale", "_window_scale")  # plausible values of unmeasured areas (not facts)


@dataclass
class EstimateFigures:
    ep_conso_m2: float
    ges_m2: float
    classe: str
    conso_ch_kwh: float
    conso_ecs_kwh: float
    conso_total_kwh: float
    by_energy: dict


@dataclass(frozen=True)
class UnknownImpact:
    """One unknown fact's weight in the range: its share of the variance, and how much narrower the range would be
    if the advisor gave it (``range_reduction``, 0-1)."""

    fact: str
    label: str
    share: float
    range_reduction: float

    @property
    def message(self) -> str:
        return f"Préciser {self.label} réduirait l'incertitude de {round(100 * self.range_reduction)} %."


@dataclass
class VisitEstimate:
    low: EstimateFigures
    central: EstimateFigures
    high: EstimateFigures
    assumptions: list[str]
    dwelling: Dwelling  # central model, reusable by works.evaluate_scenarios
    uncertainty: list[UnknownImpact] = field(default_factory=list)  # the unknowns that weigh most first
    coverage: float = unc.COVERAGE  # share of certified values the range holds on the reference set
    facts: VisitFacts | None = None  # the facts as completed for the central estimate
    warnings: list[str] = field(default_factory=list)  # inputs the engine had to default (should stay empty)


def altitude_class(altitude_m: float) -> int:
    return 1 if altitude_m < 400 else (2 if altitude_m <= 800 else 3)


def _check(f: VisitFacts) -> None:
    if f.heating not in voc.HEATING:
        raise ValueError(f"type de chauffage inconnu : {f.heating}")
    if f.secondary_heating is not None and f.secondary_heating not in voc.HEATING:
        raise ValueError(f"type de chauffage inconnu : {f.secondary_heating}")
    if f.hot_water is not None and f.hot_water not in voc.HOT_WATER:
        raise ValueError(f"production d'eau chaude inconnue : {f.hot_water}")
    if f.surface <= 0:
        raise ValueError("La surface chauffée doit être positive.")


def _dwelling(f: VisitFacts, overrides: dict | None = None) -> Dwelling:
    """The dwelling of the facts ``f`` with some replaced (``overrides``, scales of unmeasured areas included)."""
    overrides = dict(overrides or {})
    scales = {k.lstrip("_"): overrides.pop(k) for k in SCALES if k in overrides}
    complete = unc.completed(replace(f, **overrides) if overrides else f)
    return to_dwelling(pre_dpe.build(complete, shape(complete, **scales)))


def build_dwelling(f: VisitFacts, optimistic: bool | None = None) -> Dwelling:
    """The central model of the facts. ``optimistic`` is accepted for compatibility with the first version, whose
    range came from an optimistic and a pessimistic dwelling; the range now comes from ``estimate``."""
    _check(f)
    return _dwelling(f)


def _figures(r: Result, factor: float = 1.0, d: Dwelling | None = None) -> EstimateFigures:
    cep, ges = r.ep_conso_5_usages_m2 * factor, r.emission_ges_5_usages_m2 * factor
    classe = r.classe_bilan_dpe
    if factor != 1.0 and d is not None:
        small_rule = d.dpe_date.isoformat() >= "2024-07-01"
        classe = label.labels(cep, ges, d.zone, d.altitude_class, d.surface, small_rule)[2]
    return EstimateFigures(
        ep_conso_m2=round(cep, 1),
        ges_m2=round(ges, 1),
        classe=classe,
        conso_ch_kwh=round(r.conso_ch * factor),
        conso_ecs_kwh=round(r.conso_ecs * factor),
        conso_total_kwh=round(r.conso_5_usages * factor),
        by_energy={k: round(v * factor) for k, v in r.by_energy.items()},
    )


def _impacts(f: VisitFacts, cep: float) -> tuple[list[UnknownImpact], float]:
    """Each unknown's mean square of log(Cep plausible / Cep central), and σ of the range."""
    squares = []
    for u in unc.unknowns(f):
        m2 = 0.0
        for overrides, weight in u.options:
            if overrides:
                alt = compute(_dwelling(f, overrides)).ep_conso_5_usages_m2
                m2 += weight * math.log(max(alt, 1e-6) / max(cep, 1e-6)) ** 2
        squares.append((u, m2))
    variance = sum(m2 for _u, m2 in squares) + unc.sigma_model(f) ** 2
    impacts = [
        UnknownImpact(u.fact, u.label, m2 / variance, 1 - math.sqrt(max(variance - m2, 0.0) / variance))
        for u, m2 in squares
        if m2 > 0
    ]
    impacts.sort(key=lambda i: -i.share)
    return impacts, math.sqrt(variance)


def estimate(f: VisitFacts) -> VisitEstimate:
    """The estimate of the facts ``f``. The last estimates are kept (an autosave of another section recomputes the
    same facts); each call gets its own copy, whose dwelling the caller may change."""
    _check(f)
    return copy.deepcopy(_estimate_of(f.key()))


@lru_cache(maxsize=128)
def _estimate_of(key: tuple) -> VisitEstimate:
    return _estimate(VisitFacts(*key))


def _estimate(f: VisitFacts) -> VisitEstimate:
    central_d = _dwelling(f)
    central = compute(central_d)
    impacts, sigma = _impacts(f, central.ep_conso_5_usages_m2)
    spread = math.exp(unc.Z_80 * sigma)
    return VisitEstimate(
        low=_figures(central, 1 / spread, central_d),
        central=_figures(central),
        high=_figures(central, spread, central_d),
        assumptions=assumptions(f),
        dwelling=central_d,
        uncertainty=impacts,
        coverage=unc.COVERAGE,
        facts=unc.completed(f),
        warnings=list(central_d.warnings),
    )


def assumptions(f: VisitFacts) -> list[str]:
    """The usual values the estimate took for what the advisor did not give, in French."""
    c = unc.completed(f)
    out = [
        "Calcul selon la méthode 3CL-DPE (arrêté du 31 mars 2021) sur une description simplifiée du logement : "
        "surfaces des parois déduites de la surface, du nombre de niveaux et de la forme, sauf mesure."
    ]
    if f.wall_material is None:
        out.append(f"Murs : {voc.WALL_MATERIALS[c.wall_material][0]} (matériau non renseigné).")
    for element, name in (("walls", "murs"), ("roof", "toiture"), ("floor", "plancher bas")):
        if getattr(f, f"{element}_insulation") == "inconnue":
            out.append(
                f"Isolation {'des ' if element == 'walls' else 'de la ' if element == 'roof' else 'du '}"
                f"{name} inconnue : valeur forfaitaire de la méthode selon l'année de construction."
            )
    if f.heating_year is None and len(voc.HEATING[f.heating].ids) > 1:
        out.append(f"Générateur de chauffage supposé installé vers {c.heating_year}.")
    if f.hot_water is None:
        out.append(f"Eau chaude : {voc.HOT_WATER[c.hot_water].label} (non renseignée).")
    if f.dwelling_type != "maison" and f.flat_position is None:
        out.append("Appartement en étage intermédiaire : planchers et plafond sans déperdition.")
    return out
