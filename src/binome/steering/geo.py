"""The commune map as server-side SVG (plain Python, no Django): projection, paths, UT borders, classes.

Geometry comes from a GeoJSON FeatureCollection of communes (``code_insee`` in the properties), read at run time;
coordinates are projected equirectangularly around the territory's mean latitude, which is faithful enough for
a département. UT borders are the commune edges that separate two UTs, or that no other commune shares.
"""

import json
import math
from dataclasses import dataclass
from html import escape
from pathlib import Path


PALETTE = ["#eef3fa", "#c6d7ee", "#8fb1dc", "#4f82c3", "#1d4f91"]  # light to dark: low to high
EMPTY = "#ffffff"


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    rings: list[list[tuple[float, float]]]  # projected, SVG units


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def load(path: Path, width: int = 720) -> tuple[list[Shape], int, int]:
    """The communes of the GeoJSON file projected into a ``width``-wide box; the box's width and height."""
    features = json.loads(Path(path).read_text(encoding="utf-8"))["features"]
    raw = [(f["properties"]["code_insee"], f["properties"].get("nom", ""), _rings(f["geometry"])) for f in features]
    points = [p for _c, _n, rings in raw for ring in rings for p in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x, span_y = (max(lons) - min(lons)) * k, max(lats) - min(lats)
    scale = (width - 20) / span_x
    height = int(span_y * scale) + 20

    def project(lon, lat):
        return round((lon - min(lons)) * k * scale + 10, 1), round((max(lats) - lat) * scale + 10, 1)

    shapes = [Shape(code, name, [[project(*p) for p in ring] for ring in rings]) for code, name, rings in raw]
    return shapes, width, height


def path_data(shape: Shape) -> str:
    return " ".join("M" + " L".join(f"{x} {y}" for x, y in ring) + " Z" for ring in shape.rings)


def _distance(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance from point ``p`` to the segment a–b."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def borders(shapes: list[Shape], unite_of: dict[str, int], tolerance: float = 1.2) -> str:
    """Path data of the edges between two UTs and of the territory's outline.

    Communes are simplified one by one in the source files, so neighbours do not share their vertices: an edge
    is matched to the other communes' edges within ``tolerance`` (SVG units) of its middle, through a grid.
    """
    cell = 4 * tolerance
    grid: dict[tuple[int, int], list] = {}
    segments = []
    for shape in shapes:
        for ring in shape.rings:
            for a, b in zip(ring, ring[1:], strict=False):
                segments.append((shape.code, a, b))
                for x, y in (a, b, ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)):
                    grid.setdefault((int(x // cell), int(y // cell)), []).append(len(segments) - 1)
    parts = []
    for code, a, b in segments:
        middle = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        gx, gy = int(middle[0] // cell), int(middle[1] // cell)
        near = {
            segments[i][0]
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for i in grid.get((gx + dx, gy + dy), ())
            if segments[i][0] != code and _distance(middle, segments[i][1], segments[i][2]) <= tolerance
        }
        if not near or any(unite_of.get(other) != unite_of.get(code) for other in near):
            parts.append(f"M{a[0]} {a[1]} L{b[0]} {b[1]}")
    return " ".join(parts)


def classes(values: list[float], count: int = len(PALETTE)) -> list[float]:
    """Upper bounds of ``count`` classes of the non-zero values, by quantiles (at least distinct bounds)."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    bounds = [positive[min(len(positive) - 1, math.ceil(len(positive) * (i + 1) / count) - 1)] for i in range(count)]
    return sorted(set(bounds))


def colour(value: float, bounds: list[float]) -> str:
    if value <= 0 or not bounds:
        return EMPTY
    for index, bound in enumerate(bounds):
        if value <= bound:
            return PALETTE[round(index * (len(PALETTE) - 1) / max(len(bounds) - 1, 1))]
    return PALETTE[-1]


def svg(shapes, width, height, values: dict[str, float], labels: dict[str, str], border: str, title: str) -> str:
    """The choropleth: one focusable path per commune (title and label give its figures), then the UT borders."""
    bounds = classes(list(values.values()))
    paths = []
    for shape in shapes:
        label = escape(labels.get(shape.code, shape.name))
        paths.append(
            f'<path class="commune" tabindex="0" role="img" aria-label="{label}" d="{path_data(shape)}" '
            f'fill="{colour(values.get(shape.code, 0), bounds)}"><title>{label}</title></path>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="commune-map" '
        f'role="group" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        + "".join(paths)
        + f'<path d="{border}" fill="none" stroke="#1b1f24" stroke-width="2" pointer-events="none"/></svg>'
    )


def legend(values: list[float]) -> list[tuple[str, str]]:
    """(colour, label) of each class, for the legend beside the map."""
    bounds = classes(values)
    rows, low = [(EMPTY, "0")], None
    for bound in bounds:
        text = f"plus de 0 à {_fr(bound)}" if low is None else f"plus de {_fr(low)} à {_fr(bound)}"
        rows.append((colour(bound, bounds), text))
        low = bound
    return rows


def _fr(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
