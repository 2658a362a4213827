"""The weekly digest e-mailed to the coordinators: stale orientations and the follow-up calls due.

``send`` runs from the ``send_orientation_digest`` command's task, once per programme and ISO week: the
``DigestSent`` row, written in the transaction that sends, makes a second run of the same week send nothing
(and a failed send leaves no row, so the next run sends it). Dossiers appear by reference and commune only.
"""

import datetime as dt
import logging

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accounts.models import Membership, Role
from binome.cases import policies
from binome.orientations.models import DigestSent, FollowUp, FollowUpStatus, OrientationSettings
from binome.orientations.services import stale_orientations
from binome.territory.models import Programme


log = logging.getLogger(__name__)
AHEAD = dt.timedelta(days=7)


def calls_due(programme, today: dt.date) -> list[FollowUp]:
    """Planned follow-up calls due within the coming week (overdue ones included), soonest first."""
    return list(
        FollowUp.objects.filter(
            dossier__programme=programme,
            dossier__state__in=policies.FOLLOW_UP_STATES,
            status=FollowUpStatus.PLANNED,
            due_on__lte=today + AHEAD,
        )
        .select_related("dossier__commune")
        .order_by("due_on", "pk")
    )


def recipients(programme) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(programme=programme, role=Role.COORDINATOR, is_active=True, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def compose(programme, today: dt.date) -> tuple[str, str] | None:
    """Subject and body of the digest, or None when there is nothing to follow this week."""
    stale, due = stale_orientations(programme), calls_due(programme, today)
    if not stale and not due:
        return None
    from binome.orientations.tasks import site_url

    context = {
        "programme": programme,
        "stale": stale,
        "due": due,
        "today": today,
        "weeks": OrientationSettings.for_programme(programme).stale_weeks,
        "url": site_url(reverse("coordination:queue")) + "?etape=orientation",
    }
    subject = _("[%(programme)s] Suivi des orientations : %(stale)s sans nouvelles, %(due)s appel(s) de suivi") % {
        "programme": programme.name,
        "stale": len(stale),
        "due": len(due),
    }
    return subject, render_to_string("orientations/email/digest.txt", context)


def send(programme_id: int, week: str) -> int:
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        return 0
    try:
        with transaction.atomic():
            record = DigestSent.objects.create(programme=programme, week=week)
            message = compose(programme, timezone.localdate())
            to = recipients(programme) if message else []
            for address in to:
                send_mail(message[0], message[1], None, [address])
            record.recipients = len(to)
            record.save(update_fields=["recipients"])
    except IntegrityError:
        log.info("digest of programme %s for %s already sent", programme_id, week)
        return 0
    log.info("digest of programme %s for %s: %d e-mail(s)", programme_id, week, len(to))
    return len(to)
