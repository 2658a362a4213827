"""Documents rendered from the frozen version and kept with their hash; dispatch limited by consent; "sent" means
sent; failed e-mails retried then shown as failed."""

import datetime as dt
import subprocess

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from binome.accounts.models import Role
from binome.cases import transitions
from binome.cases.workflow import State
from binome.reports import dispatch, documents, editing, versions
from binome.reports.models import Dispatch, DispatchStatus, Document, DocumentKind, Recipient


COORD = {Role.COORDINATOR}


@pytest.fixture
def approved(review, world):
    transitions.apply(review, "submit_for_validation", user=world.coordinator, roles=COORD)
    for user, role in ((world.chef_mission, Role.CHEF_MISSION), (world.chef_service, Role.CHEF_SERVICE)):
        versions.decide(review, user, {role}, decision="approved", text="", version_number=1)
    return review


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def send(dossier, world, recipient="family", channel="post", address="3 rue des Arènes, 39100 Dole"):
    return dispatch.dispatch(dossier, recipient=recipient, channel=channel, address=address, user=world.coordinator)


def test_documents_are_tagged_a4_and_reproducible_byte_for_byte(approved):
    version = versions.latest_version(approved.report)
    for kind in (DocumentKind.FAMILY, DocumentKind.REFERRER, DocumentKind.LANDLORD):
        stored = documents.ensure_document(version, kind)
        again = documents.render_pdf(version, kind)
        assert documents.sha256(again) == stored.sha256 == documents.sha256(documents.read(stored))
        info = subprocess.run(["pdfinfo", "-"], input=again, capture_output=True, check=True).stdout.decode()
        assert "Tagged:          yes" in info and "595.276 x 841.89 pts (A4)" in info


def test_the_landlord_sheet_holds_nothing_of_the_household(approved):
    text = pdf_text(documents.render_pdf(versions.latest_version(approved.report), DocumentKind.LANDLORD))
    assert "Isolation des combles" in text and "Priorité" in text  # the works, ranked
    for secret in (
        "1 300",
        "1300",
        "14 300",
        "780",
        "Synthèse famille.",
        "Le ménage a froid",
        "enfant",
        approved.last_name.upper(),
        approved.phone,
    ):
        assert secret not in text, secret


def test_the_family_report_speaks_to_the_household_with_the_slime_contacts(approved, world):
    world.programme.contact_phone = "03 84 11 22 33"
    world.programme.save()
    editing_version = versions.latest_version(approved.report)
    text = pdf_text(documents.render_pdf(editing_version, DocumentKind.FAMILY))
    assert "Compte-rendu de votre visite à domicile" in text and "L'essentiel pour vous" in text
    assert "Vos démarches" in text and "Et après ?" in text
    # The contact details are those frozen with the version (the programme had none when it was submitted).
    assert "03 84 11 22 33" not in text


def test_the_referrer_report_holds_only_what_is_shared(approved):
    text = pdf_text(documents.render_pdf(versions.latest_version(approved.report), DocumentKind.REFERRER))
    assert "Résumé partagé." in text
    for secret in ("Synthèse famille.", "Le ménage a froid", "Dépense d'énergie élevée.", "1 300"):
        assert secret not in text, secret


def test_a_render_failure_says_so_and_sends_nothing(approved, world, monkeypatch):
    monkeypatch.setitem(documents.TEMPLATES, DocumentKind.FAMILY, "reports/documents/absent.html")
    with pytest.raises(documents.DocumentError, match="n'a pas pu être produit : rien n'a été envoyé"):
        send(approved, world)
    assert not Dispatch.objects.exists() and not Document.objects.exists()
    approved.refresh_from_db()
    assert approved.state == State.IN_VALIDATION


def test_nothing_leaves_before_every_step_approved(review, world):
    transitions.apply(review, "submit_for_validation", user=world.coordinator, roles=COORD)
    with pytest.raises(editing.EditRefused, match="pas encore validé"):
        send(review, world)


def test_consent_limits_the_recipients(approved, world):
    approved.share_with_referrer = False
    approved.save()
    with pytest.raises(editing.EditRefused, match="pas accepté que le compte-rendu soit transmis"):
        send(approved, world, recipient="referrer")
    with pytest.raises(editing.EditRefused, match="accord explicite du ménage"):
        send(approved, world, recipient="landlord", address="SCI des Tilleuls")
    consent = dispatch.record_consent(
        approved, given_on=timezone.localdate(), method="signed_form", user=world.coordinator
    )
    item = send(approved, world, recipient="landlord", address="SCI des Tilleuls")
    assert item.status == DispatchStatus.SENT and item.document.kind == DocumentKind.LANDLORD
    assert consent.given_on == timezone.localdate()
    with pytest.raises(editing.EditRefused, match="dans le futur"):
        dispatch.record_consent(
            approved, given_on=timezone.localdate() + dt.timedelta(days=1), method="phone", user=world.coordinator
        )


def test_posting_the_family_copy_makes_the_dossier_sent_and_tells_the_referrer_exactly_that(
    approved, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = send(approved, world)
    approved.refresh_from_db()
    assert approved.state == State.SENT
    milestone = [m for m in mail.outbox if "compte-rendu envoyé" in m.subject]
    assert len(milestone) == 1
    body = milestone[0].body
    day = date_format(timezone.localtime(item.sent_at), "j F Y")
    assert f"Le compte-rendu de la visite a été envoyé au ménage par courrier le {day}." in body
    assert "disponible sur votre page de suivi" in body  # the household agreed to share with the referrer
    assert approved.last_name not in body and "Synthèse" not in body
    note = approved.events.filter(note__startswith="Envoi fait").get().note
    assert note == (
        f"Envoi fait — compte-rendu du ménage (version 1) pour le ménage : imprimé et envoyé par la poste, "
        f"empreinte {item.document.sha256[:12]}."
    )


def test_an_e_mail_goes_through_the_worker_with_the_pdf(approved, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = send(approved, world, channel="email", address="menage@example.org")
    item.refresh_from_db()
    assert item.status == DispatchStatus.SENT and item.attempts == 1
    message = next(m for m in mail.outbox if m.to == ["menage@example.org"])
    name, data, mime = message.attachments[0]
    assert mime == "application/pdf" and documents.sha256(data) == item.document.sha256
    approved.refresh_from_db()
    assert approved.state == State.SENT


def test_a_failing_e_mail_is_retried_then_shown_as_failed_and_nothing_is_marked_sent(
    approved, world, client, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        item = send(approved, world, channel="email", address="menage@example.org")
    item.refresh_from_db()
    assert (item.status, item.attempts, item.last_error) == (DispatchStatus.FAILED, 3, "ConnectionRefusedError")
    approved.refresh_from_db()
    assert approved.state == State.IN_VALIDATION  # nothing left: not « envoyé »
    client.force_login(world.coordinator)
    page = client.get(reverse("cases:detail", kwargs={"pk": approved.pk})).content.decode()
    assert "Échec de l&#x27;envoi par courriel" in page and "après 3 tentatives" in page


def test_an_invalid_address_is_refused_in_french(approved, world, client):
    client.force_login(world.coordinator)
    url = reverse("reports:dispatch", kwargs={"pk": approved.pk})
    response = client.post(url, {"recipient": "family", "channel": "email", "address": "pas-une-adresse"})
    assert response.status_code == 200
    assert "Cette adresse électronique n&#x27;est pas valide." in response.content.decode()
    assert not Dispatch.objects.exists()


def test_the_referrer_reads_their_report_on_their_page_once_sent(approved, world, client):
    send(approved, world)
    client.force_login(world.referrer)
    response = client.get(reverse("reports:referrer_document", kwargs={"pk": approved.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Résumé partagé." in pdf_text(response.content)
    client.force_login(world.referrer_caf)
    assert client.get(reverse("reports:referrer_document", kwargs={"pk": approved.pk})).status_code == 404


def test_export_writes_every_document_and_the_manifest(approved, world, tmp_path):
    import json

    from django.core.management import call_command

    send(approved, world)
    call_command("export_documents", "jura", "--out", str(tmp_path))
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert [(m["reference"], m["kind"], m["version"]) for m in manifest] == [(approved.reference, "family", 1)]
    entry = manifest[0]
    assert entry["sent_to"][0]["recipient"] == "family" and entry["sent_to"][0]["channel"] == "post"
    data = (tmp_path / approved.reference / "family-v1.pdf").read_bytes()
    assert documents.sha256(data) == entry["sha256"]
    assert Recipient.FAMILY == entry["sent_to"][0]["recipient"]
