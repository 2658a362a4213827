"""What each link of the chain adds to the dossier, registered from the link apps' ``AppConfig.ready``.

``cases`` owns the dossier and its state machine but never imports the apps built on it (visits,
coordination, diagnosis, reports, orientations, network). Each of them registers here:

- **guards**: ``guard("schedule")(fn)`` — ``fn(dossier, user, now)`` returns a French reason when the
  transition must be refused, else ``None``; ``transitions.apply`` and ``transitions.offered`` ask them all;
- **effects**: ``effect("mark_visited")(fn)`` — ``fn(dossier, user, note)`` runs inside the transition's
  transaction, after the state changed;
- **listeners**: ``listener(fn)`` — ``fn(ChainEvent)`` runs *after the commit* of the transaction that
  recorded a step (e-mails, tasks), so nothing is sent for a change that was rolled back;
- **panels**: ``panel(order)(fn)`` — ``fn(request, dossier)`` returns the HTML of a block of the dossier
  page (or ``""``), the link app's own template rendered with its own context;
- **page reads**: ``page_read(fn)`` — ``fn(queryset)`` returns the dossiers' queryset with what the link app's
  block reads of one dossier (``select_related``, annotations), so that the dossier page fetches it with the
  dossier itself rather than in a query of its own (issue 20: the page in a constant, small number of queries).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone


HISTORY_AFTER = dt.timedelta(days=1)

Guard = Callable[..., str | None]
Effect = Callable[..., None]


@dataclass(frozen=True)
class ChainEvent:
    """A step of a dossier, as the listeners receive it: ids and names only, never household data."""

    dossier_id: int
    name: str  # the transition's name, or "received" when the request arrives
    to_state: str
    at: dt.datetime
    event_id: int | None = None

    @property
    def is_history(self) -> bool:
        """A step back-dated by more than a day is history being recorded (imports, the demo):
        listeners send no e-mail, letter or note for it."""
        return self.at < timezone.now() - HISTORY_AFTER


@dataclass(frozen=True)
class Panel:
    order: int
    render: Callable[..., str]
    side: bool = False  # the narrow column of the dossier page


_guards: dict[str, list[Guard]] = defaultdict(list)
_effects: dict[str, list[Effect]] = defaultdict(list)
_listeners: list[Callable[[ChainEvent], None]] = []
_panels: list[Panel] = []
_page_reads: list[Callable] = []


def _add(registry: list, item) -> None:
    # AppConfig.ready may run twice in one process (tests); register each function once.
    if item not in registry:
        registry.append(item)


def guard(transition_name: str):
    def register(fn: Guard) -> Guard:
        _add(_guards[transition_name], fn)
        return fn

    return register


def effect(transition_name: str):
    def register(fn: Effect) -> Effect:
        _add(_effects[transition_name], fn)
        return fn

    return register


def listener(fn: Callable[[ChainEvent], None]):
    _add(_listeners, fn)
    return fn


def panel(order: int, *, side: bool = False):
    def register(fn):
        _add(_panels, Panel(order, fn, side))
        return fn

    return register


def page_read(fn):
    _add(_page_reads, fn)
    return fn


def with_page_reads(queryset):
    """The dossiers' ``queryset`` with what every block of the dossier page reads along with the dossier."""
    for read in _page_reads:
        queryset = read(queryset)
    return queryset


def refusal(transition_name: str, dossier, user, now) -> str | None:
    """The first reason the registered guards give to refuse the transition, or ``None``."""
    for check in _guards.get(transition_name, ()):
        if reason := check(dossier, user, now):
            return reason
    return None


def run_effects(transition_name: str, dossier, user, note: str) -> None:
    for run in _effects.get(transition_name, ()):
        run(dossier, user, note)


def publish(event: ChainEvent) -> None:
    """Tell the listeners about a step once the current transaction commits (at once outside one)."""

    def deliver():
        for fn in list(_listeners):
            fn(event)

    transaction.on_commit(deliver)


def render_panels(request, dossier) -> tuple[list[str], list[str]]:
    """The HTML blocks of the dossier page, main column and side column, in their registered order."""
    main, side = [], []
    for item in sorted(_panels, key=lambda p: p.order):
        html = item.render(request, dossier)
        if html:
            (side if item.side else main).append(html)
    return main, side
