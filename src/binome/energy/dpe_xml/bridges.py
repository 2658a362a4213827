"""§3.4 thermal bridges: length and k of each junction."""

from binome.energy.threecl import envelope as env, tables
from binome.energy.threecl.model import Bridge

from . import enums, table_refs
from .context import named
from .reader import integer, number, text


BRIDGES = "logement/enveloppe/pont_thermique_collection/pont_thermique"
# components a bridge may refer to (reference_1, reference_2)
COMPONENTS = (
    ("mur", "logement/enveloppe/mur_collection/mur"),
    ("plancher_bas", "logement/enveloppe/plancher_bas_collection/plancher_bas"),
    ("plancher_haut", "logement/enveloppe/plancher_haut_collection/plancher_haut"),
    ("baie", "logement/enveloppe/baie_vitree_collection/baie_vitree"),
    ("porte", "logement/enveloppe/porte_collection/porte"),
)

# Older XML (no pourcentage_valeur_pont_thermique): a flat shares its intermediate-floor and partition junctions with
# its neighbours and counts half of them, as the certified k show (§3.4); houses and buildings count them whole.
SHARED_JUNCTION_SHARE = 0.5
WHOLE_JUNCTION = 1.0
# window/wall junctions: largeur_dormant rows of table pont_thermique.kpt (mm), split at 7 cm
NARROW_FRAME_MM, WIDE_FRAME_MM, FRAME_SPLIT_CM = 50, 100, 7

# Defaults for missing inputs (each use is reported); the method has none.
MISSING_LENGTH = 0.0
UNKNOWN_WALL_INSULATION = "NON_ISOLE"  # the junction's wall (or floor) is not found among the components
DEFAULT_POSE = 2  # enum_type_pose_id 2: nu intérieur
UNKNOWN_POSE = "NU_INTERIEUR"
DEFAULT_FRAME_WIDTH_CM = 5
NO_K = 0.0  # a bridge without k, table reference or junction type


def read(root, ctx) -> list[Bridge]:
    out = []
    refs = _components(root)
    for el in root.findall(BRIDGES):
        de = el.find("donnee_entree")
        who = named("Pont thermique", de)
        share = number(de, "pourcentage_valeur_pont_thermique")
        if share is None:
            shared = ctx.flat_alone and integer(de, "enum_type_liaison_id") in enums.SHARED_LINKS
            share = SHARED_JUNCTION_SHARE if shared else WHOLE_JUNCTION
        length = number(de, "l")
        if length is None:
            ctx.warn(f"{who} : longueur absente, pont non compté.")
            length = MISSING_LENGTH
        length = length * share
        k = number(de, "k_saisi")
        link = enums.LINK.get(integer(de, "enum_type_liaison_id"))
        if k is None:
            k = kpt_from_tv(integer(de, "tv_pont_thermique_id"))
        if k is None and link:
            k = _k_from_components(de, link, refs, ctx, who)
        if k is None:
            ctx.warn(f"{who} : ni k, ni type de liaison, k = 0.")
        out.append(Bridge(length=length, k=k or NO_K, label=link or ""))
    return out


def kpt_from_tv(tv_id) -> float | None:
    """k of the table row referenced by ``tv_pont_thermique_id`` (see ``table_refs.KPT_TV_ROW``), or None."""
    row = tables.row_at("pont_thermique.kpt", table_refs.KPT_TV_ROW.get(tv_id))
    return float(row["kpt"]) if row else None


def _components(root) -> dict:
    """reference -> (kind, donnee_entree) of the components a bridge can join."""
    refs = {}
    for kind, path in COMPONENTS:
        for el in root.findall(path):
            de = el.find("donnee_entree")
            ref = text(de, "reference")
            if ref:
                refs[ref] = (kind, de)
    return refs


def _insulation_label(de) -> str:
    """type_isolation of table pont_thermique.kpt for a component: its insulation type, else from its U method."""
    iso = integer(de, "enum_type_isolation_id", enums.INSULATION_UNKNOWN)
    if iso in enums.INSULATION:
        return enums.INSULATION[iso]
    m = integer(de, "enum_methode_saisie_u_id", enums.U_NOT_INSULATED)
    return "NON_ISOLE" if m == enums.U_NOT_INSULATED else "ITI"


def _k_from_components(de, link, refs, ctx, who) -> float:
    """§3.4 k from the insulation of the wall and of the floor, ceiling or window the bridge joins."""
    a = refs.get(text(de, "reference_1") or "")
    b = refs.get(text(de, "reference_2") or "")
    wall = next((x for x in (a, b) if x and x[0] == "mur"), None)
    other = next((x for x in (a, b) if x and x[0] != "mur"), None)
    if wall is None:
        ctx.warn(f"{who} : mur de la liaison introuvable, mur non isolé.")
    wall_iso = _insulation_label(wall[1]) if wall else UNKNOWN_WALL_INSULATION
    if link == "MENUISERIE_MUR":
        if other is None:
            ctx.warn(f"{who} : menuiserie de la liaison introuvable, pose et dormant lus sur le pont.")
        ode = other[1] if other else de
        pose_id = integer(ode, "enum_type_pose_id", DEFAULT_POSE) or DEFAULT_POSE
        width = number(ode, "largeur_dormant", DEFAULT_FRAME_WIDTH_CM) or DEFAULT_FRAME_WIDTH_CM
        if integer(ode, "enum_type_pose_id") is None or not number(ode, "largeur_dormant"):
            ctx.warn(f"{who} : pose ou largeur du dormant absente, nu intérieur et 5 cm.")
        return env.k_bridge(
            link,
            wall_iso,
            type_pose_ouverture=ctx.decode(enums.POSE, pose_id, UNKNOWN_POSE, f"{who} : type de pose sans ligne."),
            presence_retour_isolation=integer(ode, "presence_retour_isolation", 0),
            largeur_dormant=NARROW_FRAME_MM if width <= FRAME_SPLIT_CM else WIDE_FRAME_MM,
        )
    if other is None and link not in ("REFEND_MUR", "PLANCHER_INTERMEDIAIRE_MUR"):
        ctx.warn(f"{who} : plancher de la liaison introuvable, plancher non isolé.")
    floor_iso = _insulation_label(other[1]) if other else UNKNOWN_WALL_INSULATION
    if link in ("REFEND_MUR", "PLANCHER_INTERMEDIAIRE_MUR"):
        floor_iso = None
    return env.k_bridge(link, wall_iso, floor_iso)
