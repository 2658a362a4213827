"""§10 air conditioning: cooled share of the surface and EER of each system."""

from binome.energy.threecl.model import CoolingSystem

from . import enums
from .context import named
from .reader import number, text


SYSTEMS = "logement/climatisation_collection/climatisation"

# Defaults for missing inputs or table rows (each use is reported); the method has none.
WHOLE_SURFACE = 1.0  # a system without surface_clim cools the whole dwelling
DEFAULT_PERIOD = 1  # enum_periode_installation_fr_id 1: avant 2008
UNKNOWN_PERIOD_YEAR = 2000
DEFAULT_EER = 3.42  # table refroidissement.eer has no row (the certified EER before 2008, see docs/energy-engine.md)
DEFAULT_ENERGY = 1  # enum_type_energie_id 1: électricité
UNKNOWN_ENERGY = "electricite"


def read(root, ctx) -> list[CoolingSystem]:
    """§10 air conditioning: cooled share of the surface (Sclim/Sh) and EER of the §10.3 table (zone, period).

    A nameplate SEER (enum_methode_saisie_carac_sys_id 6-8) is not stored in ``donnee_entree``: the table applies.
    """
    out = []
    for el in root.findall(SYSTEMS):
        de = el.find("donnee_entree")
        if de is None:
            continue
        who = named("Climatisation", de)
        s_clim = number(de, "surface_clim")
        if not s_clim:
            ctx.warn(f"{who} : surface climatisée absente, tout le logement.")
        share = min(s_clim / ctx.surface, 1.0) if s_clim and ctx.surface else WHOLE_SURFACE
        period = ctx.enum_id(de, "enum_periode_installation_fr_id", DEFAULT_PERIOD, f"{who} : période absente.")
        year = ctx.decode(enums.COOLING_PERIOD_YEAR, period, UNKNOWN_PERIOD_YEAR, f"{who} : période inconnue.")
        eer = ctx.table_value(
            f"{who} : EER absent de la table, 3,42.",
            "refroidissement.eer",
            "eer",
            DEFAULT_EER,
            zone_climatique=ctx.zone[:2],
            annee_installation_generateur=year,
        )
        energy_id = ctx.enum_id(de, "enum_type_energie_id", DEFAULT_ENERGY, f"{who} : énergie absente, électricité.")
        energy = ctx.decode(enums.ENERGY, energy_id, UNKNOWN_ENERGY, f"{who} : énergie inconnue ({energy_id}).")
        out.append(CoolingSystem(eer=float(eer), share=share, energy=energy, label=text(de, "description") or ""))
    return out
