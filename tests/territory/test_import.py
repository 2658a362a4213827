"""Importing a programme's communes: the real Jura files, re-imports, and bad files refused whole."""

import json
import math
from decimal import Decimal
from fractions import Fraction

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from binome.territory.importers import CommuneImportError, import_communes
from binome.territory.models import Commune, UniteTerritoriale
from tests.factories import ProgrammeFactory


JURA_COMMUNES = settings.JURA_DATA_DIR / "communes-39.json"
JURA_UNITES = settings.JURA_DATA_DIR / "unites-territoriales-39.csv"
needs_jura = pytest.mark.shared_data(JURA_COMMUNES, JURA_UNITES)


@pytest.fixture
def programme(db):
    return ProgrammeFactory(slug="jura", reference_population=260502, reference_households=116653)


def commune(code, name=None, population=500, postal="39100", centre=(5.5, 46.7)):
    item = {"nom": name or f"Commune {code}", "code": code, "codesPostaux": [postal], "population": population}
    if centre is not None:
        item["centre"] = {"type": "Point", "coordinates": list(centre)}
    return item


SMALL = [commune("39001", "Abergement-la-Ronce"), commune("39198", "Dole", 23000), commune("39300", "Lons")]
SMALL_UNITES = {"39001": "Dole", "39198": "Dole", "39300": "Lons-le-Saunier"}


def write_json(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def write_csv(path, mapping, header="code_insee,nom,unite_territoriale"):
    lines = [header] + [f"{code},Commune {code},{unite}" for code, unite in mapping.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_files(tmp_path):
    return write_json(tmp_path / "communes.json", SMALL), write_csv(tmp_path / "unites.csv", SMALL_UNITES)


def snapshot():
    return (
        sorted(UniteTerritoriale.objects.values_list("programme_id", "name")),
        sorted(
            Commune.objects.values_list(
                "programme_id",
                "insee_code",
                "name",
                "postal_codes",
                "population",
                "longitude",
                "latitude",
                "unite__name",
            )
        ),
    )


# The real files.


@needs_jura
def test_jura_files_give_492_communes_in_4_units(programme):
    result = import_communes(programme, JURA_COMMUNES, JURA_UNITES)
    assert (result.created, result.updated, result.unites) == (492, 0, 4)
    assert programme.communes.count() == 492
    assert sorted(programme.unites.values_list("name", flat=True)) == [
        "Champagnole",
        "Dole",
        "Lons-le-Saunier",
        "Saint-Claude",
    ]
    dole = programme.communes.get(insee_code="39198")
    assert (dole.name, dole.unite.name) == ("Dole", "Dole")
    assert dole.population > 20000 and dole.postal_codes == ["39100"]
    assert 5 < dole.longitude < 6 and 46 < dole.latitude < 48


@needs_jura
def test_households_are_estimated_with_the_programme_ratio(programme):
    import_communes(programme, JURA_COMMUNES, JURA_UNITES)
    ratio = programme.persons_per_household
    assert ratio == Decimal(260502) / Decimal(116653)
    for c in programme.communes.all():
        # population / (260502 / 116653), rounded half up, computed exactly.
        expected = math.floor(Fraction(c.population) * Fraction(116653, 260502) + Fraction(1, 2))
        assert c.estimated_households(ratio) == expected, c.insee_code
    dole = programme.communes.get(insee_code="39198")
    assert abs(dole.estimated_households(ratio) - dole.population / 2.2331) < 1


@needs_jura
def test_reimport_updates_instead_of_duplicating(programme, tmp_path):
    import_communes(programme, JURA_COMMUNES, JURA_UNITES)
    before = snapshot()
    Commune.objects.filter(insee_code="39198").update(population=1, name="Ancien nom")
    result = import_communes(programme, JURA_COMMUNES, JURA_UNITES)
    assert (result.created, result.updated, result.unites) == (0, 492, 4)
    assert snapshot() == before
    assert UniteTerritoriale.objects.count() == 4


@needs_jura
def test_command_imports_the_jura_by_default(programme, capsys):
    call_command("import_communes", "jura")
    assert "492 commune(s) créée(s), 0 mise(s) à jour, 4 unité(s) territoriale(s)." in capsys.readouterr().out
    assert programme.communes.count() == 492


# Small files.


def test_reimport_moves_a_commune_to_its_new_unit(programme, small_files, tmp_path):
    communes, unites = small_files
    import_communes(programme, communes, unites)
    changed = [commune("39001", "Abergement-la-Ronce", 830), *SMALL[1:]]
    result = import_communes(
        programme,
        write_json(tmp_path / "c2.json", changed),
        write_csv(tmp_path / "u2.csv", SMALL_UNITES | {"39001": "Champagnole"}),
    )
    assert (result.created, result.updated, result.unites) == (0, 3, 3)
    moved = programme.communes.get(insee_code="39001")
    assert (moved.population, moved.unite.name) == (830, "Champagnole")
    assert programme.communes.count() == 3


def test_the_same_code_in_two_programmes_stays_apart(programme, small_files):
    other = ProgrammeFactory()
    import_communes(programme, *small_files)
    import_communes(other, *small_files)
    assert Commune.objects.filter(insee_code="39198").count() == 2
    assert programme.communes.count() == other.communes.count() == 3


def test_csv_with_a_byte_order_mark_is_read(programme, tmp_path):
    # Spreadsheets save "CSV UTF-8" with a BOM: the first column must still be found.
    unites = write_csv(tmp_path / "unites.csv", SMALL_UNITES)
    unites.write_bytes(b"\xef\xbb\xbf" + unites.read_bytes())
    communes = write_json(tmp_path / "c.json", SMALL)
    communes.write_bytes(b"\xef\xbb\xbf" + communes.read_bytes())
    import_communes(programme, communes, unites)
    assert programme.communes.count() == 3


# Bad files: one clear French message, and the database exactly as before.


def _bad_cases(tmp_path):
    ok_json = write_json(tmp_path / "ok.json", SMALL)
    ok_csv = write_csv(tmp_path / "ok.csv", SMALL_UNITES)
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("code_insee,nom,unite_territoriale\n39001,Abergement,Dôle\n".encode("latin-1"))
    invalid = tmp_path / "invalid.json"
    invalid.write_text('[{"code": "39001",', encoding="utf-8")
    return {
        "invalid JSON": (invalid, ok_csv, "JSON invalide à la ligne 1"),
        "not a list": (
            write_json(tmp_path / "dict.json", {"communes": SMALL}),
            ok_csv,
            "doit contenir une liste de communes",
        ),
        "empty list": (write_json(tmp_path / "empty.json", []), ok_csv, "Le fichier des communes est vide."),
        "missing code": (
            write_json(tmp_path / "nocode.json", [*SMALL, {"nom": "Sans code", "population": 3}]),
            ok_csv,
            "commune n° 4 : code INSEE absent ou invalide (None).",
        ),
        "duplicate code": (
            write_json(tmp_path / "dup.json", [*SMALL, commune("39198", "Dole bis")]),
            ok_csv,
            "commune 39198 : code INSEE en double.",
        ),
        "negative population": (
            write_json(tmp_path / "neg.json", [*SMALL[:2], commune("39300", "Lons", -4)]),
            ok_csv,
            "commune 39300 : population absente ou négative (-4).",
        ),
        "missing centre": (
            write_json(tmp_path / "nocentre.json", [*SMALL[:2], commune("39300", "Lons", centre=None)]),
            ok_csv,
            "commune 39300 : centre (longitude, latitude) absent ou invalide.",
        ),
        "commune without unit": (
            write_json(tmp_path / "extra.json", [*SMALL, commune("39400", "Morez")]),
            ok_csv,
            "commune 39400 (Morez) : aucune unité territoriale.",
        ),
        "unit for an unknown code": (
            ok_json,
            write_csv(tmp_path / "unknown.csv", SMALL_UNITES | {"39999": "Dole"}),
            "unité territoriale donnée pour un code INSEE absent des communes : 39999.",
        ),
        "csv missing columns": (
            ok_json,
            write_csv(tmp_path / "cols.csv", SMALL_UNITES, header="code_insee,nom,ut"),
            "doit avoir les colonnes code_insee et unite_territoriale",
        ),
        "communes file not found": (tmp_path / "absent.json", ok_csv, "Fichier des communes introuvable"),
        "units file not found": (ok_json, tmp_path / "absent.csv", "Fichier des unités territoriales introuvable"),
        "non UTF-8 file": (ok_json, latin1, "n'est pas encodé en UTF-8"),
    }


BAD_CASES = [
    "invalid JSON",
    "not a list",
    "empty list",
    "missing code",
    "duplicate code",
    "negative population",
    "missing centre",
    "commune without unit",
    "unit for an unknown code",
    "csv missing columns",
    "communes file not found",
    "units file not found",
    "non UTF-8 file",
]


@pytest.fixture
def imported(programme, tmp_path):
    """A programme already holding an import, so that a bad re-import could half-update it."""
    previous = [commune("39001", "Abergement-la-Ronce", 700), commune("39198", "Dole", 22000)]
    import_communes(
        programme,
        write_json(tmp_path / "previous.json", previous),
        write_csv(tmp_path / "previous.csv", {"39001": "Champagnole", "39198": "Dole"}),
    )
    return programme


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_file_is_refused_whole_with_a_clear_message(imported, tmp_path, case):
    assert sorted(BAD_CASES) == sorted(_bad_cases(tmp_path))
    communes, unites, message = _bad_cases(tmp_path)[case]
    before = snapshot()
    with pytest.raises(CommuneImportError) as refused:
        import_communes(imported, communes, unites)
    assert str(refused.value).startswith("Import impossible, rien n'a été enregistré :\n- ")
    assert message in str(refused.value)
    assert snapshot() == before


def test_every_problem_is_listed_at_once(programme, tmp_path):
    bad = [commune("39001", population=-1), commune("39002", centre=None), {"code": "12"}, "texte"]
    with pytest.raises(CommuneImportError) as refused:
        import_communes(programme, write_json(tmp_path / "c.json", bad), write_csv(tmp_path / "u.csv", {}))
    assert len(refused.value.errors) == 4
    assert "commune n° 4 : ce n'est pas un objet JSON." in refused.value.errors


def test_a_long_list_of_problems_is_cut_short(programme, tmp_path):
    bad = [commune(f"39{n:03d}", population=-1) for n in range(1, 21)]
    with pytest.raises(CommuneImportError) as refused:
        import_communes(programme, write_json(tmp_path / "c.json", bad), write_csv(tmp_path / "u.csv", {}))
    assert str(refused.value).endswith("… et 5 autre(s) erreur(s).")


@pytest.mark.parametrize("case", ["duplicate code", "unit for an unknown code", "non UTF-8 file"])
def test_command_fails_with_the_message(imported, tmp_path, case):
    communes, unites, message = _bad_cases(tmp_path)[case]
    before = snapshot()
    with pytest.raises(CommandError) as refused:
        call_command("import_communes", "jura", communes=communes, unites=unites)
    assert "rien n'a été enregistré" in str(refused.value) and message in str(refused.value)
    assert snapshot() == before


def test_command_names_an_unknown_programme(db, small_files):
    communes, unites = small_files
    with pytest.raises(CommandError, match="Programme inconnu : nulle-part"):
        call_command("import_communes", "nulle-part", communes=communes, unites=unites)
