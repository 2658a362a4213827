"""§3.1-3.3 opaque envelope: walls, low floors, ceilings and doors, with their U and reduction factor b."""

from binome.energy.threecl import envelope as env, tables
from binome.energy.threecl.model import Opaque

from . import enums
from .context import named
from .fiche import wall_renders
from .reader import integer, number, text


WALLS = "logement/enveloppe/mur_collection/mur"
FLOORS = "logement/enveloppe/plancher_bas_collection/plancher_bas"
CEILINGS = "logement/enveloppe/plancher_haut_collection/plancher_haut"
DOORS = "logement/enveloppe/porte_collection/porte"

U_WALL_MAX_NOT_INSULATED = 2.5  # §3.2.1: Umur = min(Umur0, 2.5) for a wall that is not insulated
R_INSULATING_RENDER = 0.7  # §3.2.1: insulating render of an old wall (m²K/W)
# §3.2.2: Upb the Ue table is read with for an uninsulated floor on earth built up to 2000 whose U exceeds 2 W/m²K
UPB_OLD_EARTH_FLOOR = 3.4
UPB_OLD_EARTH_FLOOR_ABOVE = 2
OLD_EARTH_FLOOR_LAST_YEAR = 2000

# Defaults for missing inputs (each use is reported). The method has no value for a missing input: these are the
# enum's "unknown" or most common entries, the U of the table's unknown rows.
DEFAULT_ADJACENCY = enums.ADJ_OUTSIDE  # enum_type_adjacence_id 1: extérieur
DEFAULT_CFG_LNC = 2  # enum_cfg_isolation_lnc_id 2: lc non isolé + lnc non isolé
UNKNOWN_LNC = "AUTRES"  # an adjacency outside the enum: "autres dépendances"
UNKNOWN_SUNSPACE = ("EST", False)  # a sunspace whose configuration is not a sunspace one: east/west, not insulated
DEFAULT_U_METHOD = enums.U_NOT_INSULATED  # enum_methode_saisie_u_id 1: non isolé
DEFAULT_DOUBLING = 2  # enum_type_doublage_id 2: absence de doublage
NO_DOUBLING_R = 0.0
UNKNOWN_LABEL = "INCONNU"  # type_mur / type_plancher_bas / type_plancher_haut rows of the unknown component
DEFAULT_TWO_S_OVER_P = 6.0  # m, 2S/P of a floor on the ground whose perimeter is missing (no 3CL value)
DEFAULT_DOOR = 1  # enum_type_porte_id 1: porte simple en bois opaque pleine
UNKNOWN_DOOR_U = 3.5  # W/m²K, the table's "autre type de porte"

# U tables referenced by ``tv_*_id`` (rows in the arrêté's order): (U0 table, column, tag, U table, column, tag)
TV_TABLES = {
    "mur": ("mur.umur0", "umur0", "tv_umur0_id", "mur.umur", "umur", "tv_umur_id"),
    "plancher_bas": ("plancher_bas.upb0", "upb0", "tv_upb0_id", "plancher_bas.upb", "upb", "tv_upb_id"),
    "plancher_haut": ("plancher_haut.uph0", "uph0", "tv_uph0_id", "plancher_haut.uph", "uph", "tv_uph_id"),
}


def read(root, ctx, d) -> tuple[bool, bool]:
    """Append the walls, floors, ceilings and doors to ``d.opaque``; whether walls and ceilings are insulated (both
    needed for the §4 permeability table)."""
    walls = [el.find("donnee_entree") for el in root.findall(WALLS)]
    insulated_walls = False
    for de, fiche_render in zip(walls, wall_renders(ctx, walls), strict=True):
        who = named("Mur", de)
        u, ins = wall_u(de, ctx, fiche_render, who)
        area = area_of(de, "surface_paroi_opaque", ctx, who)
        b = reduction_factor(de, ctx, who)
        insulated_walls |= ins and b > 0.5
        d.opaque.append(Opaque("mur", area, u, b, ins, text(de, "description") or ""))
    for el in root.findall(FLOORS):
        de = el.find("donnee_entree")
        who = named("Plancher bas", de)
        u, ins = floor_u(de, ctx, who)
        area = area_of(de, "surface_paroi_opaque", ctx, who)
        d.opaque.append(Opaque("plancher_bas", area, u, reduction_factor(de, ctx, who), ins))
    insulated_roof = False
    for el in root.findall(CEILINGS):
        de = el.find("donnee_entree")
        who = named("Plancher haut", de)
        u, ins = ceiling_u(de, ctx, who)
        b = reduction_factor(de, ctx, who)
        insulated_roof |= ins and b > 0.5
        d.opaque.append(Opaque("plancher_haut", area_of(de, "surface_paroi_opaque", ctx, who), u, b, ins))
    for el in root.findall(DOORS):
        de = el.find("donnee_entree")
        who = named("Porte", de)
        u = number(de, "uporte_saisi") or door_u(de, ctx, who)
        d.opaque.append(Opaque("porte", area_of(de, "surface_porte", ctx, who), u, reduction_factor(de, ctx, who)))
    return insulated_walls, insulated_roof


def area_of(de, tag, ctx, who) -> float:
    """The component's area; a component without one counts for nothing (0 m²), which is reported."""
    area = number(de, tag, 0) or 0
    if not area:
        ctx.warn(f"{who} : surface absente ou nulle, paroi non comptée.")
    return area


def adjacency(de, ctx, who) -> int:
    return ctx.enum_id(de, "enum_type_adjacence_id", DEFAULT_ADJACENCY, f"{who} : type d'adjacence absent, extérieur.")


def reduction_factor(de, ctx, who) -> float:
    """§3.1 reduction factor b of a wall, floor, ceiling, door or window from its adjacency."""
    adj = adjacency(de, ctx, who)
    if adj in enums.SIMPLE_ADJ:
        return env.b_simple(enums.SIMPLE_ADJ[adj])
    cfg = integer(de, "enum_cfg_isolation_lnc_id")
    if cfg is None:
        ctx.warn(f"{who} : isolation du local non chauffé absente, aucune paroi isolée.")
        cfg = DEFAULT_CFG_LNC
    if adj == enums.ADJ_SUNSPACE or cfg in enums.CFG_SUNSPACE:
        message = f"{who} : véranda sans configuration de véranda ({cfg}), orientation est/ouest non isolée."
        orient, insulated = ctx.decode(enums.CFG_SUNSPACE, cfg, UNKNOWN_SUNSPACE, message)
        return env.b_veranda(ctx.zone, orient, insulated)
    if cfg == enums.CFG_HEATED_NOT_ACCESSIBLE:
        return 0.0
    aiu, aue = number(de, "surface_aiu"), number(de, "surface_aue")
    if not (aiu and aue):
        ctx.warn(f"{who} : surfaces Aiu/Aue du local non chauffé absentes, rapport Aiu/Aue de 1.")
    return env.b_lnc(
        ctx.decode(enums.LNC, adj, UNKNOWN_LNC, f"{who} : type d'adjacence inconnu ({adj}), « autres dépendances »."),
        aiu,
        aue,
        cfg in enums.CFG_INSULATED_AIU,
        cfg in enums.CFG_INSULATED_AUE,
    )


def table_u(de, kind, bare: bool):
    """Value of the table row the diagnostician chose (``tv_*_id``), or None when absent."""
    table0, col0, tag0, table, col, tag = TV_TABLES[kind]
    row = tables.row_at(table0, text(de, tag0)) if bare else tables.row_at(table, text(de, tag))
    value = row.get(col0 if bare else col) if row else None
    return float(value) if isinstance(value, int | float) else None


def u_generic(de, kind, u0, ctx, who, category="COMBLES_PERDUS", saisi_tag=None):
    """§3.2 U of an opaque component from its U0 and the way its insulation was entered; (U, insulated)."""
    saisi = number(de, saisi_tag) if saisi_tag else None
    m = ctx.enum_id(
        de, "enum_methode_saisie_u_id", DEFAULT_U_METHOD, f"{who} : méthode de saisie du U absente, non isolé."
    )
    iso = integer(de, "enum_type_isolation_id", enums.INSULATION_UNKNOWN)
    if saisi and m in enums.U_ENTERED:
        return saisi, True
    if m == enums.U_NOT_INSULATED or iso == enums.INSULATION_NONE:
        return u0, False
    if m in enums.U_FROM_THICKNESS:
        e = number(de, "epaisseur_isolation")
        if e:
            return env.u_with_insulation(u0, thickness_cm=e), True
        ctx.warn(f"{who} : épaisseur d'isolation absente, U forfaitaire.")
    if m in enums.U_FROM_RESISTANCE:
        r = number(de, "resistance_isolation")
        if r:
            return env.u_with_insulation(u0, resistance=r), True
        ctx.warn(f"{who} : résistance d'isolation absente, U forfaitaire.")
    if saisi:
        return saisi, True
    if m in enums.U_ENTERED:
        ctx.warn(f"{who} : U saisi absent, U forfaitaire.")
    u_row = table_u(de, kind, bare=False)
    if u_row is not None:
        return min(u0, u_row), True
    u = min(u0, env.u_tab(kind, ctx.zone, _table_year(de, m, iso, ctx, who), ctx.joule, category))
    return u, u < u0 or iso != enums.INSULATION_UNKNOWN  # no evidence and the bare U: not insulated


def _table_year(de, m, iso, ctx, who) -> int:
    """Year of the §3.2 U table's row: insulation period; "isolation inconnue" at the construction year when the
    insulation type is unknown too (before 1975 the row of an uninsulated element, as certified), at 1975 at the
    earliest for an element known to be insulated; the construction year."""
    if m == enums.U_INSULATION_YEAR:
        period = integer(de, "enum_periode_isolation_id")
        message = f"{who} : période d'isolation absente ou inconnue, année de construction."
        return env.tab_year_insulated(ctx.decode(enums.INSULATION_PERIOD_YEAR, period, ctx.year, message))
    if m == enums.U_UNKNOWN_INSULATION:
        return ctx.year if iso == enums.INSULATION_UNKNOWN else env.tab_year_insulated(ctx.year)
    if m not in enums.U_ENTERED | enums.U_FROM_THICKNESS | enums.U_FROM_RESISTANCE | {enums.U_CONSTRUCTION_YEAR}:
        ctx.warn(f"{who} : méthode de saisie du U inconnue ({m}), table à l'année de construction.")
    return ctx.year


def wall_u(de, ctx, fiche_render, who):
    """§3.2.1 U of a wall: U0 (entered, table row, or material and thickness), lining and render, insulation."""
    mat = ctx.enum_id(de, "enum_materiaux_structure_mur_id", enums.WALL_MATERIAL_UNKNOWN, f"{who} : matériau absent.")
    u0 = number(de, "umur0_saisi") or table_u(de, "mur", bare=True)
    if not u0:
        material = ctx.decode(enums.WALL_MATERIAL, mat, UNKNOWN_LABEL, f"{who} : matériau inconnu ({mat}).")
        thickness = number(de, "epaisseur_structure")
        if thickness is None and material != UNKNOWN_LABEL:
            ctx.warn(f"{who} : épaisseur du mur absente, U0 par défaut du matériau.")
        u0 = env.u_wall0(material, thickness, enums.WALL_MATERIAL_YEAR.get(mat, ctx.year))
    doubling = ctx.enum_id(
        de, "enum_type_doublage_id", DEFAULT_DOUBLING, f"{who} : type de doublage absent, sans doublage."
    )
    r = ctx.decode(enums.DOUBLING_R, doubling, NO_DOUBLING_R, f"{who} : type de doublage inconnu ({doubling}).")
    render = integer(de, "enduit_isolant_paroi_ancienne")
    if render is None:  # XML before 2.3: the fiche technique says whether the old wall has an insulating render
        render = int(bool(fiche_render))
    if render == 1:
        r += R_INSULATING_RENDER
    if r:
        u0 = 1 / (1 / u0 + r)
    u, insulated = u_generic(de, "mur", u0, ctx, who, saisi_tag="umur_saisi")
    if mat == enums.WALL_MATERIAL_UNKNOWN or enums.WALL_MATERIAL.get(mat) == UNKNOWN_LABEL or not insulated:
        u = min(u, U_WALL_MAX_NOT_INSULATED)
    return u, insulated


def floor_u(de, ctx, who):
    """§3.2.2 U of a low floor; on the ground (earth, crawl space, unheated basement) its equivalent Ue."""
    u0 = number(de, "upb0_saisi") or table_u(de, "plancher_bas", bare=True)
    if not u0:
        floor_id = ctx.enum_id(
            de, "enum_type_plancher_bas_id", enums.FLOOR_UNKNOWN, f"{who} : type de plancher absent."
        )
        u0 = env.u_floor0(ctx.decode(enums.FLOOR_TYPE, floor_id, UNKNOWN_LABEL, f"{who} : type inconnu ({floor_id})."))
    u, insulated = u_generic(de, "plancher_bas", u0, ctx, who, saisi_tag="upb_saisi")
    ground = enums.FLOOR_GROUND.get(adjacency(de, ctx, who))
    if ground:
        area = number(de, "surface_ue") or number(de, "surface_paroi_opaque", 0)
        per = number(de, "perimetre_ue")
        if per:
            sp = 2 * area / per
        else:
            ctx.warn(f"{who} : périmètre sur terre-plein, vide sanitaire ou sous-sol absent, 2S/P = 6 m.")
            sp = DEFAULT_TWO_S_OVER_P
        if ground == "TERRE_PLEIN" and ctx.year <= OLD_EARTH_FLOOR_LAST_YEAR and not insulated:
            u = env.ue_ground(ground, UPB_OLD_EARTH_FLOOR if u > UPB_OLD_EARTH_FLOOR_ABOVE else u, sp, ctx.year)
        else:
            u = env.ue_ground(ground, u, sp, ctx.year)
    return u, insulated


def ceiling_u(de, ctx, who):
    """§3.2.3 U of a ceiling or roof, read in the table of its category (lost attics, roof slope, flat roof)."""
    t = ctx.enum_id(de, "enum_type_plancher_haut_id", enums.ROOF_UNKNOWN, f"{who} : type de plancher haut absent.")
    adj = adjacency(de, ctx, who)
    u0 = number(de, "uph0_saisi") or table_u(de, "plancher_haut", bare=True)
    if not u0:
        u0 = env.u_roof0(ctx.decode(enums.ROOF_TYPE, t, UNKNOWN_LABEL, f"{who} : type inconnu ({t})."))
    if t == enums.ROOF_UNDER_SLOPE or (adj == enums.ADJ_OUTSIDE and t in enums.ROOF_SLOPED_ON_OUTSIDE):
        cat = "RAMPANTS"
    elif adj == enums.ADJ_OUTSIDE and t in enums.ROOF_TERRACE_ON_OUTSIDE:
        cat = "TERRASSE"
    else:
        cat = "COMBLES_PERDUS"
    return u_generic(de, "plancher_haut", u0, ctx, who, category=cat, saisi_tag="uph_saisi")


def door_u(de, ctx, who) -> float:
    """§3.3.4 U of a door from its type (table porte.uporte)."""
    door = ctx.enum_id(de, "enum_type_porte_id", DEFAULT_DOOR, f"{who} : type de porte absent.")
    return ctx.decode(enums.DOOR_U, door, UNKNOWN_DOOR_U, f"{who} : type de porte inconnu ({door}).")
