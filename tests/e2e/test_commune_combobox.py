"""The commune field of the referral form: a searchable combobox by keyboard, a plain select without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from binome.cases.models import Dossier
from tests.e2e.conftest import login
from tests.factories import CommuneFactory


pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def communes(world):
    unite = world.commune.unite
    return {
        name: CommuneFactory(unite=unite, name=name, insee_code=code)
        for name, code in (
            ("Lons-le-Saunier", "39300"),
            ("Montmorot", "39367"),
            ("Saint-Claude", "39478"),
            ("Écrille", "39206"),
        )
    }


def combobox(page):
    return page.get_by_role("combobox", name=re.compile("^Commune"))


def listbox(page):
    return page.get_by_role("listbox", name=re.compile("^Commune"))


def fill_the_rest(page):
    page.get_by_label(re.compile(r"^Nom( \*)?$")).fill("Lambert")
    page.get_by_label(re.compile(r"^Téléphone( \*)?$")).fill("03 84 12 34 56")
    page.get_by_label(re.compile(r"^Adresse( \*)?$")).fill("3 rue des Arènes")
    page.get_by_label(re.compile(r"^Statut d'occupation( \*)?$")).select_option(index=1)
    page.get_by_label(re.compile(r"^Nombre de personnes( \*)?$")).fill("2")
    page.get_by_label("factures élevées").check()
    page.get_by_label(re.compile("accepte d'être contacté")).check()


def test_typing_lons_finds_lons_le_saunier_by_keyboard(page, live_server, world, communes):
    login(page, live_server, world.referrer)
    page.goto(f"{live_server.url}/demandes/nouvelle/")
    box = combobox(page)
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(page.locator("select[name=commune]")).to_be_hidden()
    # Keyboard only, from the field before: Tab lands on the combobox.
    page.get_by_label(re.compile(r"^Adresse( \*)?$")).focus()
    page.keyboard.press("Tab")
    expect(box).to_be_focused()
    page.keyboard.type("lons")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(listbox(page).get_by_role("option")).to_have_text([re.compile("^Lons-le-Saunier")])
    # Accents and case do not matter, and any word of the name matches.
    box.fill("ecri")
    expect(listbox(page).get_by_role("option")).to_have_text([re.compile("^Écrille")])
    box.fill("claude")
    expect(listbox(page).get_by_role("option")).to_have_text([re.compile("^Saint-Claude")])
    # Escape closes the list, a second Escape clears the text.
    page.keyboard.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Escape")
    expect(box).to_have_value("")
    # Arrows move through the options (announced by aria-activedescendant), Enter chooses.
    page.keyboard.type("Lo")
    page.keyboard.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    expect(page.locator(f"#{active}")).to_have_text(re.compile("^Lons-le-Saunier"))
    expect(page.locator(f"#{active}")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(box).to_have_value(re.compile("^Lons-le-Saunier"))
    expect(page.locator("select[name=commune]")).to_have_value(str(communes["Lons-le-Saunier"].pk))
    # Enter chose the commune; it did not send the form.
    assert not Dossier.objects.exists()
    fill_the_rest(page)
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.locator(".message--success")).to_be_visible()
    assert Dossier.objects.get().commune == communes["Lons-le-Saunier"]


def test_text_naming_no_commune_is_refused_and_the_rest_kept(page, live_server, world, communes):
    login(page, live_server, world.referrer)
    page.goto(f"{live_server.url}/demandes/nouvelle/")
    fill_the_rest(page)
    combobox(page).fill("Lons-le-Saunier (39100)")
    page.keyboard.press("Tab")
    expect(page.locator("select[name=commune]")).to_have_value(str(communes["Lons-le-Saunier"].pk))
    combobox(page).fill("Paris")
    expect(listbox(page)).to_be_hidden()
    page.keyboard.press("Tab")
    expect(page.locator("select[name=commune]")).to_have_value("")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.locator(".field--error")).to_contain_text("Commune")
    expect(page.get_by_label(re.compile(r"^Nom( \*)?$"))).to_have_value("Lambert")
    assert not Dossier.objects.exists()


def test_without_javascript_it_is_a_plain_select(browser, live_server, world, communes):
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="fr-FR", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        login(page, live_server, world.referrer)
        page.goto(f"{live_server.url}/demandes/nouvelle/")
        expect(page.get_by_role("combobox", name=re.compile("^Commune"))).to_have_js_property("tagName", "SELECT")
        page.get_by_label(re.compile(r"^Commune( \*)?$")).select_option(value=str(communes["Montmorot"].pk))
        fill_the_rest(page)
        page.get_by_role("button", name="Envoyer la demande").click()
        expect(page.locator(".message--success")).to_be_visible()
        assert Dossier.objects.get().commune == communes["Montmorot"]
    finally:
        context.close()
