"""Two coordinators booking the same advisor at the same moment, in two real transactions on PostgreSQL.

Both have checked the slot and found it free (the check the booking page makes before booking); then both book at
once. The booking locks the advisor's and the coordinator's rows and checks the slot again inside its transaction:
the second waits for the first to commit, sees its visit and is refused with the usual message. Exactly one visit.
"""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from binome.accounts.models import Role
from binome.cases.workflow import State
from binome.visits import agenda, views
from binome.visits.models import Visit, VisitStatus
from tests.conftest import local, member


ROUNDS = 6  # the tester's figure: 6 races of 6 booked twice before the lock


def _race(*jobs):
    """Run the jobs in two threads (each with its own database connection) released together; their outcomes."""
    start = threading.Barrier(len(jobs), timeout=30)
    outcomes = [None] * len(jobs)

    def run(i, job):
        try:
            start.wait()
            outcomes[i] = job()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test reads
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@pytest.fixture
def two_coordinators(world):
    return world.coordinator, member(world.programme, Role.COORDINATOR, first_name="Sophie")


@pytest.mark.django_db(transaction=True)
def test_the_same_slot_booked_twice_at_once_gives_one_visit(world, make_dossier, monday, two_coordinators):
    results = []
    for round_ in range(ROUNDS):
        when = local(monday + dt.timedelta(days=round_ // 2), 9 if round_ % 2 == 0 else 14)
        dossiers = [make_dossier(State.TO_CONTACT) for _ in two_coordinators]
        for coordinator, dossier in zip(two_coordinators, dossiers, strict=True):
            # What the booking page checked first: the slot is free for both.
            checked = agenda.check(world.programme, world.advisor, coordinator, when, 120, dossier.commune)
            assert not checked.conflicts

        def book(coordinator, dossier, when=when):
            return agenda.book(
                dossier,
                user=coordinator,
                roles={Role.COORDINATOR},
                advisor=world.advisor,
                starts_at=when,
                minutes=120,
                expected_version=dossier.version,
            )

        outcomes = _race(*[lambda c=c, d=d: book(c, d) for c, d in zip(two_coordinators, dossiers, strict=True)])
        booked = [o for o in outcomes if isinstance(o, Visit)]
        refused = [o for o in outcomes if isinstance(o, agenda.SlotTaken)]
        results.append((len(booked), len(refused)))
        assert Visit.objects.filter(advisor=world.advisor, starts_at=when, status=VisitStatus.PLANNED).count() == 1
        assert "a déjà une visite à ce moment-là" in str(refused[0])
        loser = dossiers[outcomes.index(refused[0])]
        loser.refresh_from_db()
        assert loser.state == State.TO_CONTACT and not loser.visits.exists()  # nothing half-written
    assert results == [(1, 1)] * ROUNDS


@pytest.mark.django_db(transaction=True)
def test_two_booking_pages_posted_at_once_book_once_and_refuse_in_french(
    world, make_dossier, monday, two_coordinators, monkeypatch
):
    """The same race through the booking page: both requests pass the page's check, then book."""
    passed_check = threading.Barrier(2, timeout=30)
    page_check = views._check_slot

    def check_then_wait(*args, **kwargs):
        outcome = page_check(*args, **kwargs)
        passed_check.wait()  # both pages have found the slot free
        return outcome

    monkeypatch.setattr(views, "_check_slot", check_then_wait)
    dossiers = [make_dossier(State.TO_CONTACT) for _ in two_coordinators]

    def post(coordinator, dossier):
        client = Client()
        client.force_login(coordinator)
        data = {
            "date": monday.isoformat(),
            "time": "09:00",
            "duration_minutes": 120,
            "advisor": world.advisor.pk,
            "version": dossier.version,
        }
        return client.post(reverse("visits:book", kwargs={"pk": dossier.pk}), data)

    responses = _race(*[lambda c=c, d=d: post(c, d) for c, d in zip(two_coordinators, dossiers, strict=True)])
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert "a déjà une visite à ce moment-là" in " ".join(refused.context["form"].non_field_errors())
    assert Visit.objects.filter(advisor=world.advisor, starts_at=local(monday, 9)).count() == 1
