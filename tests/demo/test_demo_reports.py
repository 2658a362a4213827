"""The demo's comptes-rendus: sent through the real services, with all three documents where consent was given;
no landlord sheet of the demo holds anything of its household."""

import subprocess

import pytest

from binome.cases.workflow import State
from binome.diagnosis.models import DiagnosisSection
from binome.reports import documents
from binome.reports.models import Dispatch, Document, DocumentKind


pytestmark = pytest.mark.shared_data


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def household_secrets(dossier) -> list[str]:
    """What the landlord must never read: income, RFR, debts, composition, the social synthesis, the name."""
    data = {s.key: s.data for s in DiagnosisSection.objects.filter(dossier=dossier)}
    secrets = [dossier.last_name.upper(), dossier.phone]
    for row in (data.get("resources") or {}).get("rows", []):
        amount = int(float(row["amount"]))
        secrets += [f"{amount} €", f"{amount:,}".replace(",", "\u202f"), f"{amount * 12:,}".replace(",", " ")]
    rfr = (data.get("household") or {}).get("rfr")
    if rfr:
        secrets.append(f"{int(float(rfr)):,}".replace(",", " "))
    debt = (data.get("charges") or {}).get("energy_debt")
    if debt and float(debt):
        secrets.append(f"{int(float(debt))} €")
    texts = dict(dossier.report.sections.values_list("key", "text"))
    secrets += [line for key in ("family_synthesis", "situation") for line in texts.get(key, "").splitlines() if line]
    return secrets


def test_sent_dossiers_hold_their_documents_and_no_landlord_sheet_tells_of_its_household(programme, today):
    sent = programme.dossiers.filter(state__in=[State.SENT, State.CLOSED], created_at__year=today.year)
    with_landlord = 0
    for dossier in sent:
        kinds = set(Document.objects.filter(dossier=dossier).values_list("kind", flat=True))
        assert DocumentKind.FAMILY in kinds
        assert (DocumentKind.REFERRER in kinds) == dossier.share_with_referrer
        has_consent = dossier.report_consents.exists()
        assert (DocumentKind.LANDLORD in kinds) == has_consent
        with_landlord += has_consent
    assert with_landlord >= 2
    assert not Dispatch.objects.exclude(status="sent").exists()
    # One demo load for both checks (it takes a while): no landlord sheet holds anything of its household.
    sheets = Document.objects.filter(dossier__programme=programme, kind=DocumentKind.LANDLORD).select_related(
        "dossier"
    )
    checked = 0
    for document in sheets:
        text = pdf_text(documents.read(document))
        for secret in household_secrets(document.dossier):
            assert secret not in text, (document.dossier.reference, secret)
        for word in ("revenu", "dette", "enfant", "personnes", "Synthèse famille"):
            assert word not in text.lower(), (document.dossier.reference, word)
        checked += 1
    assert checked >= 2
