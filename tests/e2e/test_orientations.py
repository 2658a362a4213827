"""An orientation followed to its end in Chromium, on a phone: the coordinator records the household's answer,
sends it to the partner, the partner answers « en cours » through its link (no account), the coordinator
records the outcome and makes the 3-month follow-up call."""

import re

import pytest
from playwright.sync_api import expect

from binome.cases.workflow import State
from binome.orientations import links
from binome.orientations.models import FollowUp, Orientation, PartnerLink
from tests.e2e.conftest import login


pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def update_status(page, label):
    page.get_by_role("link", name=re.compile("Mettre à jour")).first.click()
    page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Enregistrer le statut").click()
    page.wait_for_load_state("networkidle")


def test_a_coordinator_takes_an_orientation_from_proposed_to_achieved(browser, live_server, world, make_dossier):
    from binome.orientations import calls

    dossier = make_dossier(State.SENT, last_name="Lambert")
    calls.plan(dossier)
    context = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    login(page, live_server, world.coordinator)
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    block = page.locator("#orientations")
    expect(block.get_by_text("proposée", exact=True)).to_be_visible()

    # The household said yes on the phone; the coordinator sends the file to the partner.
    update_status(page, "acceptée par le ménage")
    expect(page.get_by_text("Orientation mise à jour.")).to_be_visible()
    expect(block.get_by_text("acceptée par le ménage", exact=True)).to_be_visible()
    update_status(page, "transmise au partenaire")

    # She asks the partner for news with a link.
    page.get_by_role("link", name=re.compile("Mettre à jour")).first.click()
    page.get_by_label("Adresse du partenaire").fill("fsl@caf.invalid")
    page.get_by_role("button", name="Envoyer le lien").click()
    expect(page.get_by_text(re.compile("Lien envoyé au partenaire"))).to_be_visible()
    link = PartnerLink.objects.get(orientation__dossier=dossier)

    # The partner answers on its own phone, without an account.
    partner = context.browser.new_context(viewport=PHONE, locale="fr-FR").new_page()
    partner.goto(f"{live_server.url}/partenaire/{links.token_for(link)}/")
    expect(partner.get_by_text("LAMBERT", exact=False)).to_be_visible()
    partner.get_by_label("en cours", exact=True).check()
    partner.get_by_label("Résultat, précisions").fill("Dossier complet, passage en commission le 3.")
    partner.get_by_label("Votre nom et votre service").fill("Mme Roy, service FSL")
    partner.get_by_role("button", name="Envoyer ma réponse").click()
    expect(partner.get_by_text("Merci, votre réponse est enregistrée.")).to_be_visible()
    partner.context.close()

    # The coordinator sees the answer and records the outcome.
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    expect(block.get_by_text("en cours", exact=True)).to_be_visible()
    page.get_by_role("link", name=re.compile("Mettre à jour")).first.click()
    expect(page.get_by_text("Mme Roy, service FSL, par le lien de retour")).to_be_visible()
    page.get_by_label("aboutie", exact=True).check()
    page.get_by_label("Aide accordée (€)").fill("-450")
    page.get_by_role("button", name="Enregistrer le statut").click()
    expect(page.get_by_text("Le montant « aide accordée » ne peut pas être négatif.")).to_be_visible()
    page.get_by_label("Aide accordée (€)").fill("450")
    page.get_by_label("Résultat, précisions").fill("Aide FSL accordée, versée au fournisseur.")
    page.get_by_role("button", name="Enregistrer le statut").click()
    page.wait_for_load_state("networkidle")
    expect(block.get_by_text("aboutie", exact=True)).to_be_visible()
    expect(block.get_by_text(re.compile(r"450,00\s€"))).to_be_visible()
    orientation = Orientation.objects.get(dossier=dossier)
    assert orientation.status == "achieved" and str(orientation.aid_amount) == "450.00"

    # The 3-month call.
    block.get_by_role("link", name="Faire l'appel").first.click()
    page.get_by_label("suit ses factures ou ses relevés de compteur").check()
    page.locator("#id_cold_now").get_by_label("non").check()
    page.get_by_label("plus basses").check()
    page.get_by_role("button", name="Enregistrer les réponses").click()
    expect(page.get_by_text("Réponses de l'appel de suivi enregistrées.")).to_be_visible()
    assert FollowUp.objects.get(dossier=dossier, rank=1).status == "answered"
    context.close()
