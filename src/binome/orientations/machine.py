"""An orientation's own small state machine, and the checks of its outcome amounts (no Django import).

    proposed ─► accepted ─► sent ─► in_progress ─► achieved
       │           │          │          │
       ▼           └──────────┴──────────┴──► abandoned · not_possible
    refused

The household accepts or refuses what the visitors proposed; the SLIME sends the accepted orientation to the
partner, who works on it; it ends achieved, abandoned or not possible. Steps may be skipped forward (a household
changes its contract itself: accepted → achieved), never backward, and an ended orientation stays ended (a new
one is proposed instead). A partner answering through its link moves only what is in its hands: from "sent" or
"in progress" to "in progress" or an end other than the household's refusal.

``services.move_orientation`` applies these rules to the database; this module is tested without one. Texts are
French, as the interface.
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Status(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    SENT = "sent"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    ABANDONED = "abandoned"
    NOT_POSSIBLE = "not_possible"


LABELS = {
    Status.PROPOSED: "proposée",
    Status.ACCEPTED: "acceptée par le ménage",
    Status.REFUSED: "refusée par le ménage",
    Status.SENT: "transmise au partenaire",
    Status.IN_PROGRESS: "en cours",
    Status.ACHIEVED: "aboutie",
    Status.ABANDONED: "abandonnée",
    Status.NOT_POSSIBLE: "impossible",
}

# Ended: nothing more will happen; the orientation is "settled" for the closing of the dossier.
SETTLED = frozenset({Status.REFUSED, Status.ACHIEVED, Status.ABANDONED, Status.NOT_POSSIBLE})
OPEN = frozenset(Status) - SETTLED
ENDS = frozenset({Status.ACHIEVED, Status.ABANDONED, Status.NOT_POSSIBLE})

# The order of the forward path; a move goes forward on it (or to an end).
_RANK = {Status.PROPOSED: 0, Status.ACCEPTED: 1, Status.SENT: 2, Status.IN_PROGRESS: 3}

MOVES: dict[Status, frozenset[Status]] = {
    Status.PROPOSED: frozenset({Status.ACCEPTED, Status.REFUSED}),
    Status.ACCEPTED: frozenset({Status.SENT, Status.IN_PROGRESS}) | ENDS,
    Status.SENT: frozenset({Status.IN_PROGRESS}) | ENDS,
    Status.IN_PROGRESS: ENDS,
    **{status: frozenset() for status in SETTLED},
}
# What a partner may set through its link, from where.
PARTNER_FROM = frozenset({Status.SENT, Status.IN_PROGRESS})
PARTNER_TO = frozenset({Status.IN_PROGRESS}) | ENDS


class MoveRefused(Exception):
    """A move the orientation's machine forbids; the message is shown as it is (in French)."""


def allowed(current: str, *, partner: bool = False) -> list[Status]:
    """The statuses an orientation may move to from ``current``, in the order of the path."""
    status = Status(current)
    targets = MOVES[status]
    if partner:
        targets = targets & PARTNER_TO if status in PARTNER_FROM else frozenset()
    return [s for s in Status if s in targets]


def check_move(current: str, target: str, *, partner: bool = False) -> Status:
    """Return ``target`` as a Status if the move is allowed, else raise MoveRefused with a French reason."""
    try:
        status, wanted = Status(current), Status(target)
    except ValueError:
        raise MoveRefused("Ce statut n'existe pas.") from None
    if wanted == status:
        raise MoveRefused(f"L'orientation est déjà « {LABELS[status]} ».")
    if status in SETTLED:
        raise MoveRefused(
            f"L'orientation est terminée (« {LABELS[status]} ») : proposez-en une nouvelle plutôt que de la rouvrir."
        )
    if partner and status not in PARTNER_FROM:
        raise MoveRefused(
            f"Cette orientation est « {LABELS[status]} » : elle n'est pas entre les mains du partenaire."
        )
    if wanted not in MOVES[status] or (partner and wanted not in PARTNER_TO):
        if wanted in _RANK and status in _RANK and _RANK[wanted] < _RANK[status]:
            reason = "une orientation ne revient pas en arrière"
        elif status == Status.PROPOSED:
            reason = "le ménage doit d'abord l'accepter"
        else:
            reason = "ce passage n'est pas prévu"
        raise MoveRefused(f"Impossible de passer de « {LABELS[status]} » à « {LABELS[wanted]} » : {reason}.")
    return wanted


# Outcome amounts, in euros. A value beyond its ceiling is a typing error (an extra zero, cents typed as euros):
# the largest aid a household may get for works (MaPrimeRénov' accompagné 80 % of 40,000 € HT, plus local and
# CEE top-ups) stays below 100,000 €; an energy or water debt above 50,000 € is not a household's.
class Amount(StrEnum):
    AID = "aid_amount"
    DEBT = "debt_settled"
    WORKS = "works_cost"


AMOUNT_LABELS = {
    Amount.AID: "aide accordée",
    Amount.DEBT: "dette réglée ou étalée",
    Amount.WORKS: "coût des travaux",
}
CEILINGS = {Amount.AID: Decimal(100_000), Amount.DEBT: Decimal(50_000), Amount.WORKS: Decimal(200_000)}


@dataclass(frozen=True)
class AmountError:
    field: str
    message: str


def _eur(value: Decimal) -> str:
    """1234567.5 → "1 234 567,50 €" (French grouping with a narrow no-break space)."""
    return f"{value:,.2f}".replace(",", "\u202f").replace(".", ",") + "\u00a0€"


def amount_errors(values: dict[str, Decimal | None]) -> list[AmountError]:
    """The amounts that are negative or absurd, each with its French message (empty when all are sound)."""
    errors = []
    for key, value in values.items():
        if value is None:
            continue
        amount = Amount(key)
        label = AMOUNT_LABELS[amount]
        if value < 0:
            errors.append(AmountError(key, f"Le montant « {label} » ne peut pas être négatif."))
        elif value > CEILINGS[amount]:
            errors.append(
                AmountError(
                    key,
                    f"{_eur(value)} pour « {label} » : c'est plus de {_eur(CEILINGS[amount])}, "
                    "sans doute une erreur de saisie. Vérifiez le montant.",
                )
            )
    return errors
