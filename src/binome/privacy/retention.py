"""Retention: a household's personal data are kept ``Programme.retention_years`` after the last contact.

The last contact is the last event of the dossier's timeline (steps, calls, visits booked, notes, orientations),
or its creation when the timeline is empty. ``apply_retention`` anonymises the dossiers past that date
(``anonymise.anonymise``); a dry run counts them and writes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _, ngettext

from binome.cases.models import Dossier
from binome.privacy.anonymise import Removed, anonymise
from binome.territory.models import Programme


def years_before(moment: dt.datetime, years: int) -> dt.datetime:
    """The same day ``years`` earlier (28 February for a 29 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def due(programme: Programme, now: dt.datetime):
    """The programme's dossiers not yet anonymised whose last contact is older than its retention period."""
    cutoff = years_before(now, programme.retention_years)
    return (
        Dossier.objects.filter(programme=programme, anonymised_at__isnull=True)
        .annotate(last_contact=Coalesce(Max("events__at"), "created_at"))
        .filter(last_contact__lt=cutoff)
        .order_by("pk")
    )


def apply(now: dt.datetime, *, dry_run: bool = False) -> list[str]:
    """Anonymise what is due in every programme; French lines of counts (references only, never a name)."""
    lines = []
    for programme in Programme.objects.order_by("slug"):
        dossiers = list(due(programme, now))
        removed = Removed()
        if not dry_run:
            for dossier in dossiers:
                removed.add(anonymise(dossier, reason=_("durée de conservation écoulée")))
        lines.append(_summary(programme, len(dossiers), removed, dry_run))
    return lines or [_("Aucun programme.")]


def _summary(programme, count: int, removed: Removed, dry_run: bool) -> str:
    if not count:
        return f"{programme.slug} : " + _("aucun dossier à anonymiser (conservation : %(years)s ans).") % {
            "years": programme.retention_years
        }
    if dry_run:
        text = ngettext(
            "%(n)s dossier serait anonymisé (conservation : %(years)s ans).",
            "%(n)s dossiers seraient anonymisés (conservation : %(years)s ans).",
            count,
        )
        return f"{programme.slug} : " + text % {"n": count, "years": programme.retention_years}
    text = ngettext(
        "%(n)s dossier anonymisé, %(photos)s photos et %(documents)s documents supprimés.",
        "%(n)s dossiers anonymisés, %(photos)s photos et %(documents)s documents supprimés.",
        removed.dossiers,
    )
    values = {"n": removed.dossiers, "photos": removed.photos, "documents": removed.documents}
    return f"{programme.slug} : " + text % values
