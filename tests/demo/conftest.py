"""The demo, loaded on a fixed day; it reads the Jura data from ``BINOME_JURA_DATA_DIR``."""

import datetime as dt

import pytest

from binome.demo import loader


TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def today():
    return TODAY


@pytest.fixture
def programme(clock, db, today):
    return loader.load_demo(today=today)
