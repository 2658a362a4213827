"""Import the communes of a programme from an API Géo-shaped JSON file and a commune → UT CSV.

The whole file is checked before anything is written; the writing happens in one transaction, so a
bad file leaves the database as it was and the user gets every problem found, in French.
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from binome.territory.models import Commune, UniteTerritoriale


MAX_REPORTED_ERRORS = 15


class CommuneImportError(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        shown = errors[:MAX_REPORTED_ERRORS]
        more = len(errors) - len(shown)
        text = "Import impossible, rien n'a été enregistré :\n- " + "\n- ".join(shown)
        if more:
            text += f"\n… et {more} autre(s) erreur(s)."
        super().__init__(text)


@dataclass(frozen=True)
class CommuneRow:
    insee_code: str
    name: str
    postal_codes: list[str]
    population: int
    longitude: float
    latitude: float


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unites: int


def _read_text(path: Path, what: str) -> str:
    try:
        # utf-8-sig: spreadsheets save "CSV UTF-8" with a byte order mark, which would hide the first column.
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommuneImportError([f"Fichier {what} introuvable : {path}"]) from None
    except UnicodeDecodeError:
        raise CommuneImportError([f"Le fichier {what} n'est pas encodé en UTF-8 : {path}"]) from None
    except OSError as exc:
        raise CommuneImportError([f"Lecture impossible du fichier {what} ({exc.strerror}) : {path}"]) from None


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def parse_communes(path: Path) -> list[CommuneRow]:
    try:
        data = json.loads(_read_text(path, "des communes"))
    except json.JSONDecodeError as exc:
        raise CommuneImportError([f"JSON invalide à la ligne {exc.lineno}, colonne {exc.colno} : {exc.msg}"]) from None
    if not isinstance(data, list):
        raise CommuneImportError(["Le fichier des communes doit contenir une liste de communes (format API Géo)."])
    rows, errors, seen = [], [], set()
    for index, item in enumerate(data, start=1):
        before = len(errors)
        where = f"commune n° {index}"
        if not isinstance(item, dict):
            errors.append(f"{where} : ce n'est pas un objet JSON.")
            continue
        code = item.get("code")
        if not isinstance(code, str) or len(code) != 5 or not code[:2].isalnum() or not code[2:].isdigit():
            errors.append(f"{where} : code INSEE absent ou invalide ({code!r}).")
            continue
        where = f"commune {code}"
        if code in seen:
            errors.append(f"{where} : code INSEE en double.")
            continue
        seen.add(code)
        name = item.get("nom")
        if not isinstance(name, str) or not name.strip():
            errors.append(f"{where} : nom absent.")
        postal_codes = item.get("codesPostaux", [])
        if not isinstance(postal_codes, list) or not all(isinstance(p, str) and len(p) == 5 for p in postal_codes):
            errors.append(f"{where} : codes postaux invalides.")
        population = item.get("population")
        if not isinstance(population, int) or isinstance(population, bool) or population < 0:
            errors.append(f"{where} : population absente ou négative ({population!r}).")
        coordinates = (item.get("centre") or {}).get("coordinates") if isinstance(item.get("centre"), dict) else None
        if (
            not isinstance(coordinates, list)
            or len(coordinates) != 2
            or not all(_is_number(c) for c in coordinates)
            or not (-180 <= coordinates[0] <= 180 and -90 <= coordinates[1] <= 90)
        ):
            errors.append(f"{where} : centre (longitude, latitude) absent ou invalide.")
            continue
        if len(errors) > before:
            continue
        rows.append(CommuneRow(code, name.strip(), postal_codes, population, coordinates[0], coordinates[1]))
    if not data:
        errors.append("Le fichier des communes est vide.")
    if errors:
        raise CommuneImportError(errors)
    return rows


def parse_unites(path: Path) -> dict[str, str]:
    text = _read_text(path, "des unités territoriales")
    reader = csv.DictReader(text.splitlines())
    required = {"code_insee", "unite_territoriale"}
    if not reader.fieldnames or not required <= set(reader.fieldnames):
        raise CommuneImportError(
            ["Le fichier des unités territoriales doit avoir les colonnes code_insee et unite_territoriale."]
        )
    mapping, errors = {}, []
    for line, row in enumerate(reader, start=2):
        code = (row["code_insee"] or "").strip()
        unite = (row["unite_territoriale"] or "").strip()
        if not code or not unite:
            errors.append(f"ligne {line} : code INSEE ou unité territoriale manquant.")
        elif code in mapping and mapping[code] != unite:
            errors.append(f"ligne {line} : la commune {code} est rattachée à deux unités territoriales.")
        else:
            mapping[code] = unite
    if errors:
        raise CommuneImportError(errors)
    return mapping


def import_communes(programme, communes_path: Path, unites_path: Path) -> ImportResult:
    rows = parse_communes(communes_path)
    mapping = parse_unites(unites_path)
    codes = {row.insee_code for row in rows}
    errors = [
        f"commune {row.insee_code} ({row.name}) : aucune unité territoriale."
        for row in rows
        if row.insee_code not in mapping
    ]
    errors += [
        f"unité territoriale donnée pour un code INSEE absent des communes : {code}."
        for code in mapping
        if code not in codes
    ]
    if errors:
        raise CommuneImportError(errors)

    with transaction.atomic():
        unites = {u.name: u for u in UniteTerritoriale.objects.filter(programme=programme)}
        for name in sorted(set(mapping.values()) - unites.keys()):
            unites[name] = UniteTerritoriale.objects.create(programme=programme, name=name)
        existing = {c.insee_code: c for c in Commune.objects.filter(programme=programme)}
        to_create, to_update = [], []
        for row in rows:
            values = {
                "name": row.name,
                "postal_codes": row.postal_codes,
                "population": row.population,
                "longitude": row.longitude,
                "latitude": row.latitude,
                "unite": unites[mapping[row.insee_code]],
            }
            if commune := existing.get(row.insee_code):
                for field, value in values.items():
                    setattr(commune, field, value)
                to_update.append(commune)
            else:
                to_create.append(Commune(programme=programme, insee_code=row.insee_code, **values))
        Commune.objects.bulk_create(to_create, batch_size=500)
        Commune.objects.bulk_update(to_update, list(values), batch_size=500)
    return ImportResult(created=len(to_create), updated=len(to_update), unites=len(unites))
