"""§3.3 windows (Ug, Uw, Ujn, Sw), §6.2.2 solar masks and §6.3 sunspaces."""

from binome.energy.threecl import envelope as env, tables
from binome.energy.threecl.model import Veranda, Window

from . import enums, table_refs
from .context import named
from .envelope import adjacency, area_of, reduction_factor
from .reader import integer, number, text


WINDOWS = "logement/enveloppe/baie_vitree_collection/baie_vitree"
SUNSPACES = "logement/enveloppe/ets_collection/ets"

# §3.3.1 Uw of glass blocks and polycarbonate (W/m²K). The stored table baie.uw gives 2.0 for hollow glass blocks;
# 2.9 is what the engine has always used (no reference DPE has such a window).
GLASS_BLOCK_UW = {"BRIQUE_VERRE_PLEINE": 3.5, "BRIQUE_VERRE_CREUSE": 2.9, "POLYCARBONATE": 3.0}
# §3.3.3 double window: the second window adds 1/5 + 0.07 m²K/W to the first one's Ujn
DOUBLE_WINDOW_U = 5.0
DOUBLE_WINDOW_AIR_R = 0.07
NO_MASK = 1.0  # Fe1 and Fe2 of a window without a mask (§6.2.2)

# Defaults for missing inputs (each use is reported): the enum's most common entries; the method has none.
DEFAULT_WINDOW_TYPE = 4  # enum_type_baie_id 4: fenêtres battantes
UNKNOWN_WINDOW_TYPE = ("FENETRE_BATTANTE", None)
DEFAULT_FRAME = 5  # enum_type_materiaux_menuiserie_id 5: pvc
UNKNOWN_FRAME = (None, None)
UW_FRAME_WITHOUT_TYPE = "PVC"  # Uw of a window whose frame has no type is read in the PVC rows
DEFAULT_GLAZING = 2  # enum_type_vitrage_id 2: double vitrage
UG_GLAZING_WITHOUT_TYPE = "DOUBLE_VITRAGE"
DEFAULT_INCLINATION = 3  # enum_inclinaison_vitrage_id 3: > 75°
UNKNOWN_INCLINATION = "vertical"
DEFAULT_CLOSURE = 1  # enum_type_fermeture_id 1: absence de fermeture
DEFAULT_ORIENTATION = 1  # enum_orientation_id 1: sud
UNKNOWN_ORIENTATION = "S"
OTHER_ADJACENCY = "lnc"  # a window onto any unheated space other than a sunspace: no solar gains
# sunspaces
DEFAULT_SUNSPACE_CFG = 8  # enum_cfg_isolation_lnc_id 8: lc isolé + espace tampon solarisé orienté est/ouest
UNKNOWN_SUNSPACE_CFG = ("EST", False)
DEFAULT_SUNSPACE_T = 0.5  # transparency of a sunspace's glazing without a table reference (no 3CL value)


def read(root, ctx) -> list[Window]:
    out = []
    for el in root.findall(WINDOWS):
        de = el.find("donnee_entree")
        who = named("Baie", de)
        u, s_w, orient, incl, fe = window_characteristics(de, ctx, who)
        out.append(
            Window(
                area=area_of(de, "surface_totale_baie", ctx, who),
                u=u,
                sw=s_w,
                orientation=orient,
                inclination=incl,
                b=reduction_factor(de, ctx, who),
                fe=fe,
                adjacency=enums.WINDOW_ADJACENCY.get(adjacency(de, ctx, who), OTHER_ADJACENCY),
            )
        )
    return out


def window_characteristics(de, ctx, who):
    """(Ujn or Uw, Sw, orientation, inclination, Fe) of a window (§3.3, §6.2)."""
    wt, sill, frame, brk = _window_and_frame(de, ctx, who)
    gl = ctx.enum_id(de, "enum_type_vitrage_id", DEFAULT_GLAZING, f"{who} : type de vitrage absent, double vitrage.")
    vir = integer(de, "vitrage_vir", 0) == 1
    glazing = enums.GLAZING.get(gl)
    if glazing and vir and gl in enums.GLAZING_WITH_LOW_E:
        glazing += "_FE"
    incl_id = ctx.enum_id(de, "enum_inclinaison_vitrage_id", DEFAULT_INCLINATION, f"{who} : inclinaison absente.")
    incl = ctx.decode(enums.INCLINATION, incl_id, UNKNOWN_INCLINATION, f"{who} : inclinaison inconnue ({incl_id}).")
    u_w = number(de, "uw_saisi")
    if u_w is None:
        u_w = _uw(de, wt, frame, sill, brk, glazing, incl, ctx, who)
    u_jn = number(de, "ujn_saisi")
    if u_jn is None:
        closure_id = ctx.enum_id(de, "enum_type_fermeture_id", DEFAULT_CLOSURE, f"{who} : type de fermeture absent.")
        closure = ctx.decode(enums.CLOSURE, closure_id, None, f"{who} : type de fermeture inconnu ({closure_id}).")
        u_jn = env.ujn(u_w, env.delta_r(closure) if closure else 0.0)
    if integer(de, "double_fenetre", 0) == 1:
        u_jn = 1 / (1 / u_jn + 1 / DOUBLE_WINDOW_U + DOUBLE_WINDOW_AIR_R) if u_jn else u_jn
    s_w = number(de, "sw_saisi")
    if s_w is None:
        pose = integer(de, "enum_type_pose_id")
        if pose is None:
            ctx.warn(f"{who} : type de pose absent, Sw sans ce critère.")
        s_w = env.sw(wt, frame, (glazing or "").replace("_FE", "") or None, enums.POSE.get(pose), sill)
    orient_id = ctx.enum_id(de, "enum_orientation_id", DEFAULT_ORIENTATION, f"{who} : orientation absente, sud.")
    orient = ctx.decode(enums.ORIENTATION, orient_id, UNKNOWN_ORIENTATION, f"{who} : orientation inconnue, sud.")
    return u_jn, s_w, orient, incl, solar_masks(de)


def _window_and_frame(de, ctx, who):
    """(type_baie, presence_soubassement, nature_menuiserie, presence_rupteur_pont_thermique) of a window."""
    wt_id = ctx.enum_id(
        de, "enum_type_baie_id", DEFAULT_WINDOW_TYPE, f"{who} : type de baie absent, fenêtre battante."
    )
    message = f"{who} : type de baie inconnu ({wt_id}), fenêtre battante."
    wt, sill = ctx.decode(enums.WINDOW_TYPE, wt_id, UNKNOWN_WINDOW_TYPE, message)
    frame_id = ctx.enum_id(de, "enum_type_materiaux_menuiserie_id", DEFAULT_FRAME, f"{who} : menuiserie absente, PVC.")
    frame, brk = ctx.decode(enums.FRAME, frame_id, UNKNOWN_FRAME, f"{who} : menuiserie inconnue ({frame_id}).")
    return wt, sill, frame, brk


def _uw(de, wt, frame, sill, brk, glazing, incl, ctx, who) -> float:
    """§3.3.1 Uw from the table: glass blocks' flat value, otherwise from Ug, frame and window type."""
    if wt in enums.GLASS_BLOCKS:
        return GLASS_BLOCK_UW[wt]
    u_g = number(de, "ug_saisi")
    if not u_g:
        if glazing is None:
            ctx.warn(f"{who} : vitrage sans type de vitrage, Ug d'un double vitrage.")
        gas = integer(de, "enum_type_gaz_lame_id")
        gap = number(de, "epaisseur_lame")
        if glazing not in (None, "SIMPLE_VITRAGE") and (gas is None or gap is None):
            ctx.warn(f"{who} : gaz ou épaisseur de la lame absent, Ug par défaut de la table (lame de 12 mm).")
        u_g = env.ug(glazing or UG_GLAZING_WITHOUT_TYPE, enums.GAS.get(gas), gap, incl == "vertical")
    if frame is None:
        ctx.warn(f"{who} : menuiserie sans matériau, Uw d'une menuiserie PVC.")
    return env.uw(wt, frame or UW_FRAME_WITHOUT_TYPE, u_g, sill, brk)


def omb(tv_id) -> float:
    """§6.2.2.3 shading (%) of a non-homogeneous distant mask referenced by its exchange-format id; 0 when none."""
    try:
        row = tables.row_at("baie.omb", table_refs.OMB_TV_ROW.get(int(tv_id)))
    except (TypeError, ValueError):
        return 0.0
    return float(row["omb"]) if row else 0.0


def solar_masks(de) -> float:
    """§6.2.2 solar factor Fe = Fe1 (close masks) × Fe2 (distant masks, homogeneous or 1 − Σomb/100)."""
    fe1 = NO_MASK
    row = tables.row_at("baie.fe1", table_refs.FE1_TV_ROW.get(integer(de, "tv_coef_masque_proche_id")))
    if row:
        fe1 = float(row["fe1"])
    fe2 = NO_MASK
    row = tables.row_at("baie.fe2", text(de, "tv_coef_masque_lointain_homogene_id"))
    if row:
        fe2 = float(row["fe2"])
    ombs = [
        omb(m.findtext("tv_coef_masque_lointain_non_homogene_id")) for m in de.iter("masque_lointain_non_homogene")
    ]
    if ombs:
        fe2 *= max(0.0, 1 - sum(ombs) / 100)
    return fe1 * fe2


def verandas(root, ctx) -> list[Veranda]:
    """§6.3 sunspaces: transparency T of their glazing, bver from their orientation and insulation, own glazing."""
    out = []
    for ets in root.findall(SUNSPACES):
        de = ets.find("donnee_entree")
        who = named("Espace tampon solarisé", de)
        row = tables.row_at("lnc.baie.t", table_refs.ETS_T_TV_ROW.get(integer(de, "tv_coef_transparence_ets_id")))
        if not row:
            ctx.warn(f"{who} : transmission des baies absente ou inconnue, T = 0,5.")
        cfg = ctx.enum_id(de, "enum_cfg_isolation_lnc_id", DEFAULT_SUNSPACE_CFG, f"{who} : configuration absente.")
        message = f"{who} : configuration inconnue ({cfg}), orientation est/ouest non isolée."
        orient, insulated = ctx.decode(enums.CFG_SUNSPACE, cfg, UNKNOWN_SUNSPACE_CFG, message)
        bver = env.b_veranda(ctx.zone, orient, insulated)
        glazing = [
            _sunspace_glazing(b.find("donnee_entree"), ctx, who) for b in ets.findall("baie_ets_collection/baie_ets")
        ]
        out.append(Veranda(t=float(row["t"]) if row else DEFAULT_SUNSPACE_T, bver=bver, glazing=glazing))
    return out


def _sunspace_glazing(de, ctx, who) -> tuple[float, str, str]:
    """(area, orientation, inclination) of a sunspace's own glazing."""
    area = number(de, "surface_totale_baie", 0.0) or 0.0
    if not area:
        ctx.warn(f"{who} : surface d'une baie absente, baie non comptée.")
    orient_id = ctx.enum_id(de, "enum_orientation_id", DEFAULT_ORIENTATION, f"{who} : orientation d'une baie absente.")
    incl_id = ctx.enum_id(de, "enum_inclinaison_vitrage_id", DEFAULT_INCLINATION, f"{who} : inclinaison absente.")
    return (
        area,
        ctx.decode(enums.ORIENTATION, orient_id, UNKNOWN_ORIENTATION, f"{who} : orientation inconnue ({orient_id})."),
        ctx.decode(enums.INCLINATION, incl_id, UNKNOWN_INCLINATION, f"{who} : inclinaison inconnue ({incl_id})."),
    )
