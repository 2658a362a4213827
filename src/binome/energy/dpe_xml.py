"""Import of an ADEME DPE XML file (3CL-DPE 2021 model) into the engine's ``Dwelling``.

Only ``donnee_entree`` blocks and general characteristics are read. ``donnee_intermediaire`` and ``sortie`` are
never used for the computation; ``reference_outputs`` reads ``sortie`` for benchmarking only.

The ``fiche_technique`` section (the diagnostician's descriptive summary of what was entered, not a computed output)
is a documented fallback for inputs the exchange format does not carry in ``donnee_entree``:

- the SCOP/COP of a heat pump whose characteristics were entered from its nameplate or documentation
  (``enum_methode_saisie_carac_sys_id`` 6); the format stores that value only in ``donnee_intermediaire``, which
  the engine never reads, while the fiche technique of the heating (or hot-water) system repeats it
  ("SCOP / COP: 4,7"). Any other method of entry keeps the table value, even when the fiche shows a COP;
- likewise the Pn of a boiler entered from its nameplate (methods 2-5, "Pn générateur: 24 kW"), for individual
  installations and collective ones whose flat share (``ratio_virtualisation``) applies;
- the insulating render of an old wall ("Enduit sur matériaux anciens: oui") in XML versions before 2.3, which have
  no ``enduit_isolant_paroi_ancienne`` element (their ``paroi_ancienne`` flag only says the wall is old). The
  element, when present, always wins.
"""

import functools
import math
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from .threecl import envelope as env, tables
from .threecl.climate import tbase
from .threecl.model import (
    Bridge,
    Combustion,
    CoolingSystem,
    DhwSystem,
    Dwelling,
    HeatingSystem,
    Opaque,
    Ventilation,
    Veranda,
    Window,
)


class DpeXmlError(ValueError):
    """Raised with a French message when a file cannot be read as a DPE."""


ZONES = {1: "H1a", 2: "H1b", 3: "H1c", 4: "H2a", 5: "H2b", 6: "H2c", 7: "H2d", 8: "H3"}
PERIOD_YEAR = {1: 1940, 2: 1965, 3: 1976, 4: 1980, 5: 1985, 6: 1995, 7: 2003, 8: 2009, 9: 2016, 10: 2022}
INSULATION_PERIOD_YEAR = {1: 1947, 2: 1974, 3: 1976, 4: 1980, 5: 1985, 6: 1995, 7: 2003, 8: 2009, 9: 2016, 10: 2022}
INERTIA = {1: "tres_lourde", 2: "lourde", 3: "moyenne", 4: "legere"}
ENERGY = {
    1: "electricite",
    2: "gaz_naturel",
    3: "fioul",
    4: "bois_buches",
    5: "bois_granules",
    6: "bois_plaquettes",
    7: "bois_plaquettes",
    8: "reseau_chaleur",
    9: "propane",
    10: "butane",
    11: "charbon",
    12: "electricite",
    13: "gpl",
    14: "autre_fossile",
    15: "reseau_chaleur",
}
COMBUSTION_ENERGY = {
    "gaz_naturel": "GAZ_NATUREL",
    "fioul": "FIOUL",
    "bois_buches": "BOIS_BUCHE",
    "bois_granules": "BOIS_GRANULE",
    "bois_plaquettes": "BOIS_PLAQUETTE",
    "propane": "GPL",
    "butane": "GPL",
    "gpl": "GPL",
    "charbon": "CHARBON",
    "autre_fossile": "FIOUL",
}
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
    16: "BETON_CELLULAIRE",
    17: "BETON_CELLULAIRE",
    18: "OSSATURE_BOIS_AVEC_REMPLISSAGE_ISOLANT",
    19: "SANDWICH_BETON_ISOLANT_BETON_SANS_ISOLATION_RAPPORTEE",
    20: "CLOISON_PLATRE",
    21: "INCONNU",
    22: "INCONNU",
    23: "INCONNU",
    24: "OSSATURE_BOIS_AVEC_REMPLISSAGE_ISOLANT",
    25: "OSSATURE_BOIS_SANS_REMPLISSAGE",
    26: "OSSATURE_BOIS_AVEC_REMPLISSAGE_ISOLANT",
    27: "OSSATURE_BOIS_AVEC_REMPLISSAGE_TOUT_VENANT",
}
WALL_MATERIAL_YEAR = {16: 2000, 17: 2013, 18: 2006, 24: 2003, 26: 2000}
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
    13: "INCONNU",
}
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
    11: "PLAFOND_LOURD",
    12: "COMBLES_AMENAGES_SOUS_RAMPANT",
    13: "TOITURE_CHAUME",
    14: "PLAFOND_PATRE",
    15: "INCONNU",
    16: "BAC_ACIER",
}
SIMPLE_ADJ = {
    1: "EXTERIEUR",
    2: "ENTERRE",
    3: "VIDE_SANITAIRE",
    4: "LOCAL_NON_RESIDENTIEL",
    5: "TERRE_PLEIN",
    6: "SOUS_SOL_NON_CHAUFFE",
    7: "LOCAL_NON_ACCESSIBLE",
    20: "LOCAL_NON_RESIDENTIEL",
    22: "LOCAL_RESIDENTIEL",
}
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
    19: "GARAGE_COLLECTIF",
    21: "AUTRES",
}
GLAZING = {1: "SIMPLE_VITRAGE", 2: "DOUBLE_VITRAGE", 3: "TRIPLE_VITRAGE", 4: "DOUBLE_VITRAGE"}
GAS = {1: "AIR", 2: "ARGON", 3: "INCONNU"}
WINDOW_TYPE = {
    1: ("BRIQUE_VERRE_PLEINE", None),
    2: ("BRIQUE_VERRE_CREUSE", None),
    3: ("POLYCARBONATE", None),
    4: ("FENETRE_BATTANTE", None),
    5: ("FENETRE_COULISSANTE", None),
    6: ("PORTE_FENETRE_COULISSANTE", None),
    7: ("PORTE_FENETRE_BATTANTE", 0),
    8: ("PORTE_FENETRE_BATTANTE", 1),
}
FRAME = {3: ("BOIS", None), 4: ("BOIS_METAL", None), 5: ("PVC", None), 6: ("METAL", 1), 7: ("METAL", 0)}
POSE = {1: "NU_EXTERIEUR", 2: "NU_INTERIEUR", 3: "TUNNEL"}
ORIENTATION = {1: "S", 2: "N", 3: "E", 4: "W", 5: "H"}
INCLINATION = {1: "horizontal", 2: "sloped", 3: "vertical", 4: "horizontal"}
CLOSURE = {
    2: "JALOUSIE_ACCORDEON",
    3: "FERMETURE_SANS_AJOURS",
    4: "VOLETS_ROULANTS_PVC_BOIS_EPAISSEUR_LTE_12MM",
    5: "PERSIENNE_COULISSANTE_EPAISSEUR_LTE_22MM",
    6: "VOLETS_ROULANTS_PVC_BOIS_EPAISSEUR_GT_12MM",
    7: "PERSIENNE_COULISSANTE_EPAISSEUR_GT_22MM",
    8: "FERMETURE_ISOLEE_SANS_AJOURS",
}
# porte.uporte rows by door type (§3.3.4)
DOOR_U = {1: 3.5, 2: 4.0, 3: 4.5, 4: 3.3, 5: 3.5, 6: 4.0, 7: 4.5, 8: 3.3, 9: 5.8, 10: 5.8, 11: 5.5, 12: 4.8}
DOOR_U.update({13: 1.5, 14: 1.5, 15: 1.5, 16: 3.5})
INSULATION = {2: "NON_ISOLE", 3: "ITI", 4: "ITE", 5: "ITR", 6: "ITI_ITE", 7: "ITI_ITR", 8: "ITE_ITR", 9: "ITI"}
LINK = {
    1: "PLANCHER_BAS_MUR",
    2: "PLANCHER_INTERMEDIAIRE_MUR",
    3: "PLANCHER_HAUT_MUR",
    4: "REFEND_MUR",
    5: "MENUISERIE_MUR",
}
VENTILATION = {
    1: ("VENTILATION_NATURELLE", None, None, None, None),
    2: ("VENTILATION_NATURELLE", "AUTOREGLABLE", None, None, None),
    25: ("VENTILATION_NATURELLE", "AUTOREGLABLE", None, None, None),
    34: ("VENTILATION_NATURELLE", "HYGROREGLABLE", None, None, None),
    3: ("VMC_SIMPLE_FLUX", "AUTOREGLABLE", None, None, 1980),
    4: ("VMC_SIMPLE_FLUX", "AUTOREGLABLE", None, None, 1990),
    5: ("VMC_SIMPLE_FLUX", "AUTOREGLABLE", None, None, 2005),
    6: ("VMC_SIMPLE_FLUX", "AUTOREGLABLE", None, None, 2015),
    7: ("VMC_SIMPLE_FLUX", "HYGROREGLABLE", "AUTOREGLABLE", None, 1995),
    8: ("VMC_SIMPLE_FLUX", "HYGROREGLABLE", "AUTOREGLABLE", None, 2005),
    9: ("VMC_SIMPLE_FLUX", "HYGROREGLABLE", "AUTOREGLABLE", None, 2015),
    10: ("VMC_SIMPLE_FLUX_GAZ", None, None, None, 1995),
    11: ("VMC_SIMPLE_FLUX_GAZ", None, None, None, 2005),
    12: ("VMC_SIMPLE_FLUX_GAZ", None, None, None, 2015),
    13: ("VMC_SIMPLE_FLUX", "HYGROREGLABLE", "HYGROREGLABLE", None, 1995),
    14: ("VMC_SIMPLE_FLUX", "HYGROREGLABLE", "HYGROREGLABLE", None, 2005),
    15: ("VMC_SIMPLE_FLUX", "HYGROREGLABLE", "HYGROREGLABLE", None, 2015),
    16: ("VMC_BASSE_PRESSION", "AUTOREGLABLE", None, None, None),
    17: ("VMC_BASSE_PRESSION", "HYGROREGLABLE", "AUTOREGLABLE", None, None),
    18: ("VMC_BASSE_PRESSION", "HYGROREGLABLE", "HYGROREGLABLE", None, None),
    19: ("VMC_DOUBLE_FLUX", None, None, 1, 2005),
    20: ("VMC_DOUBLE_FLUX", None, None, 1, 2015),
    21: ("VMC_DOUBLE_FLUX", None, None, 1, 2005),
    22: ("VMC_DOUBLE_FLUX", None, None, 1, 2015),
    23: ("VMC_DOUBLE_FLUX", None, None, 0, 2005),
    24: ("VMC_DOUBLE_FLUX", None, None, 0, 2015),
    26: ("VENTILATION_HYBRIDE", None, None, None, 1995),
    27: ("VENTILATION_HYBRIDE", None, None, None, 2005),
    28: ("VENTILATION_HYBRIDE", None, None, None, 2015),
    29: ("VENTILATION_HYBRIDE", None, "HYGROREGLABLE", None, 1995),
    30: ("VENTILATION_HYBRIDE", None, "HYGROREGLABLE", None, 2005),
    31: ("VENTILATION_HYBRIDE", None, "HYGROREGLABLE", None, 2015),
    32: ("VENTILATION_MECANIQUE", None, None, None, 2005),
    33: ("VENTILATION_MECANIQUE", None, None, None, 2015),
    35: ("PUIT_CLIMATIQUE", None, None, 0, 2005),
    36: ("PUIT_CLIMATIQUE", None, None, 0, 2015),
    37: ("PUIT_CLIMATIQUE", None, None, 1, 2005),
    38: ("PUIT_CLIMATIQUE", None, None, 1, 2015),
}
INTERMITTENCE = {
    1: "ABSENT",
    2: "CENTRAL",
    3: "CENTRAL_MINIMUM_TEMPERATURE",
    4: "TERMINAL_MINIMUM_TEMPERATURE",
    5: "TERMINAL_MINIMUM_TEMPERATURE_DETECTION_PRESENCE",
    6: "CENTRAL",
    7: "CENTRAL",
}


# ---------------------------------------------------------------------------------------------------------------
def _t(e, tag):
    if e is None:
        return None
    x = e.find(tag)
    if x is None or x.text is None or x.text.strip() == "":
        return None
    return x.text.strip()


def _f(e, tag, default=None):
    v = _t(e, tag)
    if v is None:
        return default
    try:
        return float(v)
    except ValueError:
        return default


def _i(e, tag, default=None):
    v = _f(e, tag)
    return default if v is None else int(v)


def parse(path) -> ET.Element:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DpeXmlError(f"Impossible de lire le fichier « {path} » : {exc.strerror or exc}.") from exc
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise DpeXmlError(f"Le fichier « {path.name} » n'est pas un XML valide ({exc}).") from exc
    if root.find("logement") is None or root.find("logement/caracteristique_generale") is None:
        raise DpeXmlError(
            f"Le fichier « {path.name} » n'est pas un DPE logement au format ADEME (bloc <logement> absent)."
        )
    return root


# Flats whose DPE is generated from the building's DPE: the envelope and systems are described for the whole
# building, so the building is computed and the flat gets its per-m² figures.
FLAT_FROM_BUILDING = {10, 13, 22, 23, 33, 34}


def building_type(root) -> str:
    m = _i(root, "logement/caracteristique_generale/enum_methode_application_dpe_log_id", 1)
    if m in (1, 14, 18):
        return "maison"
    if m in (6, 7, 8, 9, 17, 21, 26, 27, 28, 29, 30):
        return "immeuble"
    return "appartement"


def reference_outputs(root) -> dict:
    """Certified outputs from ``sortie`` — for benchmarking/comparison only, never used by the engine."""
    s = root.find("logement/sortie")
    if s is None:
        return {}
    return {
        "ep_conso_5_usages_m2": _f(s, "ep_conso/ep_conso_5_usages_m2"),
        "emission_ges_5_usages_m2": _f(s, "emission_ges/emission_ges_5_usages_m2"),
        "classe_bilan_dpe": _t(s, "ep_conso/classe_bilan_dpe"),
        "classe_emission_ges": _t(s, "emission_ges/classe_emission_ges"),
        "conso_ch": _f(s, "ef_conso/conso_ch"),
        "conso_ecs": _f(s, "ef_conso/conso_ecs"),
        "deperdition_enveloppe": _f(s, "deperdition/deperdition_enveloppe"),
        "besoin_ch": _f(s, "apport_et_besoin/besoin_ch"),
    }


class _Ctx:
    def __init__(self, zone, year, joule, building):
        self.zone = zone
        self.year = year
        self.joule = joule
        self.building = building
        self.fiches = {}
        self.flat_alone = False  # a flat computed on its own (not on the building described)
        self.n_dwellings = 1  # dwellings in the computed unit (a building computed as a whole)


# fiche technique categories (enum_categorie_fiche_technique_id)
FICHE_WALL, FICHE_HEATING, FICHE_DHW = 1, 7, 8


def _fiches(root) -> dict[int, list[list[tuple[str, str]]]]:
    """The fiche technique by category: each fiche as its (label, value) lines in document order.

    The label is the description before its colon ("SCOP / COP: 4,7" -> "SCOP / COP"), the value ``valeur``.
    """
    out = {}
    for ft in root.findall("fiche_technique_collection/fiche_technique"):
        items = []
        for s in ft.findall("sous_fiche_technique_collection/sous_fiche_technique"):
            desc = (s.findtext("description") or "").strip()
            label, _, rest = desc.partition(":")
            value = (s.findtext("valeur") or "").strip() or rest.strip()
            items.append((label.strip(), value))
        out.setdefault(_i(ft, "enum_categorie_fiche_technique_id"), []).append(items)
    return out


def _fiche_number(text) -> float | None:
    """A French-written number at the start of a fiche value ("4,7", "102,13 m²"), or None."""
    m = re.match(r"\s*(\d+(?:[.,]\d+)?)", text or "")
    return float(m.group(1).replace(",", ".")) if m else None


def _documented_cop(ctx, category, description, labels=("SCOP / COP",)) -> float | None:
    """SCOP/COP entered from a heat pump's nameplate or documentation, as the fiche technique states it.

    In a system fiche, a "SCOP / COP" line belongs to the generator named by the "Type générateur" line before it;
    the generator is recognised by its description. A single unattributed value is taken as the generator's.
    Values outside 1-10 are ignored.
    """
    return _documented_value(ctx, category, description, labels, 1.0, 10.0)


def _documented_value(ctx, category, description, labels, low, high) -> float | None:
    """A generator's value entered from its nameplate, as the fiche technique states it (see ``_documented_cop``);
    values outside ]low, high[ are ignored."""
    found = []  # (generator named before the value, value)
    for items in ctx.fiches.get(category, []):
        current = None
        for label, value in items:
            if label == "Type générateur":
                current = value
            elif label in labels:
                v = _fiche_number(value)
                if v is not None and low < v < high:
                    found.append((current, v))
    name = (description or "").strip()
    own = [v for gen, v in found if name and gen == name]
    if own:
        return own[0]
    loose = [v for gen, v in found if gen is None]
    return loose[0] if len(loose) == 1 else None


def _fiche_wall_renders(ctx, walls) -> list[bool | None]:
    """Per wall (``donnee_entree``, XML order): does its fiche say "Enduit sur matériaux anciens: oui"?

    Wall fiches follow the walls' order, one fiche per wall or per group of consecutive parts of a wall
    ("Mur 1 … (p1)", "(p2)" …), with the group's opaque surface ("Surface du mur: 102,13 m²"). When the fiches do
    not line up with the walls' surfaces, nothing is inferred (all None).
    """
    unknown = [None] * len(walls)
    fiches = [items for items in ctx.fiches.get(FICHE_WALL, []) if any(lb == "Surface du mur" for lb, _ in items)]
    if not fiches:
        return unknown
    out, i = [], 0
    for items in fiches:
        surface = next((_fiche_number(v) for lb, v in items if lb == "Surface du mur"), None)
        render = any(lb == "Enduit sur matériaux anciens" and v.lower() == "oui" for lb, v in items)
        if not surface:
            return unknown
        tol = max(0.1, 0.005 * surface)
        total, start = 0.0, i
        while i < len(walls) and total < surface - tol:
            total += _f(walls[i], "surface_paroi_opaque", 0) or 0
            i += 1
        if i == start or abs(total - surface) > tol:
            return unknown
        out.extend([render] * (i - start))
    return out if i == len(walls) else unknown


def _b(de, ctx: _Ctx) -> float:
    adj = _i(de, "enum_type_adjacence_id", 1)
    if adj in SIMPLE_ADJ:
        return env.b_simple(SIMPLE_ADJ[adj])
    cfg = _i(de, "enum_cfg_isolation_lnc_id", 2)
    if adj == 10 or cfg in (6, 7, 8, 9, 10, 11):
        orient = {6: "NORD", 9: "NORD", 7: "SUD", 10: "SUD"}.get(cfg, "EST")
        return env.b_veranda(ctx.zone, orient, cfg in (6, 7, 8))
    if cfg == 1:
        return 0.0
    return env.b_lnc(
        LNC.get(adj, "AUTRES"),
        _f(de, "surface_aiu"),
        _f(de, "surface_aue"),
        cfg in (4, 5),
        cfg in (3, 5),
    )


TV_TABLES = {
    "mur": ("mur.umur0", "umur0", "tv_umur0_id", "mur.umur", "umur", "tv_umur_id"),
    "plancher_bas": ("plancher_bas.upb0", "upb0", "tv_upb0_id", "plancher_bas.upb", "upb", "tv_upb_id"),
    "plancher_haut": ("plancher_haut.uph0", "uph0", "tv_uph0_id", "plancher_haut.uph", "uph", "tv_uph_id"),
}


def _tv(de, kind, bare: bool):
    """Value of the table row the diagnostician chose (``tv_*_id``), or None when absent."""
    table0, col0, tag0, table, col, tag = TV_TABLES[kind]
    row = tables.row_at(table0, _t(de, tag0)) if bare else tables.row_at(table, _t(de, tag))
    value = row.get(col0 if bare else col) if row else None
    return float(value) if isinstance(value, int | float) else None


def _u_generic(de, kind, u0, ctx: _Ctx, category="COMBLES_PERDUS", saisi_tag=None):
    saisi = _f(de, saisi_tag) if saisi_tag else None
    m = _i(de, "enum_methode_saisie_u_id", 1)
    iso = _i(de, "enum_type_isolation_id", 1)
    if saisi and m in (9, 10):
        return saisi, True
    if m == 1 or iso == 2:
        return u0, False
    if m in (3, 4):
        e = _f(de, "epaisseur_isolation")
        if e:
            return env.u_with_insulation(u0, thickness_cm=e), True
    if m in (5, 6):
        r = _f(de, "resistance_isolation")
        if r:
            return env.u_with_insulation(u0, resistance=r), True
    if saisi:
        return saisi, True
    u_row = _tv(de, kind, bare=False)
    if u_row is not None:
        return min(u0, u_row), True
    if m == 7:
        year = INSULATION_PERIOD_YEAR.get(_i(de, "enum_periode_isolation_id"), ctx.year)
        year = env.tab_year_insulated(year)
    elif m == 2:
        year = env.tab_year_insulated(ctx.year)
    else:  # 8: construction year
        year = ctx.year
    return min(u0, env.u_tab(kind, ctx.zone, year, ctx.joule, category)), True


def _wall(de, ctx, fiche_render=None):
    mat = _i(de, "enum_materiaux_structure_mur_id", 1)
    u0 = _f(de, "umur0_saisi") or _tv(de, "mur", bare=True)
    if not u0:
        year = WALL_MATERIAL_YEAR.get(mat, ctx.year)
        u0 = env.u_wall0(WALL_MATERIAL.get(mat, "INCONNU"), _f(de, "epaisseur_structure"), year)
    r = {3: 0.1, 4: 0.21, 5: 0.21}.get(_i(de, "enum_type_doublage_id", 2), 0.0)
    render = _i(de, "enduit_isolant_paroi_ancienne")
    if render is None:  # XML before 2.3: the fiche technique says whether the old wall has an insulating render
        render = int(bool(fiche_render))
    if render == 1:
        r += 0.7
    if r:
        u0 = 1 / (1 / u0 + r)
    u, insulated = _u_generic(de, "mur", u0, ctx, saisi_tag="umur_saisi")
    if mat == 1 or WALL_MATERIAL.get(mat) == "INCONNU" or not insulated:
        u = min(u, 2.5)  # §3.2.1: Umur = min(Umur0, 2.5) for a wall that is not insulated
    return u, insulated


def _floor(de, ctx):
    u0 = (
        _f(de, "upb0_saisi")
        or _tv(de, "plancher_bas", bare=True)
        or env.u_floor0(FLOOR_TYPE.get(_i(de, "enum_type_plancher_bas_id", 1), "INCONNU"))
    )
    u, insulated = _u_generic(de, "plancher_bas", u0, ctx, saisi_tag="upb_saisi")
    adj = _i(de, "enum_type_adjacence_id", 1)
    ground = {3: "VIDE_SANITAIRE", 5: "TERRE_PLEIN", 6: "SOUS_SOL_NON_CHAUFFE"}.get(adj)
    if ground:
        area = _f(de, "surface_ue") or _f(de, "surface_paroi_opaque", 0)
        per = _f(de, "perimetre_ue")
        sp = 2 * area / per if per else 6.0
        if ground == "TERRE_PLEIN" and ctx.year <= 2000 and not insulated:
            u = env.ue_ground(ground, 3.4 if u > 2 else u, sp, ctx.year)
        else:
            u = env.ue_ground(ground, u, sp, ctx.year)
    return u, insulated


def _roof(de, ctx):
    t = _i(de, "enum_type_plancher_haut_id", 1)
    adj = _i(de, "enum_type_adjacence_id", 1)
    u0 = _f(de, "uph0_saisi") or _tv(de, "plancher_haut", bare=True) or env.u_roof0(ROOF_TYPE.get(t, "INCONNU"))
    if t == 12 or (adj == 1 and t in (9, 10, 13, 16)):
        cat = "RAMPANTS"
    elif adj == 1 and t in (8, 11):
        cat = "TERRASSE"
    else:
        cat = "COMBLES_PERDUS"
    return _u_generic(de, "plancher_haut", u0, ctx, category=cat, saisi_tag="uph_saisi")


def _window(de, ctx):
    wt, sill = WINDOW_TYPE.get(_i(de, "enum_type_baie_id", 4), ("FENETRE_BATTANTE", None))
    frame, brk = FRAME.get(_i(de, "enum_type_materiaux_menuiserie_id", 5), (None, None))
    gl = _i(de, "enum_type_vitrage_id", 2)
    vir = _i(de, "vitrage_vir", 0) == 1
    glazing = GLAZING.get(gl)
    if glazing and vir and gl in (2, 3):
        glazing += "_FE"
    incl = INCLINATION.get(_i(de, "enum_inclinaison_vitrage_id", 3), "vertical")
    u_w = _f(de, "uw_saisi")
    if u_w is None:
        if wt in ("BRIQUE_VERRE_PLEINE", "BRIQUE_VERRE_CREUSE", "POLYCARBONATE"):
            u_w = (
                env.uw(wt, None, 0) if False else {"BRIQUE_VERRE_PLEINE": 3.5, "BRIQUE_VERRE_CREUSE": 2.9}.get(wt, 3.0)
            )
        else:
            u_g = _f(de, "ug_saisi") or env.ug(
                glazing or "DOUBLE_VITRAGE",
                GAS.get(_i(de, "enum_type_gaz_lame_id")),
                _f(de, "epaisseur_lame"),
                incl == "vertical",
            )
            u_w = env.uw(wt, frame or "PVC", u_g, sill, brk)
    u_jn = _f(de, "ujn_saisi")
    if u_jn is None:
        closure = CLOSURE.get(_i(de, "enum_type_fermeture_id", 1))
        u_jn = env.ujn(u_w, env.delta_r(closure) if closure else 0.0)
    if _i(de, "double_fenetre", 0) == 1:
        u_jn = 1 / (1 / u_jn + 1 / 5.0 + 0.07) if u_jn else u_jn
    s_w = _f(de, "sw_saisi")
    if s_w is None:
        s_w = env.sw(
            wt, frame, (glazing or "").replace("_FE", "") or None, POSE.get(_i(de, "enum_type_pose_id")), sill
        )
    return u_jn, s_w, ORIENTATION.get(_i(de, "enum_orientation_id", 1), "S"), incl, _solar_masks(de)


# Exchange-format ids of the §6.2.2 mask tables, as positions in the tables stored here (checked on the reference
# DPEs with bench/dpe_chapters.py). Fe1: ids 1-12 are the balcony/loggia rows (east and west share rows 9-12),
# 13-16 balcony or awning, 17-18 side walls, 19 "no close mask". Non-homogeneous distant masks: five groups of
# four heights - north/south lateral, north/south central, east/west south-lateral, east/west south-central,
# east/west north sectors.
FE1_TV_ROW = {**{i: i for i in range(1, 13)}, 13: 17, 14: 18, 15: 19, 16: 20, 17: 21, 18: 22}
OMB_GROUPS = (
    ("NORD", "SECTEUR_LATERAL_OUEST"),
    ("NORD", "SECTEUR_CENTRAL_OUEST"),
    ("EST", "SECTEUR_LATERAL_SUD"),
    ("EST", "SECTEUR_CENTRAL_SUD"),
    ("EST", "SECTEUR_LATERAL_NORD"),
)


def _omb(tv_id) -> float:
    try:
        group, height = divmod(int(tv_id) - 1, 4)
    except (TypeError, ValueError):
        return 0.0
    if not 0 <= group < len(OMB_GROUPS):
        return 0.0
    orientation, sector = OMB_GROUPS[group]
    rows = [r for r in tables.rows("baie.omb") if r["orientation_baie"] == orientation and r["secteur"] == sector]
    return float(rows[height]["omb"]) if height < len(rows) else 0.0


def _solar_masks(de) -> float:
    """§6.2.2 solar factor Fe = Fe1 (close masks) × Fe2 (distant masks, homogeneous or 1 − Σomb/100)."""
    fe1 = 1.0
    row = tables.row_at("baie.fe1", FE1_TV_ROW.get(_i(de, "tv_coef_masque_proche_id")))
    if row:
        fe1 = float(row["fe1"])
    fe2 = 1.0
    row = tables.row_at("baie.fe2", _t(de, "tv_coef_masque_lointain_homogene_id"))
    if row:
        fe2 = float(row["fe2"])
    ombs = [
        _omb(m.findtext("tv_coef_masque_lointain_non_homogene_id")) for m in de.iter("masque_lointain_non_homogene")
    ]
    if ombs:
        fe2 *= max(0.0, 1 - sum(ombs) / 100)
    return fe1 * fe2


def _verandas(root, ctx) -> list[Veranda]:
    """§6.3 sunspaces: transparency T of their glazing (tv_coef_transparence_ets_id: the exchange format's table has
    no wood-metal rows, so ids from 7 on are 5 rows further here), bver from their orientation and insulation."""
    out = []
    for ets in root.findall("logement/enveloppe/ets_collection/ets"):
        de = ets.find("donnee_entree")
        tv_id = _i(de, "tv_coef_transparence_ets_id")
        row = tables.row_at("lnc.baie.t", tv_id if tv_id is None or tv_id <= 6 else tv_id + 5)
        cfg = _i(de, "enum_cfg_isolation_lnc_id", 8)
        orient = {6: "NORD", 9: "NORD", 7: "SUD", 10: "SUD"}.get(cfg, "EST")
        bver = env.b_veranda(ctx.zone, orient, cfg in (6, 7, 8))
        glazing = [
            (
                _f(b, "donnee_entree/surface_totale_baie", 0.0) or 0.0,
                ORIENTATION.get(_i(b.find("donnee_entree"), "enum_orientation_id", 1), "S"),
                INCLINATION.get(_i(b.find("donnee_entree"), "enum_inclinaison_vitrage_id", 3), "vertical"),
            )
            for b in ets.findall("baie_ets_collection/baie_ets")
        ]
        out.append(Veranda(t=float(row["t"]) if row else 0.5, bver=bver, glazing=glazing))
    return out


def _refs(root):
    refs = {}
    for kind, path in (
        ("mur", "logement/enveloppe/mur_collection/mur"),
        ("plancher_bas", "logement/enveloppe/plancher_bas_collection/plancher_bas"),
        ("plancher_haut", "logement/enveloppe/plancher_haut_collection/plancher_haut"),
        ("baie", "logement/enveloppe/baie_vitree_collection/baie_vitree"),
        ("porte", "logement/enveloppe/porte_collection/porte"),
    ):
        for el in root.findall(path):
            de = el.find("donnee_entree")
            ref = _t(de, "reference")
            if ref:
                refs[ref] = (kind, de)
    return refs


def _insulation_label(de, u=None):
    iso = _i(de, "enum_type_isolation_id", 1)
    if iso in INSULATION:
        return INSULATION[iso]
    m = _i(de, "enum_methode_saisie_u_id", 1)
    return "NON_ISOLE" if m == 1 else "ITI"


# The exchange format's §3.4 k table (tv_pont_thermique_id) is the compact form of the table stored here:
# floor/wall and ceiling/wall junctions as 7 wall insulations × 4 floor insulations, intermediate floors and
# partition walls as 7 wall insulations, then the window/wall rows in the same order as here.
KPT_WALLS = ("NON_ISOLE", "ITI", "ITE", "ITR", "ITI_ITE", "ITI_ITR", "ITE_ITR")
KPT_FLOORS = ("NON_ISOLE", "ITI", "ITE", "ITR")


@functools.cache
def _kpt_from_tv(tv_id) -> float | None:
    if not tv_id or tv_id < 1:
        return None
    if tv_id <= 28 or 36 <= tv_id <= 63:
        link = "PLANCHER_BAS_MUR" if tv_id <= 28 else "PLANCHER_HAUT_MUR"
        wall, floor = divmod(tv_id - (1 if tv_id <= 28 else 36), 4)
        rows = tables.select(
            "pont_thermique.kpt",
            type_liaison=link,
            type_isolation_mur=KPT_WALLS[wall],
            type_isolation_plancher=KPT_FLOORS[floor],
        )
    elif tv_id <= 35 or 64 <= tv_id <= 70:
        link = "PLANCHER_INTERMEDIAIRE_MUR" if tv_id <= 35 else "REFEND_MUR"
        wall = tv_id - (29 if tv_id <= 35 else 64)
        rows = tables.select("pont_thermique.kpt", type_liaison=link, type_isolation_mur=KPT_WALLS[wall])
    else:
        row = tables.row_at("pont_thermique.kpt", tv_id + 74)
        rows = [row] if row and row["type_liaison"] == "MENUISERIE_MUR" else []
    return float(rows[0]["kpt"]) if rows else None


def _bridges(root, ctx, wall_u):
    out = []
    refs = _refs(root)
    for el in root.findall("logement/enveloppe/pont_thermique_collection/pont_thermique"):
        de = el.find("donnee_entree")
        share = _f(de, "pourcentage_valeur_pont_thermique")
        if share is None:
            # older XML: a flat shares its intermediate-floor and partition junctions with its neighbours (half)
            share = 0.5 if ctx.flat_alone and _i(de, "enum_type_liaison_id") in (2, 4) else 1.0
        length = _f(de, "l", 0.0) * share
        k = _f(de, "k_saisi")
        link = LINK.get(_i(de, "enum_type_liaison_id"))
        if k is None:
            k = _kpt_from_tv(_i(de, "tv_pont_thermique_id"))
        if k is None and link:
            a = refs.get(_t(de, "reference_1") or "")
            b = refs.get(_t(de, "reference_2") or "")
            wall = next((x for x in (a, b) if x and x[0] == "mur"), None)
            other = next((x for x in (a, b) if x and x[0] != "mur"), None)
            wall_iso = _insulation_label(wall[1]) if wall else "NON_ISOLE"
            if link == "MENUISERIE_MUR":
                ode = other[1] if other else de
                pose = POSE.get(_i(ode, "enum_type_pose_id", 2) or 2, "NU_INTERIEUR")
                k = env.k_bridge(
                    link,
                    wall_iso,
                    type_pose_ouverture=pose,
                    presence_retour_isolation=_i(ode, "presence_retour_isolation", 0),
                    largeur_dormant=50 if (_f(ode, "largeur_dormant", 5) or 5) <= 7 else 100,
                )
            else:
                floor_iso = _insulation_label(other[1]) if other else "NON_ISOLE"
                if link in ("REFEND_MUR", "PLANCHER_INTERMEDIAIRE_MUR"):
                    floor_iso = None
                k = env.k_bridge(link, wall_iso, floor_iso)
        out.append(Bridge(length=length, k=k or 0.0, label=link or ""))
    return out


# --- systems ---------------------------------------------------------------------------------------------------
def _boiler_spec(gen_id: int):
    """(kind, energy label, year) for boiler enum ids of type_generateur_ch."""
    oil = {75: 1965, 76: 1972, 77: 1978, 78: 1985}
    if gen_id in oil:
        return "standard", "FIOUL", oil[gen_id]
    table = {
        79: ("standard", "FIOUL", 2000),
        80: ("standard", "FIOUL", 2018),
        81: ("basse_temperature", "FIOUL", 2000),
        82: ("basse_temperature", "FIOUL", 2018),
        83: ("condensation", "FIOUL", 2005),
        84: ("condensation", "FIOUL", 2018),
    }
    if gen_id in table:
        return table[gen_id]
    gas_like = {
        0: ("standard", 1975),
        1: ("standard", 1983),
        2: ("standard", 1988),
        3: ("standard", 1995),
        4: ("standard", 2008),
        5: ("standard", 2018),
        6: ("basse_temperature", 1995),
        7: ("basse_temperature", 2008),
        8: ("basse_temperature", 2018),
        9: ("condensation", 1983),
        10: ("condensation", 1995),
        11: ("condensation", 2008),
        12: ("condensation", 2018),
    }
    if 85 <= gen_id <= 97:
        kind, y = gas_like[gen_id - 85]
        return kind, "GAZ_NATUREL", y
    if 127 <= gen_id <= 139:
        kind, y = gas_like[gen_id - 127]
        return kind, "GPL", y
    wood_years = (1975, 1985, 2000, 2008, 2015, 2018, 2020)
    if 55 <= gen_id <= 61:
        return "bois", "BOIS_BUCHE", wood_years[gen_id - 55]
    if 62 <= gen_id <= 68:
        return "bois", "BOIS_PLAQUETTE", wood_years[gen_id - 62]
    if 69 <= gen_id <= 74:
        return "bois", "BOIS_GRANULE", (1975, 1985, 2000, 2008, 2015, 2020)[gen_id - 69]
    if 120 <= gen_id <= 126:  # coal boilers: certified DPEs use the standard oil-boiler rows (QP0 4 % before 1978)
        return "standard", "FIOUL", ((1965,) + wood_years[1:])[gen_id - 120]
    hybrid = {148: ("condensation", "GAZ_NATUREL", 2008), 149: ("condensation", "GAZ_NATUREL", 2018)}
    hybrid.update({150: ("condensation", "FIOUL", 2005), 151: ("condensation", "FIOUL", 2018)})
    hybrid.update({152: ("bois", "BOIS_GRANULE", 2015), 153: ("bois", "BOIS_GRANULE", 2020)})
    hybrid.update({160: ("condensation", "GPL", 2008), 161: ("condensation", "GPL", 2018)})
    if gen_id in hybrid:
        return hybrid[gen_id]
    # "other" combustion systems: certified DPEs take the oldest standard-boiler rows (QP0 = 4 % of Pn)
    if gen_id in (113,):
        return "standard", "GAZ_NATUREL", 1975
    if gen_id == 114:
        return "standard", "FIOUL", 1965
    if gen_id == 119:
        return "standard", "FIOUL", 1980
    if gen_id == 115:
        return "bois", "BOIS_BUCHE", 2000
    if gen_id == 116:
        return "standard", "FIOUL", 1965
    return None


TABLE_TYPE = {
    "standard": "CHAUDIERE_STANDARD",
    "basse_temperature": "CHAUDIERE_BASSE_TEMPERATURE",
    "condensation": "CHAUDIERE_CONDENSATION",
    "bois": "CHAUDIERE_STANDARD",
}


def combustion_params(kind: str, energy_label: str, year: int, pn_kw: float, table="chauffage.combustion", ttype=None):
    row = tables.match(
        table,
        type_generateur=ttype or TABLE_TYPE.get(kind, "CHAUDIERE_STANDARD"),
        energie_generateur=energy_label,
        annee_installation_generateur=year,
        pn=pn_kw,
    )
    if row is None:
        return 0.84, 0.84, 0.01 * pn_kw, 0.0
    from .threecl.combustion import evaluate

    rpn = evaluate(row.get("rpn"), pn_kw) or 84.0
    rpint = evaluate(row.get("rpint"), pn_kw) or rpn
    qp0 = evaluate(row.get("qp0"), pn_kw)
    if qp0 is None:
        qp0 = 0.01 * pn_kw
    pveil = (row.get("pveilleuse") or 0) / 1000
    return rpn / 100, rpint / 100, qp0, pveil


# tv_rendement_distribution_ch_id (compact table of the exchange format) -> row of §12.2 table Rd stored here:
# none, air network not insulated, hydronic collective/individual × high/low-medium temperature × insulated or not,
# air network insulated, refrigerant (checked on the reference DPEs with bench/dpe_chapters.py)
RD_TV_ROW = {1: 1, 2: 23, 3: 13, 4: 12, 5: 10, 6: 9, 7: 22, 8: 7, 9: 6, 10: 4, 11: 3, 12: 21}


def _emitter_params(em_de, ctx, collective_installation=False, energy=None):
    t = _i(em_de, "enum_type_emission_distribution_id", 41)
    temp = {2: "BASSE", 3: "MOYENNE", 4: "HAUTE"}.get(_i(em_de, "enum_temp_distribution_ch_id", 1))
    iso = "ISOLE" if _i(em_de, "reseau_distribution_isole", 0) == 1 else "NON_ISOLE"
    collectif = 0
    wet = False
    re, rr, rd = 0.95, 0.9, 1.0
    emission = "RADIATEUR"
    if t in (1, 2, 3):
        re, rr = {1: (0.95, 0.99), 2: (0.97, 0.99), 3: (0.97, 0.99)}[t]
    elif t == 4:
        re, rr = 0.95, 0.96
    elif t == 5:
        emission, re, rr = "AIR_SOUFFLE", 0.95, 0.96
        rd = float(tables.value("chauffage.rd", "rd", 0.8, type_distribution="AERAULIQUE", isolation_reseau=iso))
    elif t in (6, 7):
        emission, re, rr = "PLAFOND_CHAUFFANT", 0.98, 0.98 if t == 6 else 0.96
    elif t in (8, 9):
        emission, re, rr = "PLANCHER_CHAUFFANT", 1.0, 0.98 if t == 8 else 0.96
    elif t == 10:
        re, rr = 0.95, 0.95
    elif 11 <= t <= 18:
        emission = "PLANCHER_CHAUFFANT" if t <= 14 else "PLAFOND_CHAUFFANT"
        collectif = 1 if t in (11, 12, 15, 16) else 0
        re = 1.0 if t <= 14 else 0.98
        rr = 0.9 if collectif else 0.95
        wet = True
    elif t == 19:
        re, rr = 0.95, 0.96
    elif 20 <= t <= 23:
        re, rr = 0.95, 0.8
    elif 24 <= t <= 39:
        k = t - 24
        robinet = (k // 4) % 2
        collectif = 0 if (k // 2) % 2 else 1
        re, rr = 0.95, 0.95 if robinet else 0.9
        wet = True
    elif t == 40:
        re, rr = 0.95, 0.9
    elif t in (42, 50):
        emission, re, rr = "AIR_SOUFFLE", 0.95, 0.96
    elif t in (43, 44):
        emission, re, rr = ("PLANCHER_CHAUFFANT", 1.0, 0.95) if t == 43 else ("PLAFOND_CHAUFFANT", 0.98, 0.95)
    elif 46 <= t <= 49:
        emission, re, rr = "AIR_SOUFFLE", 0.95, 0.96
        collectif = 1 if t in (46, 47) else 0
        wet = True
    if wet and temp:
        rd = float(
            tables.value(
                "chauffage.rd",
                "rd",
                0.9,
                type_distribution="HYDRAULIQUE",
                temperature_distribution=temp,
                reseau_collectif=collectif,
                isolation_reseau=iso,
            )
        )
    rd_row = tables.row_at("chauffage.rd", RD_TV_ROW.get(_i(em_de, "tv_rendement_distribution_ch_id")))
    if rd_row is not None:
        rd = float(rd_row["rd"])
    if collective_installation:
        collectif = 1
    central = _i(em_de, "enum_type_chauffage_id", 1) == 2
    # collective heating with individual metering: the exchange format numbers these I0 rows after the others
    metering = int(bool(collectif) and 167 <= (_i(em_de, "tv_intermittence_id") or 0) <= 190)
    i0 = tables.value(
        "chauffage.i0",
        "i0",
        0.9,
        type_batiment="MAISON" if ctx.building == "maison" else "IMMEUBLE",
        type_emission=emission,
        type_intermittence=INTERMITTENCE.get(_i(em_de, "enum_equipement_intermittence_id", 1), "ABSENT"),
        chauffage_central=int(central),
        regulation_terminale=int(_i(em_de, "enum_type_regulation_id", 1) == 2),
        chauffage_collectif=collectif,
        inertie_lourde=int(ctx.inertia in ("lourde", "tres_lourde")),
        comptage_individuel=metering,
    )
    period = _i(em_de, "enum_periode_installation_emetteur_id")
    em_year = {1: 1975, 2: 1990, 3: 2005}.get(period, ctx.year)
    # §15.2.1 circulator: floor/ceiling heating 15 kPa (Fcot 0.156), single-pipe radiators 30 kPa, other radiators
    # 10 kPa, otherwise 35 kPa; Δθdim 15 °C for high-temperature or air distribution, 7.5 °C otherwise
    if t in (6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 43, 44):
        dp_em, fcot = 15.0, 0.156
    elif 24 <= t <= 31:
        dp_em, fcot = 30.0, 0.802
    elif t in (10, 19, 45) or 32 <= t <= 39:
        dp_em, fcot = 10.0, 0.802
    else:
        dp_em, fcot = 35.0, 0.802
    dtheta = 15.0 if (_i(em_de, "enum_temp_distribution_ch_id") == 4 or t == 5) else 7.5
    return dict(
        re=re,
        rr=rr,
        rd=rd,
        i0=float(i0),
        wet=wet,
        emission=emission,
        temp=temp or "HAUTE",
        em_year=em_year,
        circ=(dp_em, fcot, dtheta),
    )


def _generator(gde, em, ctx, pdim):
    gid = _i(gde, "enum_type_generateur_ch_id", 0)
    energy = ENERGY.get(_i(gde, "enum_type_energie_id", 1), "electricite")
    hs = HeatingSystem(energy=energy, re=em["re"], rd=em["rd"], rr=em["rr"], i0=em["i0"], wet=em["wet"])
    hs.circ_dp_em, hs.circ_fcot, hs.circ_dtheta = em.get("circ", (10.0, 0.802, 15.0))
    hs.circ_levels = em.get("levels", 1)
    year = ctx.year
    if 1 <= gid <= 19 or gid in (145, 146, 147) or 162 <= gid <= 170 or gid == 117:
        fam = ("PAC_AIR_AIR", "PAC_AIR_EAU", "PAC_EAU_EAU", "PAC_EAU_GLYCOLEE_EAU", "PAC_GEOTHERMIQUE")
        if 1 <= gid <= 19:
            ftype = fam[0] if gid <= 3 else fam[1 + (gid - 4) // 4]
            idx = (gid - 1) % 3 if gid <= 3 else (gid - 4) % 4
            year = ((2005, 2010, 2018) if gid <= 3 else (2005, 2010, 2015, 2018))[idx]
        else:
            ftype, year = "PAC_AIR_EAU", 2018
        row = tables.match(
            "chauffage.scop",
            zone_climatique=ctx.zone[:2],
            type_generateur=ftype,
            type_emission=em["emission"],
            annee_installation_generateur=year,
        )
        hs.rg = float((row or {}).get("scop") or (row or {}).get("cop") or 2.6)
        if _i(gde, "enum_methode_saisie_carac_sys_id") == 6:  # nameplate SCOP/COP, stated in the fiche technique
            hs.rg = _documented_cop(ctx, FICHE_HEATING, _t(gde, "description")) or hs.rg
        if em["emission"] == "AIR_SOUFFLE" and ftype == "PAC_AIR_AIR":
            # split units have no network (Rd 1); a ducted air/air heat pump keeps its air network's Rd (0.8/0.85)
            hs.re, hs.rr = 0.95, 0.96
        return hs
    if 20 <= gid <= 43:
        kind = ("CUISINIERE", "FOYER_FERME", "POELE", "INSERT")[(gid - 20) % 4]
        grp = (gid - 20) // 4
        year, lab = (
            (1985, None),
            (2000, None),
            (2010, "SANS"),
            (2005, "FLAMME_VERTE"),
            (2010, "FLAMME_VERTE"),
            (2019, "FLAMME_VERTE"),
        )[grp]
        hs.rg = float(
            tables.value(
                "chauffage.rg",
                "rg",
                0.65,
                type_generateur=kind,
                energie_generateur="BOIS_BUCHE",
                label_generateur=lab,
                annee_installation_generateur=year,
            )
        )
        return hs
    if gid in (44, 45, 46):
        hs.rg = {44: 0.8, 45: 0.85, 46: 0.87}[gid]
        return hs
    if gid == 47:
        hs.rg = 0.72
        return hs
    if 98 <= gid <= 105:
        hs.rg = 1.0
        return hs
    if gid == 106:
        hs.rg = 0.97
        hs.wet = True
        return hs
    if 113 <= gid <= 119 and energy == "electricite":  # "other" generator with electricity: Joule effect (§12.4)
        hs.rg = 1.0
        return hs
    if gid in (107, 108, 109, 110, 111, 112, 142, 171) or energy == "reseau_chaleur":
        hs.rg = float(tables.value("chauffage.rg", "rg", 0.97, type_generateur="RESEAU_CHALEUR"))  # §12.4
        hs.energy = "reseau_chaleur" if energy == "electricite" else energy
        return hs
    kind = None
    if gid in (48, 49, 140, 141):
        spec = ("bois", "BOIS_BUCHE" if gid in (48, 49) else "BOIS_GRANULE", 2008 if gid in (48, 140) else 2015)
        ttype = "POELE_BOUILLEUR"
    elif gid in (50, 51, 52):
        spec = ("air_chaud", None, 2000 if gid == 50 else 2010)
        ttype = "GENERATEUR_AIR_CHAUD_CONDENSATION" if gid == 52 else "GENERATEUR_AIR_CHAUD"
    elif gid in (53, 54):
        spec = ("radiateur_gaz", None, 2000 if gid == 53 else 2010)
        ttype = "RADIATEUR_INDEPENDANT"
    elif gid == 119 and energy in COMBUSTION_ENERGY:
        # "other" generator described as a boiler: its description names the kind (certified: recent rows)
        desc = (_t(gde, "description") or "").lower()
        kind = "condensation" if "condensation" in desc else ("basse_temperature" if "basse temp" in desc else None)
        spec = (kind or "standard", COMBUSTION_ENERGY[energy], 2008)
        ttype = None
    else:
        spec = _boiler_spec(gid)
        ttype = None
    if spec is None:
        hs.rg = 0.8
        return hs
    kind, elabel, year = spec
    if elabel is None:
        elabel = COMBUSTION_ENERGY.get(energy)
    wall_hung = energy in ("gaz_naturel", "propane", "butane", "gpl")
    from .threecl.combustion import default_pn

    virt = em.get("virt") or 1.0
    pn = default_pn(pdim / virt, wall_hung, year)  # a collective boiler is sized for the whole building
    if virt < 1:
        pn = min(pn, 400.0)
    # Pn entered from the nameplate (methods 2-5) is stated in the fiche technique; a collective boiler's is the
    # building's, used only when the flat's share (ratio_virtualisation) is known
    nameplate = (_i(gde, "enum_methode_saisie_carac_sys_id") or 1) in (2, 3, 4, 5)
    documented = None
    if nameplate and (em.get("individual", True) or virt < 1):
        documented = _documented_value(ctx, FICHE_HEATING, _t(gde, "description"), ("Pn générateur",), 1.0, 5000.0)
    pn = documented or pn
    rpn, rpint, qp0, pveil = combustion_params(kind, elabel, year, pn, ttype=ttype)
    tf100 = tables.value(
        "chauffage.tfonc100",
        "tfonc100",
        80,
        temperature_distribution=em["temp"],
        annee_installation_emetteur=em["em_year"],
    )
    tf30 = tables.value(
        "chauffage.tfonc30",
        "tfonc30",
        50,
        categorie_generateur=TABLE_TYPE.get(kind, "CHAUDIERE_STANDARD"),
        temperature_distribution=em["temp"],
        annee_installation_emetteur=em["em_year"],
        annee_installation_generateur=year,
    )
    # a building computed as a whole with one individual boiler per dwelling: n identical boilers
    copies = ctx.n_dwellings if em.get("individual", True) and virt >= 1 else 1
    pn_kw = pn * virt if virt < 1 else documented  # the flat's share of a collective boiler (§13.2 virtualisation)
    if copies > 1:
        pn_kw = pn * copies
    hs.combustion = Combustion(
        kind=kind,
        pn_kw=pn_kw,
        rpn=rpn,
        rpint=rpint,
        qp0_kw=qp0 * virt * copies,
        pveil_kw=0.0,
        tf30=float(tf30),
        tf100=float(tf100),
        regulation_combustion=_i(gde, "presence_regulation_combustion", 0) == 1,
        wall_hung=wall_hung,
    )
    cat = {"standard": "CHAUDIERE_STANDARD", "basse_temperature": "CHAUDIERE_BASSE_TEMPERATURE"}
    cat.update(
        {"condensation": "CHAUDIERE_CONDENSATION", "bois": "CHAUDIERE_BOIS", "air_chaud": "GENERATEUR_AIR_CHAUD"}
    )
    cat["radiateur_gaz"] = "RADIATEUR_GAZ"
    row = tables.match(
        "chauffage.paux", categorie_generateur=cat.get(kind), presence_ventouse=_i(gde, "presence_ventouse", 0) or None
    )
    if kind == "bois" and _i(gde, "presence_ventilateur", 0) != 1:
        row = None  # §15.1: G and H apply to wood boilers only when a fan assists them
    if row:
        # §15.1 Caux = (G + H·Pn)·Bch/Pn with the building's Pn: with the flat's virtual Pn, G scales with it
        hs.aux_g_w, hs.aux_h = float(row["G"] or 0) * virt, float(row["H"] or 0)
    if kind not in ("radiateur_gaz",) and ttype != "POELE_BOUILLEUR":
        hs.wet = True
    return hs


CFG_SHARES = {3: {1: 0.75, 2: 0.25}, 4: {1: 0.9, 3: 0.1}, 5: {1: 0.675, 2: 0.225, 3: 0.1}, 7: {1: 0.75, 2: 0.25}}
CFG_SHARES.update({8: {1: 0.8, 2: 0.2}, 9: {1: 0.6, 2: 0.2}, 11: {1: 0.6, 2: 0.4}, 6: {1: 0.75, 2: 0.25}})


def _virtualisation(ide) -> float:
    """Share of a collective installation attributed to the flat (``ratio_virtualisation``), 1 otherwise."""
    if _i(ide, "enum_type_installation_id", 1) not in (2, 3):
        return 1.0
    r = _f(ide, "ratio_virtualisation")
    return r if r and 0 < r < 1 else 1.0


def _heating(root, ctx, surface, pdim):
    systems = []
    insts = root.findall("logement/installation_chauffage_collection/installation_chauffage")
    total = sum(_f(i.find("donnee_entree"), "surface_chauffee", 0) or 0 for i in insts) or surface
    for inst in insts:
        ide = inst.find("donnee_entree")
        share_inst = (_f(ide, "surface_chauffee", 0) or 0) / total if total else 1.0
        if len(insts) == 1:
            share_inst = 1.0
        cfg = _i(ide, "enum_cfg_installation_ch_id", 1)
        fch = _f(ide, "fch_saisi")
        if fch is None and _t(ide, "tv_facteur_couverture_solaire_id"):
            row = tables.row_at("chauffage.fch", _t(ide, "tv_facteur_couverture_solaire_id"))
            fch = float(row["fch"]) if row else 0.0
        emitters = [e.find("donnee_entree") for e in inst.findall("emetteur_chauffage_collection/emetteur_chauffage")]
        gens = [g.find("donnee_entree") for g in inst.findall("generateur_chauffage_collection/generateur_chauffage")]
        by_link = {}
        for g in gens:
            by_link.setdefault(_i(g, "enum_lien_generateur_emetteur_id", 1), []).append(g)
        shares = CFG_SHARES.get(cfg, {})
        if shares and set(shares) - set(by_link):  # a configuration's share without a generator: spread the rest
            known = sum(v for k, v in shares.items() if k in by_link) or 1.0
            shares = {k: v / known for k, v in shares.items() if k in by_link}
        for link, glist in by_link.items():
            link_share = shares.get(link, 1.0 if len(by_link) == 1 else (1.0 / len(by_link)))
            em_de = next((e for e in emitters if _i(e, "enum_lien_generateur_emetteur_id", 1) == link), None)
            em_de = em_de if em_de is not None else (emitters[0] if emitters else None)
            em = (
                _emitter_params(em_de, ctx, _i(ide, "enum_type_installation_id", 1) in (2, 3, 4))
                if em_de is not None
                else dict(
                    re=0.95, rr=0.9, rd=1.0, i0=0.9, wet=False, emission="RADIATEUR", temp="HAUTE", em_year=ctx.year
                )
            )
            em["levels"] = _i(ide, "nombre_niveau_installation_ch", 1) or 1
            em["virt"] = _virtualisation(ide)
            em["individual"] = _i(ide, "enum_type_installation_id", 1) == 1
            for g in glist:
                # an emitter carrying the generator's own reference belongs to it (several emitters on one link)
                own = next(
                    (e for e in emitters if _t(e, "reference") and _t(e, "reference") == _t(g, "reference")), None
                )
                g_em = em
                if own is not None and own is not em_de:
                    g_em = _emitter_params(own, ctx, _i(ide, "enum_type_installation_id", 1) in (2, 3, 4))
                    g_em["levels"], g_em["virt"], g_em["individual"] = em["levels"], em["virt"], em["individual"]
                hs = _generator(g, g_em, ctx, pdim)
                hs.share = share_inst * link_share / len(glist)
                hs.solar_fraction = fch or 0.0
                hs.label = _t(g, "description") or ""
                systems.append(hs)
        if cfg == 10 and len(gens) > 1:
            _base_and_relief(systems[len(systems) - len(gens) :], share_inst)
    return systems


def _base_and_relief(inst_systems, share_inst):
    """Configuration 10, a base generator with a relief one: certified DPEs give the whole need to a boiler base
    (8 of 9 reference installations) and 6-16 % to the relief of a heat-pump or electric base."""
    base = 1.0 if inst_systems[0].combustion is not None else 0.85
    inst_systems[0].share = share_inst * base
    for hs in inst_systems[1:]:
        hs.share = share_inst * (1 - base) / (len(inst_systems) - 1)


def _ecs_rd_row(tv_id):
    """§11.3 row of table Rd (ECS) referenced by ``tv_rendement_distribution_ecs_id``.

    The exchange format numbers the rows of the arrêté's table without the "bouclage inconnu" rows:
    1-3 individual (0.93 / 0.87 / 0.83), 4-5 collective not looped, 6-7 looped, 8 trace heating.
    """
    known = [r for r in tables.rows("ecs.rd") if r["bouclage_reseau"] != "INCONNU"]
    try:
        i = int(tv_id)
    except (TypeError, ValueError):
        return None
    return known[i - 1] if 1 <= i <= len(known) else None


def _fecs(ide) -> float:
    """§11.5 solar coverage of hot water: entered value, else the table row referenced by the DPE.

    The exchange format's ``tv_facteur_couverture_solaire_id`` counts 8 rows before the first row of the table
    stored here (row = id − 8; checked on the reference DPEs, e.g. id 11 = house H1c, system older than 5 years).
    """
    fecs = _f(ide, "fecs_saisi")
    if fecs is not None:
        return fecs
    tv_id = _i(ide, "tv_facteur_couverture_solaire_id")
    row = tables.row_at("ecs.fecs", tv_id - 8) if tv_id else None
    return float(row["fecs"]) if row else 0.0


def _dhw(root, ctx, heating, pdim=10.0):
    out = []
    insts = root.findall("logement/installation_ecs_collection/installation_ecs")
    for inst in insts:
        ide = inst.find("donnee_entree")
        share = 0.5 if _i(ide, "enum_cfg_installation_ecs_id", 1) == 3 else 1.0 / max(len(insts), 1)
        collectif = _i(ide, "enum_type_installation_id", 1) in (2, 3)
        gens = [g.find("donnee_entree") for g in inst.findall("generateur_ecs_collection/generateur_ecs")]
        for g in gens:
            gid = _i(g, "enum_type_generateur_ecs_id", 69)
            energy = ENERGY.get(_i(g, "enum_type_energie_id", 1), "electricite")
            in_vol = _i(g, "position_volume_chauffe", 1) == 1
            rd_row = _ecs_rd_row(_t(ide, "tv_rendement_distribution_ecs_id"))
            if rd_row is not None:
                rd = float(rd_row["rd"])
            elif collectif:
                bouclage = {1: "RESEAU_NON_BOUCLE", 2: "RESEAU_BOUCLE", 3: "RESEAU_TRACE"}.get(
                    _i(ide, "enum_bouclage_reseau_ecs_id", 1)
                )
                rd = float(
                    tables.value(
                        "ecs.rd", "rd", 0.55, reseau_collectif=1, bouclage_reseau=bouclage, alimentation_contigue=1
                    )
                )
            else:
                rd = float(
                    tables.value(
                        "ecs.rd",
                        "rd",
                        0.93,
                        reseau_collectif=0,
                        production_volume_habitable=int(in_vol),
                        alimentation_contigue=1,
                    )
                )
            w = DhwSystem(
                energy=energy,
                collective=collectif,
                solar_fraction=_fecs(ide),
                share=share / len(gens),
                rd=rd,
                storage_in_volume=in_vol,
                label=_t(g, "description") or "",
            )
            vol = _f(g, "volume_stockage", 0) or 0
            # an "other" generator (84) on electricity with a tank is an electric tank of unknown category
            electric_tank = gid == 84 and energy == "electricite" and vol > 0
            if 68 <= gid <= 71 or electric_tank:
                gid = 69 if electric_tank else gid
                tlabel = "BALLON_ELECTRIQUE_HORIZONTAL" if gid == 68 else "BALLON_ELECTRIQUE_VERTICAL"
                lab = {69: "INCONNU", 70: "NE_PERFORMANCE_B", 71: "NE_PERFORMANCE_C"}.get(gid)
                w.cr = float(
                    tables.value(
                        "ecs.cr", "cr", 0.23, type_generateur=tlabel, label_generateur=lab, volume_stockage=vol or 150
                    )
                )
                # a collective tank's losses are shared: the flat bears its ratio_virtualisation of them
                w.storage_volume_l = (vol or 150) * _virtualisation(ide)
                w.rg = 1.0
            elif gid == 117:
                w.rg = 1.0
            elif gid == 118:
                w.rg = 0.97
            elif 1 <= gid <= 12 or gid in (82, 83):
                if gid in (82, 83):  # heat pump serving heating and hot water, dated by its period
                    ftype = "PAC_DOUBLE_SERVICE"
                    year = {1: 2005, 2: 2012, 3: 2018}.get(_i(g, "enum_periode_installation_ecs_thermo_id", 1), 2005)
                else:
                    ftype = ("CET_AIR_AMBIANT", "CET_AIR_EXTERIEUR", "CET_AIR_EXTRAIT", "PAC_DOUBLE_SERVICE")[
                        (gid - 1) // 3
                    ]
                    year = (2005, 2012, 2018)[(gid - 1) % 3]
                w.rg = float(
                    tables.value(
                        "ecs.cop",
                        "cop",
                        2.2,
                        zone_climatique=ctx.zone[:2],
                        type_generateur=ftype,
                        annee_installation_generateur=year,
                    )
                )
                if _i(g, "enum_methode_saisie_carac_sys_id") == 6:  # nameplate COP, stated in the fiche technique
                    w.rg = _documented_cop(ctx, FICHE_DHW, _t(g, "description"), ("COP CET", "SCOP / COP")) or w.rg
                w.thermodynamic = True
                w.storage_volume_l = vol if not collectif else 0.0
            elif gid in (72, 73, 74, 75, 76, 77, 119, 134):
                w.rg = 0.9
                w.energy = "reseau_chaleur" if energy == "electricite" else energy
            else:
                hid = None
                if 15 <= gid <= 57:
                    hid = gid + 40
                elif 85 <= gid <= 104:
                    hid = gid + 35
                elif 120 <= gid <= 133:
                    hid = gid + 28
                # a mixed boiler (heating + hot water) is the heating generator of the same energy: its kind and age
                mixed = [
                    _i(h, "enum_type_generateur_ch_id", 0)
                    for h in root.iter("generateur_chauffage")
                    for h in (h.find("donnee_entree"),)
                    if h is not None
                    and _i(h, "enum_usage_generateur_id") == 3
                    and _i(h, "enum_type_energie_id") == _i(g, "enum_type_energie_id")
                ]
                if (
                    _i(g, "enum_usage_generateur_id") == 3
                    and len(mixed) == 1
                    and mixed[0] != 119
                    and _boiler_spec(mixed[0])
                ):
                    hid = mixed[0]
                spec = _boiler_spec(hid) if hid else None
                ttype = None
                if gid in (13, 14, 115, 116):
                    spec = ("bois", "BOIS_BUCHE" if gid in (13, 14) else "BOIS_GRANULE", 2008)
                    ttype = "POELE_BOUILLEUR"
                elif 58 <= gid <= 62 or 105 <= gid <= 109:
                    spec = ("standard", "GAZ_NATUREL" if gid <= 62 else "GPL", 1995)
                    ttype = "ACCUMULATEUR_CONDENSATION" if gid in (61, 62, 108, 109) else "ACCUMULATEUR_STANDARD"
                elif 63 <= gid <= 67 or 110 <= gid <= 114:
                    spec = (
                        "standard",
                        "GAZ_NATUREL" if gid <= 67 else "GPL",
                        (1975, 1985, 1995, 2008, 2018)[(gid - 63) % 5 if gid <= 67 else gid - 110],
                    )
                    ttype = "CHAUFFE_EAU_INSTANTANE"
                elif spec is None:
                    spec = ("standard", COMBUSTION_ENERGY.get(energy, "FIOUL"), 1990)
                kind, elabel, year = spec
                pn = 24.0 if ttype != "CHAUFFE_EAU_INSTANTANE" else 21.0
                virt = _virtualisation(ide)
                if virt < 1:  # collective boiler: sized for the building, the flat bears its share of QP0
                    from .threecl.combustion import default_pn

                    pn = min(default_pn(pdim / virt, False, spec[2]), 400.0)
                rpn, rpint, qp0, pveil = combustion_params(kind, elabel, year, pn, table="ecs.combustion", ttype=ttype)
                # certified DPEs never count a pilot light for hot water (§14.1 with Pveil = 0)
                w.combustion = Combustion(
                    kind=kind, pn_kw=pn * virt, rpn=rpn, rpint=rpint, qp0_kw=qp0 * virt, pveil_kw=0.0
                )
                # separate tank heated by the boiler (§11.6); collective tanks and the few litres of a combi
                # boiler's micro-storage are not counted (certified DPEs agree better without them)
                w.storage_volume_l = vol if not collectif and vol >= 50 else 0.0
            out.append(w)
    return out


# tv_q4pa_conv_id (exchange format) -> row of the §4 Q4Pa,conv table as stored here: the format lists the
# "immeuble" rows first, then "maison", then the "insulated" and "window seals" variants (checked on the
# reference DPEs with bench/dpe_chapters.py).
Q4PA_TV_ROW = {1: 9, 2: 12, 3: 14, 4: 15, 5: 1, 6: 4, 7: 6, 8: 7, 9: 8, 10: 2, 11: 5, 12: 3}


def _ventilation(root, ctx, insulated_envelope: bool):
    v = root.find("logement/ventilation_collection/ventilation/donnee_entree")
    vid = _i(v, "enum_type_ventilation_id", 1)
    sys, mex, mins, ech, year = VENTILATION.get(vid, VENTILATION[1])
    collectif = 1 if vid in (21, 22) else (0 if sys == "VMC_DOUBLE_FLUX" else None)
    crit = dict(type_systeme=sys, mode_extraction=mex, mode_insufflation=mins, presence_echangeur=ech)
    rows = [r for r in tables.select("ventilation.debit", **crit)]
    if collectif is not None:
        rows = [r for r in rows if r["systeme_collectif"] in (None, collectif)] or rows
    if year:
        rows = [
            r
            for r in rows
            if r["annee_installation_generateur"] is None or tables._in_range(r["annee_installation_generateur"], year)
        ] or rows
    row = rows[0] if rows else {"qvarep_conv": 1.2, "qvasouf_conv": 1.2, "smea_conv": 0}
    house = ctx.building == "maison"
    # §5: a fan on an existing duct ("ventilation mécanique sur conduit existant") is counted like a self-regulating
    # single-flow VMC (the copy of the table gives it 0 W; certified DPEs count 65 W before 2013, 35 W after)
    fan_sys, fan_mex = ("VMC_SIMPLE_FLUX", "AUTOREGLABLE") if sys == "VENTILATION_MECANIQUE" else (sys, mex)
    prow = tables.match(
        "ventilation.pvent",
        type_systeme=fan_sys,
        mode_extraction=fan_mex,
        annee_installation=year or 2005,
        systeme_collectif=int(not house),
    )
    if prow and prow.get("pvent_moy"):
        fan = (
            8.76 * float(prow["pvent_moy"])
            if house
            else 8.76 * float(prow["pvent"]) * float(row["qvarep_conv"]) * ctx.surface
        )
        fan *= float(prow.get("ratio_utilisation") or 1)
    else:
        fan = 0.0
    q4 = _f(v, "q4pa_conv_saisi")
    q4_row = Q4PA_TV_ROW.get(_i(v, "tv_q4pa_conv_id"))
    if q4 is None and q4_row:
        q4 = float(tables.rows("enveloppe.q4pa_conv")[q4_row - 1]["q4pa_conv"])
    if q4 is None:
        q4 = float(
            tables.value(
                "enveloppe.q4pa_conv",
                "q4pa_conv",
                1.9,
                type_batiment="MAISON" if house else "IMMEUBLE",
                annee_construction=ctx.year,
                isolation_murs_plafonds=int(insulated_envelope),
            )
        )
    return Ventilation(
        qvarep=float(row["qvarep_conv"]),
        qvasouf=float(row["qvasouf_conv"]),
        smea=float(row["smea_conv"]),
        q4pa_conv=q4,
        several_facades=_i(v, "plusieurs_facade_exposee", 1) == 1,
        fan_kwh=fan,
    )


def to_dwelling(root) -> Dwelling:
    cg = root.find("logement/caracteristique_generale")
    meteo = root.find("logement/meteo")
    building = building_type(root)
    year = _i(cg, "annee_construction") or PERIOD_YEAR.get(_i(cg, "enum_periode_construction_id", 1), 1960)
    method = _i(cg, "enum_methode_application_dpe_log_id", 1)
    if building == "immeuble" or method in FLAT_FROM_BUILDING:
        surface = _f(cg, "surface_habitable_immeuble") or _f(cg, "surface_habitable_logement")
        n = max(_i(cg, "nombre_appartement", 1) or 1, 1)
    else:
        surface = _f(cg, "surface_habitable_logement") or _f(cg, "surface_habitable_immeuble")
        n = 1
    if not surface:
        raise DpeXmlError("Surface habitable absente du DPE.")
    zone = ZONES.get(_i(meteo, "enum_zone_climatique_id", 3), "H1c")
    alt = _i(meteo, "enum_classe_altitude_id", 1)
    try:
        dpe_date = date.fromisoformat(_t(root, "administratif/date_etablissement_dpe") or "2024-01-01")
    except ValueError:
        dpe_date = date(2024, 1, 1)
    gens = root.findall(
        "logement/installation_chauffage_collection/installation_chauffage/generateur_chauffage_collection/generateur_chauffage/donnee_entree"
    )
    joule = any(98 <= (_i(g, "enum_type_generateur_ch_id", 0) or 0) <= 106 for g in gens[:1])
    inertia = INERTIA.get(_i(root, "logement/enveloppe/inertie/enum_classe_inertie_id", 3), "moyenne")
    ctx = _Ctx(zone, year, joule, building)
    ctx.fiches = _fiches(root)
    ctx.flat_alone = building == "appartement" and method not in FLAT_FROM_BUILDING
    ctx.inertia = inertia
    ctx.surface = surface
    ctx.n_dwellings = n

    d = Dwelling(
        building=building,
        zone=zone,
        altitude_class=alt,
        old_heavy=_i(meteo, "batiment_materiaux_anciens", 0) == 1,
        surface=surface,
        hsp=_f(cg, "hsp", 2.5) or 2.5,
        levels=_i(cg, "nombre_niveau_logement", 1) or 1,
        inertia=inertia,
        year_built=year,
        dpe_date=dpe_date,
        n_dwellings=n,
    )
    insulated_walls = insulated_roof = False
    wall_u = {}
    walls = [el.find("donnee_entree") for el in root.findall("logement/enveloppe/mur_collection/mur")]
    for de, fiche_render in zip(walls, _fiche_wall_renders(ctx, walls), strict=True):
        u, ins = _wall(de, ctx, fiche_render)
        area = _f(de, "surface_paroi_opaque", 0) or 0
        b = _b(de, ctx)
        insulated_walls |= ins and b > 0.5
        wall_u[_t(de, "reference")] = u
        d.opaque.append(Opaque("mur", area, u, b, ins, _t(de, "description") or ""))
    for el in root.findall("logement/enveloppe/plancher_bas_collection/plancher_bas"):
        de = el.find("donnee_entree")
        u, ins = _floor(de, ctx)
        d.opaque.append(Opaque("plancher_bas", _f(de, "surface_paroi_opaque", 0) or 0, u, _b(de, ctx), ins))
    for el in root.findall("logement/enveloppe/plancher_haut_collection/plancher_haut"):
        de = el.find("donnee_entree")
        u, ins = _roof(de, ctx)
        b = _b(de, ctx)
        insulated_roof |= ins and b > 0.5
        d.opaque.append(Opaque("plancher_haut", _f(de, "surface_paroi_opaque", 0) or 0, u, b, ins))
    for el in root.findall("logement/enveloppe/porte_collection/porte"):
        de = el.find("donnee_entree")
        u = _f(de, "uporte_saisi") or DOOR_U.get(_i(de, "enum_type_porte_id", 1), 3.5)
        d.opaque.append(Opaque("porte", _f(de, "surface_porte", 0) or 0, u, _b(de, ctx)))
    for el in root.findall("logement/enveloppe/baie_vitree_collection/baie_vitree"):
        de = el.find("donnee_entree")
        u, s_w, orient, incl, fe = _window(de, ctx)
        d.windows.append(
            Window(
                area=_f(de, "surface_totale_baie", 0) or 0,
                u=u,
                sw=s_w,
                orientation=orient,
                inclination=incl,
                b=_b(de, ctx),
                fe=fe,
                adjacency={1: "ext", 10: "ets"}.get(_i(de, "enum_type_adjacence_id", 1), "lnc"),
            )
        )
    d.bridges = _bridges(root, ctx, wall_u)
    d.verandas = _verandas(root, ctx)
    d.ventilation = _ventilation(root, ctx, insulated_walls and insulated_roof)

    # heating and hot water need GV for boiler sizing: compute the envelope first
    from .threecl.engine import air_losses, envelope_losses

    gv = sum(envelope_losses(d).values()) + sum(air_losses(d))
    pdim = gv * (19 - tbase(zone, alt)) / 1000 / max(n, 1)
    d.heating = _heating(root, ctx, surface, pdim)
    d.dhw = _dhw(root, ctx, d.heating, pdim)
    d.pv_production_kwh = _pv_production(root, d)
    d.cooling = _cooling(root, ctx)
    return d


COOLING_PERIOD_YEAR = {1: 2000, 2: 2010, 3: 2016}  # enum_periode_installation_fr_id: before 2008, 2008-2014, after


def _cooling(root, ctx) -> list[CoolingSystem]:
    """§10 air conditioning: cooled share of the surface (Sclim/Sh) and EER of the §10.3 table (zone, period).

    A nameplate SEER (enum_methode_saisie_carac_sys_id 6-8) is not stored in ``donnee_entree``: the table applies.
    """
    out = []
    for el in root.findall("logement/climatisation_collection/climatisation"):
        de = el.find("donnee_entree")
        if de is None:
            continue
        s_clim = _f(de, "surface_clim")
        share = min(s_clim / ctx.surface, 1.0) if s_clim and ctx.surface else 1.0
        year = COOLING_PERIOD_YEAR.get(_i(de, "enum_periode_installation_fr_id", 1), 2000)
        eer = tables.value(
            "refroidissement.eer", "eer", 3.42, zone_climatique=ctx.zone[:2], annee_installation_generateur=year
        )
        energy = ENERGY.get(_i(de, "enum_type_energie_id", 1), "electricite")
        out.append(CoolingSystem(eer=float(eer), share=share, energy=energy, label=_t(de, "description") or ""))
    return out


PV_ORIENTATION_DEG = {1: 90, 2: 135, 3: 180, 4: 225, 5: 270}  # east, south-east, south, south-west, west
PV_INCLINATION_DEG = {1: 10, 2: 30, 3: 60, 4: 90}  # ≤ 15°, 15-45°, 45-75°, > 75°


def _pv_production(root, d) -> float:
    """§16.2 photovoltaic production from the panels' orientation, inclination and area (or number of modules)."""
    from .threecl import pv
    from .threecl.climate import months

    enr = root.find("logement/production_elec_enr")
    if enr is None or _i(enr.find("donnee_entree"), "presence_production_pv", 0) != 1:
        return 0.0
    panels = []
    for p in enr.iter("panneaux_pv"):
        orient = PV_ORIENTATION_DEG.get(_i(p, "enum_orientation_pv_id"))
        incl = PV_INCLINATION_DEG.get(_i(p, "enum_inclinaison_pv_id"))
        if orient is None or incl is None:
            continue
        k = float(tables.value("production.kpv", "kpv", 0.0, orientation_pv=orient, inclinaison_pv=incl))
        modules = _f(p, "nombre_module")
        area = pv.M2_PER_MODULE * modules if modules else (_f(p, "surface_totale_capteurs") or 0.0)
        panels.append((k, area))
    epv = sum(m.epv for m in months(d.zone, d.altitude_class, d.old_heavy))
    return pv.production(panels, epv)


def load(path) -> tuple[Dwelling, ET.Element]:
    root = parse(path)
    try:
        return to_dwelling(root), root
    except DpeXmlError:
        raise
    except (AttributeError, KeyError, TypeError, ValueError, ZeroDivisionError) as exc:
        raise DpeXmlError(f"DPE incomplet ou incohérent : {exc}") from exc


def compute_file(path) -> dict:
    """Compute a DPE file from its input data only; returns the engine's main outputs as a flat dict."""
    from .threecl.engine import compute

    d, _root = load(path)
    r = compute(d)
    return result_dict(r)


def result_dict(r) -> dict:
    def rnd(x, n=2):
        return None if x is None or (isinstance(x, float) and not math.isfinite(x)) else round(x, n)

    return {
        "ep_conso_5_usages_m2": rnd(r.ep_conso_5_usages_m2, 1),
        "emission_ges_5_usages_m2": rnd(r.emission_ges_5_usages_m2, 1),
        "classe_bilan_dpe": r.classe_bilan_dpe,
        "classe_emission_ges": r.classe_climat,
        "classe_consommation_energie": r.classe_energie,
        "conso_ch": rnd(r.conso_ch),
        "conso_ecs": rnd(r.conso_ecs),
        "conso_eclairage": rnd(r.conso_eclairage),
        "conso_auxiliaires": rnd(r.conso_auxiliaires),
        "conso_fr": rnd(r.conso_refroidissement),
        "conso_5_usages": rnd(r.conso_5_usages),
        "ep_conso_5_usages": rnd(r.ep_conso_5_usages),
        "emission_ges_5_usages": rnd(r.emission_ges_5_usages),
        "besoin_ch": rnd(r.besoin_ch),
        "besoin_ecs": rnd(r.besoin_ecs),
        "besoin_fr": rnd(r.besoin_fr),
        "deperdition_enveloppe": rnd(r.deperdition_enveloppe),
        "deperditions": {k: rnd(v) for k, v in r.losses.items()},
        "coefficient_ep_electricite": r.pef_electricity,
    }


def reference_dir() -> Path:
    """The shared reference folder: $BINOME_REFERENCE_DIR, else ../shared/reference next to the repository root."""
    import os

    env_dir = os.environ.get("BINOME_REFERENCE_DIR")
    if env_dir:
        return Path(env_dir)
    return Path(__file__).resolve().parents[3].parent / "shared" / "reference"
