"""The dashboard of a period nobody asked for yet, in Chromium, with a task worker: the page says the figures are
being computed, then shows them by itself once the worker has stored them (htmx asks again every 2 s)."""

from django.core.cache import cache
from django.urls import reverse

from binome.orientations import outcomes
from binome.steering import dashboard
from binome.steering.figures import Period, Scope
from tests.e2e.conftest import PageAudit, login
from tests.steering.conftest import make


DEFERRING = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # queues, never runs


def test_a_new_period_s_figures_appear_once_the_worker_has_computed_them(page, live_server, world, settings):
    w = world
    make(w.commune, "2025-01-10", "department_social", [("mark_visited", "2025-01-20")])
    make(w.commune, "2025-02-01", "partner_social", [("defer", "2025-02-15")])
    cache.clear()
    settings.TASKS = DEFERRING
    audit = PageAudit(page, "steering")
    login(page, live_server, w.coordinator)
    page.goto(f"{live_server.url}{reverse('steering:dashboard')}?annee=2025")
    notice = page.get_by_role("status").filter(has_text="en cours de calcul")
    assert "Les chiffres de cette période sont en cours de calcul…" in notice.inner_text()
    assert page.get_by_role("heading", name="Bilan annuel en PDF").is_visible()
    audit.check("dashboard-pending")

    # The worker's part: the period's figures and the programme's follow-up rates, stored.
    dashboard.read(Scope(w.programme), Period.year(2025))
    outcomes.counted(w.programme)

    page.locator("#chiffres .figure-cards").first.wait_for(state="visible", timeout=10_000)
    assert notice.count() == 0
    cards = page.locator("#chiffres .figure-card").all_inner_texts()
    assert "2\ndemandes reçues" in cards and "1\nménages visités" in cards
    assert "Chiffres à jour, calculés le" in page.locator("#chiffres").inner_text()
    audit.check("dashboard-ready")
    audit.assert_clean()
