"""The rows of « Mes visites » (``visits/mine.html``): the columns shown, read as values, with the strings the
template writes prepared once per page where rows share them (days, links).

A page shows up to 80 visits: as model instances (visit, dossier, commune, UT, two people) written through the
``date``, ``truncatewords`` and ``url`` tags they cost ~0.3 ms a row, the difference between a page of 1,000
dossiers and one of 500,000.
"""

from django.template.defaultfilters import truncatewords
from django.utils import timezone
from django.utils.translation import gettext

from binome.accounts.models import full_name
from binome.cases.workflow import STATE_LABELS, State
from binome.core.markup import day_format, url_pattern


PLANNED = [
    *("pk", "starts_at", "duration_minutes", "preparation_note", "preparation_questions"),
    *("dossier__reference", "dossier__commune__name", "dossier__commune__unite__name"),
    *("coordinator__first_name", "coordinator__last_name"),
]
DONE = ["starts_at", "dossier_id", "dossier__reference", "dossier__state", "dossier__commune__name"]


def planned(rows) -> list[dict]:
    """The planned visits' rows, with their day, time, duration, link, coordinator and notes as written."""
    zone = timezone.get_current_timezone()
    day = day_format("l j F")
    detail = url_pattern("visits:detail")
    duration = gettext("%(minutes)s min")
    rows = list(rows)
    for v in rows:
        local = v["starts_at"].astimezone(zone)
        v.update(
            day=day(local),
            time=f"{local:%H:%M}",
            duration=duration % {"minutes": v["duration_minutes"]},
            url=detail(v["pk"]),
            coordinator=full_name(v["coordinator__first_name"], v["coordinator__last_name"]),
            note=truncatewords(v["preparation_note"], 25),
            questions=truncatewords(v["preparation_questions"], 20),
        )
    return rows


def done(rows) -> list[dict]:
    """The done visits' rows, with their day, their dossier's link and step as written."""
    day = day_format("d/m")
    detail = url_pattern("cases:detail")
    rows = list(rows)
    for v in rows:
        v.update(day=day(v["starts_at"]), url=detail(v["dossier_id"]), step=STATE_LABELS[State(v["dossier__state"])])
    return rows
