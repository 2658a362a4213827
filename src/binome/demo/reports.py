"""The demo's comptes-rendus: written, submitted, validated and sent through the real services, as the demo users
would, on the days of the dossiers' stories.

``prepare_reports_demo`` gives the programme its contact details and report settings before the stories play;
the story steps call ``write_report``, ``approve_report`` and ``send_family_copy``. This year's sent dossiers also
send the referrer's report (when the household agreed) and the landlord's sheet (when it gave its consent), so the
demo holds all three documents.
"""

import datetime as dt

from django.utils import timezone

from binome.accounts.models import Role
from binome.cases.models import Dossier
from binome.reports import dispatch, editing, versions
from binome.reports.defaults import ensure_defaults
from binome.reports.models import Channel, ConsentMethod, Recipient, ReportSection, ReportVersion
from binome.territory.models import Programme


CONTACT = {
    "contact_phone": "03 84 00 00 00",
    "contact_email": "slime@demo.binome.fr",
    "contact_address": "Conseil départemental du Jura — SLIME\n17 rue Rouget de Lisle\n39000 Lons-le-Saunier",
    "contact_hours": "du lundi au vendredi, 9 h – 12 h et 14 h – 17 h",
}
GESTURES = (
    "Chauffer le séjour à 19 °C et les chambres à 17 °C : chaque degré en moins fait baisser la facture "
    "d'environ 7 %.\n"
    "Aérer chaque pièce 5 à 10 minutes par jour, chauffage coupé.\n"
    "Éteindre les appareils en veille avec la multiprise à interrupteur."
)
TECHNICAL_SYNTHESIS = (
    "Priorités pour ce logement : isoler les combles, remettre en état la ventilation pour faire disparaître "
    "l'humidité, puis installer une programmation du chauffage pièce par pièce."
)
REFERRER_SUMMARY_END = "Nous vous remercions d'accompagner le ménage dans la demande d'aide proposée."
# When a demo dossier has no diagnosis filled (a story played without it), its drafts are empty: the binôme writes.
FALLBACK = {
    "family_synthesis": "Des gestes simples et le matériel posé peuvent baisser vos factures dès cet hiver.",
    "situation": "Vous nous avez parlé de factures en hausse et d'un logement difficile à chauffer.",
    "dwelling": "Maison individuelle ancienne, chauffage électrique par convecteurs.",
    "findings": "Combles sans isolant visible ; fenêtres en simple vitrage.",
    "next_steps": "La coordinatrice du SLIME vous appellera dans un mois pour faire le point sur vos démarches.",
    "referrer_summary": "Visite réalisée ; matériel d'économie d'énergie posé.",
}


def prepare_reports_demo(programme) -> None:
    Programme.objects.filter(pk=programme.pk).update(**CONTACT)
    for field, value in CONTACT.items():
        setattr(programme, field, value)
    ensure_defaults(programme)


def write_report(dossier, users, *, complete: bool, at: dt.datetime) -> None:
    """The binôme completes the drafts: the coordinator the family's sections, the advisor the technical ones."""
    report = editing.open_report(dossier)
    texts = dict(report.sections.values_list("key", "text"))
    written = {key: text for key, text in FALLBACK.items() if not (texts.get(key) or "").strip()}
    written["gestures"] = GESTURES
    if complete:
        written["technical_synthesis"] = TECHNICAL_SYNTHESIS
        written["referrer_summary"] = f"{texts.get('referrer_summary', '')}\n{REFERRER_SUMMARY_END}".strip()
    for key, text in written.items():
        author = users.advisor if key == "technical_synthesis" else users.coordinator
        ReportSection.objects.filter(report=report, key=key).update(text=text, updated_by=author, updated_at=at)


def approve_report(dossier, user, role, *, at: dt.datetime) -> None:
    report = dossier.report
    version = versions.latest_version(report)
    # The version was frozen on the day of its submission (the demo plays past days).
    submitted = dossier.events.filter(transition="submit_for_validation").order_by("-at").first()
    ReportVersion.objects.filter(pk=version.pk).update(submitted_at=submitted.at)
    # Drawn from the reference, not the pk: the same dossiers get an opinion on every load.
    opinion = role == Role.CHEF_SERVICE and int(dossier.reference[-4:]) % 3 == 0
    versions.decide(
        dossier,
        user,
        {role},
        decision="opinion" if opinion else "approved",
        text="Orientation vers France Rénov' à confirmer après le passage du bailleur." if opinion else "",
        version_number=version.number,
        at=at,
    )


def send_family_copy(dossier, coordinator, *, at: dt.datetime) -> None:
    """The household's copy by post; this year's dossiers also send the referrer's and the landlord's documents."""
    _email, postal = dispatch.default_address(dossier, Recipient.FAMILY)
    dispatch.dispatch(
        dossier, recipient=Recipient.FAMILY, channel=Channel.POST, address=postal, user=coordinator, at=at
    )
    if at.year < timezone.localdate().year:
        return
    if dossier.share_with_referrer:
        email, postal = dispatch.default_address(dossier, Recipient.REFERRER)
        dispatch.dispatch(
            dossier, recipient=Recipient.REFERRER, channel=Channel.POST, address=postal, user=coordinator, at=at
        )
    if dossier.tenure != "owner":
        # This year's tenants agreed at the visit that the technical sheet goes to their landlord.
        Dossier.objects.filter(pk=dossier.pk).update(share_with_landlord=True)
        given = timezone.localtime(at).date() - dt.timedelta(days=20)
        dispatch.record_consent(dossier, given_on=given, method=ConsentMethod.ORAL_AT_VISIT, user=coordinator)
        address = dossier.landlord or "Bailleur du logement (adresse à compléter)"
        dispatch.dispatch(
            dossier, recipient=Recipient.LANDLORD, channel=Channel.POST, address=address, user=coordinator, at=at
        )
