"""Heating emitters: §12.1 Re, §12.3 Rr, §12.2 distribution Rd, §8 intermittence I0, §13.2 operating temperatures'
inputs and the §15.2.1 circulator."""

from dataclasses import dataclass

from binome.energy.threecl import tables

from . import system_enums as se, table_refs
from .context import named
from .reader import integer


DISTRIBUTION_NONE_RD = 1.0  # §12.2: no distribution network
CIRC_DTHETA_HIGH = 15.0  # §15.2.1 Δθdim for high-temperature or air distribution (°C)
CIRC_DTHETA_LOW = 7.5  # otherwise
TEMP_WITHOUT_NETWORK = "HAUTE"  # temperature_distribution of tables tfonc30/tfonc100 without a distribution network

# Defaults for missing inputs or table rows (each use is reported); the method has none.
DEFAULT_AIR_RD = 0.8  # aeraulic row of table chauffage.rd not found
DEFAULT_WATER_RD = 0.9  # hydronic row of table chauffage.rd not found
DEFAULT_I0 = 0.9  # row of table chauffage.i0 not found
DEFAULT_INTERMITTENCE = 1  # enum_equipement_intermittence_id 1: absent
DEFAULT_HEATING_TYPE = 1  # enum_type_chauffage_id 1: chauffage divisé
DEFAULT_REGULATION = 1  # enum_type_regulation_id 1: sans régulation pièce par pièce


@dataclass
class Emission:
    """What a generator needs to know of the emitters it feeds (and of their installation)."""

    re: float
    rr: float
    rd: float
    i0: float
    wet: bool
    emission: str
    temp: str  # temperature_distribution of the §13.2 operating-temperature tables
    em_year: int  # annee_installation_emetteur of the same tables
    circ: tuple[float, float, float] = (10.0, 0.802, 15.0)  # §15.2.1 (ΔPem kPa, Fcot, Δθdim °C)
    # the warning to report if a combustion generator uses em_year (the emitters' period is missing)
    em_year_warning: str | None = None
    levels: int = 1  # levels the installation serves (§15.2.1)
    virt: float = 1.0  # flat's share of a collective installation (ratio_virtualisation)
    individual: bool = True  # individual installation


def no_emitter(ctx) -> Emission:
    """An installation that describes no emitter: radiators without network (reported)."""
    ctx.warn("Installation de chauffage sans émetteur décrit : radiateurs sans réseau de distribution.")
    return Emission(re=0.95, rr=0.9, rd=1.0, i0=0.9, wet=False, emission="RADIATEUR", temp="HAUTE", em_year=ctx.year)


def emission(em_de, ctx, collective_installation=False) -> Emission:
    """The efficiencies and characteristics of an emitter (``emetteur_chauffage/donnee_entree``)."""
    who = named("Émetteur", em_de)
    t = ctx.enum_id(em_de, "enum_type_emission_distribution_id", se.EMITTER_OTHER, f"{who} : type d'émetteur absent.")
    em = ctx.decode(se.EMITTERS, t, se.EMITTERS[se.EMITTER_OTHER], f"{who} : type d'émetteur inconnu ({t}).")
    temp_id = integer(em_de, "enum_temp_distribution_ch_id")
    temp = se.TEMP_DISTRIBUTION.get(temp_id if temp_id is not None else 1)
    collectif = int(em.collective)
    rd = _distribution_rd(em_de, t, em, temp, temp_id, collectif, ctx, who)
    if collective_installation:
        collectif = 1
    period = integer(em_de, "enum_periode_installation_emetteur_id")
    return Emission(
        re=em.re,
        rr=em.rr,
        rd=rd,
        i0=float(_i0(em_de, em, collectif, ctx, who)),
        wet=em.wet,
        emission=em.emission,
        temp=temp or TEMP_WITHOUT_NETWORK,
        em_year=se.EMITTER_PERIOD_YEAR.get(period, ctx.year),
        circ=(
            *em.circulator,
            CIRC_DTHETA_HIGH if (temp_id == se.TEMP_HIGH or t == se.AIR_NETWORK) else CIRC_DTHETA_LOW,
        ),
        em_year_warning=None
        if period in se.EMITTER_PERIOD_YEAR
        else f"{who} : période d'installation absente ou inconnue, année de construction pour la chaudière.",
    )


def _distribution_rd(em_de, t, em, temp, temp_id, collectif, ctx, who) -> float:
    """§12.2 Rd: the row the DPE references, else the aeraulic or hydronic row of the network described."""
    rd = DISTRIBUTION_NONE_RD
    iso = "ISOLE" if integer(em_de, "reseau_distribution_isole", 0) == 1 else "NON_ISOLE"
    rd_row = tables.row_at("chauffage.rd", table_refs.RD_TV_ROW.get(integer(em_de, "tv_rendement_distribution_ch_id")))
    if t == se.AIR_NETWORK:
        rd = float(
            ctx.table_value(
                f"{who} : réseau aéraulique sans ligne dans la table, Rd = 0,8.",
                "chauffage.rd",
                "rd",
                DEFAULT_AIR_RD,
                type_distribution="AERAULIQUE",
                isolation_reseau=iso,
            )
        )
    if em.wet and temp:
        rd = float(
            ctx.table_value(
                f"{who} : réseau hydraulique sans ligne dans la table, Rd = 0,9.",
                "chauffage.rd",
                "rd",
                DEFAULT_WATER_RD,
                type_distribution="HYDRAULIQUE",
                temperature_distribution=temp,
                reseau_collectif=collectif,
                isolation_reseau=iso,
            )
        )
    elif em.wet and temp_id is None and rd_row is None:
        ctx.warn(f"{who} : température de distribution absente, Rd = 1 et haute température.")
    if rd_row is not None:
        rd = float(rd_row["rd"])
    return rd


def _i0(em_de, em, collectif, ctx, who) -> float:
    """§8 intermittence I0 of table chauffage.i0."""
    central = ctx.enum_id(em_de, "enum_type_chauffage_id", DEFAULT_HEATING_TYPE, f"{who} : type de chauffage absent.")
    regulation = ctx.enum_id(em_de, "enum_type_regulation_id", DEFAULT_REGULATION, f"{who} : régulation absente.")
    equipment = ctx.enum_id(
        em_de, "enum_equipement_intermittence_id", DEFAULT_INTERMITTENCE, f"{who} : équipement d'intermittence absent."
    )
    # collective heating with individual metering: the exchange format numbers these I0 rows after the others
    metering = int(bool(collectif) and (integer(em_de, "tv_intermittence_id") or 0) in table_refs.METERED_I0_TV_IDS)
    return ctx.table_value(
        f"{who} : intermittence sans ligne dans la table, I0 = 0,9.",
        "chauffage.i0",
        "i0",
        DEFAULT_I0,
        type_batiment="MAISON" if ctx.building == "maison" else "IMMEUBLE",
        type_emission=em.emission,
        type_intermittence=ctx.decode(
            se.INTERMITTENCE, equipment, "ABSENT", f"{who} : équipement d'intermittence inconnu ({equipment})."
        ),
        chauffage_central=int(central == se.HEATING_CENTRAL),
        regulation_terminale=int(regulation == se.REGULATION_PER_ROOM),
        chauffage_collectif=collectif,
        inertie_lourde=int(ctx.inertia in ("lourde", "tres_lourde")),
        comptage_individuel=metering,
    )
