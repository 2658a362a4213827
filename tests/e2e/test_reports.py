"""The compte-rendu in Chromium: two people writing at once lose nothing; the report goes from cross-reading to
the documents sent, each step by its own person."""

import re

import pytest
from playwright.sync_api import expect

from binome.cases.models import Dossier
from binome.cases.workflow import State
from binome.reports.models import Dispatch, SectionConflict
from tests.e2e.conftest import login
from tests.reports.conftest import fill_diagnosis


pytestmark = pytest.mark.django_db(transaction=True)


def logout(page):
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/connexion/"))


@pytest.fixture
def in_review(world, make_dossier):
    dossier = make_dossier(State.IN_REVIEW, share_with_referrer=True)
    fill_diagnosis(dossier, world.advisor)
    return dossier


def section_box(page, key):
    return page.locator(f"#id_{key}_text")


def save(page, key):
    page.locator(f"#section-{key}").get_by_role("button", name="Enregistrer cette section").click()


def test_two_people_writing_the_same_section_lose_nothing(browser, live_server, world, in_review):
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR") for _ in range(2)]
    advisor, coordinator = (context.new_page() for context in contexts)
    try:
        login(advisor, live_server, world.advisor)
        login(coordinator, live_server, world.coordinator)
        url = f"{live_server.url}/dossiers/{in_review.pk}/compte-rendu/"
        advisor.goto(url)
        coordinator.goto(url)
        # Different sections at the same time: no conflict at all.
        section_box(advisor, "technical_synthesis").fill("Isoler les combles d'abord.")
        section_box(coordinator, "family_synthesis").fill("Vos factures peuvent baisser.")
        save(advisor, "technical_synthesis")
        save(coordinator, "family_synthesis")
        expect(advisor.locator("#section-technical_synthesis")).to_contain_text("Section enregistrée.")
        expect(coordinator.locator("#section-family_synthesis")).to_contain_text("Section enregistrée.")
        # The same section: the second text is kept beside the first, never written over it.
        section_box(advisor, "findings").fill("Moisissures derrière l'armoire de la chambre.")
        section_box(coordinator, "findings").fill("Condensation sur les vitres du séjour.")
        save(advisor, "findings")
        expect(advisor.locator("#section-findings")).to_contain_text("Section enregistrée.")
        save(coordinator, "findings")
        conflict = coordinator.locator("#section-findings .conflict")
        expect(conflict).to_contain_text("Moisissures derrière l'armoire de la chambre.")
        expect(conflict).to_contain_text("Condensation sur les vitres du séjour.")
        sections = dict(in_review.report.sections.values_list("key", "text"))
        assert sections["findings"] == "Moisissures derrière l'armoire de la chambre."
        assert sections["technical_synthesis"] == "Isoler les combles d'abord."
        assert sections["family_synthesis"] == "Vos factures peuvent baisser."
        assert SectionConflict.objects.get().text == "Condensation sur les vitres du séjour."
        # The coordinator merges both texts.
        conflict.get_by_label("Texte fusionné (facultatif)").fill(
            "Moisissures dans la chambre ; condensation au séjour."
        )
        conflict.get_by_role("button", name="Enregistrer le texte fusionné").click()
        expect(coordinator.get_by_text("Conflit réglé")).to_be_visible()
        assert (
            in_review.report.sections.get(key="findings").text
            == "Moisissures dans la chambre ; condensation au séjour."
        )
    finally:
        for context in contexts:
            context.close()


def test_from_cross_reading_to_the_documents_sent(page, live_server, world, in_review):
    dossier_url = f"{live_server.url}/dossiers/{in_review.pk}/"
    # The coordinator completes and submits.
    login(page, live_server, world.coordinator)
    page.goto(dossier_url + "compte-rendu/")
    for key, text in (
        ("family_synthesis", "Vos dépenses d'énergie sont lourdes : des aides existent."),
        ("technical_synthesis", "Isoler les combles, puis remettre en état la ventilation."),
        ("referrer_summary", "Visite faite, aide aux travaux proposée."),
        ("next_steps", "Nous vous appellerons dans un mois."),
    ):
        section_box(page, key).fill(text)
        save(page, key)
        expect(page.locator(f"#section-{key}")).to_contain_text("Section enregistrée.")
    page.goto(dossier_url)
    page.get_by_role("button", name="Soumettre à validation", exact=True).click()
    expect(page.get_by_text("Version 1 soumise le")).to_be_visible()
    logout(page)
    # The chef de mission, then the chef de service with an opinion.
    for chef, choice, opinion in (
        (world.chef_mission, "Approuver", ""),
        (world.chef_service, "Approuver avec un avis complémentaire sur les orientations", "Voir aussi le CCAS."),
    ):
        login(page, live_server, chef)
        page.goto(dossier_url)
        page.get_by_role("link", name="Relire et valider").click()
        page.get_by_label(choice, exact=True).check()
        if opinion:
            page.get_by_label("Motif du renvoi ou avis complémentaire").fill(opinion)
        page.get_by_role("button", name="Enregistrer ma décision").click()
        expect(page.locator(".message--success")).to_contain_text("version 1 approuvée")
        logout(page)
    # The coordinator posts the household's copy and e-mails the referrer's.
    login(page, live_server, world.coordinator)
    page.goto(dossier_url + "envoi/")
    family = page.locator("section", has=page.get_by_role("heading", name="Pour le ménage"))
    family.get_by_label("imprimé et envoyé par la poste").check()
    family.get_by_role("button", name="Envoyer ce document").click()
    expect(page.get_by_text("imprimé et posté le")).to_be_visible()
    referrer = page.locator("section", has=page.get_by_role("heading", name="Pour le donneur d'alerte"))
    referrer.get_by_label("courriel avec le PDF").check()
    referrer.get_by_label("Adresse électronique ou postale").fill("donneur@example.org")
    referrer.get_by_role("button", name="Envoyer ce document").click()
    expect(page.get_by_text("Le courriel part avec le PDF")).to_be_visible()
    assert Dossier.objects.get(pk=in_review.pk).state == State.SENT
    assert set(Dispatch.objects.values_list("recipient", "status")) == {("family", "sent"), ("referrer", "sent")}
    logout(page)
    # The referrer reads the outcome and their own report.
    login(page, live_server, world.referrer)
    page.goto(dossier_url)
    expect(page.get_by_text("Visite faite, aide aux travaux proposée.")).to_be_visible()
    response = page.request.get(dossier_url + "retour.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
