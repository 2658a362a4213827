"""The rows of « Mes demandes » (``cases/my_requests.html``): the columns shown, read as values, with the strings
the template writes prepared once per page where rows share them (days, links).

A page shows 50 requests: as model instances (dossier, commune, referrer) written through the ``date`` and ``url``
tags they cost ~0.25 ms a row, the difference between a page of 1,000 dossiers and one of 500,000.
"""

from binome.accounts.models import full_name
from binome.cases.models import household_name
from binome.cases.workflow import STATE_LABELS, State
from binome.core.markup import day_format, url_pattern


COLUMNS = [
    *("pk", "reference", "state", "created_at", "next_visit_at", "last_name", "first_name", "anonymised_at"),
    *("commune__name", "referrer_id", "referrer__first_name", "referrer__last_name"),
]


def rows(dossiers, user) -> list[dict]:
    """The requests' rows, with their link, household, step and days as written; ``by``: who sent a request
    when it is not ``user`` (None for their own and for requests entered without a referrer)."""
    day = day_format("d/m/Y")
    detail = url_pattern("cases:detail")
    rows = list(dossiers)
    for d in rows:
        sender = d["referrer_id"]
        d.update(
            url=detail(d["pk"]),
            household=household_name(d["last_name"], d["first_name"], d["anonymised_at"]),
            by=None
            if sender is None or sender == user.pk
            else full_name(d["referrer__first_name"], d["referrer__last_name"]),
            sent=day(d["created_at"]),
            step=STATE_LABELS[State(d["state"])],
            visit=day(d["next_visit_at"]),
        )
    return rows
