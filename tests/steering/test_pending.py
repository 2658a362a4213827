"""A period nobody asked for yet: with a task worker, its figures are computed by the worker while the dashboard says
so and asks again; with the immediate backend (tests, demo) they are computed during the request. The bilan (PDF,
command) always computes them."""

import html
import json
import subprocess

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.tasks import default_task_backend
from django.urls import reverse

from binome.core import summaries
from binome.core.models import Summary
from binome.steering import dashboard, figures, views
from binome.steering.figures import Period, Scope
from tests.steering.test_figures import year_2025  # noqa: F401 (fixture)


DEFERRING = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # queues, never runs
PENDING = "Les chiffres de cette période sont en cours de calcul…"


@pytest.fixture
def worker(settings):
    """A backend that queues the tasks (as the database worker does) and never runs them by itself."""
    cache.clear()  # the « already queued » markers of other tests
    settings.TASKS = DEFERRING
    assert summaries.runs_later()
    yield default_task_backend
    default_task_backend.clear()


def run_queued(backend) -> list[str]:
    """Run the queued tasks as the worker would; the names of those run."""
    queued, names = list(backend.results), []
    backend.clear()
    for result in queued:
        result.task.call(*result.args, **result.kwargs)
        names.append(result.task.name)
    return names


def test_the_worker_computes_a_new_period_while_the_page_says_so(client, year_2025, worker):  # noqa: F811
    w = year_2025
    client.force_login(w.coordinator)
    response = client.get(reverse("steering:dashboard"), {"annee": "2025"})
    assert response.status_code == 200 and response.context["board"] is None
    text = html.unescape(response.content.decode())
    assert PENDING in text
    assert 'hx-get="/pilotage/chiffres/?annee=2025&essai=1"' in text and 'hx-trigger="load delay:2s"' in text
    assert "Bilan annuel en PDF" in text  # the rest of the page is there
    assert not Summary.objects.exists()  # nothing computed during the request
    # the dashboard's figures and the programme's follow-up rates, queued at once
    assert sorted(r.args[0] for r in worker.results) == [dashboard.DASHBOARD, "outcomes"]

    # The page asks again before the worker ran: the same notice, nothing queued twice.
    again = client.get(reverse("steering:dashboard_figures"), {"annee": "2025", "essai": "1"})
    text = html.unescape(again.content.decode())
    assert PENDING in text and 'hx-get="/pilotage/chiffres/?annee=2025&essai=2"' in text
    assert len(worker.results) == 2

    assert run_queued(worker) == ["compute_task", "compute_task"]
    ready = client.get(reverse("steering:dashboard_figures"), {"annee": "2025"})
    text = html.unescape(ready.content.decode())
    assert PENDING not in text and "hx-get" not in text
    assert text.startswith('<div id="chiffres">') and "Chiffres à jour, calculés le" in text
    live = figures.bilan_for(Scope(w.programme), Period.year(2025))
    assert {k: ready.context["f"][k] for k in live} == live
    # and the page itself now shows them at once
    assert client.get(reverse("steering:dashboard"), {"annee": "2025"}).context["f"]["requests"]["total"] == 9


def test_the_page_stops_asking_after_a_minute(client, year_2025, worker):  # noqa: F811
    """A worker that does not run: after ``POLLS`` requests the notice stops polling and says what to do."""
    client.force_login(year_2025.coordinator)
    last = client.get(reverse("steering:dashboard_figures"), {"annee": "2025", "essai": str(views.POLLS)})
    text = html.unescape(last.content.decode())
    assert "hx-get" not in text and "Le calcul prend plus de temps que d'habitude" in text
    assert 'href="/pilotage/?annee=2025"' in text  # the page itself, without the count of requests
    before = client.get(reverse("steering:dashboard_figures"), {"annee": "2025", "essai": str(views.POLLS - 1)})
    assert f"essai={views.POLLS}" in before.content.decode()


def test_a_queued_computation_is_done_once(year_2025, worker):  # noqa: F811
    w = year_2025
    scope = summaries.programme_scope(w.programme.pk)
    params = figures.summary_params(Scope(w.programme, w.dole), Period.year(2025))
    assert summaries.read(dashboard.DASHBOARD, scope, params, wait=False) is None
    assert summaries.read(dashboard.DASHBOARD, scope, params, wait=False) is None
    assert len(worker.results) == 1
    queued = worker.results[0]
    assert summaries.read(dashboard.DASHBOARD, scope, params).data  # somebody who waits computed it meanwhile
    assert queued.task.call(*queued.args) is False  # the worker finds it done
    assert Summary.objects.filter(kind=dashboard.DASHBOARD).count() == 1


def test_without_a_worker_the_figures_are_computed_during_the_request(client, year_2025):  # noqa: F811
    cache.clear()
    assert not summaries.runs_later()
    client.force_login(year_2025.coordinator)
    response = client.get(reverse("steering:dashboard"), {"annee": "2025", "ut": year_2025.dole.pk})
    assert response.context["f"]["requests"]["total"] == 8
    assert PENDING not in html.unescape(response.content.decode())


def test_the_bilan_pdf_and_command_compute_missing_figures_even_with_a_worker(
    client,
    year_2025,  # noqa: F811
    worker,
    tmp_path,
    capsys,
):
    w = year_2025
    client.force_login(w.coordinator)
    response = client.post(reverse("steering:bilan_pdf"), {"annee": "2025"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    path = tmp_path / "bilan.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Bilan 2025" in text and "ménages visités" in text
    call_command("bilan", w.programme.slug, "2024", "--json")
    assert json.loads(capsys.readouterr().out)["visits"]["total"] == 0
    assert not worker.results  # nothing was left to the worker


def test_an_unreachable_cache_still_queues_the_computation(year_2025, worker, monkeypatch):  # noqa: F811
    def down(*args, **kwargs):
        raise ConnectionError("Redis down")

    monkeypatch.setattr(summaries.cache, "add", down)
    params = figures.summary_params(Scope(year_2025.programme), Period.year(2025))
    scope = summaries.programme_scope(year_2025.programme.pk)
    assert summaries.read(dashboard.DASHBOARD, scope, params, wait=False) is None
    assert len(worker.results) == 1
