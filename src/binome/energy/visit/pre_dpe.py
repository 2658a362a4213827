"""The visit facts written as a DPE's ``donnee_entree`` (a "pre-DPE"), for the same import and engine as a certified
DPE (``dpe_xml.to_dwelling``, ``threecl.engine.compute``).

Every 3CL rule then applies to the visit as it does to a certified DPE: U of walls from their material and thickness
(§3.2), the method's tables when the insulation is unknown, thermal bridges from the insulation of the elements they
join (§3.4), b of unheated spaces (§3.1), windows from glazing, frame and closure (§3.3), permeability (§4), the
configurations of several heating generators (§9), generators by kind and period (§12-14), auxiliaries (§15). The
facts must have been completed first (``uncertainty.completed``): no unknown is left for this module to guess, except
the geometry (``geometry.shape``).
"""

import xml.etree.ElementTree as ET

from binome.energy.dpe_xml import enums as xe

from . import vocabulary as v
from .facts import VisitFacts
from .geometry import Shape, default_floor, default_roof


ZONE_IDS = {zone: zone_id for zone_id, zone in xe.ZONES.items()}
# windows by orientation (enum_orientation_id 1 south, 2 north, 3 east, 4 west): the usual spread of a dwelling
ORIENTATION_SHARES = ((1, 0.35), (2, 0.15), (3, 0.25), (4, 0.25))
LEFT_SINGLE_GLAZED = 0.25  # "quelques fenêtres en simple vitrage": a quarter of the glazed area
# a veranda (§6.3): the share of the windows opening onto it, the wall it covers, its own glazing (certified medians)
VERANDA_WINDOW_SHARE = 0.25
VERANDA_WALL_M2 = 12.0
VERANDA_FRONT_M2 = 15.0
VERANDA_ROOF_M2 = 10.0
HATCH_M2 = 1.0  # an attic hatch left bare
SETTLED_SHARE = 0.25  # "isolation tassée": the share of the ceiling that behaves as bare
ATTIC_AUE_RATIO = 1.3  # roof of lost attics over their floor (Aue/Aiu of §3.1), a pitched roof
GARAGE_AUE_RATIO = 2.0
ATTACHED_WALL_SHARE = 0.2  # of a house's opaque walls, onto an attached garage, cellar or barn (certified median)
NOT_LINED, LINED = 2, 4  # enum_type_doublage_id: no lining; lining on an air gap over 15 mm (R 0.21, §3.2.1)
STAIRWELL_AUE_RATIO = 0.5  # a closed stairwell: few walls to the outside
LNC_NOT_INSULATED = 2  # enum_cfg_isolation_lnc_id 2: neither side insulated
HEAVY_MATERIALS = frozenset({"pierre", "pise", "brique_pleine", "pan_bois"})
OLD_BUILDING_YEAR = 1948
FRAME_WIDTH_CM = 5
WALL_HUNG_GAS_VENTOUSE_FROM = 2001  # condensing gas boilers from 2001 are wall-hung with a ventouse (certified)


def _el(parent, tag, **children):
    """``<tag>`` under ``parent`` with one child element per keyword (None values left out)."""
    e = ET.SubElement(parent, tag)
    for name, value in children.items():
        if value is None:
            continue
        ET.SubElement(e, name).text = str(int(value) if isinstance(value, bool) else value)
    return e


def _component(collection, tag, **data):
    return _el(ET.SubElement(collection, tag), "donnee_entree", **data)


def build(f: VisitFacts, s: Shape) -> ET.Element:
    """The pre-DPE of completed facts ``f`` with the envelope ``s``."""
    root = ET.Element("dpe")
    _el(root, "administratif", date_etablissement_dpe=f.on.isoformat())
    logement = ET.SubElement(root, "logement")
    house = f.dwelling_type == "maison"
    _el(
        logement,
        "caracteristique_generale",
        enum_methode_application_dpe_log_id=1 if house else 2,
        annee_construction=f.year_built,
        surface_habitable_logement=round(f.surface, 2),
        hsp=round(s.hsp, 2),
        nombre_niveau_logement=max(f.levels, 1),
    )
    old = f.year_built < OLD_BUILDING_YEAR and (f.wall_material in HEAVY_MATERIALS) and house
    _el(
        logement,
        "meteo",
        enum_zone_climatique_id=ZONE_IDS.get(f.zone, 3),
        enum_classe_altitude_id=1 if f.altitude_m < 400 else (2 if f.altitude_m <= 800 else 3),
        batiment_materiaux_anciens=int(old),
    )
    envelope = ET.SubElement(logement, "enveloppe")
    _el(envelope, "inertie", enum_classe_inertie_id=_inertia(f))
    windows = _windows(envelope, f, s)
    _veranda(envelope, f)
    walls = _walls(envelope, f, s)
    floors = _floor(envelope, f, s)
    _roof(envelope, f, s)
    _door(envelope, f, s)
    _bridges(envelope, f, s, walls, floors, windows)
    _el(
        ET.SubElement(ET.SubElement(logement, "ventilation_collection"), "ventilation"),
        "donnee_entree",
        enum_type_ventilation_id=v.by_year(v.VENTILATION[f.ventilation][1], f.ventilation_year or f.year_built),
        plusieurs_facade_exposee=int(house or (f.exposed_facades or 2) >= 2),
    )
    boiler = _heating(logement, f)
    _hot_water(logement, f, boiler)
    if f.air_conditioning:
        _component(
            ET.SubElement(logement, "climatisation_collection"),
            "climatisation",
            surface_clim=round(f.surface, 2),
            enum_periode_installation_fr_id=_cooling_period(f),
            enum_type_energie_id=v.ELECTRICITY,
        )
    return root


def _inertia(f: VisitFacts) -> int:
    """enum_classe_inertie_id: heavy for old masonry and flats in concrete, medium otherwise (§7, certified)."""
    if f.dwelling_type == "maison":
        return 2 if f.year_built < OLD_BUILDING_YEAR and f.wall_material in HEAVY_MATERIALS else 3
    return 2 if f.year_built < 2001 else 3


def _cooling_period(f: VisitFacts) -> int:
    year = f.heating_year if f.heating == "pac_air_air" and f.heating_year else 2016
    return 1 if year < 2008 else (2 if year <= 2014 else 3)


# --- envelope -------------------------------------------------------------------------------------------------------


def _insulation(state: str, thickness, year_insulated, f: VisitFacts, side: int = v.ISO_INSIDE) -> dict:
    """The §3.2 way the U of an element is entered for an insulation state; ``side``: enum_type_isolation_id of an
    insulated element (walls from inside, low floors from underneath, as certified DPEs most often say)."""
    if state == "non":
        return dict(enum_methode_saisie_u_id=v.U_NOT_INSULATED, enum_type_isolation_id=v.ISO_NONE)
    if state == "inconnue":
        return dict(enum_methode_saisie_u_id=v.U_UNKNOWN, enum_type_isolation_id=v.ISO_UNKNOWN)
    if thickness:
        return dict(
            enum_methode_saisie_u_id=v.U_MEASURED_THICKNESS,
            enum_type_isolation_id=side,
            epaisseur_isolation=thickness,
        )
    if year_insulated:
        return dict(
            enum_methode_saisie_u_id=v.U_INSULATION_YEAR,
            enum_type_isolation_id=side,
            enum_periode_isolation_id=v.by_year(v.PERIODS, year_insulated),
        )
    if f.year_built >= 1975:  # insulated when built: the table of the construction period
        return dict(enum_methode_saisie_u_id=v.U_CONSTRUCTION_YEAR, enum_type_isolation_id=side)
    return dict(enum_methode_saisie_u_id=v.U_UNKNOWN, enum_type_isolation_id=side)  # 1975-77 row (§3.2)


def _parts(state: str, share) -> list[tuple[str, float]]:
    """(state, share of the area) of an element: a partly insulated one in two parts."""
    if state == "partielle":
        insulated = share if share is not None else 0.5
        return [("oui", insulated), ("non", 1 - insulated)]
    return [(state, 1.0)]


def _walls(envelope, f: VisitFacts, s: Shape) -> list[str]:
    collection = ET.SubElement(envelope, "mur_collection")
    material = v.WALL_MATERIALS.get(f.wall_material)
    mat_id = v.by_year(material[1], f.year_built) if material else v.WALL_UNKNOWN
    thickness = f.wall_thickness_cm or (material[2] if material else None)
    veranda = VERANDA_WALL_M2 + VERANDA_WINDOW_SHARE * s.windows if f.veranda else 0.0
    opaque = max(s.outside_walls - s.windows - (s.doors if f.dwelling_type == "maison" else 0) - veranda, 1.0)
    attached = opaque * ATTACHED_WALL_SHARE if f.attached_unheated else 0.0
    opaque -= attached
    lining = LINED if f.wall_lining else NOT_LINED
    refs = []
    for i, (state, share) in enumerate(_parts(f.walls_insulation, f.walls_insulated_share), start=1):
        ref = f"mur_{i}"
        _component(
            collection,
            "mur",
            reference=ref,
            enum_type_adjacence_id=v.ADJ_OUTSIDE,
            surface_paroi_opaque=round(opaque * share, 2),
            enum_materiaux_structure_mur_id=mat_id,
            epaisseur_structure=thickness,
            enum_type_doublage_id=lining,
            enduit_isolant_paroi_ancienne=0,
            **_insulation(state, f.walls_insulation_cm, f.walls_insulation_year, f),
        )
        refs.append(ref)
    if attached:
        _component(
            collection,
            "mur",
            reference="mur_annexe",
            enum_type_adjacence_id=v.ADJ_GARAGE,
            enum_cfg_isolation_lnc_id=LNC_NOT_INSULATED,
            surface_aiu=round(attached, 2),
            surface_aue=round(attached * GARAGE_AUE_RATIO, 2),
            surface_paroi_opaque=round(attached, 2),
            enum_materiaux_structure_mur_id=mat_id,
            epaisseur_structure=thickness,
            enum_type_doublage_id=lining,
            enduit_isolant_paroi_ancienne=0,
            **_insulation(f.walls_insulation if f.walls_insulation != "partielle" else "non", None, None, f),
        )
    if f.veranda:
        _component(
            collection,
            "mur",
            reference="mur_veranda",
            enum_type_adjacence_id=v.ADJ_SUNSPACE,
            enum_cfg_isolation_lnc_id=v.VERANDAS[f.veranda][1],
            surface_paroi_opaque=VERANDA_WALL_M2,
            enum_materiaux_structure_mur_id=mat_id,
            epaisseur_structure=thickness,
            enum_type_doublage_id=2,
            enduit_isolant_paroi_ancienne=0,
            **_insulation(f.walls_insulation if f.walls_insulation != "partielle" else "non", None, None, f),
        )
    if s.stairwell_walls:
        area = max(s.stairwell_walls - s.doors, 1.0)
        _component(
            collection,
            "mur",
            reference="mur_palier",
            enum_type_adjacence_id=v.ADJ_STAIRWELL,
            enum_cfg_isolation_lnc_id=LNC_NOT_INSULATED,
            surface_aiu=round(area, 2),
            surface_aue=round(area * STAIRWELL_AUE_RATIO, 2),
            surface_paroi_opaque=round(area, 2),
            enum_materiaux_structure_mur_id=mat_id,
            epaisseur_structure=thickness,
            enum_type_doublage_id=2,
            enduit_isolant_paroi_ancienne=0,
            **_insulation(f.walls_insulation if f.walls_insulation != "partielle" else "oui", None, None, f),
        )
    return refs


def _floor(envelope, f: VisitFacts, s: Shape) -> list[str]:
    kind = f.floor_type or default_floor(f)
    if not s.floor:
        return []
    adjacency = v.FLOOR_TYPES[kind][1]
    structure = 9 if kind == "terre_plein" or f.year_built >= OLD_BUILDING_YEAR else 10  # slab; wood on joists
    lnc = {}
    if adjacency not in xe.SIMPLE_ADJ:
        lnc = dict(
            enum_cfg_isolation_lnc_id=LNC_NOT_INSULATED,
            surface_aiu=round(s.floor, 2),
            surface_aue=round(s.floor * GARAGE_AUE_RATIO, 2),
        )
    collection = ET.SubElement(envelope, "plancher_bas_collection")
    refs = []
    for i, (state, share) in enumerate(_parts(f.floor_insulation, f.floor_insulated_share), start=1):
        ref = f"pb_{i}"
        _component(
            collection,
            "plancher_bas",
            reference=ref,
            enum_type_adjacence_id=adjacency,
            surface_paroi_opaque=round(s.floor * share, 2),
            enum_type_plancher_bas_id=structure,
            surface_ue=round(s.floor, 2),
            perimetre_ue=round(s.perimeter, 2),
            **lnc,
            **_insulation(state, f.floor_insulation_cm, f.floor_insulation_year, f, v.ISO_OUTSIDE),
        )
        refs.append(ref)
    return refs


def _roof(envelope, f: VisitFacts, s: Shape) -> None:
    kind = f.roof_type or default_roof(f)
    if not s.roof:
        return
    _label, adjacency, structure = v.ROOF_TYPES[kind]
    if structure is None:  # lost attics: the ceilings certified DPEs describe most often
        bare_old = f.roof_insulation != "oui" and f.year_built < OLD_BUILDING_YEAR
        structure = 2 if bare_old else (14 if f.year_built >= 1975 else 10)  # with or without fill; wood; plaster
    lnc = {}
    if adjacency not in xe.SIMPLE_ADJ:
        lnc = dict(
            enum_cfg_isolation_lnc_id=LNC_NOT_INSULATED,
            surface_aiu=round(s.roof, 2),
            surface_aue=round(s.roof * ATTIC_AUE_RATIO, 2),
        )
    parts = [(state, s.roof * share) for state, share in _parts(f.roof_insulation, f.roof_insulated_share)]
    if "isolation_combles_tassee" in f.defects and f.roof_insulation == "oui":
        parts = [("oui", s.roof * (1 - SETTLED_SHARE)), ("non", s.roof * SETTLED_SHARE)]
    if "trappe_non_isolee" in f.defects and parts[0][0] == "oui" and parts[0][1] > 2 * HATCH_M2:
        parts = [("oui", parts[0][1] - HATCH_M2), *parts[1:], ("non", HATCH_M2)]
    collection = ET.SubElement(envelope, "plancher_haut_collection")
    for i, (state, area) in enumerate(parts, start=1):
        _component(
            collection,
            "plancher_haut",
            reference=f"ph_{i}",
            enum_type_adjacence_id=adjacency,
            surface_paroi_opaque=round(area, 2),
            enum_type_plancher_haut_id=structure,
            **lnc,
            **_insulation(state, f.roof_insulation_cm, f.roof_insulation_year, f),
        )


def _windows(envelope, f: VisitFacts, s: Shape) -> list[tuple[str, float]]:
    """Windows by orientation (the single-glazed ones left, those onto a veranda apart); (reference, area) of each."""
    collection = ET.SubElement(envelope, "baie_vitree_collection")
    glazings = [(f.glazing, 1.0)]
    if "simples_vitrages_restants" in f.defects and f.glazing != "simple":
        glazings = [(f.glazing, 1 - LEFT_SINGLE_GLAZED), ("simple", LEFT_SINGLE_GLAZED)]
    outside = 1 - (VERANDA_WINDOW_SHARE if f.veranda else 0.0)
    groups = [
        (g, share * outside * o_share, o, v.ADJ_OUTSIDE) for g, share in glazings for o, o_share in ORIENTATION_SHARES
    ]
    if f.veranda:
        _label, cfg, orientation = v.VERANDAS[f.veranda]
        groups.append((f.glazing, VERANDA_WINDOW_SHARE, orientation, v.ADJ_SUNSPACE))
    count = max(f.windows_count or round(s.windows / 1.6), 1)
    # windows sit in the middle of old bare masonry (tunnel), at its inner face otherwise (certified DPEs)
    tunnel = f.wall_material in HEAVY_MATERIALS and f.walls_insulation != "oui"
    out = []
    for i, (glazing, share, orientation, adjacency) in enumerate(groups, start=1):
        _label, glazing_id, vir, gas, gap = v.GLAZING[glazing]
        seals = 0 if "menuiseries_sans_joints" in f.defects else (None if glazing == "simple" else 1)
        ref = f"baie_{i}"
        _component(
            collection,
            "baie_vitree",
            reference=ref,
            enum_type_adjacence_id=adjacency,
            enum_cfg_isolation_lnc_id=v.VERANDAS[f.veranda][1] if adjacency == v.ADJ_SUNSPACE else None,
            surface_totale_baie=round(s.windows * share, 3),
            nb_baie=max(round(count * share), 1),
            enum_type_baie_id=v.WINDOW_CASEMENT,
            enum_type_materiaux_menuiserie_id=v.FRAMES[f.frames][1],
            enum_type_vitrage_id=glazing_id,
            vitrage_vir=vir,
            enum_type_gaz_lame_id=gas,
            epaisseur_lame=gap,
            enum_inclinaison_vitrage_id=3,
            enum_type_pose_id=v.POSE_TUNNEL if tunnel else v.POSE_INSIDE,
            largeur_dormant=FRAME_WIDTH_CM,
            enum_orientation_id=orientation,
            enum_type_fermeture_id=v.CLOSURE_SHUTTERS if f.shutters else v.CLOSURE_NONE,
            presence_joint=seals,
        )
        if adjacency == v.ADJ_OUTSIDE:
            out.append((ref, s.windows * share))
    return out


def _veranda(envelope, f: VisitFacts) -> None:
    """§6.3 the sunspace's own glazing: a glazed front and a sloped roof facing its orientation."""
    if not f.veranda:
        return
    _label, cfg, orientation = v.VERANDAS[f.veranda]
    ets = ET.SubElement(ET.SubElement(envelope, "ets_collection"), "ets")
    glazing = ET.SubElement(ets, "baie_ets_collection")
    for inclination, area in ((3, VERANDA_FRONT_M2), (2, VERANDA_ROOF_M2)):
        _component(
            glazing,
            "baie_ets",
            enum_orientation_id=orientation,
            enum_inclinaison_vitrage_id=inclination,
            surface_totale_baie=area,
            nb_baie=1,
        )
    _el(ets, "donnee_entree", enum_cfg_isolation_lnc_id=cfg, tv_coef_transparence_ets_id=v.SUNSPACE_PVC_DOUBLE)


def _door(envelope, f: VisitFacts, s: Shape) -> None:
    house = f.dwelling_type == "maison"
    lnc = {}
    if not house:
        lnc = dict(
            enum_cfg_isolation_lnc_id=LNC_NOT_INSULATED,
            surface_aiu=round(s.stairwell_walls, 2),
            surface_aue=round(s.stairwell_walls * STAIRWELL_AUE_RATIO, 2),
        )
    _component(
        ET.SubElement(envelope, "porte_collection"),
        "porte",
        reference="porte_1",
        enum_type_adjacence_id=v.ADJ_OUTSIDE if house else v.ADJ_STAIRWELL,
        surface_porte=s.doors,
        enum_type_porte_id=v.DOORS[f.door][1],
        **lnc,
    )


def _bridges(envelope, f, s: Shape, walls: list[str], floors: list[str], windows: list[tuple[str, float]]) -> None:
    """§3.4 junctions: low floor / wall along the exposed perimeter, intermediate floors, each window's frame."""
    collection = ET.SubElement(envelope, "pont_thermique_collection")
    wall = walls[0]
    if s.intermediate_floor_bridge:
        _component(
            collection,
            "pont_thermique",
            enum_type_liaison_id=2,
            l=round(s.intermediate_floor_bridge, 2),
            reference_1=wall,
        )
    if floors and s.low_floor_bridge:
        _component(
            collection,
            "pont_thermique",
            enum_type_liaison_id=1,
            l=round(s.low_floor_bridge, 2),
            reference_1=wall,
            reference_2=floors[0],
        )
    total = sum(a for _r, a in windows) or 1.0
    for ref, area in windows:
        _component(
            collection,
            "pont_thermique",
            enum_type_liaison_id=5,
            l=round(s.window_bridge * area / total, 2),
            reference_1=wall,
            reference_2=ref,
        )


# --- systems --------------------------------------------------------------------------------------------------------


def _emitter_period(f: VisitFacts) -> int:
    """enum_periode_installation_emetteur_id: 1981-2000 in a dwelling built before, else its construction's (central
    heating came to most older dwellings in those years)."""
    return 3 if f.year_built > 2000 else 2


def _emitter(installation, f: VisitFacts, key: str, link: int, collective: bool) -> None:
    """The emitters a generator heats with: its own (no network) or the water network's radiators or floor."""
    g = v.HEATING[key]
    regulation = f.regulation if link == 1 and f.regulation else ("programmer_trv" if g.emitter is None else "none")
    _label, room_by_room, equipment = v.REGULATION[regulation]
    if g.emitter is not None:
        emitter, temp, central, room_by_room = g.emitter, None, 1, True
    else:
        kind = f.emitters or "radiateurs"
        ids = v.COLLECTIVE_RADIATORS if collective and kind == "radiateurs" else v.EMITTERS[kind][1]
        emitter = ids[1 if room_by_room else 0]
        low = kind == "plancher_chauffant"
        medium = g.family == "heat_pump" or "condensation" in key
        temp = v.TEMP_LOW if low else (v.TEMP_MEDIUM if medium else v.TEMP_HIGH)
        central = 2
    if collective:  # §8 collective heating: programming is the building's ("central collectif")
        equipment = v.COLLECTIVE_PROGRAMMING if equipment != 1 else 1
    network_insulated = "reseau_chauffage_non_isole" not in f.defects
    _component(
        ET.SubElement(installation, "emetteur_chauffage_collection"),
        "emetteur_chauffage",
        enum_type_emission_distribution_id=emitter,
        enum_temp_distribution_ch_id=temp,
        enum_periode_installation_emetteur_id=_emitter_period(f) if temp else None,
        reseau_distribution_isole=int(network_insulated) if temp else None,
        enum_type_chauffage_id=central,
        enum_type_regulation_id=2 if room_by_room else 1,
        enum_equipement_intermittence_id=equipment,
        enum_lien_generateur_emetteur_id=link,
    )


def _generator(installation, key: str, year: int, link: int, dhw: bool) -> int:
    g = v.HEATING[key]
    gid = v.by_year(g.ids, year)
    gens = installation.find("generateur_chauffage_collection")
    if gens is None:
        gens = ET.SubElement(installation, "generateur_chauffage_collection")
    condensing_gas = g.energy == v.GAS and "condensation" in key and year >= WALL_HUNG_GAS_VENTOUSE_FROM
    _component(
        gens,
        "generateur_chauffage",
        reference=f"generateur_{link}",
        description=g.label,
        enum_type_generateur_ch_id=gid,
        enum_type_energie_id=g.energy,
        enum_lien_generateur_emetteur_id=link,
        enum_usage_generateur_id=v.USAGE_HEATING_AND_DHW if dhw else v.USAGE_HEATING,
        enum_methode_saisie_carac_sys_id=1,
        presence_ventouse=int(condensing_gas),
    )
    return gid


def _installation(collection, f: VisitFacts, surface: float, cfg: int, collective: bool):
    inst = ET.SubElement(collection, "installation_chauffage")
    _el(
        inst,
        "donnee_entree",
        surface_chauffee=round(surface, 2),
        enum_cfg_installation_ch_id=cfg,
        enum_type_installation_id=2 if collective else 1,
        nombre_niveau_installation_ch=max(f.levels, 1) if f.dwelling_type == "maison" else 1,
    )
    return inst


def _configuration(f: VisitFacts) -> tuple[int, list[tuple[str, int, int]]]:
    """§9 configuration of the main installation and its generators (key, year, link to the emitters)."""
    gens = [(f.heating, f.heating_year, 1)]
    cfg = v.CFG_SIMPLE
    if f.secondary_heating and f.secondary_role == "appoint":
        gens.append((f.secondary_heating, f.secondary_year, 2))
        main, second = v.HEATING[f.heating].family, v.HEATING[f.secondary_heating].family
        cfg = v.CFG_BOILER_RELIEF_OF_HEAT_PUMP if (main, second) == ("heat_pump", "boiler") else v.CFG_WOOD_RELIEF
    if f.bathroom_heater and cfg in (v.CFG_SIMPLE, v.CFG_WOOD_RELIEF):
        gens.append(("convecteurs", f.year_built, 3))
        cfg = v.CFG_RELIEF_AND_BATHROOM if cfg == v.CFG_WOOD_RELIEF else v.CFG_WOOD_AND_BATHROOM
    return cfg, gens


def _heating(logement, f: VisitFacts) -> tuple[int, int] | None:
    """The heating installations; (generator id, energy) of the boiler that also makes hot water, if any."""
    collection = ET.SubElement(logement, "installation_chauffage_collection")
    separate = f.secondary_heating if f.secondary_role == "pieces" else None
    share = min(max(f.secondary_share or 0.3, 0.05), 0.95) if separate else 0.0
    cfg, gens = _configuration(f)
    boiler = _dhw_boiler(f, gens if not separate else gens + [(separate, f.secondary_year, 1)])
    inst = _installation(collection, f, f.surface * (1 - share), cfg, f.heating_collective)
    for key, year, link in gens:
        gid = _generator(inst, key, year, link, dhw=boiler is not None and boiler[2] == key)
        if boiler is not None and boiler[2] == key:
            boiler = (gid, v.HEATING[key].energy, key)
        _emitter(inst, f, key, link, f.heating_collective and link == 1)
    if separate:
        inst = _installation(collection, f, f.surface * share, v.CFG_SIMPLE, False)
        gid = _generator(inst, separate, f.secondary_year, 1, dhw=boiler is not None and boiler[2] == separate)
        if boiler is not None and boiler[2] == separate:
            boiler = (gid, v.HEATING[separate].energy, separate)
        _emitter(inst, f, separate, 1, False)
    return boiler[:2] if boiler else None


def _dhw_boiler(f: VisitFacts, gens) -> tuple | None:
    """The heating boiler that makes the hot water ("chaudiere"): the first boiler among the generators."""
    if f.hot_water != "chaudiere":
        return None
    for key, _year, _link in gens:
        if v.HEATING[key].family == "boiler":
            return (None, None, key)
    return None


def _hot_water(logement, f: VisitFacts, boiler) -> None:
    inst = ET.SubElement(ET.SubElement(logement, "installation_ecs_collection"), "installation_ecs")
    _el(
        inst,
        "donnee_entree",
        enum_cfg_installation_ecs_id=1,
        enum_type_installation_id=2 if f.hot_water_collective else 1,
        enum_bouclage_reseau_ecs_id=v.DHW_LOOPED if f.hot_water_collective else None,
        tv_rendement_distribution_ecs_id=v.DHW_LOOPED_NOT_CONTIGUOUS if f.hot_water_collective else None,
        surface_habitable=round(f.surface, 2),
    )
    key = f.hot_water if (f.hot_water != "chaudiere" or boiler) else "ballon_electrique"
    hw = v.HOT_WATER[key]
    usage = None
    if key == "chaudiere":
        gid, energy = v.DHW_OF_BOILER.get(boiler[0], 78), boiler[1]
        usage = v.USAGE_HEATING_AND_DHW
    else:
        gid, energy = v.by_year(hw.ids, f.hot_water_year), hw.energy
    tank = hw.tank or (key == "chaudiere" and f.hot_water_litres)
    _component(
        ET.SubElement(inst, "generateur_ecs_collection"),
        "generateur_ecs",
        reference="ecs_1",
        description=hw.label,
        enum_type_generateur_ecs_id=gid,
        enum_type_energie_id=energy,
        enum_usage_generateur_id=usage,
        volume_stockage=round(f.hot_water_litres, 1) if tank and f.hot_water_litres else None,
        position_volume_chauffe=0 if "ballon_hors_volume_chauffe" in f.defects or f.hot_water_collective else 1,
    )
