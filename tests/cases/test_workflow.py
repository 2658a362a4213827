"""The pure state machine: every transition allowed from its sources, refused elsewhere."""

import pytest

from binome.cases.workflow import (
    FINAL_STATES,
    MILESTONE_FIELDS,
    STATE_LABELS,
    TRANSITIONS,
    State,
    TransitionRefused,
    available,
    check,
    milestone,
)


ALL_ROLES = {"coordinator", "advisor", "chef_mission", "chef_service", "referrer", "admin"}


def test_every_state_has_a_french_label():
    assert set(STATE_LABELS) == set(State)


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_transition_allowed_from_each_source_for_its_roles(name):
    transition = TRANSITIONS[name]
    for source in transition.sources:
        for role in transition.roles:
            assert check(name, source, {role}, note="motif") is transition


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_transition_refused_from_every_other_state(name):
    transition = TRANSITIONS[name]
    role = next(iter(transition.roles))
    for state in set(State) - transition.sources:
        with pytest.raises(TransitionRefused, match="impossible : le dossier est à l'étape"):
            check(name, state, {role}, note="motif")


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_transition_refused_to_other_roles(name):
    transition = TRANSITIONS[name]
    source = next(iter(transition.sources))
    for role in ALL_ROLES - transition.roles:
        with pytest.raises(TransitionRefused, match="Votre rôle ne permet pas"):
            check(name, source, {role}, note="motif")


@pytest.mark.parametrize("name", sorted(n for n, t in TRANSITIONS.items() if t.note_required))
def test_note_required_transitions_refuse_an_empty_note(name):
    transition = TRANSITIONS[name]
    with pytest.raises(TransitionRefused, match="Indiquez un motif"):
        check(name, next(iter(transition.sources)), transition.roles, note="   ")


def test_unknown_transition_is_refused():
    with pytest.raises(TransitionRefused, match="n'existe pas"):
        check("teleport", State.RECEIVED, ALL_ROLES)


def test_final_states_offer_nothing_but_reopening():
    for state in FINAL_STATES:
        names = {t.name for t in available(state, ALL_ROLES)}
        assert names <= {"reopen"}
    assert available(State.CLOSED, ALL_ROLES) == []


def test_every_state_is_reachable_from_received():
    reached, frontier = {State.RECEIVED}, [State.RECEIVED]
    while frontier:
        state = frontier.pop()
        for transition in available(state, ALL_ROLES):
            if transition.target not in reached:
                reached.add(transition.target)
                frontier.append(transition.target)
    assert reached == set(State)


def test_primary_actions_come_first():
    offered = available(State.RECEIVED, {"coordinator"})
    assert offered[0].name == "accept"
    assert all(not t.primary for t in offered[1:])


def test_every_transition_says_what_it_did():
    from binome.cases.workflow import DONE, done_message

    assert set(DONE) == set(TRANSITIONS)
    assert done_message("close", "closed") == "Dossier clôturé."
    assert done_message("schedule", "scheduled") == (
        "Visite programmée. Prochaine étape : la visite à domicile, puis « Visite réalisée »."
    )


def test_the_milestones_kept_on_the_dossier():
    """The first visit done, the report sent and the first answered call: one rule for the live transitions, the
    historical import, the migrations' fills and the benchmark generator."""
    assert milestone("transition", "mark_visited") == "visited_at"
    assert milestone("transition", "send_report") == "sent_at"
    assert milestone("call", call_outcome="reached") == "contacted_at"
    assert milestone("call", call_outcome="no_answer") is None
    assert milestone("transition", "schedule") is None
    assert milestone("note") is None
    assert set(MILESTONE_FIELDS) == {"visited_at", "sent_at", "contacted_at"}
