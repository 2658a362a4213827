"""Table references of the exchange format (``tv_*_id``) -> rows of the 3CL tables stored in ``threecl/tables``.

Data only. A DPE names the table row the diagnostician chose by its rank in ADEME's value tables. Where the stored
copy keeps ADEME's row order the rank is the row (``tables.row_at``: U tables of walls, floors and ceilings, Fe2 of
homogeneous distant masks, Fch); the mappings below are for the tables ADEME numbers differently (compact or
reordered forms). Each was established on the reference DPEs with ``bench/dpe_chapters.py``, comparing the values
the engine resolves with the certified intermediate values it never reads.
"""

# §6.2.2.1 close masks Fe1 (tv_coef_masque_proche_id) -> row of table baie.fe1. ADEME: 1-4 back of a balcony or
# loggia facing north, 5-8 south, 9-12 east and west (one set of rows for both, the first here), by depth
# (< 1 m, 1-2 m, 2-3 m, ≥ 3 m); 13-16 balcony or awning by depth; 17-18 side wall without / with an obstacle to the
# south. (ADEME id 19 is "no close mask": no row, Fe1 = 1.)
FE1_TV_ROW = {
    1: 1,
    2: 2,
    3: 3,
    4: 4,
    5: 5,
    6: 6,
    7: 7,
    8: 8,
    9: 9,
    10: 10,
    11: 11,
    12: 12,
    13: 17,
    14: 18,
    15: 19,
    16: 20,
    17: 21,
    18: 22,
}

# §6.2.2.3 non-homogeneous distant masks (tv_coef_masque_lointain_non_homogene_id) -> row of table baie.omb: five
# groups of four mask heights (< 15°, 15-30°, 30-60°, ≥ 60°)
OMB_TV_ROW = {
    # window facing north, lateral sector (west rows)
    1: 1,
    2: 2,
    3: 3,
    4: 4,
    # window facing north, central sector (west rows)
    5: 5,
    6: 6,
    7: 7,
    8: 8,
    # window facing east, south lateral sector
    9: 29,
    10: 30,
    11: 31,
    12: 32,
    # window facing east, south central sector
    13: 25,
    14: 26,
    15: 27,
    16: 28,
    # window facing east, north lateral sector
    17: 17,
    18: 18,
    19: 19,
    20: 20,
}

# §3.4 thermal bridges (tv_pont_thermique_id) -> row of table pont_thermique.kpt. ADEME's table is compact: 1-28
# floor/wall junctions as 7 wall insulations × 4 floor insulations, 29-35 intermediate floors by wall insulation,
# 36-63 ceiling/wall junctions like the floors, 64-70 partition walls, then 71-149 the window/wall rows in the stored
# order. Comment: type_liaison, type_isolation_mur, type_isolation_plancher (window/wall: type_pose_ouverture,
# presence_retour_isolation, largeur_dormant).
KPT_TV_ROW = {
    1: 1,  # PLANCHER_BAS_MUR, NON_ISOLE, NON_ISOLE
    2: 2,  # PLANCHER_BAS_MUR, NON_ISOLE, ITI
    3: 3,  # PLANCHER_BAS_MUR, NON_ISOLE, ITE
    4: 4,  # PLANCHER_BAS_MUR, NON_ISOLE, ITR
    5: 9,  # PLANCHER_BAS_MUR, ITI, NON_ISOLE
    6: 10,  # PLANCHER_BAS_MUR, ITI, ITI
    7: 11,  # PLANCHER_BAS_MUR, ITI, ITE
    8: 12,  # PLANCHER_BAS_MUR, ITI, ITR
    9: 17,  # PLANCHER_BAS_MUR, ITE, NON_ISOLE
    10: 18,  # PLANCHER_BAS_MUR, ITE, ITI
    11: 19,  # PLANCHER_BAS_MUR, ITE, ITE
    12: 20,  # PLANCHER_BAS_MUR, ITE, ITR
    13: 25,  # PLANCHER_BAS_MUR, ITR, NON_ISOLE
    14: 26,  # PLANCHER_BAS_MUR, ITR, ITI
    15: 27,  # PLANCHER_BAS_MUR, ITR, ITE
    16: 28,  # PLANCHER_BAS_MUR, ITR, ITR
    17: 33,  # PLANCHER_BAS_MUR, ITI_ITE, NON_ISOLE
    18: 34,  # PLANCHER_BAS_MUR, ITI_ITE, ITI
    19: 35,  # PLANCHER_BAS_MUR, ITI_ITE, ITE
    20: 36,  # PLANCHER_BAS_MUR, ITI_ITE, ITR
    21: 41,  # PLANCHER_BAS_MUR, ITI_ITR, NON_ISOLE
    22: 43,  # PLANCHER_BAS_MUR, ITI_ITR, ITI
    23: 45,  # PLANCHER_BAS_MUR, ITI_ITR, ITE
    24: 46,  # PLANCHER_BAS_MUR, ITI_ITR, ITR
    25: 57,  # PLANCHER_BAS_MUR, ITE_ITR, NON_ISOLE
    26: 58,  # PLANCHER_BAS_MUR, ITE_ITR, ITI
    27: 59,  # PLANCHER_BAS_MUR, ITE_ITR, ITE
    28: 60,  # PLANCHER_BAS_MUR, ITE_ITR, ITR
    29: 65,  # PLANCHER_INTERMEDIAIRE_MUR, NON_ISOLE
    30: 66,  # PLANCHER_INTERMEDIAIRE_MUR, ITI
    31: 67,  # PLANCHER_INTERMEDIAIRE_MUR, ITE
    32: 68,  # PLANCHER_INTERMEDIAIRE_MUR, ITR
    33: 69,  # PLANCHER_INTERMEDIAIRE_MUR, ITI_ITE
    34: 70,  # PLANCHER_INTERMEDIAIRE_MUR, ITI_ITR
    35: 71,  # PLANCHER_INTERMEDIAIRE_MUR, ITE_ITR
    36: 73,  # PLANCHER_HAUT_MUR, NON_ISOLE, NON_ISOLE
    37: 74,  # PLANCHER_HAUT_MUR, NON_ISOLE, ITI
    38: 75,  # PLANCHER_HAUT_MUR, NON_ISOLE, ITE
    39: 76,  # PLANCHER_HAUT_MUR, NON_ISOLE, ITR
    40: 81,  # PLANCHER_HAUT_MUR, ITI, NON_ISOLE
    41: 82,  # PLANCHER_HAUT_MUR, ITI, ITI
    42: 83,  # PLANCHER_HAUT_MUR, ITI, ITE
    43: 84,  # PLANCHER_HAUT_MUR, ITI, ITR
    44: 89,  # PLANCHER_HAUT_MUR, ITE, NON_ISOLE
    45: 90,  # PLANCHER_HAUT_MUR, ITE, ITI
    46: 91,  # PLANCHER_HAUT_MUR, ITE, ITE
    47: 92,  # PLANCHER_HAUT_MUR, ITE, ITR
    48: 97,  # PLANCHER_HAUT_MUR, ITR, NON_ISOLE
    49: 98,  # PLANCHER_HAUT_MUR, ITR, ITI
    50: 99,  # PLANCHER_HAUT_MUR, ITR, ITE
    51: 100,  # PLANCHER_HAUT_MUR, ITR, ITR
    52: 105,  # PLANCHER_HAUT_MUR, ITI_ITE, NON_ISOLE
    53: 106,  # PLANCHER_HAUT_MUR, ITI_ITE, ITI
    54: 107,  # PLANCHER_HAUT_MUR, ITI_ITE, ITE
    55: 108,  # PLANCHER_HAUT_MUR, ITI_ITE, ITR
    56: 113,  # PLANCHER_HAUT_MUR, ITI_ITR, NON_ISOLE
    57: 115,  # PLANCHER_HAUT_MUR, ITI_ITR, ITI
    58: 117,  # PLANCHER_HAUT_MUR, ITI_ITR, ITE
    59: 118,  # PLANCHER_HAUT_MUR, ITI_ITR, ITR
    60: 129,  # PLANCHER_HAUT_MUR, ITE_ITR, NON_ISOLE
    61: 130,  # PLANCHER_HAUT_MUR, ITE_ITR, ITI
    62: 131,  # PLANCHER_HAUT_MUR, ITE_ITR, ITE
    63: 132,  # PLANCHER_HAUT_MUR, ITE_ITR, ITR
    64: 137,  # REFEND_MUR, NON_ISOLE
    65: 138,  # REFEND_MUR, ITI
    66: 139,  # REFEND_MUR, ITE
    67: 140,  # REFEND_MUR, ITR
    68: 141,  # REFEND_MUR, ITI_ITE
    69: 142,  # REFEND_MUR, ITI_ITR
    70: 143,  # REFEND_MUR, ITE_ITR
    71: 145,  # MENUISERIE_MUR, NON_ISOLE, NU_EXTERIEUR, 50
    72: 146,  # MENUISERIE_MUR, NON_ISOLE, NU_EXTERIEUR, 100
    73: 147,  # MENUISERIE_MUR, NON_ISOLE, TUNNEL, 50
    74: 148,  # MENUISERIE_MUR, NON_ISOLE, TUNNEL, 100
    75: 149,  # MENUISERIE_MUR, NON_ISOLE, NU_INTERIEUR, 50
    76: 150,  # MENUISERIE_MUR, NON_ISOLE, NU_INTERIEUR, 100
    77: 151,  # MENUISERIE_MUR, ITI, NU_EXTERIEUR, 1, 50
    78: 152,  # MENUISERIE_MUR, ITI, NU_EXTERIEUR, 1, 100
    79: 153,  # MENUISERIE_MUR, ITI, TUNNEL, 1, 50
    80: 154,  # MENUISERIE_MUR, ITI, TUNNEL, 1, 100
    81: 155,  # MENUISERIE_MUR, ITI, NU_INTERIEUR, 1, 50
    82: 156,  # MENUISERIE_MUR, ITI, NU_INTERIEUR, 1, 100
    83: 157,  # MENUISERIE_MUR, ITI, NU_EXTERIEUR, 0, 50
    84: 158,  # MENUISERIE_MUR, ITI, NU_EXTERIEUR, 0, 100
    85: 159,  # MENUISERIE_MUR, ITI, TUNNEL, 0, 50
    86: 160,  # MENUISERIE_MUR, ITI, TUNNEL, 0, 100
    87: 161,  # MENUISERIE_MUR, ITI, NU_INTERIEUR, 0, 50
    88: 162,  # MENUISERIE_MUR, ITI, NU_INTERIEUR, 0, 100
    89: 163,  # MENUISERIE_MUR, ITE, NU_EXTERIEUR, 1, 50
    90: 164,  # MENUISERIE_MUR, ITE, NU_EXTERIEUR, 1, 100
    91: 165,  # MENUISERIE_MUR, ITE, TUNNEL, 1, 50
    92: 166,  # MENUISERIE_MUR, ITE, TUNNEL, 1, 100
    93: 167,  # MENUISERIE_MUR, ITE, NU_INTERIEUR, 1, 50
    94: 168,  # MENUISERIE_MUR, ITE, NU_INTERIEUR, 1, 100
    95: 169,  # MENUISERIE_MUR, ITE, NU_EXTERIEUR, 0, 50
    96: 170,  # MENUISERIE_MUR, ITE, NU_EXTERIEUR, 0, 100
    97: 171,  # MENUISERIE_MUR, ITE, TUNNEL, 0, 50
    98: 172,  # MENUISERIE_MUR, ITE, TUNNEL, 0, 100
    99: 173,  # MENUISERIE_MUR, ITE, NU_INTERIEUR, 0, 50
    100: 174,  # MENUISERIE_MUR, ITE, NU_INTERIEUR, 0, 100
    101: 175,  # MENUISERIE_MUR, ITR
    102: 176,  # MENUISERIE_MUR, ITI_ITE, NU_EXTERIEUR, 1, 50
    103: 177,  # MENUISERIE_MUR, ITI_ITE, NU_EXTERIEUR, 1, 100
    104: 178,  # MENUISERIE_MUR, ITI_ITE, TUNNEL, 1, 50
    105: 179,  # MENUISERIE_MUR, ITI_ITE, TUNNEL, 1, 100
    106: 180,  # MENUISERIE_MUR, ITI_ITE, NU_INTERIEUR, 1, 50
    107: 181,  # MENUISERIE_MUR, ITI_ITE, NU_INTERIEUR, 1, 100
    108: 182,  # MENUISERIE_MUR, ITI_ITE, NU_EXTERIEUR, 0, 50
    109: 183,  # MENUISERIE_MUR, ITI_ITE, NU_EXTERIEUR, 0, 100
    110: 184,  # MENUISERIE_MUR, ITI_ITE, TUNNEL, 0, 50
    111: 185,  # MENUISERIE_MUR, ITI_ITE, TUNNEL, 0, 100
    112: 186,  # MENUISERIE_MUR, ITI_ITE, NU_INTERIEUR, 0, 50
    113: 187,  # MENUISERIE_MUR, ITI_ITE, NU_INTERIEUR, 0, 100
    114: 188,  # MENUISERIE_MUR, ITI_ITR, NU_EXTERIEUR, 1, 50
    115: 189,  # MENUISERIE_MUR, ITI_ITR, NU_EXTERIEUR, 1, 100
    116: 190,  # MENUISERIE_MUR, ITI_ITR, TUNNEL, 1, 50
    117: 191,  # MENUISERIE_MUR, ITI_ITR, TUNNEL, 1, 100
    118: 192,  # MENUISERIE_MUR, ITI_ITR, NU_INTERIEUR, 1, 50
    119: 193,  # MENUISERIE_MUR, ITI_ITR, NU_INTERIEUR, 1, 100
    120: 194,  # MENUISERIE_MUR, ITI_ITR, NU_EXTERIEUR, 0, 50
    121: 195,  # MENUISERIE_MUR, ITI_ITR, NU_EXTERIEUR, 0, 100
    122: 196,  # MENUISERIE_MUR, ITI_ITR, TUNNEL, 0, 50
    123: 197,  # MENUISERIE_MUR, ITI_ITR, TUNNEL, 0, 100
    124: 198,  # MENUISERIE_MUR, ITI_ITR, NU_INTERIEUR, 0, 50
    125: 199,  # MENUISERIE_MUR, ITI_ITR, NU_INTERIEUR, 0, 100
    126: 200,  # MENUISERIE_MUR, ITE_ITR, NU_EXTERIEUR, 1, 50
    127: 201,  # MENUISERIE_MUR, ITR_ITE_ITI, NU_EXTERIEUR, 1, 50
    128: 202,  # MENUISERIE_MUR, ITE_ITR, NU_EXTERIEUR, 1, 100
    129: 203,  # MENUISERIE_MUR, ITR_ITE_ITI, NU_EXTERIEUR, 1, 100
    130: 204,  # MENUISERIE_MUR, ITE_ITR, TUNNEL, 1, 50
    131: 205,  # MENUISERIE_MUR, ITR_ITE_ITI, TUNNEL, 1, 50
    132: 206,  # MENUISERIE_MUR, ITE_ITR, TUNNEL, 1, 100
    133: 207,  # MENUISERIE_MUR, ITR_ITE_ITI, TUNNEL, 1, 100
    134: 208,  # MENUISERIE_MUR, ITE_ITR, NU_INTERIEUR, 1, 50
    135: 209,  # MENUISERIE_MUR, ITR_ITE_ITI, NU_INTERIEUR, 1, 50
    136: 210,  # MENUISERIE_MUR, ITE_ITR, NU_INTERIEUR, 1, 100
    137: 211,  # MENUISERIE_MUR, ITR_ITE_ITI, NU_INTERIEUR, 1, 100
    138: 212,  # MENUISERIE_MUR, ITE_ITR, NU_EXTERIEUR, 0, 50
    139: 213,  # MENUISERIE_MUR, ITR_ITE_ITI, NU_EXTERIEUR, 0, 50
    140: 214,  # MENUISERIE_MUR, ITE_ITR, NU_EXTERIEUR, 0, 100
    141: 215,  # MENUISERIE_MUR, ITR_ITE_ITI, NU_EXTERIEUR, 0, 100
    142: 216,  # MENUISERIE_MUR, ITE_ITR, TUNNEL, 0, 50
    143: 217,  # MENUISERIE_MUR, ITR_ITE_ITI, TUNNEL, 0, 50
    144: 218,  # MENUISERIE_MUR, ITE_ITR, TUNNEL, 0, 100
    145: 219,  # MENUISERIE_MUR, ITR_ITE_ITI, TUNNEL, 0, 100
    146: 220,  # MENUISERIE_MUR, ITE_ITR, NU_INTERIEUR, 0, 50
    147: 221,  # MENUISERIE_MUR, ITR_ITE_ITI, NU_INTERIEUR, 0, 50
    148: 222,  # MENUISERIE_MUR, ITE_ITR, NU_INTERIEUR, 0, 100
    149: 223,  # MENUISERIE_MUR, ITR_ITE_ITI, NU_INTERIEUR, 0, 100
}

# §12.2 heating distribution Rd (tv_rendement_distribution_ch_id, a compact table of 12 rows) -> row of table
# chauffage.rd
RD_TV_ROW = {
    1: 1,  # no distribution network
    2: 23,  # air network not insulated
    3: 13,  # hydronic, collective, high temperature, not insulated
    4: 12,  # hydronic, collective, low or medium temperature, not insulated
    5: 10,  # hydronic, individual, high temperature, not insulated
    6: 9,  # hydronic, individual, low or medium temperature, not insulated
    7: 22,  # air network insulated
    8: 7,  # hydronic, collective, high temperature, insulated
    9: 6,  # hydronic, collective, low or medium temperature, insulated
    10: 4,  # hydronic, individual, high temperature, insulated
    11: 3,  # hydronic, individual, low or medium temperature, insulated
    12: 21,  # refrigerant
}

# §4 conventional permeability Q4Pa,conv (tv_q4pa_conv_id) -> row of table enveloppe.q4pa_conv: ADEME lists the
# "immeuble" rows first, then "maison", then the "insulated walls and ceilings" and "window seals" variants
Q4PA_TV_ROW = {
    1: 9,  # immeuble before 1948
    2: 12,  # immeuble 1948-1974
    3: 14,  # immeuble 1975-2012
    4: 15,  # immeuble from 2013
    5: 1,  # maison before 1948
    6: 4,  # maison 1948-1974
    7: 6,  # maison 1975-2005
    8: 7,  # maison 2006-2012
    9: 8,  # maison from 2013
    10: 2,  # maison before 1948, insulated walls and ceilings
    11: 5,  # maison 1948-1974, insulated walls and ceilings
    12: 3,  # maison before 1948, window seals
}

# §6.3 transparency T of a sunspace's glazing (tv_coef_transparence_ets_id) -> row of table lnc.baie.t: ADEME's
# table has no wood-metal rows, so its ids from 7 on are 5 rows further here
ETS_T_TV_ROW = {
    1: 1,  # polycarbonate
    2: 2,  # wood frame, single glazing
    3: 3,
    4: 4,
    5: 5,
    6: 6,  # wood frame, triple glazing with low-e coating
    7: 12,  # PVC frame, single glazing
    8: 13,
    9: 14,
    10: 15,
    11: 16,
    12: 17,  # metal with thermal break, single glazing
    13: 18,
    14: 19,
    15: 20,
    16: 21,
    17: 22,  # metal without thermal break, single glazing
    18: 23,
    19: 24,
    20: 25,
    21: 26,
}

# §11.5 solar coverage of hot water (tv_facteur_couverture_solaire_id) -> row of table ecs.fecs. ADEME's table
# holds the 8 rows of the heating Fch first (ids 1-8, table chauffage.fch), then the hot-water rows: houses with a
# system older / younger than 5 years, houses with combined heating and hot water, then buildings, each by zone.
FECS_TV_ROW = {
    9: 1,
    10: 2,
    11: 3,
    12: 4,
    13: 5,
    14: 6,
    15: 7,
    16: 8,
    17: 9,
    18: 10,
    19: 11,
    20: 12,
    21: 13,
    22: 14,
    23: 15,
    24: 16,
    25: 17,
    26: 18,
    27: 19,
    28: 20,
    29: 21,
    30: 22,
    31: 23,
    32: 24,
    33: 25,
    34: 26,
    35: 27,
    36: 28,
    37: 29,
    38: 30,
    39: 31,
    40: 32,
    41: 33,
    42: 34,
    43: 35,
    44: 36,
    45: 37,
    46: 38,
    47: 39,
    48: 40,
}

# §11.3 hot-water distribution Rd (tv_rendement_distribution_ecs_id) -> row of table ecs.rd: ADEME numbers the
# arrêté's rows without the "bouclage inconnu" ones
ECS_RD_TV_ROW = {
    1: 1,  # individual, contiguous supply, in the heated volume (0.93)
    2: 2,  # individual, not contiguous (0.87)
    3: 3,  # individual, outside the heated volume (0.83)
    4: 6,  # collective, not looped, contiguous
    5: 7,  # collective, not looped, not contiguous
    6: 8,  # collective, looped, contiguous
    7: 9,  # collective, looped, not contiguous
    8: 10,  # collective, trace heating
}

# §8 intermittence (tv_intermittence_id): ADEME numbers the rows of collective heating with individual metering
# ("comptage individuel") after all the others, as ids 167 to 190
METERED_I0_TV_IDS = frozenset(range(167, 191))
