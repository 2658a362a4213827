"""Apply the dossier's state machine to the database.

``apply`` is the only way a dossier changes step: it checks the role (``workflow.check``), that nobody
moved the dossier meanwhile and the guards of the transition — the validation order below, read off the
timeline, and those the link apps register in ``cases.chain`` — then saves the new state, runs the
registered effects and records the event — who, when, from → to, note — in one transaction. The
listeners of ``cases.chain`` (e-mails, tasks) hear of the step once that transaction commits.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.cases import chain
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


def _guard_validate_mission(dossier, user, now):
    if _mission_validated(dossier):
        return _("Le chef de mission a déjà validé ce compte-rendu.")
    return None


def _guard_validate_service(dossier, user, now):
    if not _mission_validated(dossier):
        return _("Le chef de mission doit valider le compte-rendu avant le chef de service.")
    return None


# The validation order is read off the timeline, which cases owns; the other guards and effects come
# from the link apps (see ``cases.chain``).
chain.guard("validate_mission")(_guard_validate_mission)
chain.guard("validate_service")(_guard_validate_service)


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
        result.append(Offered(transition, chain.refusal(transition.name, dossier, user, now)))
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
        if reason := chain.refusal(name, locked, user, now):
            raise TransitionRefused(reason)
        previous = locked.state
        locked.state = transition.target
        locked.version += 1
        locked.save(update_fields=["state", "version", "updated_at"])
        chain.run_effects(name, locked, user, note)
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
        chain.publish(chain.ChainEvent(locked.pk, name, transition.target, now, event.pk))
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
