"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Every test in this folder is marked ``e2e`` and runs with the clock pinned on a Monday morning
(``clock`` in tests/conftest.py). Use the ``page`` fixture (a fresh browser context per test,
tablet-sized by default) and ``login(page, live_server, user)``; users of the ``world`` fixture all
have the password ``secret-password``.
"""

import os

import pytest


os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "secret-password"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def _pinned_clock(clock):
    """The pages show today's agenda, queue and timelines: every browser test runs on the same Monday morning."""
    return clock


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def login(page, live_server, user, password=PASSWORD):
    page.goto(f"{live_server.url}/connexion/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/connexion/" not in url)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, keep a screenshot of the page in var/e2e-failures/ to see what the browser saw."""
    outcome = yield
    report = outcome.get_result()
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and page is not None:
        from pathlib import Path

        target = Path(__file__).resolve().parents[2] / "var" / "e2e-failures"
        target.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(target / f"{item.name}.png"), full_page=True)
        except Exception:  # noqa: BLE001 — a screenshot must never hide the real failure
            pass
