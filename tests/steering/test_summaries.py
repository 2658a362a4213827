"""The precomputed figures (``core.summaries``): refreshed after the data change, never shown stale silently."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from binome.core import summaries
from binome.core.models import Summary, SummaryStamp
from binome.steering import dashboard, figures
from binome.steering.figures import Period, Scope
from tests.steering.test_figures import year_2025  # noqa: F401 (fixture)


DEFERRING = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # queues, never runs


def dashboard_page(client, user, **params):
    client.force_login(user)
    return client.get(reverse("steering:dashboard"), params)


def test_the_dashboard_reads_the_same_figures_as_computed_live(client, year_2025):  # noqa: F811
    w = year_2025
    response = dashboard_page(client, w.coordinator, annee="2025")
    live = figures.bilan_for(Scope(w.programme), Period.year(2025))
    assert {k: response.context["f"][k] for k in live} == live
    assert Summary.objects.filter(kind=dashboard.DASHBOARD).count() == 1
    assert "Chiffres à jour, calculés le" in response.content.decode()


def test_a_change_refreshes_the_figures_at_once_with_the_immediate_backend(client, year_2025, make_dossier):  # noqa: F811
    w = year_2025
    before = dashboard_page(client, w.coordinator, annee="2025").context["f"]["requests"]["total"]
    make_dossier(w.commune, "2025-06-10", "self")
    after = dashboard_page(client, w.coordinator, annee="2025")
    assert after.context["f"]["requests"]["total"] == before + 1
    assert not after.context["board"].stale


def test_with_a_worker_stale_figures_are_shown_as_such_until_refreshed(client, year_2025, make_dossier, settings):  # noqa: F811
    w = year_2025
    before = dashboard_page(client, w.coordinator, annee="2025").context["f"]["requests"]["total"]
    settings.TASKS = DEFERRING
    make_dossier(w.commune, "2025-06-10", "self")
    scope = summaries.programme_scope(w.programme.pk)
    assert SummaryStamp.objects.get(scope=scope).refresh_queued  # the change queued one refresh

    response = dashboard_page(client, w.coordinator, annee="2025")
    assert response.context["f"]["requests"]["total"] == before  # the stored figures…
    assert response.context["board"].stale  # …said to be out of date
    assert "des données ont changé depuis, leur mise à jour est en cours" in response.content.decode()

    assert summaries.refresh(scope) >= 2  # the worker's task: the dashboard and the outcome rates
    response = dashboard_page(client, w.coordinator, annee="2025")
    assert response.context["f"]["requests"]["total"] == before + 1
    assert not response.context["board"].stale
    assert not SummaryStamp.objects.get(scope=scope).refresh_queued


def test_figures_older_than_a_day_are_refreshed_even_without_a_change(client, year_2025, settings):  # noqa: F811
    w = year_2025
    dashboard_page(client, w.coordinator, annee="2025")
    Summary.objects.update(computed_at=timezone.now() - summaries.MAX_AGE - dt.timedelta(minutes=1))
    settings.TASKS = DEFERRING
    assert dashboard_page(client, w.coordinator, annee="2025").context["board"].stale
    summaries.refresh(summaries.programme_scope(w.programme.pk))
    assert not dashboard_page(client, w.coordinator, annee="2025").context["board"].stale


def test_summaries_nobody_reads_are_dropped(client, year_2025):  # noqa: F811
    w = year_2025
    dashboard_page(client, w.coordinator, annee="2025")
    Summary.objects.update(used_at=timezone.now() - summaries.KEEP_UNUSED - dt.timedelta(days=1))
    summaries.refresh(summaries.programme_scope(w.programme.pk))
    assert not Summary.objects.exists()


def test_another_programme_s_change_leaves_the_figures_fresh(client, year_2025, make_dossier, settings):  # noqa: F811
    w = year_2025
    dashboard_page(client, w.coordinator, annee="2025")
    settings.TASKS = DEFERRING
    make_dossier(w.other_commune, "2025-06-10", "self")
    assert not dashboard_page(client, w.coordinator, annee="2025").context["board"].stale


def test_the_rates_page_says_when_its_figures_are_stale(client, year_2025, settings):  # noqa: F811
    w = year_2025
    client.force_login(w.coordinator)
    client.get(reverse("orientations:rates"))
    settings.TASKS = DEFERRING
    summaries.changed(programme_id=w.programme.pk)
    body = client.get(reverse("orientations:rates")).content.decode()
    assert "leur mise à jour est en cours" in body


@pytest.mark.parametrize("stale", [False, True])
def test_the_bilan_command_never_prints_stale_figures(year_2025, make_dossier, settings, capsys, stale):  # noqa: F811
    import json

    w = year_2025
    call_command("bilan", w.programme.slug, "2025", "--json")
    first = json.loads(capsys.readouterr().out)
    if stale:
        settings.TASKS = DEFERRING
        make_dossier(w.commune, "2025-06-10", "self")
    call_command("bilan", w.programme.slug, "2025", "--json")
    again = json.loads(capsys.readouterr().out)
    assert again["requests"]["total"] == first["requests"]["total"] + stale
    assert again == figures.bilan(w.programme, 2025)
