"""Take PNG screenshots of the main pages of a running demo, as each demo user sees them.

Usage: start the demo (``make demo``), then ``make screenshots`` (or
``python bench/screenshots.py --base http://127.0.0.1:8000 --out var/screenshots``).
It prints the files it wrote. Uses Debian's Chromium, never a downloaded browser.
"""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright


CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

# (file name, login, path or callable picking a link, viewport width)
PAGES = [
    ("login", None, "/connexion/", 1280),
    ("queue", "coordinatrice", "/dossiers/", 1280),
    ("queue-tablet", "coordinatrice", "/dossiers/", 1024),
    ("dossier-scheduled", "coordinatrice", "/dossiers/?etape=visites", 1280),
    ("dossier-validation", "chef.mission", "/dossiers/?etape=validation", 1280),
    ("referral-form", "donneur.ccas", "/demandes/nouvelle/", 1024),
    ("my-requests", "donneur.ccas", "/demandes/", 1280),
    ("my-visits", "conseiller", "/visites/", 1280),
    ("agenda", "coordinatrice", "/agenda/", 1280),
    ("coverage", "coordinatrice", "/couverture/", 1280),
    ("tours", "coordinatrice", "/agenda/tournees/", 1280),
    ("simulator", "coordinatrice", "/couverture/simulateur/?debuts=1", 1280),
    ("network-health", "coordinatrice", "/reseau/", 1280),
    ("directory", "coordinatrice", "/reseau/annuaire/", 1280),
    ("diagnosis", "coordinatrice", "/dossiers/?etape=comptes-rendus", 1024),
    ("orientations-tab", "coordinatrice", "/dossiers/?etape=orientation", 1280),
    ("dossier-follow-up-phone", "coordinatrice", "/dossiers/?etape=orientation", 390),
    ("orientation-phone", "coordinatrice", "/dossiers/?etape=orientation", 390),
    ("follow-up-call", "coordinatrice", "/dossiers/?etape=orientation", 1280),
    ("outcome-rates", "chef.service", "/resultats/", 1280),
    ("privacy-trail", "admin", "/protection-des-donnees/traces/", 1280),
    ("steering-dashboard", "coordinatrice", "/pilotage/?annee=2016", 1280),
]
OPEN_FIRST_DOSSIER = {
    "dossier-scheduled",
    "dossier-validation",
    "diagnosis",
    "dossier-follow-up-phone",
    "orientation-phone",
    "follow-up-call",
}
# After opening the first dossier, click this link (a page reached from the dossier).
CLICK = {
    "orientation-phone": "#orientations a.button >> nth=0",
    "follow-up-call": "#orientations .follow-ups a >> nth=0",
}
# After opening the first dossier, follow this path relative to it.
THEN = {"diagnosis": "diagnostic/"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=Path("var/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, login, path, width in PAGES:
            context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
            page = context.new_page()
            if login:
                page.goto(f"{args.base}/connexion/")
                page.fill("input[name=username]", f"{login}@demo.binome.fr")
                page.fill("input[name=password]", "demo")
                page.click("button[type=submit]")
                page.wait_for_load_state("networkidle")
            page.goto(f"{args.base}{path}")
            if name in OPEN_FIRST_DOSSIER:
                page.click("table a.ref >> nth=0")
                page.wait_for_load_state("networkidle")
                if name in CLICK:
                    page.click(CLICK[name])
                    page.wait_for_load_state("networkidle")
                if name in THEN:
                    page.goto(page.url.rstrip("/") + "/" + THEN[name])
                    page.wait_for_load_state("networkidle")
            target = args.out / f"{name}.png"
            page.screenshot(path=str(target), full_page=True)
            print(target)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
