"""Demo data of the coordination: agenda settings, working hours, absences, a call-back and a derogation.

Called by ``binome.demo.loader.load_demo`` after the dossiers exist; deterministic for a given day.
"""

import datetime as dt

from django.utils import timezone

from binome.accounts.models import Membership, Role
from binome.cases import transitions
from binome.cases.models import CallOutcome, EventKind
from binome.cases.workflow import State
from binome.coordination.models import CallBack, CoordinationSettings, Derogation
from binome.visits.models import Absence, AgendaSettings, Visit, WorkingPeriod


MORNING = (dt.time(9), dt.time(12, 30))
AFTERNOON = (dt.time(13, 30), dt.time(17, 30))


def _first(programme, role):
    return Membership.objects.filter(programme=programme, role=role).select_related("user").order_by("pk").first().user


def load_coordination_demo(programme, today: dt.date) -> None:
    CoordinationSettings.objects.create(programme=programme)
    # The binôme's office, where the proposed tours start and end: the Département's seat.
    office = programme.communes.filter(name="Lons-le-Saunier").first()
    AgendaSettings.objects.create(programme=programme, tour_start=office)
    coordinator = _first(programme, Role.COORDINATOR)
    advisor = _first(programme, Role.ADVISOR)
    _working_hours(programme, coordinator, advisor)
    _absences(programme, coordinator, advisor, today)
    _call_back(programme, coordinator, today)
    _derogation(programme, coordinator, today)


def _working_hours(programme, coordinator, advisor):
    periods = []
    for weekday in range(5):
        # The coordinator does not work on Wednesday afternoons; the advisor on Friday afternoons.
        for user, off in ((coordinator, 2), (advisor, 4)):
            periods.append(
                WorkingPeriod(programme=programme, user=user, weekday=weekday, starts=MORNING[0], ends=MORNING[1])
            )
            if weekday != off:
                periods.append(
                    WorkingPeriod(
                        programme=programme, user=user, weekday=weekday, starts=AFTERNOON[0], ends=AFTERNOON[1]
                    )
                )
    WorkingPeriod.objects.bulk_create(periods)


def _absences(programme, coordinator, advisor, today):
    """A training day for the advisor and a day off for the coordinator, on days without a visit."""
    busy_days = {
        timezone.localtime(v).date()
        for v in Visit.objects.filter(dossier__programme=programme, status="planned").values_list(
            "starts_at", flat=True
        )
    }
    free_days = [
        d for d in (today + dt.timedelta(days=i) for i in range(2, 21)) if d.weekday() < 5 and d not in busy_days
    ]
    tz = timezone.get_current_timezone()
    if free_days:
        training = free_days[0]
        Absence.objects.create(
            programme=programme,
            user=advisor,
            starts_at=dt.datetime.combine(training, dt.time(0), tzinfo=tz),
            ends_at=dt.datetime.combine(training + dt.timedelta(days=1), dt.time(0), tzinfo=tz),
            label="Formation DPE",
        )
    if len(free_days) > 3:
        leave = free_days[3]
        Absence.objects.create(
            programme=programme,
            user=coordinator,
            starts_at=dt.datetime.combine(leave, dt.time(0), tzinfo=tz),
            ends_at=dt.datetime.combine(leave + dt.timedelta(days=1), dt.time(0), tzinfo=tz),
            label="Congé",
        )


def _call_back(programme, coordinator, today):
    to_contact = list(programme.dossiers.filter(state=State.TO_CONTACT).order_by("reference"))
    if to_contact:
        now = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 15)))
        event = transitions.record_event(
            to_contact[0],
            EventKind.CALL,
            user=coordinator,
            call_outcome=CallOutcome.CALL_BACK,
            note="Le ménage préfère être rappelé en fin de semaine, après 17 h.",
            at=now - dt.timedelta(days=1),
        )
        CallBack.objects.create(event=event, on=today + dt.timedelta(days=3))


def _derogation(programme, coordinator, today):
    waiting = programme.dossiers.filter(state=State.WAITING_LIST).order_by("reference").first()
    if waiting:
        Derogation.objects.create(
            dossier=waiting,
            reason="Coupure d'électricité annoncée pour la fin du mois, deux enfants en bas âge.",
            granted_by=coordinator,
            granted_at=timezone.make_aware(dt.datetime.combine(today, dt.time(8, 45))) - dt.timedelta(days=1),
        )
