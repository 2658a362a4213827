"""The coordinator's triage queue (``/dossiers/``): its tabs and their counts, the ranking of the intake tabs
and what each of their rows shows (calls, next action, expected visit date).

The view parses the GET parameters (``filters.QueueFilter``) into a ``QueueQuery``, asks ``build`` for the
page and renders it. A page costs the same number of queries, and about the same time, whatever the number of
dossiers: the intake tabs are ranked in SQL (``ranking``) and only the page is fetched (``LIMIT``); the call
figures and the priority's reasons are then computed for the page's rows alone.
"""

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import BooleanField, ExpressionWrapper, F, QuerySet
from django.utils.translation import gettext as _, gettext_lazy

from binome.accounts.models import Role
from binome.cases import counts as step_counts, policies
from binome.cases.models import CallOutcome, DossierEvent, EventKind
from binome.cases.workflow import (
    ENDED_EARLY_STATES,
    FOLLOW_UP_STATES,
    STATE_LABELS,
    WAITING_STATES,
    WRITING_STATES,
    State,
)
from binome.coordination import coverage, kept_priority, ranking, services
from binome.core import pages
from binome.core.postgresql import kept_by_triggers
from binome.visits import agenda
from binome.visits.models import AgendaSettings
from binome.visits.scheduling import expected_dates


def _in_workflow_order(states) -> list[State]:
    return [s for s in State if s in states]


# The tabs: key (the ``etape`` GET parameter), label, steps shown.
QUEUE_GROUPS = {
    "a-traiter": (gettext_lazy("À traiter"), [State.RECEIVED, State.TO_CONTACT]),
    "en-attente": (gettext_lazy("En attente"), _in_workflow_order(WAITING_STATES)),
    "visites": (gettext_lazy("Visites programmées"), [State.SCHEDULED]),
    "comptes-rendus": (gettext_lazy("Comptes-rendus"), _in_workflow_order(WRITING_STATES)),
    "validation": (gettext_lazy("En validation"), [State.IN_VALIDATION]),
    "orientation": (gettext_lazy("Suivi des orientations"), _in_workflow_order(FOLLOW_UP_STATES)),
    "termines": (gettext_lazy("Terminés"), [State.CLOSED, *_in_workflow_order(ENDED_EARLY_STATES)]),
}
DEFAULT_GROUP = "a-traiter"
ENDED_GROUP = "termines"
# The intake tabs are ranked by priority and show the calls; the others are listed urgent first, then oldest.
PRIORITISED_GROUPS = frozenset({"a-traiter", "en-attente"})
DEFAULT_GROUP_BY_ROLE = {Role.CHEF_MISSION: "validation", Role.CHEF_SERVICE: "validation"}
PER_PAGE = 50
# The binôme may visit these requests this year (their UT is covered, or a derogation was granted).
VISITABLE_INTAKES = frozenset({coverage.Intake.OPEN, coverage.Intake.DEROGATION})
EXPECTED_HORIZON_DAYS = 28


# The links above coordination (orientations) add what the rows of a tab show, without coordination importing them:
# ``tab_rows(group)(fn)`` — ``fn(dossiers, programme, today)`` returns the tab's queryset annotated with what its
# rows show, and ``first(n)``: the ids of its first ``n`` dossiers in the tab's order.
_TAB_ROWS: dict[str, Callable[..., tuple[QuerySet, Callable[[int], list[int]]]]] = {}


def tab_rows(group: str):
    def register(fn):
        _TAB_ROWS[group] = fn
        return fn

    return register


@dataclass(frozen=True)
class QueueQuery:
    """What the coordinator asked for, parsed and checked."""

    dossiers: QuerySet  # the dossiers the user sees, filtered by UT and source
    group: str = DEFAULT_GROUP
    state: State | None = None  # one step of the tab, or all of them
    page: int | None = None
    narrowed: bool = False  # a UT, source or step filter applies
    # The dossiers are all the programme's (the queue's roles see them all) or those of one UT (``unite``): the tabs
    # are counted from the counters by step and UT (``cases.counts``) rather than by reading their dossiers.
    by_step: bool = False
    unite: int | None = None


@dataclass(frozen=True)
class Queue:
    group: str
    counts: dict[str, int]  # dossiers per tab, with the UT and source filters, up to pages.COUNT_CAP + 1
    page: Page

    @property
    def prioritised(self) -> bool:
        return self.group in PRIORITISED_GROUPS

    @property
    def label(self):
        return QUEUE_GROUPS[self.group][0]

    @property
    def tabs(self) -> list[tuple]:
        return [
            (key, label, self.counts[key], self.counts[key] > pages.COUNT_CAP)
            for key, (label, _s) in QUEUE_GROUPS.items()
        ]

    @property
    def states(self) -> list[tuple[str, str]]:
        """The steps of the tab, for the step filter."""
        return [(s.value, STATE_LABELS[s]) for s in QUEUE_GROUPS[self.group][1]]


def default_group(roles) -> str:
    """The coordinator lands on the requests to handle, the chefs on the reports to validate."""
    if Role.COORDINATOR in roles:
        return DEFAULT_GROUP
    return next((DEFAULT_GROUP_BY_ROLE[r] for r in roles if r in DEFAULT_GROUP_BY_ROLE), DEFAULT_GROUP)


def build(query: QueueQuery, programme, today: dt.date, *, also_count: dict[str, QuerySet] | None = None) -> Queue:
    """The tab's page. ``also_count``: other lists the page counts (capped), in the same query as the tabs."""
    counts = pages.capped_counts(_tab_counts(query, programme) | (also_count or {}))
    states = [query.state] if query.state else QUEUE_GROUPS[query.group][1]
    dossiers = (
        query.dossiers.filter(state__in=states)
        .select_related("commune__unite", "organisation", "advisor")
        .annotate(next_visit=F("next_visit_at"))
    )
    if query.group in PRIORITISED_GROUPS:
        # Expected dates follow the whole open queue of the programme: none when a filter hides part of it.
        with_expected = query.group == DEFAULT_GROUP and not query.narrowed
        return _ranked(query, dossiers, counts, programme, today, with_expected=with_expected)
    if query.group in _TAB_ROWS:
        rows, ids = _TAB_ROWS[query.group](dossiers, programme, today)
        page, _before = _page_of(rows, rows, query, counts, first=lambda n: [(pk, False) for pk in ids(n)])
        return Queue(group=query.group, counts=counts, page=page)
    if query.group == ENDED_GROUP:
        rows = dossiers.order_by("-created_at", "-pk")  # the latest requests first
    else:
        rows = dossiers.order_by("-urgent", "created_at", "pk")
    page, _before = _page_of(rows, rows, query, counts)
    return Queue(group=query.group, counts=counts, page=page)


def _tab_counts(query: QueueQuery, programme) -> dict:
    """What counts each tab: its dossiers, counted up to the cap; on PostgreSQL, unless a source or a search
    narrows them, the counters by step and UT, whose reading does not grow with the programme (0.3 ms instead of
    6 for the seven tabs at 500,000 dossiers)."""
    if query.by_step and kept_by_triggers():
        return {
            key: pages.Counted(step_counts.at_steps(programme, states, query.unite))
            for key, (_label, states) in QUEUE_GROUPS.items()
        }
    return {key: query.dossiers.filter(state__in=states) for key, (_label, states) in QUEUE_GROUPS.items()}


def _page_of(
    ordered: QuerySet, fetch: QuerySet, query: QueueQuery, counts, *, tally=None, first=None
) -> tuple[Page, int]:
    """The page asked of ``ordered``: its order is read on the dossiers' ids alone, then the page's rows are fetched
    from ``fetch`` with their relations and annotations (computed for those rows only, not for the whole tab).

    ``tally``: a condition on the dossiers; how many of the previous pages' rows meet it is read with the page's
    ids (the ids of the rows before the page, with the condition, rather than a second query) and returned with
    the page (0 without it). ``first(n)``: reads those ``(id, meets tally)`` of the first ``n`` rows instead of
    ``ordered`` (the scores kept for the day, ``kept_priority.first``); ``ordered`` is then only counted."""
    paginator = pages.CappedPaginator(
        ordered.values_list("pk", flat=True), PER_PAGE, count=_known_count(query, counts)
    )
    before = 0
    if tally is None and first is None:
        page = paginator.get_page(query.page)
    else:
        number = paginator.number_of(query.page)
        offset = (number - 1) * PER_PAGE
        if first is not None:
            head = first(offset + PER_PAGE)
        else:
            flagged = ordered.annotate(tallied=ExpressionWrapper(tally, output_field=BooleanField()))
            head = list(flagged.values_list("pk", "tallied")[: offset + PER_PAGE])
        before = sum(1 for _pk, tallied in head[:offset] if tallied)
        page = Page([pk for pk, _tallied in head[offset:]], number, paginator)
    found = fetch.in_bulk(list(page.object_list))
    page.object_list = [found[pk] for pk in page.object_list]
    return page, before


def _known_count(query: QueueQuery, counts) -> int | None:
    return None if query.state else counts[query.group]


def _ranked(query: QueueQuery, dossiers: QuerySet, counts, programme, today: dt.date, *, with_expected: bool):
    """An intake tab: ranked by priority in the database, one page fetched, its rows explained."""
    found = kept_priority.ranking_of(programme)  # settings, coverage plan and the day of the kept scores: one query
    config, plan = found.config, found.plan
    score = ranking.score(plan, today, config.rules())
    tally = ranking.visitable(plan, today.year) if with_expected else None
    if found.kept_for(today):  # the scores kept for today, read on their index; those of changed requests computed
        ranked, first = dossiers, functools.partial(kept_priority.first, dossiers, score, tally)
    else:  # every request scored (the day's scores are being refreshed, or the SQLite demo)
        kept_priority.ask_refresh(programme.pk)
        ranked, first = dossiers.annotate(rank_score=score).order_by(*kept_priority.ORDER), None
    # The ranking reads only what the score needs; the page's 50 rows are then fetched with their relations.
    # With the expected dates, the visitable requests ranked on the previous pages are counted in the same query.
    page, before = _page_of(
        ranked,
        dossiers.annotate(has_derogation=ranking.has_derogation()),
        query,
        counts,
        tally=tally,
        first=first,
    )
    rows = page.object_list
    services.explain(rows, programme, today, config=config, plan=plan)
    add_calls(rows, config.unreachable_attempts)
    for d in rows:
        d.next_action = next_action(d, config.unreachable_attempts, today)
        d.bookable = policies.is_bookable(d) and d.intake.intake in VISITABLE_INTAKES
        d.expected_on = None
    if with_expected and rows:
        visitable = [d for d in rows if d.intake.intake in VISITABLE_INTAKES]
        dates = expected_dates_from(programme, before + len(visitable), today)[before:]
        for d, day in zip(visitable, dates, strict=True):
            d.expected_on = day
    page.object_list = rows
    return Queue(group=query.group, counts=counts, page=page)


def add_calls(dossiers: list, attempts_needed: int) -> None:
    """Set the call figures of each dossier: ``call_count``, ``last_call_outcome``, ``failed_calls`` (since last
    reached, ``coverage.call_attempts``), ``call_back_on`` (the latest call-back asked); the first answered call is
    the dossier's own ``contacted_at``. One query for the page's dossiers."""
    outcomes: dict[int, list] = {d.pk: [] for d in dossiers}
    call_backs = {}  # the latest asked, by the call's time
    for dossier_id, outcome, call_back_on in (
        DossierEvent.objects.filter(dossier_id__in=list(outcomes), kind=EventKind.CALL)
        .order_by("at", "pk")
        .values_list("dossier_id", "call_outcome", "call_back__on")
    ):
        outcomes[dossier_id].append(outcome)
        if call_back_on is not None:
            call_backs[dossier_id] = call_back_on
    for d in dossiers:
        d.call_count = len(outcomes[d.pk])
        d.last_call_outcome = outcomes[d.pk][-1] if outcomes[d.pk] else None
        d.failed_calls = coverage.call_attempts(outcomes[d.pk], attempts_needed).failed
        d.call_back_on = call_backs.get(d.pk)


def expected_dates_from(programme, count: int, today: dt.date) -> list[dt.date]:
    """Expected visit dates of the first ``count`` requests the binôme may visit, in queue order."""
    coordinator, advisor = agenda.binome_of(programme)
    config = AgendaSettings.for_programme(programme)
    horizon = [today + dt.timedelta(days=i) for i in range(1, EXPECTED_HORIZON_DAYS + 1)]
    free = []
    if coordinator and advisor:
        free = agenda.free_slots_for(programme, advisor, coordinator, horizon, config.slot_minutes)
    return expected_dates(count, free, config.weekly_capacity, horizon[-1])


# What the coordinator does next, by step (the rows of the intake tabs). Each function gets the ranked,
# annotated dossier, the failed calls that allow « injoignable » and today.


def _take_on(d, attempts_needed: int, today: dt.date) -> str:
    return _("Prendre en charge et appeler")


def _resume_or_wait(d, attempts_needed: int, today: dt.date) -> str:
    if d.intake.intake in VISITABLE_INTAKES:
        return _("Reprendre la demande")
    if d.intake.intake == coverage.Intake.DEFER:
        return _("Attendre %(year)s") % {"year": d.intake.year}
    return _("Attendre une place")


def _follow_calls(d, attempts_needed: int, today: dt.date) -> str:
    if d.call_back_on and d.call_back_on > today:
        return _("Rappeler le %(day)s") % {"day": d.call_back_on.strftime("%d/%m")}
    if d.last_call_outcome == CallOutcome.REACHED:
        return _("Programmer la visite")
    if d.failed_calls >= attempts_needed:
        return _("Déclarer injoignable")
    if d.intake.intake in {coverage.Intake.DEFER, coverage.Intake.WAITING_LIST}:
        return _("UT non couverte : reporter ou dérogation")
    return _("Appeler") if not d.call_count else _("Rappeler")


NEXT_ACTIONS: dict[State, Callable[..., str]] = {
    State.RECEIVED: _take_on,
    State.TO_CONTACT: _follow_calls,
    **dict.fromkeys(WAITING_STATES, _resume_or_wait),
}


def next_action(d, attempts_needed: int, today: dt.date) -> str:
    return NEXT_ACTIONS.get(d.state, _follow_calls)(d, attempts_needed, today)
