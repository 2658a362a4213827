"""The first answered call: kept on the dossier (``Dossier.contacted_at``), the delay request → first contact and the
funnel's « joints » step, on fixtures computed by hand; and the same figures read row by row on the timeline."""

import datetime as dt

import pytest
from django.db.models import Exists, Min, OuterRef

from binome.cases import transitions
from binome.cases.models import CallOutcome, Dossier, DossierEvent, EventKind
from binome.steering.figures import Period, Scope, funnel, request_to_contact
from tests.steering.conftest import at


def call(dossier, user, day: str, outcome=CallOutcome.REACHED, hour: int = 10):
    return transitions.record_event(dossier, EventKind.CALL, user=user, call_outcome=outcome, at=at(day, hour))


@pytest.fixture
def calls_2025(world, make_dossier):
    """Requests and their calls. First answered calls in 2025 and their delays from the request:
    A 5 days, B 14 (requested in 2024), C 4 (an earlier call recorded after a later one), E 10 (Champagnole),
    G 2. D (requested in December) is first reached in 2026; H is only scheduled, I never reached, J only visited.
    """
    w, c = world, world.commune
    a = make_dossier(c, "2025-01-10")
    call(a, w.coordinator, "2025-01-12", CallOutcome.NO_ANSWER)
    call(a, w.coordinator, "2025-01-15")
    call(a, w.coordinator, "2025-02-01")  # reached again: not the first
    call(make_dossier(c, "2024-12-20"), w.coordinator, "2025-01-03")  # B
    cc = make_dossier(c, "2025-03-01")
    call(cc, w.coordinator, "2025-03-20")
    call(cc, w.coordinator, "2025-03-05")  # recorded afterwards, dated earlier: the first
    call(make_dossier(c, "2025-12-20"), w.coordinator, "2026-01-02")  # D
    call(make_dossier(w.commune2, "2025-05-01"), w.coordinator, "2025-05-11")  # E
    call(make_dossier(c, "2025-06-01"), w.coordinator, "2025-06-03")  # G
    make_dossier(c, "2025-07-01", steps=[("schedule", "2025-07-05")])  # H
    call(make_dossier(c, "2025-08-01"), w.coordinator, "2025-08-02", CallOutcome.MESSAGE)  # I
    make_dossier(c, "2025-09-01", steps=[("mark_visited", "2025-09-20")])  # J
    call(make_dossier(w.other_commune, "2025-01-10"), w.other_coordinator, "2025-01-11")  # another programme
    return w


def test_request_to_first_contact_by_hand(calls_2025):
    w = calls_2025
    # delays 2, 4, 5, 10, 14: median 5, p90 = 10 + 0.6 × 4 = 12.4
    assert request_to_contact(Scope(w.programme), Period.year(2025)) == {
        "count": 5,
        "median": 5,
        "p90": pytest.approx(12.4),
    }
    assert request_to_contact(Scope(w.programme), Period.year(2026)) == {"count": 1, "median": 13, "p90": 13}
    assert request_to_contact(Scope(w.programme, w.champagnole), Period.year(2025)) == {
        "count": 1,
        "median": 10,
        "p90": 10,
    }


def test_the_funnel_counts_a_household_reached_by_a_call_a_booking_or_a_visit(calls_2025):
    # Requests of 2025: A, C, D, E, G, H, I, J; joints: all but I (D in 2026, at any date; H booked; J visited).
    counts = {row["key"]: row["count"] for row in funnel(Scope(calls_2025.programme), Period.year(2025))}
    assert counts == {"requests": 8, "contacted": 7, "visited": 1, "sent": 0, "settled": 0}


def test_the_kept_date_is_the_timeline_s_first_answered_call(calls_2025):
    """What the figures read equals what the timeline says (the definition before the date was kept)."""
    first = DossierEvent.objects.filter(kind=EventKind.CALL, call_outcome=CallOutcome.REACHED).values("dossier")
    expected = dict(first.annotate(first=Min("at")).values_list("dossier", "first"))
    assert dict(Dossier.objects.filter(contacted_at__isnull=False).values_list("pk", "contacted_at")) == expected
    # the period's first answered calls, as the events were read before (no earlier answered call)
    earlier = DossierEvent.objects.filter(
        dossier=OuterRef("dossier"), kind=EventKind.CALL, call_outcome=CallOutcome.REACHED, at__lt=OuterRef("at")
    )
    period = Period.year(2025)
    from_events = (
        DossierEvent.objects.filter(
            dossier__programme=calls_2025.programme,
            kind=EventKind.CALL,
            call_outcome=CallOutcome.REACHED,
            at__gte=period.since,
            at__lt=period.until,
        )
        .exclude(Exists(earlier))
        .count()
    )
    assert from_events == request_to_contact(Scope(calls_2025.programme), period)["count"] == 5


def test_a_call_keeps_its_date_on_the_dossier_object_too(world, make_dossier):
    dossier = make_dossier(world.commune, "2025-01-10")
    call(dossier, world.coordinator, "2025-01-20")
    assert dossier.contacted_at == at("2025-01-20")
    call(dossier, world.coordinator, "2025-01-15")
    assert dossier.contacted_at == at("2025-01-15")
    call(dossier, world.coordinator, "2025-02-15")
    assert dossier.contacted_at == at("2025-01-15")
    call(dossier, world.coordinator, "2025-01-01", CallOutcome.NO_ANSWER)
    dossier.refresh_from_db()
    assert dossier.contacted_at == at("2025-01-15")
    assert dossier.version == 1  # a call never conflicts with an edit of the dossier


def test_a_follow_up_call_is_an_answered_call(world, make_dossier):
    """The six-month follow-up call is recorded as an answered call: a household never reached before (only
    booked) is « joint » at that date, as the timeline said."""
    dossier = make_dossier(world.commune, "2025-01-10", steps=[("schedule", "2025-01-20")])
    later = at("2025-09-01") + dt.timedelta(hours=2)
    transitions.record_event(dossier, EventKind.CALL, user=world.coordinator, call_outcome="reached", at=later)
    assert Dossier.objects.get(pk=dossier.pk).contacted_at == later
