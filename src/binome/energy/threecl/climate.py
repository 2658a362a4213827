"""§18.2 climate data: monthly degree-hours, heating hours, irradiation, cold-water temperature."""

from dataclasses import dataclass
from functools import cache

from . import tables


# Occupied days per month used for hot water and lighting (§11.1, §16).
DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 24)  # December: 24 occupied days
ALTITUDE_REPRESENTATIVE = {1: 200, 2: 600, 3: 1000}


@dataclass(frozen=True)
class Month:
    dh19: float
    dh21: float
    nref19: float
    nref21: float
    e: float  # kWh/m² south-facing irradiation
    tefs: float
    text: float
    days: int
    epv: float = 0.0  # kWh/m² irradiation used for photovoltaic production (§16.2)
    # §10.2 cooling, conventional set point 28 °C: cooling hours, irradiation and mean outdoor temperature
    nref28: float = 0.0
    efr28: float = 0.0
    text_clim28: float = 0.0


def _f(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):  # "--" / empty cells mean no heating that month
        return 0.0


@cache
def months(zone: str, altitude_class: int, old_heavy: bool) -> tuple[Month, ...]:
    alt = ALTITUDE_REPRESENTATIVE[altitude_class]
    out = []
    for m in range(1, 13):
        row = tables.match(
            "audit.ext", mois=m, zone_climatique=zone, altitude=alt, parois_anciennes_lourdes=int(bool(old_heavy))
        )
        if row is None:
            raise ValueError(f"zone climatique inconnue : {zone}")
        out.append(
            Month(
                dh19=_f(row["dh19"]),
                dh21=_f(row["dh21"]),
                nref19=_f(row["nref19"]),
                nref21=_f(row["nref21"]),
                e=_f(row["e"]),
                tefs=_f(row["tefs"]),
                text=_f(row["text"]),
                days=DAYS[m - 1],
                epv=_f(row.get("epv")),
                nref28=_f(row.get("nref28")),
                efr28=_f(row.get("efr28")),
                text_clim28=_f(row.get("textmoy_clim28")),
            )
        )
    return tuple(out)


def zone_group(zone: str) -> str:
    return zone[:2]


@cache
def tbase(zone: str, altitude_class: int) -> float:
    return float(
        tables.value(
            "audit.tbase", "tbase", zone_climatique=zone_group(zone), altitude=ALTITUDE_REPRESENTATIVE[altitude_class]
        )
    )


@cache
def lighting_hours(zone: str) -> float:
    """Annual conventional lighting hours Nh = Σ nhj × days (§16)."""
    return sum(
        float(tables.value("eclairage.nhj", "nhj", mois=m, zone_climatique=zone)) * DAYS[m - 1] for m in range(1, 13)
    )


ORIENTATION_LABEL = {"S": "SUD", "N": "NORD", "E": "EST", "W": "OUEST", "H": "HORIZONTAL"}
INCLINATION_DEG = {"vertical": 90, "sloped": 50, "horizontal": 10}


@cache
def c1(zone: str, month: int, orientation: str, inclination: str) -> float:
    """§18.5 orientation/inclination coefficient C1 for a glazed area."""
    horizontal = orientation == "H" or inclination == "horizontal"
    orient = None if horizontal else ORIENTATION_LABEL[orientation]
    deg = INCLINATION_DEG[inclination]
    for row in tables.rows("common.c1"):
        if row["mois"] != month or row["zone_climatique"] != zone or row["orientation"] != orient:
            continue
        bounds = row.get("inclinaison")
        if not horizontal and isinstance(bounds, dict) and not tables._in_range(bounds, deg):
            continue
        return float(row["c1"])
    return 0.0
