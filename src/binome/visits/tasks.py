"""Background e-mails of the agenda (Django's tasks API, retried by ``core.tasks``): the preparation note and the
day-before reminders.

E-mails carry the dossier reference, the commune and the time, never the household's name, address or phone
number, nor any free text typed about the household (the preparation note, the questions): the visitors read
those in the application, through the link of the e-mail.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from binome.core.tasks import retried_task
from binome.visits.models import Visit, VisitStatus


log = logging.getLogger(__name__)


def site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def visit_dossier(visit_id: int, **kwargs) -> int | None:
    return Visit.objects.filter(pk=visit_id).values_list("dossier_id", flat=True).first()


def visit_programme(visit_id: int, **kwargs) -> int | None:
    return Visit.objects.filter(pk=visit_id).values_list("dossier__programme_id", flat=True).first()


@retried_task(
    label=gettext_lazy("Envoi de la fiche de préparation au chargé de visite"),
    dossier_of=visit_dossier,
    programme_of=visit_programme,
)
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


@retried_task(
    label=gettext_lazy("Envoi du rappel de visite la veille"), dossier_of=visit_dossier, programme_of=visit_programme
)
def send_visit_reminder(visit_id: int) -> int:
    """E-mail the visit's reminder to its two visitors, once: the visit is claimed before sending, released if
    the sending fails (so the next attempt sends it)."""
    claimed = Visit.objects.filter(pk=visit_id, status=VisitStatus.PLANNED, reminder_sent_at__isnull=True).update(
        reminder_sent_at=timezone.now()
    )
    if not claimed:
        return 0
    visit = Visit.objects.select_related("dossier__commune", "advisor", "coordinator").get(pk=visit_id)
    context = {"visit": visit, "url": site_url(reverse("cases:detail", kwargs={"pk": visit.dossier_id}))}
    recipients = sorted({u.email for u in (visit.advisor, visit.coordinator) if u.email})
    try:
        send_mail(
            _("Rappel : visite %(ref)s demain à %(hour)s")
            % {"ref": visit.dossier.reference, "hour": timezone.localtime(visit.starts_at).strftime("%H:%M")},
            render_to_string("visits/email/reminder.txt", context),
            None,
            recipients,
        )
    except Exception:
        Visit.objects.filter(pk=visit_id).update(reminder_sent_at=None)
        raise
    return 1


@retried_task(label=gettext_lazy("Mise en file des rappels des visites du lendemain"))
def send_visit_reminders(day: str) -> int:
    """Enqueue the reminder of each visit of ``day`` (ISO date) not reminded yet; return the number of visits."""
    date = dt.date.fromisoformat(day)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(date, dt.time(0), tzinfo=tz)
    visit_ids = list(
        Visit.objects.filter(
            status=VisitStatus.PLANNED,
            reminder_sent_at__isnull=True,
            starts_at__gte=start,
            starts_at__lt=start + dt.timedelta(days=1),
        )
        .order_by("starts_at")
        .values_list("pk", flat=True)
    )
    for visit_id in visit_ids:
        send_visit_reminder.enqueue(visit_id)
    log.info("%s visit reminders enqueued for %s", len(visit_ids), day)
    return len(visit_ids)


@retried_task(
    label=gettext_lazy("Courriel au chargé de visite : visite déplacée ou annulée"),
    dossier_of=visit_dossier,
    programme_of=visit_programme,
)
def tell_of_change(visit_id: int, previous_starts_at: str) -> int:
    """E-mail the energy advisor that a visit moved (still planned) or was cancelled, and note it on the dossier's
    timeline. The household is told by the coordinator (letter or the SMS text of the visit's page)."""
    from binome.cases import transitions
    from binome.cases.models import EventKind

    visit = Visit.objects.select_related("dossier__commune", "advisor", "coordinator").filter(pk=visit_id).first()
    if visit is None or not visit.advisor.email:
        return 0
    previous = dt.datetime.fromisoformat(previous_starts_at)
    moved = visit.status == VisitStatus.PLANNED
    context = {
        "visit": visit,
        "previous": previous,
        "moved": moved,
        "url": site_url(reverse("visits:detail", kwargs={"pk": visit.pk})),
    }
    subject = _("Visite %(ref)s déplacée") if moved else _("Visite %(ref)s annulée")
    send_mail(
        subject % {"ref": visit.dossier.reference},
        render_to_string("visits/email/changed.txt", context),
        None,
        [visit.advisor.email],
    )
    note = (
        _("Chargé de visite prévenu par courriel : visite déplacée.")
        if moved
        else _("Chargé de visite prévenu par courriel : visite annulée.")
    )
    transitions.record_event(visit.dossier, EventKind.NOTE, user=None, note=note)
    log.info("advisor told of the change of visit %s", visit.pk)
    return 1
