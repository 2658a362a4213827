"""The rules of one line of a historical import file, in plain Python (no Django import).

A line is a dict of column → text (the reader has already turned XLSX cells into text). ``check_header``
refuses unknown columns by name; ``parse_row`` checks a line against the programme's lookups and returns the
row or the problems, in French; ``history`` lists the dated steps the row's dossier went through.
"""

import datetime as dt
import functools
import re
from dataclasses import dataclass, field


COLUMNS = (
    "reference",
    "date_demande",
    "commune",
    "organisation",
    "type_organisation",
    "atelier",
    "nom",
    "prenom",
    "telephone",
    "adresse",
    "personnes",
    "date_report",
    "date_visite",
    "date_envoi",
    "issue",
    "date_fin",
)
REQUIRED = ("date_demande", "commune")
REFERENCE_MAX = 20

# issue → (the transition that ends the dossier, French labels accepted besides the code)
OUTCOMES = {
    "open": (None, ("en cours", "ouvert", "ouverte")),
    "closed": ("close", ("clôturé", "clôturée", "cloturé", "clos")),
    "withdrawn": ("withdraw", ("désistement", "désisté", "abandon")),
    "unreachable": ("mark_unreachable", ("injoignable", "ménage injoignable")),
    "not_eligible": ("mark_not_eligible", ("non éligible", "non eligible")),
    "redirected": ("redirect", ("réorienté", "réorientée", "réorienté ailleurs")),
}
_OUTCOME_OF = {key: key for key in OUTCOMES} | {
    label: key for key, (_, labels) in OUTCOMES.items() for label in labels
}
_DATE_FR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class Lookups:
    """What a line is checked against: the programme's communes and organisations, the organisation kinds."""

    communes_by_code: dict[str, int]
    communes_by_name: dict[str, int | None]  # None: several communes bear that name
    kinds: dict[str, str]  # casefolded code or French label → kind code
    organisations: dict[str, str]  # casefolded name → kind code, of the directory
    existing_references: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class ImportRow:
    line: int
    reference: str
    requested: dt.date
    commune_id: int
    organisation: str
    organisation_kind: str
    workshop: str
    last_name: str
    first_name: str
    phone: str
    address: str
    persons: int
    deferred: dt.date | None
    visited: dt.date | None
    sent: dt.date | None
    outcome: str
    ended: dt.date | None


def normalise(name: str) -> str:
    return (name or "").strip().lower()


def check_header(names: list[str]) -> list[str]:
    """The header's problems (empty: the header is good)."""
    columns = [normalise(n) for n in names]
    errors = []
    unknown = [n for n, c in zip(names, columns, strict=True) if c and c not in COLUMNS]
    if unknown:
        errors.append(
            "Ligne 1 : colonne(s) inconnue(s) : "
            + ", ".join(f"« {n.strip()} »" for n in unknown)
            + ". Colonnes possibles : "
            + ", ".join(COLUMNS)
            + "."
        )
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        errors.append("Ligne 1 : colonne(s) obligatoire(s) absente(s) : " + ", ".join(missing) + ".")
    doubles = sorted({c for c in columns if c and columns.count(c) > 1})
    if doubles:
        errors.append("Ligne 1 : colonne(s) en double : " + ", ".join(doubles) + ".")
    return errors


@functools.lru_cache(maxsize=8192)  # a file of past years repeats a few thousand dates
def parse_date(text: str) -> dt.date | None:
    """JJ/MM/AAAA or AAAA-MM-JJ; None for an empty cell; ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    if match := _DATE_FR.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _DATE_ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError(text)
    return dt.date(year, month, day)


class _Line:
    """Collects one line's values and problems."""

    def __init__(self, line: int, values: dict[str, str]):
        self.line, self.values, self.errors = line, values, []

    def text(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def error(self, message: str) -> None:
        self.errors.append(f"Ligne {self.line} : {message}")

    def date(self, column: str, required: bool = False) -> dt.date | None:
        raw = self.text(column)
        try:
            value = parse_date(raw)
        except ValueError:
            self.error(f"{column} « {raw} » n'est pas une date (JJ/MM/AAAA ou AAAA-MM-JJ).")
            return None
        if value is None and required:
            self.error(f"{column} est obligatoire.")
        return value


def _commune(line: _Line, lookups: Lookups) -> int | None:
    raw = line.text("commune")
    if not raw:
        line.error("commune est obligatoire.")
        return None
    if raw in lookups.communes_by_code:
        return lookups.communes_by_code[raw]
    if raw in lookups.communes_by_name:
        found = lookups.communes_by_name[raw]
        if found is None:
            line.error(f"plusieurs communes s'appellent « {raw} » : indiquez le code INSEE.")
        return found
    line.error(f"commune « {raw} » inconnue du programme (code INSEE ou nom exact).")
    return None


def _organisation(line: _Line, lookups: Lookups) -> tuple[str, str]:
    name, raw_kind = line.text("organisation"), line.text("type_organisation")
    kind = ""
    if raw_kind:
        kind = lookups.kinds.get(normalise(raw_kind), "")
        if not kind:
            line.error(f"type_organisation « {raw_kind} » inconnu (un code ou un libellé de l'annuaire).")
    if not name:
        if raw_kind:
            line.error("type_organisation est rempli mais organisation est vide.")
        return "", ""
    existing = lookups.organisations.get(normalise(name))
    if existing is not None:
        return name, existing
    if not raw_kind:
        line.error(f"organisation « {name} » absente de l'annuaire : indiquez son type_organisation pour la créer.")
    return name, kind


def _dates_in_order(line: _Line, row: dict) -> None:
    requested, deferred, visited = row["requested"], row["deferred"], row["visited"]
    sent, ended, outcome = row["sent"], row["ended"], row["outcome"]
    checks = [
        (deferred, requested, "date_report est avant date_demande."),
        (visited, requested, "date_visite est avant date_demande."),
        (visited, deferred, "date_visite est avant date_report."),
        (sent, visited, "date_envoi est avant date_visite."),
        (ended, requested, "date_fin est avant date_demande."),
        (ended, visited, "date_fin est avant date_visite."),
        (ended, sent, "date_fin est avant date_envoi."),
        (ended, deferred, "date_fin est avant date_report."),
    ]
    for later, earlier, message in checks:
        if later and earlier and later < earlier:
            line.error(message)
    if sent and not visited:
        line.error("date_envoi sans date_visite : un compte-rendu suit une visite.")
    if outcome in {"withdrawn", "unreachable", "not_eligible", "redirected"} and visited:
        line.error(f"issue « {outcome} » (fin sans visite) mais date_visite est remplie.")
    if outcome == "closed" and not sent:
        line.error("issue « closed » sans date_envoi : un dossier se clôture après l'envoi du compte-rendu.")
    if outcome != "open" and not ended:
        line.error(f"issue « {outcome} » sans date_fin.")
    if outcome == "open" and ended:
        line.error("date_fin est remplie mais l'issue est « open ».")


def _persons(line: _Line) -> int:
    raw = line.text("personnes")
    if not raw:
        return 1
    try:
        persons = int(float(raw.replace(",", ".")))
    except ValueError:
        persons = 0
    if not 1 <= persons <= 30:
        line.error(f"personnes « {raw} » doit être un nombre entre 1 et 30.")
    return persons


def parse_row(line_number: int, values: dict[str, str], lookups: Lookups) -> tuple[ImportRow | None, list[str]]:
    line = _Line(line_number, values)
    reference = line.text("reference")
    if len(reference) > REFERENCE_MAX:
        line.error(f"reference « {reference} » dépasse {REFERENCE_MAX} caractères.")
    elif reference and reference in lookups.existing_references:
        line.error(f"reference « {reference} » existe déjà dans le programme.")
    raw_outcome = line.text("issue")
    outcome = _OUTCOME_OF.get(normalise(raw_outcome), "") if raw_outcome else "open"
    if not outcome:
        line.error(
            f"issue « {raw_outcome} » inconnue (open, closed, withdrawn, unreachable, not_eligible, redirected)."
        )
    row = {
        "requested": line.date("date_demande", required=True),
        "deferred": line.date("date_report"),
        "visited": line.date("date_visite"),
        "sent": line.date("date_envoi"),
        "ended": line.date("date_fin"),
        "outcome": outcome or "open",
    }
    commune_id = _commune(line, lookups)
    organisation, kind = _organisation(line, lookups)
    persons = _persons(line)
    if not line.errors:
        _dates_in_order(line, row)
    for column, limit in (("nom", 150), ("prenom", 150), ("telephone", 30), ("adresse", 250), ("atelier", 200)):
        if len(line.text(column)) > limit:
            line.error(f"{column} dépasse {limit} caractères.")
    if line.errors:
        return None, line.errors
    return ImportRow(
        line=line_number,
        reference=reference,
        commune_id=commune_id,
        organisation=organisation,
        organisation_kind=kind,
        workshop=line.text("atelier"),
        last_name=line.text("nom"),
        first_name=line.text("prenom"),
        phone=line.text("telephone"),
        address=line.text("adresse"),
        persons=persons,
        **row,
    ), []


def history(row: ImportRow) -> list[tuple[str, dt.date]]:
    """The dated transitions of the row's dossier, in order (the request itself is the dossier's date)."""
    steps = []
    if row.deferred:
        steps.append(("defer", row.deferred))
    if row.visited:
        steps.append(("mark_visited", row.visited))
    if row.sent:
        steps.append(("send_report", row.sent))
    end = OUTCOMES[row.outcome][0]
    if end and row.ended:
        steps.append((end, row.ended))
    return steps
