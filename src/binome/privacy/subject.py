"""A household's data on its request (right of access and portability): every record about it, as JSON and PDF.

``collect`` gathers the dossier's record and everything attached to it (timeline, visits, availability,
derogation, diagnosis, photos' descriptions, kit, report, versions, documents, consents, orientations and their
changes, follow-up calls, baseline), each as a list of plain rows; photos and PDF documents are listed, not
embedded (they are given with the documents already sent). ``as_json`` and ``as_pdf`` print it, the PDF with each
field's French label and the linked records by their name.

Every kind of record is read in one query (``core.together``), the names of the linked people, communes,
organisations… in one more for the PDF: the export costs the same whatever the household's history. Each kind keeps
its order; rows the order leaves tied (or a kind without one) come in the order they were created.
"""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.cases.models import Dossier, DossierEvent
from binome.coordination.models import Derogation
from binome.core import together
from binome.diagnosis.models import DiagnosisNote, DiagnosisSection, KitInstallation, Photo
from binome.orientations.models import Baseline, FollowUp, Orientation, OrientationChange
from binome.reports.documents import font_urls
from binome.reports.models import Comment, Consent, Document, Report, ReportSection, ReportVersion
from binome.visits.models import HouseholdAvailability, Visit


SKIPPED = {"version", "image", "file", "sha256", "nonce"}
# The frozen report versions repeat the report's sections as raw JSON: in the JSON export only, the PDF says so.
JSON_ONLY = {"reports.reportversion"}


def _row(instance: models.Model) -> dict:
    """A record's fields (foreign keys as ids, choices as stored), without bookkeeping and file paths."""
    row = {}
    for f in instance._meta.concrete_fields:
        if f.name in SKIPPED:
            continue
        row[f.name] = f.value_from_object(instance)
    return row


def _shown(instance: models.Model) -> list[tuple[str, object]]:
    """A record as a person reads it: French labels, choices by their label, linked records by their name."""
    shown = []
    for f in instance._meta.concrete_fields:
        if f.name in SKIPPED or f.primary_key or (f.is_relation and f.related_model is Dossier):
            continue  # every record is about the exported dossier: its reference heads the document
        if f.is_relation:
            value = getattr(instance, f.name)  # the commune's or the person's name, not an id
        elif f.choices:
            value = dict(f.flatchoices).get(f.value_from_object(instance), f.value_from_object(instance))
        else:
            value = f.value_from_object(instance)
        shown.append((str(f.verbose_name), value))
    return shown


def collect(dossier: Dossier) -> dict:
    """Every record about the household of ``dossier``, every kind read in one query (``core.together``)."""
    d = dossier
    kinds = [
        (_("Dossier du ménage"), Dossier.objects.filter(pk=d.pk)),
        (_("Historique"), DossierEvent.objects.filter(dossier=d).order_by("at", "pk")),
        (_("Visites"), Visit.objects.filter(dossier=d).order_by("starts_at")),
        (_("Disponibilités"), HouseholdAvailability.objects.filter(dossier=d)),
        (_("Dérogation"), Derogation.objects.filter(dossier=d)),
        (_("Notes du diagnostic"), DiagnosisNote.objects.filter(dossier=d)),
        (_("Diagnostic"), DiagnosisSection.objects.filter(dossier=d).order_by("key")),
        (_("Photos (description)"), Photo.objects.filter(dossier=d).order_by("uploaded_at")),
        (_("Kit posé"), KitInstallation.objects.filter(dossier=d)),
        (_("Compte-rendu"), Report.objects.filter(dossier=d)),
        (_("Sections du compte-rendu"), ReportSection.objects.filter(report__dossier=d).order_by("key")),
        (_("Commentaires"), Comment.objects.filter(report__dossier=d).order_by("created_at")),
        (_("Versions du compte-rendu"), ReportVersion.objects.filter(report__dossier=d).order_by("number")),
        (_("Documents produits"), Document.objects.filter(dossier=d).order_by("created_at")),
        (_("Accords du ménage"), Consent.objects.filter(dossier=d).order_by("recorded_at")),
        (_("Orientations"), Orientation.objects.filter(dossier=d).order_by("created_at")),
        (_("Suivi des orientations"), OrientationChange.objects.filter(orientation__dossier=d).order_by("at")),
        (_("Appels de suivi"), FollowUp.objects.filter(dossier=d).order_by("rank")),
        (_("Situation à la visite"), Baseline.objects.filter(dossier=d)),
    ]
    found = together.instances(*(queryset for _title, queryset in kinds))
    sections = [
        {"title": title, "model": queryset.model._meta.label_lower, "records": records}
        for (title, queryset), records in zip(kinds, found, strict=True)
    ]
    return {
        "dossier": d,
        "reference": d.reference,
        "programme": d.programme.name,
        "exported_at": timezone.now(),
        "sections": [{**s, "rows": [_row(i) for i in s["records"]]} for s in sections if s["records"]],
    }


def _link(sections: list[dict], dossier: Dossier) -> None:
    """Give every record its linked records, for their names (``_shown``): the dossier and the records of the
    export itself (a section's report, a document's version) as they are, the others (people, communes,
    organisations…) read in one query."""
    exported = {(type(r), r.pk): r for s in sections for r in s["records"]}
    wanted: dict[type, set] = {}
    links = []
    for section in sections:
        for record in section["records"]:
            for f in record._meta.concrete_fields:
                pk = getattr(record, f.attname) if f.is_relation and f.name not in SKIPPED else None
                if pk is None:
                    continue
                links.append((record, f, pk))
                if f.related_model is not Dossier and (f.related_model, pk) not in exported:
                    wanted.setdefault(f.related_model, set()).add(pk)
    models = list(wanted)
    read = together.instances(*(m.objects.filter(pk__in=sorted(wanted[m])) for m in models))
    known = exported | {(m, r.pk): r for m, records in zip(models, read, strict=True) for r in records}
    for record, f, pk in links:
        f.set_cached_value(record, dossier if f.related_model is Dossier else known.get((f.related_model, pk)))


def as_json(data: dict) -> bytes:
    """The export as JSON: ``{section model: [rows]}`` with the reference and the time of the export."""
    body = {
        "reference": data["reference"],
        "programme": data["programme"],
        "exported_at": data["exported_at"],
        "records": {s["model"]: s["rows"] for s in data["sections"]},
    }
    return json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def _printable(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, dict | list):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def as_pdf(data: dict) -> bytes:
    """The export as a readable PDF (WeasyPrint, the documents' font): one block per record, by kind."""
    from weasyprint import HTML

    _link(data["sections"], data["dossier"])
    sections = [
        {"title": s["title"], "rows": [[(label, _printable(v)) for label, v in _shown(r)] for r in s["records"]]}
        for s in data["sections"]
        if s["model"] not in JSON_ONLY
    ]
    html = render_to_string("privacy/export.html", {**data, "sections": sections, "fonts": font_urls()})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_tags=True)
