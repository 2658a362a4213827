"""Duplicate detection: is this household already in an open dossier of the programme?

A request matches an open dossier when it has the same phone number, or, in the same commune, the
same last name or the same address (compared without accents, case, punctuation or extra spaces). A
match is a warning shown next to the form, never a silent refusal: the person may confirm that it is
a new request.
"""

import unicodedata
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from binome.cases.models import OPEN_STATE_LIST, Dossier, Folded


def fold(text: str) -> str:
    """Lower-case ASCII words: « Rue  de l'Église » and "rue de l eglise" fold to the same text."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(cleaned.split())


def phone_digits(text: str) -> str:
    digits = "".join(ch for ch in text or "" if ch.isdigit())
    if digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


@dataclass(frozen=True)
class Match:
    dossier: Dossier
    reasons: tuple[str, ...]

    @property
    def reason_text(self) -> str:
        return ", ".join(self.reasons)


def find_duplicates(programme, *, last_name="", phone="", address="", commune=None, exclude_pk=None) -> list[Match]:
    """Open dossiers of ``programme`` that look like the same household (one query)."""
    digits = phone_digits(phone)
    name, street = fold(last_name), fold(address)
    scope = Q(pk__in=[])
    if len(digits) == 10:
        formatted = " ".join(digits[i : i + 2] for i in range(0, 10, 2))
        scope |= Q(phone__in={formatted, digits, phone})
    candidates = Dossier.objects.filter(state__in=OPEN_STATE_LIST)
    if commune is not None and connection.vendor == "postgresql":
        # The same folding in SQL (indexed): only the commune's open dossiers of that name or address are read.
        same_place = Q(pk__in=[])
        if name:
            same_place |= Q(folded_name=name)
        if street:
            same_place |= Q(folded_address=street)
        scope |= Q(same_place, commune=commune)
        candidates = candidates.alias(folded_name=Folded("last_name"), folded_address=Folded("address"))
    elif commune is not None:
        scope |= Q(commune=commune)  # elsewhere (the SQLite demo) the commune's open dossiers, compared below
    candidates = (
        candidates.filter(scope, programme=programme)
        .select_related("commune", "organisation")
        .only("pk", "reference", "state", "last_name", "phone", "address", "commune", "organisation", "created_at")
        .order_by("-created_at")
    )
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    matches = []
    for dossier in candidates:
        reasons = []
        if len(digits) == 10 and phone_digits(dossier.phone) == digits:
            reasons.append(_("même téléphone"))
        if commune is not None and dossier.commune_id == getattr(commune, "pk", commune):
            if name and fold(dossier.last_name) == name:
                reasons.append(_("même nom dans la même commune"))
            if street and fold(dossier.address) == street:
                reasons.append(_("même adresse"))
        if reasons:
            matches.append(Match(dossier, tuple(reasons)))
    return matches
