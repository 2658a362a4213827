"""The whole journey in Chromium, every page audited (issue 18).

A referrer submits a request → the coordinator calls and books → both write the diagnosis (bills typed with the
keyboard only) → syntheses in cross-reading → the chef de mission then the chef de service validate → the documents
are sent → an orientation is followed up (partner status, 3-month call) → the referrer sees the outcome.

At every page: axe-core (no serious or critical violation), no sideways scroll at 768 px, no Content-Security-Policy
refusal in the console, and screenshots at 1366×768 and 768×1024 in ``$BINOME_SCREENS_DIR`` (default var/screens/;
see docs/screens.md). The findings of all pages are listed together at the end.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from binome.cases.models import Dossier
from binome.orientations.models import FollowUp
from binome.visits.models import Visit
from tests.e2e.conftest import PageAudit, login
from tests.factories import CommuneFactory


pytestmark = pytest.mark.django_db(transaction=True)


def field(page, label):
    """The form control labelled exactly ``label`` (the required-field star aside)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def logout(page):
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/connexion/"))


def act(page, label):
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state("networkidle")


@pytest.fixture
def journey_page(browser):
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def choose_commune_by_keyboard(page, typed, name):
    """The commune combobox: type the start of the name, arrow down to the commune, Enter."""
    box = page.get_by_role("combobox", name=re.compile("^Commune"))
    box.focus()
    page.keyboard.type(typed)
    listbox = page.get_by_role("listbox", name=re.compile("^Commune"))
    expect(listbox.get_by_role("option", name=name)).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    expect(listbox.get_by_role("option", name=name)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(box).to_have_value(re.compile(rf"^{re.escape(name)}"))
    expect(box).to_have_attribute("aria-expanded", "false")


def type_bills_by_keyboard(page):
    """Three electricity bills, from the first cell on, with Tab and Enter only."""
    page.locator("#bills-0-energy").focus()
    keyboard = page.keyboard
    for month, (kwh, amount) in enumerate(((1200, "249,71"), (1050, "220,43"), (900, "191,15")), start=1):
        keyboard.press("Tab")  # energy: électricité is the default
        for value in ("EDF", "Base", "6", f"01/{month:02d}/2025", f"01/{month + 1:02d}/2025"):
            keyboard.type(value)
            keyboard.press("Tab")
        keyboard.press("Tab")  # index début
        keyboard.press("Tab")  # index fin
        keyboard.press("Tab")  # relevé: réel
        keyboard.type(str(kwh))
        keyboard.press("Tab")
        keyboard.press("Tab")  # unité: kWh
        keyboard.type(amount)
        keyboard.press("Tab")
        keyboard.type("15,47")
        keyboard.press("Enter")  # next row, back to the energy column
    expect(page.locator("#status-bills")).to_have_text(re.compile("Enregistré à"), timeout=15_000)


def test_the_journey_is_accessible_on_every_page(journey_page, live_server, world):
    page = journey_page
    audit = PageAudit(page, "journey")
    url = live_server.url
    lons = CommuneFactory(unite=world.commune.unite, name="Lons-le-Saunier", insee_code="39300")

    # 1. The referrer fills the request with the household present; the commune is found by typing.
    page.goto(f"{url}/connexion/")
    audit.check("login")
    login(page, live_server, world.referrer)
    page.goto(f"{url}/demandes/nouvelle/")
    audit.check("referral-form")
    field(page, "Nom").fill("Lambert")
    field(page, "Prénom").fill("Odile")
    field(page, "Téléphone").fill("03 84 12 34 56")
    field(page, "Adresse").fill("3 rue des Arènes")
    choose_commune_by_keyboard(page, "Lons", "Lons-le-Saunier")
    expect(page.locator("select[name=commune]")).to_have_value(str(lons.pk))
    field(page, "Statut d'occupation").select_option(index=1)
    field(page, "Nombre de personnes").fill("0")
    page.get_by_label("factures élevées").check()
    page.get_by_label(re.compile("accepte d'être contacté")).check()
    page.get_by_label(re.compile("transmis au donneur d'alerte")).check()
    page.get_by_role("button", name=re.compile("Envoyer")).click()
    page.wait_for_load_state("networkidle")
    audit.check("referral-form-errors")
    field(page, "Nombre de personnes").fill("2")
    page.get_by_role("button", name=re.compile("Envoyer")).click()
    page.wait_for_load_state("networkidle")
    dossier = Dossier.objects.get(last_name="Lambert")
    expect(page.get_by_text(dossier.reference).first).to_be_visible()
    audit.check("referral-sent")
    page.goto(f"{url}/demandes/")
    audit.check("my-requests")
    logout(page)

    # 2. The coordinator takes it from the queue, logs the call, books the visit in the agenda.
    login(page, live_server, world.coordinator)
    page.goto(f"{url}/dossiers/")
    audit.check("queue")
    page.get_by_role("link", name=dossier.reference).click()
    audit.check("dossier-received")
    act(page, "Prendre en charge")
    audit.check("dossier-to-contact")
    field(page, "Résultat de l'appel").select_option(label="ménage joint")
    page.get_by_role("button", name="Enregistrer l'appel").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Programmer la visite dans l'agenda").click()
    page.locator("text=Créneaux libres").wait_for()
    audit.check("booking")
    page.get_by_role("link", name="Voir l'agenda complet").click()
    audit.check("agenda")
    page.go_back()
    page.locator("a.slot").first.focus()  # the agenda by keyboard: a free slot, Enter
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    field(page, "Problème identifié").fill("Factures en hausse ; vérifier le chauffage d'appoint.")
    page.get_by_role("button", name="Programmer la visite").click()
    page.wait_for_url(re.compile(r"/visites/\d+/"))
    audit.check("visit")
    dossier.refresh_from_db()
    assert dossier.state == "scheduled"
    # The day of the visit comes.
    Visit.objects.filter(dossier=dossier).update(starts_at=timezone.now() - dt.timedelta(hours=3))
    # The coordinator writes the social side, the bills typed with the keyboard only.
    page.goto(f"{url}/visites/")
    audit.check("my-visits")
    page.goto(f"{url}/dossiers/{dossier.pk}/")
    page.get_by_role("link", name="Saisir le volet social").click()
    audit.check("diagnosis-social")
    field(page, "Constats de la visite").fill("Deux adultes, factures d'électricité en hausse.")
    page.get_by_role("button", name=re.compile("Enregistrer")).first.click()
    page.wait_for_load_state("networkidle")
    page.goto(url + reverse("diagnosis:page", kwargs={"pk": dossier.pk}))
    type_bills_by_keyboard(page)
    audit.check("diagnosis-bills")
    logout(page)

    # 3. The advisor writes the technical side and declares the visit done.
    login(page, live_server, world.advisor)
    page.goto(f"{url}/dossiers/{dossier.pk}/")
    audit.check("dossier-scheduled-advisor")
    page.get_by_role("link", name="Saisir le volet technique").click()
    field(page, "Constats de la visite").fill("Convecteurs anciens, combles non isolés.")
    page.get_by_role("button", name=re.compile("Enregistrer")).first.click()
    page.wait_for_load_state("networkidle")
    page.goto(url + reverse("diagnosis:page", kwargs={"pk": dossier.pk}))
    audit.check("diagnosis-technical")
    page.goto(f"{url}/dossiers/{dossier.pk}/")
    act(page, "Visite réalisée")
    logout(page)

    # 4. Cross-reading: each writes a synthesis, the coordinator submits.
    login(page, live_server, world.coordinator)
    page.goto(f"{url}/dossiers/{dossier.pk}/")
    act(page, "Passer à la relecture croisée")
    audit.check("dossier-in-review")
    page.goto(f"{url}/dossiers/{dossier.pk}/compte-rendu/")
    for key, value in (
        ("family_synthesis", "Vos dépenses d'énergie sont lourdes : des aides existent."),
        ("technical_synthesis", "Isoler les combles en priorité."),
        ("referrer_summary", "Visite faite, aide aux travaux proposée."),
    ):
        page.locator(f"#id_{key}_text").fill(value)
        page.locator(f"#section-{key}").get_by_role("button", name="Enregistrer cette section").click()
        expect(page.locator(f"#section-{key}")).to_contain_text("Section enregistrée.")
    audit.check("report")
    page.goto(f"{url}/dossiers/{dossier.pk}/")
    act(page, "Soumettre à validation")
    audit.check("dossier-in-validation")
    logout(page)

    # 5. The chef de mission, then the chef de service, validate the frozen version.
    for chef, name in ((world.chef_mission, "mission"), (world.chef_service, "service")):
        login(page, live_server, chef)
        page.goto(f"{url}/dossiers/{dossier.pk}/")
        page.get_by_role("link", name="Relire et valider").click()
        audit.check(f"validation-{name}")
        # The decision by keyboard: Space ticks the radio button, Enter on the button sends it.
        page.get_by_label("Approuver", exact=True).focus()
        page.keyboard.press("Space")
        expect(page.get_by_label("Approuver", exact=True)).to_be_checked()
        page.get_by_role("button", name="Enregistrer ma décision").focus()
        page.keyboard.press("Enter")
        expect(page.locator(".message--success")).to_contain_text("approuvée")
        logout(page)

    # 6. The coordinator sends the documents.
    login(page, live_server, world.coordinator)
    page.goto(f"{url}/dossiers/{dossier.pk}/envoi/")
    audit.check("dispatch")
    family = page.locator("section", has=page.get_by_role("heading", name="Pour le ménage"))
    family.get_by_label("imprimé et envoyé par la poste").check()
    family.get_by_role("button", name="Envoyer ce document").click()
    expect(page.get_by_text("imprimé et posté le")).to_be_visible()
    audit.check("dispatch-sent")
    dossier.refresh_from_db()
    assert dossier.state == "sent"

    # 7. An orientation recorded and followed up: accepted, sent to the partner, achieved; the 3-month call.
    page.goto(f"{url}/dossiers/{dossier.pk}/")
    page.get_by_text("Ajouter une orientation").click()
    audit.check("orientation-new")
    field(page, "Solution").select_option(index=1)
    field(page, "Autre partenaire (hors annuaire)").fill("Point conseil budget de Dole")
    page.get_by_role("button", name="Enregistrer l'orientation").click()
    page.wait_for_load_state("networkidle")
    audit.check("dossier-sent")
    page.get_by_role("link", name=re.compile("Mettre à jour")).first.click()
    audit.check("orientation-status")
    for status in ("acceptée par le ménage", "transmise au partenaire"):
        if status != "acceptée par le ménage":
            page.get_by_role("link", name=re.compile("Mettre à jour")).first.click()
        page.get_by_label(status, exact=True).check()
        page.get_by_role("button", name="Enregistrer le statut").click()
        page.wait_for_load_state("networkidle")
    page.get_by_role("link", name=re.compile("Mettre à jour")).first.click()
    page.get_by_label("aboutie", exact=True).check()
    page.get_by_label("Résultat, précisions").fill("Plan d'apurement signé avec le fournisseur.")
    page.get_by_role("button", name="Enregistrer le statut").click()
    page.wait_for_load_state("networkidle")
    if not FollowUp.objects.filter(dossier=dossier).exists():
        from binome.orientations import calls

        calls.plan(dossier)
    page.goto(f"{url}/dossiers/{dossier.pk}/")
    page.locator("#orientations").get_by_role("link", name="Faire l'appel").first.click()
    audit.check("follow-up-call")
    page.get_by_label("suit ses factures ou ses relevés de compteur").check()
    page.locator("#id_cold_now").get_by_label("non").check()
    page.get_by_label("plus basses").check()
    page.get_by_role("button", name="Enregistrer les réponses").click()
    expect(page.get_by_text("Réponses de l'appel de suivi enregistrées.")).to_be_visible()
    audit.check("dossier-followed-up")
    logout(page)

    # 8. The referrer sees the outcome.
    login(page, live_server, world.referrer)
    page.goto(f"{url}/demandes/")
    expect(page.get_by_text("Compte-rendu envoyé").first).to_be_visible()
    audit.check("my-requests-outcome")
    page.get_by_role("link", name=re.compile(dossier.reference)).click()
    expect(page.get_by_text("Point conseil budget de Dole")).to_be_visible()
    expect(page.get_by_text("Visite faite, aide aux travaux proposée.")).to_be_visible()
    audit.check("referrer-dossier")

    print("\n".join(["Pages audited:", *audit.visited]))
    print("Audit seconds per page:", ", ".join(f"{name} {seconds:.1f}" for name, seconds in audit.timings))
    audit.assert_clean()


def test_the_audit_finds_what_it_is_meant_to_find(page, live_server):
    """The audit is no rubber stamp: an image without text, an inline style, a too-wide block and a tiny button are
    all reported."""
    audit = PageAudit(page, "audit-self-check")
    page.goto(f"{live_server.url}/connexion/")
    audit.check("login")
    assert audit.problems == []
    page.evaluate(
        """() => {
            const main = document.querySelector('main');
            main.insertAdjacentHTML('beforeend', '<img src="/static/binome/favicon.svg">');
            main.insertAdjacentHTML('beforeend', '<p style="color: red">inline</p>');
            main.insertAdjacentHTML('beforeend', '<button type="button">x</button>');
            const wide = document.createElement('div');
            wide.className = 'too-wide';
            document.body.appendChild(wide);
            wide.style.width = '2000px';  // CSSOM, which the CSP allows; a box of no height would not count
            wide.style.height = '1rem';
        }"""
    )
    audit.check("login-broken")
    (report,) = audit.problems
    assert "image-alt" in report
    assert "Content-Security-Policy refusals" in report and "inline style" in report
    assert "sideways scroll at 768 px" in report
    assert "touch targets under 44 px at 768 px: button « x »" in report
