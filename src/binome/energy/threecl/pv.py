"""§16.2 photovoltaic production and the share of it the dwelling consumes itself.

Ppv = Σ kpv · S · r · Σ Epv_month · C with r = 0.17 (module efficiency) and C = 0.86 (losses).
The self-consumed electricity is spread over the uses: each use u has a maximum self-production rate Taplpi_u;
Tapl = Σ Taplpi_u · C_u / Celec_tot, Tcv = Ppv / Celec_tot, Tap = 1 / (1/Tcv + 1/Tapl) and the use u receives
Celec_tot · Tap · (Taplpi_u · C_u / Celec_tot) / Tapl. Celec_tot includes the other (furniture) uses:
29 kWh/m² in a house, 27 + 1.1 (common lighting) in a flat.
"""

MODULE_EFFICIENCY = 0.17
LOSS_FACTOR = 0.86
M2_PER_MODULE = 1.6

# maximum self-production rate per use (Taplpi)
TAPLPI = {
    "chauffage": 0.02,
    "auxiliaires_generation_ch": 0.02,
    "ecs": 0.05,
    "refroidissement": 0.25,
    "eclairage": 0.05,
    "auxiliaires_ventilation": 0.5,
    "auxiliaires_distribution": 0.05,
    "autres": 0.45,
}


def production(panels, epv_annual: float) -> float:
    """Annual production (kWh) of panels given as (kpv, area m²)."""
    return sum(k * area for k, area in panels) * MODULE_EFFICIENCY * epv_annual * LOSS_FACTOR


def other_uses(surface: float, house: bool) -> float:
    return (29.0 if house else 27.0 + 1.1) * surface


def self_consumption(ppv: float, electric_uses: dict[str, float], other_kwh: float) -> dict[str, float]:
    """Self-consumed PV electricity per use (kWh), keys as in ``electric_uses`` plus ``autres``."""
    uses = {**{k: v for k, v in electric_uses.items() if v > 0}, "autres": other_kwh}
    total = sum(uses.values())
    if ppv <= 0 or total <= 0:
        return {k: 0.0 for k in uses}
    weights = {k: TAPLPI.get(k, 0.0) * v / total for k, v in uses.items()}
    tapl = sum(weights.values())
    if tapl <= 0:
        return {k: 0.0 for k in uses}
    tap = 1 / (1 / (ppv / total) + 1 / tapl)
    return {k: total * tap * w / tapl for k, w in weights.items()}
