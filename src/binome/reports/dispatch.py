"""Sending the documents of an approved version: to whom, how, and only with the household's consent.

For each recipient the coordinator chooses e-mail (the PDF goes through the task worker, retried with a growing
delay, shown as failed after the last attempt) or « imprimé et posté » (recorded as sent when the coordinator
declares it). Nothing is marked sent that was not sent. The dossier becomes « compte-rendu envoyé » when the
family's copy has actually left, and the referrer's milestone e-mail says how and when, nothing more.
Every dispatch is logged on the dossier's timeline: recipient, channel, version, hash, who, when.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from binome.accounts.models import Role
from binome.cases import transitions
from binome.cases.models import EventKind
from binome.core import memo
from binome.reports import documents, versions
from binome.reports.editing import EditRefused
from binome.reports.models import (
    Channel,
    Consent,
    Dispatch,
    DispatchStatus,
    DocumentKind,
    Recipient,
    ReportVersion,
)


logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
FIRST_DELAY = dt.timedelta(minutes=5)  # then 20 minutes: each retry waits four times longer
KIND_OF = {
    Recipient.FAMILY: DocumentKind.FAMILY,
    Recipient.REFERRER: DocumentKind.REFERRER,
    Recipient.LANDLORD: DocumentKind.LANDLORD,
}


def retry_delay(attempts: int) -> dt.timedelta:
    return FIRST_DELAY * (4 ** max(attempts - 1, 0))


def landlord_consent(dossier) -> Consent | None:
    """The household's consent in force for the landlord's sheet (read once per page, with who recorded it)."""
    return memo.once(
        ("landlord-consent", dossier.pk),
        lambda: (
            Consent.objects.filter(dossier=dossier, recipient=Recipient.LANDLORD, withdrawn_at__isnull=True)
            .select_related("recorded_by")
            .first()
        ),
    )


def allowed(dossier, recipient: str) -> str | None:
    """Why ``recipient`` may not receive the report (None when they may)."""
    if recipient == Recipient.REFERRER and not dossier.share_with_referrer:
        return _("Le ménage n'a pas accepté que le compte-rendu soit transmis au donneur d'alerte.")
    if recipient == Recipient.LANDLORD and landlord_consent(dossier) is None:
        return _(
            "La fiche technique ne part au bailleur qu'avec l'accord explicite du ménage : enregistrez d'abord sa "
            "date et la façon dont il a été donné."
        )
    return None


def default_address(dossier, recipient: str) -> tuple[str, str]:
    """(e-mail, postal address) known for ``recipient``."""
    if recipient == Recipient.FAMILY:
        commune = dossier.commune
        postal = f"{dossier.household_name}\n{dossier.address}\n{(commune.postal_codes or [''])[0]} {commune.name}"
        return dossier.email, postal
    if recipient == Recipient.REFERRER:
        email = dossier.referrer.email if dossier.referrer_id else ""
        if not email and dossier.organisation_id:
            email = dossier.organisation.email
        name = dossier.referrer.get_full_name() if dossier.referrer_id else dossier.referrer_name
        org = dossier.organisation.name if dossier.organisation_id else ""
        return email, "\n".join(part for part in (name, org) if part)
    return "", dossier.landlord


def record_consent(dossier, *, given_on: dt.date, method: str, user) -> Consent:
    if given_on > timezone.localdate():
        raise EditRefused(_("La date de l'accord ne peut pas être dans le futur."))
    return Consent.objects.create(
        dossier=dossier, recipient=Recipient.LANDLORD, given_on=given_on, method=method, recorded_by=user
    )


def approved_version(dossier) -> ReportVersion:
    version = versions.latest_for(dossier)
    if not versions.fully_approved(version):
        raise EditRefused(_("Le compte-rendu n'est pas encore validé par toutes les étapes : rien ne peut partir."))
    return version


def dispatch(dossier, *, recipient: str, channel: str, address: str, user, at=None) -> Dispatch:
    """Send the approved version's document to ``recipient`` by ``channel`` (EditRefused / DocumentError); ``at``
    dates a posted copy recorded afterwards (history), now by default."""
    if reason := allowed(dossier, recipient):
        raise EditRefused(reason)
    address = (address or "").strip()
    if not address:
        raise EditRefused(
            _("Indiquez l'adresse électronique du destinataire.")
            if channel == Channel.EMAIL
            else _("Indiquez l'adresse postale du destinataire.")
        )
    version = approved_version(dossier)
    document = documents.ensure_document(version, KIND_OF[recipient])
    with transaction.atomic():
        item = Dispatch.objects.create(
            document=document,
            recipient=recipient,
            address=address,
            channel=channel,
            created_by=user,
            created_at=at or timezone.now(),
        )
        if channel == Channel.POST:
            item.status, item.sent_at = DispatchStatus.SENT, item.created_at
            item.save(update_fields=["status", "sent_at"])
            _after_sent(item)
        else:
            transaction.on_commit(lambda: send_document.enqueue(item.pk))
    return item


def _log(item: Dispatch, note: str, at=None) -> None:
    transitions.record_event(item.document.dossier, EventKind.NOTE, user=item.created_by, note=note, at=at)


def _describe(item: Dispatch) -> dict:
    return {
        "document": item.document.get_kind_display(),
        "n": item.document.number,
        "recipient": item.get_recipient_display(),
        "channel": item.get_channel_display(),
        "hash": item.document.sha256[:12],
    }


def _after_sent(item: Dispatch) -> None:
    """Log the dispatch; the family's copy having left, the dossier becomes « compte-rendu envoyé »."""
    note = _("Envoi fait — %(document)s (version %(n)s) pour %(recipient)s : %(channel)s, empreinte %(hash)s.")
    _log(item, note % _describe(item), at=item.sent_at)
    version = item.document.version
    if item.recipient != Recipient.FAMILY or version.sent_at is not None:
        return
    ReportVersion.objects.filter(pk=version.pk).update(sent_at=item.sent_at)
    report = version.report
    report.summary_for_referrer = version.content["texts"].get("referrer_summary", "")
    report.save(update_fields=["summary_for_referrer"])
    transitions.apply(
        report.dossier,
        "send_report",
        user=item.created_by,
        roles={Role.COORDINATOR},
        note=milestone_note(item),
        at=item.sent_at,
    )


def milestone_note(item: Dispatch) -> str:
    """What the referrer is told: exactly how and when the household's copy left, and where theirs is."""
    day = date_format(timezone.localtime(item.sent_at), "j F Y")
    if item.channel == Channel.POST:
        sentence = _("Le compte-rendu de la visite a été envoyé au ménage par courrier le %(day)s.") % {"day": day}
    else:
        sentence = _("Le compte-rendu de la visite a été envoyé au ménage par courriel le %(day)s.") % {"day": day}
    if item.document.dossier.share_with_referrer:
        sentence += " " + _("Le retour qui vous est destiné est disponible sur votre page de suivi.")
    return sentence


def family_sent(dossier, user, now) -> bool:
    """Whether the household's copy of the latest version has left (the guard of « send_report »)."""
    return Dispatch.objects.filter(
        document__dossier=dossier, recipient=Recipient.FAMILY, status=DispatchStatus.SENT, created_by=user
    ).exists()


def _email(item: Dispatch) -> EmailMessage:
    dossier = item.document.dossier
    programme = dossier.programme
    body = render_to_string(
        "reports/email/document.txt", {"item": item, "programme": programme, "reference": dossier.reference}
    )
    subject = _("[%(programme)s] %(document)s — dossier %(ref)s") % {
        "programme": programme.name,
        "document": item.document.get_kind_display(),
        "ref": dossier.reference,
    }
    message = EmailMessage(subject, body, None, [item.address])
    message.attach(
        f"{dossier.reference}-{item.document.kind}-v{item.document.number}.pdf",
        documents.read(item.document),
        "application/pdf",
    )
    return message


@task
def send_document(dispatch_pk: int) -> str:
    """E-mail one dispatch's PDF; on failure, try again later, and give up (shown as failed) after the last try."""
    item = Dispatch.objects.select_related("document__dossier__programme", "created_by").filter(pk=dispatch_pk).first()
    if item is None or item.status != DispatchStatus.PENDING:
        return "skipped"
    item.attempts += 1
    try:
        _email(item).send()
    except Exception as exc:  # noqa: BLE001 — any failure of the mail server is retried, then reported
        item.last_error = type(exc).__name__[:200]
        logger.warning("dispatch %s: attempt %s failed (%s)", item.pk, item.attempts, item.last_error)
        if item.attempts >= MAX_ATTEMPTS:
            item.status = DispatchStatus.FAILED
            item.save(update_fields=["attempts", "last_error", "status"])
            _log(
                item,
                _(
                    "Échec de l'envoi par courriel : %(document)s (version %(n)s) à %(recipient)s, après "
                    "%(attempts)s tentatives. Rien n'est parti ; choisissez un autre envoi."
                )
                % {**_describe(item), "attempts": item.attempts},
            )
            return "failed"
        item.save(update_fields=["attempts", "last_error"])
        _retry(item)
        return "retry"
    item.status, item.sent_at = DispatchStatus.SENT, timezone.now()
    item.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    with transaction.atomic():
        _after_sent(item)
    logger.info("dispatch %s sent after %s attempt(s)", item.pk, item.attempts)
    return "sent"


def _retry(item: Dispatch) -> None:
    if send_document.get_backend().supports_defer:
        send_document.using(run_after=timezone.now() + retry_delay(item.attempts)).enqueue(item.pk)
    else:  # the immediate backend (tests, demo) has no clock to wait on: try again at once
        send_document.enqueue(item.pk)
