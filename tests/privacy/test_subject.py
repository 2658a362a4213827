"""A household's rights: its data exported (JSON and PDF) and erased on request with a reason, both on record."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from binome.cases.models import Dossier
from binome.cases.workflow import State
from binome.coordination.models import Derogation
from binome.core.models import ReadKind, ReadRecord
from binome.diagnosis.models import DiagnosisSection, KitInstallation, KitItem, Photo
from binome.privacy import subject
from binome.reports.models import Comment, Consent
from binome.visits.models import HouseholdAvailability


EVERY_KIND = {
    "cases.dossier",
    "cases.dossierevent",
    "visits.visit",
    "visits.householdavailability",
    "coordination.derogation",
    "diagnosis.diagnosisnote",
    "diagnosis.diagnosissection",
    "diagnosis.photo",
    "diagnosis.kitinstallation",
    "reports.report",
    "reports.reportsection",
    "reports.comment",
    "reports.reportversion",
    "reports.document",
    "reports.consent",
    "orientations.orientation",
    "orientations.orientationchange",
    "orientations.followup",
    "orientations.baseline",
}


def url(name, dossier):
    return reverse(f"privacy:{name}", kwargs={"pk": dossier.pk})


def test_json_export_holds_every_record_about_the_household(client, world, make_dossier):
    dossier = make_dossier(State.SENT, advisor=world.advisor, email="marie@example.org")
    client.force_login(world.coordinator)
    response = client.get(url("export_json", dossier))

    assert response["Content-Disposition"] == f'attachment; filename="donnees-{dossier.reference}.json"'
    body = json.loads(response.content)
    records = body["records"]
    household = records["cases.dossier"][0]
    assert (household["last_name"], household["phone"], household["email"]) == (
        "Dupont",
        "01 99 00 12 34",
        "marie@example.org",
    )
    assert {"cases.dossierevent", "visits.visit", "diagnosis.diagnosisnote", "reports.reportsection"} <= set(records)
    assert {"orientations.orientation", "reports.reportversion", "reports.document"} <= set(records)
    texts = {row["text"] for row in records["reports.reportsection"]}
    assert "Le ménage a froid l'hiver." in texts
    assert all("file" not in row for row in records["reports.document"])  # listed, not their storage paths
    read = ReadRecord.objects.get(kind=ReadKind.EXPORT)
    assert (read.user_id, read.dossier_id) == (world.coordinator.pk, dossier.pk)


def enrich(dossier, world, n: int = 1):
    """Add ``n`` more records of every kind a closed dossier lacks or may hold several of."""
    from binome.cases import transitions
    from binome.cases.models import EventKind
    from binome.orientations import services as orientations
    from tests.factories import VisitFactory

    Derogation.objects.get_or_create(
        dossier=dossier, defaults={"reason": "Enfant malade.", "granted_by": world.coordinator}
    )
    HouseholdAvailability.objects.update_or_create(
        dossier=dossier, defaults={"not_before": dt.date(2027, 1, 4), "latitude": 46.71, "longitude": 5.52}
    )
    report = dossier.report
    for k in range(n):
        user = (world.coordinator, world.advisor, world.chef_mission)[k % 3]
        transitions.record_event(dossier, EventKind.NOTE, user=user, note=f"Note {k}")
        VisitFactory(dossier=dossier, advisor=world.advisor, coordinator=world.coordinator, status="cancelled")
        item = KitItem.objects.create(
            programme=world.programme,
            name=f"Article {KitItem.objects.count()}",
            category="bill",
            unit_cost=Decimal("4.50"),
        )
        KitInstallation.objects.create(dossier=dossier, item=item, quantity=k + 1)
        DiagnosisSection.objects.create(
            dossier=dossier, key=f"bills-{item.pk}", data={"total": "812.40", "months": [1, 2]}, updated_by=user
        )
        Photo.objects.create(
            dossier=dossier,
            caption=f"Combles {k}",
            image="diagnosis/x.jpg",
            width=4,
            height=3,
            size_bytes=9,
            uploaded_by=world.advisor,
        )
        Comment.objects.create(
            report=report, section_key="situation", text=f"À préciser {k}", author=world.chef_mission
        )
        Consent.objects.create(
            dossier=dossier, recipient="referrer", given_on=dt.date(2026, 10, 2), method="oral", recorded_by=user
        )
        orientations.propose(dossier, [{"solution": "cheque_energie"}], user=world.coordinator)


@pytest.fixture
def rich(world, make_dossier):
    """A closed dossier holding records of every kind the export lists, with people, decimals, dates and JSON."""
    dossier = make_dossier(State.CLOSED, advisor=world.advisor, email="marie@example.org", motives=["cold"])
    enrich(dossier, world, 2)
    return dossier


def by_kind_alone(dossier) -> dict:
    """The export's records as each kind's own query reads them (the export before it read them together)."""
    found = {}
    for section in subject.collect(dossier)["sections"]:
        model = apps.get_model(section["model"])
        alone = model.objects.select_related(
            *[f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is not Dossier]
        ).in_bulk([r.pk for r in section["records"]])
        found[section["model"]] = [alone[r.pk] for r in section["records"]]
    return found


def test_the_export_reads_every_record_as_its_kind_alone_would(world, rich):
    data = subject.collect(rich)
    assert {s["model"] for s in data["sections"]} == EVERY_KIND  # the dossier holds records of every kind
    alone = by_kind_alone(rich)
    for section in data["sections"]:
        assert section["rows"] == [subject._row(r) for r in alone[section["model"]]], section["model"]
        # The same values, types and precision (Decimal('4.50'), aware datetimes, JSON) once written as JSON.
        assert json.dumps(section["rows"], cls=DjangoJSONEncoder) == json.dumps(
            [subject._row(r) for r in alone[section["model"]]], cls=DjangoJSONEncoder
        )
    # Each kind in its order, ties by creation.
    events = data["sections"][1]["rows"]
    assert [(e["at"], e["id"]) for e in events] == sorted((e["at"], e["id"]) for e in events)
    # The PDF's names: the linked records read together are those each kind's query joined.
    subject._link(data["sections"], rich)
    for section in data["sections"]:
        assert [subject._shown(r) for r in section["records"]] == [
            subject._shown(r) for r in alone[section["model"]]
        ], section["model"]


def test_the_export_costs_at_most_15_queries_however_many_records(client, world, rich, django_assert_max_num_queries):
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(15) as few:
        body = json.loads(client.get(url("export_json", rich)).content)
    budget, records = len(few.captured_queries), sum(len(rows) for rows in body["records"].values())
    enrich(rich, world, 4)  # four more records of each kind that holds several
    with django_assert_max_num_queries(budget):
        body = json.loads(client.get(url("export_json", rich)).content)
    assert sum(len(rows) for rows in body["records"].values()) >= records + 4 * 8


def test_the_pdf_export_reads_the_names_in_one_more_query(client, world, rich, django_assert_max_num_queries):
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(16) as few:
        assert client.get(url("export_pdf", rich)).status_code == 200
    enrich(rich, world, 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("export_pdf", rich))


def test_pdf_export_is_a_readable_document(client, world, make_dossier):
    dossier = make_dossier(State.SCHEDULED)
    client.force_login(world.admin)
    response = client.get(url("export_pdf", dossier))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert ReadRecord.objects.filter(kind=ReadKind.EXPORT, user_id=world.admin.pk, dossier_id=dossier.pk).exists()


def test_erasure_asks_for_a_reason_and_a_confirmation(client, world, make_dossier):
    dossier = make_dossier(State.SCHEDULED)
    client.force_login(world.coordinator)
    response = client.post(url("erase", dossier), {"reason": "Demande écrite du 2 novembre."})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.anonymised_at is None and dossier.last_name == "Dupont"


def test_erasure_anonymises_at_once_and_records_the_reason(client, world, make_dossier):
    dossier = make_dossier(State.SENT, advisor=world.advisor)
    client.force_login(world.coordinator)
    response = client.post(url("erase", dossier), {"reason": "Demande écrite du 2 novembre.", "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", kwargs={"pk": dossier.pk})

    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.anonymised_at is not None and (dossier.last_name, dossier.phone, dossier.address) == ("", "", "")
    assert dossier.state == State.SENT
    entry = LogEntry.objects.filter(additional_data__dossier=dossier.pk, changes__has_key="reason").get()
    assert entry.actor == world.coordinator
    assert entry.changes["reason"] == ["", "Demande écrite du 2 novembre."]
    page = client.get(reverse("cases:detail", kwargs={"pk": dossier.pk})).content.decode()
    assert "ménage anonymisé" in page.lower() and "Dupont" not in page


def test_the_admin_erases_from_the_trail_and_comes_back_to_it(client, world, make_dossier):
    dossier = make_dossier(State.SCHEDULED)
    client.force_login(world.admin)
    trail = client.get(reverse("privacy:trail") + f"?reference={dossier.reference}")
    assert url("erase", dossier) in trail.content.decode()
    response = client.post(
        url("erase", dossier), {"reason": "Demande orale, confirmée par courrier.", "confirm": "on"}
    )
    assert response["Location"] == reverse("privacy:trail") + f"?reference={dossier.reference}"
    assert Dossier.objects.get(pk=dossier.pk).anonymised_at is not None


def test_an_anonymised_dossier_cannot_be_erased_twice(client, world, make_dossier):
    dossier = make_dossier(State.SCHEDULED)
    client.force_login(world.coordinator)
    client.post(url("erase", dossier), {"reason": "Demande.", "confirm": "on"})
    count = LogEntry.objects.count()
    response = client.post(url("erase", dossier), {"reason": "Encore.", "confirm": "on"}, follow=True)
    assert "Les données personnelles de ce ménage ont déjà été supprimées." in response.content.decode()
    assert LogEntry.objects.count() == count


def test_the_dossier_page_offers_the_rights_to_the_coordinator_only(client, world, make_dossier):
    dossier = make_dossier(State.SCHEDULED, advisor=world.advisor)
    for user, shown in [(world.coordinator, True), (world.chef_mission, False), (world.advisor, False)]:
        client.force_login(user)
        page = client.get(reverse("cases:detail", kwargs={"pk": dossier.pk})).content.decode()
        assert (url("erase", dossier) in page) is shown


def test_the_documents_of_an_erased_household_are_gone_with_a_message(client, world, make_dossier):
    dossier = make_dossier(State.SENT, advisor=world.advisor)
    document = dossier.documents.exclude(file="").first()
    client.force_login(world.coordinator)
    client.post(url("erase", dossier), {"reason": "Demande.", "confirm": "on"})
    path = reverse("reports:document", kwargs={"pk": dossier.pk, "kind": document.kind, "number": document.number})
    response = client.get(path, follow=True)
    assert (
        "Ménage anonymisé : ses documents ont été supprimés avec ses données personnelles."
        in response.content.decode()
    )
