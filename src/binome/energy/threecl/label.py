"""DPE label: double threshold (energy and climate), altitude variant and small surfaces (annexe 5)."""

from . import tables


CLASSES = "ABCDEFG"
ALTITUDE_ZONES = ("H1b", "H1c", "H2d")

# Small surfaces (S_ref <= 40 m², DPEs from 1 July 2024, arrêté du 25 mars 2024): upper bounds of classes A..F.
# Rows for 8..40 m² as published; surfaces in between are interpolated linearly (approximation, see docs).
SMALL_SURFACE = {
    8: ((146, 186, 386, 505, 622, 739), (11, 16, 44, 68, 90, 122), (682, 819), (100, 132)),
    10: ((124, 164, 329, 428, 533, 640), (10, 15, 40, 62, 84, 115), (593, 720), (94, 125)),
    15: ((100, 140, 263, 333, 421, 514), (8, 13, 36, 56, 76, 107), (481, 594), (86, 117)),
    20: ((88, 128, 230, 300, 385, 476), (8, 13, 34, 54, 74, 104), (445, 556), (84, 114)),
    25: ((81, 121, 210, 280, 363, 454), (7, 12, 32, 52, 73, 103), (423, 534), (83, 113)),
    30: ((76, 116, 197, 267, 349, 439), (7, 12, 32, 52, 72, 102), (409, 519), (82, 112)),
    35: ((73, 113, 188, 258, 338, 428), (7, 12, 31, 51, 71, 101), (398, 508), (81, 111)),
    40: ((70, 110, 180, 250, 330, 420), (6, 11, 30, 50, 70, 100), (390, 500), (80, 110)),
}


def _standard_bounds(zone: str, altitude_class: int) -> tuple[list[float], list[float]]:
    high = zone in ALTITUDE_ZONES and altitude_class == 3
    alt = 1000 if high else 200
    cep, eges = [], []
    for letter in CLASSES[:-1]:
        rows = [
            r
            for r in tables.rows("common.etiquette_energie")
            if r["etiquette"] == letter
            and (r["zone_climatique"] in (None, zone))
            and (r["altitude"] is None or tables._in_range(r["altitude"], alt))
        ]
        # the most specific row (zone given) wins
        rows.sort(key=lambda r: r["zone_climatique"] is None)
        cep.append(rows[0]["cep"]["lt"])
        eges.append(rows[0]["eges"]["lt"])
    return cep, eges


def _small_bounds(surface: float, high: bool) -> tuple[list[float], list[float]]:
    keys = sorted(SMALL_SURFACE)
    s = min(max(round(surface), keys[0]), keys[-1])
    lo = max(k for k in keys if k <= s)
    hi = min(k for k in keys if k >= s)
    t = 0.0 if hi == lo else (s - lo) / (hi - lo)

    def row(k):
        cep, eges, cep_alt, eges_alt = SMALL_SURFACE[k]
        cep, eges = list(cep), list(eges)
        if high:
            cep[4:6], eges[4:6] = list(cep_alt), list(eges_alt)
        return cep, eges

    (c0, e0), (c1, e1) = row(lo), row(hi)
    return [a + t * (b - a) for a, b in zip(c0, c1, strict=True)], [
        a + t * (b - a) for a, b in zip(e0, e1, strict=True)
    ]


def classify(value: float, bounds: list[float]) -> str:
    for letter, bound in zip(CLASSES, bounds, strict=False):
        if value < bound:
            return letter
    return "G"


def labels(cep_m2: float, eges_m2: float, zone: str, altitude_class: int, surface: float, small_surface_rule=True):
    """Return (energy class, climate class, DPE class = worse of both). Values are floored first."""
    high = zone in ALTITUDE_ZONES and altitude_class == 3
    if small_surface_rule and surface <= 40:
        cep_b, eges_b = _small_bounds(surface, high)
    else:
        cep_b, eges_b = _standard_bounds(zone, altitude_class)
    ce = classify(int(cep_m2), cep_b)
    cc = classify(int(eges_m2), eges_b)
    return ce, cc, max(ce, cc)
