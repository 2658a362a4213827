"""ADEME exchange-format enums (``enum_*_id``) of the dwelling and its envelope, as the engine reads them.

Data only. Each mapping goes from the id of an ADEME enum (its label in the comment, from the observatoire DPE's
enum list) to the value the 3CL tables are searched with (the labels of ``threecl/tables``), or to the figure the
method gives for it. The generator and emitter enums are in ``system_enums``.
"""

# --- general characteristics (caracteristique_generale, meteo) --------------------------------------------------

# enum_methode_application_dpe_log_id: DPE of a house, of a building computed as a whole, otherwise of a flat
HOUSE_METHODS = frozenset({1, 14, 18})  # dpe maison individuelle; étude rt2012 / re2020 maison individuelle
BUILDING_METHODS = frozenset({6, 7, 8, 9, 17, 21, 26, 27, 28, 29, 30})  # dpe immeuble collectif (…)
# Flats whose DPE is generated from the building's DPE: the envelope and systems are described for the whole
# building, so the building is computed and the flat gets its per-m² figures.
FLAT_FROM_BUILDING = frozenset({10, 13, 22, 23, 33, 34})

# enum_zone_climatique_id
ZONES = {1: "H1a", 2: "H1b", 3: "H1c", 4: "H2a", 5: "H2b", 6: "H2c", 7: "H2d", 8: "H3"}

# enum_periode_construction_id -> year used for the period's rows of the U tables (§3.2)
PERIOD_YEAR = {
    1: 1940,  # avant 1948
    2: 1965,  # 1948-1974
    3: 1976,  # 1975-1977
    4: 1980,  # 1978-1982
    5: 1985,  # 1983-1988
    6: 1995,  # 1989-2000
    7: 2003,  # 2001-2005
    8: 2009,  # 2006-2012
    9: 2016,  # 2013-2021
    10: 2022,  # après 2021
}
# enum_periode_isolation_id (same periods) -> year of the insulation rows of the U tables (§3.2)
INSULATION_PERIOD_YEAR = {1: 1947, 2: 1974, 3: 1976, 4: 1980, 5: 1985, 6: 1995, 7: 2003, 8: 2009, 9: 2016, 10: 2022}

# enum_classe_inertie_id (§7)
INERTIA = {1: "tres_lourde", 2: "lourde", 3: "moyenne", 4: "legere"}

# enum_type_energie_id -> energy carrier of ``threecl.factors``
ENERGY = {
    1: "electricite",
    2: "gaz_naturel",
    3: "fioul",  # fioul domestique
    4: "bois_buches",
    5: "bois_granules",  # granulés (pellets) ou briquettes
    6: "bois_plaquettes",  # plaquettes forestières
    7: "bois_plaquettes",  # plaquettes d'industrie
    8: "reseau_chaleur",  # réseau de chauffage urbain
    9: "propane",
    10: "butane",
    11: "charbon",
    12: "electricite",  # électricité d'origine renouvelable utilisée dans le bâtiment
    13: "gpl",
    14: "autre_fossile",  # autre combustible fossile
    15: "reseau_chaleur",  # réseau de froid urbain
}

# --- §3.1 adjacency and reduction factor b -----------------------------------------------------------------------

# enum_type_adjacence_id whose b is read directly (table paroi.b)
SIMPLE_ADJ = {
    1: "EXTERIEUR",
    2: "ENTERRE",  # paroi enterrée
    3: "VIDE_SANITAIRE",
    4: "LOCAL_NON_RESIDENTIEL",  # bâtiment ou local à usage autre que d'habitation
    5: "TERRE_PLEIN",
    6: "SOUS_SOL_NON_CHAUFFE",
    7: "LOCAL_NON_ACCESSIBLE",  # locaux non chauffés non accessibles
    20: "LOCAL_NON_RESIDENTIEL",  # local tertiaire dans l'immeuble en contact avec l'appartement
    22: "LOCAL_RESIDENTIEL",  # local non déperditif (local d'habitation chauffé)
}
# enum_type_adjacence_id of unheated spaces whose b comes from Aiu/Aue (tables lnc.uvue and lnc.b)
LNC = {
    8: "GARAGE",
    9: "CELLIER",
    11: "COMBLE_FORTEMENT_VENTILE",
    12: "COMBLE_FAIBLEMENT_VENTILE",
    13: "COMBLE_TRES_FAIBLEMENT_VENTILE",
    14: "CIRCULATION_SANS_OUVERTURE_EXTERIEURE",
    15: "CIRCULATION_AVEC_OUVERTURE_EXTERIEURE",
    16: "CIRCULATION_AVEC_BOUCHE_OU_GAINE_DESENFUMAGE_OUVERTE",
    17: "HALL_ENTREE_AVEC_FERMETURE_AUTOMATIQUE",
    18: "HALL_ENTREE_SANS_FERMETURE_AUTOMATIQUE",
    19: "GARAGE_COLLECTIF",  # garage privé collectif
    21: "AUTRES",  # autres dépendances
}
ADJ_OUTSIDE = 1  # extérieur
ADJ_SUNSPACE = 10  # espace tampon solarisé (véranda, loggia fermée): b from table lnc.bver
# enum_type_adjacence_id of a window -> Window.adjacency (§6: solar gains direct, through a sunspace, or none)
WINDOW_ADJACENCY = {ADJ_OUTSIDE: "ext", ADJ_SUNSPACE: "ets"}

# enum_cfg_isolation_lnc_id
CFG_HEATED_NOT_ACCESSIBLE = 1  # local chauffé non accessible: b = 0
CFG_INSULATED_AIU = frozenset({4, 5})  # lc isolé + lnc non isolé / isolé
CFG_INSULATED_AUE = frozenset({3, 5})  # lc non isolé + lnc isolé / lc isolé + lnc isolé
# sunspace configurations -> (orientation of table lnc.bver, wall between dwelling and sunspace insulated)
CFG_SUNSPACE = {
    6: ("NORD", True),  # lc isolé + espace tampon solarisé orienté nord
    7: ("SUD", True),
    8: ("EST", True),  # est/ouest
    9: ("NORD", False),  # lc non isolé + espace tampon solarisé orienté nord
    10: ("SUD", False),
    11: ("EST", False),  # est/ouest
}

# --- §3.2 opaque walls, floors and ceilings ------------------------------------------------------------------------

# enum_materiaux_structure_mur_id -> type_mur of table mur.umur0
WALL_MATERIAL = {
    1: "INCONNU",
    2: "PIERRE_MOELLONS",
    3: "PIERRE_MOELLONS_AVEC_REMPLISSAGE",
    4: "PISE_OU_BETON_TERRE",
    5: "PAN_BOIS_SANS_REMPLISSAGE",
    6: "PAN_BOIS_AVEC_REMPLISSAGE",
    7: "BOIS_RONDIN",
    8: "BRIQUE_PLEINE_SIMPLE",
    9: "BRIQUE_PLEINE_DOUBLE_AVEC_LAME_AIR",
    10: "BRIQUE_CREUSE",
    11: "BLOC_BETON_PLEIN",
    12: "BLOC_BETON_CREUX",
    13: "BETON_BANCHE",
    14: "BETON_MACHEFER",
    15: "BRIQUE_TERRE_CUITE_ALVEOLAIRE",
    16: "BETON_CELLULAIRE",  # avant 2013
    17: "BETON_CELLULAIRE",  # à partir de 2013
    18: "OSSATURE_BOIS_AVEC_REMPLISSAGE_ISOLANT",  # ≥ 2006
    19: "SANDWICH_BETON_ISOLANT_BETON_SANS_ISOLATION_RAPPORTEE",
    20: "CLOISON_PLATRE",
    21: "INCONNU",  # autre matériau traditionnel ancien
    22: "INCONNU",  # autre matériau innovant récent
    23: "INCONNU",  # autre matériau non répertorié
    24: "OSSATURE_BOIS_AVEC_REMPLISSAGE_ISOLANT",  # 2001-2005
    25: "OSSATURE_BOIS_SANS_REMPLISSAGE",
    26: "OSSATURE_BOIS_AVEC_REMPLISSAGE_ISOLANT",  # < 2001
    27: "OSSATURE_BOIS_AVEC_REMPLISSAGE_TOUT_VENANT",
}
WALL_MATERIAL_UNKNOWN = 1
# materials whose label carries a period: the year of table mur.umur0's row
WALL_MATERIAL_YEAR = {16: 2000, 17: 2013, 18: 2006, 24: 2003, 26: 2000}
# enum_type_doublage_id -> thermal resistance of the lining added to U0 (m²K/W, §3.2.1)
DOUBLING_R = {
    1: 0.0,  # inconnu
    2: 0.0,  # absence de doublage
    3: 0.1,  # doublage indéterminé ou lame d'air < 15 mm
    4: 0.21,  # doublage indéterminé avec lame d'air > 15 mm
    5: 0.21,  # doublage connu (plâtre, brique, bois)
}
# enum_methode_saisie_u_id (§3.2: how the U of a wall, floor or ceiling was entered)
U_NOT_INSULATED = 1  # non isolé
U_UNKNOWN_INSULATION = 2  # isolation inconnue (table forfaitaire)
U_FROM_THICKNESS = frozenset({3, 4})  # épaisseur d'isolation saisie (mesurée / justifiée)
U_FROM_RESISTANCE = frozenset({5, 6})  # résistance d'isolation saisie (mesurée / justifiée)
U_INSULATION_YEAR = 7  # année d'isolation différente de l'année de construction (table forfaitaire)
U_CONSTRUCTION_YEAR = 8  # année de construction (table forfaitaire)
U_ENTERED = frozenset({9, 10})  # U saisi directement (justifié / RSET-RSEE)
# enum_type_isolation_id
INSULATION_UNKNOWN = 1  # inconnu
INSULATION_NONE = 2  # non isolé
# enum_type_isolation_id -> type_isolation of table pont_thermique.kpt (§3.4); 1 (inconnu) depends on the method
INSULATION = {2: "NON_ISOLE", 3: "ITI", 4: "ITE", 5: "ITR", 6: "ITI_ITE", 7: "ITI_ITR", 8: "ITE_ITR", 9: "ITI"}
# enum_type_plancher_bas_id -> type_plancher_bas of table plancher_bas.upb0 (1: inconnu)
FLOOR_UNKNOWN = 1
FLOOR_TYPE = {
    1: "INCONNU",
    2: "PLANCHER_AVEC_OU_SANS_REMPLISSAGE",
    3: "PLANCHER_ENTRE_SOLIVES_METALLIQUES",
    4: "PLANCHER_ENTRE_SOLIVES_BOIS",
    5: "PLANCHER_BOIS_SUR_SOLIVES_METALLIQUES",
    6: "BARDEAUX_ET_REMPLISSAGE",
    7: "VOUTAINS_SUR_SOLIVES_METALLIQUES",
    8: "VOUTAINS_BRIQUES_OU_MOELLONS",
    9: "DALLE_BETON",
    10: "PLANCHER_BOIS_SUR_SOLIVES_BOIS",
    11: "PLANCHER_LOURD_TYPE_ENTREVOUS_TERRE_CUITE_OU_POUTRELLES_BETON",
    12: "PLANCHER_ENTREVOUS_ISOLANT",
    13: "INCONNU",  # autre type de plancher non répertorié
}
# enum_type_adjacence_id of a low floor on the ground -> mitoyennete of table plancher_bas.ue (§3.2.2)
FLOOR_GROUND = {3: "VIDE_SANITAIRE", 5: "TERRE_PLEIN", 6: "SOUS_SOL_NON_CHAUFFE"}
# enum_type_plancher_haut_id -> type_plancher_haut of table plancher_haut.uph0 (1: inconnu)
ROOF_UNKNOWN = 1
ROOF_TYPE = {
    1: "INCONNU",
    2: "PLAFOND_AVEC_OU_SANS_REMPLISSAGE",
    3: "PLAFOND_ENTRE_SOLIVES_METALLIQUES",
    4: "PLAFOND_ENTRE_SOLIVES_BOIS",
    5: "PLAFOND_BOIS_SUR_SOLIVES_METALLIQUES",
    6: "PLAFOND_BOIS_SOUS_SOLIVES_METALLIQUES",
    7: "BARDEAUX_ET_REMPLISSAGE",
    8: "DALLE_BETON",
    9: "PLAFOND_BOIS_SUR_SOLIVES_BOIS",
    10: "PLAFOND_BOIS_SOUS_SOLIVES_BOIS",
    11: "PLAFOND_LOURD",  # type entrevous terre-cuite, poutrelles béton
    12: "COMBLES_AMENAGES_SOUS_RAMPANT",
    13: "TOITURE_CHAUME",
    14: "PLAFOND_PATRE",  # plafond en plaque de plâtre
    15: "INCONNU",  # autre type de plafond non répertorié
    16: "BAC_ACIER",
}
# categorie of table plancher_haut.uph (§3.2.3): a ceiling under the roof slope, a flat roof, else lost attics
ROOF_UNDER_SLOPE = 12  # combles aménagés sous rampant, whatever the adjacency
ROOF_SLOPED_ON_OUTSIDE = frozenset({9, 10, 13, 16})  # wood ceilings, thatch, steel deck, onto the outside
ROOF_TERRACE_ON_OUTSIDE = frozenset({8, 11})  # concrete slab, heavy ceiling, onto the outside

# --- §3.3 windows and doors ------------------------------------------------------------------------------------------

# enum_type_baie_id -> (type_baie of tables baie.uw / baie.sw, presence_soubassement)
WINDOW_TYPE = {
    1: ("BRIQUE_VERRE_PLEINE", None),
    2: ("BRIQUE_VERRE_CREUSE", None),
    3: ("POLYCARBONATE", None),
    4: ("FENETRE_BATTANTE", None),
    5: ("FENETRE_COULISSANTE", None),
    6: ("PORTE_FENETRE_COULISSANTE", None),
    7: ("PORTE_FENETRE_BATTANTE", 0),  # sans soubassement
    8: ("PORTE_FENETRE_BATTANTE", 1),  # avec soubassement
}
# window types whose U is the table's flat value (no glazing, no frame)
GLASS_BLOCKS = frozenset({"BRIQUE_VERRE_PLEINE", "BRIQUE_VERRE_CREUSE", "POLYCARBONATE"})
# enum_type_materiaux_menuiserie_id -> (nature_menuiserie, presence_rupteur_pont_thermique)
FRAME = {
    1: (None, None),  # brique de verre: no frame
    2: (None, None),  # polycarbonate: no frame
    3: ("BOIS", None),
    4: ("BOIS_METAL", None),
    5: ("PVC", None),
    6: ("METAL", 1),  # métal avec rupture de pont thermique
    7: ("METAL", 0),  # métal sans rupture de pont thermique
}
# enum_type_vitrage_id -> type_vitrage (survitrage read as double glazing; 5-6 are the glass-block "glazings")
GLAZING = {1: "SIMPLE_VITRAGE", 2: "DOUBLE_VITRAGE", 3: "TRIPLE_VITRAGE", 4: "DOUBLE_VITRAGE"}
GLAZING_WITH_LOW_E = frozenset({2, 3})  # double and triple glazing take the "_FE" rows when vitrage_vir is 1
# enum_type_gaz_lame_id -> nature_gaz_lame
GAS = {1: "AIR", 2: "ARGON", 3: "INCONNU"}  # 2: argon ou krypton
# enum_type_pose_id -> type_pose (4, "sans objet", has no row)
POSE = {1: "NU_EXTERIEUR", 2: "NU_INTERIEUR", 3: "TUNNEL"}
# enum_orientation_id -> orientation of the climate tables (§6.2)
ORIENTATION = {1: "S", 2: "N", 3: "E", 4: "W", 5: "H"}
# enum_inclinaison_vitrage_id -> Window.inclination (< 25°, 25-75°, > 75°, horizontal)
INCLINATION = {1: "horizontal", 2: "sloped", 3: "vertical", 4: "horizontal"}
# enum_type_fermeture_id -> type_fermeture of table baie.deltar (§3.3.2); 1: no closure, no ΔR
CLOSURE = {
    1: None,  # absence de fermeture
    2: "JALOUSIE_ACCORDEON",
    3: "FERMETURE_SANS_AJOURS",
    4: "VOLETS_ROULANTS_PVC_BOIS_EPAISSEUR_LTE_12MM",
    5: "PERSIENNE_COULISSANTE_EPAISSEUR_LTE_22MM",
    6: "VOLETS_ROULANTS_PVC_BOIS_EPAISSEUR_GT_12MM",
    7: "PERSIENNE_COULISSANTE_EPAISSEUR_GT_22MM",
    8: "FERMETURE_ISOLEE_SANS_AJOURS",
}
# enum_type_porte_id -> U of table porte.uporte (W/m²K, §3.3.4)
DOOR_U = {
    1: 3.5,  # bois, opaque pleine
    2: 4.0,  # bois, < 30 % de simple vitrage
    3: 4.5,  # bois, 30-60 % de simple vitrage
    4: 3.3,  # bois, double vitrage
    5: 3.5,  # pvc, opaque pleine
    6: 4.0,  # pvc, < 30 % de simple vitrage
    7: 4.5,  # pvc, 30-60 % de simple vitrage
    8: 3.3,  # pvc, double vitrage
    9: 5.8,  # métal, opaque pleine
    10: 5.8,  # métal, vitrage simple
    11: 5.5,  # métal, < 30 % de double vitrage
    12: 4.8,  # métal, 30-60 % de double vitrage
    13: 1.5,  # toute menuiserie, opaque pleine isolée
    14: 1.5,  # toute menuiserie, précédée d'un sas
    15: 1.5,  # toute menuiserie, isolée avec double vitrage
    16: 3.5,  # autre type de porte
}

# --- §3.4 thermal bridges ------------------------------------------------------------------------------------------

# enum_type_liaison_id -> type_liaison of table pont_thermique.kpt
LINK = {
    1: "PLANCHER_BAS_MUR",
    2: "PLANCHER_INTERMEDIAIRE_MUR",
    3: "PLANCHER_HAUT_MUR",
    4: "REFEND_MUR",
    5: "MENUISERIE_MUR",
}
# junctions a flat shares with its neighbours (intermediate floor, partition wall)
SHARED_LINKS = frozenset({2, 4})

# --- §4-5 ventilation ------------------------------------------------------------------------------------------------

# enum_type_ventilation_id -> (type_systeme, mode_extraction, mode_insufflation, presence_echangeur, year) of
# tables ventilation.debit and ventilation.pvent; year: the installation period's row (None: no period)
VENTILATION = {
    1: ("VENTILATION_NATURELLE", None, None, None, None),  # ouverture des fenêtres
    2: ("VENTILATION_NATURELLE", "AUTOREGLABLE", None, None, None),  # entrées d'air hautes et basses
    25: ("VENTILATION_NATURELLE", "AUTOREGLABLE", None, None, None),  # naturelle par conduit
    34: ("VENTILATION_NATURELLE", "HYGROREGLABLE", None, None, None),  # par conduit avec entrées d'air hygro
    3: ("VMC_SIMPLE_FLUX", "AUTOREGLABLE", None, None, 1980),  # vmc sf auto réglable avant 1982
    4: ("VMC_SIMPLE_FLUX", "AUTOREGLABLE", None, None, 1990),  # 1982-2000
    5: ("VMC_SIMPLE_FLUX", "AUTOREGLABLE", None, None, 2005),  # 2001-2012
    6: ("VMC_SIMPLE_FLUX", "AUTOREGLABLE", None, None, 2015),  # après 2012
    7: ("VMC_SIMPLE_FLUX", "HYGROREGLABLE", "AUTOREGLABLE", None, 1995),  # hygro a avant 2001
    8: ("VMC_SIMPLE_FLUX", "HYGROREGLABLE", "AUTOREGLABLE", None, 2005),
    9: ("VMC_SIMPLE_FLUX", "HYGROREGLABLE", "AUTOREGLABLE", None, 2015),
    10: ("VMC_SIMPLE_FLUX_GAZ", None, None, None, 1995),  # vmc sf gaz avant 2001
    11: ("VMC_SIMPLE_FLUX_GAZ", None, None, None, 2005),
    12: ("VMC_SIMPLE_FLUX_GAZ", None, None, None, 2015),
    13: ("VMC_SIMPLE_FLUX", "HYGROREGLABLE", "HYGROREGLABLE", None, 1995),  # hygro b avant 2001
    14: ("VMC_SIMPLE_FLUX", "HYGROREGLABLE", "HYGROREGLABLE", None, 2005),
    15: ("VMC_SIMPLE_FLUX", "HYGROREGLABLE", "HYGROREGLABLE", None, 2015),
    16: ("VMC_BASSE_PRESSION", "AUTOREGLABLE", None, None, None),
    17: ("VMC_BASSE_PRESSION", "HYGROREGLABLE", "AUTOREGLABLE", None, None),  # hygro a
    18: ("VMC_BASSE_PRESSION", "HYGROREGLABLE", "HYGROREGLABLE", None, None),  # hygro b
    19: ("VMC_DOUBLE_FLUX", None, None, 1, 2005),  # df individuelle avec échangeur avant 2013
    20: ("VMC_DOUBLE_FLUX", None, None, 1, 2015),
    21: ("VMC_DOUBLE_FLUX", None, None, 1, 2005),  # df collective avec échangeur avant 2013
    22: ("VMC_DOUBLE_FLUX", None, None, 1, 2015),
    23: ("VMC_DOUBLE_FLUX", None, None, 0, 2005),  # df sans échangeur avant 2013
    24: ("VMC_DOUBLE_FLUX", None, None, 0, 2015),
    26: ("VENTILATION_HYBRIDE", None, None, None, 1995),  # avant 2001
    27: ("VENTILATION_HYBRIDE", None, None, None, 2005),
    28: ("VENTILATION_HYBRIDE", None, None, None, 2015),
    29: ("VENTILATION_HYBRIDE", None, "HYGROREGLABLE", None, 1995),  # avec entrées d'air hygro
    30: ("VENTILATION_HYBRIDE", None, "HYGROREGLABLE", None, 2005),
    31: ("VENTILATION_HYBRIDE", None, "HYGROREGLABLE", None, 2015),
    32: ("VENTILATION_MECANIQUE", None, None, None, 2005),  # sur conduit existant avant 2013
    33: ("VENTILATION_MECANIQUE", None, None, None, 2015),
    35: ("PUIT_CLIMATIQUE", None, None, 0, 2005),  # puits climatique sans échangeur avant 2013
    36: ("PUIT_CLIMATIQUE", None, None, 0, 2015),
    37: ("PUIT_CLIMATIQUE", None, None, 1, 2005),  # avec échangeur
    38: ("PUIT_CLIMATIQUE", None, None, 1, 2015),
}
VENTILATION_NATURAL = 1  # ventilation par ouverture des fenêtres
VENTILATION_COLLECTIVE_DOUBLE_FLOW = frozenset({21, 22})

# --- §10 cooling, §16.2 photovoltaics ------------------------------------------------------------------------------

# enum_periode_installation_fr_id -> year of table refroidissement.eer (before 2008, 2008-2014, from 2015)
COOLING_PERIOD_YEAR = {1: 2000, 2: 2010, 3: 2016}
# enum_orientation_pv_id -> orientation_pv of table production.kpv (degrees: east, south-east, south, …, west)
PV_ORIENTATION_DEG = {1: 90, 2: 135, 3: 180, 4: 225, 5: 270}
# enum_inclinaison_pv_id -> inclinaison_pv (≤ 15°, 15-45°, 45-75°, > 75°)
PV_INCLINATION_DEG = {1: 10, 2: 30, 3: 60, 4: 90}
