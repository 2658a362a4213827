"""Background e-mails of the dossier's intake: the alert to the coordinators when the public form is flooded."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from binome.accounts.models import Membership, Role
from binome.cases.public_form import FLOOD_THRESHOLD, WINDOW
from binome.core.tasks import retried_task
from binome.territory.models import Programme


logger = logging.getLogger(__name__)


def _programme(programme_id: int, count: int) -> int:
    return programme_id


@retried_task(label=gettext_lazy("Alerte d'afflux de demandes sur le formulaire public"), programme_of=_programme)
def send_flood_alert(programme_id: int, count: int) -> int:
    """Tell the programme's coordinators that the public form receives far more requests than usual."""
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        return 0
    emails = sorted(
        set(
            Membership.objects.filter(
                programme=programme, role=Role.COORDINATOR, is_active=True, user__is_active=True
            ).values_list("user__email", flat=True)
        )
        - {""}
    )
    if not emails:
        return 0
    context = {
        "programme": programme,
        "count": count,
        "threshold": FLOOD_THRESHOLD,
        "minutes": WINDOW // 60,
        "url": settings.SITE_URL.rstrip("/") + reverse("coordination:queue"),
    }
    send_mail(
        _("[%(programme)s] Afflux inhabituel de demandes sur le formulaire public") % {"programme": programme.name},
        render_to_string("cases/email/flood_alert.txt", context),
        None,
        emails,
    )
    logger.info("flood alert sent for programme %s", programme.pk)
    return len(emails)
