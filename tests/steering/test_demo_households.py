"""The Jura demo's households per UT: the seeds' 116,653 split by the UTs' census population."""

import datetime as dt

import pytest
from django.conf import settings
from django.db.models import Sum

from binome.demo.territory import create_programme


@pytest.mark.shared_data(settings.JURA_DATA_DIR / "communes-39.json")
def test_households_split_by_population(db):
    programme, unites = create_programme(dt.date(2026, 11, 23))
    households = {name: unite.households for name, unite in unites.items()}
    assert sum(households.values()) == 116653
    populations = dict(
        programme.communes.values("unite__name").annotate(p=Sum("population")).values_list("unite__name", "p")
    )
    total_population = sum(populations.values())
    for name, count in households.items():
        assert abs(count - 116653 * populations[name] / total_population) < 1
