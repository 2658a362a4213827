"""Plain data classes describing a dwelling as the 3CL engine sees it, and the engine's result."""

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Opaque:
    """An opaque wall, low floor, ceiling/roof or door, with its resolved U (W/m²K) and reduction factor b."""

    kind: str  # "mur" | "plancher_bas" | "plancher_haut" | "porte"
    area: float
    u: float
    b: float = 1.0
    insulated: bool = False
    label: str = ""


@dataclass
class Window:
    area: float
    u: float  # Ujn (with closure) or Uw
    sw: float = 0.5
    orientation: str = "S"  # S, N, E, W, H (horizontal)
    inclination: str = "vertical"  # vertical (>75°), sloped (25-75°), horizontal (<25°)
    b: float = 1.0
    fe: float = 1.0  # solar masks factor
    label: str = ""
    # "ext": outside, solar gains direct; "ets": onto a sunspace (§6.3, gains through Veranda); "lnc": onto another
    # unheated space, no solar gains
    adjacency: str = "ext"


@dataclass
class Veranda:
    """§6.3 sunspace (véranda, closed loggia): transparency T of its glazing, bver, and its own glazed walls."""

    t: float
    bver: float
    glazing: list[tuple[float, str, str]] = field(default_factory=list)  # (area, orientation, inclination)


@dataclass
class Bridge:
    length: float
    k: float
    label: str = ""


@dataclass
class Ventilation:
    qvarep: float = 1.2  # m³/h per m² of ventilated surface
    qvasouf: float = 1.2
    smea: float = 0.0
    q4pa_conv: float = 2.2  # m³/h per m² of envelope at 4 Pa
    several_facades: bool = True
    fan_kwh: float = 0.0  # conventional annual fan consumption (kWh electricity)


@dataclass
class Combustion:
    """Parameters of a combustion generator (boiler, air heater, gas radiator) per §13.2."""

    kind: str  # "standard" | "basse_temperature" | "condensation" | "bois" | "air_chaud" | "radiateur_gaz"
    pn_kw: float | None = None  # None: default from GV (table chauffage.pn)
    rpn: float = 0.84  # fraction, PCI
    rpint: float = 0.80
    qp0_kw: float = 0.2
    pveil_kw: float = 0.0
    tf30: float = 50.0
    tf100: float = 70.0
    regulation_combustion: bool = False
    wall_hung: bool = True


@dataclass
class HeatingSystem:
    energy: str  # see factors.ENERGIES
    share: float = 1.0  # share of the dwelling's heating need covered
    rg: float = 1.0  # generation efficiency (PCI) or SCOP; ignored when combustion is set
    re: float = 0.95
    rd: float = 1.0
    rr: float = 0.95
    i0: float = 0.86
    combustion: Combustion | None = None
    wet: bool = False  # hydronic network: a circulator is counted
    # §15.2.1 circulator: emitter pressure drop ΔPem (kPa), network length factor Fcot, design temperature drop
    # Δθdim (15 °C high temperature, 7.5 °C otherwise), levels served
    circ_dp_em: float = 10.0
    circ_fcot: float = 0.802
    circ_dtheta: float = 15.0
    circ_levels: int = 1
    solar_fraction: float = 0.0  # §9.2 Fch, share of the heating need covered by a solar system
    aux_g_w: float = 0.0  # generator auxiliaries G + H·Pn (W) per §15
    aux_h: float = 0.0
    label: str = ""


@dataclass
class DhwSystem:
    energy: str
    share: float = 1.0
    rd: float = 0.93
    rg: float = 1.0  # for electric/thermodynamic generators (COP); combustion handled below
    storage_volume_l: float = 0.0
    cr: float = 0.0  # storage loss coefficient (electric tanks)
    storage_in_volume: bool = True
    combustion: Combustion | None = None
    solar_fraction: float = 0.0
    collective: bool = False  # collective installation (§9.1.1: longer network, no storage recovery)
    thermodynamic: bool = False  # heat-pump water heater: its COP covers the tank, whose losses are only recovered
    label: str = ""


@dataclass
class CoolingSystem:
    """§10 air conditioning: ``share`` is the cooled part of the surface (Sclim/Sh), ``eer`` its EER."""

    eer: float
    share: float = 1.0
    energy: str = "electricite"
    label: str = ""


@dataclass
class Dwelling:
    building: str = "maison"  # maison | appartement | immeuble
    zone: str = "H1c"
    altitude_class: int = 1  # 1: <400 m, 2: 400-800 m, 3: >800 m
    old_heavy: bool = False  # "bâtiment à matériaux anciens" (ilpa)
    surface: float = 100.0
    hsp: float = 2.5
    levels: int = 1
    inertia: str = "moyenne"  # tres_lourde | lourde | moyenne | legere
    year_built: int = 1970
    opaque: list[Opaque] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    bridges: list[Bridge] = field(default_factory=list)
    ventilation: Ventilation = field(default_factory=Ventilation)
    heating: list[HeatingSystem] = field(default_factory=list)
    dhw: list[DhwSystem] = field(default_factory=list)
    dpe_date: date = field(default_factory=date.today)
    n_dwellings: int = 1  # for building-level DPEs
    cooling_kwh: float = 0.0  # electricity for cooling entered directly, if any (kWh/yr), besides `cooling`
    cooling: list[CoolingSystem] = field(default_factory=list)  # §10 systems: need computed, then / EER
    pv_production_kwh: float = 0.0  # §16.2 annual photovoltaic production (kWh)
    verandas: list[Veranda] = field(default_factory=list)
    # inputs that were missing or unreadable in the source (a DPE XML) and the defaults used instead, in French
    warnings: list[str] = field(default_factory=list)


@dataclass
class Result:
    deperdition_enveloppe: float
    losses: dict
    gv: float
    besoin_ch: float
    besoin_ecs: float
    conso_ch: float
    conso_ecs: float
    conso_eclairage: float
    conso_auxiliaires: float
    conso_refroidissement: float
    conso_5_usages: float
    ep_conso_5_usages: float
    ep_conso_5_usages_m2: float
    emission_ges_5_usages: float
    emission_ges_5_usages_m2: float
    classe_energie: str
    classe_climat: str
    classe_bilan_dpe: str
    by_energy: dict  # final energy per energy carrier (kWh)
    monthly_need: list[float]
    pef_electricity: float
    besoin_fr: float = 0.0  # §10 cooling need of the whole dwelling (kWh), when it has air conditioning
