"""Visit-level 3CL estimate: ~10 facts seen during a home visit, the rest filled with the method's defaults.

``estimate(VisitFacts) -> VisitEstimate`` returns a central value and a low/high range obtained by recomputing the
dwelling with the optimistic and pessimistic reading of every uncertain fact (unknown or partial insulation,
geometry ±10 %).
"""

import math
from dataclasses import dataclass, field, replace
from datetime import date

from .threecl import envelope as env
from .threecl.engine import compute
from .threecl.model import Bridge, Combustion, DhwSystem, Dwelling, HeatingSystem, Opaque, Result, Ventilation, Window


INSULATION_STATES = ("non", "partielle", "oui", "inconnue")
GLAZING = {"simple": 4.2, "double": 2.7, "double_recent": 1.5, "triple": 1.1}  # Ujn incl. closures (tables Uw/Ujn)
GLAZING_SW = {"simple": 0.52, "double": 0.46, "double_recent": 0.42, "triple": 0.37}
VENTILATION = {  # qvarep, qvasouf, smea, fan kWh (house) — tables ventilation.debit / ventilation.pvent
    "naturelle": (1.2, 1.2, 0.0, 0.0),
    "entrees_air": (2.23, 0.0, 4.0, 0.0),
    "vmc_auto": (1.65, 0.0, 2.0, 8.76 * 65),
    "vmc_hygro": (1.24, 0.0, 1.5, 8.76 * 50),
    "double_flux": (0.6, 0.6, 0.0, 8.76 * 80),
}
HEATING = {
    # key: (energy, rg or None for combustion, emitter wet, re, rr, i0 (house, no programmer), combustion kind)
    "convecteurs": ("electricite", 1.0, False, 0.95, 0.96, 0.84, None),
    "panneaux_rayonnants": ("electricite", 1.0, False, 0.97, 0.99, 0.84, None),
    "pac_air_air": ("electricite", 3.0, False, 0.95, 0.96, 0.88, None),
    "pac_air_eau": ("electricite", 2.8, True, 0.95, 0.95, 0.88, None),
    "chaudiere_gaz": ("gaz_naturel", None, True, 0.95, 0.95, 0.88, "standard"),
    "chaudiere_gaz_condensation": ("gaz_naturel", None, True, 0.95, 0.95, 0.88, "condensation"),
    "chaudiere_fioul": ("fioul", None, True, 0.95, 0.95, 0.88, "standard"),
    "chaudiere_fioul_condensation": ("fioul", None, True, 0.95, 0.95, 0.88, "condensation"),
    "chaudiere_propane": ("propane", None, True, 0.95, 0.95, 0.88, "standard"),
    "poele_bois": ("bois_buches", 0.65, False, 0.95, 0.8, 0.86, None),
    "poele_granules": ("bois_granules", 0.85, False, 0.95, 0.8, 0.86, None),
    "chaudiere_bois": ("bois_buches", None, True, 0.95, 0.95, 0.88, "bois"),
    "chaudiere_granules": ("bois_granules", None, True, 0.95, 0.95, 0.88, "bois"),
    "reseau_chaleur": ("reseau_chaleur", 0.97, True, 0.95, 0.95, 0.88, None),
}
# Default generator characteristics (PCI) — chauffage.combustion rows, Pn from GV
BOILER_DEFAULTS = {
    "standard": dict(rpn=0.86, rpint=0.84, qp0_kw=0.25),
    "condensation": dict(rpn=0.95, rpint=1.04, qp0_kw=0.07),
    "bois": dict(rpn=0.80, rpint=0.79, qp0_kw=0.3),
}
HOT_WATER = ("ballon_electrique", "chaudiere", "thermodynamique", "chauffe_eau_gaz")


@dataclass
class VisitFacts:
    dwelling_type: str = "maison"  # maison | appartement
    year_built: int = 1970
    surface: float = 90.0  # heated surface, m²
    altitude_m: float = 500.0
    walls_insulation: str = "inconnue"  # non | partielle | oui | inconnue
    roof_insulation: str = "inconnue"
    floor_insulation: str = "inconnue"
    glazing: str = "double"  # simple | double | double_recent | triple
    ventilation: str = "naturelle"  # naturelle | entrees_air | vmc_auto | vmc_hygro | double_flux
    heating: str = "convecteurs"  # see HEATING
    hot_water: str = "ballon_electrique"  # ballon_electrique | chaudiere | thermodynamique | chauffe_eau_gaz
    levels: int = 1
    zone: str = "H1c"
    on: date = field(default_factory=date.today)


@dataclass
class EstimateFigures:
    ep_conso_m2: float
    ges_m2: float
    classe: str
    conso_ch_kwh: float
    conso_ecs_kwh: float
    conso_total_kwh: float
    by_energy: dict


@dataclass
class VisitEstimate:
    low: EstimateFigures
    central: EstimateFigures
    high: EstimateFigures
    assumptions: list[str]
    dwelling: Dwelling  # central model, reusable by works.evaluate_scenarios


def altitude_class(altitude_m: float) -> int:
    return 1 if altitude_m < 400 else (2 if altitude_m <= 800 else 3)


def _material(year: int) -> tuple[str, float]:
    if year < 1948:
        return "PIERRE_MOELLONS_AVEC_REMPLISSAGE", 50
    if year < 1975:
        return "BLOC_BETON_CREUX", 20
    return "BRIQUE_CREUSE", 20


def _u(kind: str, state: str, u0: float, f: VisitFacts, optimistic: bool | None, joule: bool) -> tuple[float, bool]:
    """U for an insulation state; optimistic=None is the central reading."""
    year_ins = env.tab_year_insulated(max(f.year_built, 1990 if f.year_built < 1975 else f.year_built))
    insulated = min(u0, env.u_tab(kind, f.zone, year_ins, joule))
    if state == "non":
        return u0, False
    if state == "oui":
        return insulated, True
    if state == "partielle":
        mix = {None: 0.5, True: 0.75, False: 0.25}[optimistic]
        return mix * insulated + (1 - mix) * u0, True
    # unknown: the method's default (insulation by construction period, none before 1975)
    default_ins = f.year_built >= 1975
    if optimistic is True:
        return insulated, True
    if optimistic is False:
        return u0, False
    return (min(u0, env.u_tab(kind, f.zone, f.year_built, joule)), True) if default_ins else (u0, False)


def build_dwelling(f: VisitFacts, optimistic: bool | None = None) -> Dwelling:
    if f.heating not in HEATING:
        raise ValueError(f"type de chauffage inconnu : {f.heating}")
    house = f.dwelling_type == "maison"
    scale = {None: 1.0, True: 0.9, False: 1.1}[optimistic]
    levels = max(f.levels, 1)
    footprint = f.surface / levels
    perimeter = 4 * math.sqrt(footprint) * 1.1
    hsp = 2.5
    energy, rg, wet, re, rr, i0, kind = HEATING[f.heating]
    joule = energy == "electricite" and rg == 1.0
    win_area = 0.15 * f.surface * scale
    door = 2.0
    ext_share = 1.0 if house else 0.5
    wall_area = max(perimeter * hsp * levels * ext_share * scale - win_area - door, 1.0)
    mat, thick = _material(f.year_built)
    u_w0 = env.u_wall0(mat, thick, f.year_built)
    u_wall, w_ins = _u("mur", f.walls_insulation, u_w0, f, optimistic, joule)
    d = Dwelling(
        building="maison" if house else "appartement",
        zone=f.zone,
        altitude_class=altitude_class(f.altitude_m),
        old_heavy=f.year_built < 1948,
        surface=f.surface,
        hsp=hsp,
        levels=levels,
        inertia="lourde" if f.year_built < 1948 else "moyenne",
        year_built=f.year_built,
        dpe_date=f.on,
    )
    d.opaque.append(Opaque("mur", wall_area, u_wall, 1.0, w_ins, "murs extérieurs"))
    d.opaque.append(Opaque("porte", door, 3.5, 1.0, False, "porte d'entrée"))
    if house:
        u_r0 = env.u_roof0("PLAFOND_AVEC_OU_SANS_REMPLISSAGE")
        u_roof, _ = _u("plancher_haut", f.roof_insulation, u_r0, f, optimistic, joule)
        d.opaque.append(Opaque("plancher_haut", footprint * scale, u_roof, 0.9, u_roof < 1, "plafond sous combles"))
        u_f0 = env.u_floor0("DALLE_BETON")
        u_floor, _ = _u("plancher_bas", f.floor_insulation, u_f0, f, optimistic, joule)
        ue = env.ue_ground("VIDE_SANITAIRE", u_floor, 2 * footprint / perimeter, f.year_built)
        d.opaque.append(Opaque("plancher_bas", footprint * scale, ue, 1.0, u_floor < 1, "plancher bas"))
    glazing = f.glazing if f.glazing in GLAZING else "double"
    for orient, share in (("S", 0.35), ("N", 0.15), ("E", 0.25), ("W", 0.25)):
        d.windows.append(Window(win_area * share, GLAZING[glazing], GLAZING_SW[glazing], orient, "vertical"))
    wall_iso = "ITI" if w_ins else "NON_ISOLE"
    d.bridges.append(
        Bridge(perimeter * (1 if house else 0.5), env.k_bridge("PLANCHER_BAS_MUR", wall_iso, "NON_ISOLE"))
    )
    d.bridges.append(
        Bridge(win_area * 2.5, env.k_bridge("MENUISERIE_MUR", wall_iso, type_pose_ouverture="NU_INTERIEUR"))
    )
    qv = VENTILATION.get(f.ventilation, VENTILATION["naturelle"])
    q4 = 3.3 if f.year_built < 1948 else (2.2 if f.year_built < 1975 else (1.9 if f.year_built < 2006 else 1.3))
    if not house:
        q4 = {3.3: 4.6, 2.2: 2.0, 1.9: 1.5, 1.3: 1.5}[q4]
    d.ventilation = Ventilation(
        qvarep=qv[0], qvasouf=qv[1], smea=qv[2], q4pa_conv=q4, fan_kwh=qv[3] if house else qv[3] / 3
    )
    hs = HeatingSystem(energy=energy, re=re, rr=rr, i0=i0 if house else i0 + 0.02, wet=wet, rd=0.92 if wet else 1.0)
    if kind:
        hs.combustion = Combustion(
            kind=kind, **BOILER_DEFAULTS[kind], tf30=45 if kind == "condensation" else 55, tf100=70
        )
        hs.aux_g_w, hs.aux_h = 20.0, 1.6
    else:
        hs.rg = rg
    d.heating = [hs]
    if f.hot_water == "chaudiere" and kind:
        d.dhw = [DhwSystem(energy=energy, rd=0.93, combustion=replace(hs.combustion, pn_kw=24.0))]
    elif f.hot_water == "chauffe_eau_gaz":
        d.dhw = [
            DhwSystem(energy="gaz_naturel", rd=0.93, combustion=Combustion("standard", pn_kw=21, rpn=0.84, qp0_kw=0.2))
        ]
    elif f.hot_water == "thermodynamique":
        d.dhw = [DhwSystem(energy="electricite", rd=0.93, rg=2.5)]
    else:
        d.dhw = [DhwSystem(energy="electricite", rd=0.93, storage_volume_l=200, cr=0.22)]
    return d


def _figures(r: Result) -> EstimateFigures:
    return EstimateFigures(
        ep_conso_m2=round(r.ep_conso_5_usages_m2, 1),
        ges_m2=round(r.emission_ges_5_usages_m2, 1),
        classe=r.classe_bilan_dpe,
        conso_ch_kwh=round(r.conso_ch),
        conso_ecs_kwh=round(r.conso_ecs),
        conso_total_kwh=round(r.conso_5_usages),
        by_energy={k: round(v) for k, v in r.by_energy.items()},
    )


def estimate(f: VisitFacts) -> VisitEstimate:
    central_d = build_dwelling(f, None)
    results = [compute(build_dwelling(f, opt)) for opt in (True, False)]
    central = compute(central_d)
    low, high = sorted(results + [central], key=lambda r: r.ep_conso_5_usages_m2)[:: len(results)]
    assumptions = [
        "Géométrie par défaut : plan carré, hauteur sous plafond 2,5 m, vitrages = 15 % de la surface (±10 %).",
        "Isolation « inconnue » : valeur forfaitaire de la méthode selon l'année de construction (aucune avant 1975).",
        "Valeurs U, b, ponts thermiques, débits et rendements : tables de l'arrêté du 31 mars 2021 (méthode 3CL).",
    ]
    if f.dwelling_type != "maison":
        assumptions.append(
            "Appartement en étage intermédiaire : planchers et plafond sans déperdition, 50 % de murs extérieurs."
        )
    return VisitEstimate(_figures(low), _figures(central), _figures(high), assumptions, central_d)
