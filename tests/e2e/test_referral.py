"""The demo CCAS referrer sends a request from a tablet, follows it and receives the milestone e-mails."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from binome.accounts.models import Role, User
from binome.cases import transitions
from binome.cases.models import Dossier
from binome.demo import loader as demo
from binome.visits.models import Visit


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.shared_data(settings.JURA_DATA_DIR / "communes-39.json"),
]


def field(page, label):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def test_demo_ccas_referrer_sends_and_follows_a_request(page, live_server):
    programme = demo.load_demo()
    referrer = User.objects.get(email=f"donneur.ccas@{demo.DEMO_DOMAIN}")
    coordinator = User.objects.get(email=f"coordinatrice@{demo.DEMO_DOMAIN}")
    # A commune of a UT covered this year, so that the coordinator may book the visit.
    open_ut = demo.coverage_half(timezone.localdate().year)[0]
    commune = programme.communes.filter(unite__name=open_ut, population__gte=1000).order_by("insee_code").first()
    assert page.viewport_size == {"width": 1024, "height": 768}

    # Log in as the demo CCAS referrer and open the fiche from the menu.
    page.goto(f"{live_server.url}/connexion/")
    page.fill("input[name=username]", referrer.email)
    page.fill("input[name=password]", demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.get_by_role("link", name="Nouvelle demande", exact=True).click()
    expect(page.get_by_role("heading", name="Fiche de demande d'intervention")).to_be_visible()

    field(page, "Nom").fill("Vuillermoz")
    field(page, "Prénom").fill("Jeanne")
    field(page, "Téléphone").fill("03 84 72 10 20")
    field(page, "Adresse").fill("14 rue des Arènes")
    page.get_by_role("combobox", name=re.compile("^Commune")).fill(str(commune))
    page.keyboard.press("Tab")  # the combobox settles on the commune whose whole name was typed
    expect(page.locator("select[name=commune]")).to_have_value(str(commune.pk))
    field(page, "Statut d'occupation").select_option(value="private_tenant")
    field(page, "Propriétaire ou bailleur").fill("M. Durand (bailleur privé)")
    field(page, "Nombre de personnes").fill("3")
    field(page, "Revenus du ménage").select_option(value="tres_modeste")
    page.get_by_label("sensation de froid").check()
    page.get_by_label("humidité, moisissures").check()
    field(page, "Situation décrite").fill("Moisissures dans la chambre des enfants, chauffage d'appoint au pétrole.")
    # What is typed is autosaved while the referrer is still with the household.
    expect(page.locator("#draft-status")).to_contain_text("Brouillon enregistré", timeout=10_000)
    field(page, "Le ménage a été informé de la demande et accepte d'être contacté par le SLIME.").check()
    field(page, "Le ménage accepte que le résumé du compte-rendu soit transmis au donneur d'alerte.").check()
    page.get_by_role("button", name="Envoyer la demande").click()

    expect(page.locator(".message--success")).to_contain_text("enregistrée. Le SLIME va contacter le ménage.")
    dossier = Dossier.objects.get(last_name="Vuillermoz")
    assert (dossier.organisation.name, dossier.referrer, dossier.source_family) == (
        "CCAS de Dole",
        referrer,
        "partner_social",
    )
    assert [m.to for m in mail.outbox] == [[referrer.email]]
    assert f"Demande {dossier.reference} bien reçue" in mail.outbox[0].subject

    # The coordinator accepts it and books the visit; the referrer hears of each step.
    transitions.apply(dossier, "accept", user=coordinator, roles={Role.COORDINATOR})
    starts = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=9), dt.time(14)))
    advisor = User.objects.get(email=f"conseiller@{demo.DEMO_DOMAIN}")
    Visit.objects.create(dossier=dossier, starts_at=starts, advisor=advisor, coordinator=coordinator)
    transitions.apply(dossier, "schedule", user=coordinator, roles={Role.COORDINATOR})
    to_referrer = [m for m in mail.outbox if m.to == [referrer.email]]
    subjects = [m.subject for m in to_referrer]
    assert len(subjects) == 3
    assert "le ménage va être contacté" in subjects[1] and "visite programmée" in subjects[2]
    assert f"{starts:%Y}" in to_referrer[2].body
    # The energy advisor got the preparation note of the same step; no e-mail names the household.
    assert [m.to for m in mail.outbox if m not in to_referrer] == [[advisor.email]]
    assert all("Vuillermoz" not in m.body and "Arènes" not in m.body for m in mail.outbox)

    # The referrer follows it on their page.
    page.get_by_role("link", name="Mes demandes", exact=True).click()
    row = page.get_by_role("row").filter(has_text=dossier.reference)
    expect(row).to_contain_text("Visite programmée")
    expect(row).to_contain_text(f"{starts:%d/%m/%Y}")
    row.get_by_role("link", name=dossier.reference).click()
    expect(page.get_by_role("heading", name="Où en est la demande ?")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("À contacter")
    expect(page.locator(".timeline")).to_contain_text("Visite programmée")
    expect(page.get_by_text("Visite prévue le")).to_be_visible()
    # Nothing of the diagnosis or of the calls is shown to the referrer.
    expect(page.get_by_text("Noter un appel")).to_have_count(0)
    # Tablet width: the page does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
