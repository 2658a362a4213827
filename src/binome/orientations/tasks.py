"""Background work of the orientations (Django's tasks API; immediate in the tests and the demo).

Tasks carry ids only, never household data. E-mails carry no household name: the partner's link opens the
orientation, the digest lists dossier references and communes for the coordinator to open in the application.
Each task is retried, then its failure recorded for the coordinator (``core.tasks.retried_task``).
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from binome.core.tasks import retried_task


log = logging.getLogger(__name__)


def site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def _dossier(dossier_id: int) -> int:
    return dossier_id


def _programme(programme_id: int, *args) -> int:
    return programme_id


def _link_dossier(link_id: int):
    from binome.orientations.models import PartnerLink

    return PartnerLink.objects.filter(pk=link_id).values_list("orientation__dossier_id", flat=True).first()


@retried_task(label=gettext_lazy("Planification des appels de suivi d'un dossier"), dossier_of=_dossier)
def plan_dossier_follow_ups(dossier_id: int) -> int:
    """Plan the follow-up calls of a dossier whose report was just sent; returns the number of calls it has."""
    from binome.cases.models import Dossier
    from binome.orientations import calls

    dossier = Dossier.objects.select_related("programme", "commune__unite").filter(pk=dossier_id).first()
    if dossier is None:
        return 0
    planned = calls.plan(dossier)
    log.info("follow-ups of dossier %s: %d", dossier_id, len(planned))
    return len(planned)


@retried_task(label=gettext_lazy("Planification des appels de suivi du programme"), programme_of=_programme)
def plan_follow_ups(programme_id: int) -> int:
    """Plan the calls of every followed dossier of a programme that has none yet (idempotent catch-up)."""
    from binome.cases import policies
    from binome.cases.models import Dossier
    from binome.orientations import calls

    dossiers = Dossier.objects.filter(
        programme_id=programme_id, state__in=policies.FOLLOW_UP_STATES, follow_ups__isnull=True
    ).select_related("programme", "commune__unite")
    count = 0
    for dossier in dossiers:
        count += bool(calls.plan(dossier))
    log.info("follow-ups planned for %d dossier(s) of programme %s", count, programme_id)
    return count


@retried_task(label=gettext_lazy("Lien de retour envoyé à un partenaire"), dossier_of=_link_dossier)
def send_partner_link(link_id: int) -> int:
    """E-mail a partner the link to give news of one orientation (the programme and the solution, no name)."""
    from binome.orientations import links
    from binome.orientations.models import PartnerLink

    link = (
        PartnerLink.objects.select_related("orientation__solution", "orientation__dossier__programme")
        .filter(pk=link_id, used_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if link is None or not link.email:
        return 0
    programme = link.orientation.dossier.programme
    context = {
        "programme": programme,
        "solution": link.orientation.solution,
        "url": site_url(reverse("orientations:partner", kwargs={"token": links.token_for(link)})),
        "expires_at": link.expires_at,
    }
    sent = send_mail(
        _("[%(programme)s] Des nouvelles d'une orientation : %(solution)s")
        % {"programme": programme.name, "solution": link.orientation.solution.name},
        render_to_string("orientations/email/partner_link.txt", context),
        None,
        [link.email],
    )
    log.info("partner link %s e-mailed", link.pk)
    return sent


@retried_task(label=gettext_lazy("Récapitulatif hebdomadaire des orientations"), programme_of=_programme)
def send_digest(programme_id: int, week: str) -> int:
    """The weekly digest of a programme for its coordinators, once per ISO week; returns the e-mails sent."""
    from binome.orientations import digest

    return digest.send(programme_id, week)
