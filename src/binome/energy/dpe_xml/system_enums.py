"""ADEME exchange-format enums of the heating, hot-water and cooling systems (``enum_*_id``), as data.

Each mapping goes from an ADEME enum id (its label in the comment, shortened from the observatoire DPE's enum
list) to the row of the 3CL table the generator or emitter is computed with. The dispatch in ``heating`` and
``hot_water`` tries the families in the order they are listed here.
"""

from typing import NamedTuple


# --- installations (§9, §11) ----------------------------------------------------------------------------------------

# enum_type_installation_id
INSTALLATION_INDIVIDUAL = 1
INSTALLATION_COLLECTIVE = frozenset({2, 3})  # collective; multi-building modelled as a heat network
INSTALLATION_COLLECTIVE_OR_HYBRID = frozenset({2, 3, 4})  # 4: collective base + individual relief
# enum_lien_generateur_emetteur_id
LINK_MAIN = 1  # génération principale
LINK_BATHROOM = 3  # chauffage électrique dans la salle de bain
# enum_usage_generateur_id
USAGE_HEATING_AND_DHW = 3  # chauffage + ecs
# enum_methode_saisie_carac_sys_id
NAMEPLATE_COMBUSTION = frozenset({2, 3, 4, 5})  # plaque signalétique d'un système à combustion (Pn …)
NAMEPLATE_THERMODYNAMIC = 6  # plaque signalétique d'un système thermodynamique (SCOP/COP/EER)

# enum_cfg_installation_ch_id -> share of the need per enum_lien_generateur_emetteur_id (1 main, 2 relief,
# 3 bathroom electric heater), §9 configurations of heating installations
CFG_SHARES = {
    3: {1: 0.75, 2: 0.25},  # avec insert ou poêle bois en appoint
    4: {1: 0.9, 3: 0.1},  # insert / poêle bois avec chauffage électrique dans la salle de bain
    5: {1: 0.675, 2: 0.225, 3: 0.1},  # appoint bois et chauffage électrique dans la salle de bain
    6: {1: 0.75, 2: 0.25},  # chaudière ou PAC en relève d'une chaudière bois
    7: {1: 0.75, 2: 0.25},  # chauffage solaire et insert ou poêle bois en appoint
    8: {1: 0.8, 2: 0.2},  # chaudière en relève de PAC
    9: {1: 0.6, 2: 0.2},  # chaudière en relève de PAC avec insert ou poêle bois en appoint
    11: {1: 0.6, 2: 0.4},  # convecteurs bi-jonction
}
CFG_SIMPLE = 1  # installation de chauffage simple
CFG_BOILER_RELIEF_OF_HEAT_PUMP = 8  # chaudière en relève de PAC
LINK_RELIEF = 2  # génération d'appoint
CFG_BASE_AND_RELIEF = 10  # installation de chauffage collectif avec base + appoint

# --- §8, §12 emitters ----------------------------------------------------------------------------------------------

# enum_temp_distribution_ch_id -> temperature_distribution (1: no distribution network)
TEMP_DISTRIBUTION = {2: "BASSE", 3: "MOYENNE", 4: "HAUTE"}
TEMP_HIGH = 4
# enum_type_chauffage_id, enum_type_regulation_id
HEATING_CENTRAL = 2  # chauffage central (1: divisé)
REGULATION_PER_ROOM = 2  # avec régulation pièce par pièce
# enum_equipement_intermittence_id -> type_intermittence of table chauffage.i0 (§8)
INTERMITTENCE = {
    1: "ABSENT",
    2: "CENTRAL",  # central sans minimum de température
    3: "CENTRAL_MINIMUM_TEMPERATURE",
    4: "TERMINAL_MINIMUM_TEMPERATURE",  # par pièce avec minimum de température
    5: "TERMINAL_MINIMUM_TEMPERATURE_DETECTION_PRESENCE",
    6: "CENTRAL",  # central collectif
    7: "CENTRAL",  # central collectif avec détection de présence
}
# enum_periode_installation_emetteur_id -> annee_installation_emetteur of tables tfonc30/tfonc100 (§13.2)
EMITTER_PERIOD_YEAR = {1: 1975, 2: 1990, 3: 2005}  # avant 1981, 1981-2000, après 2000

# §15.2.1 circulator: (emitter pressure drop ΔPem in kPa, network length factor Fcot)
CIRC_FLOOR = (15.0, 0.156)  # floor or ceiling heating
CIRC_SINGLE_PIPE = (30.0, 0.802)  # single-pipe radiators
CIRC_RADIATOR = (10.0, 0.802)  # two-pipe radiators and other radiators
CIRC_OTHER = (35.0, 0.802)  # anything else


class Emitter(NamedTuple):
    """An emitter type: type_emission of the I0 table (§8), Re (§12.1) and Rr (§12.3) of the emitter, hydronic
    network (a circulator is counted, Rd from the hydronic rows of §12.2), collective network, circulator."""

    emission: str
    re: float
    rr: float
    wet: bool
    collective: bool
    circulator: tuple[float, float]


# enum_type_emission_distribution_id (RT: robinet thermostatique; HT: ≥ 65 °C; BT/MT: < 65 °C)
EMITTERS = {
    1: Emitter("RADIATEUR", 0.95, 0.99, False, False, CIRC_OTHER),  # convecteur électrique nfc, nf** et nf***
    2: Emitter("RADIATEUR", 0.97, 0.99, False, False, CIRC_OTHER),  # panneau rayonnant nfc, nf** et nf***
    3: Emitter("RADIATEUR", 0.97, 0.99, False, False, CIRC_OTHER),  # radiateur électrique nfc, nf** et nf***
    4: Emitter("RADIATEUR", 0.95, 0.96, False, False, CIRC_OTHER),  # autres émetteurs à effet joule
    5: Emitter("AIR_SOUFFLE", 0.95, 0.96, False, False, CIRC_OTHER),  # air soufflé, réseau aéraulique
    6: Emitter("PLAFOND_CHAUFFANT", 0.98, 0.98, False, False, CIRC_FLOOR),  # plafond rayonnant élec. avec régulation
    7: Emitter("PLAFOND_CHAUFFANT", 0.98, 0.96, False, False, CIRC_FLOOR),  # plafond rayonnant élec. sans régulation
    8: Emitter("PLANCHER_CHAUFFANT", 1.0, 0.98, False, False, CIRC_FLOOR),  # plancher rayonnant élec. avec régulation
    9: Emitter("PLANCHER_CHAUFFANT", 1.0, 0.96, False, False, CIRC_FLOOR),  # plancher rayonnant élec. sans régulation
    10: Emitter("RADIATEUR", 0.95, 0.95, False, False, CIRC_RADIATOR),  # radiateur électrique à accumulation
    11: Emitter("PLANCHER_CHAUFFANT", 1.0, 0.9, True, True, CIRC_FLOOR),  # plancher chauffant coll. HT
    12: Emitter("PLANCHER_CHAUFFANT", 1.0, 0.9, True, True, CIRC_FLOOR),  # plancher chauffant coll. BT/MT
    13: Emitter("PLANCHER_CHAUFFANT", 1.0, 0.95, True, False, CIRC_FLOOR),  # plancher chauffant indiv. HT
    14: Emitter("PLANCHER_CHAUFFANT", 1.0, 0.95, True, False, CIRC_FLOOR),  # plancher chauffant indiv. BT/MT
    15: Emitter("PLAFOND_CHAUFFANT", 0.98, 0.9, True, True, CIRC_FLOOR),  # plafond chauffant coll. HT
    16: Emitter("PLAFOND_CHAUFFANT", 0.98, 0.9, True, True, CIRC_FLOOR),  # plafond chauffant coll. BT/MT
    17: Emitter("PLAFOND_CHAUFFANT", 0.98, 0.95, True, False, CIRC_FLOOR),  # plafond chauffant indiv. HT
    18: Emitter("PLAFOND_CHAUFFANT", 0.98, 0.95, True, False, CIRC_FLOOR),  # plafond chauffant indiv. BT/MT
    19: Emitter("RADIATEUR", 0.95, 0.96, False, False, CIRC_RADIATOR),  # radiateur gaz ventouse ou conduit
    20: Emitter("RADIATEUR", 0.95, 0.8, False, False, CIRC_OTHER),  # poêle charbon
    21: Emitter("RADIATEUR", 0.95, 0.8, False, False, CIRC_OTHER),  # poêle bois
    22: Emitter("RADIATEUR", 0.95, 0.8, False, False, CIRC_OTHER),  # poêle fioul
    23: Emitter("RADIATEUR", 0.95, 0.8, False, False, CIRC_OTHER),  # poêle gpl
    24: Emitter("RADIATEUR", 0.95, 0.9, True, True, CIRC_SINGLE_PIPE),  # monotube sans RT coll. HT
    25: Emitter("RADIATEUR", 0.95, 0.9, True, True, CIRC_SINGLE_PIPE),  # monotube sans RT coll. BT/MT
    26: Emitter("RADIATEUR", 0.95, 0.9, True, False, CIRC_SINGLE_PIPE),  # monotube sans RT indiv. HT
    27: Emitter("RADIATEUR", 0.95, 0.9, True, False, CIRC_SINGLE_PIPE),  # monotube sans RT indiv. BT/MT
    28: Emitter("RADIATEUR", 0.95, 0.95, True, True, CIRC_SINGLE_PIPE),  # monotube avec RT coll. HT
    29: Emitter("RADIATEUR", 0.95, 0.95, True, True, CIRC_SINGLE_PIPE),  # monotube avec RT coll. BT/MT
    30: Emitter("RADIATEUR", 0.95, 0.95, True, False, CIRC_SINGLE_PIPE),  # monotube avec RT indiv. HT
    31: Emitter("RADIATEUR", 0.95, 0.95, True, False, CIRC_SINGLE_PIPE),  # monotube avec RT indiv. BT/MT
    32: Emitter("RADIATEUR", 0.95, 0.9, True, True, CIRC_RADIATOR),  # bitube sans RT coll. HT
    33: Emitter("RADIATEUR", 0.95, 0.9, True, True, CIRC_RADIATOR),  # bitube sans RT coll. BT/MT
    34: Emitter("RADIATEUR", 0.95, 0.9, True, False, CIRC_RADIATOR),  # bitube sans RT indiv. HT
    35: Emitter("RADIATEUR", 0.95, 0.9, True, False, CIRC_RADIATOR),  # bitube sans RT indiv. BT/MT
    36: Emitter("RADIATEUR", 0.95, 0.95, True, True, CIRC_RADIATOR),  # bitube avec RT coll. HT
    37: Emitter("RADIATEUR", 0.95, 0.95, True, True, CIRC_RADIATOR),  # bitube avec RT coll. BT/MT
    38: Emitter("RADIATEUR", 0.95, 0.95, True, False, CIRC_RADIATOR),  # bitube avec RT indiv. HT
    39: Emitter("RADIATEUR", 0.95, 0.95, True, False, CIRC_RADIATOR),  # bitube avec RT indiv. BT/MT
    40: Emitter("RADIATEUR", 0.95, 0.9, False, False, CIRC_OTHER),  # convecteur bi-jonction
    41: Emitter("RADIATEUR", 0.95, 0.9, False, False, CIRC_OTHER),  # autres équipements
    42: Emitter("AIR_SOUFFLE", 0.95, 0.96, False, False, CIRC_OTHER),  # air soufflé, fluide frigorigène
    43: Emitter("PLANCHER_CHAUFFANT", 1.0, 0.95, False, False, CIRC_FLOOR),  # plancher chauffant à détente directe
    44: Emitter("PLAFOND_CHAUFFANT", 0.98, 0.95, False, False, CIRC_FLOOR),  # plafond chauffant à détente directe
    45: Emitter("RADIATEUR", 0.95, 0.9, False, False, CIRC_RADIATOR),  # radiateur à détente directe
    46: Emitter("AIR_SOUFFLE", 0.95, 0.96, True, True, CIRC_OTHER),  # ventiloconvecteur coll. HT
    47: Emitter("AIR_SOUFFLE", 0.95, 0.96, True, True, CIRC_OTHER),  # ventiloconvecteur coll. BT/MT
    48: Emitter("AIR_SOUFFLE", 0.95, 0.96, True, False, CIRC_OTHER),  # ventiloconvecteur indiv. HT
    49: Emitter("AIR_SOUFFLE", 0.95, 0.96, True, False, CIRC_OTHER),  # ventiloconvecteur indiv. BT/MT
    50: Emitter("AIR_SOUFFLE", 0.95, 0.96, False, False, CIRC_OTHER),  # ventiloconvecteur électrique sans réseau
}
EMITTER_OTHER = 41  # autres équipements
AIR_NETWORK = 5  # air soufflé on an air network: Rd from the aeraulic rows of §12.2, Δθdim 15 °C

# --- §12.4, §13 heating generators (enum_type_generateur_ch_id) ---------------------------------------------------

# heat pumps -> (type_generateur, annee_installation_generateur) of table chauffage.scop (§12.4); "other
# thermodynamic" and hybrid heat pumps take the recent air/water row
HEAT_PUMPS = {
    1: ("PAC_AIR_AIR", 2005),  # pac air/air installée avant 2008
    2: ("PAC_AIR_AIR", 2010),  # pac air/air installée entre 2008 et 2014
    3: ("PAC_AIR_AIR", 2018),  # pac air/air installée à partir de 2015
    4: ("PAC_AIR_EAU", 2005),  # pac air/eau installée avant 2008
    5: ("PAC_AIR_EAU", 2010),  # pac air/eau installée entre 2008 et 2014
    6: ("PAC_AIR_EAU", 2015),  # pac air/eau installée entre 2015 et 2016
    7: ("PAC_AIR_EAU", 2018),  # pac air/eau installée après 2017
    8: ("PAC_EAU_EAU", 2005),  # pac eau/eau installée avant 2008
    9: ("PAC_EAU_EAU", 2010),  # pac eau/eau installée entre 2008 et 2014
    10: ("PAC_EAU_EAU", 2015),  # pac eau/eau installée entre 2015 et 2016
    11: ("PAC_EAU_EAU", 2018),  # pac eau/eau installée après 2017
    12: ("PAC_EAU_GLYCOLEE_EAU", 2005),  # pac eau glycolée/eau installée avant 2008
    13: ("PAC_EAU_GLYCOLEE_EAU", 2010),  # pac eau glycolée/eau installée entre 2008 et 2014
    14: ("PAC_EAU_GLYCOLEE_EAU", 2015),  # pac eau glycolée/eau installée entre 2015 et 2016
    15: ("PAC_EAU_GLYCOLEE_EAU", 2018),  # pac eau glycolée/eau installée après 2017
    16: ("PAC_GEOTHERMIQUE", 2005),  # pac géothermique installée avant 2008
    17: ("PAC_GEOTHERMIQUE", 2010),  # pac géothermique installée entre 2008 et 2014
    18: ("PAC_GEOTHERMIQUE", 2015),  # pac géothermique installée entre 2015 et 2016
    19: ("PAC_GEOTHERMIQUE", 2018),  # pac géothermique installée après 2017
    117: ("PAC_AIR_EAU", 2018),  # autre système thermodynamique électrique
    145: ("PAC_AIR_EAU", 2018),  # PAC hybride, partie PAC : pac air/eau installée entre 2008 et 2014
    146: ("PAC_AIR_EAU", 2018),  # PAC hybride, partie PAC : pac air/eau installée entre 2015 et 2016
    147: ("PAC_AIR_EAU", 2018),  # PAC hybride, partie PAC : pac air/eau installée après 2017
    162: ("PAC_AIR_EAU", 2018),  # PAC hybride, partie PAC : pac eau/eau installée entre 2008 et 2014
    163: ("PAC_AIR_EAU", 2018),  # PAC hybride, partie PAC : pac eau/eau installée entre 2015 et 2016
    164: ("PAC_AIR_EAU", 2018),  # PAC hybride, partie PAC : pac eau/eau installée après 2017
    165: ("PAC_AIR_EAU", 2018),  # PAC hybride, partie PAC : pac eau glycolée/eau installée entre 2008 et 2014
    166: ("PAC_AIR_EAU", 2018),  # PAC hybride, partie PAC : pac eau glycolée/eau installée entre 2015 et 2016
    167: ("PAC_AIR_EAU", 2018),  # PAC hybride, partie PAC : pac eau glycolée/eau installée après 2017
    168: ("PAC_AIR_EAU", 2018),  # PAC hybride, partie PAC : pac géothermique installée entre 2008 et 2014
    169: ("PAC_AIR_EAU", 2018),  # PAC hybride, partie PAC : pac géothermique installée entre 2015 et 2016
    170: ("PAC_AIR_EAU", 2018),  # PAC hybride, partie PAC : pac géothermique installée après 2017
}
# wood stoves, inserts, closed hearths, cookers -> (type_generateur, label_generateur, annee) of table chauffage.rg
WOOD_STOVES = {
    20: ("CUISINIERE", None, 1985),  # cuisinière installé avant 1990
    21: ("FOYER_FERME", None, 1985),  # foyer fermé installé avant 1990
    22: ("POELE", None, 1985),  # poêle bûche installé avant 1990
    23: ("INSERT", None, 1985),  # insert installé avant 1990
    24: ("CUISINIERE", None, 2000),  # cuisinière installé entre 1990 et 2004
    25: ("FOYER_FERME", None, 2000),  # foyer fermé installé entre 1990 et 2004
    26: ("POELE", None, 2000),  # poêle bûche installé entre 1990 et 2004
    27: ("INSERT", None, 2000),  # insert installé entre 1990 et 2004
    28: ("CUISINIERE", "SANS", 2010),  # cuisinière installé à partir de 2005 sans label flamme verte
    29: ("FOYER_FERME", "SANS", 2010),  # foyer fermé installé à partir de 2005 sans label flamme verte
    30: ("POELE", "SANS", 2010),  # poêle bûche installé à partir de 2005 sans label flamme verte
    31: ("INSERT", "SANS", 2010),  # insert installé à partir de 2005 sans label flamme verte
    32: ("CUISINIERE", "FLAMME_VERTE", 2005),  # cuisinière installé de 2005 à 2006 avec label flamme verte
    33: ("FOYER_FERME", "FLAMME_VERTE", 2005),  # foyer fermé installé de 2005 à 2006 avec label flamme verte
    34: ("POELE", "FLAMME_VERTE", 2005),  # poêle bûche installé de 2005 à 2006 avec label flamme verte
    35: ("INSERT", "FLAMME_VERTE", 2005),  # insert installé de 2005 à 2006 avec label flamme verte
    36: ("CUISINIERE", "FLAMME_VERTE", 2010),  # cuisinière installé de 2007 à 2017 avec label flamme verte
    37: ("FOYER_FERME", "FLAMME_VERTE", 2010),  # foyer fermé installé de 2007 à 2017 avec label flamme verte
    38: ("POELE", "FLAMME_VERTE", 2010),  # poêle bûche installé de 2007 à 2017 avec label flamme verte
    39: ("INSERT", "FLAMME_VERTE", 2010),  # insert installé de 2007 à 2017 avec label flamme verte
    40: ("CUISINIERE", "FLAMME_VERTE", 2019),  # cuisinière installé à partir de 2018 avec label flamme verte
    41: ("FOYER_FERME", "FLAMME_VERTE", 2019),  # foyer fermé installé à partir de 2018 avec label flamme verte
    42: ("POELE", "FLAMME_VERTE", 2019),  # poêle bûche installé à partir de 2018 avec label flamme verte
    43: ("INSERT", "FLAMME_VERTE", 2019),  # insert installé à partir de 2018 avec label flamme verte
}
# stoves with a fixed Rg (table chauffage.rg, §12.4: pellet stoves by label and period, oil/LPG/coal stoves)
STOVES_RG = {
    44: 0.8,  # poêle à granulés avant 2012 ou sans label flamme verte
    45: 0.85,  # poêle à granulés flamme verte 2012-2019
    46: 0.87,  # poêle à granulés flamme verte à partir de 2020
    47: 0.72,  # poêle fioul ou gpl ou charbon
}
# Joule-effect emitters (convectors, radiant panels, radiators, electric floors, storage heaters, bi-jonction): Rg 1
JOULE_GENERATORS = frozenset({98, 99, 100, 101, 102, 103, 104, 105})
ELECTRIC_BOILER = 106  # chaudière électrique: Rg 0.97, hydronic
# Joule-effect generators for the U tables' "effet Joule" rows (§3.2): the above and the electric boiler
JOULE_EFFECT_GENERATORS = JOULE_GENERATORS | {ELECTRIC_BOILER}
# heat networks and multi-building plants modelled as one (réseau de chaleur isolé / non isolé / inconnu, chaudières
# bois / fioul / gaz / charbon et PAC multi-bâtiment): Rg of the heat-network row of table chauffage.rg
HEAT_NETWORKS = frozenset({107, 108, 109, 110, 111, 112, 142, 171})
# "autre système à combustion / thermodynamique" and the default collective system: with electricity, Joule effect
OTHER_SYSTEMS = frozenset({113, 114, 115, 116, 117, 118, 119})
# wood-fired boiler stoves -> (energie_generateur, annee) of table chauffage.combustion, type POELE_BOUILLEUR
BOILER_STOVES = {
    48: ("BOIS_BUCHE", 2008),  # poêle à bois bouilleur bûche avant 2012
    49: ("BOIS_BUCHE", 2015),  # poêle à bois bouilleur bûche à partir de 2012
    140: ("BOIS_GRANULE", 2008),  # poêle à bois bouilleur granulés avant 2012
    141: ("BOIS_GRANULE", 2015),  # poêle à bois bouilleur granulés à partir de 2012
}
# combustion air heaters -> (type_generateur of table chauffage.combustion, annee)
AIR_HEATERS = {
    50: ("GENERATEUR_AIR_CHAUD", 2000),  # générateur à air chaud à combustion avant 2006
    51: ("GENERATEUR_AIR_CHAUD", 2010),  # standard à partir de 2006
    52: ("GENERATEUR_AIR_CHAUD_CONDENSATION", 2010),  # à condensation à partir de 2006
}
# independent gas radiators -> annee of table chauffage.combustion, type RADIATEUR_INDEPENDANT
GAS_RADIATORS = {53: 2000, 54: 2010}  # avant 2006, après 2006
# The default collective system (a penalising oil boiler) on a combustion energy: the boiler kind its
# description names, recent rows (as certified)
DEFAULT_COLLECTIVE_BOILER = 119
DEFAULT_COLLECTIVE_BOILER_YEAR = 2008
# boilers -> (kind, energie_generateur, annee_installation_generateur) of table chauffage.combustion (§13.2).
# Coal boilers take the oil-boiler rows and "other" combustion systems the oldest standard-boiler rows (QP0 4 % of
# Pn), as certified DPEs do. The hybrid heat pumps' wood-log and wood-chip boiler parts (154-159) have no row.
BOILERS = {
    55: ("bois", "BOIS_BUCHE", 1975),  # chaudière bois bûche avant 1978
    56: ("bois", "BOIS_BUCHE", 1985),  # chaudière bois bûche 1978-1994
    57: ("bois", "BOIS_BUCHE", 2000),  # chaudière bois bûche 1995-2003
    58: ("bois", "BOIS_BUCHE", 2008),  # chaudière bois bûche 2004-2012
    59: ("bois", "BOIS_BUCHE", 2015),  # chaudière bois bûche 2013-2017
    60: ("bois", "BOIS_BUCHE", 2018),  # chaudière bois bûche 2018-2019
    61: ("bois", "BOIS_BUCHE", 2020),  # chaudière bois bûche après 2019
    62: ("bois", "BOIS_PLAQUETTE", 1975),  # chaudière bois plaquette avant 1978
    63: ("bois", "BOIS_PLAQUETTE", 1985),  # chaudière bois plaquette 1978-1994
    64: ("bois", "BOIS_PLAQUETTE", 2000),  # chaudière bois plaquette 1995-2003
    65: ("bois", "BOIS_PLAQUETTE", 2008),  # chaudière bois plaquette 2004-2012
    66: ("bois", "BOIS_PLAQUETTE", 2015),  # chaudière bois plaquette 2013-2017
    67: ("bois", "BOIS_PLAQUETTE", 2018),  # chaudière bois plaquette 2018-2019
    68: ("bois", "BOIS_PLAQUETTE", 2020),  # chaudière bois plaquette après 2019
    69: ("bois", "BOIS_GRANULE", 1975),  # chaudière bois granulés avant 1978
    70: ("bois", "BOIS_GRANULE", 1985),  # chaudière bois granulés 1978-1994
    71: ("bois", "BOIS_GRANULE", 2000),  # chaudière bois granulés 1995-2003
    72: ("bois", "BOIS_GRANULE", 2008),  # chaudière bois granulés 2004-2012
    73: ("bois", "BOIS_GRANULE", 2015),  # chaudière bois granulés 2013-2019
    74: ("bois", "BOIS_GRANULE", 2020),  # chaudière bois granulés après 2019
    75: ("standard", "FIOUL", 1965),  # chaudière fioul classique avant 1970
    76: ("standard", "FIOUL", 1972),  # chaudière fioul classique 1970-1975
    77: ("standard", "FIOUL", 1978),  # chaudière fioul classique 1976-1980
    78: ("standard", "FIOUL", 1985),  # chaudière fioul classique 1981-1990
    79: ("standard", "FIOUL", 2000),  # chaudière fioul standard 1991-2015
    80: ("standard", "FIOUL", 2018),  # chaudière fioul standard après 2015
    81: ("basse_temperature", "FIOUL", 2000),  # chaudière fioul basse température 1991-2015
    82: ("basse_temperature", "FIOUL", 2018),  # chaudière fioul basse température après 2015
    83: ("condensation", "FIOUL", 2005),  # chaudière fioul à condensation 1996-2015
    84: ("condensation", "FIOUL", 2018),  # chaudière fioul à condensation après 2015
    85: ("standard", "GAZ_NATUREL", 1975),  # chaudière gaz classique avant 1981
    86: ("standard", "GAZ_NATUREL", 1983),  # chaudière gaz classique 1981-1985
    87: ("standard", "GAZ_NATUREL", 1988),  # chaudière gaz classique 1986-1990
    88: ("standard", "GAZ_NATUREL", 1995),  # chaudière gaz standard 1991-2000
    89: ("standard", "GAZ_NATUREL", 2008),  # chaudière gaz standard 2001-2015
    90: ("standard", "GAZ_NATUREL", 2018),  # chaudière gaz standard après 2015
    91: ("basse_temperature", "GAZ_NATUREL", 1995),  # chaudière gaz basse température 1991-2000
    92: ("basse_temperature", "GAZ_NATUREL", 2008),  # chaudière gaz basse température 2001-2015
    93: ("basse_temperature", "GAZ_NATUREL", 2018),  # chaudière gaz basse température après 2015
    94: ("condensation", "GAZ_NATUREL", 1983),  # chaudière gaz à condensation 1981-1985
    95: ("condensation", "GAZ_NATUREL", 1995),  # chaudière gaz à condensation 1986-2000
    96: ("condensation", "GAZ_NATUREL", 2008),  # chaudière gaz à condensation 2001-2015
    97: ("condensation", "GAZ_NATUREL", 2018),  # chaudière gaz à condensation après 2015
    113: ("standard", "GAZ_NATUREL", 1975),  # autre système à combustion gaz
    114: ("standard", "FIOUL", 1965),  # autre système à combustion fioul
    115: ("bois", "BOIS_BUCHE", 2000),  # autre système à combustion bois
    116: ("standard", "FIOUL", 1965),  # autre système à combustion, autres énergies fossiles
    119: ("standard", "FIOUL", 1980),  # système collectif par défaut : chaudière fioul pénalisante
    120: ("standard", "FIOUL", 1965),  # chaudière charbon avant 1978
    121: ("standard", "FIOUL", 1985),  # chaudière charbon 1978-1994
    122: ("standard", "FIOUL", 2000),  # chaudière charbon 1995-2003
    123: ("standard", "FIOUL", 2008),  # chaudière charbon 2004-2012
    124: ("standard", "FIOUL", 2015),  # chaudière charbon 2013-2017
    125: ("standard", "FIOUL", 2018),  # chaudière charbon 2018-2019
    126: ("standard", "FIOUL", 2020),  # chaudière charbon après 2019
    127: ("standard", "GPL", 1975),  # chaudière gpl/propane/butane classique avant 1981
    128: ("standard", "GPL", 1983),  # chaudière gpl/propane/butane classique 1981-1985
    129: ("standard", "GPL", 1988),  # chaudière gpl/propane/butane classique 1986-1990
    130: ("standard", "GPL", 1995),  # chaudière gpl/propane/butane standard 1991-2000
    131: ("standard", "GPL", 2008),  # chaudière gpl/propane/butane standard 2001-2015
    132: ("standard", "GPL", 2018),  # chaudière gpl/propane/butane standard après 2015
    133: ("basse_temperature", "GPL", 1995),  # chaudière gpl/propane/butane basse température 1991-2000
    134: ("basse_temperature", "GPL", 2008),  # chaudière gpl/propane/butane basse température 2001-2015
    135: ("basse_temperature", "GPL", 2018),  # chaudière gpl/propane/butane basse température après 2015
    136: ("condensation", "GPL", 1983),  # chaudière gpl/propane/butane à condensation 1981-1985
    137: ("condensation", "GPL", 1995),  # chaudière gpl/propane/butane à condensation 1986-2000
    138: ("condensation", "GPL", 2008),  # chaudière gpl/propane/butane à condensation 2001-2015
    139: ("condensation", "GPL", 2018),  # chaudière gpl/propane/butane à condensation après 2015
    148: ("condensation", "GAZ_NATUREL", 2008),  # PAC hybride, partie chaudière : gaz à condensation 2001-2015
    149: ("condensation", "GAZ_NATUREL", 2018),  # PAC hybride, partie chaudière : gaz à condensation après 2015
    150: ("condensation", "FIOUL", 2005),  # PAC hybride, partie chaudière : fioul à condensation 1996-2015
    151: ("condensation", "FIOUL", 2018),  # PAC hybride, partie chaudière : fioul à condensation après 2015
    152: ("bois", "BOIS_GRANULE", 2015),  # PAC hybride, partie chaudière : bois granulés 2013-2019
    153: ("bois", "BOIS_GRANULE", 2020),  # PAC hybride, partie chaudière : bois granulés après 2019
    160: ("condensation", "GPL", 2008),  # PAC hybride, partie chaudière : gpl/propane/butane à condensation 2001-2015
    161: ("condensation", "GPL", 2018),  # PAC hybride, partie chaudière : gpl/propane/butane à condensation après 2015
}

# --- §11, §14 hot-water generators (enum_type_generateur_ecs_id) --------------------------------------------------

# electric tanks -> (type_generateur, label_generateur) of table ecs.cr (§11.6)
ELECTRIC_TANKS = {
    68: ("BALLON_ELECTRIQUE_HORIZONTAL", None),  # ballon électrique à accumulation horizontal
    69: ("BALLON_ELECTRIQUE_VERTICAL", "INCONNU"),  # vertical autres ou inconnue
    70: ("BALLON_ELECTRIQUE_VERTICAL", "NE_PERFORMANCE_B"),  # vertical catégorie B ou 2 étoiles
    71: ("BALLON_ELECTRIQUE_VERTICAL", "NE_PERFORMANCE_C"),  # vertical catégorie C ou 3 étoiles
}
DHW_UNKNOWN_TANK = 69
# The default collective system (84, a penalising oil boiler) on electricity with a tank is an electric tank of
# unknown category (69)
DHW_DEFAULT_COLLECTIVE = 84
# electric generators without a tank -> Rg of table ecs.rg (§14)
DHW_ELECTRIC_RG = {117: 1.0, 118: 0.97}  # chauffe-eau électrique instantané, chaudière électrique
# heat-pump water heaters and double-service heat pumps -> (type_generateur, annee) of table ecs.cop (§14.3)
DHW_THERMODYNAMIC = {
    1: ("CET_AIR_AMBIANT", 2005),  # cet sur air ambiant avant 2010
    2: ("CET_AIR_AMBIANT", 2012),  # cet sur air ambiant 2010-2014
    3: ("CET_AIR_AMBIANT", 2018),  # cet sur air ambiant après 2014
    4: ("CET_AIR_EXTERIEUR", 2005),  # cet sur air extérieur avant 2010
    5: ("CET_AIR_EXTERIEUR", 2012),  # cet sur air extérieur 2010-2014
    6: ("CET_AIR_EXTERIEUR", 2018),  # cet sur air extérieur après 2014
    7: ("CET_AIR_EXTRAIT", 2005),  # cet sur air extrait avant 2010
    8: ("CET_AIR_EXTRAIT", 2012),  # cet sur air extrait 2010-2014
    9: ("CET_AIR_EXTRAIT", 2018),  # cet sur air extrait après 2014
    10: ("PAC_DOUBLE_SERVICE", 2005),  # pac double service avant 2010
    11: ("PAC_DOUBLE_SERVICE", 2012),  # pac double service 2010-2014
    12: ("PAC_DOUBLE_SERVICE", 2018),  # pac double service après 2014
}
# "autre système thermodynamique" électrique / gaz: computed as a double-service heat pump of its period
# (enum_periode_installation_ecs_thermo_id), as certified
DHW_THERMODYNAMIC_BY_PERIOD = frozenset({82, 83})
DHW_THERMO_PERIOD_YEAR = {1: 2005, 2: 2012, 3: 2018}  # avant 2010, 2010-2014, à partir de 2015
# heat networks and multi-building plants modelled as one: Rg 0.9
DHW_HEAT_NETWORKS = frozenset({72, 73, 74, 75, 76, 77, 119, 134})
# boilers: the same boiler in the heating enum (its kind, energy and age in ``BOILERS``)
DHW_TO_HEATING = {
    15: 55,  # chaudière bois bûche avant 1978
    16: 56,  # chaudière bois bûche 1978-1994
    17: 57,  # chaudière bois bûche 1995-2003
    18: 58,  # chaudière bois bûche 2004-2012
    19: 59,  # chaudière bois bûche 2013-2017
    20: 60,  # chaudière bois bûche 2018-2019
    21: 61,  # chaudière bois bûche après 2019
    22: 62,  # chaudière bois plaquette avant 1978
    23: 63,  # chaudière bois plaquette 1978-1994
    24: 64,  # chaudière bois plaquette 1995-2003
    25: 65,  # chaudière bois plaquette 2004-2012
    26: 66,  # chaudière bois plaquette 2013-2017
    27: 67,  # chaudière bois plaquette 2018-2019
    28: 68,  # chaudière bois plaquette après 2019
    29: 69,  # chaudière bois granulés avant 1978
    30: 70,  # chaudière bois granulés 1978-1994
    31: 71,  # chaudière bois granulés 1995-2003
    32: 72,  # chaudière bois granulés 2004-2012
    33: 73,  # chaudière bois granulés 2013-2019
    34: 74,  # chaudière bois granulés après 2019
    35: 75,  # chaudière fioul classique avant 1970
    36: 76,  # chaudière fioul classique 1970-1975
    37: 77,  # chaudière fioul classique 1976-1980
    38: 78,  # chaudière fioul classique 1981-1990
    39: 79,  # chaudière fioul standard 1991-2015
    40: 80,  # chaudière fioul standard après 2015
    41: 81,  # chaudière fioul basse température 1991-2015
    42: 82,  # chaudière fioul basse température après 2015
    43: 83,  # chaudière fioul à condensation 1996-2015
    44: 84,  # chaudière fioul à condensation après 2015
    45: 85,  # chaudière gaz classique avant 1981
    46: 86,  # chaudière gaz classique 1981-1985
    47: 87,  # chaudière gaz classique 1986-1990
    48: 88,  # chaudière gaz standard 1991-2000
    49: 89,  # chaudière gaz standard 2001-2015
    50: 90,  # chaudière gaz standard après 2015
    51: 91,  # chaudière gaz basse température 1991-2000
    52: 92,  # chaudière gaz basse température 2001-2015
    53: 93,  # chaudière gaz basse température après 2015
    54: 94,  # chaudière gaz à condensation 1981-1985
    55: 95,  # chaudière gaz à condensation 1986-2000
    56: 96,  # chaudière gaz à condensation 2001-2015
    57: 97,  # chaudière gaz à condensation après 2015
    85: 120,  # chaudière charbon avant 1978
    86: 121,  # chaudière charbon 1978-1994
    87: 122,  # chaudière charbon 1995-2003
    88: 123,  # chaudière charbon 2004-2012
    89: 124,  # chaudière charbon 2013-2017
    90: 125,  # chaudière charbon 2018-2019
    91: 126,  # chaudière charbon après 2019
    92: 127,  # chaudière gpl/propane/butane classique avant 1981
    93: 128,  # chaudière gpl/propane/butane classique 1981-1985
    94: 129,  # chaudière gpl/propane/butane classique 1986-1990
    95: 130,  # chaudière gpl/propane/butane standard 1991-2000
    96: 131,  # chaudière gpl/propane/butane standard 2001-2015
    97: 132,  # chaudière gpl/propane/butane standard après 2015
    98: 133,  # chaudière gpl/propane/butane basse température 1991-2000
    99: 134,  # chaudière gpl/propane/butane basse température 2001-2015
    100: 135,  # chaudière gpl/propane/butane basse température après 2015
    101: 136,  # chaudière gpl/propane/butane à condensation 1981-1985
    102: 137,  # chaudière gpl/propane/butane à condensation 1986-2000
    103: 138,  # chaudière gpl/propane/butane à condensation 2001-2015
    104: 139,  # chaudière gpl/propane/butane à condensation après 2015
    120: 148,  # PAC hybride, partie chaudière : gaz à condensation 2001-2015
    121: 149,  # PAC hybride, partie chaudière : gaz à condensation après 2015
    122: 150,  # PAC hybride, partie chaudière : fioul à condensation 1996-2015
    123: 151,  # PAC hybride, partie chaudière : fioul à condensation après 2015
    124: 152,  # PAC hybride, partie chaudière : bois granulés 2013-2019
    125: 153,  # PAC hybride, partie chaudière : bois granulés après 2019
    126: 154,  # PAC hybride, partie chaudière : bois bûche 2013-2017
    127: 155,  # PAC hybride, partie chaudière : bois bûche 2018-2019
    128: 156,  # PAC hybride, partie chaudière : bois bûche après 2019
    129: 157,  # PAC hybride, partie chaudière : bois plaquette 2013-2017
    130: 158,  # PAC hybride, partie chaudière : bois plaquette 2018-2019
    131: 159,  # PAC hybride, partie chaudière : bois plaquette après 2019
    132: 160,  # PAC hybride, partie chaudière : gpl/propane/butane à condensation 2001-2015
    133: 161,  # PAC hybride, partie chaudière : gpl/propane/butane à condensation après 2015
}
# "autre système à combustion" gaz / fioul / bois / autres énergies fossiles, and the default collective system not
# on electricity: a standard boiler of 1990 (as certified)
DHW_OTHER_COMBUSTION = frozenset({78, 79, 80, 81, 84})
# §14.1 a collective "autre système à combustion" gaz / fioul / bois / autres fossiles: the heating enum's "other"
# systems (113-116), whose oldest standard-boiler rows (QP0 4 % of Pn) certified DPEs use for collective hot water too
# (an individual one keeps the standard boiler of 1990)
DHW_OTHER_AS_HEATING = {78: 113, 79: 114, 80: 115, 81: 116}
# wood-fired boiler stoves -> energie_generateur of table ecs.combustion, type POELE_BOUILLEUR, year 2008
DHW_BOILER_STOVES = {
    13: "BOIS_BUCHE",  # poêle à bois bouilleur bûche avant 2012
    14: "BOIS_BUCHE",  # à partir de 2012
    115: "BOIS_GRANULE",  # poêle à bois bouilleur granulés avant 2012
    116: "BOIS_GRANULE",  # à partir de 2012
}
DHW_BOILER_STOVE_YEAR = 2008
# gas storage water heaters -> (energie_generateur, type_generateur) of table ecs.combustion, year 1995
DHW_ACCUMULATORS = {
    58: ("GAZ_NATUREL", "ACCUMULATEUR_STANDARD"),  # accumulateur gaz classique avant 1990
    59: ("GAZ_NATUREL", "ACCUMULATEUR_STANDARD"),  # accumulateur gaz classique 1990-2000
    60: ("GAZ_NATUREL", "ACCUMULATEUR_STANDARD"),  # accumulateur gaz classique après 2000
    61: ("GAZ_NATUREL", "ACCUMULATEUR_CONDENSATION"),  # accumulateur gaz à condensation 1996-2000
    62: ("GAZ_NATUREL", "ACCUMULATEUR_CONDENSATION"),  # accumulateur gaz à condensation après 2000
    105: ("GPL", "ACCUMULATEUR_STANDARD"),  # accumulateur gpl/propane/butane classique avant 1990
    106: ("GPL", "ACCUMULATEUR_STANDARD"),  # accumulateur gpl/propane/butane classique 1990-2000
    107: ("GPL", "ACCUMULATEUR_STANDARD"),  # accumulateur gpl/propane/butane classique après 2000
    108: ("GPL", "ACCUMULATEUR_CONDENSATION"),  # accumulateur gpl/propane/butane à condensation 1996-2000
    109: ("GPL", "ACCUMULATEUR_CONDENSATION"),  # accumulateur gpl/propane/butane à condensation après 2000
}
DHW_ACCUMULATOR_YEAR = 1995
# instantaneous gas water heaters -> (energie_generateur, annee) of table ecs.combustion, CHAUFFE_EAU_INSTANTANE
DHW_INSTANTANEOUS = {
    63: ("GAZ_NATUREL", 1975),  # chauffe-eau gaz à production instantanée avant 1980
    64: ("GAZ_NATUREL", 1985),  # chauffe-eau gaz à production instantanée 1981-1989
    65: ("GAZ_NATUREL", 1995),  # chauffe-eau gaz à production instantanée 1990-2000
    66: ("GAZ_NATUREL", 2008),  # chauffe-eau gaz à production instantanée 2001-2015
    67: ("GAZ_NATUREL", 2018),  # chauffe-eau gaz à production instantanée après 2015
    110: ("GPL", 1975),  # chauffe-eau gpl/propane/butane à production instantanée avant 1980
    111: ("GPL", 1985),  # chauffe-eau gpl/propane/butane à production instantanée 1981-1989
    112: ("GPL", 1995),  # chauffe-eau gpl/propane/butane à production instantanée 1990-2000
    113: ("GPL", 2008),  # chauffe-eau gpl/propane/butane à production instantanée 2001-2015
    114: ("GPL", 2018),  # chauffe-eau gpl/propane/butane à production instantanée après 2015
}

# enum_cfg_installation_ecs_id
DHW_CFG_TWO_SYSTEMS = 3  # deux systèmes d'ECS dans une maison ou un appartement: half of the need each
# enum_bouclage_reseau_ecs_id -> bouclage_reseau of table ecs.rd (§11.3)
DHW_LOOP = {1: "RESEAU_NON_BOUCLE", 2: "RESEAU_BOUCLE", 3: "RESEAU_TRACE"}


# hybrid heat pumps, described as two generators: the heat-pump part and the boiler part (enum_type_generateur_ch_id)
HYBRID_HEAT_PUMP_PARTS = frozenset({145, 146, 147, *range(162, 171)})
HYBRID_BOILER_PARTS = frozenset(range(148, 162))

# §9 relief configurations: the base generator of configurations 6 (a wood boiler) and 8 (a heat pump), recognised by
# its enum_type_generateur_ch_id when the DPE links every generator to the main emitters
WOOD_BOILERS = frozenset(gid for gid, (kind, _e, _y) in BOILERS.items() if kind == "bois") | frozenset(BOILER_STOVES)
CFG_BASE_ROLE = {
    6: lambda gid: gid in WOOD_BOILERS,  # chaudière ou PAC en relève d'une chaudière bois
    8: lambda gid: gid in HEAT_PUMPS,  # chaudière en relève de PAC
}
