"""§4 air change (conventional flows, permeability Q4Pa,conv) and §5 fan consumption."""

from binome.energy.threecl import tables
from binome.energy.threecl.model import Ventilation

from . import enums, table_refs
from .reader import integer, number


VENTILATION = "logement/ventilation_collection/ventilation/donnee_entree"
FAN_HOURS = 8.76  # thousand hours a year: W -> kWh/yr (§5)
# §5: a fan on an existing duct ("ventilation mécanique sur conduit existant") is counted like a self-regulating
# single-flow VMC (the copy of the table gives it 0 W; certified DPEs count 65 W before 2013, 35 W after)
FAN_ON_EXISTING_DUCT = ("VMC_SIMPLE_FLUX", "AUTOREGLABLE")
FAN_YEAR_WITHOUT_PERIOD = 2005  # annee_installation of table ventilation.pvent for systems without a period
FULL_USE = 1  # ratio_utilisation of a pvent row without one

# Defaults for missing inputs or table rows (each use is reported); the method has none.
DEFAULT_VENTILATION = enums.VENTILATION_NATURAL  # no ventilation described: windows opened
NO_FLOW_ROW = {"qvarep_conv": 1.2, "qvasouf_conv": 1.2, "smea_conv": 0}  # m³/h.m², no table row
DEFAULT_Q4PA_CONV = 1.9  # m³/h.m² at 4 Pa, no table row
DEFAULT_SEVERAL_FACADES = 1  # plusieurs_facade_exposee


def read(root, ctx, insulated_envelope: bool) -> Ventilation:
    v = root.find(VENTILATION)
    vid = ctx.enum_id(
        v, "enum_type_ventilation_id", DEFAULT_VENTILATION, "Ventilation absente : ouverture des fenêtres."
    )
    message = f"Type de ventilation inconnu ({vid}) : ouverture des fenêtres."
    system = ctx.decode(enums.VENTILATION, vid, enums.VENTILATION[DEFAULT_VENTILATION], message)
    row = _flow_row(vid, system, ctx)
    facades = ctx.enum_id(
        v, "plusieurs_facade_exposee", DEFAULT_SEVERAL_FACADES, "Exposition des façades absente : plusieurs façades."
    )
    return Ventilation(
        qvarep=float(row["qvarep_conv"]),
        qvasouf=float(row["qvasouf_conv"]),
        smea=float(row["smea_conv"]),
        q4pa_conv=_q4pa(v, ctx, insulated_envelope, _window_seals(root)),
        several_facades=facades == 1,
        fan_kwh=_fan_kwh(system, row, ctx),
    )


def _flow_row(vid, system, ctx) -> dict:
    """Row of table ventilation.debit (§4: Qvarep, Qvasouf, Smea) of the ventilation system."""
    sys, mex, mins, ech, year = system
    collectif = 1 if vid in enums.VENTILATION_COLLECTIVE_DOUBLE_FLOW else (0 if sys == "VMC_DOUBLE_FLUX" else None)
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
    if not rows:
        ctx.warn("Ventilation sans ligne dans la table des débits : 1,2 m³/h.m².")
        return NO_FLOW_ROW
    return rows[0]


def _fan_kwh(system, row, ctx) -> float:
    """§5 conventional fan consumption (kWh/yr): Pvent per dwelling for a house, per m³/h extracted otherwise."""
    sys, mex, _mins, _ech, year = system
    house = ctx.building == "maison"
    fan_sys, fan_mex = FAN_ON_EXISTING_DUCT if sys == "VENTILATION_MECANIQUE" else (sys, mex)
    prow = tables.match(
        "ventilation.pvent",
        type_systeme=fan_sys,
        mode_extraction=fan_mex,
        annee_installation=year or FAN_YEAR_WITHOUT_PERIOD,
        systeme_collectif=int(not house),
    )
    if not (prow and prow.get("pvent_moy")):
        return 0.0  # natural ventilation: no fan
    fan = (
        FAN_HOURS * float(prow["pvent_moy"])
        if house
        else FAN_HOURS * float(prow["pvent"]) * float(row["qvarep_conv"]) * ctx.surface
    )
    return fan * float(prow.get("ratio_utilisation") or FULL_USE)


WINDOWS = "logement/enveloppe/baie_vitree_collection/baie_vitree/donnee_entree"


def _window_seals(root) -> int | None:
    """§4 presence of seals on the windows: 1 when every window that says has them, 0 when one has none, None when
    no window says."""
    seals = [integer(de, "presence_joint") for de in root.findall(WINDOWS)]
    seals = [s for s in seals if s is not None]
    if not seals:
        return None
    return int(all(s == 1 for s in seals))


def _q4pa(v, ctx, insulated_envelope: bool, seals: int | None = None) -> float:
    """§4 conventional permeability Q4Pa,conv: entered value, table row referenced by the DPE, else the table."""
    q4 = number(v, "q4pa_conv_saisi")
    q4_row = table_refs.Q4PA_TV_ROW.get(integer(v, "tv_q4pa_conv_id"))
    if q4 is None and q4_row:
        q4 = float(tables.row_at("enveloppe.q4pa_conv", q4_row)["q4pa_conv"])
    if q4 is None:
        q4 = float(
            ctx.table_value(
                "Perméabilité à l'air sans ligne dans la table : Q4Pa,conv = 1,9 m³/h.m².",
                "enveloppe.q4pa_conv",
                "q4pa_conv",
                DEFAULT_Q4PA_CONV,
                type_batiment="MAISON" if ctx.building == "maison" else "IMMEUBLE",
                annee_construction=ctx.year,
                # §4 before 1948: 2.0 with insulated walls and ceilings, else 2.5 with window seals, else 3.3 (the
                # first row); an envelope not insulated is left to the rows' order so that seals can apply
                isolation_murs_plafonds=1 if insulated_envelope else None,
                presence_joints_menuiserie=seals,
            )
        )
    return q4
