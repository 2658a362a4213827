"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Every test in this folder is marked ``e2e`` and runs with the clock pinned on a Monday morning
(``clock`` in tests/conftest.py). Use the ``page`` fixture (a fresh browser context per test,
tablet-sized by default) and ``login(page, live_server, user)``; users of the ``world`` fixture all
have the password ``secret-password``.
"""

import os
import time
from pathlib import Path

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
        target = Path(__file__).resolve().parents[2] / "var" / "e2e-failures"
        target.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(target / f"{item.name}.png"), full_page=True)
        except Exception:  # noqa: BLE001 — a screenshot must never hide the real failure
            pass


# --- Accessibility, layout and CSP audit of a page (the journey, tests/e2e/test_journey.py) -------------------

AXE_SOURCE = Path(__file__).with_name("vendor").joinpath("axe.min.js")
DESKTOP = {"width": 1366, "height": 768}
TABLET = {"width": 768, "height": 1024}
FAILING_IMPACTS = ("serious", "critical")
# axe's rules of WCAG 2.0/2.1 A and AA (RGAA 4.1 follows WCAG 2.1 AA) and its best practices.
# The controls a finger must hit on a tablet: buttons, and the links of the menu, the tabs and the forms' actions.
TOUCH_TARGETS = "button, .button, input[type=submit], .main-nav a, .tabs a, .form-actions a, .pagination a"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def screens_dir() -> Path:
    """Where the journey's screenshots go: ``$BINOME_SCREENS_DIR``, by default var/screens/ (out of git)."""
    default = Path(__file__).resolve().parents[2] / "var" / "screens"
    return Path(os.environ.get("BINOME_SCREENS_DIR") or default)


def format_violations(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    {target}: {node['failureSummary'].splitlines()[-1].strip()}")
            lines.append(f"      {node['html'][:160]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


class PageAudit:
    """Watches one Playwright page: CSP violations in its console, then, page by page, axe, the width, screenshots.

    axe is evaluated through the DevTools protocol (``page.evaluate``), which the page's Content-Security-Policy
    does not govern: the page keeps its real CSP, so the console check below sees what a user's browser would
    refuse, and axe reads the page in the state the journey left it (a form with its errors, an opened block).
    """

    def __init__(self, page, prefix: str):
        self.page = page
        self.prefix = prefix
        self.visited: list[str] = []
        self.csp_messages: list[str] = []
        self.problems: list[str] = []
        self.timings: list[tuple[str, float]] = []
        self.axe = AXE_SOURCE.read_text(encoding="utf-8")
        page.on("console", self._console)

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.csp_messages.append(f"{self.page.url}: {text}")

    def run_axe(self):
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.evaluate(self.axe)
        result = self.page.evaluate(
            """async (tags) => {
                const options = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
                const result = await axe.run(document, options);
                return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.map(n => ({target: n.target, html: n.html,
                                              failureSummary: n.failureSummary || ''}))}));
            }""",
            AXE_TAGS,
        )
        return [v for v in result if v["impact"] in FAILING_IMPACTS]

    def check(self, name: str):
        """Audit the page as it stands: axe at both widths; at 768 px no sideways scroll, 44 px touch targets; no CSP
        refusal.

        Findings are kept for ``assert_clean``. Saves a full-page screenshot at 1366×768 and at 768×1024 as
        ``<prefix>-<name>-desktop|tablet.png``.
        """
        page = self.page
        started = time.monotonic()
        page.wait_for_load_state("networkidle")
        self.visited.append(f"{name}: {page.url}")
        folder = screens_dir()
        folder.mkdir(parents=True, exist_ok=True)
        problems = []
        for label, viewport in (("desktop", DESKTOP), ("tablet", TABLET)):
            page.set_viewport_size(viewport)
            page.screenshot(path=str(folder / f"{self.prefix}-{name}-{label}.png"), full_page=True)
            violations = self.run_axe()
            if violations:
                problems.append(f"axe at {viewport['width']} px:\n{format_violations(violations)}")
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if widths[0] > widths[1]:
            wide = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                        + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : ''))"""
            )
            problems.append(f"sideways scroll at 768 px: {widths[0]} px wide for {widths[1]} ({', '.join(wide)})")
        small = page.evaluate(
            """(selector) => [...document.querySelectorAll(selector)]
                .filter(e => e.offsetParent !== null && !e.closest('.visually-hidden'))
                .map(e => [e, e.getBoundingClientRect()])
                .filter(([e, box]) => box.height < 43.5 || box.width < 43.5)
                .slice(0, 8).map(([e, box]) => `${e.tagName.toLowerCase()} « ${e.textContent.trim().slice(0, 40)} »`
                    + ` ${Math.round(box.width)}×${Math.round(box.height)}`)""",
            TOUCH_TARGETS,
        )
        if small:
            problems.append(f"touch targets under 44 px at 768 px: {'; '.join(small)}")
        if self.csp_messages:
            problems.append("Content-Security-Policy refusals:\n" + "\n".join(self.csp_messages))
            self.csp_messages = []
        self.timings.append((name, time.monotonic() - started))
        if problems:
            print(f"\n### {name}\n" + "\n".join(problems))
            self.problems.append(f"Page « {name} » ({page.url}):\n" + "\n".join(problems))

    def assert_clean(self):
        """Fails with every page's findings at once, so that one run lists all that is to fix."""
        assert not self.problems, "\n\n".join(self.problems)
