"""Export every stored document of a programme for the Département's records system.

    python -m binome export_documents SLUG --out DIR [--dossier REF]

writes ``DIR/<reference>/<kind>-v<version>.pdf`` (kinds ``family``, ``referrer``, ``landlord``, ``letter``) and
``DIR/manifest.json``: a list of ``{"reference", "kind", "version", "sha256", "sent_to": [{"recipient", "channel",
"at"}]}``. Each file is checked against its stored SHA-256 before it is written.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.reports.documents import read, sha256
from binome.reports.models import Dispatch, DispatchStatus, Document
from binome.territory.models import Programme


class Command(BaseCommand):
    help = _("Exporte les documents stockés d'un programme (PDF et manifest.json) pour l'archivage.")

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--dossier", default="", help=_("Référence d'un seul dossier."))

    def handle(self, *args, slug, out, dossier, **options):
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            raise CommandError(_("Aucun programme n'a l'identifiant « %(slug)s ».") % {"slug": slug})
        documents = Document.objects.filter(dossier__programme=programme).select_related("dossier")
        if dossier:
            documents = documents.filter(dossier__reference=dossier)
            if not documents.exists():
                raise CommandError(_("Aucun document stocké pour le dossier « %(ref)s ».") % {"ref": dossier})
        sent = {}
        for item in Dispatch.objects.filter(document__in=documents, status=DispatchStatus.SENT).order_by("sent_at"):
            sent.setdefault(item.document_id, []).append(
                {
                    "recipient": item.recipient,
                    "channel": item.channel,
                    "at": timezone.localtime(item.sent_at).isoformat(timespec="seconds"),
                }
            )
        manifest = []
        for document in documents.order_by("dossier__reference", "kind", "number"):
            data = read(document)
            if sha256(data) != document.sha256:
                raise CommandError(
                    _("Le fichier de %(doc)s ne correspond plus à son empreinte : export arrêté.") % {"doc": document}
                )
            folder = out / document.dossier.reference
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{document.kind}-v{document.number}.pdf").write_bytes(data)
            manifest.append(
                {
                    "reference": document.dossier.reference,
                    "kind": document.kind,
                    "version": document.number,
                    "sha256": document.sha256,
                    "sent_to": sent.get(document.pk, []),
                }
            )
        out.mkdir(parents=True, exist_ok=True)
        (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        self.stdout.write(_("%(n)s documents exportés dans %(out)s.") % {"n": len(manifest), "out": out})
