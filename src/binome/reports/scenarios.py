"""Works scenarios of the report on the visit-level dwelling model (plain Python, no Django).

The advisor picks and orders works; each step is computed twice by the whole 3CL chain (``energy.threecl``):
alone, from the dwelling as it is, and together with the steps before it (a combination is recomputed as a whole,
never summed: gains are not additive). Energy prices and unit costs are the programme's dated parameters, passed
in; aids are named with the date of the rules they follow, never promised as amounts.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from binome.energy.threecl.engine import compute
from binome.energy.threecl.model import Dwelling, Result
from binome.energy.works import WORKS


AIDS_RULES_DATE = "23/02/2026"  # reopening of MaPrimeRénov' (documents.md §5.1)
DECENCY_CALENDAR = {"G": 2025, "F": 2028, "E": 2034}  # classes non-decent from 1 January of the year (loi Climat)
CLASSES = "ABCDEFG"
AREA_WORKS = frozenset({"combles", "murs_iti", "murs_ite", "plancher_bas", "fenetres"})  # quantity in m²


@dataclass(frozen=True)
class Price:
    eur_per_kwh: float
    valid_from: str
    source: str


@dataclass(frozen=True)
class Cost:
    low: float
    high: float
    per_m2: bool
    valid_from: str
    source: str


@dataclass
class Effect:
    """Figures of the dwelling after some works, against the dwelling as it is."""

    kwh_saved: float
    eur_saved: float
    co2_saved: float
    label_after: str
    ges_after: str
    ep_m2_after: float


@dataclass
class Step:
    key: str
    label: str
    quantity: float
    unit: str  # "m²" or "" (one installation)
    cost_low: float | None
    cost_high: float | None
    cost_source: str
    alone: Effect
    together: Effect  # this work with every step before it, recomputed as a whole
    tier: int
    tier_reason: str
    aids: list[str] = field(default_factory=list)

    @property
    def eur_per_kwh(self) -> float | None:
        if self.cost_low is None or self.alone.kwh_saved <= 0:
            return None
        return (self.cost_low + self.cost_high) / 2 / self.alone.kwh_saved


@dataclass
class Plan:
    label_before: str
    ges_before: str
    ep_m2_before: float
    kwh_before: float
    eur_before: float
    steps: list[Step]
    price_sources: list[str]

    @property
    def total(self) -> Effect | None:
        return self.steps[-1].together if self.steps else None

    @property
    def cost_range(self) -> tuple[float, float] | None:
        if not self.steps or any(s.cost_low is None for s in self.steps):
            return None
        return sum(s.cost_low for s in self.steps), sum(s.cost_high for s in self.steps)


def yearly_cost(result: Result, prices: Mapping[str, Price]) -> float:
    """The conventional consumption at the programme's prices (an energy without a price counts nothing)."""
    return sum(kwh * prices[energy].eur_per_kwh for energy, kwh in result.by_energy.items() if energy in prices)


def _effect(before: Result, after: Result, prices: Mapping[str, Price]) -> Effect:
    return Effect(
        kwh_saved=round(before.conso_5_usages - after.conso_5_usages),
        eur_saved=round(yearly_cost(before, prices) - yearly_cost(after, prices)),
        co2_saved=round(before.emission_ges_5_usages - after.emission_ges_5_usages),
        label_after=after.classe_bilan_dpe,
        ges_after=after.classe_climat,
        ep_m2_after=round(after.ep_conso_5_usages_m2),
    )


def _cost(key: str, quantity: float, costs: Mapping[str, Cost]) -> tuple[float | None, float | None, str]:
    cost = costs.get(WORKS[key].cost_key)
    if cost is None:
        return None, None, "coût à établir sur devis (pas de référence publiée)"
    factor = quantity if cost.per_m2 else 1
    return round(cost.low * factor, -1), round(cost.high * factor, -1), f"{cost.source} ({cost.valid_from})"


def tier(key: str, alone: Effect, label_before: str, facts: Mapping) -> tuple[int, str]:
    """Priority of a work for the landlord (documents.md §3): 1 health and decency, 2 the legal energy threshold,
    3 the rest by cost-efficiency."""
    damp = facts.get("humidity") not in (None, "", "none")
    if key == "vmc" and (damp or facts.get("ventilation") in ("naturelle", "aucune", "")):
        return 1, "santé et décence : renouvellement d'air et humidité"
    if label_before in DECENCY_CALENDAR and CLASSES.index(alone.label_after) < CLASSES.index(label_before):
        year = DECENCY_CALENDAR[label_before]
        return 2, f"fait sortir le logement de la classe {label_before} (non décente à la location dès {year})"
    return 3, "gain d'énergie au meilleur coût"


def aids(key: str, owner_occupier: bool) -> list[str]:
    """The aids that may apply to a work, named only (amounts change; rules of AIDS_RULES_DATE)."""
    if not owner_occupier:
        common = ["Éco-PTZ (prêt sans intérêt)", "primes CEE des fournisseurs d'énergie"]
        if key in ("combles", "murs_iti", "murs_ite", "plancher_bas", "fenetres", "pac_air_eau", "vmc"):
            common.append("Ma Prime Logement Décent (logement dégradé, avec conventionnement Anah)")
        return [*common, "Loc'Avantages (réduction d'impôt, si le logement atteint au moins la classe E)"]
    by_work = {
        "combles": ["MaPrimeRénov' par geste", "primes CEE", "Éco-PTZ"],
        "plancher_bas": ["MaPrimeRénov' par geste", "primes CEE", "Éco-PTZ"],
        "murs_iti": ["MaPrimeRénov' rénovation d'ampleur (au moins deux isolations)", "primes CEE", "Éco-PTZ"],
        "murs_ite": ["MaPrimeRénov' rénovation d'ampleur (au moins deux isolations)", "primes CEE", "Éco-PTZ"],
        "fenetres": ["MaPrimeRénov' par geste (remplacement de simple vitrage)", "Éco-PTZ"],
        "pac_air_eau": ["MaPrimeRénov' par geste", "Coup de pouce chauffage (CEE), si elle remplace fioul ou gaz"],
        "chaudiere_granules": ["Coup de pouce chauffage (CEE), si elle remplace fioul ou gaz", "Éco-PTZ"],
        "poele_granules": ["MaPrimeRénov' par geste", "primes CEE"],
    }
    return by_work.get(key, ["primes CEE des fournisseurs d'énergie"])


def evaluate_plan(
    dwelling: Dwelling,
    keys: Sequence[str],
    prices: Mapping[str, Price],
    costs: Mapping[str, Cost],
    *,
    facts: Mapping | None = None,
    owner_occupier: bool = True,
) -> Plan:
    """Each chosen work alone and with the ones before it, in the advisor's order; unknown keys are skipped."""
    facts = facts or {}
    before = compute(dwelling)
    together_model = copy.deepcopy(dwelling)
    steps = []
    for key in [k for k in keys if k in WORKS]:
        alone_model = copy.deepcopy(dwelling)
        quantity = WORKS[key].apply(alone_model)
        WORKS[key].apply(together_model)
        alone = _effect(before, compute(alone_model), prices)
        together = _effect(before, compute(together_model), prices)
        low, high, source = _cost(key, quantity, costs)
        rank, reason = tier(key, alone, before.classe_bilan_dpe, facts)
        steps.append(
            Step(
                key=key,
                label=WORKS[key].label,
                quantity=round(quantity, 1),
                unit="m²" if key in AREA_WORKS else "",
                cost_low=low,
                cost_high=high,
                cost_source=source,
                alone=alone,
                together=together,
                tier=rank,
                tier_reason=reason,
                aids=aids(key, owner_occupier),
            )
        )
    return Plan(
        label_before=before.classe_bilan_dpe,
        ges_before=before.classe_climat,
        ep_m2_before=round(before.ep_conso_5_usages_m2),
        kwh_before=round(before.conso_5_usages),
        eur_before=round(yearly_cost(before, prices)),
        steps=steps,
        price_sources=sorted({f"{e} : {p.source} ({p.valid_from})" for e, p in prices.items()}),
    )


def suggested_order(plan: Plan) -> list[str]:
    """The steps ranked for the landlord: tier first, then € invested per kWh saved (unknown costs last)."""
    ranked = sorted(
        plan.steps,
        key=lambda s: (s.tier, s.eur_per_kwh is None, s.eur_per_kwh or 0.0),
    )
    return [s.key for s in ranked]
