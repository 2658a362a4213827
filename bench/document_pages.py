"""PNG pages of the report's documents, for review: the three PDFs of two demo dossiers (sent to the household,
the referrer when it agreed, and the landlord, with works studied), through pdftoppm.

Run after ``make demo`` (``make screenshots`` does): ``BINOME_DEBUG=1 .venv/bin/python bench/document_pages.py``
[--out var/screenshots/documents] [--count 2]. Prints the files it wrote. The PDFs are the stored ones, exactly as
they were sent.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binome.settings")
os.environ.setdefault("BINOME_DEBUG", "1")

import django  # noqa: E402


django.setup()

from binome.reports.documents import read  # noqa: E402
from binome.reports.models import Document, DocumentKind  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("var/screenshots/documents"))
    parser.add_argument("--count", type=int, default=2)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    landlord = Document.objects.filter(kind=DocumentKind.LANDLORD).select_related("version")
    with_works = [
        d for d in landlord.order_by("-dossier__created_at") if (d.version.content.get("works") or {}).get("steps")
    ]
    versions = [d.version_id for d in with_works[: args.count]]
    if not versions:
        sys.exit("Aucun dossier envoyé avec ses trois documents : chargez la démonstration (make demo).")
    for document in Document.objects.filter(version_id__in=versions).select_related("dossier").order_by("pk"):
        pdf = args.out / f"{document.dossier.reference}-{document.kind}-v{document.number}.pdf"
        pdf.write_bytes(read(document))
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(pdf.with_suffix(""))], check=True)
        for png in sorted(args.out.glob(f"{pdf.stem}-*.png")):
            print(png)


if __name__ == "__main__":
    main()
