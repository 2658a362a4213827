"""The commune map's data: the geometry (read at run time, cached per file) and each commune's figures.

Requests by commune and first visits by commune over the period: two SQL aggregations, precomputed in a summary
(``core.summaries``, kind ``map``) refreshed after the data change; the page reads it and the communes (two
queries whatever the number of dossiers).
"""

import functools
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Count

from binome.core import summaries
from binome.steering import arithmetic, geo
from binome.steering.figures import Period, Scope, _in, first_visits, from_params, summary_params


MEASURES = {"demandes": "demandes pour 1 000 ménages", "visites": "ménages visités pour 1 000 ménages"}


def geojson_path() -> Path:
    return Path(getattr(settings, "STEERING_COMMUNES_GEOJSON", settings.JURA_DATA_DIR / "communes-39.geojson"))


@functools.lru_cache(maxsize=4)
def _shapes(path: str, mtime: float):
    return geo.load(Path(path))


def shapes():
    path = geojson_path()
    return _shapes(str(path), path.stat().st_mtime)


@functools.lru_cache(maxsize=8)
def _cached_borders(path: str, mtime: float, unite_of: tuple) -> str:
    shape_list, _width, _height = _shapes(path, mtime)
    mapping = dict(unite_of)
    return geo.borders([s for s in shape_list if s.code in mapping], mapping)


def _borders(unite_of: tuple) -> str:
    """The UT borders for one assignment of communes to UTs (computed once per shape file and assignment)."""
    path = geojson_path()
    return _cached_borders(str(path), path.stat().st_mtime, unite_of)


MAP = "map"


def counts(scope: Scope, period: Period) -> dict:
    """Requests and first visits of the period by commune (INSEE code)."""
    requests = dict(
        _in(scope.dossiers(), period, "created_at")
        .values("commune__insee_code")
        .annotate(n=Count("*"))
        .values_list("commune__insee_code", "n")
        .order_by()
    )
    visits = dict(
        first_visits(scope, period)
        .values("commune__insee_code")
        .annotate(n=Count("*"))
        .values_list("commune__insee_code", "n")
        .order_by()
    )
    return {"requests": requests, "visits": visits}


summaries.register(MAP, lambda params: counts(*from_params(params)))


def commune_figures(scope: Scope, period: Period, measure: str, found: dict | None = None) -> list[dict]:
    """Every commune of the scope with its households, requests, visits and the chosen rate per 1,000
    (``found``: the summary's counts, read when not given)."""
    communes = scope.programme.communes.all()
    if scope.unite:
        communes = communes.filter(unite=scope.unite)
    found = found or read(scope, period).data
    requests, visits = found["requests"], found["visits"]
    pph = scope.programme.persons_per_household if scope.programme.reference_households else Decimal(1)
    rows = []
    for commune in communes.values("insee_code", "name", "population", "unite_id", "unite__name"):
        households = int((Decimal(commune["population"]) / pph).quantize(Decimal(1))) if pph else 0
        n_requests, n_visits = requests.get(commune["insee_code"], 0), visits.get(commune["insee_code"], 0)
        count = n_requests if measure == "demandes" else n_visits
        rows.append(
            {
                **commune,
                "households": households,
                "requests": n_requests,
                "visits": n_visits,
                "rate": arithmetic.per_thousand(count, households) or 0.0,
            }
        )
    return rows


def read(scope: Scope, period: Period) -> summaries.Found:
    return summaries.read(MAP, summaries.programme_scope(scope.programme.pk), summary_params(scope, period))


def label(row: dict, measure: str) -> str:
    rate = f"{row['rate']:.2f}".replace(".", ",")
    return (
        f"{row['name']} ({row['unite__name']}) : {row['requests']} demande(s), {row['visits']} visite(s), "
        f"environ {row['households']} ménages — {rate} {MEASURES[measure]}"
    )


def build(scope: Scope, period: Period, measure: str) -> dict:
    shape_list, width, height = shapes()
    stored = read(scope, period)
    rows = commune_figures(scope, period, measure, stored.data)
    by_code = {r["insee_code"]: r for r in rows}
    drawn = [s for s in shape_list if s.code in by_code]
    values = {code: r["rate"] for code, r in by_code.items()}
    border = _borders(tuple(sorted((code, r["unite_id"]) for code, r in by_code.items())))
    title = f"Carte des communes : {MEASURES[measure]}"
    return {
        "svg": geo.svg(
            drawn, width, height, values, {c: label(r, measure) for c, r in by_code.items()}, border, title
        ),
        "legend": geo.legend(list(values.values())),
        "top": sorted((r for r in rows if r["rate"] > 0), key=lambda r: (-r["rate"], r["name"]))[:25],
        "missing": len(rows) - len(drawn),
        "rows": len(rows),
        "computed_at": stored.computed_at,
        "stale": stored.stale,
    }
