"""Places and travel: great-circle distance, the road model and an optional distance matrix."""

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Protocol


EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Point:
    """A place: a commune's centre or a household's address. ``key`` finds it in a distance matrix."""

    latitude: float
    longitude: float
    key: Hashable | None = None


def great_circle_km(a: Point, b: Point) -> float:
    """Haversine distance between two points, in kilometres."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class Travel(Protocol):
    def km(self, a: Point, b: Point) -> float: ...

    def minutes(self, a: Point, b: Point) -> float: ...


@dataclass(frozen=True)
class RoadModel:
    """Road distance ≈ ``road_factor`` × great circle, driven at ``speed_kmh`` on average (the agenda's model)."""

    road_factor: float = 1.3
    speed_kmh: float = 50.0

    def __post_init__(self):
        if self.road_factor < 1 or self.speed_kmh <= 0:
            raise ValueError("road_factor must be at least 1 and speed_kmh positive")

    def km(self, a: Point, b: Point) -> float:
        return great_circle_km(a, b) * self.road_factor

    def minutes(self, a: Point, b: Point) -> float:
        return self.km(a, b) / self.speed_kmh * 60


@dataclass(frozen=True)
class MatrixTravel:
    """Distances and driving times measured between keyed places (a routing engine's matrix).

    ``km[(a, b)]`` and ``minutes[(a, b)]`` by the points' keys; a pair the matrix does not know falls back to
    ``fallback`` (the road model), so a matrix may cover the communes and not every address.
    """

    km_by_pair: Mapping[tuple[Hashable, Hashable], float]
    minutes_by_pair: Mapping[tuple[Hashable, Hashable], float]
    fallback: RoadModel = field(default_factory=RoadModel)

    def km(self, a: Point, b: Point) -> float:
        if a.key == b.key and a.key is not None:
            return 0.0
        found = self.km_by_pair.get((a.key, b.key))
        return self.fallback.km(a, b) if found is None else found

    def minutes(self, a: Point, b: Point) -> float:
        if a.key == b.key and a.key is not None:
            return 0.0
        found = self.minutes_by_pair.get((a.key, b.key))
        return self.fallback.minutes(a, b) if found is None else found
