"""Background e-mails of the agenda (Django's tasks API): the preparation note and the day-before reminder.

E-mails carry the dossier reference, the commune, the time and the preparation note, never the
household's name, address or phone number: the visitors read those in the application.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.visits.models import Visit, VisitStatus


log = logging.getLogger(__name__)


def site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


@task
def send_preparation_note(visit_id: int) -> int:
    visit = Visit.objects.select_related("dossier__commune", "advisor", "coordinator").filter(pk=visit_id).first()
    if visit is None or visit.status != VisitStatus.PLANNED or not visit.advisor.email:
        return 0
    context = {"visit": visit, "url": site_url(reverse("cases:detail", kwargs={"pk": visit.dossier_id}))}
    send_mail(
        _("Fiche de préparation — visite %(ref)s à %(commune)s")
        % {"ref": visit.dossier.reference, "commune": visit.dossier.commune.name},
        render_to_string("visits/email/preparation.txt", context),
        None,
        [visit.advisor.email],
    )
    log.info("preparation note sent for visit %s", visit.pk)
    return 1


@task
def send_visit_reminders(day: str) -> int:
    """E-mail each visitor the visits of ``day`` (ISO date) not reminded yet; return the number of visits."""
    date = dt.date.fromisoformat(day)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(date, dt.time(0), tzinfo=tz)
    visits = list(
        Visit.objects.filter(
            status=VisitStatus.PLANNED,
            reminder_sent_at__isnull=True,
            starts_at__gte=start,
            starts_at__lt=start + dt.timedelta(days=1),
        )
        .select_related("dossier__commune", "advisor", "coordinator")
        .order_by("starts_at")
    )
    for visit in visits:
        context = {"visit": visit, "url": site_url(reverse("cases:detail", kwargs={"pk": visit.dossier_id}))}
        recipients = sorted({u.email for u in (visit.advisor, visit.coordinator) if u.email})
        send_mail(
            _("Rappel : visite %(ref)s demain à %(hour)s")
            % {"ref": visit.dossier.reference, "hour": timezone.localtime(visit.starts_at).strftime("%H:%M")},
            render_to_string("visits/email/reminder.txt", context),
            None,
            recipients,
        )
        Visit.objects.filter(pk=visit.pk).update(reminder_sent_at=timezone.now())
    log.info("%s visit reminders sent for %s", len(visits), day)
    return len(visits)
