"""A household's rights: its data exported (JSON and PDF) and erased on request with a reason, both on record."""

import json

from auditlog.models import LogEntry
from django.urls import reverse

from binome.cases.models import Dossier
from binome.cases.workflow import State
from binome.core.models import ReadKind, ReadRecord


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


def test_the_export_costs_one_query_per_kind_of_record_however_many_there_are(
    client, world, make_dossier, django_assert_max_num_queries
):
    from binome.cases import transitions
    from binome.cases.models import EventKind

    small = make_dossier(State.SENT, advisor=world.advisor)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(40) as few:
        client.get(url("export_json", small))
    large = make_dossier(State.SENT, advisor=world.advisor)
    for n in range(12):
        user = (world.coordinator, world.advisor, world.chef_mission)[n % 3]
        transitions.record_event(large, EventKind.NOTE, user=user, note=f"Note {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("export_json", large))


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
