"""The pages of one dossier read a constant number of rows sets (issue 20): the same number of queries when the
dossier has twice its events, bills, visits, kit and orientations, and when the programme has twice its dossiers."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from binome.cases import transitions
from binome.cases.models import CallOutcome, EventKind
from binome.cases.workflow import State
from binome.diagnosis.models import DiagnosisSection, KitInstallation, KitItem, KitStock, KitUsage
from binome.orientations import calls, services as orientation_services
from tests.cases.test_views import count_queries, login
from tests.factories import VisitFactory


BILL = {"energy": "electricity", "end": "2026-01-31", "reading": "real", "unit": "kwh", "amount": "84.00"}


def pages(world, review, validation, sent):
    """(role, url) of every page of a dossier each role opens, on a dossier of the step where it is open."""
    visit = review.visits.order_by("-pk").first()
    orientation = sent.orientations.order_by("pk").first()
    follow_up = sent.follow_ups.order_by("pk").first()
    rows = []
    for who in ("coordinator", "advisor", "chef_mission", "chef_service"):
        for dossier in (review, validation, sent):
            rows.append((who, reverse("cases:detail", args=[dossier.pk])))
            rows.append((who, reverse("diagnosis:page", args=[dossier.pk])))
    for who in ("coordinator", "advisor"):
        rows += [
            (who, reverse("diagnosis:note", args=[review.pk, "technical"])),
            (who, reverse("reports:edit", args=[review.pk])),
            (who, reverse("orientations:add", args=[review.pk])),
            (who, reverse("visits:detail", args=[visit.pk])),
        ]
    rows += [
        ("coordinator", reverse("diagnosis:note", args=[review.pk, "social"])),
        ("coordinator", reverse("reports:dispatch", args=[sent.pk])),
        ("coordinator", reverse("orientations:update", args=[sent.pk, orientation.pk])),
        ("coordinator", reverse("orientations:follow_up", args=[sent.pk, follow_up.pk])),
        ("chef_mission", reverse("reports:review", args=[validation.pk])),
        ("chef_mission", reverse("orientations:add", args=[validation.pk])),
        ("referrer", reverse("cases:detail", args=[sent.pk])),
    ]
    return rows


def grow_dossier(world, dossier, times):
    """More of what a dossier accumulates: calls and notes, bills, cancelled visits, kit, orientations."""
    section, _created = DiagnosisSection.objects.get_or_create(
        dossier=dossier, key="bills", defaults={"data": {}, "updated_by": world.coordinator}
    )
    section.data = {"rows": (section.data.get("rows") or []) + [BILL] * times}
    section.save()
    for index in range(times):
        at = timezone.now() - dt.timedelta(days=60 + index)
        transitions.record_event(dossier, EventKind.CALL, user=world.coordinator, call_outcome=CallOutcome.MESSAGE)
        transitions.record_event(dossier, EventKind.NOTE, user=world.coordinator, note="Note.")
        VisitFactory(
            dossier=dossier, advisor=world.advisor2, coordinator=world.coordinator, status="cancelled", starts_at=at
        )
        if dossier.state in {State.IN_REVIEW, State.IN_VALIDATION, State.SENT}:
            orientation_services.propose(dossier, [{"solution": "fsl"}], user=world.coordinator)
    for item in KitItem.objects.filter(programme=world.programme):
        KitInstallation.objects.update_or_create(dossier=dossier, item=item, defaults={"quantity": times})


def grow_programme(world, make_dossier, count, start):
    """More dossiers in the programme, in the same commune (the duplicate check, the kit used by the UT)."""
    items = list(KitItem.objects.filter(programme=world.programme))
    for index in range(start, start + count):
        state = (State.TO_CONTACT, State.SCHEDULED, State.SENT)[index % 3]
        other = make_dossier(state, last_name=f"Autre{index}", reference=f"2026-9{index:03d}")
        for item in items:
            KitInstallation.objects.create(dossier=other, item=item, quantity=2)


@pytest.fixture
def kit(world):
    for name in ("Ampoule LED", "Mousseur"):
        item = KitItem.objects.create(programme=world.programme, name=name, category="bill", unit_cost=3)
        KitStock.objects.create(item=item, unite=world.dole, quantity=50)


def counts(world, rows):
    clients = {}
    found = []
    for who, url in rows:
        client = clients.get(who) or clients.setdefault(who, login(getattr(world, who)))
        found.append((who, url, count_queries(client, url)))
    return found


def test_dossier_pages_run_in_constant_queries(world, make_dossier, kit):
    review = make_dossier(State.IN_REVIEW, last_name="Martin")
    validation = make_dossier(State.IN_VALIDATION)
    sent = make_dossier(State.SENT, share_with_referrer=True)
    calls.plan(sent)
    for dossier in (review, validation, sent):
        grow_dossier(world, dossier, 2)
    grow_programme(world, make_dossier, 3, start=0)
    rows = pages(world, review, validation, sent)
    counts(world, rows)  # a first visit writes (the version seen by the chef, the programme's defaults)
    few = counts(world, rows)

    for dossier in (review, validation, sent):
        grow_dossier(world, dossier, 2)  # twice the events, bills, visits, kit and orientations
    assert counts(world, rows) == few

    grow_programme(world, make_dossier, 6, start=3)  # the programme: from 6 dossiers to twice as many and more
    assert counts(world, rows) == few


def test_kit_usage_follows_installations_and_moves(world, make_dossier, kit):
    """The UT's kit used (maintained by triggers) is the sum of its dossiers' installations, whatever changes."""
    led = KitItem.objects.get(name="Ampoule LED")
    first, second = make_dossier(State.SCHEDULED), make_dossier(State.SCHEDULED)

    def used(unite):
        return KitUsage.objects.filter(unite=unite, item=led).values_list("quantity", flat=True).first() or 0

    KitInstallation.objects.create(dossier=first, item=led, quantity=3)
    installed = KitInstallation.objects.create(dossier=second, item=led, quantity=4)
    assert used(world.dole) == 7
    installed.quantity = 1
    installed.save()
    assert used(world.dole) == 4
    second.commune = world.commune2  # the household moved to the other UT
    second.save()
    assert (used(world.dole), used(world.champagnole)) == (3, 1)
    world.commune.unite = world.champagnole  # the commune given to the other UT
    world.commune.save()
    assert (used(world.dole), used(world.champagnole)) == (0, 4)
    first.delete()
    assert used(world.champagnole) == 1
    installed.delete()
    assert used(world.champagnole) == 0
    led.delete()  # the item's usage goes with it
    assert not KitUsage.objects.filter(item_id=led.pk).exists()
