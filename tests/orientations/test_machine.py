"""The orientation's own state machine and the checks of its amounts, without a database."""

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from binome.orientations import machine
from binome.orientations.machine import Status


S = Status
# Every move the machine allows, written out by hand: the table the tests compare the code with.
EXPECTED = {
    S.PROPOSED: {S.ACCEPTED, S.REFUSED},
    S.ACCEPTED: {S.SENT, S.IN_PROGRESS, S.ACHIEVED, S.ABANDONED, S.NOT_POSSIBLE},
    S.SENT: {S.IN_PROGRESS, S.ACHIEVED, S.ABANDONED, S.NOT_POSSIBLE},
    S.IN_PROGRESS: {S.ACHIEVED, S.ABANDONED, S.NOT_POSSIBLE},
    S.REFUSED: set(),
    S.ACHIEVED: set(),
    S.ABANDONED: set(),
    S.NOT_POSSIBLE: set(),
}


@pytest.mark.parametrize("current", list(Status))
def test_allowed_moves_are_the_expected_ones(current):
    assert set(machine.allowed(current)) == EXPECTED[current]


@pytest.mark.parametrize(("current", "target"), [(c, t) for c in Status for t in Status])
def test_check_move_accepts_exactly_the_allowed_moves(current, target):
    if target in EXPECTED[current]:
        assert machine.check_move(current, target) == target
    else:
        with pytest.raises(machine.MoveRefused):
            machine.check_move(current, target)


@pytest.mark.parametrize(
    ("current", "target", "message"),
    [
        (S.PROPOSED, S.ACHIEVED, "le ménage doit d'abord l'accepter"),
        (S.PROPOSED, S.SENT, "le ménage doit d'abord l'accepter"),
        (S.IN_PROGRESS, S.ACCEPTED, "ne revient pas en arrière"),
        (S.SENT, S.PROPOSED, "ne revient pas en arrière"),
        (S.ACHIEVED, S.IN_PROGRESS, "proposez-en une nouvelle"),
        (S.REFUSED, S.ACCEPTED, "proposez-en une nouvelle"),
        (S.SENT, S.SENT, "déjà « transmise au partenaire »"),
        (S.SENT, S.REFUSED, "n'est pas prévu"),
    ],
)
def test_refused_moves_say_why_in_french(current, target, message):
    with pytest.raises(machine.MoveRefused, match=message):
        machine.check_move(current, target)


def test_an_unknown_status_is_refused():
    with pytest.raises(machine.MoveRefused, match="n'existe pas"):
        machine.check_move(S.PROPOSED, "gagnée")


@pytest.mark.parametrize("current", list(Status))
def test_a_partner_moves_only_what_is_in_its_hands(current):
    expected = {S.IN_PROGRESS, S.ACHIEVED, S.ABANDONED, S.NOT_POSSIBLE} & EXPECTED[current]
    if current not in {S.SENT, S.IN_PROGRESS}:
        expected = set()
    assert set(machine.allowed(current, partner=True)) == expected


def test_a_partner_cannot_answer_for_the_household():
    with pytest.raises(machine.MoveRefused, match="pas entre les mains du partenaire"):
        machine.check_move(S.PROPOSED, S.ACCEPTED, partner=True)
    with pytest.raises(machine.MoveRefused, match="pas entre les mains du partenaire"):
        machine.check_move(S.ACCEPTED, S.ACHIEVED, partner=True)


def test_settled_and_open_statuses_split_the_machine():
    assert machine.SETTLED | machine.OPEN == set(Status)
    assert not machine.SETTLED & machine.OPEN
    assert all(not machine.allowed(s) for s in machine.SETTLED)
    assert all(machine.allowed(s) for s in machine.OPEN)


@given(st.lists(st.sampled_from(list(Status)), max_size=12))
def test_following_allowed_moves_never_goes_back_nor_reopens(wanted):
    order = [S.PROPOSED, S.ACCEPTED, S.SENT, S.IN_PROGRESS]
    current = S.PROPOSED
    for target in wanted:
        try:
            moved = machine.check_move(current, target)
        except machine.MoveRefused:
            continue
        assert current not in machine.SETTLED
        if moved in order:
            assert order.index(moved) > order.index(current)
        current = moved


def test_labels_match_the_model_choices():
    from binome.orientations.models import OrientationStatus

    assert {value: str(label) for value, label in OrientationStatus.choices} == {
        s.value: label for s, label in machine.LABELS.items()
    }


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        ({"aid_amount": Decimal("1500"), "debt_settled": None, "works_cost": Decimal("0")}, []),
        ({"aid_amount": Decimal("-1")}, ["aid_amount"]),
        ({"debt_settled": Decimal("50000")}, []),
        ({"debt_settled": Decimal("50000.01")}, ["debt_settled"]),
        ({"works_cost": Decimal("2000000"), "aid_amount": Decimal("-5")}, ["aid_amount", "works_cost"]),
    ],
)
def test_amount_errors_flag_negative_and_absurd_amounts(values, fields):
    assert sorted(e.field for e in machine.amount_errors(values)) == fields


def test_amount_messages_are_french_with_the_amount():
    (negative,) = machine.amount_errors({"aid_amount": Decimal("-20")})
    assert negative.message == "Le montant « aide accordée » ne peut pas être négatif."
    (absurd,) = machine.amount_errors({"works_cost": Decimal("1250000")})
    assert "1\u202f250\u202f000,00\u00a0€" in absurd.message and "erreur de saisie" in absurd.message
