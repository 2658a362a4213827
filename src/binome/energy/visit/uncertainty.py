"""What the estimate assumes for an unknown fact, the plausible values of each unknown, and the calibrated range.

``completed(f)`` fills every unknown fact with its usual value (the central estimate). ``unknowns(f)`` lists, for
each fact the advisor did not give, its plausible values with their weights. The estimate computes the dwelling once
per plausible value (the other facts at their usual value) and takes, for each unknown, the weighted mean square of
log(Cep alternative / Cep central): its share of the uncertainty. The range is central × exp(±z·σ) with
σ² = Σ unknowns + σ₀², σ₀ the error of the visit model when every fact is known, calibrated on the calibration half
of the reference set so that the range holds the certified value as often as it claims (``COVERAGE``), and checked on
the other half (``bench/visit_estimate.py``).

The usual values and weights are frequencies among the certified DPEs of the calibration half (even CRC-32 of the
file name), rounded.
"""

from dataclasses import dataclass, replace

from . import vocabulary as v
from .facts import VisitFacts
from .geometry import default_floor, default_roof


COVERAGE = 0.8  # nominal share of dwellings whose certified value lies within the range
Z_80 = 1.2816  # standard normal quantile of 90 % (two-sided 80 % interval)
# σ₀ by kind of dwelling, fitted on the calibration half (bench/visit_estimate.py --fit: 0.1186 and 0.2540)
SIGMA_MODEL = {"maison": 0.12, "appartement": 0.25}

# usual year of a generator whose age the advisor does not know, by family and energy (medians, calibration half)
USUAL_YEAR = {"joule": 2000, "heat_pump": 2015, "stove": 2000, "network": 2000, "gas_radiator": 2000}
USUAL_BOILER_YEAR = {v.GAS: 2005, v.LPG: 2005, v.OIL: 1995, v.WOOD_LOGS: 2005, v.WOOD_PELLETS: 2015}
DEFAULT_BOILER_YEAR = 2000
# usual tank volume (L) by hot-water system
USUAL_TANK_L = {"ballon_electrique": 150, "thermodynamique": 200, "pac_double_service": 200, "accumulateur_gaz": 150}
# share of elements found not insulated among the certified DPEs that know it, built before 1975 / from 1975
NOT_INSULATED_BEFORE_1975 = {"walls": 0.65, "roof": 0.35, "floor": 0.85}
NOT_INSULATED_FROM_1975 = {"walls": 0.1, "roof": 0.1, "floor": 0.5}
# spread of the unmeasured areas: 10th and 90th percentiles of certified / modelled area (calibration half)
WALL_SPREAD = {"maison": (0.85, 1.2), "appartement": (0.6, 1.35)}
WINDOW_SPREAD = {"maison": (0.75, 1.35), "appartement": (0.7, 1.45)}
WINDOW_SPREAD_UNCOUNTED = (0.6, 1.6)
SPREAD_WEIGHTS = (0.3, 0.4, 0.3)  # q10, median, q90 of a normal law: about its variance


@dataclass(frozen=True)
class Unknown:
    """A fact the advisor did not give: its name in French, and its plausible values ``(overrides, weight)``."""

    fact: str
    label: str
    options: tuple[tuple[dict, float], ...]


def sigma_model(f: VisitFacts) -> float:
    """σ₀: the error of the visit model when every fact is known (calibrated)."""
    return SIGMA_MODEL["maison" if f.dwelling_type == "maison" else "appartement"]


def usual_year(key: str, year_built: int) -> int:
    g = v.HEATING[key]
    if g.family == "boiler":
        year = USUAL_BOILER_YEAR.get(g.energy, DEFAULT_BOILER_YEAR)
    else:
        year = USUAL_YEAR.get(g.family, 2000)
    return max(year, year_built)


def usual_material(f: VisitFacts) -> str:
    if f.year_built < 1948:
        return "pierre"
    return "parpaing" if f.dwelling_type == "maison" else "beton"


def usual_hot_water(f: VisitFacts) -> str:
    if v.HEATING[f.heating].family == "boiler":
        return "chaudiere"
    return "ballon_electrique"


def completed(f: VisitFacts) -> VisitFacts:
    """The facts with every unknown replaced by its usual value (what the central estimate computes)."""
    house = f.dwelling_type == "maison"
    g = replace(f)
    if not house and g.flat_position is None:
        g.flat_position = "intermediaire"
    g.floor_type = g.floor_type or default_floor(g)
    g.roof_type = g.roof_type or default_roof(g)
    g.wall_material = g.wall_material or usual_material(g)
    g.glazing = g.glazing or "double"
    g.frames = g.frames or ("bois" if g.glazing == "simple" else "pvc")
    g.shutters = True if g.shutters is None else g.shutters
    g.door = g.door or "opaque"
    g.wall_lining = bool(g.wall_lining)
    g.attached_unheated = bool(g.attached_unheated) if house else False
    g.ventilation = g.ventilation or ("naturelle" if g.year_built < 1975 else "vmc_auto")
    g.ventilation_year = g.ventilation_year or max(g.year_built, 1995)
    g.heating_year = g.heating_year or usual_year(g.heating, g.year_built)
    if g.secondary_heating:
        g.secondary_year = g.secondary_year or usual_year(g.secondary_heating, g.year_built)
    g.hot_water = g.hot_water or usual_hot_water(g)
    if g.hot_water_litres is None and g.hot_water in USUAL_TANK_L and not g.hot_water_collective:
        g.hot_water_litres = USUAL_TANK_L[g.hot_water]
    g.hot_water_year = g.hot_water_year or max(g.heating_year if g.hot_water == "chaudiere" else 2005, g.year_built)
    return g


def _spread(low: float, high: float) -> tuple[float, float, float]:
    return low, 1.0, high


def _insulation_unknowns(f: VisitFacts) -> list[Unknown]:
    out = []
    names = {"walls": "l'isolation des murs", "roof": "l'isolation de la toiture", "floor": "l'isolation du plancher"}
    for element, label in names.items():
        state = getattr(f, f"{element}_insulation")
        if element == "roof" and (f.roof_type or default_roof(f)) == "local_chauffe":
            continue
        if element == "floor" and (f.floor_type or default_floor(f)) == "local_chauffe":
            continue
        table = NOT_INSULATED_BEFORE_1975 if f.year_built < 1975 else NOT_INSULATED_FROM_1975
        if state == "inconnue":
            p = table[element]
            out.append(
                Unknown(
                    f"{element}_insulation",
                    label,
                    (({f"{element}_insulation": "non"}, p), ({f"{element}_insulation": "oui"}, 1 - p)),
                )
            )
        elif (
            state == "oui"
            and not getattr(f, f"{element}_insulation_cm")
            and not getattr(f, f"{element}_insulation_year")
        ):
            cm = f"{element}_insulation_cm"
            out.append(Unknown(cm, f"l'épaisseur de {label}", (({cm: 5}, 0.3), ({}, 0.4), ({cm: 16}, 0.3))))
        elif state == "partielle" and getattr(f, f"{element}_insulated_share") is None:
            share = f"{element}_insulated_share"
            out.append(Unknown(share, f"la part isolée ({label})", (({share: 0.25}, 0.5), ({share: 0.75}, 0.5))))
    return out


def _shape_unknowns(f: VisitFacts) -> list[Unknown]:
    house = f.dwelling_type == "maison"
    kind = "maison" if house else "appartement"
    out = []
    if not f.wall_area_m2:
        low, high = WALL_SPREAD[kind]
        options = tuple(({"_wall_scale": s}, w) for s, w in zip(_spread(low, high), SPREAD_WEIGHTS, strict=True))
        out.append(Unknown("wall_area_m2", "la surface des murs donnant sur l'extérieur", options))
    if house and f.shared_walls is None:
        out.append(
            Unknown(
                "shared_walls",
                "la mitoyenneté",
                (({"shared_walls": 0}, 0.7), ({"shared_walls": 1}, 0.25), ({"shared_walls": 2}, 0.05)),
            )
        )
    if not house and f.exposed_facades is None:
        options = (({"exposed_facades": 1}, 0.2), ({"exposed_facades": 2}, 0.4), ({"exposed_facades": 3}, 0.4))
        out.append(Unknown("exposed_facades", "le nombre de façades exposées", options))
    if not f.window_area_m2:
        low, high = WINDOW_SPREAD[kind] if f.windows_count else WINDOW_SPREAD_UNCOUNTED
        options = tuple(({"_window_scale": s}, w) for s, w in zip(_spread(low, high), SPREAD_WEIGHTS, strict=True))
        out.append(Unknown("window_area_m2", "la surface vitrée", options))
    if f.hsp is None:
        out.append(Unknown("hsp", "la hauteur sous plafond", (({"hsp": 2.4}, 0.5), ({"hsp": 2.7}, 0.5))))
    if house and f.floor_type is None:
        options = (
            ({"floor_type": "terre_plein"}, 0.55),
            ({"floor_type": "sous_sol"}, 0.3),
            ({"floor_type": "vide_sanitaire"}, 0.15),
        )
        out.append(Unknown("floor_type", "ce qui se trouve sous le logement", options))
    if house and f.roof_type is None:
        options = (({"roof_type": "combles_perdus"}, 0.6), ({"roof_type": "combles_amenages"}, 0.4))
        out.append(Unknown("roof_type", "le type de toiture", options))
    if not house and f.flat_position is None:
        options = (
            ({"flat_position": "rez_de_chaussee"}, 0.25),
            ({"flat_position": "intermediaire"}, 0.5),
            ({"flat_position": "dernier_etage"}, 0.25),
        )
        out.append(Unknown("flat_position", "l'étage de l'appartement", options))
    return out


def _envelope_unknowns(f: VisitFacts) -> list[Unknown]:
    out = []
    if f.wall_material is None:
        options = (
            ({"wall_material": "pierre"}, 0.4),
            ({"wall_material": "parpaing"}, 0.3),
            ({"wall_material": "brique_pleine"}, 0.15),
            ({"wall_material": "beton"}, 0.15),
        )
        out.append(Unknown("wall_material", "le matériau des murs", options))
    if f.glazing is None:
        options = (({"glazing": "simple"}, 0.2), ({"glazing": "double"}, 0.6), ({"glazing": "double_recent"}, 0.2))
        out.append(Unknown("glazing", "le type de vitrage", options))
    if f.shutters is None:
        out.append(Unknown("shutters", "les volets", (({"shutters": True}, 0.7), ({"shutters": False}, 0.3))))
    if f.ventilation is None:
        options = (
            ({"ventilation": "naturelle"}, 0.5),
            ({"ventilation": "entrees_air"}, 0.2),
            ({"ventilation": "vmc_auto"}, 0.3),
        )
        out.append(Unknown("ventilation", "la ventilation", options))
    return out


def _system_unknowns(f: VisitFacts) -> list[Unknown]:
    out = []
    g = v.HEATING[f.heating]
    if f.heating_year is None and len(g.ids) > 1:
        years = sorted({max(last, f.year_built) for last, _id in g.ids if last} | {2018})
        options = tuple(({"heating_year": y}, 1 / len(years)) for y in years)
        out.append(Unknown("heating_year", "l'âge du générateur de chauffage", options))
    if f.regulation is None and g.emitter is None:
        options = (({"regulation": "none"}, 0.3), ({"regulation": "programmer_trv"}, 0.7))
        out.append(Unknown("regulation", "la régulation du chauffage", options))
    hot_water = f.hot_water or usual_hot_water(f)
    if f.hot_water is None:
        options = (({"hot_water": "ballon_electrique"}, 0.6), ({"hot_water": usual_hot_water(f)}, 0.4))
        out.append(Unknown("hot_water", "la production d'eau chaude", options))
    if f.hot_water_litres is None and hot_water in USUAL_TANK_L and not f.hot_water_collective:
        options = (({"hot_water_litres": 100}, 0.3), ({}, 0.4), ({"hot_water_litres": 250}, 0.3))
        out.append(Unknown("hot_water_litres", "le volume du ballon d'eau chaude", options))
    return out


def unknowns(f: VisitFacts) -> list[Unknown]:
    """The facts the advisor did not give, with their plausible values."""
    return _insulation_unknowns(f) + _shape_unknowns(f) + _envelope_unknowns(f) + _system_unknowns(f)
