"""Exports of the steering data (CSV or XLSX): dossiers, visits, orientations, follow-ups.

Each dataset is a list of (column, field path) read with ``values_list(...).iterator()`` — streamed, never a
model instance per row. The pseudonymised variant (for partners and the national programme) drops every column
that names, locates or reaches a household (name, address, phone, e-mail) and keeps the commune, the size of
the household and its two age bands as the diagnosis records them (under 14, 14 and over). Every export is logged
(``ExportLog``: who, when, what, how many rows).

Up to ``SYNC_LIMIT`` rows the file is sent at once; beyond, the task worker writes it (``steering.tasks``) to a
private file with its progress saved as it goes, downloaded by the user who asked and deleted after ``KEEP_DAYS``
days (``purge_expired``, run by the nightly clean-up).
"""

import csv
import datetime as dt
import io
import tempfile

from django.core.files import File
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
            # The only ages the diagnosis records: the two bands of the INSEE consumption units (visited households).
            ("moins_de_14_ans", "@children_under_14"),
            ("14_ans_et_plus", "@persons_14_plus"),
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
    rows = model.objects.filter(**{programme_path: programme})
    household = {path: _household_count(path[1:]) for path in paths if path.startswith("@")}
    return rows.annotate(**household).order_by("pk").values_list(*paths)


def _household_count(key: str):
    """A count of the social diagnosis's household section (``@key`` columns), empty before the visit."""
    from django.db.models import OuterRef, Subquery

    from binome.diagnosis.models import DiagnosisSection

    section = DiagnosisSection.objects.filter(dossier=OuterRef("pk"), key="household")
    return Subquery(section.values(f"data__{key}")[:1])


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


PROGRESS_EVERY = 2000  # rows written between two progress updates (and the database cursor's chunk)
SYNC_LIMIT = 5000  # beyond this many rows the export is written by the task worker
KEEP_DAYS = 7  # a long export's file is deleted after this many days (the log line stays)
CONTENT_TYPES = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def count(programme, dataset: str) -> int:
    """How many rows the export will have (one COUNT query)."""
    return _rows(programme, dataset, False).count()


def file_name(log: ExportLog) -> str:
    day = timezone.localtime(log.created_at).date()
    return f"{log.dataset}{'-pseudonymise' if log.pseudonymised else ''}-{day:%Y%m%d}.{log.file_format}"


def write(handle, programme, dataset: str, file_format: str, pseudonymised: bool, progress=None) -> int:
    """Write the export to the binary file ``handle`` row by row (bounded memory); returns the rows written.

    ``progress(rows)`` is called every ``PROGRESS_EVERY`` rows."""
    header = [name for name, _path in columns(dataset, pseudonymised)]
    rows = _rows(programme, dataset, pseudonymised).iterator(chunk_size=PROGRESS_EVERY)
    written = 0
    if file_format == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)  # rows go to a temporary file as they are appended
        sheet = book.create_sheet(DATASETS[dataset][0])
        sheet.append(header)
        for row in rows:
            sheet.append([_text(v) for v in row])
            written += 1
            if progress and written % PROGRESS_EVERY == 0:
                progress(written)
        book.save(handle)
        return written
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(text, delimiter=";")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_text(v) for v in row])
            written += 1
            if progress and written % PROGRESS_EVERY == 0:
                progress(written)
        text.flush()
    finally:
        text.detach()  # the caller owns the file
    return written


def export(programme, user, dataset: str, file_format: str, pseudonymised: bool) -> tuple[bytes, ExportLog]:
    """A small export at once: the file's bytes and its log line (written once the file is complete)."""
    buffer = io.BytesIO()
    written = write(buffer, programme, dataset, file_format, pseudonymised)
    log = ExportLog.objects.create(
        programme=programme,
        user=user,
        dataset=dataset,
        file_format=file_format,
        pseudonymised=pseudonymised,
        rows=written,
        total=written,
        status=ExportLog.Status.DONE,
        finished_at=timezone.now(),
    )
    return buffer.getvalue(), log


def queue(programme, user, dataset: str, file_format: str, pseudonymised: bool, total: int) -> ExportLog:
    """A long export: its log line, "en cours", and the task that writes it (at once in the demo and tests)."""
    from binome.steering.tasks import run_export

    log = ExportLog.objects.create(
        programme=programme,
        user=user,
        dataset=dataset,
        file_format=file_format,
        pseudonymised=pseudonymised,
        total=total,
        status=ExportLog.Status.RUNNING,
    )
    run_export.enqueue(log.pk)
    return log


def run(log_pk: int) -> int:
    """Write a queued export to a temporary file, then to the private storage; returns the rows written.

    Progress is saved every ``PROGRESS_EVERY`` rows (the page polls it); a failure marks the export failed."""
    log = ExportLog.objects.select_related("programme").get(pk=log_pk)
    if log.status != ExportLog.Status.RUNNING:
        return log.rows  # already written (a task run twice)

    def progress(rows: int) -> None:
        ExportLog.objects.filter(pk=log.pk).update(rows=rows)

    try:
        with tempfile.TemporaryFile() as handle:
            written = write(handle, log.programme, log.dataset, log.file_format, log.pseudonymised, progress)
            handle.seek(0)
            log.file.save(file_name(log), File(handle), save=False)
    except Exception:
        ExportLog.objects.filter(pk=log.pk).update(status=ExportLog.Status.FAILED, finished_at=timezone.now())
        raise
    ExportLog.objects.filter(pk=log.pk).update(
        file=log.file.name,
        rows=written,
        total=max(written, log.total),
        status=ExportLog.Status.DONE,
        finished_at=timezone.now(),
    )
    return written


def purge_expired(now: dt.datetime, *, dry_run: bool = False) -> int:
    """Delete the files of the exports asked more than ``KEEP_DAYS`` days ago (their log lines stay, marked
    expired) and return how many; an export still "en cours" that long (its worker was killed) is marked failed.
    Idempotent."""
    limit = now - dt.timedelta(days=KEEP_DAYS)
    old = ExportLog.objects.exclude(file="").filter(created_at__lt=limit)
    if dry_run:
        return old.count()
    purged = 0
    for log in old.only("pk", "file").iterator():
        log.file.storage.delete(log.file.name)
        ExportLog.objects.filter(pk=log.pk).update(file="", status=ExportLog.Status.EXPIRED)
        purged += 1
    ExportLog.objects.filter(status=ExportLog.Status.RUNNING, created_at__lt=limit).update(
        status=ExportLog.Status.FAILED, finished_at=now
    )
    return purged
