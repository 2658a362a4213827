"""``load_demo`` refuses production databases and never touches a programme it did not create."""

import pytest
from django.core.management import CommandError, call_command

from binome.demo import loader
from binome.territory.models import Programme
from tests.factories import CommuneFactory, DossierFactory, ProgrammeFactory


def test_refuses_outside_debug_without_the_flag(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="mode debug") as refused:
        call_command("load_demo")
    assert "--i-know-this-is-not-production" in str(refused.value)
    assert not Programme.objects.exists()


@pytest.mark.parametrize("reset", [False, True])
def test_a_programme_of_the_demo_slug_not_made_by_the_demo_is_neither_reused_nor_deleted(db, settings, reset):
    settings.DEBUG = True
    foreign = ProgrammeFactory(slug=loader.SLUG)
    dossier = DossierFactory(commune=CommuneFactory(unite__programme=foreign))
    with pytest.raises(CommandError, match="n'a pas été créé par load_demo"):
        call_command("load_demo", reset=reset)
    assert Programme.objects.get() == foreign and not foreign.is_demo
    assert list(foreign.dossiers.all()) == [dossier]


def test_the_flag_lets_the_command_run_outside_debug(db, settings):
    settings.DEBUG = False
    ProgrammeFactory(slug=loader.SLUG)
    # Past the debug guard, the command reaches the next check (which needs no Jura data).
    with pytest.raises(CommandError, match="n'a pas été créé par load_demo"):
        call_command("load_demo", i_know_this_is_not_production=True)


def test_delete_demo_keeps_programmes_it_did_not_create(db):
    foreign = ProgrammeFactory(slug=loader.SLUG)
    other = ProgrammeFactory()
    loader.delete_demo()
    assert set(Programme.objects.all()) == {foreign, other}
