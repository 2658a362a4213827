"""The agenda's Django side: load people's hours, absences and visits into ``scheduling`` objects, and
book, move or cancel visits with their history.

The rules themselves (conflicts, travel warnings, free slots) live in ``visits.scheduling``.

Bookings and moves are serialised per person: inside the transaction that writes the visit, the rows of the
advisor and the coordinator are locked (``SELECT … FOR NO KEY UPDATE``, in id order so two bookings never wait on
each other crosswise) and the conflicts are checked again. Of two coordinators booking the same advisor at the same
moment, the second waits for the first to commit, then sees its visit and is refused with the usual message. On
SQLite (the demo) every write transaction is already exclusive (``transaction_mode`` IMMEDIATE).
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from binome.accounts.models import Membership, Role, User
from binome.cases import transitions
from binome.cases.models import Dossier
from binome.cases.workflow import State, TransitionRefused
from binome.core import together
from binome.visits.models import (
    Absence,
    AgendaSettings,
    Visit,
    VisitChange,
    VisitChangeKind,
    VisitStatus,
    WorkingPeriod,
)
from binome.visits.scheduling import Agenda, Busy, Check, Place, check_booking, free_slots
from binome.visits.tasks import tell_of_change


# Office hours used for a member of the binôme who has not recorded any.
DEFAULT_HOURS = {d: [(dt.time(9), dt.time(12, 30)), (dt.time(13, 30), dt.time(17, 30))] for d in range(5)}


def place_of(commune) -> Place:
    return Place(commune.name, commune.latitude, commune.longitude)


def load_agendas(
    programme, users, start: dt.datetime, end: dt.datetime, exclude_visit=None, *, places: bool = True
) -> list[Agenda]:
    """One ``Agenda`` per user, in the given order, with what keeps them busy between start and end.

    One query whatever the number of people and visits: their working hours, absences and visits together
    (``core.together``); the visits as plain rows rather than model instances (a busy agenda of several weeks
    reads thousands of them).

    ``places=False`` (free slots only need the busy times): each person's visits are read as their distinct
    (start, duration), without their dossier, reference and commune — the same busy times, fewer rows when
    visits share their hours.
    """
    ids = [u.pk for u in users]
    planned = Visit.objects.filter(
        status=VisitStatus.PLANNED, starts_at__lt=end, starts_at__gt=start - dt.timedelta(days=1)
    )
    if exclude_visit is not None:
        planned = planned.exclude(pk=exclude_visit.pk)
    common = (
        (
            WorkingPeriod.objects.filter(programme=programme, user_id__in=ids).order_by(),  # sorted by day below
            ["user_id", "weekday", "starts", "ends"],
        ),
        (
            Absence.objects.filter(user_id__in=ids, starts_at__lt=end, ends_at__gt=start),
            ["user_id", "starts_at", "ends_at", "label"],
        ),
    )
    occupied = []  # (person, busy time) of the visits, after the absences
    if places:
        periods, absences, visits = together.rows(
            *common,
            (
                planned.filter(Q(advisor_id__in=ids) | Q(coordinator_id__in=ids)),
                [
                    "starts_at",
                    "duration_minutes",
                    "advisor_id",
                    "coordinator_id",
                    "dossier__reference",
                    "dossier__commune__name",
                    "dossier__commune__latitude",
                    "dossier__commune__longitude",
                ],
            ),
        )
        for starts_at, minutes, advisor_id, coordinator_id, reference, commune, latitude, longitude in visits:
            item = Busy(
                starts_at, starts_at + dt.timedelta(minutes=minutes), Place(commune, latitude, longitude), reference
            )
            occupied.extend((pk, item) for pk in {advisor_id, coordinator_id} & set(ids))
    else:
        periods, absences, *visits = together.rows(
            *common,
            *(
                (planned.filter(**{f"{role}__in": ids}).distinct(), [role, "starts_at", "duration_minutes"])
                for role in ("advisor_id", "coordinator_id")
            ),
        )
        occupied = [
            (user_id, Busy(starts_at, starts_at + dt.timedelta(minutes=minutes)))
            for rows in visits
            for user_id, starts_at, minutes in rows
        ]
    hours = {pk: {} for pk in ids}
    for user_id, weekday, starts, ends in periods:
        hours[user_id].setdefault(weekday, []).append((starts, ends))
    busy = {pk: [] for pk in ids}
    for user_id, starts_at, ends_at, label in absences:
        busy[user_id].append(Busy(starts_at, ends_at, None, label or _("absence"), is_visit=False))
    for user_id, item in occupied:
        busy[user_id].append(item)
    return [
        Agenda(str(user), {d: sorted(p) for d, p in hours[user.pk].items()} or DEFAULT_HOURS, busy[user.pk])
        for user in users
    ]


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    return start, start + dt.timedelta(days=1)


def check(programme, advisor, coordinator, starts_at, minutes, commune, exclude_visit=None) -> Check:
    start, _end = day_bounds(timezone.localtime(starts_at).date())
    agendas = load_agendas(programme, [advisor, coordinator], start, start + dt.timedelta(days=1), exclude_visit)
    travel = AgendaSettings.for_programme(programme).travel()
    return check_booking(agendas, timezone.localtime(starts_at), minutes, place_of(commune), travel)


def describe(result: Check) -> tuple[list[str], list[str]]:
    """The French messages of a booking check: (conflicts, travel warnings)."""
    errors, warnings = [], []
    for conflict in result.conflicts:
        if conflict.kind == "hours":
            errors.append(_("%(who)s ne travaille pas sur tout ce créneau.") % {"who": conflict.who})
        elif conflict.kind == "absence":
            errors.append(
                _("%(who)s est absent(e) (%(label)s) du %(start)s au %(end)s.")
                % {
                    "who": conflict.who,
                    "label": conflict.busy.label,
                    "start": date_format(timezone.localtime(conflict.busy.start), "j F H:i"),
                    "end": date_format(timezone.localtime(conflict.busy.end), "j F H:i"),
                }
            )
        else:
            errors.append(
                _("%(who)s a déjà une visite à ce moment-là (%(ref)s, le %(day)s à %(hour)s).")
                % {
                    "who": conflict.who,
                    "ref": conflict.busy.label,
                    "day": date_format(timezone.localtime(conflict.busy.start), "d/m/Y"),
                    "hour": date_format(timezone.localtime(conflict.busy.start), "H:i"),
                }
            )
    for warning in result.warnings:
        template = (
            _("%(who)s : %(needed)s min de route estimées depuis %(place)s (visite %(ref)s), %(gap)s min seulement.")
            if warning.direction == "from"
            else _(
                "%(who)s : %(needed)s min de route estimées vers %(place)s (visite %(ref)s), %(gap)s min seulement."
            )
        )
        warnings.append(
            template
            % {
                "who": warning.who,
                "needed": warning.needed_minutes,
                "place": warning.other.place.name,
                "ref": warning.other.label,
                "gap": max(warning.available_minutes, 0),
            }
        )
    return errors, warnings


class SlotTaken(TransitionRefused):
    """The slot conflicts with a visit or an absence recorded meanwhile; ``messages`` are the French reasons."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__(" ".join(messages))


def lock_agendas(*people) -> None:
    """Lock the people's rows until the end of the transaction: their agendas change one booking at a time."""
    ids = sorted({person.pk for person in people})
    list(User.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def refuse_conflicts(programme, advisor, coordinator, starts_at, minutes, commune, exclude_visit=None) -> None:
    """Raise ``SlotTaken`` if the slot conflicts with the agendas as committed now (call it under the lock)."""
    errors, _warnings = describe(check(programme, advisor, coordinator, starts_at, minutes, commune, exclude_visit))
    if errors:
        raise SlotTaken(errors)


def book(dossier: Dossier, *, user, roles, advisor, starts_at, minutes, note="", questions="", expected_version=None):
    """Create the visit, assign the advisor and move the dossier to « visite programmée », in one transaction.

    A request still « reçue » is taken in charge on the way, so the coordinator books from the queue at once.
    The slot is checked again under the lock of both agendas (``SlotTaken`` when it was taken meanwhile).
    """
    with transaction.atomic():
        lock_agendas(advisor, user)
        refuse_conflicts(dossier.programme, advisor, user, starts_at, minutes, dossier.commune)
        if dossier.state == State.RECEIVED:
            transitions.apply(dossier, "accept", user=user, roles=roles, expected_version=expected_version)
            expected_version = dossier.version
        visit = Visit.objects.create(
            dossier=dossier,
            starts_at=starts_at,
            duration_minutes=minutes,
            advisor=advisor,
            coordinator=user,
            preparation_note=note,
            preparation_questions=questions,
        )
        VisitChange.objects.create(visit=visit, actor=user, kind=VisitChangeKind.BOOKED, starts_at=starts_at)
        Dossier.objects.filter(pk=dossier.pk).update(advisor=advisor)
        dossier.advisor = advisor
        when = date_format(timezone.localtime(starts_at), "l j F Y à H:i")
        transitions.apply(
            dossier,
            "schedule",
            user=user,
            roles=roles,
            note=_("Visite le %(when)s avec %(advisor)s.") % {"when": when, "advisor": advisor},
            expected_version=expected_version,
        )
    return visit


def record_past_visit(dossier: Dossier, *, user, roles, advisor, starts_at, minutes, reason, expected_version=None):
    """A visit made before it could be booked here (paper dossiers, an emergency): recorded after the fact as
    programmée then réalisée at its own date, the reason on the timeline. Nobody is e-mailed for it."""
    when = date_format(timezone.localtime(starts_at), "l j F Y à H:i")
    note = _("Saisie de rattrapage : visite faite le %(when)s avec %(advisor)s. Motif : %(reason)s") % {
        "when": when,
        "advisor": advisor,
        "reason": reason.strip(),
    }
    with transaction.atomic():
        if dossier.state == State.RECEIVED:
            transitions.apply(dossier, "accept", user=user, roles=roles, expected_version=expected_version)
            expected_version = dossier.version
        visit = Visit.objects.create(
            dossier=dossier, starts_at=starts_at, duration_minutes=minutes, advisor=advisor, coordinator=user
        )
        VisitChange.objects.create(
            visit=visit, actor=user, kind=VisitChangeKind.BOOKED, starts_at=starts_at, note=note
        )
        Dossier.objects.filter(pk=dossier.pk).update(advisor=advisor)
        dossier.advisor = advisor
        transitions.apply(
            dossier, "schedule", user=user, roles=roles, note=note, expected_version=expected_version, at=starts_at
        )
        done_at = starts_at + dt.timedelta(minutes=minutes)
        transitions.apply(dossier, "mark_visited", user=user, roles=roles, note=note, at=done_at)
    return visit


class StaleVisit(TransitionRefused):
    """Somebody else moved or cancelled the visit since the page was displayed."""


def move(visit: Visit, *, user, starts_at, minutes, note="", seen_starts_at=None):
    """Move the visit; ``seen_starts_at`` is the start shown to the user, to refuse a stale move."""
    with transaction.atomic():
        lock_agendas(visit.advisor, visit.coordinator)
        locked = Visit.objects.select_for_update(of=("self",)).select_related("dossier__commune").get(pk=visit.pk)
        if locked.status != VisitStatus.PLANNED:
            raise TransitionRefused(_("Seule une visite programmée peut être déplacée."))
        if seen_starts_at is not None and locked.starts_at != seen_starts_at:
            last = locked.changes.select_related("actor").order_by("-at", "-pk").first()
            raise StaleVisit(
                _(
                    "%(who)s a déjà déplacé cette visite au %(when)s pendant que vous la consultiez. "
                    "Vérifiez puis recommencez."
                )
                % {
                    "who": last.actor if last else _("Quelqu'un"),
                    "when": date_format(timezone.localtime(locked.starts_at), "l j F Y à H:i"),
                }
            )
        if locked.starts_at == starts_at and locked.duration_minutes == minutes:
            return locked  # the same slot: nothing moved, nothing to log or to tell
        dossier = locked.dossier
        refuse_conflicts(
            dossier.programme, visit.advisor, visit.coordinator, starts_at, minutes, dossier.commune, locked
        )
        previous = locked.starts_at
        locked.starts_at, locked.duration_minutes, locked.reminder_sent_at = starts_at, minutes, None
        locked.save(update_fields=["starts_at", "duration_minutes", "reminder_sent_at"])
        VisitChange.objects.create(
            visit=locked,
            actor=user,
            kind=VisitChangeKind.MOVED,
            previous_starts_at=previous,
            starts_at=starts_at,
            note=note.strip(),
        )
        transitions.record_event(
            locked.dossier,
            "visit_booked",
            user=user,
            note=_("Visite déplacée du %(old)s au %(new)s.")
            % {
                "old": date_format(timezone.localtime(previous), "j F Y H:i"),
                "new": date_format(timezone.localtime(starts_at), "j F Y H:i"),
            }
            + (f" {note.strip()}" if note.strip() else ""),
        )
        transaction.on_commit(lambda: tell_of_change.enqueue(locked.pk, previous.isoformat()))
    return locked


def cancel(visit: Visit, *, user, roles, note: str, expected_version=None):
    """Cancel the visit through the dossier's « annuler la visite » transition, which keeps its history."""
    transitions.apply(
        visit.dossier, "cancel_visit", user=user, roles=roles, note=note, expected_version=expected_version
    )


def free_slots_for(programme, advisor, coordinator, days, minutes):
    start, _ = day_bounds(days[0])
    end, _ = day_bounds(days[-1] + dt.timedelta(days=1))
    agendas = load_agendas(programme, [advisor, coordinator], start, end, places=False)
    now = timezone.localtime()
    return [s for s in free_slots(agendas, days, minutes, timezone.get_current_timezone()) if s > now]


def binome_of(programme):
    """The coordinator and energy advisor whose shared agenda is shown (first active of each role)."""
    people = {}
    for membership in (
        Membership.objects.filter(programme=programme, is_active=True, role__in=[Role.COORDINATOR, Role.ADVISOR])
        .select_related("user")
        .order_by("user__last_name", "user__pk")
    ):
        people.setdefault(membership.role, membership.user)
    return people.get(Role.COORDINATOR), people.get(Role.ADVISOR)
