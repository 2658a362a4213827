"""§9 heating installations and §12-13 generators: shares of the need, generation efficiency, auxiliaries."""

from binome.energy.threecl import tables
from binome.energy.threecl.model import Combustion, HeatingSystem

from . import enums, system_enums as se
from .combustion import (
    AUX_CATEGORY,
    COMBUSTION_ENERGY,
    TABLE_TYPE,
    WALL_HUNG_ENERGIES,
    collective_pn,
    combustion_params,
)
from .context import named
from .emitters import Emission, emission, no_emitter
from .fiche import FICHE_HEATING, PN_RANGE_KW, documented_cop, documented_value
from .installation import installation_type, virtualisation
from .reader import integer, number, text


INSTALLATIONS = "logement/installation_chauffage_collection/installation_chauffage"
EMITTERS = "emetteur_chauffage_collection/emetteur_chauffage"
GENERATORS = "generateur_chauffage_collection/generateur_chauffage"

JOULE_RG = 1.0  # §12.4 table Rg: Joule-effect emitters
ELECTRIC_BOILER_RG = 0.97  # §12.4 table Rg: electric boiler
# Configuration 10, a base generator with a relief one: certified DPEs give the whole need to a boiler base (8 of 9
# reference installations) and 6-16 % to the relief of a heat-pump or electric base
BOILER_BASE_SHARE = 1.0
OTHER_BASE_SHARE = 0.85
# a split air/air heat pump has no network: Re and Rr of air blown without network (§12.1, §12.3); a ducted one
# keeps its air network's Rd (0.8/0.85)
SPLIT_HEAT_PUMP_RE_RR = (0.95, 0.96)

# Defaults for missing inputs or table rows (each use is reported); the method has none.
DEFAULT_ENERGY = 1  # enum_type_energie_id 1: électricité
UNKNOWN_ENERGY = "electricite"
DEFAULT_SCOP = 2.6  # table chauffage.scop has no row for the heat pump
DEFAULT_WOOD_STOVE_RG = 0.65  # table chauffage.rg has no row for the stove
DEFAULT_NETWORK_RG = 0.97  # table chauffage.rg has no heat-network row
UNKNOWN_GENERATOR_RG = 0.8  # a generator id outside every family of ``system_enums``
DEFAULT_TFONC100 = 80  # °C, table chauffage.tfonc100 has no row
DEFAULT_TFONC30 = 50  # °C, table chauffage.tfonc30 has no row
DEFAULT_LEVELS = 1


def read(root, ctx, surface, pdim) -> list[HeatingSystem]:
    """Every heating generator with its share of the need; ``pdim``: the dwelling's design heat load (kW)."""
    systems = []
    insts = root.findall(INSTALLATIONS)
    total = sum(number(i.find("donnee_entree"), "surface_chauffee", 0) or 0 for i in insts) or surface
    for inst in insts:
        ide = inst.find("donnee_entree")
        who = named("Installation de chauffage", ide)
        share_inst = (number(ide, "surface_chauffee", 0) or 0) / total if total else 1.0
        if len(insts) == 1:
            share_inst = 1.0
        elif not number(ide, "surface_chauffee"):
            ctx.warn(f"{who} : surface chauffée absente, part nulle du besoin.")
        gens = [g.find("donnee_entree") for g in inst.findall(GENERATORS)]
        inst_systems = _installation(inst, ide, gens, share_inst, ctx, who, pdim)
        systems.extend(inst_systems)
        if integer(ide, "enum_cfg_installation_ch_id", se.CFG_SIMPLE) == se.CFG_BASE_AND_RELIEF and len(gens) > 1:
            _base_and_relief(inst_systems, share_inst)
    return systems


def _installation(inst, ide, gens, share_inst, ctx, who, pdim) -> list[HeatingSystem]:
    """The generators of one installation, each with its share of the need (configuration, link to the emitters)."""
    fch = _solar_fraction(ide, ctx, who)
    emitters = [e.find("donnee_entree") for e in inst.findall(EMITTERS)]
    by_link = {}
    for g in gens:
        link = integer(g, "enum_lien_generateur_emetteur_id")
        if link is None and len(gens) > 1:
            ctx.warn(f"{named('Générateur de chauffage', g)} : lien aux émetteurs absent, génération principale.")
        by_link.setdefault(se.LINK_MAIN if link is None else link, []).append(g)
    message = f"{who} : configuration absente, installation simple."
    cfg = ctx.enum_id(ide, "enum_cfg_installation_ch_id", se.CFG_SIMPLE, message)
    ids = {integer(g, "enum_type_generateur_ch_id", 0) for g in gens}
    if ids & se.HYBRID_HEAT_PUMP_PARTS and ids & se.HYBRID_BOILER_PARTS:
        cfg = se.CFG_BOILER_RELIEF_OF_HEAT_PUMP  # §12.4 a hybrid heat pump: its boiler in relief of its heat pump
    by_link = _links_by_role(cfg, gens, by_link)
    shares = se.CFG_SHARES.get(cfg, {})
    if shares and set(shares) - set(by_link):  # a configuration's share without a generator: spread the rest
        known = sum(v for k, v in shares.items() if k in by_link) or 1.0
        shares = {k: v / known for k, v in shares.items() if k in by_link}
    collective = installation_type(ide, ctx, who) in se.INSTALLATION_COLLECTIVE_OR_HYBRID
    out = []
    for link, glist in by_link.items():
        link_share = shares.get(link, 1.0 if len(by_link) == 1 else (1.0 / len(by_link)))
        em_de = next(
            (e for e in emitters if integer(e, "enum_lien_generateur_emetteur_id", se.LINK_MAIN) == link), None
        )
        em_de = em_de if em_de is not None else (emitters[0] if emitters else None)
        em = emission(em_de, ctx, collective) if em_de is not None else no_emitter(ctx)
        _installation_facts(em, ide, ctx, who)
        for g in glist:
            # an emitter carrying the generator's own reference belongs to it (several emitters on one link)
            own = next(
                (e for e in emitters if text(e, "reference") and text(e, "reference") == text(g, "reference")), None
            )
            g_em = em
            if own is not None and own is not em_de:
                g_em = emission(own, ctx, collective)
                g_em.levels, g_em.virt, g_em.individual = em.levels, em.virt, em.individual
            hs = generator(g, g_em, ctx, pdim)
            hs.share = share_inst * link_share / len(glist)
            hs.solar_fraction = fch or 0.0
            hs.label = text(g, "description") or ""
            out.append(hs)
    return out


def _links_by_role(cfg, gens, by_link) -> dict:
    """§9 relief configurations whose generators all say "génération principale": the base generator takes the
    configuration's main share, the relief the other one, as certified (cfg 8: a heat pump base and a boiler relief,
    80/20; cfg 6: a wood boiler base and a boiler or heat pump relief, 75/25)."""
    is_base = se.CFG_BASE_ROLE.get(cfg)
    if is_base is None or len(by_link) != 1 or len(gens) < 2:
        return by_link
    base = [g for g in gens if is_base(integer(g, "enum_type_generateur_ch_id", 0))]
    relief = [g for g in gens if not is_base(integer(g, "enum_type_generateur_ch_id", 0))]
    if not base or not relief:
        return by_link
    return {se.LINK_MAIN: base, se.LINK_RELIEF: relief}


def _installation_facts(em: Emission, ide, ctx, who) -> None:
    """What the generators need to know of their installation: levels served, flat's share, individual or not."""
    levels = integer(ide, "nombre_niveau_installation_ch")
    if not levels:
        ctx.warn(f"{who} : nombre de niveaux desservis absent, 1.")
    em.levels = levels or DEFAULT_LEVELS
    em.virt = virtualisation(ide)
    em.individual = integer(ide, "enum_type_installation_id", se.INSTALLATION_INDIVIDUAL) == se.INSTALLATION_INDIVIDUAL


def _solar_fraction(ide, ctx, who) -> float | None:
    """§9.2 Fch: entered, else the table row the DPE references (ids 1-8 of ADEME's solar-coverage table)."""
    fch = number(ide, "fch_saisi")
    if fch is None and text(ide, "tv_facteur_couverture_solaire_id"):
        row = tables.row_at("chauffage.fch", text(ide, "tv_facteur_couverture_solaire_id"))
        if not row:
            ctx.warn(f"{who} : référence de couverture solaire sans ligne dans la table, Fch = 0.")
        fch = float(row["fch"]) if row else 0.0
    return fch


def _base_and_relief(inst_systems, share_inst):
    """Configuration 10, a base generator with a relief one: a boiler base covers the whole need, another base 85 %."""
    base = BOILER_BASE_SHARE if inst_systems[0].combustion is not None else OTHER_BASE_SHARE
    inst_systems[0].share = share_inst * base
    for hs in inst_systems[1:]:
        hs.share = share_inst * (1 - base) / (len(inst_systems) - 1)


def generator(gde, em: Emission, ctx, pdim) -> HeatingSystem:
    """A heating generator (``generateur_chauffage/donnee_entree``) fed by the emitters ``em``."""
    who = named("Générateur de chauffage", gde)
    gid = ctx.enum_id(gde, "enum_type_generateur_ch_id", 0, f"{who} : type de générateur absent.")
    energy_id = ctx.enum_id(gde, "enum_type_energie_id", DEFAULT_ENERGY, f"{who} : énergie absente, électricité.")
    energy = ctx.decode(enums.ENERGY, energy_id, UNKNOWN_ENERGY, f"{who} : énergie inconnue ({energy_id}).")
    hs = HeatingSystem(energy=energy, re=em.re, rd=em.rd, rr=em.rr, i0=em.i0, wet=em.wet)
    hs.circ_dp_em, hs.circ_fcot, hs.circ_dtheta = em.circ
    hs.circ_levels = em.levels
    if gid in se.HEAT_PUMPS:
        return _heat_pump(hs, gid, gde, em, ctx)
    if gid in se.WOOD_STOVES:
        kind, lab, year = se.WOOD_STOVES[gid]
        hs.rg = float(
            ctx.table_value(
                f"{who} : foyer bois sans ligne dans la table, Rg = 0,65.",
                "chauffage.rg",
                "rg",
                DEFAULT_WOOD_STOVE_RG,
                type_generateur=kind,
                energie_generateur="BOIS_BUCHE",
                label_generateur=lab,
                annee_installation_generateur=year,
            )
        )
        return hs
    if gid in se.STOVES_RG:
        hs.rg = se.STOVES_RG[gid]
        return hs
    if gid in se.JOULE_GENERATORS:
        hs.rg = JOULE_RG
        return hs
    if gid == se.ELECTRIC_BOILER:
        hs.rg = ELECTRIC_BOILER_RG
        hs.wet = True
        return hs
    if gid in se.OTHER_SYSTEMS and energy == "electricite":  # "other" generator with electricity: Joule effect (§12.4)
        hs.rg = JOULE_RG
        return hs
    if gid in se.HEAT_NETWORKS or energy == "reseau_chaleur":
        message = "Réseau de chaleur sans ligne dans la table : Rg = 0,97."
        hs.rg = float(
            ctx.table_value(message, "chauffage.rg", "rg", DEFAULT_NETWORK_RG, type_generateur="RESEAU_CHALEUR")
        )
        hs.energy = "reseau_chaleur" if energy == "electricite" else energy
        return hs
    return _combustion_generator(hs, gid, gde, em, ctx, pdim, who)


def _heat_pump(hs, gid, gde, em: Emission, ctx) -> HeatingSystem:
    """§12.4 heat pump: SCOP of the table (zone, type, emission, period), or the nameplate's from the fiche."""
    ftype, year = se.HEAT_PUMPS[gid]
    row = tables.match(
        "chauffage.scop",
        zone_climatique=ctx.zone[:2],
        type_generateur=ftype,
        type_emission=em.emission,
        annee_installation_generateur=year,
    )
    scop = (row or {}).get("scop") or (row or {}).get("cop")
    if not scop:
        ctx.warn(f"{named('Pompe à chaleur', gde)} : SCOP absent de la table, 2,6.")
    hs.rg = float(scop or DEFAULT_SCOP)
    if integer(gde, "enum_methode_saisie_carac_sys_id") == se.NAMEPLATE_THERMODYNAMIC:  # stated in the fiche
        hs.rg = documented_cop(ctx, FICHE_HEATING, text(gde, "description")) or hs.rg
    if em.emission == "AIR_SOUFFLE" and ftype == "PAC_AIR_AIR":
        hs.re, hs.rr = SPLIT_HEAT_PUMP_RE_RR
    return hs


def _combustion_spec(gid, gde, energy):
    """(kind, energie_generateur or None, annee_installation_generateur, type_generateur or None) of a combustion
    generator, or None when the id is in no family."""
    if gid in se.BOILER_STOVES:
        elabel, year = se.BOILER_STOVES[gid]
        return "bois", elabel, year, "POELE_BOUILLEUR"
    if gid in se.AIR_HEATERS:
        ttype, year = se.AIR_HEATERS[gid]
        return "air_chaud", None, year, ttype
    if gid in se.GAS_RADIATORS:
        return "radiateur_gaz", None, se.GAS_RADIATORS[gid], "RADIATEUR_INDEPENDANT"
    if gid == se.DEFAULT_COLLECTIVE_BOILER and energy in COMBUSTION_ENERGY:
        # the default collective system described as a boiler: its description names the kind
        desc = (text(gde, "description") or "").lower()
        kind = "condensation" if "condensation" in desc else ("basse_temperature" if "basse temp" in desc else None)
        return kind or "standard", COMBUSTION_ENERGY[energy], se.DEFAULT_COLLECTIVE_BOILER_YEAR, None
    if gid in se.BOILERS:
        return (*se.BOILERS[gid], None)
    return None


def _combustion_generator(hs, gid, gde, em: Emission, ctx, pdim, who) -> HeatingSystem:
    """§13.2 boiler, air heater or gas radiator: Pn, Rpn, Rpint, QP0, operating temperatures, auxiliaries."""
    spec = _combustion_spec(gid, gde, hs.energy)
    if spec is None:
        ctx.warn(f"{who} : type de générateur non reconnu ({gid}), Rg = 0,8.")
        hs.rg = UNKNOWN_GENERATOR_RG
        return hs
    kind, elabel, year, ttype = spec
    if elabel is None:
        elabel = COMBUSTION_ENERGY.get(hs.energy)
    wall_hung = hs.energy in WALL_HUNG_ENERGIES
    virt = em.virt or 1.0
    pn = collective_pn(pdim, virt, wall_hung, year)  # a collective boiler is sized for the whole building
    # Pn entered from the nameplate (methods 2-5) is stated in the fiche technique; a collective boiler's is the
    # building's, used only when the flat's share (ratio_virtualisation) is known
    nameplate = (integer(gde, "enum_methode_saisie_carac_sys_id") or 1) in se.NAMEPLATE_COMBUSTION
    documented = None
    if nameplate and (em.individual or virt < 1):
        documented = documented_value(ctx, FICHE_HEATING, text(gde, "description"), ("Pn générateur",), *PN_RANGE_KW)
    pn = documented or pn
    rpn, rpint, qp0, _pveil = combustion_params(kind, elabel, year, pn, ttype=ttype, ctx=ctx, who=who)
    tf100, tf30 = _operating_temperatures(kind, year, em, ctx, who)
    # a building computed as a whole with one individual boiler per dwelling: n identical boilers
    copies = ctx.n_dwellings if em.individual and virt >= 1 else 1
    pn_kw = pn * virt if virt < 1 else documented  # the flat's share of a collective boiler (§13.2 virtualisation)
    if copies > 1:
        pn_kw = pn * copies
    hs.combustion = Combustion(
        kind=kind,
        pn_kw=pn_kw,
        rpn=rpn,
        rpint=rpint,
        qp0_kw=qp0 * virt * copies,
        pveil_kw=0.0,  # certified DPEs count no pilot light
        tf30=float(tf30),
        tf100=float(tf100),
        regulation_combustion=integer(gde, "presence_regulation_combustion", 0) == 1,
        wall_hung=wall_hung,
    )
    _auxiliaries(hs, kind, gde, virt)
    if kind not in ("radiateur_gaz",) and ttype != "POELE_BOUILLEUR":
        hs.wet = True
    return hs


def _operating_temperatures(kind, year, em: Emission, ctx, who) -> tuple:
    """§13.2 operating temperatures at 100 % and 30 % load (tables tfonc100 and tfonc30)."""
    if em.em_year_warning:
        ctx.warn(em.em_year_warning)
    tf100 = ctx.table_value(
        f"{who} : température de fonctionnement à 100 % sans ligne dans la table, 80 °C.",
        "chauffage.tfonc100",
        "tfonc100",
        DEFAULT_TFONC100,
        temperature_distribution=em.temp,
        annee_installation_emetteur=em.em_year,
    )
    tf30 = ctx.table_value(
        f"{who} : température de fonctionnement à 30 % sans ligne dans la table, 50 °C.",
        "chauffage.tfonc30",
        "tfonc30",
        DEFAULT_TFONC30,
        categorie_generateur=TABLE_TYPE.get(kind, "CHAUDIERE_STANDARD"),
        temperature_distribution=em.temp,
        annee_installation_emetteur=em.em_year,
        annee_installation_generateur=year,
    )
    return tf100, tf30


def _auxiliaries(hs, kind, gde, virt) -> None:
    """§15.1 generator auxiliaries G + H·Pn (table chauffage.paux)."""
    row = tables.match(
        "chauffage.paux",
        categorie_generateur=AUX_CATEGORY.get(kind),
        presence_ventouse=integer(gde, "presence_ventouse", 0) or None,
    )
    if kind == "bois" and integer(gde, "presence_ventilateur", 0) != 1:
        row = None  # §15.1: G and H apply to wood boilers only when a fan assists them
    if row:
        # §15.1 Caux = (G + H·Pn)·Bch/Pn with the building's Pn: with the flat's virtual Pn, G scales with it
        hs.aux_g_w, hs.aux_h = float(row["G"] or 0) * virt, float(row["H"] or 0)
