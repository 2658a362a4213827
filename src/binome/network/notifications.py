"""E-mails to the donneur d'alerte (and to a self-referring household) at each milestone of a request.

Referrers keep referring only while the SLIME answers them. Each milestone of the dossier's timeline
(received, to be contacted, visit booked, visit done, report sent, closed, waiting list, early end)
sends one short e-mail. The mails carry the dossier's reference and a link, never the household's
name, address or social situation; the report summary is not mailed (it is on the referrer's page,
and only with the household's consent).

Sending goes through Django's tasks framework (``send_milestone``, retried by ``core.tasks``): the task
stores nothing but ids, so the queue holds no personal data. A household's address (given on the public
form, so possibly somebody else's) receives at most ``HOUSEHOLD_MAILS_PER_DAY`` e-mails a day. The steps
arrive through ``cases.chain`` listeners (``network.chain``), after the commit of the transaction that
recorded them.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from binome.cases.workflow import State
from binome.core.tasks import retried_task


logger = logging.getLogger(__name__)

RECEIVED = "received"

# Milestone → (subject, sentence). {ref} is the dossier reference, {visit} the visit date when known.
MILESTONES = {
    RECEIVED: (_("Demande {ref} bien reçue"), _("Le SLIME a bien reçu votre demande {ref}. Elle va être étudiée.")),
    State.TO_CONTACT: (
        _("Demande {ref} : le ménage va être contacté"),
        _("La demande {ref} a été acceptée : la coordinatrice va appeler le ménage pour convenir d'une visite."),
    ),
    State.WAITING_LIST: (
        _("Demande {ref} : liste d'attente"),
        _(
            "La demande {ref} est sur liste d'attente : le secteur n'est pas couvert cette année. "
            "Le SLIME vous préviendra dès qu'une visite sera possible."
        ),
    ),
    State.DEFERRED: (
        _("Demande {ref} : reportée à l'an prochain"),
        _("La demande {ref} est reportée à l'an prochain, quand le secteur sera couvert."),
    ),
    State.SCHEDULED: (
        _("Demande {ref} : visite programmée"),
        _("La visite à domicile pour la demande {ref} est prévue {visit}."),
    ),
    State.VISITED: (
        _("Demande {ref} : visite réalisée"),
        _("La visite pour la demande {ref} a eu lieu. Le compte-rendu et les orientations sont en préparation."),
    ),
    # {sent}: what the reports app recorded when the household's copy actually left (how and when, and whether
    # the referrer's own report is on their page), nothing more.
    State.SENT: (_("Demande {ref} : compte-rendu envoyé"), _("Demande {ref}. {sent}")),
    State.CLOSED: (
        _("Demande {ref} : accompagnement terminé"),
        _(
            "L'accompagnement du ménage pour la demande {ref} est terminé : le SLIME a suivi ses démarches et l'a "
            "rappelé après la visite. Ce que le ménage a accepté de vous partager est sur votre page."
        ),
    ),
    State.WITHDRAWN: (_("Demande {ref} : désistement"), _("Le ménage a renoncé à la visite (demande {ref}).")),
    State.UNREACHABLE: (
        _("Demande {ref} : ménage injoignable"),
        _("Le SLIME n'a pas réussi à joindre le ménage (demande {ref}). Si vous le revoyez, invitez-le à rappeler."),
    ),
    State.NOT_ELIGIBLE: (
        _("Demande {ref} : hors critères"),
        _("La demande {ref} ne correspond pas aux critères du SLIME. La coordinatrice peut vous en dire plus."),
    ),
    State.REDIRECTED: (
        _("Demande {ref} : réorientée"),
        _("La demande {ref} a été réorientée vers un dispositif plus adapté."),
    ),
}


@dataclass(frozen=True)
class Recipient:
    email: str
    kind: str  # "referrer", "organisation" or "household"


def recipients(dossier) -> list[Recipient]:
    """Who hears about this dossier: its referrer if still posted at its organisation, else the organisation.

    A referrer who moved elsewhere no longer sees the dossier, so the organisation's address is used.
    A self-referring household hears about its own request at the address it gave.
    """
    from binome.accounts.models import Membership, Role

    if dossier.channel == "self":
        return [Recipient(dossier.email, "household")] if dossier.email and dossier.consent_contact else []
    found = []
    if dossier.referrer_id and dossier.referrer.is_active and dossier.referrer.email:
        still_there = Membership.objects.filter(
            user_id=dossier.referrer_id,
            programme_id=dossier.programme_id,
            role=Role.REFERRER,
            organisation_id=dossier.organisation_id,
            is_active=True,
        ).exists()
        if still_there:
            found.append(Recipient(dossier.referrer.email, "referrer"))
    if not found and dossier.organisation_id and dossier.organisation.email:
        found.append(Recipient(dossier.organisation.email, "organisation"))
    return found


def _visit_text(dossier) -> str:
    visit = dossier.visits.filter(status__in=["planned", "done"]).order_by("-starts_at").first()
    if visit is None:
        return str(_("prochainement"))
    return str(_("le %(date)s")) % {"date": date_format(timezone.localtime(visit.starts_at), "l j F Y à H:i")}


def _sent_text(event_id: int | None) -> str:
    """The note of the step to "sent", written by the reports app when the household's copy left."""
    from binome.cases.models import DossierEvent

    note = DossierEvent.objects.filter(pk=event_id).values_list("note", flat=True).first() if event_id else None
    return note or str(_("Le compte-rendu de la visite a été envoyé au ménage."))


def compose(dossier, milestone: str, recipient: Recipient, event_id: int | None = None) -> tuple[str, str]:
    subject, sentence = (str(text) for text in MILESTONES[milestone])
    values = {
        "ref": dossier.reference,
        "visit": _visit_text(dossier) if milestone == State.SCHEDULED else "",
        "sent": _sent_text(event_id) if milestone == State.SENT else "",
    }
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    link = ""
    if recipient.kind != "household":
        link = base + reverse("cases:detail", kwargs={"pk": dossier.pk})
    body = render_to_string(
        "network/email/milestone.txt",
        {
            "sentence": sentence.format(**values),
            "link": link,
            "programme": dossier.programme,
            "recipient": recipient,
            "reference": dossier.reference,
        },
    )
    return f"[{dossier.programme.name}] " + subject.format(**values), body


HOUSEHOLD_MAILS_PER_DAY = 3  # e-mails to one household address a day: the public form names any address


def _household_mail_allowed(email: str) -> bool:
    """Count one e-mail to a household address; False past the daily cap (an attacker's victim is not spammed).
    The cache key holds a hash, never the address; a cache outage lets the e-mail go."""
    key = "milestone-mail:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    try:
        cache.add(key, 0, 24 * 3600)
        return cache.incr(key) <= HOUSEHOLD_MAILS_PER_DAY
    except Exception:  # noqa: BLE001 - any cache outage
        return True


def _milestone_dossier(dossier_pk: int, milestone: str, event_id: int | None = None) -> int:
    return dossier_pk


@retried_task(label=_("E-mail d'étape au donneur d'alerte ou au ménage"), dossier_of=_milestone_dossier)
def send_milestone(dossier_pk: int, milestone: str, event_id: int | None = None) -> int:
    """Send the milestone e-mail(s) of a dossier; returns the number of e-mails sent."""
    from binome.cases.models import Dossier

    dossier = Dossier.objects.select_related("programme", "referrer", "organisation").filter(pk=dossier_pk).first()
    if dossier is None or milestone not in MILESTONES:
        return 0
    sent = 0
    for recipient in recipients(dossier):
        if recipient.kind == "household" and not _household_mail_allowed(recipient.email):
            logger.info("milestone %s of dossier %s: household address over its daily cap", milestone, dossier.pk)
            continue
        subject, body = compose(dossier, milestone, recipient, event_id)
        sent += send_mail(subject, body, None, [recipient.email])
    # Ids only in the logs: the dossier prints as its reference.
    logger.info("milestone %s of dossier %s: %d e-mail(s)", milestone, dossier.pk, sent)
    return sent


def on_step(event) -> None:
    """A step of the dossier's chain was committed: e-mail its milestone, if it is one."""
    if event.is_history:
        return
    milestone = RECEIVED if event.name == RECEIVED else event.to_state
    if milestone in MILESTONES:
        send_milestone.enqueue(event.dossier_id, str(milestone), event.event_id)
