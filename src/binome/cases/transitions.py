"""Apply the dossier's state machine to the database.

``apply`` is the only way a dossier changes step: it checks the role (``workflow.check``), the
dossier-specific guards below, that nobody moved the dossier meanwhile, then saves the new state and
records the event — who, when, from → to, note — in one transaction.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from binome.cases.models import Dossier, DossierEvent, EventKind
from binome.cases.workflow import ADVISOR, State, Transition, TransitionRefused, available, check


class StaleDossier(TransitionRefused):
    """Somebody else changed the dossier since the page was displayed."""


def _last_event(dossier, transition_name):
    return dossier.events.filter(transition=transition_name).order_by("-at", "-pk").first()


def _mission_validated(dossier) -> bool:
    submitted = _last_event(dossier, "submit_for_validation")
    validated = _last_event(dossier, "validate_mission")
    return bool(submitted and validated and (validated.at, validated.pk) > (submitted.at, submitted.pk))


def _planned_visit(dossier):
    return dossier.visits.filter(status="planned").order_by("-starts_at").first()


def _guard_schedule(dossier, user, now):
    visit = _planned_visit(dossier)
    if visit is None:
        return _("Réservez d'abord un créneau de visite dans l'agenda.")
    from binome.coordination.services import coverage_guard

    return coverage_guard(dossier, timezone.localtime(visit.starts_at).year)


def _guard_resume(dossier, user, now):
    from binome.coordination.services import coverage_guard

    return coverage_guard(dossier, timezone.localtime(now).year)


def _guard_mark_unreachable(dossier, user, now):
    from binome.coordination.services import failed_attempts

    attempts = failed_attempts(dossier, dossier.programme)
    if not attempts.unreachable:
        return _(
            "%(needed)s appels sans réponse sont nécessaires avant de déclarer le ménage injoignable "
            "(%(failed)s notés depuis le dernier contact)."
        ) % {"needed": attempts.needed, "failed": attempts.failed}
    return None


def _guard_mark_visited(dossier, user, now):
    visit = _planned_visit(dossier)
    if visit is None:
        return _("Aucune visite programmée pour ce dossier.")
    if visit.starts_at > now:
        when = date_format(timezone.localtime(visit.starts_at), "l j F Y à H:i")
        return _("La visite est prévue le %(when)s : elle ne peut pas encore être déclarée réalisée.") % {"when": when}
    return None


def _guard_start_review(dossier, user, now):
    sides = set(dossier.diagnosis_notes.values_list("side", flat=True))
    missing = {"technical", "social"} - sides
    if missing == {"technical", "social"}:
        return _("Il manque le diagnostic technique et le diagnostic social de la visite.")
    if missing == {"technical"}:
        return _("Il manque le diagnostic technique de la visite.")
    if missing == {"social"}:
        return _("Il manque le diagnostic social de la visite.")
    return None


def _guard_submit(dossier, user, now):
    report = getattr(dossier, "report", None)
    if report is None or not report.is_complete:
        return _("Rédigez la synthèse famille et la synthèse technique avant de soumettre le compte-rendu.")
    return None


def _guard_validate_mission(dossier, user, now):
    if _mission_validated(dossier):
        return _("Le chef de mission a déjà validé ce compte-rendu.")
    return None


def _guard_validate_service(dossier, user, now):
    if not _mission_validated(dossier):
        return _("Le chef de mission doit valider le compte-rendu avant le chef de service.")
    return None


def _guard_close(dossier, user, now):
    if not dossier.orientations.exists():
        return _("Enregistrez au moins une orientation avant de clôturer le dossier.")
    return None


GUARDS = {
    "schedule": _guard_schedule,
    "resume": _guard_resume,
    "mark_unreachable": _guard_mark_unreachable,
    "mark_visited": _guard_mark_visited,
    "start_review": _guard_start_review,
    "submit_for_validation": _guard_submit,
    "validate_mission": _guard_validate_mission,
    "validate_service": _guard_validate_service,
    "close": _guard_close,
}


def _effect_mark_visited(dossier, user, note):
    dossier.visits.filter(status="planned").update(status="done")


def _effect_cancel_visit(dossier, user, note):
    from binome.visits.models import VisitChange, VisitChangeKind

    planned = list(dossier.visits.filter(status="planned"))
    VisitChange.objects.bulk_create(
        VisitChange(visit=v, actor=user, kind=VisitChangeKind.CANCELLED, starts_at=v.starts_at, note=note.strip())
        for v in planned
    )
    dossier.visits.filter(pk__in=[v.pk for v in planned]).update(status="cancelled")


def _effect_start_review(dossier, user, note):
    from binome.reports.models import Report

    Report.objects.get_or_create(dossier=dossier)


EFFECTS = {
    "mark_visited": _effect_mark_visited,
    "cancel_visit": _effect_cancel_visit,
    "start_review": _effect_start_review,
}


def _check_roles(transition: Transition, dossier, user, roles) -> None:
    # An energy advisor acts only on the dossiers assigned to them.
    if roles & transition.roles == {ADVISOR} and dossier.advisor_id != user.pk:
        raise TransitionRefused(_("Ce dossier est suivi par un autre chargé de visite."))


@dataclass
class Offered:
    transition: Transition
    blocked_by: str | None


def offered(dossier, user, roles) -> list[Offered]:
    """The actions to show on a dossier page, each with the reason it is not yet possible, if any."""
    now = timezone.now()
    result = []
    for transition in available(dossier.state, roles):
        if roles & transition.roles == {ADVISOR} and dossier.advisor_id != user.pk:
            continue
        guard = GUARDS.get(transition.name)
        result.append(Offered(transition, guard(dossier, user, now) if guard else None))
    return result


def apply(
    dossier: Dossier,
    name: str,
    *,
    user,
    roles,
    note: str = "",
    expected_version: int | None = None,
    at=None,
) -> DossierEvent:
    """Move ``dossier`` through transition ``name``; raise TransitionRefused with a French message."""
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if expected_version is not None and locked.version != expected_version:
            last = locked.events.select_related("actor").order_by("-at", "-pk").first()
            if last and last.actor:
                message = _(
                    "Ce dossier a été modifié par %(who)s pendant que vous le consultiez : il est maintenant à "
                    "l'étape « %(state)s ». Vérifiez puis recommencez."
                )
            else:
                message = _(
                    "Ce dossier a été modifié pendant que vous le consultiez : il est maintenant à l'étape "
                    "« %(state)s ». Vérifiez puis recommencez."
                )
            raise StaleDossier(message % {"who": last.actor if last else "", "state": locked.state_label})
        transition = check(name, locked.state, roles, note)
        _check_roles(transition, locked, user, roles)
        now = at or timezone.now()
        guard = GUARDS.get(name)
        if guard and (reason := guard(locked, user, now)):
            raise TransitionRefused(reason)
        previous = locked.state
        locked.state = transition.target
        locked.version += 1
        locked.save(update_fields=["state", "version", "updated_at"])
        if effect := EFFECTS.get(name):
            effect(locked, user, note)
        event = DossierEvent.objects.create(
            dossier=locked,
            at=now,
            actor=user,
            kind=EventKind.TRANSITION,
            transition=name,
            from_state=previous,
            to_state=transition.target,
            note=note.strip(),
        )
    dossier.state, dossier.version = locked.state, locked.version
    return event


def record_event(dossier: Dossier, kind: str, *, user, note: str = "", at=None, **fields) -> DossierEvent:
    """Add a non-transition line (call, note, visit booked…) to the timeline.

    Such lines only add to the dossier, so they never conflict with somebody else's edit.
    """
    return DossierEvent.objects.create(
        dossier=dossier, kind=kind, actor=user, note=note.strip(), at=at or timezone.now(), **fields
    )


__all__ = ["State", "StaleDossier", "TransitionRefused", "apply", "offered", "record_event"]
