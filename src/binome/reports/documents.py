"""The PDF documents of a version: the family's report, the referrer's report, the landlord's technical sheet.

Each is rendered by WeasyPrint (A4, tagged PDF, the vendored Atkinson Hyperlegible font, SVG charts drawn on the
server) from the frozen version only — its content, its approvals and its dates — so rendering it again gives the
same bytes. A document is stored once with its SHA-256; what was sent is what is kept.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.diagnosis.models import Photo
from binome.reports import charts, sections as spec
from binome.reports.models import Document, DocumentKind, ReportVersion


logger = logging.getLogger(__name__)

REPORT_KINDS = (DocumentKind.FAMILY, DocumentKind.REFERRER, DocumentKind.LANDLORD)
TEMPLATES = {kind: f"reports/documents/{kind}.html" for kind in REPORT_KINDS}
FONTS = {
    "regular": "vendor/fonts/atkinson-hyperlegible-latin-400-normal.ttf",
    "bold": "vendor/fonts/atkinson-hyperlegible-latin-700-normal.ttf",
    "italic": "vendor/fonts/atkinson-hyperlegible-latin-400-italic.ttf",
}


class DocumentError(Exception):
    """The PDF could not be produced; the message is French and says that nothing was sent."""


def font_urls() -> dict[str, str]:
    return {name: "file://" + finders.find(path) for name, path in FONTS.items()}


def _photo_sources(content: dict) -> list[dict]:
    """The ticked photos as data URIs (read from the private storage; a photo deleted since is left out)."""
    found = []
    by_pk = {p.pk: p for p in Photo.objects.filter(pk__in=[p["id"] for p in content.get("photos", [])])}
    for item in content.get("photos", []):
        photo = by_pk.get(item["id"])
        if photo is None:
            continue
        with photo.image.open("rb") as handle:
            data = handle.read()
        mime = "image/png" if data[:4] == b"\x89PNG" else "image/jpeg"
        found.append({"src": f"data:{mime};base64,{base64.b64encode(data).decode()}", "caption": item["caption"]})
    return found


def _short(label: str) -> str:
    """A work's name without its technical detail in brackets, for a chart's narrow labels."""
    return label.split(" (")[0]


def _charts(works: dict | None, kind: str) -> dict:
    if not works or not works["steps"]:
        return {}
    total = works["total"]
    drawn = {"scale": charts.label_scale(works["label_before"], total["label_after"])}
    if kind == DocumentKind.FAMILY:
        drawn["savings"] = charts.bars(
            [(_short(s["label"]), s["together"]["eur_saved"]) for s in works["steps"]],
            unit="€ par an",
            title="Économies cumulées, étape après étape",
        )
    else:
        drawn["savings"] = charts.bars(
            [(_short(s["label"]), s["alone"]["kwh_saved"]) for s in works["steps"]],
            unit="kWh par an",
            title="Énergie économisée par chaque travail seul",
        )
    return drawn


def context(version: ReportVersion, kind: str) -> dict:
    content = version.content
    texts = content["texts"]
    approvals = list(version.approvals.all()) if version.pk else []
    issued = version.approved_at or version.submitted_at
    works = content.get("works")  # in the advisor's order: each line's cumulative figures depend on it
    return {
        "kind": kind,
        "number": version.number,
        "issued_on": timezone.localtime(issued).date(),
        "created": timezone.localtime(version.submitted_at).isoformat(timespec="seconds"),
        "sections": [(key, spec.TITLES[key], texts.get(key, "")) for key in spec.DOCUMENT_SECTIONS[kind]],
        "texts": texts,
        "programme": content["programme"],
        "dossier": content["dossier"],
        "visit_date": dt.date.fromisoformat(content["visit"]["date"]) if content["visit"]["date"] else None,
        "visit": content["visit"],
        "kit": content["kit"],
        "orientations": content["orientations"],
        "opinions": [a for a in approvals if a.opinion],
        "works": works,
        "charts": _charts(content.get("works"), kind),
        "photos": _photo_sources(content) if kind != DocumentKind.REFERRER else [],
        "fonts": font_urls(),
    }


def render_pdf(version: ReportVersion, kind: str) -> bytes:
    """The PDF of ``version`` for ``kind``; DocumentError (in French) when it cannot be produced."""
    from weasyprint import HTML

    try:
        html = render_to_string(TEMPLATES[kind], context(version, kind))
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_tags=True)
    except Exception as exc:  # noqa: BLE001 — any failure of the renderer becomes one clear message
        logger.exception("document %s of report version %s could not be rendered", kind, version.pk)
        raise DocumentError(
            _(
                "Le document « %(kind)s » n'a pas pu être produit : rien n'a été envoyé. Réessayez plus tard ou "
                "prévenez l'administrateur du programme."
            )
            % {"kind": DocumentKind(kind).label}
        ) from exc


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ensure_document(version: ReportVersion, kind: str) -> Document:
    """The stored document of ``version`` for ``kind``, rendered and stored the first time it is needed."""
    found = Document.objects.filter(version=version, kind=kind).first()
    if found is not None:
        return found
    pdf = render_pdf(version, kind)
    dossier = version.report.dossier
    document = Document(
        dossier=dossier, version=version, kind=kind, number=version.number, sha256=sha256(pdf), size_bytes=len(pdf)
    )
    document.file.save(f"{dossier.reference}-{kind}-v{version.number}.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # stored meanwhile by someone else: keep theirs
        document.file.delete(save=False)
        return Document.objects.get(version=version, kind=kind)
    return document


def read(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def store_letter(visit, on: dt.date) -> Document:
    """Keep the visit confirmation letter as it is printed (the letter's template belongs to the visits)."""
    from weasyprint import HTML

    dossier = visit.dossier
    html = render_to_string("visits/letter.html", {"visit": visit, "dossier": dossier, "today": on})
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_tags=True)
    number = Document.objects.filter(dossier=dossier, kind=DocumentKind.LETTER).count() + 1
    document = Document(
        dossier=dossier, kind=DocumentKind.LETTER, number=number, sha256=sha256(pdf), size_bytes=len(pdf)
    )
    document.file.save(f"{dossier.reference}-letter-v{number}.pdf", ContentFile(pdf), save=False)
    document.save()
    return document
