"""Exports of the steering data (CSV or XLSX): dossiers, visits, orientations, follow-ups.

Each dataset is a list of (column, field path) read with ``values_list(...).iterator()`` — streamed, never a
model instance per row. The pseudonymised variant (for partners and the national programme) drops every column
that names, locates or reaches a household (name, address, phone, e-mail) and keeps the commune and the size of
the household. Every export is logged (``ExportLog``: who, when, what, how many rows).
"""

import csv
import datetime as dt
import io

from django.utils import timezone

from binome.steering.models import ExportLog


PERSONAL = {"last_name", "first_name", "phone", "email", "address"}
DATASETS = {
    "dossiers": (
        "Dossiers",
        "cases.Dossier",
        "programme",
        [
            ("reference", "reference"),
            ("date_demande", "created_at"),
            ("etape", "state"),
            ("source", "source_family"),
            ("organisation", "organisation__name"),
            ("commune_insee", "commune__insee_code"),
            ("commune", "commune__name"),
            ("unite_territoriale", "commune__unite__name"),
            ("personnes", "household_size"),
            ("statut_occupation", "tenure"),
            ("revenus", "income_band"),
            ("nom", "last_name"),
            ("prenom", "first_name"),
            ("telephone", "phone"),
            ("courriel", "email"),
            ("adresse", "address"),
        ],
    ),
    "visites": (
        "Visites",
        "visits.Visit",
        "dossier__programme",
        [
            ("reference", "dossier__reference"),
            ("debut", "starts_at"),
            ("statut", "status"),
            ("commune", "dossier__commune__name"),
            ("unite_territoriale", "dossier__commune__unite__name"),
            ("adresse", "dossier__address"),
        ],
    ),
    "orientations": (
        "Orientations",
        "orientations.Orientation",
        "dossier__programme",
        [
            ("reference", "dossier__reference"),
            ("proposee_le", "created_at"),
            ("solution", "solution__name"),
            ("statut", "status"),
            ("aide_eur", "aid_amount"),
            ("commune", "dossier__commune__name"),
        ],
    ),
    "suivis": (
        "Appels de suivi",
        "orientations.FollowUp",
        "dossier__programme",
        [
            ("reference", "dossier__reference"),
            ("appel", "rank"),
            ("prevu_le", "due_on"),
            ("statut", "status"),
            ("appele_le", "contacted_on"),
            ("a_eu_froid", "cold_now"),
            ("factures", "bills"),
            ("commune", "dossier__commune__name"),
        ],
    ),
}


def columns(dataset: str, pseudonymised: bool) -> list[tuple[str, str]]:
    found = DATASETS[dataset][3]
    if not pseudonymised:
        return found
    return [(name, path) for name, path in found if path.split("__")[-1] not in PERSONAL]


def _rows(programme, dataset: str, pseudonymised: bool):
    from django.apps import apps

    _label, model_label, programme_path, _columns = DATASETS[dataset]
    model = apps.get_model(model_label)
    paths = [path for _name, path in columns(dataset, pseudonymised)]
    return model.objects.filter(**{programme_path: programme}).order_by("pk").values_list(*paths)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value)


def export(programme, user, dataset: str, file_format: str, pseudonymised: bool) -> tuple[bytes, ExportLog]:
    """The file's bytes and its log line (written once the file is complete)."""
    header = [name for name, _path in columns(dataset, pseudonymised)]
    rows = _rows(programme, dataset, pseudonymised).iterator(chunk_size=2000)
    count = 0
    if file_format == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(DATASETS[dataset][0])
        sheet.append(header)
        for row in rows:
            sheet.append([_text(v) for v in row])
            count += 1
        buffer = io.BytesIO()
        book.save(buffer)
        content = buffer.getvalue()
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_text(v) for v in row])
            count += 1
        content = buffer.getvalue().encode("utf-8-sig")
    log = ExportLog.objects.create(
        programme=programme,
        user=user,
        dataset=dataset,
        file_format=file_format,
        pseudonymised=pseudonymised,
        rows=count,
        total=count,
        status=ExportLog.Status.DONE,
        finished_at=timezone.now(),
    )
    return content, log
