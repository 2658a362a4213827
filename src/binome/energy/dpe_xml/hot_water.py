"""§11 hot-water installations (distribution Rd, solar coverage, storage) and §14 generators."""

from binome.energy.threecl import tables
from binome.energy.threecl.model import Combustion, DhwSystem

from . import enums, system_enums as se, table_refs
from .combustion import COMBUSTION_ENERGY, collective_pn, combustion_params
from .context import named
from .fiche import FICHE_DHW, documented_cop
from .installation import installation_type, virtualisation
from .reader import integer, number, text


INSTALLATIONS = "logement/installation_ecs_collection/installation_ecs"
GENERATORS = "generateur_ecs_collection/generateur_ecs"

TWO_SYSTEMS_SHARE = 0.5  # §11: two hot-water systems in one dwelling share the need
NETWORK_RG = 0.9  # §14: hot water from a heat network
# Pn of a hot-water combustion generator: the exchange format keeps it out of donnee_entree, so the engine always
# uses these sizes (kW) unless the installation is collective (sized for the building, like heating boilers)
DHW_BOILER_PN_KW = 24.0
DHW_INSTANTANEOUS_PN_KW = 21.0
# separate tank heated by a boiler (§11.6): collective tanks and the few litres of a combi boiler's micro-storage are
# not counted (certified DPEs agree better without them)
MIN_BOILER_TANK_L = 50
# an "other" combustion system (ids 78-81) or the default collective system (84) not on electricity: a standard
# boiler of 1990 (table ecs.combustion)
OTHER_COMBUSTION_YEAR = 1990
OTHER_COMBUSTION_ENERGY = "FIOUL"  # its energy when not a fuel

# Defaults for missing inputs or table rows (each use is reported); the method has none.
DEFAULT_CFG = 1  # enum_cfg_installation_ecs_id 1: un seul système d'ECS sans solaire
DEFAULT_GENERATOR = se.DHW_UNKNOWN_TANK  # enum_type_generateur_ecs_id 69: electric tank of unknown category
DEFAULT_ENERGY = 1  # enum_type_energie_id 1: électricité
UNKNOWN_ENERGY = "electricite"
DEFAULT_IN_VOLUME = 1  # position_volume_chauffe 1: in the heated volume
DEFAULT_LOOP = 1  # enum_bouclage_reseau_ecs_id 1: réseau non bouclé
DEFAULT_COLLECTIVE_RD = 0.55  # table ecs.rd has no collective row
DEFAULT_INDIVIDUAL_RD = 0.93  # table ecs.rd has no individual row
DEFAULT_TANK_L = 150  # volume of an electric tank without volume_stockage
DEFAULT_CR = 0.23  # table ecs.cr has no row
DEFAULT_THERMO_PERIOD = 1  # enum_periode_installation_ecs_thermo_id 1: avant 2010
DEFAULT_COP = 2.2  # table ecs.cop has no row
NO_SOLAR = 0.0


def read(root, ctx, pdim) -> list[DhwSystem]:
    """Every hot-water generator with its share of the need; ``pdim``: the dwelling's design heat load (kW)."""
    out = []
    insts = root.findall(INSTALLATIONS)
    for inst in insts:
        ide = inst.find("donnee_entree")
        who = named("Installation d'ECS", ide)
        message = f"{who} : configuration absente, un seul système."
        cfg = ctx.enum_id(ide, "enum_cfg_installation_ecs_id", DEFAULT_CFG, message)
        share = TWO_SYSTEMS_SHARE if cfg == se.DHW_CFG_TWO_SYSTEMS else 1.0 / max(len(insts), 1)
        collectif = installation_type(ide, ctx, who) in se.INSTALLATION_COLLECTIVE
        gens = [g.find("donnee_entree") for g in inst.findall(GENERATORS)]
        for g in gens:
            out.append(_generator(root, ide, g, share / len(gens), collectif, ctx, pdim))
    return out


def _generator(root, ide, g, share, collectif, ctx, pdim) -> DhwSystem:
    """A hot-water generator (``generateur_ecs/donnee_entree``) of the installation ``ide``."""
    who = named("Générateur d'ECS", g)
    gid = ctx.enum_id(g, "enum_type_generateur_ecs_id", DEFAULT_GENERATOR, f"{who} : type absent, ballon électrique.")
    energy_id = ctx.enum_id(g, "enum_type_energie_id", DEFAULT_ENERGY, f"{who} : énergie absente, électricité.")
    energy = ctx.decode(enums.ENERGY, energy_id, UNKNOWN_ENERGY, f"{who} : énergie inconnue ({energy_id}).")
    position = ctx.enum_id(
        g, "position_volume_chauffe", DEFAULT_IN_VOLUME, f"{who} : position absente, en volume chauffé."
    )
    in_vol = position == 1
    w = DhwSystem(
        energy=energy,
        collective=collectif,
        solar_fraction=_solar_fraction(ide, ctx),
        share=share,
        rd=_distribution_rd(ide, collectif, in_vol, ctx),
        storage_in_volume=in_vol,
        label=text(g, "description") or "",
    )
    vol = number(g, "volume_stockage", 0) or 0
    electric_tank = gid == se.DHW_DEFAULT_COLLECTIVE and energy == "electricite" and vol > 0
    if gid in se.ELECTRIC_TANKS or electric_tank:
        _electric_tank(w, se.DHW_UNKNOWN_TANK if electric_tank else gid, vol, ide, ctx, who)
    elif gid in se.DHW_ELECTRIC_RG:
        w.rg = se.DHW_ELECTRIC_RG[gid]
    elif energy != "reseau_chaleur" and (gid in se.DHW_THERMODYNAMIC or gid in se.DHW_THERMODYNAMIC_BY_PERIOD):
        _thermodynamic(w, gid, g, vol, collectif, ctx, who)
    elif gid in se.DHW_HEAT_NETWORKS or energy == "reseau_chaleur":  # §14: a heat network, whatever its id says
        w.rg = NETWORK_RG
        w.energy = "reseau_chaleur" if energy == "electricite" else energy
    else:
        _combustion(w, root, ide, g, gid, vol, collectif, ctx, pdim, who)
    return w


def _distribution_rd(ide, collectif, in_vol, ctx) -> float:
    """§11.3 Rd: the row the DPE references, else the collective (by loop) or individual row."""
    rd_row = tables.row_at(
        "ecs.rd", table_refs.ECS_RD_TV_ROW.get(_tv_id(text(ide, "tv_rendement_distribution_ecs_id")))
    )
    if rd_row is not None:
        return float(rd_row["rd"])
    who = named("Installation d'ECS", ide)
    if collectif:
        loop = ctx.enum_id(ide, "enum_bouclage_reseau_ecs_id", DEFAULT_LOOP, f"{who} : bouclage absent, non bouclé.")
        return float(
            ctx.table_value(
                f"{who} : distribution collective sans ligne dans la table, Rd = 0,55.",
                "ecs.rd",
                "rd",
                DEFAULT_COLLECTIVE_RD,
                reseau_collectif=1,
                bouclage_reseau=se.DHW_LOOP.get(loop),
                alimentation_contigue=1,
            )
        )
    return float(
        ctx.table_value(
            f"{who} : distribution individuelle sans ligne dans la table, Rd = 0,93.",
            "ecs.rd",
            "rd",
            DEFAULT_INDIVIDUAL_RD,
            reseau_collectif=0,
            production_volume_habitable=int(in_vol),
            alimentation_contigue=1,
        )
    )


def _tv_id(value) -> int | None:
    """A ``tv_*_id`` text as ``tables.row_at`` reads it (an integer, else no row)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _solar_fraction(ide, ctx) -> float:
    """§11.5 solar coverage of hot water: entered value, else the table row referenced by the DPE."""
    fecs = number(ide, "fecs_saisi")
    if fecs is not None:
        return fecs
    tv_id = integer(ide, "tv_facteur_couverture_solaire_id")
    row = tables.row_at("ecs.fecs", table_refs.FECS_TV_ROW.get(tv_id))
    if tv_id and not row:
        who = named("Installation d'ECS", ide)
        ctx.warn(f"{who} : couverture solaire sans ligne dans la table, Fecs = 0.")
    return float(row["fecs"]) if row else NO_SOLAR


def _electric_tank(w, gid, vol, ide, ctx, who) -> None:
    """§11.6 electric tank: loss coefficient Cr (table ecs.cr) and volume; Rg 1."""
    tlabel, lab = se.ELECTRIC_TANKS[gid]
    if not vol:
        ctx.warn(f"{who} : volume de stockage absent, 150 L.")
    w.cr = float(
        ctx.table_value(
            f"{who} : ballon sans ligne dans la table des pertes, Cr = 0,23.",
            "ecs.cr",
            "cr",
            DEFAULT_CR,
            type_generateur=tlabel,
            label_generateur=lab,
            volume_stockage=vol or DEFAULT_TANK_L,
        )
    )
    # a collective tank's losses are shared: the flat bears its ratio_virtualisation of them
    w.storage_volume_l = (vol or DEFAULT_TANK_L) * virtualisation(ide)
    w.rg = 1.0


def _thermodynamic(w, gid, g, vol, collectif, ctx, who) -> None:
    """§14.3 heat-pump water heater or double-service heat pump: COP of table ecs.cop, or the nameplate's."""
    if gid in se.DHW_THERMODYNAMIC_BY_PERIOD:
        ftype = "PAC_DOUBLE_SERVICE"
        period = ctx.enum_id(
            g,
            "enum_periode_installation_ecs_thermo_id",
            DEFAULT_THERMO_PERIOD,
            f"{who} : période absente, avant 2010.",
        )
        year = ctx.decode(se.DHW_THERMO_PERIOD_YEAR, period, 2005, f"{who} : période inconnue ({period}), avant 2010.")
    else:
        ftype, year = se.DHW_THERMODYNAMIC[gid]
    w.rg = float(
        ctx.table_value(
            f"{who} : COP absent de la table, 2,2.",
            "ecs.cop",
            "cop",
            DEFAULT_COP,
            zone_climatique=ctx.zone[:2],
            type_generateur=ftype,
            annee_installation_generateur=year,
        )
    )
    if integer(g, "enum_methode_saisie_carac_sys_id") == se.NAMEPLATE_THERMODYNAMIC:  # stated in the fiche technique
        w.rg = documented_cop(ctx, FICHE_DHW, text(g, "description"), ("COP CET", "SCOP / COP")) or w.rg
    w.thermodynamic = True
    w.storage_volume_l = vol if not collectif else 0.0


def _mixed_boiler(root, g) -> int | None:
    """A mixed boiler's hot-water side (usage 3) is the heating generator of the same energy: its heating id."""
    if integer(g, "enum_usage_generateur_id") != se.USAGE_HEATING_AND_DHW:
        return None
    mixed = []
    for gen in root.iter("generateur_chauffage"):
        h = gen.find("donnee_entree")
        if (
            h is not None
            and integer(h, "enum_usage_generateur_id") == se.USAGE_HEATING_AND_DHW
            and integer(h, "enum_type_energie_id") == integer(g, "enum_type_energie_id")
        ):
            mixed.append(integer(h, "enum_type_generateur_ch_id", 0))
    if len(mixed) == 1 and mixed[0] != se.DEFAULT_COLLECTIVE_BOILER and mixed[0] in se.BOILERS:
        return mixed[0]
    return None


def _combustion_spec(root, g, gid, energy, ctx, who, collectif=False):
    """(kind, energie_generateur, year, type_generateur or None) of a hot-water combustion generator."""
    if gid in se.DHW_BOILER_STOVES:
        return "bois", se.DHW_BOILER_STOVES[gid], se.DHW_BOILER_STOVE_YEAR, "POELE_BOUILLEUR"
    if gid in se.DHW_ACCUMULATORS:
        elabel, ttype = se.DHW_ACCUMULATORS[gid]
        return "standard", elabel, se.DHW_ACCUMULATOR_YEAR, ttype
    if gid in se.DHW_INSTANTANEOUS:
        elabel, year = se.DHW_INSTANTANEOUS[gid]
        return "standard", elabel, year, "CHAUFFE_EAU_INSTANTANE"
    hid = _mixed_boiler(root, g) or se.DHW_TO_HEATING.get(gid)
    if collectif and hid is None:  # a collective "other" system: the heating enum's, oldest rows (as certified)
        hid = se.DHW_OTHER_AS_HEATING.get(gid)
    if hid in se.BOILERS:
        return (*se.BOILERS[hid], None)
    if gid not in se.DHW_OTHER_COMBUSTION:
        ctx.warn(f"{who} : type de générateur non reconnu ({gid}), chaudière standard de 1990.")
    return "standard", COMBUSTION_ENERGY.get(energy, OTHER_COMBUSTION_ENERGY), OTHER_COMBUSTION_YEAR, None


def _combustion(w, root, ide, g, gid, vol, collectif, ctx, pdim, who) -> None:
    """§14.1 combustion generator: a boiler (the heating one for a mixed boiler), accumulator, instantaneous heater."""
    kind, elabel, year, ttype = _combustion_spec(root, g, gid, w.energy, ctx, who, collectif)
    pn = DHW_BOILER_PN_KW if ttype != "CHAUFFE_EAU_INSTANTANE" else DHW_INSTANTANEOUS_PN_KW
    virt = virtualisation(ide)
    if virt < 1:  # collective boiler: sized for the building, the flat bears its share of QP0
        pn = collective_pn(pdim, virt, False, year)
    rpn, rpint, qp0, _pveil = combustion_params(
        kind, elabel, year, pn, table="ecs.combustion", ttype=ttype, ctx=ctx, who=who
    )
    # certified DPEs never count a pilot light for hot water (§14.1 with Pveil = 0)
    w.combustion = Combustion(kind=kind, pn_kw=pn * virt, rpn=rpn, rpint=rpint, qp0_kw=qp0 * virt, pveil_kw=0.0)
    w.storage_volume_l = vol if not collectif and vol >= MIN_BOILER_TANK_L else 0.0
