"""The audit trail: which records django-auditlog follows, and the reads and changes the DPO page lists.

Registration happens here, in one module above every app it names (``.importlinter``): the household's record,
the diagnosis, the report and its sections, the orientations and the memberships (a role granted is a change of
``accounts.Membership``). Changes saved through the models' ``save()`` are written by auditlog's signals; the
versioned saves and autosaves (a single conditional ``UPDATE``) call ``core.audit.record_change``. Every entry
carries ``additional_data = {"dossier": id, "programme": id}`` (``get_additional_data`` of each model and
``core.audit.file_entry``), which the DPO page filters on. The timeline's events are not followed: each is
already a record of who did what when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.accounts.models import Membership, full_name
from binome.cases.models import Dossier
from binome.core import audit
from binome.core.models import ReadRecord
from binome.core.pages import CappedPaginator, capped_counts
from binome.diagnosis.models import DiagnosisNote, DiagnosisSection, Photo
from binome.orientations.models import FollowUp, Orientation, OrientationChange
from binome.reports.models import Comment, Report, ReportSection


# The household's record: what the coordinator edits (the step has its own timeline, the version is bookkeeping).
DOSSIER_FIELDS = [
    "channel",
    "referrer",
    "organisation",
    "referrer_name",
    "motives",
    "description",
    "urgent",
    "last_name",
    "first_name",
    "phone",
    "email",
    "address",
    "commune",
    "tenure",
    "household_size",
    "landlord",
    "income_band",
    "declared_income",
    "social_referent",
    "fsl_requests",
    "consent_contact",
    "share_with_referrer",
    "share_with_landlord",
    "advisor",
    "anonymised_at",
]
BOOKKEEPING = ["version", "updated_at", "updated_by", "status_changed_at"]


def programme_of_dossier(dossier_id: int) -> int | None:
    return Dossier.objects.filter(pk=dossier_id).values_list("programme_id", flat=True).first()


def register_models() -> None:
    if auditlog.contains(Dossier):
        return
    audit.register_programme_lookup(programme_of_dossier)
    auditlog.register(Dossier, include_fields=DOSSIER_FIELDS)
    auditlog.register(DiagnosisSection, exclude_fields=BOOKKEEPING)
    auditlog.register(DiagnosisNote, exclude_fields=BOOKKEEPING)
    auditlog.register(Photo, include_fields=["side", "kind", "caption"])
    auditlog.register(Report, include_fields=["summary_for_referrer"])
    auditlog.register(ReportSection, exclude_fields=BOOKKEEPING)
    auditlog.register(Comment, include_fields=["section_key", "text", "resolved_at"])
    auditlog.register(Orientation, exclude_fields=BOOKKEEPING)
    auditlog.register(OrientationChange)
    auditlog.register(FollowUp, exclude_fields=BOOKKEEPING)
    auditlog.register(Membership)


@dataclass(frozen=True)
class Filters:
    reference: str = ""
    user_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None


def _bounds(filters: Filters) -> tuple[dt.datetime | None, dt.datetime | None]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(filters.start, dt.time.min, tz) if filters.start else None
    end = dt.datetime.combine(filters.end + dt.timedelta(days=1), dt.time.min, tz) if filters.end else None
    return start, end


def changes(programme, filters: Filters, dossier_ids: list[int] | None):
    """The programme's change entries, newest first (``dossier_ids``: ``None`` for any dossier)."""
    rows = LogEntry.objects.filter(additional_data__programme=programme.pk).select_related("actor", "content_type")
    if dossier_ids is not None:
        rows = rows.filter(additional_data__dossier__in=dossier_ids)
    if filters.user_id:
        rows = rows.filter(actor_id=filters.user_id)
    start, end = _bounds(filters)
    if start:
        rows = rows.filter(timestamp__gte=start)
    if end:
        rows = rows.filter(timestamp__lt=end)
    return rows.order_by("-timestamp", "-pk")


def reads(programme, filters: Filters, dossier_ids: list[int] | None):
    rows = ReadRecord.objects.filter(programme_id=programme.pk)
    if dossier_ids is not None:
        rows = rows.filter(dossier_id__in=dossier_ids)
    if filters.user_id:
        rows = rows.filter(user_id=filters.user_id)
    start, end = _bounds(filters)
    if start:
        rows = rows.filter(at__gte=start)
    if end:
        rows = rows.filter(at__lt=end)
    return rows.order_by("-at", "-pk")


def matching_dossiers(programme, reference: str) -> dict[int, str] | None:
    """The dossiers of the programme whose reference contains ``reference`` (id → reference); None: no filter."""
    if not reference:
        return None
    found = Dossier.objects.filter(programme=programme, reference__icontains=reference).order_by("-created_at", "-pk")
    return dict(found.values_list("pk", "reference")[:200])  # the newest 200, the same ones at every request


PER_PAGE = 50


def pages(changes, reads, changes_number: int, reads_number: int) -> tuple[Page, Page]:
    """The pages asked of the changes and the reads, both lists counted in one query, each up to ``COUNT_CAP``
    rows: an exact count read the programme's whole trail (125,000 reads at 500,000 dossiers). Beyond the cap, the
    page says « plus de 1 000 » and its pages go back to the newest ``COUNT_CAP`` rows; the filters reach older
    ones."""
    counts = capped_counts({"changes": changes, "reads": reads})
    return (
        CappedPaginator(changes, PER_PAGE, count=counts["changes"]).get_page(changes_number),
        CappedPaginator(reads, PER_PAGE, count=counts["reads"]).get_page(reads_number),
    )


def _named(rows) -> dict[int, str]:
    """People's names (their e-mail when they have none) by id, from (id, first name, last name, e-mail) rows."""
    return {pk: full_name(first, last) or email for pk, first, last, email in rows}


NAME_COLUMNS = ("pk", "first_name", "last_name", "email")


def people(programme) -> dict[int, str]:
    """Everyone who holds or held a role in the programme, by id, in the order of their names (the user filter's
    choices): thousands at national scale, read as names rather than model instances."""
    return _named(
        get_user_model()
        .objects.filter(memberships__programme=programme)
        .distinct()
        .order_by("last_name", "email", "pk")
        .values_list(*NAME_COLUMNS)
    )


def references(ids) -> dict[int, str]:
    """Dossier references of a page's rows, in one query."""
    return dict(Dossier.objects.filter(pk__in={i for i in ids if i}).values_list("pk", "reference"))


def names_by_id(ids) -> dict[int, str]:
    return _named(get_user_model().objects.filter(pk__in={i for i in ids if i}).values_list(*NAME_COLUMNS))


ACTIONS = {0: _("création"), 1: _("modification"), 2: _("suppression"), 3: _("consultation")}


def _field_label(model, name: str) -> str:
    root = name.split(".", 1)[0]
    try:
        label = str(model._meta.get_field(root).verbose_name) if model else root
    except FieldDoesNotExist:
        label = root
    return f"{label} ({name.split('.', 1)[1]})" if "." in name else label


def change_row(entry, references: dict) -> dict:
    """One change of the page: when, who, what (its kind and dossier), which fields (names, never the values)."""
    model = entry.content_type.model_class()
    dossier_id = (entry.additional_data or {}).get("dossier")
    fields = entry.changes if isinstance(entry.changes, dict) else {}
    return {
        "at": entry.timestamp,
        "actor": entry.actor,
        "action": ACTIONS.get(entry.action, ""),
        "what": str(model._meta.verbose_name) if model else entry.content_type.model,
        "dossier": references.get(dossier_id),
        # A creation lists every field: the action says it; the page names the fields of changes only.
        "fields": [] if entry.action == 0 else [_field_label(model, name) for name in fields if name != "reason"],
        "reason": (fields.get("reason") or ["", ""])[1] if "reason" in fields else "",
    }


def read_rows(page, references: dict, people: dict[int, str]) -> list[dict]:
    """One read of the page: when, who (a name), what kind of page, which dossier."""
    others = names_by_id([r.user_id for r in page if r.user_id not in people])
    return [
        {
            "at": r.at,
            "user": people.get(r.user_id) or others.get(r.user_id),
            "kind": r.get_kind_display(),
            "dossier": references.get(r.dossier_id),
        }
        for r in page
    ]


def query_without_pages(query) -> str:
    """The page's filters as a query string, for the pagination links."""
    kept = query.copy()
    for name in ("page_modifs", "page_lectures"):
        kept.pop(name, None)
    return kept.urlencode()


def single(found: dict | None) -> int | None:
    """The dossier's id when the reference filter names exactly one dossier (for its export and erasure links)."""
    return next(iter(found)) if found and len(found) == 1 else None
