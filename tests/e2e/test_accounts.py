"""Accounts in Chromium: an invitation to a first login with the second factor, a forgotten password, a change."""

import re

import pytest
from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from binome.accounts.models import Membership, Role, User
from tests.e2e.conftest import PASSWORD, login


pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Une phrase de passe neuve 2026"


def field(page, label):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def code(device) -> str:
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def link_in(message, path) -> str:
    return re.search(rf"https?://\S+({re.escape(path)}\S+/)", message.body).group(1)


def test_invitation_then_password_then_second_factor(browser, page, live_server, world, settings):
    settings.OTP_REQUIRED = True
    settings.SITE_URL = live_server.url
    device = TOTPDevice.objects.create(user=world.admin, name="application", confirmed=True)

    # The programme's administrator logs in with his code and invites a coordinator.
    login(page, live_server, world.admin)
    expect(page.get_by_role("heading", name="Double authentification")).to_be_visible()
    page.get_by_label("Code à 6 chiffres").fill(code(device))
    page.get_by_role("button", name="Valider").click()
    page.goto(f"{live_server.url}/administration/accounts/user/add/")
    expect(page.get_by_role("heading", name="Inviter une personne")).to_be_visible()
    page.fill("#id_email", "nadia.nouvelle@example.org")
    page.fill("#id_first_name", "Nadia")
    page.fill("#id_last_name", "Nouvelle")
    page.select_option("#id_role", value=Role.COORDINATOR)
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("L'invitation est envoyée")).to_be_visible()
    expect(page.locator("#result_list")).to_contain_text("nadia.nouvelle@example.org")  # listed, not vanished

    invitation = next(m for m in mail.outbox if m.to == ["nadia.nouvelle@example.org"])
    context = browser.new_context(locale="fr-FR")
    newcomer = context.new_page()
    newcomer.goto(live_server.url + link_in(invitation, "/compte/invitation/"))
    expect(newcomer.get_by_role("heading", name="Bienvenue sur Binôme")).to_be_visible()
    newcomer.get_by_label(re.compile(r"^Nouveau mot de passe( \*)?$")).fill(NEW_PASSWORD)
    newcomer.get_by_label("Confirmation du nouveau mot de passe").fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name="Enregistrer mon mot de passe").click()
    expect(newcomer.get_by_text("Votre mot de passe est enregistré")).to_be_visible()

    # First login: the coordinator's role reads household data, so she enrols an authenticator application.
    newcomer.fill("input[name=username]", "nadia.nouvelle@example.org")
    newcomer.fill("input[name=password]", NEW_PASSWORD)
    newcomer.click("button[type=submit]")
    expect(newcomer.get_by_role("heading", name="Activer la double authentification")).to_be_visible()
    expect(newcomer.locator(".qr svg")).to_be_visible()
    user = User.objects.get(email="nadia.nouvelle@example.org")
    pending = TOTPDevice.objects.get(user=user, confirmed=False)
    newcomer.get_by_label("Code à 6 chiffres").fill(code(pending))
    newcomer.get_by_role("button", name="Activer").click()
    expect(newcomer.get_by_role("heading", name="Vos codes de secours")).to_be_visible()
    expect(newcomer.locator(".recovery-codes li")).to_have_count(10)
    newcomer.get_by_role("link", name="J'ai noté mes codes, continuer").click()
    expect(newcomer.get_by_role("link", name="Dossiers")).to_be_visible()
    assert Membership.objects.filter(user=user, role=Role.COORDINATOR, programme=world.programme).exists()
    context.close()


def test_forgotten_password(page, live_server, world):
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    field(page, "Adresse électronique").fill(world.referrer.email)
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page.get_by_role("heading", name="Consultez votre messagerie")).to_be_visible()
    (message,) = mail.outbox
    page.goto(live_server.url + link_in(message, "/compte/mot-de-passe/nouveau/"))
    page.get_by_label(re.compile(r"^Nouveau mot de passe( \*)?$")).fill(NEW_PASSWORD)
    page.get_by_label("Confirmation du nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le nouveau mot de passe").click()
    expect(page.get_by_role("heading", name="Mot de passe changé")).to_be_visible()
    page.get_by_role("link", name="Se connecter").click()
    login(page, live_server, world.referrer, password=NEW_PASSWORD)
    expect(page.get_by_role("link", name="Mes demandes")).to_be_visible()


def test_password_change(page, live_server, world):
    login(page, live_server, world.advisor)
    page.locator("a.user-menu__name").click()
    expect(page.get_by_role("heading", name="Mon compte")).to_be_visible()
    page.get_by_role("link", name="Changer de mot de passe").click()
    page.get_by_label("Ancien mot de passe").fill(PASSWORD)
    page.get_by_label(re.compile(r"^Nouveau mot de passe( \*)?$")).fill(NEW_PASSWORD)
    page.get_by_label("Confirmation du nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Changer le mot de passe").click()
    expect(page.get_by_text("vous restez connecté")).to_be_visible()
    world.advisor.refresh_from_db()
    assert world.advisor.check_password(NEW_PASSWORD)


def test_a_referrer_is_invited_with_an_organisation_found_by_typing(page, live_server, world):
    """The programme's hundreds of organisations are not listed: the administrator types, the programme's own
    are offered (not another programme's), the one chosen is the referrer's."""
    login(page, live_server, world.admin)
    page.goto(f"{live_server.url}/administration/accounts/user/add/")
    page.fill("#id_email", "rene.referent@example.org")
    page.fill("#id_first_name", "René")
    page.fill("#id_last_name", "Référent")
    page.select_option("#id_role", value=Role.REFERRER)
    page.locator(".field-organisation .select2-selection").click()
    page.locator(".select2-search__field").fill("CCAS")
    offered = page.locator(".select2-results__option")
    expect(offered).to_have_text(["CCAS de Dole"])  # not « CCAS d'ailleurs », another programme's
    offered.first.click()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("L'invitation est envoyée")).to_be_visible()
    membership = Membership.objects.get(user__email="rene.referent@example.org")
    assert (membership.role, membership.organisation) == (Role.REFERRER, world.ccas)
