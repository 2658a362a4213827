"""What keeps the binôme busy, read with or without the visits' places: the free slots (queue's expected dates,
agenda, booking page) read each person's distinct busy times only; the booking check reads the places."""

import datetime as dt

from django.utils import timezone

from binome.cases.workflow import State
from binome.visits import agenda
from binome.visits.models import Absence
from binome.visits.scheduling import free_slots
from tests.conftest import local
from tests.factories import VisitFactory


def _week(monday):
    days = [monday + dt.timedelta(days=i) for i in range(5)]
    start, _ = agenda.day_bounds(days[0])
    end, _ = agenda.day_bounds(days[-1] + dt.timedelta(days=1))
    return days, start, end


def _intervals(one):
    return sorted((b.start, b.end) for b in one.busy)


def test_without_places_each_person_keeps_the_same_busy_times_once(world, make_dossier, monday):
    days, start, end = _week(monday)
    # The coordinator is booked twice at 9:00 on Monday (with two advisors), once with the advisor on Tuesday 14:00;
    # the second advisor's visits on Wednesday do not concern the binôme.
    for advisor, day, hour in [
        (world.advisor, 0, 9),
        (world.advisor2, 0, 9),
        (world.advisor, 1, 14),
    ]:
        VisitFactory(
            dossier=make_dossier(State.SCHEDULED),
            advisor=advisor,
            coordinator=world.coordinator,
            starts_at=local(days[day], hour),
        )
    VisitFactory(dossier=make_dossier(State.SCHEDULED), advisor=world.advisor2, starts_at=local(days[2], 9))
    Absence.objects.create(
        programme=world.programme, user=world.advisor, starts_at=local(days[3], 0), ends_at=local(days[4], 0)
    )
    people = [world.advisor, world.coordinator]
    with_places = agenda.load_agendas(world.programme, people, start, end)
    busy_only = agenda.load_agendas(world.programme, people, start, end, places=False)

    advisor, coordinator = busy_only
    assert _intervals(advisor) == [
        (local(days[0], 9), local(days[0], 11)),
        (local(days[1], 14), local(days[1], 16)),
        (local(days[3], 0), local(days[4], 0)),
    ]
    assert _intervals(coordinator) == [
        (local(days[0], 9), local(days[0], 11)),
        (local(days[1], 14), local(days[1], 16)),
    ]
    assert all(b.place is None for b in advisor.busy + coordinator.busy)
    # The same busy times as with the places (the coordinator's double booking counted once), the same free slots.
    for full, light in zip(with_places, busy_only, strict=True):
        assert sorted(set(_intervals(full))) == _intervals(light)
    assert len(with_places[1].busy) == 3 and all(b.place is not None for b in with_places[1].busy)
    tz = timezone.get_current_timezone()
    assert free_slots(busy_only, days, 120, tz) == free_slots(with_places, days, 120, tz)
    assert local(days[0], 9) not in free_slots(busy_only, days, 120, tz)
