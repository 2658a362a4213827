"""What must never reach the landlord: a check of the texts bound for the technical sheet (plain Python).

The landlord's sheet is built from technical sections only, but those are free text. Before the report goes to
validation, the texts the landlord may receive are searched for the household's own amounts (income, debts) and
for words that belong to the social file (documents.md §3: income, arrears, FSL, chèque énergie, household size,
health, social notes). Each finding names the section and the word, so the writer can rephrase it.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


SOCIAL_WORDS = [
    "revenu",
    "ressources",
    "salaire",
    "pension",
    "retraite",
    "rsa",
    "aah",
    "allocation",
    "caf",
    "dette",
    "impayé",
    "arriéré",
    "fsl",
    "chèque énergie",
    "cheque energie",
    "surendettement",
    "enfant",
    "enceinte",
    "santé",
    "maladie",
    "handicap",
    "divorce",
    "séparation",
    "assistante sociale",
]
WORD = re.compile(r"\b(" + "|".join(re.escape(w) for w in SOCIAL_WORDS) + r")s?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Leak:
    section: str
    found: str


def _amount_patterns(amounts: Iterable[int]) -> list[tuple[int, re.Pattern]]:
    """An amount in euros as it may be typed: 13200 €, 13 200 €, 13.200 euros, 13 200,00 € (never inside a longer
    number; a bare number is a measure, not an amount)."""
    patterns = []
    for amount in {int(a) for a in amounts if a and int(a) >= 100}:
        digits = str(amount)
        grouped = digits if len(digits) <= 3 else f"{digits[:-3]}[\\s\u00a0\u202f.]?{digits[-3:]}"
        patterns.append((amount, re.compile(rf"(?<![\d,.]){grouped}(?:,\d\d)?\s*(?:€|euros?\b|eur\b)", re.IGNORECASE)))
    return patterns


def leaks(texts: Mapping[str, str], amounts: Iterable[int]) -> list[Leak]:
    """The household's amounts and social words found in ``texts`` (section key → text)."""
    found = []
    patterns = _amount_patterns(amounts)
    for key, text in texts.items():
        for match in WORD.finditer(text or ""):
            found.append(Leak(key, match.group(0)))
        for amount, pattern in patterns:
            if pattern.search(text or ""):
                found.append(Leak(key, f"{amount} €"))
    return found
