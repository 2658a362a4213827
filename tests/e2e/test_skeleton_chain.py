"""One household through the whole chain, in Chromium, each person doing their own part.

Referrer submits the request → coordinator takes it, logs the call, books the visit → advisor and
coordinator write their side of the diagnosis → coordinator completes the report → chef de mission and
chef de service approve it → coordinator posts the family's copy → coordinator records an orientation → the
referrer sees the outcome.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from binome.cases.models import Dossier
from binome.visits.models import Visit
from tests.e2e.conftest import login


pytestmark = pytest.mark.django_db(transaction=True)


def logout(page):
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/connexion/"))


def open_dossier(page, live_server, dossier):
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/")


def field(page, label):
    """The form control labelled exactly ``label`` (the required-field star aside)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def act(page, label):
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state("networkidle")


def test_one_household_goes_through_the_whole_chain(page, live_server, world):
    # 1. The CCAS referrer fills the request with the household present.
    login(page, live_server, world.referrer)
    page.goto(f"{live_server.url}/demandes/nouvelle/")
    field(page, "Nom").fill("Lambert")
    field(page, "Prénom").fill("Odile")
    field(page, "Téléphone").fill("03 84 12 34 56")
    field(page, "Adresse").fill("3 rue des Arènes")
    page.get_by_role("combobox", name=re.compile("^Commune")).fill(str(world.commune))
    page.keyboard.press("Tab")  # the combobox settles on the commune whose whole name was typed
    expect(page.locator("select[name=commune]")).to_have_value(str(world.commune.pk))
    field(page, "Statut d'occupation").select_option(index=1)
    field(page, "Nombre de personnes").fill("2")
    page.get_by_label("factures élevées").check()
    page.get_by_label(re.compile("accepte d'être contacté")).check()
    page.get_by_label(re.compile("transmis au donneur d'alerte")).check()
    page.get_by_role("button", name=re.compile("Envoyer")).click()
    page.wait_for_load_state("networkidle")
    dossier = Dossier.objects.get(last_name="Lambert")
    expect(page.get_by_text(dossier.reference).first).to_be_visible()
    logout(page)

    # 2. The coordinator takes it from the queue, logs the call, books the visit (yesterday: retro entry).
    login(page, live_server, world.coordinator)
    page.goto(f"{live_server.url}/dossiers/")
    page.get_by_role("link", name=dossier.reference).click()
    act(page, "Prendre en charge")
    field(page, "Résultat de l'appel").select_option(label="ménage joint")
    page.get_by_role("button", name="Enregistrer l'appel").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Programmer la visite dans l'agenda").click()
    page.locator("text=Créneaux libres").wait_for()
    page.locator("a.slot").first.click()
    page.wait_for_load_state("networkidle")
    field(page, "Problème identifié").fill("Factures en hausse ; vérifier le chauffage d'appoint.")
    page.get_by_role("button", name="Programmer la visite").click()
    page.wait_for_load_state("networkidle")
    dossier.refresh_from_db()
    assert dossier.state == "scheduled"
    # The day of the visit comes.
    Visit.objects.filter(dossier=dossier).update(starts_at=timezone.now() - dt.timedelta(hours=3))
    open_dossier(page, live_server, dossier)
    page.get_by_role("link", name="Saisir le volet social").click()
    field(page, "Constats de la visite").fill("Deux adultes, factures d'électricité en hausse.")
    page.get_by_role("button", name=re.compile("Enregistrer")).click()
    page.wait_for_load_state("networkidle")
    logout(page)

    # 3. The advisor writes the technical side and declares the visit done.
    login(page, live_server, world.advisor)
    open_dossier(page, live_server, dossier)
    page.get_by_role("link", name="Saisir le volet technique").click()
    field(page, "Constats de la visite").fill("Convecteurs anciens, combles non isolés.")
    page.get_by_role("button", name=re.compile("Enregistrer")).click()
    page.wait_for_load_state("networkidle")
    open_dossier(page, live_server, dossier)
    act(page, "Visite réalisée")
    logout(page)

    # 4. The coordinator completes the report's drafts and submits it.
    login(page, live_server, world.coordinator)
    open_dossier(page, live_server, dossier)
    act(page, "Passer à la relecture croisée")
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/compte-rendu/")
    for key, value in (
        ("technical_synthesis", "Isoler les combles en priorité."),
        ("referrer_summary", "Visite faite, aide aux travaux proposée."),
    ):
        page.locator(f"#id_{key}_text").fill(value)
        page.locator(f"#section-{key}").get_by_role("button", name="Enregistrer cette section").click()
        expect(page.locator(f"#section-{key}")).to_contain_text("Section enregistrée.")
    open_dossier(page, live_server, dossier)
    act(page, "Soumettre à validation")
    logout(page)

    # 5. Chef de mission, then chef de service, approve the frozen version; the coordinator posts the family's copy.
    for chef in (world.chef_mission, world.chef_service):
        login(page, live_server, chef)
        open_dossier(page, live_server, dossier)
        page.get_by_role("link", name="Relire et valider").click()
        page.get_by_label("Approuver", exact=True).check()
        act(page, "Enregistrer ma décision")
        logout(page)
    login(page, live_server, world.coordinator)
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/envoi/")
    family = page.locator("section", has=page.get_by_role("heading", name="Pour le ménage"))
    family.get_by_label("imprimé et envoyé par la poste").check()
    family.get_by_role("button", name="Envoyer ce document").click()
    page.wait_for_load_state("networkidle")
    logout(page)
    dossier.refresh_from_db()
    assert dossier.state == "sent"

    # 6. The coordinator records one orientation.
    login(page, live_server, world.coordinator)
    open_dossier(page, live_server, dossier)
    page.get_by_text("Ajouter une orientation").click()
    field(page, "Solution").select_option(index=1)
    field(page, "Autre partenaire (hors annuaire)").fill("Point conseil budget de Dole")
    page.get_by_role("button", name="Enregistrer l'orientation").click()
    page.wait_for_load_state("networkidle")
    logout(page)

    # 7. The referrer sees the outcome on their page.
    login(page, live_server, world.referrer)
    page.goto(f"{live_server.url}/demandes/")
    expect(page.get_by_text("Compte-rendu envoyé").first).to_be_visible()
    page.get_by_role("link", name=re.compile(dossier.reference)).click()
    expect(page.get_by_text("Point conseil budget de Dole")).to_be_visible()
    expect(page.get_by_text("Visite faite, aide aux travaux proposée.")).to_be_visible()
