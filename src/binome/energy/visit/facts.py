"""``VisitFacts``: what the advisor records at a visit. ``None`` means "not known": the estimate fills it in and
counts it in its uncertainty (see ``uncertainty``)."""

from dataclasses import dataclass, field, fields, replace
from datetime import date


@dataclass
class VisitFacts:
    # --- the dwelling (the first fields are those of the first version, with the same defaults) --------------------
    dwelling_type: str = "maison"  # maison | appartement
    year_built: int = 1970
    surface: float = 90.0  # heated surface, m²
    altitude_m: float = 500.0
    walls_insulation: str = "inconnue"  # non | partielle | oui | inconnue (vocabulary.INSULATION_STATES)
    roof_insulation: str = "inconnue"
    floor_insulation: str = "inconnue"
    glazing: str | None = "double"  # vocabulary.GLAZING
    ventilation: str | None = "naturelle"  # vocabulary.VENTILATION
    heating: str = "convecteurs"  # main heating, vocabulary.HEATING
    hot_water: str | None = "ballon_electrique"  # vocabulary.HOT_WATER
    levels: int = 1
    zone: str = "H1c"
    on: date = field(default_factory=date.today)
    # --- shape (houses) or position (flats) -------------------------------------------------------------------------
    hsp: float | None = None  # ceiling height (m)
    shared_walls: int | None = None  # house: sides joined to another heated building (0, 1, 2)
    flat_position: str | None = None  # vocabulary.FLAT_POSITIONS
    exposed_facades: int | None = None  # flat: façades on the outside (1-3)
    floor_type: str | None = None  # what is under the dwelling, vocabulary.FLOOR_TYPES
    roof_type: str | None = None  # what is above it, vocabulary.ROOF_TYPES
    wall_area_m2: float | None = None  # measured area of the walls on the outside, windows included
    veranda: str | None = None  # a sunspace against the dwelling, by orientation (vocabulary.VERANDAS)
    # --- envelope details --------------------------------------------------------------------------------------------
    wall_material: str | None = None  # vocabulary.WALL_MATERIALS
    wall_thickness_cm: float | None = None
    wall_lining: bool | None = None  # walls lined inside (plasterboard or brick on an air gap)
    attached_unheated: bool | None = None  # a garage, cellar or barn against the walls (house)
    walls_insulation_cm: float | None = None  # measured thickness of the insulation
    roof_insulation_cm: float | None = None
    floor_insulation_cm: float | None = None
    walls_insulation_year: int | None = None  # year the insulation was laid, when it is not the construction's
    roof_insulation_year: int | None = None
    floor_insulation_year: int | None = None
    walls_insulated_share: float | None = None  # "partielle": the insulated share of the element (0-1)
    roof_insulated_share: float | None = None
    floor_insulated_share: float | None = None
    frames: str | None = None  # vocabulary.FRAMES
    shutters: bool | None = None
    windows_count: int | None = None  # windows and French windows
    window_area_m2: float | None = None  # measured glazed area (m², frames included)
    door: str | None = None  # vocabulary.DOORS
    ventilation_year: int | None = None
    # --- systems -----------------------------------------------------------------------------------------------------
    heating_year: int | None = None  # year the main generator was installed
    emitters: str | None = None  # water network: vocabulary.EMITTERS
    regulation: str | None = None  # vocabulary.REGULATION
    heating_collective: bool = False  # flat heated by the building's boiler or a heat network
    secondary_heating: str | None = None  # vocabulary.HEATING
    secondary_role: str = "appoint"  # vocabulary.SECONDARY_ROLES
    secondary_share: float | None = None  # "pieces": share of the heated surface it heats alone (0-1)
    secondary_year: int | None = None
    bathroom_heater: bool = False  # an electric heater in the bathroom besides the main heating
    hot_water_litres: float | None = None  # tank volume
    hot_water_year: int | None = None
    hot_water_collective: bool = False
    air_conditioning: bool = False  # the dwelling is cooled (§10), e.g. by a reversible air/air heat pump
    defects: tuple[str, ...] = ()  # vocabulary.DEFECTS

    def key(self) -> tuple:
        """A hashable summary of every fact (memoisation of the estimate)."""
        return tuple(getattr(self, f.name) if f.name != "defects" else tuple(self.defects) for f in fields(self))


def with_values(f: VisitFacts, **values) -> VisitFacts:
    """A copy of ``f`` with some facts replaced."""
    return replace(f, **values)
