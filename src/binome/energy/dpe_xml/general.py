"""General characteristics of the DPE (``caracteristique_generale``, ``meteo``, date, inertia): the frame."""

from datetime import date

from binome.energy.threecl.model import Dwelling

from . import enums, system_enums
from .context import Context
from .fiche import fiches
from .reader import DpeXmlError, integer, number, text


# Defaults for missing general characteristics. None of them comes from the 3CL method, which requires every one of
# these inputs; they only keep an incomplete file computable, and each use is reported.
DEFAULT_METHOD = 1  # enum_methode_application_dpe_log_id 1: dpe maison individuelle
DEFAULT_PERIOD = 1  # enum_periode_construction_id 1: avant 1948 (year 1940)
UNKNOWN_PERIOD_YEAR = 1960  # an enum_periode_construction_id outside the enum
DEFAULT_ZONE_ID = 3  # enum_zone_climatique_id 3: H1c
DEFAULT_ZONE = "H1c"
DEFAULT_ALTITUDE_CLASS = 1  # enum_classe_altitude_id 1: below 400 m
DEFAULT_DPE_DATE = date(2024, 1, 1)  # fixes the primary-energy factor of electricity (2.3 before 2026) and labels
DEFAULT_INERTIA_ID = 3  # enum_classe_inertie_id 3: moyenne (§7)
DEFAULT_INERTIA = "moyenne"
DEFAULT_HSP = 2.5  # m, ceiling height
DEFAULT_LEVELS = 1
DEFAULT_DWELLINGS = 1  # dwellings of a building computed as a whole

OF = {"immeuble": "de l'immeuble", "logement": "du logement"}
FIRST_HEATING_GENERATOR = (
    "logement/installation_chauffage_collection/installation_chauffage/generateur_chauffage_collection"
    "/generateur_chauffage/donnee_entree"
)


def application_method(root, ctx=None) -> int:
    m = integer(root, "logement/caracteristique_generale/enum_methode_application_dpe_log_id")
    if m is None:
        if ctx is not None:
            ctx.warn("Méthode d'application du DPE absente : DPE de maison individuelle retenu.")
        m = DEFAULT_METHOD
    return m


def building_type(root, ctx=None) -> str:
    """maison, immeuble (a building computed as a whole) or appartement, from the DPE's method of application."""
    m = application_method(root, ctx)
    if m in enums.HOUSE_METHODS:
        return "maison"
    if m in enums.BUILDING_METHODS:
        return "immeuble"
    return "appartement"


def read(root) -> tuple[Context, Dwelling]:
    """The context the chapters read with, and the dwelling with its general characteristics (no components yet)."""
    cg = root.find("logement/caracteristique_generale")
    meteo = root.find("logement/meteo")
    ctx = Context(DEFAULT_ZONE, 0, False, "maison")
    building = building_type(root, ctx)
    method = application_method(root)
    whole_building = building == "immeuble" or method in enums.FLAT_FROM_BUILDING
    surface, n = _surface_and_dwellings(cg, whole_building, ctx)
    ctx.zone = _zone(meteo, ctx)
    ctx.year = _construction_year(cg, ctx)
    ctx.joule = any(
        (integer(g, "enum_type_generateur_ch_id", 0) or 0) in system_enums.JOULE_EFFECT_GENERATORS
        for g in root.findall(FIRST_HEATING_GENERATOR)[:1]
    )
    ctx.building = building
    ctx.fiches = fiches(root)
    ctx.flat_alone = building == "appartement" and method not in enums.FLAT_FROM_BUILDING
    ctx.inertia = _inertia(root, ctx)
    ctx.surface = surface
    ctx.n_dwellings = n
    d = Dwelling(
        building=building,
        zone=ctx.zone,
        altitude_class=_altitude_class(meteo, ctx),
        old_heavy=integer(meteo, "batiment_materiaux_anciens", 0) == 1,
        surface=surface,
        hsp=_positive(cg, "hsp", DEFAULT_HSP, "Hauteur sous plafond absente : 2,5 m retenus.", ctx),
        levels=_levels(cg, ctx),
        inertia=ctx.inertia,
        year_built=ctx.year,
        dpe_date=dpe_date(root, ctx),
        n_dwellings=n,
    )
    return ctx, d


def _surface_and_dwellings(cg, whole_building: bool, ctx) -> tuple[float, int]:
    """The surface computed (the building's when the building is computed as a whole) and its number of dwellings."""
    own, other = ("immeuble", "logement") if whole_building else ("logement", "immeuble")
    surface = number(cg, f"surface_habitable_{own}")
    if not surface:
        surface = number(cg, f"surface_habitable_{other}")
        if surface:
            ctx.warn(f"Surface habitable {OF[own]} absente : celle {OF[other]} est utilisée.")
    if not surface:
        raise DpeXmlError("Surface habitable absente du DPE.")
    if not whole_building:
        return surface, 1
    n = integer(cg, "nombre_appartement")
    if not n:
        ctx.warn("Nombre d'appartements de l'immeuble absent : 1 retenu.")
    return surface, max(n or DEFAULT_DWELLINGS, 1)


def _construction_year(cg, ctx) -> int:
    year = integer(cg, "annee_construction")
    if year:
        return year
    period = integer(cg, "enum_periode_construction_id")
    if period is None:
        ctx.warn("Année et période de construction absentes : avant 1948 retenu.")
        period = DEFAULT_PERIOD
    if period not in enums.PERIOD_YEAR:
        ctx.warn(f"Période de construction inconnue ({period}) : 1960 retenu.")
        return UNKNOWN_PERIOD_YEAR
    return enums.PERIOD_YEAR[period]


def _zone(meteo, ctx) -> str:
    zone_id = integer(meteo, "enum_zone_climatique_id")
    if zone_id is None:
        ctx.warn("Zone climatique absente : H1c retenue.")
        zone_id = DEFAULT_ZONE_ID
    if zone_id not in enums.ZONES:
        ctx.warn(f"Zone climatique inconnue ({zone_id}) : H1c retenue.")
    return enums.ZONES.get(zone_id, DEFAULT_ZONE)


def _altitude_class(meteo, ctx) -> int:
    alt = integer(meteo, "enum_classe_altitude_id")
    if alt is None:
        ctx.warn("Classe d'altitude absente : moins de 400 m retenu.")
        return DEFAULT_ALTITUDE_CLASS
    return alt


def _inertia(root, ctx) -> str:
    inertia_id = integer(root, "logement/enveloppe/inertie/enum_classe_inertie_id")
    if inertia_id is None:
        ctx.warn("Classe d'inertie absente : inertie moyenne retenue.")
        inertia_id = DEFAULT_INERTIA_ID
    if inertia_id not in enums.INERTIA:
        ctx.warn(f"Classe d'inertie inconnue ({inertia_id}) : inertie moyenne retenue.")
    return enums.INERTIA.get(inertia_id, DEFAULT_INERTIA)


def dpe_date(root, ctx=None) -> date:
    """The DPE's date (it fixes the electricity factor and the label rules); 1 January 2024 when unreadable."""
    raw = text(root, "administratif/date_etablissement_dpe")
    try:
        if raw is not None:
            return date.fromisoformat(raw)
    except ValueError:
        pass
    if ctx is not None:
        ctx.warn("Date d'établissement du DPE absente ou illisible : 1er janvier 2024 retenu.")
    return DEFAULT_DPE_DATE


def _levels(cg, ctx) -> int:
    levels = integer(cg, "nombre_niveau_logement")
    if not levels:
        ctx.warn("Nombre de niveaux du logement absent : 1 retenu.")
        return DEFAULT_LEVELS
    return levels


def _positive(e, tag, default, message, ctx):
    """A value that must be given and non-zero; ``default`` (reported with ``message``) otherwise."""
    value = number(e, tag)
    if not value:
        ctx.warn(message)
        return default
    return value
