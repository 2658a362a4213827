"""ADEME DPE XML -> ``Dwelling``, chapter by chapter, and the file-level entry points."""

import math
import xml.etree.ElementTree as ET

from binome.energy.threecl.climate import tbase
from binome.energy.threecl.engine import air_losses, compute, envelope_losses
from binome.energy.threecl.model import Dwelling

from . import bridges, cooling, envelope, general, heating, hot_water, pv, ventilation, windows
from .reader import DpeXmlError, parse


T_INT_DESIGN = 19  # °C, interior temperature of the design heat load Pdim = GV·(19 − Tbase) (§13.2)


def to_dwelling(root) -> Dwelling:
    """The dwelling described by a parsed DPE (``donnee_entree`` only); missing inputs in ``Dwelling.warnings``."""
    ctx, d = general.read(root)
    insulated_walls, insulated_roof = envelope.read(root, ctx, d)
    d.windows = windows.read(root, ctx)
    d.bridges = bridges.read(root, ctx)
    d.verandas = windows.verandas(root, ctx)
    d.ventilation = ventilation.read(root, ctx, insulated_walls and insulated_roof)
    # heating and hot water need GV for boiler sizing: compute the envelope first
    gv = sum(envelope_losses(d).values()) + sum(air_losses(d))
    pdim = gv * (T_INT_DESIGN - tbase(d.zone, d.altitude_class)) / 1000 / max(d.n_dwellings, 1)
    d.heating = heating.read(root, ctx, d.surface, pdim)
    d.dhw = hot_water.read(root, ctx, pdim)
    d.pv_production_kwh = pv.production(root, d, ctx)
    d.cooling = cooling.read(root, ctx)
    d.warnings = ctx.warnings
    return d


def load(path) -> tuple[Dwelling, ET.Element]:
    root = parse(path)
    try:
        return to_dwelling(root), root
    except DpeXmlError:
        raise
    except (AttributeError, KeyError, TypeError, ValueError, ZeroDivisionError) as exc:
        raise DpeXmlError(f"DPE incomplet ou incohérent : {exc}") from exc


def compute_file(path) -> dict:
    """Compute a DPE file from its input data only; returns the engine's main outputs as a flat dict."""
    d, _root = load(path)
    return result_dict(compute(d))


def result_dict(r) -> dict:
    def rnd(x, n=2):
        return None if x is None or (isinstance(x, float) and not math.isfinite(x)) else round(x, n)

    return {
        "ep_conso_5_usages_m2": rnd(r.ep_conso_5_usages_m2, 1),
        "emission_ges_5_usages_m2": rnd(r.emission_ges_5_usages_m2, 1),
        "classe_bilan_dpe": r.classe_bilan_dpe,
        "classe_emission_ges": r.classe_climat,
        "classe_consommation_energie": r.classe_energie,
        "conso_ch": rnd(r.conso_ch),
        "conso_ecs": rnd(r.conso_ecs),
        "conso_eclairage": rnd(r.conso_eclairage),
        "conso_auxiliaires": rnd(r.conso_auxiliaires),
        "conso_fr": rnd(r.conso_refroidissement),
        "conso_5_usages": rnd(r.conso_5_usages),
        "ep_conso_5_usages": rnd(r.ep_conso_5_usages),
        "emission_ges_5_usages": rnd(r.emission_ges_5_usages),
        "besoin_ch": rnd(r.besoin_ch),
        "besoin_ecs": rnd(r.besoin_ecs),
        "besoin_fr": rnd(r.besoin_fr),
        "deperdition_enveloppe": rnd(r.deperdition_enveloppe),
        "deperditions": {k: rnd(v) for k, v in r.losses.items()},
        "coefficient_ep_electricite": r.pef_electricity,
    }
