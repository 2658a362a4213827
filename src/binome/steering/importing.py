"""The historical import: a service's past dossiers from a CSV or XLSX file (``import_dossiers``).

The file is read twice, streamed (memory stays bounded whatever its length): the first pass checks every
line and collects every problem, in French, with its line number; only if there is none does the second pass
write, in one transaction, the organisations and workshops that are missing, then the dossiers and their
dated timeline in bulk (``cases.transitions.import_history``), by chunks. The line rules are in ``rows``.
"""

import csv
import datetime as dt
import functools
import pickle
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from binome.cases.models import Channel, Dossier, Tenure
from binome.cases.sources import OrganisationKind, SourceFamily, family_of_kind
from binome.cases.transitions import import_history
from binome.core import summaries
from binome.network.models import MobilisationEvent, MobilisationKind, Organisation
from binome.steering import rows as rules
from binome.steering.models import HistoricalImport


MAX_REPORTED_ERRORS = 200
CHUNK = 2000
NOTE = "Importé de l'historique du service."


class ImportFileError(Exception):
    """The file cannot be imported; ``errors`` are the (first) problems, ``count`` all of them."""

    def __init__(self, errors: list[str], count: int | None = None):
        self.errors, self.count = errors, count or len(errors)
        super().__init__("\n".join(errors))

    def summary(self) -> str:
        more = self.count - len(self.errors)
        text = "Import impossible, rien n'a été enregistré :\n- " + "\n- ".join(self.errors)
        return text + (f"\n… et {more} autre(s) problème(s)." if more > 0 else "")


@dataclass
class ImportSummary:
    rows: int = 0
    organisations: dict[str, tuple[str, str]] = field(default_factory=dict)  # key → (name, kind) to create
    workshops: dict[str, tuple[str, dt.date]] = field(default_factory=dict)  # key → (title, first request)
    written: bool = False


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise ImportFileError(["Le fichier XLSX est illisible (classeur endommagé ?)."]) from None
    try:
        for number, values in enumerate(workbook.active.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in values]
            if any(c.strip() for c in cells):
                yield number, cells
    finally:
        workbook.close()


def _csv_lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
            delimiter = ";" if first.count(";") >= first.count(",") else ","
            handle.seek(0)
            for number, values in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
                if any(v.strip() for v in values):
                    yield number, values
    except UnicodeDecodeError:
        raise ImportFileError(["Le fichier n'est pas encodé en UTF-8 (enregistrez-le en « CSV UTF-8 »)."]) from None
    except csv.Error as exc:
        raise ImportFileError([f"Fichier CSV illisible : {exc}."]) from None


def read_lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The file's non-empty lines (header included) with their line number; XLSX recognised by its content."""
    try:
        with open(path, "rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise ImportFileError([f"Lecture impossible du fichier ({exc.strerror})."]) from None
    return _xlsx_lines(path) if magic == b"PK\x03\x04" else _csv_lines(path)


def read_records(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data line as column → text, after the header was checked (ImportFileError otherwise)."""
    lines = read_lines(path)
    try:
        _, header = next(lines)
    except StopIteration:
        raise ImportFileError(["Le fichier est vide."]) from None
    if errors := rules.check_header(header):
        raise ImportFileError(errors)
    columns = [rules.normalise(name) for name in header]
    for number, values in lines:
        extra = values[len(columns) :]
        record = dict(zip(columns, values, strict=False))
        if any(v.strip() for v in extra):
            record["__extra__"] = "1"
        yield number, record


def lookups(programme) -> rules.Lookups:
    by_code, by_name = {}, {}
    for pk, code, name in programme.communes.values_list("pk", "insee_code", "name"):
        by_code[code] = pk
        by_name[name] = None if name in by_name else pk
    kinds = {k.value: k.value for k in OrganisationKind} | {
        rules.normalise(str(k.label)): k.value for k in OrganisationKind
    }
    organisations = {rules.normalise(n): kind for n, kind in programme.organisations.values_list("name", "kind")}
    references = set(Dossier.objects.filter(programme=programme).values_list("reference", flat=True))
    return rules.Lookups(by_code, by_name, kinds, organisations, references)


def check(programme, path: Path, spool=None) -> ImportSummary:
    """First pass: every line checked; ImportFileError with the problems, else what the import would create.

    ``spool``, a binary file, receives the valid rows (pickled) so that the writing does not parse them again.
    """
    table = lookups(programme)
    summary, errors, count, seen = ImportSummary(), [], 0, set()
    events = {rules.normalise(t) for t in programme.mobilisation_events.values_list("title", flat=True)}
    for number, record in read_records(path):
        row, problems = rules.parse_row(number, record, table)
        if record.get("__extra__"):
            problems.append(f"Ligne {number} : plus de valeurs que de colonnes dans l'en-tête.")
        if reference := (record.get("reference") or "").strip():
            if reference in seen:
                problems.append(f"Ligne {number} : reference « {reference} » en double dans le fichier.")
            seen.add(reference)
        count += len(problems)
        errors.extend(problems[: max(0, MAX_REPORTED_ERRORS - len(errors))])
        if row is None or problems:
            continue
        summary.rows += 1
        if spool is not None:
            pickle.dump(row, spool, protocol=pickle.HIGHEST_PROTOCOL)
        key = rules.normalise(row.organisation)
        if row.organisation and key not in table.organisations:
            # Created by this file: its later lines may name it without its kind.
            summary.organisations[key] = (row.organisation, row.organisation_kind)
            table.organisations[key] = row.organisation_kind
        key = rules.normalise(row.workshop)
        if row.workshop and key not in events:
            title, first = summary.workshops.get(key, (row.workshop, row.requested))
            summary.workshops[key] = (title, min(first, row.requested))
    if not count and not summary.rows:
        errors, count = ["Le fichier ne contient aucune ligne de dossier sous l'en-tête."], 1
    if count:
        raise ImportFileError(errors, count)
    return summary


@functools.lru_cache(maxsize=16384)
def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class _Writer:
    """Second pass: turns valid rows into dossiers and their history, a chunk at a time."""

    def __init__(self, programme, user, table: rules.Lookups):
        self.programme, self.user, self.table = programme, user, table
        self.organisations = {rules.normalise(n): pk for pk, n in programme.organisations.values_list("pk", "name")}
        self.workshops = {}
        for pk, title in programme.mobilisation_events.order_by("date", "pk").values_list("pk", "title"):
            self.workshops.setdefault(rules.normalise(title), pk)
        self.used = set(table.existing_references)
        self.serial = 0
        self.chunk, self.histories = [], []

    def create_missing(self, summary: ImportSummary) -> None:
        created = Organisation.objects.bulk_create(
            Organisation(programme=self.programme, name=name, kind=kind)
            for name, kind in summary.organisations.values()
        )
        self.organisations |= {rules.normalise(o.name): o.pk for o in created}
        for key, (title, first) in summary.workshops.items():
            event = MobilisationEvent.objects.create(
                programme=self.programme, kind=MobilisationKind.WORKSHOP, title=title, date=first
            )
            self.workshops[key] = event.pk

    def reference(self, row: rules.ImportRow) -> str:
        if row.reference:
            return row.reference
        while True:
            self.serial += 1
            candidate = f"H{row.requested.year}-{self.serial:06d}"
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate

    def add(self, row: rules.ImportRow) -> None:
        kind = row.organisation_kind
        family = family_of_kind(kind) if row.organisation else SourceFamily.WORKSHOP if row.workshop else ""
        self.chunk.append(
            {
                "programme_id": self.programme.pk,
                "reference": self.reference(row),
                "created_at": _aware(row.requested, 9),
                "channel": Channel.PAPER.value,
                "organisation_id": self.organisations.get(rules.normalise(row.organisation)),
                "source_family": str(family),
                "mobilisation_event_id": self.workshops.get(rules.normalise(row.workshop)),
                "last_name": row.last_name,
                "first_name": row.first_name,
                "phone": row.phone,
                "address": row.address,
                "commune_id": row.commune_id,
                "tenure": Tenure.OTHER.value,
                "household_size": row.persons,
            }
        )
        self.histories.append([(name, _aware(day, 12)) for name, day in rules.history(row)])
        if len(self.chunk) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.chunk:
            import_history(self.chunk, self.histories, user=self.user, note=NOTE)
        self.chunk, self.histories = [], []


def import_file(programme, path: Path, *, user=None, dry_run: bool = False, file_name: str = "") -> ImportSummary:
    """Check ``path`` whole, then (unless ``dry_run``) write it whole; ImportFileError lists the problems."""
    if dry_run:
        return check(programme, path)
    with tempfile.TemporaryFile() as spool:
        summary = check(programme, path, spool)
        spool.seek(0)
        with transaction.atomic():
            writer = _Writer(programme, user, lookups(programme))
            writer.create_missing(summary)
            for row in _spooled(spool):
                writer.add(row)
            writer.flush()
            HistoricalImport.objects.create(
                programme=programme, user=user, file_name=file_name or Path(path).name, rows=summary.rows
            )
            summaries.changed(programme_id=programme.pk)  # written with COPY / bulk_create: no signal
    _refresh_statistics()
    summary.written = True
    return summary


def _spooled(spool) -> Iterator[rules.ImportRow]:
    while True:
        try:
            yield pickle.load(spool)  # noqa: S301 - our own temporary file, written just above
        except EOFError:
            return


def _refresh_statistics() -> None:
    """After a bulk load, PostgreSQL's planner still believes the tables small until autovacuum passes: the
    figures' queries would pick nested loops over every dossier. ANALYZE them now."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE cases_dossier, cases_dossierevent")
