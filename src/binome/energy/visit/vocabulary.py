"""The words of the visit facts and the ADEME DPE inputs each one stands for (data only).

Every fact an advisor records is one of the keys below, with its French label (the visit form shows it) and the
``enum_*_id`` of the DPE exchange format it is written as in the pre-DPE (``pre_dpe``). The enum ids are those of
``dpe_xml.enums`` and ``dpe_xml.system_enums`` (the observatoire DPE's enum list); a generator whose id depends on
its age lists ``(last year, id)`` bands, read with ``by_year``.
"""

from typing import NamedTuple


def by_year(bands: tuple[tuple[int | None, int], ...], year: int) -> int:
    """The id of the first band whose last year is at least ``year`` (``None``: no upper limit)."""
    for last, enum_id in bands:
        if last is None or year <= last:
            return enum_id
    return bands[-1][1]


# --- energies (enum_type_energie_id) --------------------------------------------------------------------------------
ELECTRICITY, GAS, OIL, WOOD_LOGS, WOOD_PELLETS, WOOD_CHIPS, DISTRICT, PROPANE, COAL, LPG = (
    1,
    2,
    3,
    4,
    5,
    6,
    8,
    9,
    11,
    13,
)


class Generator(NamedTuple):
    """A heating generator the advisor can name: its label, energy, ``enum_type_generateur_ch_id`` by year of
    installation, its family and, for generators without a water network, the emitter it heats with
    (``enum_type_emission_distribution_id``)."""

    label: str
    energy: int
    ids: tuple[tuple[int | None, int], ...]
    family: str  # joule | heat_pump | boiler | stove | network | gas_radiator
    emitter: int | None = None  # None: a water network (radiators or heated floor, see EMITTERS)


HEATING = {
    "convecteurs": Generator("convecteurs électriques", ELECTRICITY, ((None, 98),), "joule", 1),
    "panneaux_rayonnants": Generator("panneaux rayonnants électriques", ELECTRICITY, ((None, 99),), "joule", 2),
    "radiateurs_electriques": Generator("radiateurs électriques à inertie", ELECTRICITY, ((None, 100),), "joule", 3),
    "accumulation": Generator("radiateurs à accumulation", ELECTRICITY, ((None, 104),), "joule", 10),
    "plancher_electrique": Generator("plancher chauffant électrique", ELECTRICITY, ((None, 102),), "joule", 8),
    "chaudiere_electrique": Generator("chaudière électrique", ELECTRICITY, ((None, 106),), "boiler"),
    "pac_air_air": Generator(
        "pompe à chaleur air/air (climatiseur réversible)",
        ELECTRICITY,
        ((2007, 1), (2014, 2), (None, 3)),
        "heat_pump",
        42,
    ),
    "pac_air_eau": Generator(
        "pompe à chaleur air/eau", ELECTRICITY, ((2007, 4), (2014, 5), (2016, 6), (None, 7)), "heat_pump"
    ),
    "pac_geothermique": Generator(
        "pompe à chaleur géothermique", ELECTRICITY, ((2007, 16), (2014, 17), (2016, 18), (None, 19)), "heat_pump"
    ),
    "chaudiere_gaz": Generator(
        "chaudière gaz standard",
        GAS,
        ((1980, 85), (1985, 86), (1990, 87), (2000, 88), (2015, 89), (None, 90)),
        "boiler",
    ),
    "chaudiere_gaz_basse_temperature": Generator(
        "chaudière gaz basse température", GAS, ((2000, 91), (2015, 92), (None, 93)), "boiler"
    ),
    "chaudiere_gaz_condensation": Generator(
        "chaudière gaz à condensation", GAS, ((1985, 94), (2000, 95), (2015, 96), (None, 97)), "boiler"
    ),
    "chaudiere_fioul": Generator(
        "chaudière fioul standard",
        OIL,
        ((1969, 75), (1975, 76), (1980, 77), (1990, 78), (2015, 79), (None, 80)),
        "boiler",
    ),
    "chaudiere_fioul_basse_temperature": Generator(
        "chaudière fioul basse température", OIL, ((2015, 81), (None, 82)), "boiler"
    ),
    "chaudiere_fioul_condensation": Generator(
        "chaudière fioul à condensation", OIL, ((2015, 83), (None, 84)), "boiler"
    ),
    "chaudiere_propane": Generator(
        "chaudière propane standard",
        LPG,
        ((1980, 127), (1985, 128), (1990, 129), (2000, 130), (2015, 131), (None, 132)),
        "boiler",
    ),
    "chaudiere_propane_basse_temperature": Generator(
        "chaudière propane basse température", LPG, ((2000, 133), (2015, 134), (None, 135)), "boiler"
    ),
    "chaudiere_propane_condensation": Generator(
        "chaudière propane à condensation", LPG, ((1985, 136), (2000, 137), (2015, 138), (None, 139)), "boiler"
    ),
    "chaudiere_bois": Generator(
        "chaudière à bûches",
        WOOD_LOGS,
        ((1977, 55), (1994, 56), (2003, 57), (2012, 58), (2017, 59), (2019, 60), (None, 61)),
        "boiler",
    ),
    "chaudiere_granules": Generator(
        "chaudière à granulés",
        WOOD_PELLETS,
        ((1977, 69), (1994, 70), (2003, 71), (2012, 72), (2019, 73), (None, 74)),
        "boiler",
    ),
    "chaudiere_plaquettes": Generator(
        "chaudière à plaquettes",
        WOOD_CHIPS,
        ((1977, 62), (1994, 63), (2003, 64), (2012, 65), (2017, 66), (2019, 67), (None, 68)),
        "boiler",
    ),
    "chaudiere_charbon": Generator(
        "chaudière charbon",
        COAL,
        ((1977, 120), (1994, 121), (2003, 122), (2012, 123), (2017, 124), (2019, 125), (None, 126)),
        "boiler",
    ),
    "poele_bois": Generator("poêle à bûches", WOOD_LOGS, ((1989, 22), (2004, 26), (None, 30)), "stove", 21),
    "insert": Generator("insert ou foyer fermé", WOOD_LOGS, ((1989, 23), (2004, 27), (None, 31)), "stove", 21),
    "cuisiniere_bois": Generator("cuisinière à bois", WOOD_LOGS, ((1989, 20), (2004, 24), (None, 28)), "stove", 21),
    "poele_granules": Generator("poêle à granulés", WOOD_PELLETS, ((2011, 44), (2019, 45), (None, 46)), "stove", 21),
    "poele_bouilleur": Generator("poêle bouilleur (bûches)", WOOD_LOGS, ((2011, 48), (None, 49)), "boiler"),
    "poele_fioul": Generator("poêle à fioul", OIL, ((None, 47),), "stove", 22),
    "poele_charbon": Generator("poêle à charbon", COAL, ((None, 47),), "stove", 20),
    "radiateur_gaz": Generator("radiateur gaz indépendant", GAS, ((2005, 53), (None, 54)), "gas_radiator", 19),
    "reseau_chaleur": Generator("réseau de chaleur", DISTRICT, ((None, 142),), "network"),
}
JOULE = frozenset(k for k, g in HEATING.items() if g.family == "joule")
WET_FAMILIES = frozenset({"heat_pump", "boiler", "network"})  # a water network, except air/air heat pumps

# Emitters of a water network (enum_type_emission_distribution_id: without / with thermostatic valves, individual
# high temperature; heated floor) and the distribution temperature (enum_temp_distribution_ch_id)
EMITTERS = {
    "radiateurs": ("radiateurs à eau", (34, 38)),
    "plancher_chauffant": ("plancher chauffant à eau", (14, 14)),
}
COLLECTIVE_RADIATORS = (32, 36)  # bitube sans / avec robinets thermostatiques, collectif
TEMP_LOW, TEMP_MEDIUM, TEMP_HIGH = 2, 3, 4

# Regulation (enum_type_regulation_id 2: room by room, enum_equipement_intermittence_id)
REGULATION = {
    "none": ("aucune", False, 1),
    "thermostat": ("thermostat d'ambiance", False, 2),
    "programmer": ("programmateur central", False, 3),
    "room_by_room": ("programmation pièce par pièce", True, 4),
    "trv": ("robinets thermostatiques", True, 1),
    "programmer_trv": ("programmateur et robinets thermostatiques", True, 3),
}

COLLECTIVE_PROGRAMMING = 6  # enum_equipement_intermittence_id: central collectif

# Secondary heating: its role (enum_cfg_installation_ch_id of the installation it shares with the main heating)
SECONDARY_ROLES = {
    "appoint": "en appoint dans les mêmes pièces",
    "pieces": "seul dans certaines pièces",
}
CFG_SIMPLE, CFG_WOOD_RELIEF, CFG_WOOD_AND_BATHROOM, CFG_RELIEF_AND_BATHROOM, CFG_BOILER_RELIEF_OF_HEAT_PUMP = (
    1,
    3,
    4,
    5,
    8,
)

# --- hot water (enum_type_generateur_ecs_id) ------------------------------------------------------------------------


class HotWater(NamedTuple):
    label: str
    energy: int | None  # None: the energy of the heating boiler it is part of
    ids: tuple[tuple[int | None, int], ...]
    tank: bool  # stores hot water (a volume applies)


HOT_WATER = {
    "ballon_electrique": HotWater("ballon électrique", ELECTRICITY, ((None, 69),), True),
    "instantane_electrique": HotWater("chauffe-eau électrique instantané", ELECTRICITY, ((None, 117),), False),
    "thermodynamique": HotWater("chauffe-eau thermodynamique", ELECTRICITY, ((2009, 1), (2014, 2), (None, 3)), True),
    "chaudiere": HotWater("par la chaudière du chauffage", None, (), False),
    "pac_double_service": HotWater(
        "par la pompe à chaleur du chauffage", ELECTRICITY, ((2009, 10), (2014, 11), (None, 12)), True
    ),
    "chauffe_eau_gaz": HotWater(
        "chauffe-eau gaz instantané", GAS, ((1980, 63), (1989, 64), (2000, 65), (2015, 66), (None, 67)), False
    ),
    "accumulateur_gaz": HotWater("accumulateur gaz", GAS, ((1989, 58), (2000, 59), (None, 60)), True),
    "reseau_chaleur": HotWater("réseau de chaleur", DISTRICT, ((None, 73),), False),
    # a boiler for hot water only (often the building's): standard gas or oil boiler by period
    "chaudiere_gaz": HotWater(
        "chaudière gaz (eau chaude seule)",
        GAS,
        ((1980, 45), (1985, 46), (1990, 47), (2000, 48), (2015, 49), (None, 50)),
        False,
    ),
    "chaudiere_fioul": HotWater(
        "chaudière fioul (eau chaude seule)",
        OIL,
        ((1969, 35), (1975, 36), (1980, 37), (1990, 38), (2015, 39), (None, 40)),
        False,
    ),
}
DHW_LOOPED, DHW_LOOPED_NOT_CONTIGUOUS = 2, 7  # collective hot water: looped network, rooms not contiguous (certified)
# the hot-water side of a heating boiler (usage "chauffage + ECS"): heating id -> hot-water id
DHW_OF_BOILER = {
    55: 15, 56: 16, 57: 17, 58: 18, 59: 19, 60: 20, 61: 21, 62: 22, 63: 23, 64: 24, 65: 25, 66: 26, 67: 27, 68: 28,
    69: 29, 70: 30, 71: 31, 72: 32, 73: 33, 74: 34, 75: 35, 76: 36, 77: 37, 78: 38, 79: 39, 80: 40, 81: 41, 82: 42,
    83: 43, 84: 44, 85: 45, 86: 46, 87: 47, 88: 48, 89: 49, 90: 50, 91: 51, 92: 52, 93: 53, 94: 54, 95: 55, 96: 56,
    97: 57, 120: 85, 121: 86, 122: 87, 123: 88, 124: 89, 125: 90, 126: 91, 127: 92, 128: 93, 129: 94, 130: 95,
    131: 96, 132: 97, 133: 98, 134: 99, 135: 100, 136: 101, 137: 102, 138: 103, 139: 104, 48: 13, 49: 14, 106: 118,
    142: 73,
}  # fmt: skip
USAGE_HEATING, USAGE_HEATING_AND_DHW = 1, 3

# --- ventilation (enum_type_ventilation_id by year of installation) --------------------------------------------------
VENTILATION = {
    "naturelle": ("ouverture des fenêtres", ((None, 1),)),
    "entrees_air": ("grilles hautes et basses, conduit naturel", ((None, 2),)),
    "vmc_auto": ("VMC simple flux autoréglable", ((1981, 3), (2000, 4), (2012, 5), (None, 6))),
    "vmc_hygro": ("VMC simple flux hygroréglable", ((2000, 13), (2012, 14), (None, 15))),
    "double_flux": ("VMC double flux", ((2012, 19), (None, 20))),
}

# --- envelope ------------------------------------------------------------------------------------------------------
# wall material -> (label, enum_materiaux_structure_mur_id by year of construction, usual thickness in cm)
WALL_MATERIALS = {
    "pierre": ("pierre, moellons", ((None, 3),), 50),
    "brique_pleine": ("brique pleine", ((None, 8),), 30),
    "brique_creuse": ("brique creuse", ((None, 10),), 20),
    "parpaing": ("parpaing (bloc béton creux)", ((None, 12),), 20),
    "beton": ("béton banché", ((None, 13),), 20),
    "bois": ("ossature bois", ((2000, 26), (2005, 24), (None, 18)), 15),
    "pan_bois": ("pans de bois, colombages", ((None, 6),), 20),
    "pise": ("pisé, terre", ((None, 4),), 50),
}
WALL_UNKNOWN = 1

INSULATION_STATES = ("non", "partielle", "oui", "inconnue")
INSULATION_LABELS = {"inconnue": "inconnue", "non": "non isolé", "partielle": "partielle", "oui": "isolé"}
# enum_methode_saisie_u_id and enum_type_isolation_id
U_NOT_INSULATED, U_UNKNOWN, U_MEASURED_THICKNESS, U_INSULATION_YEAR, U_CONSTRUCTION_YEAR = 1, 2, 3, 7, 8
ISO_UNKNOWN, ISO_NONE, ISO_INSIDE, ISO_OUTSIDE = 1, 2, 3, 4
# enum_periode_isolation_id / enum_periode_construction_id: last year of each period
PERIODS = (
    (1947, 1),
    (1974, 2),
    (1977, 3),
    (1982, 4),
    (1988, 5),
    (2000, 6),
    (2005, 7),
    (2012, 8),
    (2021, 9),
    (None, 10),
)

# what is under the dwelling -> (label, enum_type_adjacence_id)
FLOOR_TYPES = {
    "terre_plein": ("sur terre-plein", 5),
    "vide_sanitaire": ("sur vide sanitaire", 3),
    "sous_sol": ("sur sous-sol non chauffé, cave", 6),
    "garage": ("sur garage", 8),
    "exterieur": ("sur l'extérieur (passage)", 1),
    "local_chauffe": ("sur un logement chauffé", 22),
}
# what is above it -> (label, enum_type_adjacence_id, enum_type_plancher_haut_id; None: from the period)
ROOF_TYPES = {
    "combles_perdus": ("combles perdus", 11, None),  # comble fortement ventilé, the most common entry
    "combles_amenages": ("combles aménagés (rampants)", 1, 12),
    "terrasse": ("toit-terrasse", 1, 8),
    "local_chauffe": ("un logement chauffé", 22, 8),
}
FLAT_POSITIONS = {
    "rez_de_chaussee": "rez-de-chaussée",
    "intermediaire": "étage intermédiaire",
    "dernier_etage": "dernier étage",
}
ADJ_OUTSIDE, ADJ_GARAGE, ADJ_HEATED, ADJ_STAIRWELL = 1, 8, 22, 14  # extérieur; garage; local chauffé; circulation

# a sunspace (véranda, closed loggia) by orientation -> (label, enum_cfg_isolation_lnc_id: dwelling side not
# insulated, enum_orientation_id of its glazing)
VERANDAS = {
    "sud": ("véranda ou loggia fermée au sud", 10, 1),
    "est_ouest": ("véranda ou loggia fermée à l'est ou à l'ouest", 11, 3),
    "nord": ("véranda ou loggia fermée au nord", 9, 2),
}
ADJ_SUNSPACE = 10
SUNSPACE_PVC_DOUBLE = 9  # tv_coef_transparence_ets_id: PVC frame, double glazing

# glazing -> (label, enum_type_vitrage_id, vitrage_vir, enum_type_gaz_lame_id, epaisseur_lame in mm)
GLAZING = {
    "simple": ("simple vitrage", 1, 0, None, None),
    "double": ("double vitrage ancien", 2, 0, 1, 12),
    "double_recent": ("double vitrage récent (VIR, argon)", 2, 1, 2, 16),
    "triple": ("triple vitrage", 3, 1, 2, 16),
}
# frames -> (label, enum_type_materiaux_menuiserie_id)
FRAMES = {"bois": ("bois", 3), "pvc": ("PVC", 5), "metal": ("métal sans rupture", 7), "alu_rpt": ("alu à rupture", 6)}
WINDOW_CASEMENT = 4  # enum_type_baie_id: fenêtre battante
POSE_INSIDE, POSE_TUNNEL = 2, 3  # enum_type_pose_id: nu intérieur, tunnel
CLOSURE_NONE, CLOSURE_SHUTTERS = 1, 7  # enum_type_fermeture_id: none; volets battants (the most common closure)
# door -> (label, enum_type_porte_id)
DOORS = {
    "opaque": ("porte opaque pleine", 1),
    "glazed": ("porte vitrée", 3),
    "insulated": ("porte isolée ou sas", 13),
}

# Known defects the advisor sees, each with the 3CL input it changes (``pre_dpe`` applies them)
DEFECTS = {
    "trappe_non_isolee": "trappe des combles non isolée",  # §3.2.3: 1 m² of ceiling left bare
    "isolation_combles_tassee": "isolation des combles tassée ou dégradée",  # §3.2.3: half of the ceiling bare
    "menuiseries_sans_joints": "menuiseries sans joints",  # §4: Q4Pa,conv of windows without seals
    "simples_vitrages_restants": "quelques fenêtres encore en simple vitrage",  # §3.3: a quarter of the windows
    "reseau_chauffage_non_isole": "tuyaux de chauffage non calorifugés hors volume chauffé",  # §12.2: Rd
    "ballon_hors_volume_chauffe": "ballon d'eau chaude hors volume chauffé",  # §11.6, §9.1.1: losses not recovered
}
