"""The priority scores kept per day (``coordination.kept_priority``, PostgreSQL): the queue's ranked tabs read from
them give exactly the ranking computed live — the same requests, in the same order, with the scores of the
Python rules — after every kind of change the triggers must notice, and on any day once refreshed for it."""

import datetime as dt
import io
import threading
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from binome.accounts.models import Role
from binome.cases import transitions
from binome.cases.models import Dossier
from binome.cases.workflow import State
from binome.coordination import kept_priority, queue, services
from binome.coordination.models import CoordinationSettings, Derogation, RankingDay
from binome.operations import housekeeping
from binome.territory.models import Commune, CoverageYear
from tests.coordination.test_ranking import (
    QUEUE_BUDGET,
    requests,  # noqa: F401 - the fixture
)


RANKED_TABS = ["a-traiter", "en-attente"]
YEAR_END = dt.date(2026, 12, 1)  # every rule applies: urgency, cut risk and winter, derogation, year end, age


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        pytest.fail("the scores are kept by PostgreSQL triggers: run the tests on PostgreSQL (README)")


@pytest.fixture
def waiting(world, make_dossier):
    """Requests of the « En attente » tab, in both UTs, one with a derogation."""
    made = [
        make_dossier(state, motives=motives, urgent=urgent, commune=commune)
        for state, motives, urgent, commune in [
            (State.WAITING_LIST, ["cold"], False, world.commune2),
            (State.WAITING_LIST, [], True, world.commune),
            (State.DEFERRED, ["cut_risk"], False, world.commune2),
            (State.DEFERRED, ["health"], False, world.commune2),
        ]
    ]
    Derogation.objects.create(dossier=made[3], reason="Enfant malade.", granted_by=world.coordinator)
    return made


@pytest.fixture
def everything(requests, waiting, monkeypatch):  # noqa: F811 - the fixture imported above
    monkeypatch.setattr(queue, "PER_PAGE", 500)  # every request on one page
    return requests + waiting


def read_kept(queries) -> bool:
    """Whether the ranking query read the kept scores (the live ranking reads none)."""
    return any("UNION ALL" in q["sql"] and '"ranked_score"' in q["sql"] for q in queries.captured_queries)


def tab(world, day: dt.date, group: str, **params) -> tuple[list[tuple[str, int]], bool]:
    """The tab's requests in the queue's order with their scores, and whether the kept scores ranked them."""
    query = queue.QueueQuery(dossiers=Dossier.objects.filter(programme=world.programme), group=group, **params)
    with CaptureQueriesContext(connection) as queries:
        page = queue.build(query, world.programme, day).page
    return [(d.reference, d.priority) for d in page.object_list], read_kept(queries)


def live_tab(world, day: dt.date, group: str, **params) -> list[tuple[str, int]]:
    """The same tab ranked live, every request scored in the query (the programme's day forgotten meanwhile)."""
    day_row = RankingDay.objects.filter(programme_id=world.programme.pk)
    kept_on = day_row.values_list("ranked_on", flat=True).first()
    day_row.update(ranked_on=None)
    try:
        with mock.patch.object(kept_priority, "ask_refresh"):  # no refresh for today asked meanwhile
            rows, kept = tab(world, day, group, **params)
    finally:
        day_row.update(ranked_on=kept_on)
    assert not kept
    return rows


def unscored(world) -> set[str]:
    """The ranked requests without a kept score (to compute)."""
    return set(
        Dossier.objects.filter(
            programme=world.programme, state__in=kept_priority.RANKED_STATES, ranked_score__isnull=True
        ).values_list("reference", flat=True)
    )


def assert_kept_is_live(world, day: dt.date, groups=RANKED_TABS, **params):
    """Each ranked tab read from the kept scores is the tab ranked live, and each kept score is the Python rules'."""
    assert RankingDay.objects.get(programme_id=world.programme.pk).ranked_on == day
    for group in groups:
        kept_rows, kept = tab(world, day, group, **params)
        assert kept, "the kept scores ranked the tab"
        assert kept_rows and kept_rows == live_tab(world, day, group, **params)
        scores = [score for _ref, score in kept_rows]
        assert scores == sorted(scores, reverse=True)
    dossiers = list(
        Dossier.objects.filter(programme=world.programme, state__in=kept_priority.RANKED_STATES).select_related(
            "commune"
        )
    )
    python = {d.reference: d.priority for d in services.prioritise(dossiers, world.programme, day)}
    stored = {d.reference: d.ranked_score for d in dossiers if d.ranked_score is not None}
    assert stored and stored == {ref: python[ref] for ref in stored}


def test_the_kept_scores_are_the_live_ranking_after_every_change_of_a_request(
    world,
    everything,
    make_dossier,
    requests,  # noqa: F811
):
    day = YEAR_END
    assert kept_priority.refresh(world.programme.pk, day) == len(everything)
    assert unscored(world) == set()
    assert_kept_is_live(world, day)
    assert kept_priority.refresh(world.programme.pk, day) == 0  # nothing changed: nothing written

    make_dossier(State.SCHEDULED)  # not ranked
    new = make_dossier(motives=["cut_risk"], urgent=True)
    assert unscored(world) == {new.reference}  # a new request is scored live until the refresh
    assert_kept_is_live(world, day)

    toggled = Dossier.objects.get(pk=requests[2].pk)
    toggled.urgent = not toggled.urgent
    toggled.save()
    Dossier.objects.filter(pk=requests[3].pk).update(motives=["cold", "cut_risk"])
    assert unscored(world) == {new.reference, toggled.reference, requests[3].reference}
    assert_kept_is_live(world, day)

    moved = Dossier.objects.get(pk=requests[4].pk)  # the household's address corrected: another UT
    moved.commune = world.commune2 if moved.commune_id == world.commune.pk else world.commune
    moved.save()
    assert moved.reference in unscored(world)
    assert_kept_is_live(world, day)

    kept_priority.refresh(world.programme.pk, day)
    assert unscored(world) == set()
    # Steps: out of the ranked tabs, from one tab to the other, back in.
    coordinator = {"user": world.coordinator, "roles": {Role.COORDINATOR}}
    received = next(d for d in requests if d.state == State.RECEIVED)
    transitions.apply(received, "accept", **coordinator)
    to_contact = next(d for d in requests if d.state == State.TO_CONTACT)
    transitions.apply(to_contact, "defer", note="Au printemps.", **coordinator)
    resumed = everything[-3]  # in Dole, covered this year
    transitions.apply(resumed, "resume", **coordinator)
    gone = Dossier.objects.get(pk=requests[6].pk)
    Dossier.objects.filter(pk=gone.pk).update(state=State.WITHDRAWN)
    assert unscored(world) == {received.reference, to_contact.reference, resumed.reference}
    assert_kept_is_live(world, day)
    assert Dossier.objects.get(pk=gone.pk).ranked_score == 0  # no score outside the ranked steps
    Dossier.objects.filter(pk=gone.pk).update(state=gone.state)  # reopened
    assert gone.reference in unscored(world)
    assert_kept_is_live(world, day)

    kept_priority.refresh(world.programme.pk, day)
    # A derogation granted, then one withdrawn.
    granted = next(d for d in requests if not Derogation.objects.filter(dossier=d).exists())
    services.grant_derogation(granted, user=world.coordinator, reason="Coupure imminente.")
    withdrawn = Derogation.objects.filter(dossier__in=requests).exclude(dossier=granted).first()
    withdrawn.delete()
    assert unscored(world) == {granted.reference, withdrawn.dossier.reference}
    assert_kept_is_live(world, day)

    kept_priority.refresh(world.programme.pk, day)
    # The UTs redrawn: a commune moves to the other UT, which next year's plan does not cover.
    in_commune = set(
        Dossier.objects.filter(commune=world.commune, state__in=kept_priority.RANKED_STATES).values_list(
            "reference", flat=True
        )
    )
    Commune.objects.filter(pk=world.commune.pk).update(unite=world.champagnole)
    assert in_commune and unscored(world) == in_commune
    assert_kept_is_live(world, day)
    assert_kept_is_live(world, day, groups=["a-traiter"], state=State.TO_CONTACT)
    assert_kept_is_live(world, day, page=1)
    # NULL only for the requests to score: the other steps hold 0 (PostgreSQL's estimates count the NULLs).
    others = Dossier.objects.exclude(state__in=kept_priority.RANKED_STATES)
    assert others.exists() and set(others.values_list("ranked_score", flat=True)) == {0}


def test_a_change_of_the_plan_or_of_the_settings_makes_the_day_stale_until_refreshed(world, everything):
    day = YEAR_END
    stale = RankingDay.objects.filter(programme_id=world.programme.pk, ranked_on__isnull=True)
    for change in [
        lambda: CoverageYear.objects.create(programme=world.programme, year=2027, unite=world.champagnole),
        lambda: CoverageYear.objects.filter(programme=world.programme, year=2027, unite=world.dole).delete(),
        lambda: CoordinationSettings.objects.create(programme=world.programme, urgent_points=10),
        lambda: CoordinationSettings.objects.filter(programme=world.programme).update(points_per_week=5),
        lambda: CoordinationSettings.objects.filter(programme=world.programme).update(year_end_days=10),
    ]:
        kept_priority.refresh(world.programme.pk, day)
        assert_kept_is_live(world, day)
        change()
        assert stale.exists()
        for group in RANKED_TABS:
            rows, kept = tab(world, day, group)
            assert not kept and rows  # ranked live with the new plan or settings
        kept_priority.refresh(world.programme.pk, day)
        assert_kept_is_live(world, day)
    # Another programme's plan leaves this one's day alone.
    CoverageYear.objects.create(programme=world.other, year=2027, unite=world.other_commune.unite)
    assert RankingDay.objects.get(programme_id=world.programme.pk).ranked_on == day


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2026, 7, 5),  # an ordinary day: the next one adds a week waited to the requests of 1 December
        dt.date(2026, 10, 31),  # the truce and the year's end begin the next day
        dt.date(2026, 2, 28),  # the truce's last 30 days begin the next day
        dt.date(2026, 12, 31),  # a new year: the year-end rule stops
    ],
    ids=str,
)
def test_the_kept_scores_are_for_their_day_and_refreshed_for_the_next(world, everything, day):
    kept_priority.refresh(world.programme.pk, day)
    assert_kept_is_live(world, day)
    after = day + dt.timedelta(days=1)
    for group in RANKED_TABS:
        rows, kept = tab(world, after, group)
        assert not kept and rows  # the scores of the day before are not used
    written = kept_priority.refresh(world.programme.pk, after)
    assert 0 < written <= len(everything)
    assert_kept_is_live(world, after)


def test_only_the_refresh_writes_a_score(world, everything):
    kept_priority.refresh(world.programme.pk, dt.date(2026, 10, 31))
    read_before = Dossier.objects.get(pk=everything[4].pk)  # a cut risk: worth less during the truce
    kept_priority.refresh(world.programme.pk, dt.date(2026, 11, 1))
    kept = Dossier.objects.get(pk=read_before.pk).ranked_score
    assert read_before.ranked_score is not None and kept is not None and kept != read_before.ranked_score
    read_before.description = "Précisions du ménage."  # not an input of the score
    read_before.save()
    assert Dossier.objects.get(pk=read_before.pk).ranked_score == kept  # not the score of the day before
    Dossier.objects.filter(pk=read_before.pk).update(ranked_score=kept + 500)
    assert Dossier.objects.get(pk=read_before.pk).ranked_score == kept
    Dossier.objects.filter(pk=read_before.pk).update(ranked_score=None)  # forgetting a score is always allowed
    assert read_before.reference in unscored(world)


def test_a_page_finding_the_scores_of_another_day_ranks_live_and_asks_once_for_their_refresh(
    client, world, everything, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(kept_priority, "_asked", {})
    today = timezone.localdate()
    kept_priority.refresh(world.programme.pk, today - dt.timedelta(days=1))
    client.force_login(world.coordinator)

    def refs():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("coordination:queue")).context["page"]
        return [d.reference for d in page.object_list], read_kept(queries)

    with django_capture_on_commit_callbacks(execute=True) as asked:
        live, kept = refs()
    assert not kept and len(asked) == 1
    assert RankingDay.objects.get(programme_id=world.programme.pk).ranked_on == today  # the task refreshed them
    with django_capture_on_commit_callbacks() as again:
        assert refs() == (live, True)
    assert not again

    RankingDay.objects.filter(programme_id=world.programme.pk).update(ranked_on=None)
    with django_capture_on_commit_callbacks() as soon:
        assert refs() == (live, False)
    assert not soon  # asked a moment ago by this process: not again
    monkeypatch.setattr(kept_priority, "_asked", {})
    with django_capture_on_commit_callbacks() as later:
        refs()
    assert len(later) == 1


def test_without_triggers_the_queue_ranks_live_and_asks_nothing(world, everything, monkeypatch):
    """The SQLite demo has no triggers: its scores are never kept, the ranking is the live one."""
    kept_priority.refresh(world.programme.pk, YEAR_END)
    monkeypatch.setattr(kept_priority, "kept_by_triggers", lambda: False)
    monkeypatch.setattr(kept_priority, "_asked", {})
    for group in RANKED_TABS:
        rows, kept = tab(world, YEAR_END, group)
        assert not kept and rows == live_tab(world, YEAR_END, group)
    assert kept_priority._asked == {}
    assert kept_priority.refresh_all(YEAR_END) == (0, 0)


@pytest.mark.parametrize("role", ["coordinator", "chef_mission"])
@pytest.mark.parametrize("group", RANKED_TABS)
def test_the_kept_ranking_costs_no_more_queries_than_the_live_one(
    client, world, everything, make_dossier, role, group, django_assert_max_num_queries
):
    client.force_login(getattr(world, role))
    url = reverse("coordination:queue")
    with CaptureQueriesContext(connection) as live:
        client.get(url, {"etape": group})
    kept_priority.refresh(world.programme.pk, timezone.localdate())
    with django_assert_max_num_queries(min(len(live.captured_queries), QUEUE_BUDGET)) as kept:
        client.get(url, {"etape": group, "page": 1})
    assert read_kept(kept)
    # Requests changed or added since the refresh are scored in the same query.
    for _ in range(3):
        make_dossier(State.TO_CONTACT if group == "a-traiter" else State.DEFERRED, motives=["cold"])
    with django_assert_max_num_queries(len(kept.captured_queries)):
        client.get(url, {"etape": group})


def test_the_page_asking_for_the_refresh_stays_within_the_budget(
    client, world, everything, monkeypatch, django_capture_on_commit_callbacks
):
    """The first page of the day in a process queues the refresh with the database backend: one more query."""
    monkeypatch.setattr(kept_priority, "_asked", {})
    client.force_login(world.coordinator)
    with (
        override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}),
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True) as asked,
    ):
        assert client.get(reverse("coordination:queue")).status_code == 200
    assert len(asked) == 1
    assert any("django_tasks_database_dbtaskresult" in q["sql"] for q in queries.captured_queries)
    assert len(queries.captured_queries) <= QUEUE_BUDGET


def test_the_ranked_states_are_those_of_the_ranked_tabs():
    tabs = {s for group in queue.PRIORITISED_GROUPS for s in queue.QUEUE_GROUPS[group][1]}
    assert set(kept_priority.RANKED_STATES) == tabs


def test_the_nightly_cleanup_refreshes_the_programmes_scores(world, everything):
    now = timezone.make_aware(dt.datetime(2026, 12, 1, 3, 30))
    assert "Scores de priorité à recalculer : 2 programme(s)." in housekeeping.clean(now, dry_run=True)
    assert not RankingDay.objects.filter(ranked_on=YEAR_END).exists()
    summary = housekeeping.clean(now)
    assert f"Scores de priorité recalculés : 2 programme(s), {len(everything)} dossier(s)." in summary
    assert set(RankingDay.objects.values_list("programme_id", "ranked_on")) >= {
        (world.programme.pk, YEAR_END),
        (world.other.pk, YEAR_END),
    }
    assert_kept_is_live(world, YEAR_END)
    assert "Scores de priorité recalculés : 0 programme(s), 0 dossier(s)." in housekeeping.clean(now)


# A refresh computes from one snapshot: a change committed meanwhile must not leave a score computed before it.


@pytest.fixture
def committed():
    """Run ``change`` in another connection, committed at once, as another request would."""

    def run(change):
        def other():
            try:
                change()
            finally:
                connections.close_all()

        thread = threading.Thread(target=other)
        thread.start()
        thread.join()

    return run


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_during_a_refresh_is_not_overwritten(world, make_dossier, committed, monkeypatch):
    """Each change is committed by another connection just after the refresh took its snapshot (its first query)."""
    day = YEAR_END
    other = make_dossier(State.TO_CONTACT, commune=world.commune2)
    CoverageYear.objects.create(programme=world.programme, year=2027, unite=world.dole)
    kept_priority.refresh(world.programme.pk, day)
    plain = make_dossier(State.TO_CONTACT)  # without a score: the refresh will write it
    original = kept_priority.ranking_of
    for change, attempts in [
        # A row it writes changed since its snapshot: the refresh fails on it and starts again.
        (lambda: Dossier.objects.filter(pk=plain.pk).update(urgent=True), 2),
        # Its row NULL since (the derogation's trigger): the refresh, finding the same score in its snapshot,
        # leaves it alone, and it is scored live.
        (lambda: Derogation.objects.create(dossier=other, reason="Coupure.", granted_by=world.coordinator), 1),
        # The programme's day NULL since (the plan's trigger): the refresh fails on recording its day, starts again.
        (lambda: CoverageYear.objects.create(programme=world.programme, year=2027, unite=world.champagnole), 2),
    ]:
        calls = []

        def ranking_of_then_change(programme, change=change, calls=calls):
            found = original(programme)
            if not calls:
                committed(change)
            calls.append(programme)
            return found

        monkeypatch.setattr(kept_priority, "ranking_of", ranking_of_then_change)
        kept_priority.refresh(world.programme.pk, day)
        monkeypatch.setattr(kept_priority, "ranking_of", original)
        assert len(calls) == attempts
        assert_kept_is_live(world, day, groups=["a-traiter"])
    assert Dossier.objects.get(pk=plain.pk).ranked_score >= 100  # urgent


def test_the_command_refreshes_today_s_scores(world, everything):
    out = io.StringIO()
    call_command("refresh_priorities", "--dry-run", stdout=out)
    assert out.getvalue().strip() == "2 programme(s) à recalculer."
    call_command("refresh_priorities", stdout=out)
    assert f"2 programme(s) recalculé(s), {len(everything)} score(s) écrit(s)." in out.getvalue()
    assert RankingDay.objects.get(programme_id=world.programme.pk).ranked_on == timezone.localdate()
    assert unscored(world) == set()
