"""The historical import: files accepted whole or refused whole, with every problem in French and its line."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from binome.cases.models import Dossier, DossierEvent
from binome.network.models import MobilisationEvent, Organisation
from binome.steering.figures import bilan
from binome.steering.importing import ImportFileError, import_file
from binome.steering.models import HistoricalImport
from binome.territory.models import Programme
from tests.factories import DossierFactory


HEADER = "Reference;Date_Demande;Commune;Organisation;Type_Organisation;Atelier;Nom;Personnes;"
HEADER += "Date_Report;Date_Visite;Date_Envoi;Issue;Date_Fin"
GOOD = [
    HEADER,
    "S-001;05/01/2015;39198;MDS de Dole;department_social;;Martin;3;;20/01/2015;15/02/2015;closed;30/06/2015",
    "S-002;2015-03-01;Champagnole;CAF du Jura;;;Durand;;;;;Désistement;2015-03-20",
    ";2015-10-18;Dole;;;Atelier Énergie Logis;;;20/11/2015;02/02/2016;;;",
    ";2015-10-12;Dole;;;Atelier Énergie Logis;;;20/11/2015;;;en cours;",
]


def write(tmp_path, lines, name="import.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot():
    return (Dossier.objects.count(), DossierEvent.objects.count(), Organisation.objects.count())


def test_a_good_csv_becomes_dossiers_with_their_imported_timeline(world, tmp_path):
    w = world
    summary = import_file(w.programme, write(tmp_path, GOOD), user=w.admin)
    assert summary.rows == 4 and summary.written
    first = Dossier.objects.get(reference="S-001")
    assert first.state == "closed" and first.household_size == 3 and first.last_name == "Martin"
    assert first.source_family == "department_social"
    assert first.organisation.name == "MDS de Dole" and first.organisation.kind == "department_social"
    assert first.created_at.date() == dt.date(2015, 1, 5)
    events = list(first.events.order_by("at").values_list("transition", "to_state", "imported", "actor_id"))
    assert events == [
        ("mark_visited", "visited", True, w.admin.pk),
        ("send_report", "sent", True, w.admin.pk),
        ("close", "closed", True, w.admin.pk),
    ]
    second = Dossier.objects.get(reference="S-002")
    assert second.state == "withdrawn" and second.organisation == w.caf and second.source_family == "partner_social"
    workshop = MobilisationEvent.objects.get(title="Atelier Énergie Logis")
    assert workshop.date == dt.date(2015, 10, 12)  # dated on its first request
    generated = Dossier.objects.filter(mobilisation_event=workshop).order_by("created_at")
    assert [d.state for d in generated] == ["deferred", "visited"]
    assert all(d.reference.startswith("H2015-") for d in generated)
    assert all(d.source_family == "workshop" for d in generated)
    assert HistoricalImport.objects.get().rows == 4
    # The bilan reads the imported timeline like any other.
    b2015 = bilan(w.programme, 2015)
    assert b2015["requests"]["total"] == 4
    assert b2015["visits"]["total"] == 1
    assert b2015["delays_days"]["request_to_visit"]["median"] == 15
    assert b2015["deferred"] == {"total": 2, "visited_later": 1}
    assert b2015["ended_without_visit"]["withdrawn"] == 1


def test_comma_separated_and_xlsx_files(world, tmp_path):
    comma = ["DATE_DEMANDE,COMMUNE,NOM", "01/02/2016,39198,Petit", "2016-02-03,39097,Grand"]
    assert import_file(world.programme, write(tmp_path, comma)).rows == 2
    book = Workbook()
    sheet = book.active
    sheet.append(["date_demande", "commune", "date_visite", "personnes"])
    sheet.append([dt.datetime(2016, 5, 1), 39198, dt.date(2016, 5, 11), 2.0])
    sheet.append([None, None, None, None])
    path = tmp_path / "dossiers.xlsx"
    book.save(path)
    assert import_file(world.programme, path).rows == 1
    visited = Dossier.objects.get(created_at__date=dt.date(2016, 5, 1))
    assert visited.state == "visited" and visited.household_size == 2


def refused(programme, path) -> list[str]:
    before = snapshot()
    with pytest.raises(ImportFileError) as caught:
        import_file(programme, path)
    assert snapshot() == before
    return caught.value.errors


def test_a_wrong_header_is_refused_by_name(world, tmp_path):
    errors = refused(world.programme, write(tmp_path, ["date_demande;commune;couleur;Age", "01/01/2015;39198;;"]))
    assert errors == [
        "Ligne 1 : colonne(s) inconnue(s) : « couleur », « Age ». Colonnes possibles : reference, date_demande, "
        "commune, organisation, type_organisation, atelier, nom, prenom, telephone, adresse, personnes, "
        "date_report, date_visite, date_envoi, issue, date_fin."
    ]
    errors = refused(world.programme, write(tmp_path, ["nom;commune", "Martin;39198"]))
    assert errors == ["Ligne 1 : colonne(s) obligatoire(s) absente(s) : date_demande."]


def test_every_problem_is_reported_with_its_line_and_nothing_is_written(world, tmp_path):
    DossierFactory(commune=world.commune, reference="S-009")
    lines = [
        HEADER,
        "S-001;05/01/2015;39999;;;;;;;;;;",  # 2 unknown commune
        "S-002;05/01/2015;39198;Mairie;mairie;;;;;;;;",  # 3 unknown kind
        "S-003;05/01/2015;39198;;;;;;;04/01/2015;;;",  # 4 visit before request
        "S-004;05/01/2015;39198;;;;;;;10/01/2015;;closed;09/01/2015",  # 5 end before visit (and closed unsent)
        "S-009;05/01/2015;39198;;;;;;;;;;",  # 6 existing reference
        "S-005;31/02/2015;39198;;;;;;;;;;",  # 7 impossible date
        "S-005;05/01/2015;39198;;;;;;;;;perdu;",  # 8 duplicate in file, unknown outcome
        "S-006;05/01/2015;39198;;;;;;;;;;",  # good
    ]
    errors = refused(world.programme, write(tmp_path, lines))
    assert errors == [
        "Ligne 2 : commune « 39999 » inconnue du programme (code INSEE ou nom exact).",
        "Ligne 3 : type_organisation « mairie » inconnu (un code ou un libellé de l'annuaire).",
        "Ligne 4 : date_visite est avant date_demande.",
        "Ligne 5 : date_fin est avant date_visite.",
        "Ligne 5 : issue « closed » sans date_envoi : un dossier se clôture après l'envoi du compte-rendu.",
        "Ligne 6 : reference « S-009 » existe déjà dans le programme.",
        "Ligne 7 : date_demande « 31/02/2015 » n'est pas une date (JJ/MM/AAAA ou AAAA-MM-JJ).",
        "Ligne 8 : issue « perdu » inconnue (open, closed, withdrawn, unreachable, not_eligible, redirected).",
        "Ligne 8 : reference « S-005 » en double dans le fichier.",
    ]


def test_an_unknown_organisation_needs_its_kind(world, tmp_path):
    errors = refused(world.programme, write(tmp_path, ["date_demande;commune;organisation", "01/01/2015;39198;ADMR"]))
    assert errors == [
        "Ligne 2 : organisation « ADMR » absente de l'annuaire : indiquez son type_organisation pour la créer."
    ]
    ok = ["date_demande;commune;organisation;type_organisation", "01/01/2015;39198;ADMR;association caritative"]
    import_file(world.programme, write(tmp_path, ok))
    assert Organisation.objects.get(name="ADMR").kind == "charity"


def test_bad_files(world, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert refused(world.programme, empty) == ["Le fichier est vide."]
    latin = tmp_path / "latin.csv"
    latin.write_bytes("date_demande;commune\n01/01/2015;Lons-le-Saunier é\n".encode("latin-1"))
    assert refused(world.programme, latin) == [
        "Le fichier n'est pas encodé en UTF-8 (enregistrez-le en « CSV UTF-8 »)."
    ]
    assert refused(world.programme, write(tmp_path, ["date_demande;commune"])) == [
        "Le fichier ne contient aucune ligne de dossier sous l'en-tête."
    ]
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 not a workbook")
    assert refused(world.programme, fake) == ["Le fichier XLSX est illisible (classeur endommagé ?)."]


def test_the_commands(world, tmp_path):
    path = write(tmp_path, GOOD)
    out = StringIO()
    call_command("import_dossiers", "jura", str(path), "--dry-run", stdout=out)
    assert "Fichier valide : 4 dossier(s) seraient importés" in out.getvalue()
    assert Dossier.objects.count() == 0
    call_command("import_dossiers", "jura", str(path), "--user", world.admin.email, stdout=out)
    assert Dossier.objects.count() == 4
    with pytest.raises(CommandError, match="Ligne 2 : reference « S-001 » existe déjà"):
        call_command("import_dossiers", "jura", str(path))
    assert Dossier.objects.count() == 4
    call_command("create_programme", "ain", "SLIME de l'Ain", "--start-year", "2019", stdout=out)
    ain = Programme.objects.get(slug="ain")
    assert (ain.name, ain.start_year) == ("SLIME de l'Ain", 2019) and ain.end_year >= 2019
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("create_programme", "ain", "Autre", "--start-year", "2019")
    with pytest.raises(CommandError, match="Identifiant invalide"):
        call_command("create_programme", "Ain du Sud", "Autre", "--start-year", "2019")
