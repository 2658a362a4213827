"""Works scenarios: each is applied to the dwelling model and the whole 3CL chain is recomputed.

Savings are never added up: a combination of works is a scenario of its own, recomputed as a whole
(``evaluate_scenarios(d, [["combles", "murs_iti"]])``). Energy prices and unit costs are dated parameters taken from
``shared/domain/energy.md`` §2 and §4 with their source.
"""

import copy
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from .threecl.engine import compute
from .threecl.model import DhwSystem, Dwelling, HeatingSystem


@dataclass(frozen=True)
class Price:
    eur_per_kwh_pci: float
    valid_from: date
    source: str


# Household prices (TTC, per kWh final PCI). energy.md §2.
PRICES = {
    "electricite": Price(0.1940, date(2026, 2, 1), "Tarif Bleu option Base ≤ 6 kVA, CRE 1 Feb 2026"),
    "gaz_naturel": Price(round(0.10192 * 1.11, 5), date(2026, 1, 1), "CRE prix repère chauffage Jan 2026 (PCS×1.11)"),
    "fioul": Price(round(1.10 / 9.97, 5), date(2025, 10, 11), "≈1.10 €/L national (econostrum, Oct 2025), 9.97 kWh/L"),
    "propane": Price(0.1553, date(2024, 9, 1), "hellowatt.fr citing the Ministry, Sep 2024"),
    "butane": Price(0.1553, date(2024, 9, 1), "as propane"),
    "gpl": Price(0.1553, date(2024, 9, 1), "as propane"),
    "bois_granules": Price(0.0936, date(2024, 9, 1), "bulk pellets, hellowatt.fr Sep 2024"),
    "bois_buches": Price(0.04, date(2025, 11, 12), "logs ≈0.04 €/kWh, 7monenergie.fr 2025"),
    "bois_plaquettes": Price(0.04, date(2025, 11, 12), "as logs (no separate source)"),
    "reseau_chaleur": Price(0.0787, date(2024, 3, 25), "DPE conventional cost coefficient (no tariff source)"),
    "charbon": Price(0.02372, date(2024, 3, 25), "DPE conventional cost coefficient (no tariff source)"),
    "autre_fossile": Price(round(1.10 / 9.97, 5), date(2025, 10, 11), "as heating oil"),
}
VAT_RENOVATION = 1.055


@dataclass(frozen=True)
class UnitCost:
    low: float
    high: float
    unit: str  # "m2" or "forfait"
    valid_from: date
    source: str


OBS_BBC = "Observatoire BBC / Effinergie, maisons rénovées BBC (€ HT posé, ×1.055 TVA 5.5 %; range ±20 % assumed)"
COSTS = {
    "combles": UnitCost(47 * 0.8 * VAT_RENOVATION, 47 * 1.2 * VAT_RENOVATION, "m2", date(2024, 1, 1), OBS_BBC),
    "murs_iti": UnitCost(71 * 0.8 * VAT_RENOVATION, 71 * 1.2 * VAT_RENOVATION, "m2", date(2024, 1, 1), OBS_BBC),
    "murs_ite": UnitCost(108 * 0.8 * VAT_RENOVATION, 108 * 1.2 * VAT_RENOVATION, "m2", date(2024, 1, 1), OBS_BBC),
    "plancher_bas": UnitCost(43 * 0.8 * VAT_RENOVATION, 43 * 1.2 * VAT_RENOVATION, "m2", date(2024, 1, 1), OBS_BBC),
    "fenetres": UnitCost(541 * VAT_RENOVATION, 624 * VAT_RENOVATION, "m2", date(2024, 1, 1), OBS_BBC),
    "pac_air_eau": UnitCost(8000, 18000, "forfait", date(2025, 1, 1), "aude-location.fr ; shaunrenovation.fr [M]"),
    "chaudiere_granules": UnitCost(10000, 18000, "forfait", date(2025, 11, 1), "7monenergie.fr [M]"),
    "poele_granules": UnitCost(3500, 5500, "forfait", date(2025, 11, 1), "7monenergie.fr [M]"),
    "regulation": UnitCost(60, 250, "forfait", date(2024, 1, 1), "ADEME guide « Un hiver tout confort »"),
    # no reliable source (energy.md §4.2): left as advisor input
    "vmc_hygro": None,
    "chaudiere_gaz_condensation": None,
    "chauffe_eau_thermodynamique": None,
}


def _insulate(kind: str, resistance: float) -> Callable[[Dwelling], float]:
    def apply(d: Dwelling) -> float:
        area = 0.0
        for o in d.opaque:
            if o.kind == kind and o.b > 0:
                o.u = 1 / (1 / o.u + resistance)
                o.insulated = True
                area += o.area
        return area

    return apply


def _walls(ite: bool) -> Callable[[Dwelling], float]:
    base = _insulate("mur", 3.7)

    def apply(d: Dwelling) -> float:
        area = base(d)
        for br in d.bridges:  # external insulation treats most junction bridges (table kpt, ITE rows)
            br.k = min(br.k, 0.13) if ite else br.k
        return area

    return apply


def _windows(d: Dwelling) -> float:
    area = 0.0
    for w in d.windows:
        w.u = min(w.u, 1.3)  # PVC double glazing low-e argon, Uw 1.4 with closures (tables Uw/Ujn)
        w.sw = min(w.sw, 0.45)
        area += w.area
    for v in [d.ventilation]:
        v.q4pa_conv = min(v.q4pa_conv, max(v.q4pa_conv - 0.3, 1.3))
    return area


def _vmc(d: Dwelling) -> float:
    v = d.ventilation
    v.qvarep, v.qvasouf, v.smea = 1.09, 0.0, 1.5  # VMC SF hygro B after 2012 (ventilation.debit)
    v.fan_kwh = 8.76 * 15 if d.building == "maison" else v.fan_kwh  # ventilation.pvent
    return 1.0


def _regulation(d: Dwelling) -> float:
    for h in d.heating:
        h.i0 = min(h.i0, 0.82 if h.wet else 0.77)  # room-by-room programmer with minimum temperature (I0 table)
    return 1.0


def _generator(target: str) -> Callable[[Dwelling], float]:
    def apply(d: Dwelling) -> float:
        wet = any(h.wet for h in d.heating)
        if target == "pac_air_eau":
            new = HeatingSystem("electricite", rg=2.8, re=0.95, rd=0.92, rr=0.95, i0=0.85, wet=True)
        elif target == "chaudiere_granules":
            from .threecl.model import Combustion

            new = HeatingSystem("bois_granules", re=0.95, rd=0.92, rr=0.95, i0=0.85, wet=True, aux_g_w=20, aux_h=1.6)
            new.combustion = Combustion("bois", rpn=0.92, rpint=0.92, qp0_kw=0.1, tf30=50, tf100=70, wall_hung=False)
        elif target == "poele_granules":
            new = HeatingSystem("bois_granules", rg=0.87, re=0.95, rd=1.0, rr=0.8, i0=0.86)
        else:  # condensing gas boiler
            from .threecl.model import Combustion

            new = HeatingSystem("gaz_naturel", re=0.95, rd=0.92, rr=0.95, i0=0.85, wet=True, aux_g_w=20, aux_h=1.6)
            new.combustion = Combustion("condensation", rpn=0.96, rpint=1.05, qp0_kw=0.06, tf30=40, tf100=60)
        if not wet and target in ("pac_air_eau", "chaudiere_granules", "chaudiere_gaz_condensation"):
            new.rd = 0.92  # a new hydronic network is assumed
        d.heating = [new]
        return 1.0

    return apply


def _hot_water(d: Dwelling) -> float:
    d.dhw = [DhwSystem(energy="electricite", rd=0.93, rg=2.5)]  # CET on ambient air ≥ 2015 (table ecs.cop, H1)
    return 1.0


@dataclass(frozen=True)
class Work:
    key: str
    label: str
    apply: Callable[[Dwelling], float]  # mutates the dwelling and returns the quantity for costing (m² or 1)
    cost_key: str


WORKS = {
    "combles": Work("combles", "Isolation des combles perdus (R = 7)", _insulate("plancher_haut", 7.0), "combles"),
    "murs_iti": Work("murs_iti", "Isolation des murs par l'intérieur (R = 3,7)", _walls(False), "murs_iti"),
    "murs_ite": Work("murs_ite", "Isolation des murs par l'extérieur (R = 3,7)", _walls(True), "murs_ite"),
    "plancher_bas": Work(
        "plancher_bas", "Isolation du plancher bas (R = 3)", _insulate("plancher_bas", 3.0), "plancher_bas"
    ),
    "fenetres": Work("fenetres", "Remplacement des fenêtres (double vitrage peu émissif)", _windows, "fenetres"),
    "vmc": Work("vmc", "VMC simple flux hygroréglable B", _vmc, "vmc_hygro"),
    "pac_air_eau": Work("pac_air_eau", "Pompe à chaleur air/eau", _generator("pac_air_eau"), "pac_air_eau"),
    "chaudiere_granules": Work(
        "chaudiere_granules", "Chaudière à granulés", _generator("chaudiere_granules"), "chaudiere_granules"
    ),
    "poele_granules": Work("poele_granules", "Poêle à granulés", _generator("poele_granules"), "poele_granules"),
    "chaudiere_gaz_condensation": Work(
        "chaudiere_gaz_condensation",
        "Chaudière gaz à condensation",
        _generator("chaudiere_gaz_condensation"),
        "chaudiere_gaz_condensation",
    ),
    "regulation": Work("regulation", "Programmation pièce par pièce avec réduit", _regulation, "regulation"),
    "eau_chaude": Work("eau_chaude", "Chauffe-eau thermodynamique", _hot_water, "chauffe_eau_thermodynamique"),
}


@dataclass
class ScenarioResult:
    keys: tuple[str, ...]
    label: str
    final_kwh_saved: float
    primary_kwh_saved: float
    eur_saved: float
    co2_kg_saved: float
    label_before: str
    label_after: str
    ep_m2_before: float
    ep_m2_after: float
    cost_low: float | None
    cost_high: float | None
    cost_sources: list[str] = field(default_factory=list)
    payback_years: float | None = None
    eur_per_kwh_saved: float | None = None


def annual_cost(by_energy: dict) -> float:
    return sum(kwh * PRICES[e].eur_per_kwh_pci for e, kwh in by_energy.items())


def evaluate(d: Dwelling, keys: Sequence[str]) -> ScenarioResult:
    """Apply the listed works together to a copy of the dwelling and recompute the whole chain."""
    before = compute(d)
    after_d = copy.deepcopy(d)
    low = high = 0.0
    known = True
    sources = []
    for key in keys:
        work = WORKS[key]
        qty = work.apply(after_d)
        cost = COSTS.get(work.cost_key)
        if cost is None:
            known = False
            continue
        low += cost.low * qty
        high += cost.high * qty
        sources.append(f"{work.label} : {cost.source} ({cost.valid_from.isoformat()})")
    after = compute(after_d)
    eur = annual_cost(before.by_energy) - annual_cost(after.by_energy)
    saved = before.conso_5_usages - after.conso_5_usages
    mid = (low + high) / 2 if known else None
    return ScenarioResult(
        keys=tuple(keys),
        label=" + ".join(WORKS[k].label for k in keys),
        final_kwh_saved=round(saved, 1),
        primary_kwh_saved=round(before.ep_conso_5_usages - after.ep_conso_5_usages, 1),
        eur_saved=round(eur, 2),
        co2_kg_saved=round(before.emission_ges_5_usages - after.emission_ges_5_usages, 1),
        label_before=before.classe_bilan_dpe,
        label_after=after.classe_bilan_dpe,
        ep_m2_before=round(before.ep_conso_5_usages_m2, 1),
        ep_m2_after=round(after.ep_conso_5_usages_m2, 1),
        cost_low=round(low) if known else None,
        cost_high=round(high) if known else None,
        cost_sources=sources,
        payback_years=round(mid / eur, 1) if mid is not None and eur > 0 else None,
        eur_per_kwh_saved=round(mid / saved, 3) if mid is not None and saved > 0 else None,
    )


def evaluate_scenarios(d: Dwelling, scenarios: Iterable[Sequence[str] | str] | None = None) -> list[ScenarioResult]:
    """Evaluate each scenario (a work key or a list of keys applied together) and rank by € invested per kWh saved.

    Scenarios without a sourced cost or without savings come last.
    """
    scenarios = list(scenarios) if scenarios is not None else [[k] for k in WORKS]
    results = [evaluate(d, [s] if isinstance(s, str) else list(s)) for s in scenarios]
    return sorted(results, key=lambda r: (r.eur_per_kwh_saved is None, r.eur_per_kwh_saved or 0.0))
