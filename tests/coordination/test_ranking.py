"""The intake tabs are ranked in SQL (``coordination.ranking``) from the same terms as the Python score
(``coordination.priority``): both must give every request the same points, whatever the day."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from binome.cases.models import CallOutcome, Dossier
from binome.cases.workflow import State
from binome.coordination import queue, ranking, services
from binome.coordination.models import CoordinationSettings, Derogation
from binome.core import pages
from binome.territory.models import CoverageYear
from tests.coordination.test_queue import call


# A day in each season the rules tell apart: mid-truce, the truce's last weeks, summer, the year's end.
DAYS = [dt.date(2026, 1, 15), dt.date(2026, 3, 10), dt.date(2026, 7, 1), dt.date(2026, 12, 1)]
MOTIVES = [[], ["cut_risk"], ["cold"], ["cut_risk", "health"], ["restriction", "debts"], ["auxiliary_heating"]]


@pytest.fixture
def requests(world, make_dossier):
    """Requests of every kind: urgent or not, each motive, with a derogation, in both UTs, received from the
    same day to two years before, at the edges of a local day."""
    made = []
    received = [dt.timedelta(0), dt.timedelta(days=6, hours=23), dt.timedelta(days=7), dt.timedelta(days=400)]
    for i, motives in enumerate(MOTIVES):
        for j, ago in enumerate(received):
            dossier = make_dossier(
                State.RECEIVED if (i + j) % 2 else State.TO_CONTACT,
                motives=motives,
                urgent=(i + j) % 3 == 0,
                commune=world.commune if j % 2 else world.commune2,
                created_at=timezone.make_aware(dt.datetime(2025, 12, 1, 23, 30)) - ago,
            )
            made.append(dossier)
    for dossier in made[::5]:
        Derogation.objects.create(dossier=dossier, reason="Enfant malade.", granted_by=world.coordinator)
    # Next year's plan covers Dole only: Champagnole's requests get the year-end points in December.
    for year in (2026, 2027):
        CoverageYear.objects.create(programme=world.programme, year=year, unite=world.dole)
    return made


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_sql_and_python_give_every_request_the_same_score(world, requests, today):
    rules = CoordinationSettings.for_programme(world.programme).rules()
    plan = services.plan_for(world.programme)
    dossiers = list(
        Dossier.objects.filter(pk__in=[d.pk for d in requests])
        .select_related("commune")
        .annotate(rank_score=ranking.score(plan, today, rules), has_derogation=ranking.has_derogation())
    )
    services.explain(dossiers, world.programme, today, plan=plan)
    assert [(d.reference, d.rank_score) for d in dossiers] == [(d.reference, d.priority) for d in dossiers]
    assert len({d.priority for d in dossiers}) > 8  # the rules tell the requests apart
    visitable = set(
        Dossier.objects.filter(ranking.visitable(plan, today.year), pk__in=[d.pk for d in requests]).values_list(
            "pk", flat=True
        )
    )
    assert visitable == {d.pk for d in dossiers if d.intake.intake in queue.VISITABLE_INTAKES}


def test_the_queue_pages_follow_the_python_ranking_and_the_expected_dates_continue(
    client, world, requests, monkeypatch
):
    monkeypatch.setattr(queue, "PER_PAGE", 5)
    call(requests[0], world, CallOutcome.NO_ANSWER)
    client.force_login(world.coordinator)
    pages = [client.get(reverse("coordination:queue"), {"page": n}).context["page"] for n in range(1, 6)]
    rows = [d for page in pages for d in page.object_list]
    today = timezone.localdate()
    ranked = services.prioritise(
        list(Dossier.objects.filter(pk__in=[d.pk for d in requests]).select_related("commune")),
        world.programme,
        today,
    )
    assert [d.priority for d in rows] == [d.priority for d in ranked]
    assert sorted(d.reference for d in rows) == sorted(d.reference for d in requests)
    expected = [d.expected_on for d in rows if d.intake.intake in queue.VISITABLE_INTAKES]
    assert all(expected) and expected == sorted(expected)
    assert [d.expected_on for d in rows if d.intake.intake not in queue.VISITABLE_INTAKES] == [None] * (
        len(rows) - len(expected)
    )
    # Computed page by page, the dates are those of the whole queue at once.
    whole = queue.expected_dates_from(world.programme, len(expected), today)
    assert expected == whole


def test_tabs_and_pages_count_up_to_the_cap_then_say_more(client, world, make_dossier, monkeypatch):
    monkeypatch.setattr(pages, "COUNT_CAP", 4)
    monkeypatch.setattr(queue, "PER_PAGE", 2)
    for _ in range(6):
        make_dossier()
    make_dossier(State.TO_CONTACT, commune=world.commune2)
    client.force_login(world.coordinator)
    response = client.get(reverse("coordination:queue"))
    tabs = {key: (count, over) for key, _label, count, over in response.context["groups"]}
    assert tabs["a-traiter"] == (5, True)  # counted up to the cap + 1: « over the cap »
    assert tabs["en-attente"] == (0, False)
    page = response.content.decode()
    assert "plus de 4" in page
    # Two pages of two cover the first four; the last one asks to narrow the list.
    assert response.context["page"].paginator.num_pages == 2
    last = client.get(reverse("coordination:queue"), {"page": 2})
    assert "Seuls les 4 premiers dossiers sont listés" in last.content.decode()
    # Narrowed to Champagnole, the tab holds one request, counted exactly.
    narrowed = client.get(reverse("coordination:queue"), {"ut": world.champagnole.pk})
    assert {key: count for key, _l, count, _o in narrowed.context["groups"]}["a-traiter"] == 1
    assert "Seuls les" not in narrowed.content.decode()


def test_the_tabs_read_from_the_counters_by_step_and_ut_hold_the_dossiers_they_list(client, world, make_dossier):
    """Unless a source or a search narrows the queue, its tabs are counted from the counters by step and UT kept by
    PostgreSQL (``cases.counts``): the same figures as counting the dossiers, for the programme and for one UT."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for state, n in [(State.RECEIVED, 3), (State.DEFERRED, 2), (State.SCHEDULED, 1), (State.CLOSED, 2)]:
        for _ in range(n):
            make_dossier(state)
    for state in (State.TO_CONTACT, State.SENT):
        make_dossier(state, commune=world.commune2, organisation=None)
    moved = make_dossier(State.RECEIVED)
    Dossier.objects.filter(pk=moved.pk).update(state=State.WITHDRAWN)  # a bulk update: the triggers count it too
    client.force_login(world.coordinator)

    def tabs(**params):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("coordination:queue"), params)
        counters = any("cases_statecount" in q["sql"] for q in queries.captured_queries)
        return {key: count for key, _label, count, _over in response.context["groups"]}, counters

    def counted(dossiers):
        return {key: dossiers.filter(state__in=states).count() for key, (_l, states) in queue.QUEUE_GROUPS.items()}

    everything = Dossier.objects.filter(programme=world.programme)
    assert tabs() == (counted(everything), True)
    assert tabs()[0]["a-traiter"] == 4 and tabs()[0]["termines"] == 3
    champagnole = everything.filter(commune__unite=world.champagnole)
    assert tabs(ut=world.champagnole.pk) == (counted(champagnole), True)
    # A source or a search: the dossiers themselves are counted.
    direct = everything.filter(organisation__isnull=True)
    assert tabs(source="direct") == (counted(direct), False)
    assert tabs(q=moved.last_name[:3])[1] is False


TAB_STATES = {
    "a-traiter": State.TO_CONTACT,
    "en-attente": State.DEFERRED,
    "visites": State.SCHEDULED,
    "comptes-rendus": State.IN_REVIEW,
    "validation": State.IN_VALIDATION,
    "orientation": State.SENT,
    "termines": State.CLOSED,
}


# Every tab of the queue, for each role that has it, within the page budget of issue 20 (BEGIN/COMMIT, session,
# user and memberships included), and at the same cost when its dossiers double.
QUEUE_BUDGET = 15


@pytest.mark.parametrize("role", ["coordinator", "chef_mission", "chef_service"])
@pytest.mark.parametrize("tab", TAB_STATES)
def test_every_tab_costs_at_most_15_queries_and_the_same_when_its_dossiers_double(
    client, world, make_dossier, tab, role, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            dossier = make_dossier(TAB_STATES[tab], urgent=i % 2 == 0)
            call(dossier, world, CallOutcome.NO_ANSWER if i % 2 else CallOutcome.REACHED)

    add(3)
    client.force_login(getattr(world, role))
    with django_assert_max_num_queries(QUEUE_BUDGET) as few:
        assert client.get(reverse("coordination:queue"), {"etape": tab}).status_code == 200
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("coordination:queue"), {"etape": tab})
    assert len(page.context["page"].object_list) == 9


@pytest.mark.parametrize("role", ["coordinator", "chef_mission"])
def test_the_later_pages_of_the_requests_cost_what_the_first_costs(
    client, world, requests, role, monkeypatch, django_assert_max_num_queries
):
    """From the second page on, the requests of the previous pages are counted for the expected dates: in the
    query that reads the page's ids, not in one more."""
    monkeypatch.setattr(queue, "PER_PAGE", 5)
    client.force_login(getattr(world, role))
    with django_assert_max_num_queries(QUEUE_BUDGET) as first:
        page = client.get(reverse("coordination:queue"), {"etape": "a-traiter"}).context["page"]
    assert all(d.expected_on for d in page.object_list if d.intake.intake in queue.VISITABLE_INTAKES)
    for number in (2, 4, "999"):
        with django_assert_max_num_queries(len(first.captured_queries)):
            client.get(reverse("coordination:queue"), {"etape": "a-traiter", "page": number})
