"""The coordinator's triage queue (``/dossiers/``): its tabs and their counts, the ranking of the intake tabs
and what each of their rows shows (calls, next action, expected visit date).

The view parses the GET parameters (``filters.QueueFilter``) into a ``QueueQuery``, asks ``build`` for the
page and renders it. A page costs the same number of queries whatever the number of dossiers: the call
figures are annotated on the list, the failed calls of the page's dossiers counted in one query.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _, gettext_lazy

from binome.accounts.models import Role
from binome.cases import policies
from binome.cases.models import CallOutcome, DossierEvent, EventKind
from binome.cases.workflow import ENDED_EARLY_STATES, STATE_LABELS, WAITING_STATES, State
from binome.coordination import coverage, services
from binome.coordination.models import CallBack, CoordinationSettings, Derogation
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
    "comptes-rendus": (gettext_lazy("Comptes-rendus"), [State.VISITED, State.IN_REVIEW]),
    "validation": (gettext_lazy("En validation"), [State.IN_VALIDATION]),
    "orientation": (gettext_lazy("Suivi des orientations"), [State.SENT]),
    "termines": (gettext_lazy("Terminés"), [State.CLOSED, *_in_workflow_order(ENDED_EARLY_STATES)]),
}
DEFAULT_GROUP = "a-traiter"
# The intake tabs are ranked by priority and show the calls; the others are listed urgent first, then oldest.
PRIORITISED_GROUPS = frozenset({"a-traiter", "en-attente"})
DEFAULT_GROUP_BY_ROLE = {Role.CHEF_MISSION: "validation", Role.CHEF_SERVICE: "validation"}
PER_PAGE = 50
# The binôme may visit these requests this year (their UT is covered, or a derogation was granted).
VISITABLE_INTAKES = frozenset({coverage.Intake.OPEN, coverage.Intake.DEROGATION})
EXPECTED_HORIZON_DAYS = 28


# The links above coordination (orientations) add what the rows of a tab show, without coordination importing them:
# ``tab_rows(group)(fn)`` — ``fn(dossiers, programme, today)`` returns the tab's queryset annotated and ordered.
_TAB_ROWS: dict[str, Callable[..., QuerySet]] = {}


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


@dataclass(frozen=True)
class Queue:
    group: str
    counts: dict[str, int]  # dossiers per tab, with the UT and source filters
    page: Page

    @property
    def prioritised(self) -> bool:
        return self.group in PRIORITISED_GROUPS

    @property
    def label(self):
        return QUEUE_GROUPS[self.group][0]

    @property
    def tabs(self) -> list[tuple]:
        return [(key, label, self.counts[key]) for key, (label, _states) in QUEUE_GROUPS.items()]

    @property
    def states(self) -> list[tuple[str, str]]:
        """The steps of the tab, for the step filter."""
        return [(s.value, STATE_LABELS[s]) for s in QUEUE_GROUPS[self.group][1]]


def default_group(roles) -> str:
    """The coordinator lands on the requests to handle, the chefs on the reports to validate."""
    if Role.COORDINATOR in roles:
        return DEFAULT_GROUP
    return next((DEFAULT_GROUP_BY_ROLE[r] for r in roles if r in DEFAULT_GROUP_BY_ROLE), DEFAULT_GROUP)


def build(query: QueueQuery, programme, today: dt.date) -> Queue:
    counts = query.dossiers.aggregate(
        **{key: Count("pk", filter=Q(state__in=states)) for key, (_label, states) in QUEUE_GROUPS.items()}
    )
    states = [query.state] if query.state else QUEUE_GROUPS[query.group][1]
    dossiers = (
        query.dossiers.filter(state__in=states)
        .select_related("commune__unite", "organisation", "advisor")
        .annotate(next_visit=F("next_visit_at"), **call_annotations())
    )
    if query.group in PRIORITISED_GROUPS:
        # Expected dates follow the whole open queue of the programme: none when a filter hides part of it.
        with_expected = query.group == DEFAULT_GROUP and not query.narrowed
        rows = rank(list(dossiers), programme, today, with_expected=with_expected)
    else:
        rows = dossiers.order_by("-urgent", "created_at")
        if query.group in _TAB_ROWS:
            rows = _TAB_ROWS[query.group](rows, programme, today)
    page = Paginator(rows, PER_PAGE).get_page(query.page)
    return Queue(group=query.group, counts=counts, page=page)


def call_annotations() -> dict:
    """The call figures of each dossier, annotated on the list (no query per row)."""
    calls = DossierEvent.objects.filter(dossier=OuterRef("pk"), kind=EventKind.CALL)
    reached = Q(events__kind=EventKind.CALL, events__call_outcome=CallOutcome.REACHED)
    return {
        "has_derogation": Exists(Derogation.objects.filter(dossier=OuterRef("pk"))),
        "contacted_at": Min("events__at", filter=reached),
        "last_reached_at": Max("events__at", filter=reached),
        "call_count": Count("events", filter=Q(events__kind=EventKind.CALL)),
        "last_call_outcome": Subquery(calls.order_by("-at", "-pk").values("call_outcome")[:1]),
        "call_back_on": Subquery(
            CallBack.objects.filter(event__dossier=OuterRef("pk")).order_by("-event__at").values("on")[:1]
        ),
    }


def rank(dossiers: list, programme, today: dt.date, *, with_expected: bool) -> list:
    """Sort annotated dossiers by priority and set what their rows show: ``priority``, ``reasons``, ``intake``
    (from ``services.prioritise``), ``failed_calls``, ``next_action``, ``bookable`` and ``expected_on``."""
    config = CoordinationSettings.for_programme(programme)
    rows = services.prioritise(dossiers, programme, today, config=config)
    failed = failed_since_reached(rows)
    for d in rows:
        d.failed_calls = failed[d.pk]
        d.next_action = next_action(d, config.unreachable_attempts, today)
        d.bookable = policies.is_bookable(d) and d.intake.intake in VISITABLE_INTAKES
    expected = {}
    if with_expected:
        expected = expected_visits(programme, [d for d in rows if d.intake.intake in VISITABLE_INTAKES], today)
    for d in rows:
        d.expected_on = expected.get(d.pk)
    return rows


def failed_since_reached(dossiers) -> dict[int, int]:
    """Failed calls since each dossier's last successful one (``last_reached_at`` annotated), in one query."""
    pks = [d.pk for d in dossiers]
    counts = dict.fromkeys(pks, 0)
    last = {d.pk: d.last_reached_at for d in dossiers}
    for dossier_id, at in DossierEvent.objects.filter(
        dossier_id__in=pks, kind=EventKind.CALL, call_outcome__in=coverage.FAILED_CALL_OUTCOMES
    ).values_list("dossier_id", "at"):
        if last[dossier_id] is None or at > last[dossier_id]:
            counts[dossier_id] += 1
    return counts


def expected_visits(programme, open_dossiers: list, today: dt.date) -> dict[int, dt.date]:
    """Expected visit date of each open request (those the binôme may visit this year), by queue position."""
    coordinator, advisor = agenda.binome_of(programme)
    config = AgendaSettings.for_programme(programme)
    horizon = [today + dt.timedelta(days=i) for i in range(1, EXPECTED_HORIZON_DAYS + 1)]
    free = []
    if coordinator and advisor:
        free = agenda.free_slots_for(programme, advisor, coordinator, horizon, config.slot_minutes)
    dates = expected_dates(len(open_dossiers), free, config.weekly_capacity, horizon[-1])
    return {d.pk: day for d, day in zip(open_dossiers, dates, strict=True)}


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
