"""A household asks for a visit on the public form, in Chromium, without an account."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from binome.cases.models import Dossier


pytestmark = pytest.mark.django_db(transaction=True)


def field(page, label):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def test_household_refers_itself_on_a_tablet(page, live_server, world):
    page.goto(f"{live_server.url}/demande/{world.programme.slug}/")
    expect(page.get_by_role("heading", name="Demander une visite à domicile")).to_be_visible()
    # The bot trap is not visible to people.
    expect(page.locator("input[name=website]")).not_to_be_in_viewport()
    page.get_by_label("Je fais la demande pour mon foyer").check()
    field(page, "Nom").fill("Girod")
    field(page, "Téléphone").fill("03 84 99 88 77")
    field(page, "Adresse électronique").fill("lucie.girod@example.org")
    field(page, "Adresse").fill("12 rue Basse")
    page.get_by_role("combobox", name=re.compile("^Commune")).fill(str(world.commune))
    page.keyboard.press("Tab")  # the combobox settles on the commune whose whole name was typed
    expect(page.locator("select[name=commune]")).to_have_value(str(world.commune.pk))
    field(page, "Statut d'occupation").select_option(value="owner")
    field(page, "Nombre de personnes").fill("0")
    page.get_by_label("sensation de froid").check()
    page.get_by_label("J'accepte d'être contacté(e) par le SLIME au sujet de cette demande.").check()
    page.wait_for_timeout(4500)  # a person takes longer than the minimum filling time
    page.get_by_role("button", name="Envoyer ma demande").click()
    # Bad input: a French message next to the field, the rest kept.
    expect(page.locator("#id_household_size_error")).to_have_text("Le ménage compte entre 1 et 20 personnes.")
    expect(field(page, "Nom")).to_have_value("Girod")
    field(page, "Nombre de personnes").fill("2")
    page.wait_for_timeout(4500)
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_role("heading", name="Votre demande est envoyée")).to_be_visible()
    dossier = Dossier.objects.get()
    expect(page.get_by_text(dossier.reference)).to_be_visible()
    assert dossier.channel == "self" and dossier.household_size == 2
    assert [m.to for m in mail.outbox] == [["lucie.girod@example.org"]]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
