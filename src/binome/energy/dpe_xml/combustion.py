"""§13.2 characteristics of combustion generators (boilers, air heaters, gas radiators) shared by heating and hot
water: Rpn, Rpint, QP0 and Pveil from the table, the default Pn of a collective boiler."""

from binome.energy.threecl import tables
from binome.energy.threecl.combustion import default_pn, evaluate


# energy carrier (``threecl.factors``) -> energie_generateur of the combustion tables
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
# generator kind -> type_generateur of table chauffage.combustion (wood boilers use the standard-boiler rows)
TABLE_TYPE = {
    "standard": "CHAUDIERE_STANDARD",
    "basse_temperature": "CHAUDIERE_BASSE_TEMPERATURE",
    "condensation": "CHAUDIERE_CONDENSATION",
    "bois": "CHAUDIERE_STANDARD",
}
DEFAULT_TABLE_TYPE = "CHAUDIERE_STANDARD"
# generator kind -> categorie_generateur of table chauffage.paux (§15.1 auxiliaries G + H·Pn)
AUX_CATEGORY = {
    "standard": "CHAUDIERE_STANDARD",
    "basse_temperature": "CHAUDIERE_BASSE_TEMPERATURE",
    "condensation": "CHAUDIERE_CONDENSATION",
    "bois": "CHAUDIERE_BOIS",
    "air_chaud": "GENERATEUR_AIR_CHAUD",
    "radiateur_gaz": "RADIATEUR_GAZ",
}
# energies whose boilers are wall-hung (table chauffage.pn: default Pn of wall-hung or floor-standing boilers)
WALL_HUNG_ENERGIES = frozenset({"gaz_naturel", "propane", "butane", "gpl"})
# A collective boiler is sized for the whole building (Pdim / ratio_virtualisation), its default Pn capped
COLLECTIVE_PN_MAX_KW = 400.0

# Defaults when the combustion table has no row or no value for the generator (each use is reported). They are not
# 3CL values: an 84 % efficiency at full and intermediate load, standing losses of 1 % of Pn, no pilot light.
DEFAULT_RPN = 0.84
DEFAULT_RPN_PERCENT = 84.0
DEFAULT_QP0_SHARE_OF_PN = 0.01
NO_PILOT_LIGHT = 0.0


def combustion_params(
    kind: str,
    energy_label: str,
    year: int,
    pn_kw: float,
    table="chauffage.combustion",
    ttype=None,
    ctx=None,
    who="Générateur à combustion",
):
    """(Rpn, Rpint as fractions, QP0 in kW, Pveil in kW) of a combustion generator, from its table row (§13.2).

    With ``ctx``, the defaults used for a missing row or value are reported (``who`` names the generator)."""
    row = tables.match(
        table,
        type_generateur=ttype or TABLE_TYPE.get(kind, DEFAULT_TABLE_TYPE),
        energie_generateur=energy_label,
        annee_installation_generateur=year,
        pn=pn_kw,
    )
    if row is None:
        _warn(ctx, f"{who} : sans ligne dans la table des générateurs à combustion, Rpn 84 % et QP0 1 % de Pn.")
        return DEFAULT_RPN, DEFAULT_RPN, DEFAULT_QP0_SHARE_OF_PN * pn_kw, NO_PILOT_LIGHT
    rpn = evaluate(row.get("rpn"), pn_kw)
    if not rpn:
        _warn(ctx, f"{who} : sans Rpn dans la table des générateurs à combustion, 84 %.")
        rpn = DEFAULT_RPN_PERCENT
    rpint = evaluate(row.get("rpint"), pn_kw) or rpn  # no Rpint in the row: the generator's Rpn
    qp0 = evaluate(row.get("qp0"), pn_kw)
    if qp0 is None:
        _warn(ctx, f"{who} : sans QP0 dans la table des générateurs à combustion, 1 % de Pn.")
        qp0 = DEFAULT_QP0_SHARE_OF_PN * pn_kw
    pveil = (row.get("pveilleuse") or 0) / 1000
    return rpn / 100, rpint / 100, qp0, pveil


def collective_pn(pdim_kw: float, virt: float, wall_hung: bool, year: int) -> float:
    """Default Pn of a boiler sized for the building a flat's share ``virt`` of which is computed."""
    pn = default_pn(pdim_kw / virt, wall_hung, year)
    return min(pn, COLLECTIVE_PN_MAX_KW) if virt < 1 else pn


def _warn(ctx, message):
    if ctx is not None:
        ctx.warn(message)
