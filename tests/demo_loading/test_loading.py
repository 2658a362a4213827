"""Loading and deleting the demo: reproducible, around the new year, never touching a programme it did not
create. Each test loads the demo itself (about a minute each): the tests that only read it are in tests/demo."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from binome.accounts.models import User
from binome.cases.models import Dossier, DossierEvent
from binome.demo import loader
from binome.reports import documents
from binome.territory.models import Programme
from tests.factories import CommuneFactory, DossierFactory, ProgrammeFactory


TODAY = dt.date(2026, 11, 23)


def _content():
    dossiers = Dossier.objects.filter(programme__is_demo=True).order_by("reference")
    return {
        "dossiers": list(
            dossiers.values_list(
                "reference", "state", "last_name", "first_name", "phone", "commune__insee_code", "organisation__name"
            )
        ),
        "events": list(
            DossierEvent.objects.filter(dossier__programme__is_demo=True)
            .order_by("dossier__reference", "at", "pk")
            .values_list("dossier__reference", "at", "kind", "transition", "to_state", "note")
        ),
        "visits": list(
            dossiers.filter(visits__isnull=False)
            .order_by("reference", "visits__starts_at")
            .values_list("reference", "visits__starts_at", "visits__status")
        ),
    }


@pytest.mark.shared_data(settings.JURA_DATA_DIR / "communes-39.json")
def test_the_command_loads_once_reloads_the_same_data_with_reset_and_deletes_only_its_own(db, capsys, settings):
    other = ProgrammeFactory(slug="doubs")
    kept = DossierFactory(commune=CommuneFactory(unite__programme=other))
    settings.DEBUG = False
    call_command("load_demo", today=TODAY, i_know_this_is_not_production=True)
    out = capsys.readouterr().out
    assert "SLIME du Jura chargé : 492 communes, 70 dossiers fictifs." in out
    assert "coordinatrice@demo.binome.fr" in out and "« demo »" in out
    first = _content()
    old_demo = Programme.objects.get(slug="jura")

    settings.DEBUG = True
    call_command("load_demo", today=TODAY)
    assert "déjà chargées (--reset pour les recharger)" in capsys.readouterr().out
    Dossier.objects.filter(reference="2015-0001").update(last_name="Modifié")

    # Two loads on the same day give the same data, documents' fingerprints included.
    call_command("load_demo", "--reset", today=TODAY)
    assert "70 dossiers fictifs" in capsys.readouterr().out
    assert _content() == first
    assert set(Programme.objects.values_list("slug", "is_demo")) == {("doubs", False), ("jura", True)}
    assert not Programme.objects.filter(pk=old_demo.pk).exists()
    assert list(other.dossiers.all()) == [kept]

    loader.delete_demo()
    assert not Programme.objects.filter(is_demo=True).exists()
    assert not User.objects.filter(email__endswith="@demo.binome.fr").exists()
    assert list(Dossier.objects.all()) == [kept]


@pytest.mark.shared_data(settings.JURA_DATA_DIR / "communes-39.json")
@pytest.mark.parametrize("day", [dt.date(2026, 12, 31), dt.date(2027, 1, 4), dt.date(2027, 2, 20)])
def test_the_demo_loads_around_the_new_year(db, day, monkeypatch):
    """Near the new year the current dossiers' stories cross two coverage years: the demo keeps them with a
    derogation instead of failing (it failed from 31 December to mid-March)."""
    import time_machine

    # The dates are under test here, not the documents (tests/demo reads those): a one-line PDF saves a minute.
    monkeypatch.setattr(documents, "render_pdf", lambda version, kind: b"%PDF-1.7 (not rendered)")
    with time_machine.travel(timezone.make_aware(dt.datetime.combine(day, dt.time(10))), tick=False):
        programme = loader.load_demo(today=day)
    assert programme.dossiers.count() == 70
    assert not DossierEvent.objects.filter(dossier__programme=programme, at__date__gt=day).exists()


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
