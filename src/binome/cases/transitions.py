"""Apply the dossier's state machine to the database.

``apply`` is the only way a dossier changes step: it checks the role (``workflow.check``), that nobody
moved the dossier meanwhile and the guards the link apps register in ``cases.chain`` (the report's
validation steps and their order come from the reports app) — then saves the new state, runs the
registered effects and records the event — who, when, from → to, note — in one transaction. The
listeners of ``cases.chain`` (e-mails, tasks) hear of the step once that transaction commits.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.cases import chain
from binome.cases.models import Dossier, DossierEvent, EventKind
from binome.cases.workflow import (
    ADVISOR,
    MILESTONES,
    TRANSITIONS,
    State,
    Transition,
    TransitionRefused,
    available,
    check,
    milestone,
)
from binome.core import bulk


class StaleDossier(TransitionRefused):
    """Somebody else changed the dossier since the page was displayed."""


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
        if not transition.offered:
            continue  # applied by a link app's own page (the report's validation and dispatch)
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
        fields = ["state", "version", "updated_at"]
        if (field := milestone(EventKind.TRANSITION, name)) and (getattr(locked, field) or now) >= now:
            setattr(locked, field, now)  # the first date: an earlier-dated record replaces a later one
            fields.append(field)
        locked.save(update_fields=fields)
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
    for field in MILESTONES.values():
        setattr(dossier, field, getattr(locked, field))
    return event


def record_event(dossier: Dossier, kind: str, *, user, note: str = "", at=None, **fields) -> DossierEvent:
    """Add a non-transition line (call, note, visit booked…) to the timeline.

    Such lines only add to the dossier, so they never conflict with somebody else's edit. An answered call is a
    milestone (``workflow.milestone``): its date is kept on the dossier when it is the first, by one conditional
    UPDATE (no lock taken beforehand, the version unchanged).
    """
    at = at or timezone.now()
    field = milestone(kind, fields.get("transition", ""), fields.get("call_outcome", ""))
    if field is None:
        return DossierEvent.objects.create(dossier=dossier, kind=kind, actor=user, note=note.strip(), at=at, **fields)
    with transaction.atomic():
        earlier = Q(**{f"{field}__lte": at})
        Dossier.objects.filter(pk=dossier.pk).exclude(earlier).update(**{field: at})
        event = DossierEvent.objects.create(dossier=dossier, kind=kind, actor=user, note=note.strip(), at=at, **fields)
    if field not in dossier.get_deferred_fields() and (getattr(dossier, field) or at) >= at:
        setattr(dossier, field, at)
    return event


def import_history(dossiers: list[dict], histories: list[list[tuple[str, object]]], *, user, note: str) -> int:
    """Write dossiers brought from the service's former tool with their dated past steps, in bulk.

    ``dossiers`` are dicts of field → value. Each dossier takes the step its last past transition led to
    (``received`` without any); every step becomes a timeline event marked ``imported``, by the importing user
    (the request is the dossier's own date), so that delays and the bilan read them like any other. The past is
    recorded as it happened elsewhere, not replayed: no guard, effect or listener runs. Returns the number of
    events written.
    """
    for fields, steps in zip(dossiers, histories, strict=True):
        fields["state"] = TRANSITIONS[steps[-1][0]].target.value if steps else State.RECEIVED.value
        for field in MILESTONES.values():
            dates = [at for name, at in steps if milestone(EventKind.TRANSITION, name) == field]
            fields[field] = min(dates, default=None)
    ids = bulk.insert(Dossier, dossiers)
    actor = user.pk if user else None
    events = []
    for pk, steps in zip(ids, histories, strict=True):
        common = {"dossier_id": pk, "actor_id": actor, "note": note, "imported": True}
        previous = State.RECEIVED.value
        for name, at in steps:
            target = TRANSITIONS[name].target.value
            events.append(
                {
                    "at": at,
                    "kind": EventKind.TRANSITION.value,
                    "transition": name,
                    "from_state": previous,
                    "to_state": target,
                    **common,
                }
            )
            previous = target
    bulk.insert(DossierEvent, events)
    return len(events)


__all__ = ["State", "StaleDossier", "TransitionRefused", "apply", "import_history", "offered", "record_event"]
