"""The pages of one dossier read a constant number of rows sets (issue 20): the same number of queries when the
dossier has twice its events, bills, visits, kit and orientations, and when the programme has twice its dossiers; the
dossier page within 15 queries for every role and step."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from binome.accounts.models import Role
from binome.cases import transitions
from binome.cases.models import CallOutcome, EventKind
from binome.cases.workflow import State
from binome.coordination.models import Derogation
from binome.core.models import TaskFailure
from binome.diagnosis.models import DiagnosisSection, KitInstallation, KitItem, KitStock, KitUsage
from binome.orientations import calls, services as orientation_services
from binome.reports import editing, versions
from binome.reports.models import SectionConflict
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


PAGE_BUDGET = 15  # issue 20: BEGIN/COMMIT, session, user and memberships included
MAIN_STATES = (
    State.RECEIVED,
    State.TO_CONTACT,
    State.WAITING_LIST,
    State.SCHEDULED,
    State.VISITED,
    State.IN_REVIEW,
    State.IN_VALIDATION,
    State.SENT,
    State.CLOSED,
    State.WITHDRAWN,
    State.UNREACHABLE,
)
READERS = ("coordinator", "advisor", "chef_mission", "chef_service", "referrer")


def returned_for_changes(world, dossier):
    """An in-validation dossier sent back to cross-reading: a version and its decision, comments and a conflict."""
    number = versions.latest_version(dossier.report).number
    versions.decide(
        dossier, world.chef_mission, {Role.CHEF_MISSION}, decision="returned", text="À revoir.", version_number=number
    )
    report = editing.report_of(dossier)
    editing.add_comment(report, "situation", "Préciser le chauffage.", world.chef_mission)
    section = report.sections.get(key="findings")
    SectionConflict.objects.create(section=section, text="Autre texte.", base_version=1, author=world.advisor)
    dossier.refresh_from_db()
    assert dossier.state == State.IN_REVIEW
    return dossier


def page_queries(client, dossier):
    """The queries of the dossier page as in production, where each request is one transaction (counted here as
    its SAVEPOINT and RELEASE, in the test's transaction); None when the role does not see the dossier."""
    url = reverse("cases:detail", args=[dossier.pk])
    if client.get(url).status_code != 200:
        return None
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_dossier_page_within_budget_for_every_role_and_step(world, make_dossier, kit, monkeypatch):
    """Every block at its fullest: calls and notes, visits, both notes of the diagnosis, a derogation, the report with
    a returned version, open comments and a conflict, orientations with their partner, follow-up calls, dispatches."""
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", True)
    dossiers = {state.value: make_dossier(state, share_with_referrer=True) for state in MAIN_STATES}
    dossiers["returned"] = returned_for_changes(world, make_dossier(State.IN_VALIDATION, share_with_referrer=True))
    calls.plan(dossiers["sent"])
    for dossier in dossiers.values():
        grow_dossier(world, dossier, 2)
        Derogation.objects.create(dossier=dossier, reason="Coupure imminente.", granted_by=world.coordinator)
    orientation_services.propose(
        dossiers["sent"], [{"solution": "fsl", "organisation": world.caf.pk}], user=world.coordinator
    )

    counted = {}
    for who in READERS:
        client = login(getattr(world, who))
        for name, dossier in dossiers.items():
            if (queries := page_queries(client, dossier)) is not None:
                counted[who, name] = queries

    assert {(who, name) for who in READERS if who != "advisor" for name in dossiers} <= set(counted)
    after_visit = {"scheduled", "visited", "in_review", "in_validation", "sent", "closed", "returned"}
    assert {("advisor", name) for name in after_visit} <= set(counted)
    assert max(counted.values()) <= PAGE_BUDGET, {key: n for key, n in counted.items() if n > PAGE_BUDGET}


def test_dossier_page_lists_failed_tasks_for_one_more_query(world, make_dossier):
    """The failures of the dossier's background tasks are read only when there are some."""
    dossier = make_dossier(State.SENT)
    client = login(world.coordinator)
    without = page_queries(client, dossier)
    TaskFailure.objects.create(
        task="binome.orientations.tasks.plan_dossier_follow_ups",
        dossier_id=dossier.pk,
        programme_id=world.programme.pk,
        attempts=3,
        error="django.db.OperationalError",
    )
    assert page_queries(client, dossier) == without + 1
    page = client.get(reverse("cases:detail", args=[dossier.pk])).content.decode()
    assert "Planification des appels de suivi d&#x27;un dossier" in page
