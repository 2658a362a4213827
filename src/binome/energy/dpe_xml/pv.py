"""§16.2 photovoltaic production from the panels' orientation, inclination and area (or number of modules)."""

from binome.energy.threecl import pv
from binome.energy.threecl.climate import months

from . import enums
from .reader import integer, number


NO_PRODUCTION = 0.0
DEFAULT_KPV = 0.0  # table production.kpv has no row (reported)


def production(root, d, ctx) -> float:
    """Annual production (kWh) of the panels described in ``production_elec_enr``."""
    enr = root.find("logement/production_elec_enr")
    if enr is None or integer(enr.find("donnee_entree"), "presence_production_pv", 0) != 1:
        return NO_PRODUCTION
    panels = []
    for p in enr.iter("panneaux_pv"):
        orient = enums.PV_ORIENTATION_DEG.get(integer(p, "enum_orientation_pv_id"))
        incl = enums.PV_INCLINATION_DEG.get(integer(p, "enum_inclinaison_pv_id"))
        if orient is None or incl is None:
            ctx.warn("Panneaux photovoltaïques sans orientation ou inclinaison : production non comptée.")
            continue
        message = "Panneaux photovoltaïques sans ligne dans la table kpv : production non comptée."
        k = float(
            ctx.table_value(message, "production.kpv", "kpv", DEFAULT_KPV, orientation_pv=orient, inclinaison_pv=incl)
        )
        modules = number(p, "nombre_module")
        area = pv.M2_PER_MODULE * modules if modules else (number(p, "surface_totale_capteurs") or 0.0)
        if not area:
            ctx.warn("Panneaux photovoltaïques sans nombre de modules ni surface : production non comptée.")
        panels.append((k, area))
    epv = sum(m.epv for m in months(d.zone, d.altitude_class, d.old_heavy))
    return pv.production(panels, epv)
