"""The demo territory: the Jura programme, its 492 communes in four UTs, two UTs covered each year."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum

from binome.steering.arithmetic import split_by_weight
from binome.territory.importers import import_communes
from binome.territory.models import CoverageYear, Programme, UniteTerritoriale


SLUG = "jura"
UNITES = ["Dole", "Champagnole", "Lons-le-Saunier", "Saint-Claude"]
HALVES = (["Dole", "Champagnole"], ["Lons-le-Saunier", "Saint-Claude"])
FIRST_COVERED_YEAR = 2015


def coverage_half(year: int) -> list[str]:
    """UTs open in ``year``: the two halves of the territory alternate from 2015."""
    return HALVES[(year - FIRST_COVERED_YEAR) % 2]


def create_programme(today: dt.date) -> tuple[Programme, dict[str, UniteTerritoriale]]:
    """The Jura programme, marked as a demo, with its communes and coverage plan; its UTs by name."""
    programme = Programme.objects.create(
        slug=SLUG,
        name="SLIME du Jura",
        collectivite="Département du Jura",
        departement="39",
        start_year=2014,
        end_year=max(2027, today.year),
        target_per_thousand=Decimal("2"),
        budget_eur=Decimal("492770"),
        reference_population=260502,
        reference_households=116653,
        is_demo=True,
    )
    import_communes(
        programme,
        settings.JURA_DATA_DIR / "communes-39.json",
        settings.JURA_DATA_DIR / "unites-territoriales-39.csv",
    )
    unites = {u.name: u for u in UniteTerritoriale.objects.filter(programme=programme)}
    _seed_households(programme, unites)
    for year in range(FIRST_COVERED_YEAR, programme.end_year + 1):
        for name in coverage_half(year):
            CoverageYear.objects.create(programme=programme, year=year, unite=unites[name])
    return programme, unites


def _seed_households(programme: Programme, unites: dict[str, UniteTerritoriale]) -> None:
    """The programme's households (116,653 in the Jura) split between the UTs by population."""
    populations = dict(
        programme.communes.values("unite__name")
        .annotate(people=Sum("population"))
        .values_list("unite__name", "people")
    )
    for name, households in split_by_weight(programme.reference_households, populations).items():
        unites[name].households = households
    UniteTerritoriale.objects.bulk_update(unites.values(), ["households"])
