"""The areas and junction lengths of a dwelling the advisor has not measured, from its surface, levels and shape.

A house is a rectangle-like plan of footprint A = surface / levels; its outside walls (windows and doors included)
are ``WALL_RATIO`` times those of a detached square plan of the same footprint, 4·√A·levels·hsp, by the number of
sides joined to a neighbour. A flat's outside walls are the same ratio of its own square plan by the number of
façades on the outside, and a share of its walls opens onto the stairwell. The ratios, the window size, the floor and
roof areas and the thermal-bridge lengths are the medians of the certified DPEs of the calibration half of the
reference set (files whose CRC-32 of the name is even, see ``bench/visit_estimate.py``); the validation half was not
used to choose them.
"""

import math
from dataclasses import dataclass

from .facts import VisitFacts


DEFAULT_HSP = 2.5  # m, the usual ceiling height
# outside walls over those of a detached square plan: houses by sides joined to a neighbour, flats by façades
WALL_RATIO_HOUSE = {0: 1.07, 1: 0.75, 2: 0.35}
WALL_RATIO_FLAT = {1: 0.30, 2: 0.57, 3: 0.85}
FLAT_STAIRWELL_SHARE = 0.21  # of a flat's exposed walls, onto the stairwell or a corridor
WINDOW_M2 = {"maison": 1.63, "appartement": 2.44}  # per window or French window (frames included)
WINDOW_SHARE = {
    "maison": 0.136,
    "appartement": 0.172,
}  # glazed area over the surface, when the windows are not counted
DOOR_M2 = {"maison": 3.5, "appartement": 1.8}  # entrance doors
# the ground floor of a house of n levels is larger than surface / n (a level under the roof or a half level):
# surface / (1 + LEVEL_SHARE·(n − 1)); the low floor and the roof are that area times their ratio
LEVEL_SHARE = 0.65
FLOOR_RATIO = {"maison": 1.0, "appartement": 1.0}
ROOF_RATIO = {"combles_perdus": 1.0, "combles_amenages": 1.2, "terrasse": 1.0, "local_chauffe": 1.0}
LOW_FLOOR_BRIDGE = 0.86  # low floor / wall junction, per metre of the plan's perimeter (houses)
# intermediate floor / wall junctions, per metre of exposed perimeter and floor: the share of certified DPEs that
# count them (a flat has two, shared with its neighbours, which the engine counts half)
INTERMEDIATE_FLOOR_SHARE = {"maison": 0.5, "appartement": 0.3}
# window / wall junctions, metres per m² of window: their perimeter, and the partitions and roof junctions certified
# DPEs also count (§3.4), which a visit does not describe
WINDOW_BRIDGE_PER_M2 = 4.0
FLAT_WINDOW_BRIDGE_PER_M2 = 4.0


@dataclass(frozen=True)
class Shape:
    """Areas (m²) and lengths (m) of the envelope the pre-DPE describes."""

    hsp: float
    footprint: float
    perimeter: float  # of a square plan of the footprint
    outside_walls: float  # gross: windows and doors included
    stairwell_walls: float
    windows: float
    doors: float
    floor: float  # 0 when the floor is on a heated space
    roof: float  # 0 when the roof is a heated space
    low_floor_bridge: float
    intermediate_floor_bridge: float
    window_bridge: float


def shape(f: VisitFacts, wall_scale: float = 1.0, window_scale: float = 1.0) -> Shape:
    """The dwelling's envelope; ``wall_scale`` and ``window_scale`` move the unmeasured areas (uncertainty)."""
    house = f.dwelling_type == "maison"
    kind = "maison" if house else "appartement"
    levels = max(f.levels, 1) if house else 1
    hsp = f.hsp or DEFAULT_HSP
    footprint = f.surface / levels
    perimeter = 4 * math.sqrt(footprint)
    if house:
        ratio = WALL_RATIO_HOUSE[min(max(f.shared_walls if f.shared_walls is not None else 0, 0), 2)]
    else:
        ratio = WALL_RATIO_FLAT[min(max(f.exposed_facades if f.exposed_facades is not None else 2, 1), 3)]
    gross = perimeter * levels * hsp * ratio * wall_scale
    if f.wall_area_m2:
        gross = f.wall_area_m2
    stairwell = 0.0 if house else gross * FLAT_STAIRWELL_SHARE
    if f.window_area_m2:
        windows = f.window_area_m2
    elif f.windows_count:
        windows = f.windows_count * WINDOW_M2[kind] * window_scale
    else:
        windows = f.surface * WINDOW_SHARE[kind] * window_scale
    ground = f.surface / (1 + LEVEL_SHARE * (levels - 1))
    floor = 0.0 if (f.floor_type or default_floor(f)) == "local_chauffe" else ground * FLOOR_RATIO[kind]
    roof_type = f.roof_type or default_roof(f)
    roof = 0.0 if roof_type == "local_chauffe" else ground * ROOF_RATIO.get(roof_type, 1.0)
    exposed_share = (gross - stairwell) / (perimeter * levels * hsp) if perimeter else 0.0
    return Shape(
        hsp=hsp,
        footprint=footprint,
        perimeter=perimeter,
        outside_walls=gross - stairwell,
        stairwell_walls=stairwell,
        windows=windows,
        doors=DOOR_M2[kind],
        floor=floor,
        roof=roof,
        low_floor_bridge=LOW_FLOOR_BRIDGE * perimeter * min(exposed_share, 1.0) if floor else 0.0,
        intermediate_floor_bridge=INTERMEDIATE_FLOOR_SHARE[kind]
        * perimeter
        * min(exposed_share, 1.0)
        * (levels - 1 if house else 2),
        window_bridge=windows * (WINDOW_BRIDGE_PER_M2 if house else FLAT_WINDOW_BRIDGE_PER_M2),
    )


def default_floor(f: VisitFacts) -> str:
    """What is under the dwelling when the advisor did not say: a house on earth, a flat on a heated flat (on the
    ground floor, a cellar)."""
    if f.dwelling_type == "maison":
        return "terre_plein"
    return "sous_sol" if f.flat_position == "rez_de_chaussee" else "local_chauffe"


def default_roof(f: VisitFacts) -> str:
    """What is above it: a house under lost attics, a flat under a heated flat (on the top floor, a flat roof)."""
    if f.dwelling_type == "maison":
        return "combles_perdus"
    return "terrasse" if f.flat_position == "dernier_etage" else "local_chauffe"
