"""What the visits add to the dossier's chain (registered from ``VisitsConfig.ready``).

- « programmer la visite » needs a booked slot; « visite réalisée » needs the visit's time to have come;
- marking the visit done or cancelling it updates the visits; every change of a dossier's visits refreshes
  ``Dossier.next_visit_at``, the column the lists show and sort;
- once a visit is scheduled, the preparation note is e-mailed to the energy advisor (after the commit);
- the dossier page shows the visits block.
"""

from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from binome.cases import chain
from binome.cases.models import Dossier
from binome.core import memo
from binome.visits.models import Visit, VisitChange, VisitChangeKind, VisitStatus


def refresh_next_visit(dossier_ids) -> None:
    """Recompute ``next_visit_at`` of the given dossiers from their planned visits."""
    ids = set(dossier_ids)
    starts = dict(
        Visit.objects.filter(dossier_id__in=ids, status=VisitStatus.PLANNED)
        .values("dossier_id")
        .annotate(first=Min("starts_at"))
        .values_list("dossier_id", "first")
    )
    for dossier_id in ids:
        Dossier.objects.filter(pk=dossier_id).update(next_visit_at=starts.get(dossier_id))


def _page_visits(dossier) -> list:
    """The dossier's visits, latest first, read once by the dossier page (its block, then the steps' guards)."""
    return memo.once(
        ("dossier-visits", dossier.pk),
        lambda: list(dossier.visits.select_related("advisor", "coordinator").order_by("-starts_at")),
    )


def planned_visit(dossier):
    """The dossier's latest planned visit, or None (the schedule guards of visits and coordination read it)."""
    if memo.peek(("dossier-visits", dossier.pk)) is not None:
        return next((v for v in _page_visits(dossier) if v.status == VisitStatus.PLANNED), None)
    return dossier.visits.filter(status=VisitStatus.PLANNED).order_by("-starts_at").first()


@chain.guard("schedule")
def _slot_booked(dossier, user, now):
    if planned_visit(dossier) is None:
        return _("Réservez d'abord un créneau de visite dans l'agenda.")
    return None


@chain.guard("mark_visited")
def _visit_time_has_come(dossier, user, now):
    visit = planned_visit(dossier)
    if visit is None:
        return _("Aucune visite programmée pour ce dossier.")
    if visit.starts_at > now:
        when = date_format(timezone.localtime(visit.starts_at), "l j F Y à H:i")
        return _("La visite est prévue le %(when)s : elle ne peut pas encore être déclarée réalisée.") % {"when": when}
    return None


@chain.effect("mark_visited")
def _visit_done(dossier, user, note):
    dossier.visits.filter(status=VisitStatus.PLANNED).update(status=VisitStatus.DONE)
    refresh_next_visit([dossier.pk])


@chain.effect("cancel_visit")
def _visit_cancelled(dossier, user, note):
    planned = list(dossier.visits.filter(status=VisitStatus.PLANNED))
    VisitChange.objects.bulk_create(
        VisitChange(visit=v, actor=user, kind=VisitChangeKind.CANCELLED, starts_at=v.starts_at, note=note.strip())
        for v in planned
    )
    dossier.visits.filter(pk__in=[v.pk for v in planned]).update(status=VisitStatus.CANCELLED)
    refresh_next_visit([dossier.pk])


@chain.listener
def _tell_of_cancellation(event: chain.ChainEvent) -> None:
    """The energy advisor is told by e-mail that the visit he was to make is cancelled."""
    if event.name != "cancel_visit" or event.is_history:
        return
    from binome.visits.tasks import tell_of_change

    change = (
        VisitChange.objects.filter(visit__dossier_id=event.dossier_id, kind=VisitChangeKind.CANCELLED)
        .order_by("-at", "-pk")
        .first()
    )
    if change is not None:
        tell_of_change.enqueue(change.visit_id, change.starts_at.isoformat())


@chain.listener
def _send_preparation_note(event: chain.ChainEvent) -> None:
    """The energy advisor gets the preparation note of a visit just scheduled (not of history being recorded)."""
    if event.name != "schedule" or event.is_history:
        return  # a step back-dated by more than a day is history being recorded (imports, the demo)
    from binome.visits.tasks import send_preparation_note

    visit = Visit.objects.filter(dossier_id=event.dossier_id, status=VisitStatus.PLANNED).order_by("-pk").first()
    if visit is not None and visit.starts_at > timezone.now():
        send_preparation_note.enqueue(visit.pk)


@chain.panel(20)
def _visits_panel(request, dossier) -> str:
    return render_to_string(
        "visits/panels/visit.html", {"dossier": dossier, "visits": _page_visits(dossier)}, request=request
    )


def _visit_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_next_visit([instance.dossier_id])


def connect() -> None:
    post_save.connect(_visit_changed, sender=Visit, dispatch_uid="visits-next-visit-saved")
    post_delete.connect(_visit_changed, sender=Visit, dispatch_uid="visits-next-visit-deleted")
