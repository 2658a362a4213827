"""The four national outcome rates of a SLIME, from the follow-up answers (no Django import).

The national evaluation (Kimso and Solibri for CLER, 642 households visited 2017–2019, published 2020) reports:
84 % of households took a first action after the visit, 65 % an engaging one, 35 % are no longer cold at home,
30 % feel they save on their bills. Its numerators and denominators were not published; Binôme uses the
definitions below (``documents.md`` §4) and always shows them, with the counts, next to the benchmark.

The population of a year is the households whose compte-rendu was sent that year. A household is *reached*
when at least one follow-up contact was answered; its latest answer is the one counted. Households not reached
(unreachable after the programme's number of attempts, or not called yet) are shown apart as non-response.

``outcomes.households`` reads the database into ``Household`` values and ``outcomes.counts`` aggregates the same
in SQL into ``Counts``; ``compute``, ``count`` and ``by_group`` are pure and tested by hand-computed fixtures.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Contact(StrEnum):
    ANSWERED = "answered"  # at least one follow-up answered
    UNREACHABLE = "unreachable"  # every planned follow-up ended unreachable
    PENDING = "pending"  # not answered yet (not due, or still being called)


class Bills(StrEnum):
    LOWER = "lower"
    SAME = "same"
    HIGHER = "higher"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Household:
    year: int  # the year the compte-rendu was sent
    unite: str  # the unité territoriale of the dossier's commune
    contact: Contact
    # From the latest answered follow-up (meaningless when not answered):
    first_steps: bool = False  # Q1: at least one step taken since the visit (bills, kit, settings, supplier, rights)
    works_or_aid: bool = False  # Q3: works done, or an aid or a right obtained
    cold_now: bool | None = None  # Q4: cold at home last winter
    bills: str = ""  # Q5: bills compared with before the visit
    # From the dossier:
    engaging_achieved: bool = False  # an orientation to an "engaging" solution of the catalogue is achieved
    cold_at_visit: bool | None = None  # the comfort section of the diagnosis, at the visit


@dataclass(frozen=True)
class Rate:
    key: str
    label: str
    numerator: int
    denominator: int
    benchmark: int  # national figure, in %
    definition: str

    @property
    def percent(self) -> int | None:
        """Rounded half up to the unit: these are small counts, a decimal would claim a precision they do not have."""
        if not self.denominator:
            return None
        return (200 * self.numerator + self.denominator) // (2 * self.denominator)


@dataclass(frozen=True)
class Summary:
    households: int  # reports sent
    reached: int
    unreachable: int
    pending: int
    cold_unknown: int  # reached households whose cold at the visit was not recorded
    rates: list[Rate] = field(default_factory=list)

    def rate(self, key: str) -> Rate:
        return next(r for r in self.rates if r.key == key)


FIRST_ACTION, ENGAGING, NOT_COLD, SAVINGS = "first_action", "engaging_action", "no_longer_cold", "savings_felt"

DEFINITIONS = {
    FIRST_ACTION: (
        "Ménages ayant engagé au moins une première démarche",
        84,
        "Ménages joints dont la dernière réponse au suivi cite au moins une démarche depuis la visite (suivi des "
        "factures ou des compteurs, matériel utilisé, réglages, contact du fournisseur, demande d'aide ou de droit), "
        "ou des travaux faits, une aide obtenue, ou une orientation « engageante » aboutie ; divisés par les ménages "
        "joints.",
    ),
    ENGAGING: (
        "Ménages ayant engagé une démarche engageante",
        65,
        "Ménages joints ayant fait des travaux ou obtenu une aide ou un droit (réponse au suivi), ou dont une "
        "orientation vers une solution marquée « engageante » au catalogue est aboutie ; divisés par les ménages "
        "joints.",
    ),
    NOT_COLD: (
        "Ménages qui n'ont plus froid",
        35,
        "Ménages joints qui avaient froid à la visite (diagnostic, confort ressenti) et disent ne plus avoir eu "
        "froid l'hiver dernier ; divisés par les ménages joints qui avaient froid à la visite.",
    ),
    SAVINGS: (
        "Ménages qui estiment faire des économies",
        30,
        "Ménages joints qui trouvent leurs factures plus basses qu'avant la visite ; divisés par les ménages joints.",
    ),
}
POPULATION = (
    "Ménages dont le compte-rendu a été envoyé dans l'année. Un ménage est « joint » quand au moins un appel de "
    "suivi a abouti ; sa dernière réponse compte. Les ménages injoignables ou pas encore rappelés sont comptés à "
    "part (non-réponse) et n'entrent dans aucun taux."
)


def _rate(key: str, numerator: int, denominator: int) -> Rate:
    label, benchmark, definition = DEFINITIONS[key]
    return Rate(key, label, numerator, denominator, benchmark, definition)


@dataclass(frozen=True)
class Counts:
    """What a ``Summary`` is made of: counts of households, additive over disjoint groups (years, UTs).

    ``outcomes.counts`` reads them with one SQL aggregation; ``compute`` counts them from ``Household`` values."""

    households: int = 0
    reached: int = 0
    unreachable: int = 0
    pending: int = 0
    cold_unknown: int = 0
    first_action: int = 0  # reached, with a first step, works or aid, or an engaging orientation achieved
    engaging_action: int = 0  # reached, with works or aid, or an engaging orientation achieved
    cold_before: int = 0  # reached, cold at the visit
    warm_now: int = 0  # of those, no longer cold
    lower_bills: int = 0  # reached, bills lower than before

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(*(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__))

    def summary(self) -> "Summary":
        return Summary(
            households=self.households,
            reached=self.reached,
            unreachable=self.unreachable,
            pending=self.pending,
            cold_unknown=self.cold_unknown,
            rates=[
                _rate(FIRST_ACTION, self.first_action, self.reached),
                _rate(ENGAGING, self.engaging_action, self.reached),
                _rate(NOT_COLD, self.warm_now, self.cold_before),
                _rate(SAVINGS, self.lower_bills, self.reached),
            ],
        )


def count(households: Iterable[Household]) -> Counts:
    """The counts of a group of households."""
    households = list(households)
    reached = [h for h in households if h.contact == Contact.ANSWERED]
    cold_before = [h for h in reached if h.cold_at_visit is True]
    return Counts(
        households=len(households),
        reached=len(reached),
        unreachable=sum(h.contact == Contact.UNREACHABLE for h in households),
        pending=sum(h.contact == Contact.PENDING for h in households),
        cold_unknown=sum(h.cold_at_visit is None for h in reached),
        first_action=sum(bool(h.first_steps or h.works_or_aid or h.engaging_achieved) for h in reached),
        engaging_action=sum(bool(h.works_or_aid or h.engaging_achieved) for h in reached),
        cold_before=len(cold_before),
        warm_now=sum(h.cold_now is False for h in cold_before),
        lower_bills=sum(h.bills == Bills.LOWER for h in reached),
    )


def compute(households: Iterable[Household]) -> Summary:
    """The four rates of a group of households, with the counts they are made of."""
    return count(households).summary()


def total(counts: Iterable[Counts]) -> Counts:
    result = Counts()
    for item in counts:
        result = result + item
    return result


def count_by_group(households: Iterable[Household], key: Callable[[Household], tuple]) -> dict[tuple, Counts]:
    """``count`` for each group of households (e.g. by year and UT), groups sorted."""
    groups: dict[tuple, list[Household]] = defaultdict(list)
    for household in households:
        groups[key(household)].append(household)
    return {group: count(members) for group, members in sorted(groups.items())}


def by_group(households: Iterable[Household], key: Callable[[Household], tuple]) -> dict[tuple, Summary]:
    """``compute`` for each group of households (e.g. by year and UT), groups sorted."""
    return {group: counts.summary() for group, counts in count_by_group(households, key).items()}
