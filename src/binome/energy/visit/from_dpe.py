"""The visit facts an advisor would record, read from a certified DPE's ``donnee_entree`` (never a U-value).

Used by ``bench/visit_estimate.py`` to measure the visit estimate against certified DPEs, and to prefill a visit
from a household's DPE. What an advisor sees or is told is kept, coarsely: the surface, year, levels, ceiling
height, altitude class; per element (walls, low floor, roof) whether it is insulated (area-weighted: all, none, part),
the insulation's thickness when the diagnostician measured it (or its resistance from an invoice, as a thickness of
λ 0.04) and its year when known; the dominant wall material and thickness, glazing, frames, shutters, the number of
windows, the entrance door; what is under and above the dwelling; the ventilation and its period; each heating
generator by kind and period of installation, its emitters and regulation, the role of a second generator; the
hot-water system, tank volume and period; air conditioning; visible defects.

What an advisor does not measure is left out: areas of walls, floors, roofs and windows, linings, thermal bridges,
Aiu/Aue of unheated spaces, masks, U, b, k. One shape fact is inferred from areas because the DPE has no field for
it while the advisor sees it at once: how many sides of a house are joined to a neighbour (``shared_walls``), and
how many façades of a flat are on the outside (``exposed_facades``), from the ratio of the outside walls to those
of a detached square plan of the same footprint (see ``shape_ratio``).
"""

import math
from collections import defaultdict

from binome.energy.dpe_xml import enums as xe, system_enums as se
from binome.energy.dpe_xml.general import application_method, building_type, dpe_date
from binome.energy.dpe_xml.reader import integer, number

from . import vocabulary as v
from .facts import VisitFacts


ALTITUDE_METRES = {1: 300.0, 2: 600.0, 3: 900.0}
PERIOD_MIDDLE = {1: 1930, 2: 1965, 3: 1976, 4: 1980, 5: 1985, 6: 1995, 7: 2003, 8: 2009, 9: 2016, 10: 2022}
# shape ratio thresholds: at least DETACHED a detached house, at least ONE_SIDE a house joined on one side
DETACHED, ONE_SIDE = 0.8, 0.55
INSULATED_METHODS = frozenset({3, 4, 5, 6, 7, 8, 9, 10})
MIN_SHARE = 0.1  # a part smaller than this is not what the advisor reports
MAX_WALL_CM = 100  # a thicker wall is a typing error of the DPE
MIN_WINDOW_M2 = 0.5
ATTACHED_SHARE = 0.1  # walls onto a garage, cellar or barn: the advisor sees an attached unheated space

ENVELOPE = "logement/enveloppe"


def _reverse_bands(vocabulary: dict) -> dict[int, tuple[str, int]]:
    """enum id -> (key, a year of its band: a few years before its end, the middle of a closed band, or a recent
    year for the last one). Written back with ``vocabulary.by_year`` it gives the same id."""
    out = {}
    for key, spec in vocabulary.items():
        bands = spec.ids if hasattr(spec, "ids") else spec[1]
        previous = None
        for last, enum_id in bands:
            if last is None:
                year = max((previous or 2016) + 2, 2018)
            elif previous is None:
                year = last - 3
            else:
                year = (previous + last) // 2
            out.setdefault(enum_id, (key, year))
            previous = last + 1 if last is not None else previous
    return out


HEATING_BY_ID = _reverse_bands(v.HEATING)
HEATING_BY_ID.update(
    {
        101: ("convecteurs", 2000),  # autres émetteurs à effet joule
        103: ("plancher_electrique", 2000),  # sans régulation terminale
        105: ("convecteurs", 2000),  # convecteur bi-jonction
        113: ("chaudiere_gaz", 1975),  # autre système à combustion gaz
        114: ("chaudiere_fioul", 1965),
        115: ("chaudiere_bois", 2000),
        116: ("chaudiere_fioul", 1965),
        117: ("pac_air_eau", 2018),  # autre système thermodynamique électrique
        50: ("chaudiere_gaz", 2000),  # générateurs à air chaud
        51: ("chaudiere_gaz", 2010),
        52: ("chaudiere_gaz_condensation", 2010),
        140: ("poele_bouilleur", 2008),
        141: ("poele_bouilleur", 2015),
        145: ("pac_air_eau", 2012),  # PAC hybride, partie PAC
        146: ("pac_air_eau", 2016),
        147: ("pac_air_eau", 2018),
        148: ("chaudiere_gaz_condensation", 2008),  # PAC hybride, partie chaudière
        149: ("chaudiere_gaz_condensation", 2018),
        **{i: ("pac_geothermique", y) for i, y in ((8, 2005), (9, 2010), (10, 2015), (11, 2018))},
        **{i: ("pac_geothermique", y) for i, y in ((12, 2005), (13, 2010), (14, 2015), (15, 2018))},
        **{i: ("insert", y) for i, y in ((21, 1985), (25, 2000), (29, 2010), (33, 2005), (37, 2010), (41, 2019))},
        **{i: ("poele_bois", y) for i, y in ((32, 2005), (34, 2005), (36, 2010), (38, 2010), (40, 2019), (42, 2019))},
        **{i: ("insert", y) for i, y in ((35, 2005), (39, 2010), (43, 2019))},
        **{i: ("reseau_chaleur", 2000) for i in (107, 108, 109, 110, 111, 112, 142, 171)},
    }
)
# the default collective system (119) and "other" stoves: the key from the energy
BY_ENERGY = {
    v.GAS: "chaudiere_gaz",
    v.OIL: "chaudiere_fioul",
    v.LPG: "chaudiere_propane",
    v.PROPANE: "chaudiere_propane",
    10: "chaudiere_propane",
    v.WOOD_LOGS: "chaudiere_bois",
    v.WOOD_PELLETS: "chaudiere_granules",
    v.WOOD_CHIPS: "chaudiere_plaquettes",
    7: "chaudiere_plaquettes",
    v.COAL: "chaudiere_charbon",
    v.DISTRICT: "reseau_chaleur",
    v.ELECTRICITY: "convecteurs",
    12: "convecteurs",
}
STOVE_BY_ENERGY = {v.OIL: "poele_fioul", v.COAL: "poele_charbon", v.LPG: "poele_fioul"}
HOT_WATER_BY_ID = _reverse_bands({k: hw for k, hw in v.HOT_WATER.items() if hw.ids})
HOT_WATER_BY_ID.update(
    {
        **{i: ("ballon_electrique", 2000) for i in (68, 69, 70, 71)},
        118: ("chaudiere", 2000),  # chaudière électrique
        **{i: ("thermodynamique", y) for i, y in ((4, 2005), (5, 2012), (6, 2018), (7, 2005), (8, 2012), (9, 2018))},
        82: ("pac_double_service", 2012),
        83: ("pac_double_service", 2012),
        **{i: ("chauffe_eau_gaz", y) for i, y in ((110, 1975), (111, 1985), (112, 1995), (113, 2008), (114, 2018))},
        **{i: ("accumulateur_gaz", 2000) for i in (61, 62, 105, 106, 107, 108, 109)},
        **{i: ("reseau_chaleur", 2000) for i in (72, 74, 75, 76, 77, 119, 134)},
        **{i: ("chaudiere", 1990) for i in (13, 14, 115, 116, 78, 79, 80, 81)},
        **{i: ("chaudiere", 2000) for i in se.DHW_TO_HEATING},
    }
)
VENTILATION_BY_ID = _reverse_bands(v.VENTILATION)
VENTILATION_BY_ID.update(
    {
        25: ("entrees_air", 1970),
        34: ("entrees_air", 1990),
        **{i: ("vmc_hygro", y) for i, y in ((7, 1995), (8, 2005), (9, 2015), (16, 1990), (17, 1990), (18, 1990))},
        **{i: ("vmc_auto", y) for i, y in ((10, 1995), (11, 2005), (12, 2015), (32, 2005), (33, 2015))},
        **{i: ("vmc_hygro", y) for i, y in ((26, 1995), (27, 2005), (28, 2015), (29, 1995), (30, 2005), (31, 2015))},
        **{i: ("double_flux", y) for i, y in ((21, 2005), (22, 2015), (23, 2005), (24, 2015))},
        **{i: ("double_flux", y) for i, y in ((35, 2005), (36, 2015), (37, 2005), (38, 2015))},
    }
)
WALL_BY_ID = {
    2: "pierre",
    3: "pierre",
    4: "pise",
    5: "pan_bois",
    6: "pan_bois",
    7: "bois",
    8: "brique_pleine",
    9: "brique_pleine",
    10: "brique_creuse",
    11: "parpaing",
    12: "parpaing",
    13: "beton",
    14: "beton",
    15: "brique_creuse",
    16: "parpaing",
    17: "parpaing",
    18: "bois",
    19: "beton",
    24: "bois",
    25: "bois",
    26: "bois",
    27: "pan_bois",
}
FLOOR_BY_ADJACENCY = {5: "terre_plein", 3: "vide_sanitaire", 6: "sous_sol", 2: "sous_sol", 1: "exterieur"}
FLOOR_BY_ADJACENCY.update({i: "garage" for i in (8, 9, 19, 21, 4, 20)})
HALLS = frozenset({14, 15, 16, 17, 18})  # circulations and entrance halls of a building
ROOF_ATTIC_ADJACENCY = frozenset({11, 12, 13, 8, 9, 21, 4, 20, 7})
DOOR_BY_ID = {1: "opaque", 5: "opaque", 9: "opaque", 16: "opaque", 13: "insulated", 14: "insulated", 15: "insulated"}
FRAME_BY_ID = {3: "bois", 4: "bois", 5: "pvc", 6: "alu_rpt", 7: "metal"}
WET_FLOOR_EMITTERS = frozenset({11, 12, 13, 14, 15, 16, 17, 18})
EMITTER_REGULATION = {  # (room by room, intermittence equipment) -> regulation key
    (False, 1): "none",
    (False, 2): "programmer",
    (False, 3): "programmer",
    (True, 1): "trv",
    (True, 2): "programmer_trv",
    (True, 3): "programmer_trv",
    (True, 4): "room_by_room",
    (True, 5): "room_by_room",
    (False, 4): "room_by_room",
    (False, 5): "room_by_room",
}


def facts_from_dpe(root, measured: bool = False) -> VisitFacts:
    """The facts an advisor would record in the dwelling a certified DPE describes (see the module's doc).

    ``measured``: the advisor also measured the outside walls and the windows (their areas, from the DPE's)."""
    cg = root.find("logement/caracteristique_generale")
    meteo = root.find("logement/meteo")
    house = building_type(root) == "maison"
    year = integer(cg, "annee_construction") or PERIOD_MIDDLE.get(integer(cg, "enum_periode_construction_id"), 1960)
    f = VisitFacts(
        dwelling_type="maison" if house else "appartement",
        year_built=year,
        surface=number(cg, "surface_habitable_logement") or number(cg, "surface_habitable_immeuble") or 0.0,
        altitude_m=ALTITUDE_METRES.get(integer(meteo, "enum_classe_altitude_id"), 300.0),
        levels=max(integer(cg, "nombre_niveau_logement") or 1, 1),
        zone=xe.ZONES.get(integer(meteo, "enum_zone_climatique_id"), "H1c"),
        hsp=number(cg, "hsp"),
    )
    f.on = dpe_date(root, None)
    _envelope(root, f, house, measured)
    _windows(root, f)
    _ventilation(root, f)
    _heating(root, f)
    _hot_water(root, f)
    f.air_conditioning = root.find("logement/climatisation_collection/climatisation") is not None
    f.veranda = _veranda(root)
    f.heating_collective = f.heating_collective or application_method(root) in xe.FLAT_FROM_BUILDING
    return f


# --- envelope -------------------------------------------------------------------------------------------------------


def _components(root, kind):
    return [el.find("donnee_entree") for el in root.findall(f"{ENVELOPE}/{kind}_collection/{kind}")]


def _exposed(de) -> bool:
    """On the outside or an unheated space: not a heated neighbour, not a heated space out of reach."""
    return integer(de, "enum_type_adjacence_id", 1) != v.ADJ_HEATED and integer(de, "enum_cfg_isolation_lnc_id") != 1


def _state(de) -> str:
    method = integer(de, "enum_methode_saisie_u_id", 1)
    iso = integer(de, "enum_type_isolation_id", 1)
    if method == 1 or iso == 2:
        return "non"
    if method in (2, 8) and iso == 1:  # no evidence of insulation: the method's table at the construction year
        return "inconnue"
    return "oui"


def _insulation(items, f: VisitFacts, prefix: str) -> None:
    """Element state from its parts (area-weighted), the measured thickness and the insulation year when known.

    Parts without evidence either way count as the method counts them: insulated from 1975, bare before."""
    area = defaultdict(float)
    for de, a in items:
        area[_state(de)] += a
    total = sum(area.values())
    if not total:
        return
    unknown_as = "oui" if f.year_built >= 1975 else "non"
    insulated = (area["oui"] + (area["inconnue"] if unknown_as == "oui" else 0)) / total
    if area["inconnue"] / total > 0.5:
        state = "inconnue"
    elif insulated >= 1 - MIN_SHARE:
        state = "oui"
    elif insulated <= MIN_SHARE:
        state = "non"
    else:
        state = "partielle"
        setattr(f, f"{prefix}_insulated_share", round(insulated, 2))
    setattr(f, f"{prefix}_insulation", state)
    ins = [(de, a) for de, a in items if _state(de) == "oui"]
    thick = [
        (number(de, "epaisseur_isolation") or 100 * 0.04 * (number(de, "resistance_isolation") or 0), a)
        for de, a in ins
        if integer(de, "enum_methode_saisie_u_id") in (3, 4, 5, 6)
    ]
    thick = [(t, a) for t, a in thick if t]
    if thick and sum(a for _, a in thick) >= 0.5 * sum(a for _, a in ins):
        setattr(f, f"{prefix}_insulation_cm", round(sum(t * a for t, a in thick) / sum(a for _, a in thick)))
    years = [
        (PERIOD_MIDDLE.get(integer(de, "enum_periode_isolation_id")), a)
        for de, a in ins
        if integer(de, "enum_methode_saisie_u_id") == 7
    ]
    years = [(y, a) for y, a in years if y]
    if years and sum(a for _, a in years) >= 0.5 * sum(a for _, a in ins):
        setattr(f, f"{prefix}_insulation_year", max(years, key=lambda ya: ya[1])[0])


def shape_ratio(wall_area: float, surface: float, levels: int, hsp: float) -> float:
    """Outside walls (windows included) over those of a detached square plan of the same footprint."""
    footprint = surface / max(levels, 1)
    return wall_area / (4 * math.sqrt(footprint) * max(levels, 1) * hsp) if footprint > 0 else 1.0


def _envelope(root, f: VisitFacts, house: bool, measured: bool) -> None:
    walls = [(de, number(de, "surface_paroi_opaque", 0) or 0) for de in _components(root, "mur")]
    walls = [(de, a) for de, a in walls if a and _exposed(de)]
    _insulation(walls, f, "walls")
    by_material = defaultdict(float)
    for de, a in walls:
        by_material[WALL_BY_ID.get(integer(de, "enum_materiaux_structure_mur_id"))] += a
    if by_material:
        f.wall_material = max(by_material, key=by_material.get)
        thick = [
            number(de, "epaisseur_structure")
            for de, _a in walls
            if WALL_BY_ID.get(integer(de, "enum_materiaux_structure_mur_id")) == f.wall_material
        ]
        thick = [t for t in thick if t and t <= MAX_WALL_CM]
        f.wall_thickness_cm = max(set(thick), key=thick.count) if thick else None
    total = sum(a for _, a in walls) or 1.0
    lined = sum(a for de, a in walls if integer(de, "enum_type_doublage_id") in (3, 4, 5))
    f.wall_lining = lined / total > 0.5
    unheated = sum(a for de, a in walls if integer(de, "enum_type_adjacence_id", 1) in xe.LNC)
    if house:
        f.attached_unheated = unheated / total >= ATTACHED_SHARE
    openings = sum(
        number(de, "surface_totale_baie", 0) or 0 for de in _components(root, "baie_vitree") if _exposed(de)
    )
    openings += sum(number(de, "surface_porte", 0) or 0 for de in _components(root, "porte") if _exposed(de))
    ratio = shape_ratio(sum(a for _, a in walls) + openings, f.surface, f.levels, f.hsp or 2.5)
    if measured:
        f.wall_area_m2 = round(sum(a for _, a in walls) + openings, 1)
        f.window_area_m2 = round(
            sum(number(de, "surface_totale_baie", 0) or 0 for de in _components(root, "baie_vitree") if _exposed(de)),
            1,
        )
    if house:
        f.shared_walls = 0 if ratio >= DETACHED else (1 if ratio >= ONE_SIDE else 2)
    else:
        f.exposed_facades = min(max(round(4 * ratio), 1), 3)
    floors = [(de, number(de, "surface_paroi_opaque", 0) or 0) for de in _components(root, "plancher_bas")]
    main = _main_exposed(floors)
    f.floor_type = (
        FLOOR_BY_ADJACENCY.get(integer(main, "enum_type_adjacence_id"), "sous_sol")
        if main is not None
        else "local_chauffe"
    )
    if main is not None:
        _insulation([(de, a) for de, a in floors if a and _exposed(de)], f, "floor")
    roofs = [(de, number(de, "surface_paroi_opaque", 0) or 0) for de in _components(root, "plancher_haut")]
    main = _main_exposed(roofs)
    f.roof_type = _roof_type(main) if main is not None else "local_chauffe"
    if main is not None:
        _insulation([(de, a) for de, a in roofs if a and _exposed(de)], f, "roof")
    if not house:
        exposed_below = f.floor_type != "local_chauffe"
        exposed_above = f.roof_type != "local_chauffe"
        f.flat_position = (
            "rez_de_chaussee" if exposed_below else ("dernier_etage" if exposed_above else "intermediaire")
        )


VERANDA_BY_CFG = {6: "nord", 7: "sud", 8: "est_ouest", 9: "nord", 10: "sud", 11: "est_ouest"}


def _veranda(root) -> str | None:
    """The orientation of the largest sunspace, if any (§6.3)."""
    best, best_area = None, 0.0
    for ets in root.findall(f"{ENVELOPE}/ets_collection/ets"):
        area = sum(number(b.find("donnee_entree"), "surface_totale_baie", 0) or 0 for b in ets.iter("baie_ets"))
        if area >= best_area:
            best = VERANDA_BY_CFG.get(integer(ets.find("donnee_entree"), "enum_cfg_isolation_lnc_id"), "est_ouest")
            best_area = area
    return best


def _main_exposed(items):
    """The largest floor (or roof) part when most of the area is exposed (not a heated space, nor a hall or a
    corridor of the building, whose b is small); None when the dwelling is mostly over (under) heated spaces."""
    total = sum(a for _de, a in items)
    exposed = [(de, a) for de, a in items if a and _exposed(de) and integer(de, "enum_type_adjacence_id") not in HALLS]
    if not exposed or sum(a for _de, a in exposed) < total / 2:
        return None
    return max(exposed, key=lambda da: da[1])[0]


def _roof_type(de) -> str:
    t = integer(de, "enum_type_plancher_haut_id", 1)
    adj = integer(de, "enum_type_adjacence_id", 1)
    if t == xe.ROOF_UNDER_SLOPE or (adj == 1 and t in xe.ROOF_SLOPED_ON_OUTSIDE):
        return "combles_amenages"
    if adj == 1 and t in xe.ROOF_TERRACE_ON_OUTSIDE:
        return "terrasse"
    return "combles_perdus" if adj in ROOF_ATTIC_ADJACENCY or adj != 1 else "combles_amenages"


def _windows(root, f: VisitFacts) -> None:
    windows = [de for de in _components(root, "baie_vitree") if _exposed(de)]
    if not windows:
        return
    by_glazing, by_frame, closed, count, total = defaultdict(float), defaultdict(float), 0.0, 0, 0.0
    for de in windows:
        a = number(de, "surface_totale_baie", 0) or 0
        total += a
        count += integer(de, "nb_baie", 1) or 1
        glazing = integer(de, "enum_type_vitrage_id", 2)
        vir = integer(de, "vitrage_vir", 0) == 1
        key = {1: "simple", 3: "triple"}.get(glazing, "double_recent" if vir else "double")
        by_glazing[key] += a
        by_frame[FRAME_BY_ID.get(integer(de, "enum_type_materiaux_menuiserie_id"))] += a
        if integer(de, "enum_type_fermeture_id", 1) != 1:
            closed += a
    f.glazing = max(by_glazing, key=by_glazing.get)
    f.frames = max(by_frame, key=by_frame.get)
    f.shutters = closed >= total / 2 if total else None
    # an average window under MIN_WINDOW_M2 means the count is the building's, not what the advisor counts
    f.windows_count = count if total / count >= MIN_WINDOW_M2 else None
    if f.glazing != "simple" and total and by_glazing["simple"] / total >= MIN_SHARE:
        f.defects = (*f.defects, "simples_vitrages_restants")
    seals = [integer(de, "presence_joint") for de in windows]
    if seals and all(s == 0 for s in seals):
        f.defects = (*f.defects, "menuiseries_sans_joints")
    doors = [integer(de, "enum_type_porte_id") for de in _components(root, "porte") if _exposed(de)]
    if doors:
        f.door = DOOR_BY_ID.get(doors[0], "glazed")


def _ventilation(root, f: VisitFacts) -> None:
    vid = integer(root, "logement/ventilation_collection/ventilation/donnee_entree/enum_type_ventilation_id")
    key, year = VENTILATION_BY_ID.get(vid, ("naturelle", None))
    f.ventilation = key
    f.ventilation_year = year if key not in ("naturelle", "entrees_air") else None


# --- systems --------------------------------------------------------------------------------------------------------


def _generator_key(g) -> tuple[str, int | None]:
    gid = integer(g, "enum_type_generateur_ch_id", 0)
    energy = integer(g, "enum_type_energie_id", 1)
    if gid == 119 or gid not in HEATING_BY_ID:
        return BY_ENERGY.get(energy, "convecteurs"), None
    key, year = HEATING_BY_ID[gid]
    if gid == 47:
        key = STOVE_BY_ENERGY.get(energy, "poele_fioul")
    return key, year


def _heating(root, f: VisitFacts) -> None:
    """Main heating (the largest share) and the second one, with its role."""
    parts = []  # (share, key, year, generator, emitter, installation)
    installations = root.findall("logement/installation_chauffage_collection/installation_chauffage")
    total = sum(number(i.find("donnee_entree"), "surface_chauffee", 0) or 0 for i in installations) or 1.0
    for inst in installations:
        ide = inst.find("donnee_entree")
        inst_share = (number(ide, "surface_chauffee", 0) or 0) / total if len(installations) > 1 else 1.0
        cfg = integer(ide, "enum_cfg_installation_ch_id", 1)
        shares = se.CFG_SHARES.get(cfg, {})
        gens = [g.find("donnee_entree") for g in inst.findall("generateur_chauffage_collection/generateur_chauffage")]
        emitters = [e.find("donnee_entree") for e in inst.findall("emetteur_chauffage_collection/emetteur_chauffage")]
        for g in gens:
            link = integer(g, "enum_lien_generateur_emetteur_id", 1)
            share = shares.get(link, 1.0 / len(gens)) * inst_share
            em = next((e for e in emitters if integer(e, "enum_lien_generateur_emetteur_id", 1) == link), None)
            em = em if em is not None else (emitters[0] if emitters else None)
            parts.append((share, *_generator_key(g), g, em, ide, cfg, link))
    if not parts:
        return
    parts.sort(key=lambda p: -p[0])
    _share, f.heating, f.heating_year, _g, em, ide, cfg, _link = parts[0]
    f.heating_collective = integer(ide, "enum_type_installation_id", 1) in (2, 3, 4)
    if em is not None:
        emitter = integer(em, "enum_type_emission_distribution_id")
        if v.HEATING[f.heating].family in v.WET_FAMILIES and f.heating != "pac_air_air":
            f.emitters = "plancher_chauffant" if emitter in WET_FLOOR_EMITTERS else "radiateurs"
        room = integer(em, "enum_type_regulation_id", 1) == 2
        f.regulation = EMITTER_REGULATION.get((room, integer(em, "enum_equipement_intermittence_id", 1)), "none")
        if f.emitters and not _network_insulated(em):
            f.defects = (*f.defects, "reseau_chauffage_non_isole")
    for share_2, key, year, _g, _em, ide_2, _cfg, link in parts[1:]:
        if link == se.LINK_BATHROOM:
            f.bathroom_heater = True
        elif f.secondary_heating is None and key != f.heating:
            f.secondary_heating, f.secondary_year = key, year
            f.secondary_role = "pieces" if ide_2 is not ide else "appoint"
            if f.secondary_role == "pieces":
                f.secondary_share = round(share_2, 2)


INSULATED_NETWORK_ROWS = frozenset({7, 8, 9, 10, 11})  # tv_rendement_distribution_ch_id of insulated networks


def _network_insulated(em) -> bool:
    """The heating pipes are insulated: the Rd row the diagnostician chose says so, else the network's flag."""
    row = integer(em, "tv_rendement_distribution_ch_id")
    if row is not None:
        return row in INSULATED_NETWORK_ROWS
    return integer(em, "reseau_distribution_isole", 0) == 1


def _hot_water(root, f: VisitFacts) -> None:
    inst = root.find("logement/installation_ecs_collection/installation_ecs")
    if inst is None:
        return
    ide = inst.find("donnee_entree")
    gens = [g.find("donnee_entree") for g in inst.findall("generateur_ecs_collection/generateur_ecs")]
    if not gens:
        return
    g = gens[0]
    gid = integer(g, "enum_type_generateur_ecs_id", 69)
    key, year = HOT_WATER_BY_ID.get(gid, ("ballon_electrique", None))
    energy = integer(g, "enum_type_energie_id", 1)
    boilers = [k for k in (f.heating, f.secondary_heating) if k and v.HEATING[k].family == "boiler"]
    if key == "chaudiere" and not any(v.HEATING[k].energy == energy for k in boilers):
        # a boiler for hot water only, or the building's: by its energy
        key = {v.GAS: "chaudiere_gaz", v.OIL: "chaudiere_fioul", v.DISTRICT: "reseau_chaleur"}.get(energy)
        key = key or ("pac_double_service" if v.HEATING[f.heating].family == "heat_pump" else "ballon_electrique")
        year = year if key in ("chaudiere_gaz", "chaudiere_fioul") and gid in se.DHW_TO_HEATING else None
    f.hot_water = key
    f.hot_water_year = year if key != "chaudiere" else None
    volume = number(g, "volume_stockage")
    f.hot_water_collective = integer(ide, "enum_type_installation_id", 1) in (2, 3)
    f.hot_water_litres = volume if volume and not f.hot_water_collective else None
    if integer(g, "position_volume_chauffe", 1) == 0 and v.HOT_WATER[key].tank and not f.hot_water_collective:
        f.defects = (*f.defects, "ballon_hors_volume_chauffe")
