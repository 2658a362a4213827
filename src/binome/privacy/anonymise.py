"""Anonymising a household: what the retention job and an erasure on request both do, in one transaction.

Removed: the names, phone, e-mail and address (the dossier's, the frozen report versions', the dispatches'), every
free text written about the household (the description, the timeline's notes and call notes, the visits'
preparation notes, the derogation's reason, the diagnosis notes and the typed fields of its sections, the report's
sections, comments, conflicts and validation reasons, the orientations' notes and the follow-up calls' comments),
the home's coordinates, the photos and the PDF documents (files deleted from storage). Kept: the commune, the
dates, the steps, the choices and every figure (bills amounts, indicators, orientation statuses and amounts), so
the statistics do not change. The trail's entries about the dossier keep who changed which field and when, but
their old and new values are replaced by ``ANONYMISED``. Idempotent: an anonymised dossier is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django import forms
from django.db import transaction
from django.utils import timezone

from binome.cases.models import Dossier, DossierEvent
from binome.coordination.models import Derogation
from binome.core import audit
from binome.diagnosis.models import DiagnosisNote, DiagnosisSection, Photo
from binome.diagnosis.sections import BY_KEY as DIAGNOSIS_SECTIONS
from binome.orientations.models import FollowUp, Orientation, OrientationChange
from binome.reports.models import (
    Approval,
    Comment,
    Dispatch,
    Document,
    Report,
    ReportSection,
    ReportVersion,
    SectionConflict,
)
from binome.visits.models import HouseholdAvailability, Visit, VisitChange


ANONYMISED = "[anonymisé]"
HOUSEHOLD_FIELDS = {
    "last_name": "",
    "first_name": "",
    "phone": "",
    "email": "",
    "address": "",
    "description": "",
    "referrer_name": "",
    "landlord": "",
    "social_referent": "",
}


@dataclass
class Removed:
    """What an anonymisation removed, for the French counts of the command and the erasure's message."""

    dossiers: int = 0
    photos: int = 0
    documents: int = 0
    files: list[str] = field(default_factory=list)

    def add(self, other: Removed) -> None:
        self.dossiers += other.dossiers
        self.photos += other.photos
        self.documents += other.documents
        self.files += other.files


def typed_text_fields(section_key: str) -> set[str]:
    """The fields of a diagnosis section where people type free text (comments, remarks, places, suppliers)."""
    section = DIAGNOSIS_SECTIONS.get(section_key)
    if section is None:
        return set()
    return {name for name, f in section.form_class.base_fields.items() if type(f) is forms.CharField}


def scrub_section_data(section_key: str, data: dict) -> dict:
    """A diagnosis section's JSON without its typed texts (rows of a grid included) and without its drafts."""
    names = typed_text_fields(section_key)

    def scrub(values: dict) -> dict:
        return {k: ("" if k in names and v else v) for k, v in values.items() if k not in {"_draft", "draft_rows"}}

    cleaned = scrub(data)
    if isinstance(cleaned.get("rows"), list):
        cleaned["rows"] = [scrub(row) if isinstance(row, dict) else row for row in cleaned["rows"]]
    return cleaned


def scrub_version_content(content: dict) -> dict:
    """A frozen report version without the household's name, address and texts (works, kit, figures kept)."""
    content = dict(content)
    content["texts"] = {key: "" for key in content.get("texts", {})}
    content["photos"] = []
    dossier = dict(content.get("dossier") or {})
    for key in ("household_name", "address", "landlord", "referrer_name"):
        if key in dossier:
            dossier[key] = ""
    content["dossier"] = dossier
    content["orientations"] = [{**line, "next_step": ""} for line in content.get("orientations", [])]
    return content


def _clear_files(queryset, attribute: str) -> list[str]:
    """Delete the files from storage once the transaction commits (a rollback keeps them with their rows)."""
    names = []
    for item in queryset:
        stored = getattr(item, attribute)
        if stored and stored.name:
            names.append(stored.name)
            transaction.on_commit(lambda storage=stored.storage, name=stored.name: storage.delete(name))
    return names


def _texts(dossier) -> None:
    DossierEvent.objects.filter(dossier=dossier).update(note="")
    Visit.objects.filter(dossier=dossier).update(preparation_note="", preparation_questions="")
    VisitChange.objects.filter(visit__dossier=dossier).update(note="")
    HouseholdAvailability.objects.filter(dossier=dossier).update(latitude=None, longitude=None)
    Derogation.objects.filter(dossier=dossier).update(reason=ANONYMISED)
    DiagnosisNote.objects.filter(dossier=dossier).update(text="")
    for section in DiagnosisSection.objects.filter(dossier=dossier):
        DiagnosisSection.objects.filter(pk=section.pk).update(data=scrub_section_data(section.key, section.data))
    Report.objects.filter(dossier=dossier).update(summary_for_referrer="")
    ReportSection.objects.filter(report__dossier=dossier).update(text="")
    SectionConflict.objects.filter(section__report__dossier=dossier).update(text="")
    Comment.objects.filter(report__dossier=dossier).update(text=ANONYMISED)
    Approval.objects.filter(version__report__dossier=dossier).update(reason="", opinion="")
    for version in ReportVersion.objects.filter(report__dossier=dossier):
        ReportVersion.objects.filter(pk=version.pk).update(content=scrub_version_content(version.content))
    Dispatch.objects.filter(document__dossier=dossier).update(address=ANONYMISED)
    Orientation.objects.filter(dossier=dossier).update(household_step="", outcome="")
    OrientationChange.objects.filter(orientation__dossier=dossier).update(note="", answered_by="")
    FollowUp.objects.filter(dossier=dossier).update(comment="")


def _scrub_trail(dossier) -> None:
    """The trail keeps who changed which field when; the values it recorded about the household go."""
    for entry in LogEntry.objects.filter(additional_data__dossier=dossier.pk).exclude(changes=None):
        values = entry.changes if isinstance(entry.changes, dict) else {}
        scrubbed = {name: [ANONYMISED, ANONYMISED] for name in values}
        LogEntry.objects.filter(pk=entry.pk).update(changes=scrubbed, changes_text="", serialized_data=None)


def anonymise(dossier: Dossier, *, reason: str) -> Removed:
    """Remove the household's personal data from ``dossier`` and everything attached to it (see the module)."""
    if dossier.anonymised_at is not None:
        return Removed()
    removed = Removed(dossiers=1)
    now = timezone.now()
    with transaction.atomic(), disable_auditlog(), audit.programme(dossier.programme_id):
        photos = Photo.objects.filter(dossier=dossier)
        removed.files += _clear_files(photos, "image")
        removed.photos = photos.count()
        photos.delete()
        documents = Document.objects.filter(dossier=dossier).exclude(file="")
        removed.files += _clear_files(documents, "file")
        removed.documents = documents.update(file="")
        _texts(dossier)
        Dossier.objects.filter(pk=dossier.pk).update(anonymised_at=now, **HOUSEHOLD_FIELDS)
        _scrub_trail(dossier)
        LogEntry.objects.log_create(
            dossier,
            action=LogEntry.Action.UPDATE,
            changes={"anonymised_at": ["None", now.isoformat()], "reason": ["", reason]},
            force_log=True,
        )
    dossier.anonymised_at = now
    return removed
