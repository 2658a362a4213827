"""The demo, loaded once for the whole ``tests/demo`` package on a fixed day (it reads the Jura data from
``BINOME_JURA_DATA_DIR``). Loading takes about a minute: the tests here only read it, each in a transaction
rolled back on top of the committed demo; the tests that load or delete the demo themselves live in
``tests/demo_loading``."""

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings

from binome.demo import loader
from binome.territory.models import Programme
from tests.conftest import MONDAY_MORNING


TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def today():
    return TODAY


@pytest.fixture(scope="package")
def demo_files(tmp_path_factory):
    """The demo's private files (photos, stored documents), kept for the whole package."""
    return tmp_path_factory.mktemp("demo-private")


@pytest.fixture(scope="package")
def demo_loaded(django_db_setup, django_db_blocker, demo_files):
    loading = override_settings(PRIVATE_MEDIA_ROOT=demo_files)
    with django_db_blocker.unblock(), time_machine.travel(MONDAY_MORNING, tick=False), loading:
        with transaction.atomic():
            programme = loader.load_demo(today=TODAY)
            # As when the tests loaded it in their own transaction: the after-commit work (e-mails, letters)
            # is not run; tests/demo_loading checks the loading itself.
            transaction.get_connection().run_on_commit.clear()
    yield programme
    with django_db_blocker.unblock():
        loader.delete_demo()


@pytest.fixture
def programme(demo_loaded, demo_files, clock, db, settings):
    settings.PRIVATE_MEDIA_ROOT = demo_files
    return Programme.objects.get(pk=demo_loaded.pk)
