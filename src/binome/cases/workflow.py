"""The dossier's state machine, as plain data (no Django import).

A dossier follows one household from the referral to the closing of its orientations:

    received ─► to_contact ─► scheduled ─► visited ─► in_review ─► in_validation ─► sent ─► closed
       │            │  ▲                                  (cross-reading)  (the programme's steps,
       │            ▼  │                                                  e.g. chef de mission then
       │        waiting_list / deferred (next year)                       chef de service)
       └──► ended early: withdrawn · unreachable · not_eligible · redirected

The report's validation and dispatch are applied by the reports app's own pages (``offered=False``): each
validation step approves the frozen version (``approve_step``) or returns it (``return_for_changes``), and the
dossier is "sent" (``send_report``) only once the family's copy was actually posted or e-mailed.

``cases.transitions`` applies these rules to the database (permissions, guards, events); this module
only says which moves exist, from where, to where and for whom, so it is tested without a database.
"""

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    RECEIVED = "received"
    TO_CONTACT = "to_contact"
    WAITING_LIST = "waiting_list"
    DEFERRED = "deferred"
    SCHEDULED = "scheduled"
    VISITED = "visited"
    IN_REVIEW = "in_review"
    IN_VALIDATION = "in_validation"
    SENT = "sent"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    UNREACHABLE = "unreachable"
    NOT_ELIGIBLE = "not_eligible"
    REDIRECTED = "redirected"


STATE_LABELS = {
    State.RECEIVED: "Demande reçue",
    State.TO_CONTACT: "À contacter",
    State.WAITING_LIST: "Liste d'attente",
    State.DEFERRED: "Reportée à l'an prochain",
    State.SCHEDULED: "Visite programmée",
    State.VISITED: "Visite réalisée",
    State.IN_REVIEW: "Compte-rendu en relecture",
    State.IN_VALIDATION: "Compte-rendu en validation",
    State.SENT: "Compte-rendu envoyé",
    State.CLOSED: "Clôturé",
    State.WITHDRAWN: "Désistement",
    State.UNREACHABLE: "Ménage injoignable",
    State.NOT_ELIGIBLE: "Non éligible",
    State.REDIRECTED: "Réorienté ailleurs",
}

# Named groups, used both by the guards below and by the queries of the pages.
WAITING_STATES = frozenset({State.WAITING_LIST, State.DEFERRED})
INTAKE_STATES = frozenset({State.RECEIVED, State.TO_CONTACT}) | WAITING_STATES
BEFORE_VISIT_STATES = INTAKE_STATES | {State.SCHEDULED}  # the requests not visited yet (the coverage plan)
ENDED_EARLY_STATES = frozenset({State.WITHDRAWN, State.UNREACHABLE, State.NOT_ELIGIBLE, State.REDIRECTED})
FINAL_STATES = ENDED_EARLY_STATES | {State.CLOSED}
REPORT_STATES = frozenset({State.IN_REVIEW, State.IN_VALIDATION})
OPEN_STATES = frozenset(State) - FINAL_STATES
FOLLOW_UP_STATES = frozenset({State.SENT})  # the household is called back and its orientations followed
WRITING_STATES = frozenset({State.VISITED, State.IN_REVIEW})  # visited, the compte-rendu being written

# The transition recording the home visit as done, and the one sending the compte-rendu (once per dossier):
# their first dates are kept on the dossier (``MILESTONES``: transition → ``Dossier`` field), for the figures.
VISIT_DONE = "mark_visited"
REPORT_SENT = "send_report"
MILESTONES = {VISIT_DONE: "visited_at", REPORT_SENT: "sent_at"}
# The first answered call is kept the same way. A call is a line of the timeline (kind « call », its outcome
# « reached »: ``cases.models.EventKind`` / ``CallOutcome``), not a transition.
CALL, REACHED = "call", "reached"
CONTACTED = "contacted_at"
MILESTONE_FIELDS = (*MILESTONES.values(), CONTACTED)


def milestone(kind: str, transition: str = "", call_outcome: str = "") -> str | None:
    """The ``Dossier`` field that keeps the first date of a timeline line of this sort, if any: the first visit
    done, the report sent, the first answered call. ``cases.transitions`` (live and historical import), the
    migrations that fill these fields and the benchmark generator all follow this one rule."""
    if kind == CALL:
        return CONTACTED if call_outcome == REACHED else None
    return MILESTONES.get(transition)


COORDINATOR = "coordinator"
ADVISOR = "advisor"
CHEF_MISSION = "chef_mission"
CHEF_SERVICE = "chef_service"


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[State]
    target: State
    roles: frozenset[str]
    note_required: bool = False
    # "primary" actions are offered as the main button on a dossier; the others are secondary.
    primary: bool = False
    # False: applied only by a link app's own page (the report's validation and dispatch pages, which record
    # what the step needs: the approval, the reason, the dispatch), never offered as a button on the dossier.
    offered: bool = True


def _t(name, label, sources, target, roles, **kwargs) -> Transition:
    return Transition(name, label, frozenset(sources), target, frozenset(roles), **kwargs)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _t("accept", "Prendre en charge", [State.RECEIVED], State.TO_CONTACT, [COORDINATOR], primary=True),
        _t(
            "put_on_waiting_list",
            "Mettre en liste d'attente",
            [State.RECEIVED, State.TO_CONTACT],
            State.WAITING_LIST,
            [COORDINATOR],
            note_required=True,
        ),
        _t(
            "defer",
            "Reporter à l'an prochain",
            [State.RECEIVED, State.TO_CONTACT, State.WAITING_LIST],
            State.DEFERRED,
            [COORDINATOR],
            note_required=True,
        ),
        _t("resume", "Reprendre la demande", WAITING_STATES, State.TO_CONTACT, [COORDINATOR], primary=True),
        _t("schedule", "Programmer la visite", [State.TO_CONTACT], State.SCHEDULED, [COORDINATOR]),
        _t(
            "cancel_visit",
            "Annuler la visite",
            [State.SCHEDULED],
            State.TO_CONTACT,
            [COORDINATOR],
            note_required=True,
        ),
        _t("mark_visited", "Visite réalisée", [State.SCHEDULED], State.VISITED, [COORDINATOR, ADVISOR], primary=True),
        _t(
            "start_review",
            "Passer à la relecture croisée",
            [State.VISITED],
            State.IN_REVIEW,
            [COORDINATOR],
            primary=True,
        ),
        _t(
            "submit_for_validation",
            "Soumettre à validation",
            [State.IN_REVIEW],
            State.IN_VALIDATION,
            [COORDINATOR],
            primary=True,
        ),
        _t(
            "approve_step",
            "Approuver le compte-rendu",
            [State.IN_VALIDATION],
            State.IN_VALIDATION,
            [CHEF_MISSION, CHEF_SERVICE],
            offered=False,
        ),
        _t(
            "return_for_changes",
            "Renvoyer pour correction",
            [State.IN_VALIDATION],
            State.IN_REVIEW,
            [CHEF_MISSION, CHEF_SERVICE],
            note_required=True,
            offered=False,
        ),
        _t(
            "send_report",
            "Envoyer le compte-rendu au ménage",
            [State.IN_VALIDATION],
            State.SENT,
            [COORDINATOR],
            note_required=True,
            offered=False,
        ),
        _t("close", "Clôturer le dossier", [State.SENT], State.CLOSED, [COORDINATOR], primary=True),
        # When the follow-up cannot go to its end (the household moved, refuses the calls, died…).
        _t(
            "close_with_reason",
            "Clôturer avec un motif",
            [State.SENT],
            State.CLOSED,
            [COORDINATOR],
            note_required=True,
        ),
        _t(
            "withdraw",
            "Enregistrer un désistement",
            INTAKE_STATES | {State.SCHEDULED},
            State.WITHDRAWN,
            [COORDINATOR],
            note_required=True,
        ),
        _t(
            "mark_unreachable",
            "Ménage injoignable",
            [State.TO_CONTACT, State.WAITING_LIST],
            State.UNREACHABLE,
            [COORDINATOR],
            note_required=True,
        ),
        _t(
            "mark_not_eligible",
            "Non éligible",
            [State.RECEIVED, State.TO_CONTACT],
            State.NOT_ELIGIBLE,
            [COORDINATOR],
            note_required=True,
        ),
        _t(
            "redirect",
            "Réorienter vers un autre dispositif",
            [State.RECEIVED, State.TO_CONTACT],
            State.REDIRECTED,
            [COORDINATOR],
            note_required=True,
        ),
        _t("reopen", "Rouvrir le dossier", ENDED_EARLY_STATES, State.TO_CONTACT, [COORDINATOR], note_required=True),
    ]
}


# What the flash message says once a step is done: what happened, then what comes next (never the state as
# if it were still to come).
DONE = {
    "accept": "Demande prise en charge",
    "put_on_waiting_list": "Demande mise en liste d'attente",
    "defer": "Demande reportée à l'an prochain",
    "resume": "Demande reprise",
    "schedule": "Visite programmée",
    "cancel_visit": "Visite annulée",
    "mark_visited": "Visite enregistrée comme réalisée",
    "start_review": "Relecture croisée ouverte",
    "submit_for_validation": "Compte-rendu soumis à validation",
    "approve_step": "Compte-rendu approuvé",
    "return_for_changes": "Compte-rendu renvoyé pour correction",
    "send_report": "Compte-rendu envoyé",
    "close": "Dossier clôturé",
    "close_with_reason": "Dossier clôturé",
    "withdraw": "Désistement enregistré",
    "mark_unreachable": "Ménage déclaré injoignable",
    "mark_not_eligible": "Demande déclarée non éligible",
    "redirect": "Ménage réorienté vers un autre dispositif",
    "reopen": "Dossier rouvert",
}
NEXT = {
    State.TO_CONTACT: "appeler le ménage et programmer la visite",
    State.WAITING_LIST: "reprendre la demande quand une place se libère",
    State.DEFERRED: "reprendre la demande l'an prochain",
    State.SCHEDULED: "la visite à domicile, puis « Visite réalisée »",
    State.VISITED: "remplir le diagnostic, puis passer à la relecture croisée",
    State.IN_REVIEW: "relire et compléter le compte-rendu, puis le soumettre à validation",
    State.IN_VALIDATION: "la validation par le chef de mission puis le chef de service",
    State.SENT: "suivre les orientations jusqu'à la clôture",
}


def done_message(name: str, to_state: str) -> str:
    """« Visite programmée. Prochaine étape : … » — what a step did and what comes next (nothing after an end)."""
    done = DONE.get(name, TRANSITIONS[name].label) + "."
    following = NEXT.get(State(to_state))
    return f"{done} Prochaine étape : {following}." if following else done


class TransitionRefused(Exception):
    """A move the rules forbid; the message is shown to the user as it is (in French)."""


def check(name: str, state: str, roles: set[str] | frozenset[str], note: str = "") -> Transition:
    """Return the transition if ``roles`` may make it from ``state``, else raise TransitionRefused."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionRefused("Cette action n'existe pas.")
    if not transition.roles & set(roles):
        raise TransitionRefused(f"Votre rôle ne permet pas l'action « {transition.label} ».")
    if State(state) not in transition.sources:
        raise TransitionRefused(
            f"L'action « {transition.label} » est impossible : le dossier est à l'étape "
            f"« {STATE_LABELS[State(state)]} »."
        )
    if transition.note_required and not note.strip():
        raise TransitionRefused(f"Indiquez un motif pour l'action « {transition.label} ».")
    return transition


def available(state: str, roles: set[str] | frozenset[str]) -> list[Transition]:
    """Transitions offered from ``state`` to someone holding ``roles``, primary ones first."""
    found = [t for t in TRANSITIONS.values() if State(state) in t.sources and t.roles & set(roles)]
    return sorted(found, key=lambda t: not t.primary)
