"""The audit trail: field-level changes with old and new values and their actor, reads recorded, the DPO page."""

import datetime as dt
import html

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from binome.accounts.models import Membership, Role
from binome.cases.workflow import State
from binome.core import audit, pages
from binome.core.models import ReadKind, ReadRecord
from binome.diagnosis.models import DiagnosisSection, Photo
from binome.orientations import services as orientation_services
from binome.reports.models import ReportSection
from tests.cases.test_views import household_data
from tests.factories import UserFactory


HX = {"HTTP_HX_REQUEST": "true"}


def text(response) -> str:
    return html.unescape(response.content.decode())


def entries_for(instance):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_pk=str(instance.pk)
    ).order_by("timestamp", "pk")


def test_household_edit_records_the_fields_with_old_and_new_values_and_the_actor(client, world, make_dossier):
    dossier = make_dossier(State.TO_CONTACT)
    url = reverse("cases:edit", kwargs={"pk": dossier.pk})
    client.force_login(world.coordinator)
    data = household_data(client.get(url).context["form"]) | {"phone": "03 84 11 11 11", "address": "8 rue Neuve"}
    assert client.post(url, data).status_code == 302

    entry = entries_for(dossier).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == world.coordinator
    assert entry.changes == {
        "phone": ["01 99 00 12 34", "03 84 11 11 11"],
        "address": ["3 rue des Tilleuls", "8 rue Neuve"],
    }
    assert entry.additional_data == {"dossier": dossier.pk, "programme": world.programme.pk}


def test_diagnosis_autosave_records_the_key_that_changed(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.coordinator)
    url = reverse("diagnosis:save_section", kwargs={"pk": dossier.pk, "key": "comfort"})
    client.post(url, {"comment": "Froid dans la chambre.", "version": "0"}, **HX)
    client.post(url, {"comment": "Froid dans toutes les pièces.", "version": "1"}, **HX)

    section = DiagnosisSection.objects.get(dossier=dossier, key="comfort")
    update = entries_for(section).filter(action=LogEntry.Action.UPDATE).get()
    assert update.actor == world.coordinator
    assert update.changes["data.comment"] == ["Froid dans la chambre.", "Froid dans toutes les pièces."]
    assert update.additional_data == {"dossier": dossier.pk, "programme": world.programme.pk}
    assert entries_for(section).filter(action=LogEntry.Action.CREATE, actor=world.coordinator).exists()


def test_report_section_and_orientation_changes_are_in_the_trail(client, world, make_dossier):
    dossier = make_dossier(State.SENT, advisor=world.advisor)
    section = ReportSection.objects.get(report__dossier=dossier, key="situation")
    update = entries_for(section).filter(action=LogEntry.Action.UPDATE).last()
    old, new = update.changes["text"]
    assert new == "Le ménage a froid l'hiver." and old != new  # the prefilled draft, then the binôme's text
    assert update.additional_data["dossier"] == dossier.pk

    orientation = dossier.orientations.get()
    with set_actor(world.coordinator), audit.programme(world.programme.pk):
        orientation_services.move(
            orientation, "accepted", expected_version=orientation.version, user=world.coordinator
        )
    last = entries_for(orientation).last()
    assert last.actor == world.coordinator
    assert last.changes["status"] == ["proposed", "accepted"]
    assert last.additional_data == {"dossier": dossier.pk, "programme": world.programme.pk}


def test_granting_a_role_is_in_the_trail(world):
    user = UserFactory()
    with set_actor(world.admin):
        membership = Membership.objects.create(user=user, programme=world.programme, role=Role.COORDINATOR)
    entry = entries_for(membership).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == world.admin
    assert entry.changes["role"] == ["None", "coordinator"]
    assert entry.additional_data["programme"] == world.programme.pk


# --- reads ---------------------------------------------------------------------------------------------------------


def test_reading_a_dossier_the_diagnosis_and_a_photo_is_recorded_with_ids_only(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    photo = Photo(dossier=dossier, width=1, height=1, size_bytes=3, uploaded_by=world.advisor)
    photo.image.save("p.jpg", ContentFile(b"jpg"), save=False)
    photo.save()
    client.force_login(world.advisor)
    client.get(reverse("cases:detail", kwargs={"pk": dossier.pk}))
    client.get(reverse("diagnosis:page", kwargs={"pk": dossier.pk}))
    client.get(reverse("diagnosis:photo_file", kwargs={"pk": dossier.pk, "photo_pk": photo.pk}))

    reads = list(
        ReadRecord.objects.order_by("pk").values("user_id", "programme_id", "dossier_id", "kind", "object_id")
    )
    assert reads == [
        {
            "user_id": world.advisor.pk,
            "programme_id": world.programme.pk,
            "dossier_id": dossier.pk,
            "kind": k,
            "object_id": o,
        }
        for k, o in [(ReadKind.DOSSIER, dossier.pk), (ReadKind.DIAGNOSIS, dossier.pk), (ReadKind.PHOTO, photo.pk)]
    ]


def test_a_refused_read_is_not_recorded_as_a_read(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.referrer)
    assert client.get(reverse("diagnosis:page", kwargs={"pk": dossier.pk})).status_code == 403
    assert not ReadRecord.objects.filter(kind=ReadKind.DIAGNOSIS).exists()


def test_reading_a_stored_document_is_recorded(client, world, make_dossier):
    dossier = make_dossier(State.SENT, advisor=world.advisor)
    document = dossier.documents.exclude(file="").first()
    client.force_login(world.chef_mission)
    url = reverse("reports:document", kwargs={"pk": dossier.pk, "kind": document.kind, "number": document.number})
    assert client.get(url).status_code == 200
    read = ReadRecord.objects.get(kind=ReadKind.DOCUMENT)
    assert (read.user_id, read.dossier_id, read.object_type) == (world.chef_mission.pk, dossier.pk, "reports.document")


# --- the DPO page --------------------------------------------------------------------------------------------------


def trail_url(**query):
    url = reverse("privacy:trail")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def traced(world, make_dossier):
    """Two dossiers of the programme read by two people on two days, and a read in the other programme."""
    first = make_dossier(reference="2026-0101")
    second = make_dossier(reference="2026-0202")
    other = make_dossier(reference="2026-0303", commune=world.other_commune, organisation=world.other_org)
    day1 = timezone.make_aware(dt.datetime(2026, 11, 2, 10))
    day2 = timezone.make_aware(dt.datetime(2026, 11, 20, 10))
    for dossier, user, at in [(first, world.coordinator, day1), (second, world.chef_mission, day2)]:
        ReadRecord.objects.create(
            at=at,
            user_id=user.pk,
            programme_id=world.programme.pk,
            dossier_id=dossier.pk,
            kind=ReadKind.DOSSIER,
            object_type="cases.dossier",
            object_id=dossier.pk,
        )
    ReadRecord.objects.create(
        user_id=world.other_coordinator.pk,
        programme_id=world.other.pk,
        dossier_id=other.pk,
        kind=ReadKind.DOSSIER,
        object_type="cases.dossier",
        object_id=other.pk,
    )
    return first, second, other


def test_the_dpo_page_lists_the_programme_only(client, world, traced):
    client.force_login(world.admin)
    page = text(client.get(trail_url()))
    assert "2026-0101" in page and "2026-0202" in page
    assert "2026-0303" not in page  # another programme's dossier
    assert "Dupont" not in page and "01 99 00 12 34" not in page  # ids and field names, never the values


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"reference": "0101"}, "2026-0101", "2026-0202"),
        ({"start": "2026-11-10"}, "2026-0202", "2026-0101"),
        ({"end": "2026-11-10"}, "2026-0101", "2026-0202"),
    ],
)
def test_the_dpo_page_filters(client, world, traced, query, shown, hidden):
    client.force_login(world.admin)
    response = client.get(trail_url(**query))
    reads = {row["dossier"] for row in response.context["read_rows"]}
    assert shown in reads and hidden not in reads


def test_the_dpo_page_filters_by_user(client, world, traced):
    client.force_login(world.admin)
    response = client.get(trail_url(user=world.chef_mission.pk))
    assert {row["dossier"] for row in response.context["read_rows"]} == {"2026-0202"}
    assert all(row.actor == world.chef_mission for row in response.context["changes"])
    page = response.content.decode()  # the person chosen stays selected in the filter (options written in Python)
    assert f'<option value="{world.chef_mission.pk}" selected>' in page
    assert page.count(" selected>") == 1
    # Each read names its reader; the people are read as names (an e-mail for a person without one).
    assert {row["user"] for row in response.context["read_rows"]} == {world.chef_mission.get_full_name()}
    world.referrer.first_name = world.referrer.last_name = ""
    world.referrer.save()
    page = client.get(trail_url()).content.decode()
    assert f'<option value="{world.referrer.pk}">{world.referrer.email}</option>' in page


def test_bad_filters_are_said_in_french(client, world, traced):
    client.force_login(world.admin)
    response = client.get(trail_url(start="2026-11-20", end="2026-11-01", user="abc"))
    assert response.status_code == 200
    assert "La fin de la période précède son début." in text(response)


def test_the_dpo_page_costs_the_same_whatever_the_trail(client, world, make_dossier, django_assert_max_num_queries):
    client.force_login(world.admin)
    dossiers = [make_dossier() for _ in range(3)]
    reader = type("Request", (), {"user": world.coordinator, "programme": world.programme})()
    audit.record_read(reader, dossiers[0])
    client.get(trail_url())
    with django_assert_max_num_queries(12) as few:
        client.get(trail_url())
    for dossier in dossiers * 10:
        audit.record_read(reader, dossier)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(trail_url()).status_code == 200


def test_a_long_trail_is_counted_up_to_the_cap_and_paged_over_its_newest_rows(client, world, traced, monkeypatch):
    """Counting a national trail read every row: beyond the cap, « plus de », and the filters reach older rows."""
    monkeypatch.setattr(pages, "COUNT_CAP", 100)
    first, _second, _other = traced
    ReadRecord.objects.bulk_create(
        ReadRecord(
            at=timezone.make_aware(dt.datetime(2026, 10, 1)) + dt.timedelta(hours=i),  # 24 on 1 October, then 24 a day
            user_id=world.coordinator.pk,
            programme_id=world.programme.pk,
            dossier_id=first.pk,
            kind=ReadKind.DOSSIER,
            object_type="cases.dossier",
            object_id=first.pk,
        )
        for i in range(120)
    )
    client.force_login(world.admin)
    response = client.get(trail_url())
    assert [row["dossier"] for row in response.context["read_rows"][:2]] == ["2026-0202", "2026-0101"]
    page = text(response)
    assert "Plus de 100 consultations" in page and "page 1 sur 2" in page
    assert "Seules les 100 plus récentes" not in page  # said on the last page
    last = client.get(trail_url(page_lectures=9))
    assert last.context["reads"].number == 2 and len(last.context["read_rows"]) == 50
    assert "Seules les 100 plus récentes sont listées" in text(last)
    oldest = client.get(trail_url(end="2026-10-01"))  # beyond the 100 newest, reached by a period
    assert "24 consultations" in text(oldest) and len(oldest.context["read_rows"]) == 24


def test_a_reference_matching_no_dossier_lists_nothing(client, world, traced):
    client.force_login(world.admin)
    response = client.get(trail_url(reference="9999-9999"))
    assert response.status_code == 200
    assert "Aucune modification pour ces critères." in text(response)
    assert "Aucune consultation pour ces critères." in text(response)


def test_a_change_outside_a_request_is_filed_under_the_dossiers_programme(world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    section = DiagnosisSection.objects.create(dossier=dossier, key="comfort", data={}, updated_by=world.advisor)
    entry = entries_for(section).get()
    assert entry.actor is None  # a job or a command: no one to name
    assert entry.additional_data == {"dossier": dossier.pk, "programme": world.programme.pk}


def test_the_trail_is_not_in_the_admin(client, world):
    from django.contrib import admin

    assert not admin.site.is_registered(LogEntry)
    client.force_login(world.admin)
    assert client.get("/administration/auditlog/logentry/").status_code == 404


def test_the_trail_names_every_field_it_may_show_in_french():
    """The changed fields are listed by their verbose names: none may fall back on its English code name."""
    from auditlog.registry import auditlog

    same_in_french = {
        "programme",
        "version",
        "commune",
        "dossier",
        "solution",
        "image",
        "orientation",
        "organisation",
        "id",
    }
    english = [
        f"{model._meta.label}.{field.name}"
        for model in auditlog.get_models()
        for field in model._meta.concrete_fields
        if field.name not in same_in_french and str(field.verbose_name) == field.name.replace("_", " ")
    ]
    assert english == []
