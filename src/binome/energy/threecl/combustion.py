"""§13.2 combustion generators: generation efficiency from Pn, Rpn, Rpint, QP0 and operating temperatures."""

import math
import re

from . import tables
from .factors import PCS_PCI
from .model import Combustion


# load-bin weights of the conventional heating season (§13.2.1.4)
LOAD_WEIGHTS = {
    0.05: 0.1,
    0.15: 0.25,
    0.25: 0.2,
    0.35: 0.15,
    0.45: 0.1,
    0.55: 0.1,
    0.65: 0.05,
    0.75: 0.025,
    0.85: 0.025,
}


def evaluate(expr, pn_kw: float) -> float | None:
    """Evaluate a table formula such as ``87.5 + 1.5 * logPn`` or ``0.08 * Pn * (Pn ^ -0.27)``."""
    if expr is None:
        return None
    if isinstance(expr, int | float):
        return float(expr)
    text = str(expr).replace("^", "**").replace("logPn", "LOG")
    if not re.fullmatch(r"[0-9.+\-*/() LOGPnEF]*", text) or "E" in text.replace("LOG", ""):
        return None
    return float(eval(text, {"__builtins__": {}}, {"LOG": math.log10(pn_kw), "Pn": pn_kw}))  # noqa: S307


def default_pn(pdim_kw: float, wall_hung: bool, year: int) -> float:
    row = tables.match(
        "chauffage.pn",
        type_chaudiere="CHAUDIERE_MURALE" if wall_hung else "CHAUDIERE_SOL",
        pdim=pdim_kw,
        annee_installation_generateur=year,
    )
    if row is None:
        return max(pdim_kw, 5.0)
    value = evaluate(str(row["pn"]).replace("Pdim", str(pdim_kw)), pdim_kw) if "Pdim" in str(row["pn"]) else row["pn"]
    return float(value)


def _losses(x: float, c: Combustion, pn: float, k: float) -> float:
    rpn = 100 * c.rpn / k
    rpint = 100 * c.rpint / k
    qp0 = c.qp0_kw * k
    if c.kind == "radiateur_gaz":
        return 1.04 * (100 - rpn) / rpn * pn * x
    if c.kind in ("bois", "air_chaud"):
        qp50 = 0.5 * pn * (100 - rpint) / rpint
        qp100 = pn * (100 - rpn) / rpn
        if x < 0.5:
            return 0.15 * qp0 + (qp50 - 0.15 * qp0) * x / 0.5
        return 2 * qp50 - qp100 + (qp100 - qp50) * x / 0.5
    tf = c.tf30 if c.regulation_combustion else c.tf100
    a, b = {"basse_temperature": (0.1, 40), "condensation": (0.2, 33)}.get(c.kind, (0.1, 50))
    r30 = rpint + a * (b - tf)
    r100 = rpn + 0.1 * (70 - c.tf100)
    qp30 = 0.3 * pn * (100 - r30) / r30
    qp100 = pn * (100 - r100) / r100
    if c.kind in ("basse_temperature", "condensation"):
        qp15 = qp30 / 2
        if x < 0.15:
            return 0.15 * qp0 + (qp15 - 0.15 * qp0) * x / 0.15
        if x < 0.3:
            return qp15 + (qp30 - qp15) * (x - 0.15) / 0.15
        return qp30 + (qp100 - qp30) * (x - 0.3) / 0.7
    if x < 0.3:
        return 0.15 * qp0 + (qp30 - 0.15 * qp0) * x / 0.3
    return qp30 + (qp100 - qp30) * (x - 0.3) / 0.7


def generation_efficiency(c: Combustion, energy: str, pn_kw: float, cdimref: float) -> float:
    """Seasonal generation efficiency Rg (PCI) of a combustion heating generator (§13.2.1.4)."""
    k = PCS_PCI.get(energy, 1.0)
    pmfou = pmcons = 0.0
    for x, weight in LOAD_WEIGHTS.items():
        xf = min(1.0, x / cdimref) if cdimref > 0 else 1.0
        px = pn_kw * xf
        pfou = px * weight
        pmfou += pfou
        pmcons += pfou * (1 + _losses(xf, c, pn_kw, k) / px)
    rg_pcs = pmfou / (pmcons + 0.45 * c.qp0_kw * k + c.pveil_kw * k)
    return rg_pcs * k


def dhw_generation_efficiency(
    c: Combustion, energy: str, pn_kw: float, becs_kwh: float, storage_loss_wh: float
) -> float:
    """§14.1 efficiency (PCI) of a combustion generator producing hot water.

    Rg = 1 / (1/Rpn + (1790·QP0 + Qg,w)/Becs + 6970·Pveil/Becs), QP0 and Pveil in W, Becs and Qg,w in Wh.
    Reproduces Rg_ecs = 0.7095 of the certified oil boiler of energy.md case 8 (Rpn 0.8957, QP0 240 W).
    """
    becs_wh = max(becs_kwh * 1000, 1.0)
    inv = 1 / c.rpn + (1790 * c.qp0_kw * 1000 + storage_loss_wh) / becs_wh + 6970 * c.pveil_kw * 1000 / becs_wh
    return 1 / inv
