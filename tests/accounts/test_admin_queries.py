"""Every admin page in a constant number of queries (≤ 15), whatever the number of rows.

Two holds: the registrations themselves (50 rows a page, no count of the whole table, the relations a column shows
fetched with the rows, large tables chosen by autocomplete), and the pages, counted before and after the data
doubles.
"""

import datetime as dt

import pytest
from django.contrib import admin
from django.db import connection, models
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from binome.accounts.models import Membership, Role, User
from binome.network.models import MobilisationEvent, Organisation, Posting, Site, start_posting
from binome.territory.models import Commune
from binome.visits.models import Absence, WorkingPeriod
from tests.conftest import member
from tests.factories import CommuneFactory, OrganisationFactory


LARGE = (User, Organisation, Commune)  # thousands of rows at national scale: never a select listing them all
OURS = [
    (model, model_admin)
    for model, model_admin in admin.site._registry.items()
    if model_admin.__module__.startswith("binome.")
]


def _label(item):
    return item[0]._meta.label


@pytest.mark.parametrize(("model", "model_admin"), OURS, ids=[_label(i) for i in OURS])
def test_changelists_are_bounded(model, model_admin):
    assert model_admin.list_per_page <= 50
    assert model_admin.show_full_result_count is False


@pytest.mark.parametrize(("model", "model_admin"), OURS, ids=[_label(i) for i in OURS])
def test_the_relations_a_column_shows_come_with_the_rows(model, model_admin):
    fields = {f.name: f for f in model._meta.get_fields() if isinstance(f, models.ForeignKey)}
    for name in model_admin.list_display:
        field = fields.get(name)
        if field is None:
            continue
        if model_admin.list_select_related is False:
            # Django then follows the non-null foreign keys itself (select_related()), never the nullable ones.
            assert not field.null, f"{model_admin}: {name} is nullable, name it in list_select_related"
        else:
            assert name in model_admin.list_select_related, f"{model_admin}: {name} not in list_select_related"


def _editing_admins(world):
    request = RequestFactory().get("/")
    request.user = world.admin
    for model, model_admin in OURS:
        editable = model_admin.has_add_permission(request) or model_admin.has_change_permission(request)
        if editable:
            yield model, model_admin
            for inline in model_admin.inlines:
                yield inline.model, inline(model, admin.site)


def test_large_tables_are_chosen_by_autocomplete(world):
    for model, model_admin in _editing_admins(world):
        chosen = set(model_admin.autocomplete_fields) | set(model_admin.raw_id_fields)
        shown = set(model_admin.fields or [f.name for f in model._meta.get_fields()]) - set(
            model_admin.readonly_fields
        )
        for field in model._meta.get_fields():
            through = (
                field.many_to_many and not field.auto_created and not field.remote_field.through._meta.auto_created
            )
            if (
                field.name in shown
                and (field.many_to_one or field.many_to_many)
                and not (field.auto_created or through)
            ):
                if field.related_model in LARGE and field.editable:
                    assert field.name in chosen, f"{model_admin}: {field.name} lists every {field.related_model}"


def grow(world, count):
    """``count`` more organisations, each with a site, a referrer and his posting, a mobilisation event, an absence
    and working hours of an advisor, and a commune."""
    for i in range(count):
        organisation = OrganisationFactory(programme=world.programme)
        commune = CommuneFactory(unite=world.dole)
        Site.objects.create(organisation=organisation, name=f"Site {i}", commune=commune)
        organisation.communes.add(commune)
        organisation.unites.add(world.dole)
        person = member(world.programme, Role.REFERRER, organisation=organisation)
        start_posting(person, organisation, on=dt.date(2020, 1, 1), unite=world.dole)
        event = MobilisationEvent.objects.create(
            programme=world.programme, kind="meeting", title=f"Réunion {i}", date=dt.date(2026, 1, 5), unite=world.dole
        )
        event.organisations.add(organisation)
        event.attendees.add(person)
        advisor = member(world.programme, Role.ADVISOR)
        Absence.objects.create(
            programme=world.programme,
            user=advisor,
            starts_at=dt.datetime(2026, 1, 5, 8, tzinfo=dt.UTC),
            ends_at=dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC),
        )
        WorkingPeriod.objects.create(
            programme=world.programme, user=advisor, weekday=0, starts=dt.time(8), ends=dt.time(12)
        )


def admin_urls(world):
    urls = [reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m, _a in OURS]
    event = MobilisationEvent.objects.filter(programme=world.programme).first()
    urls += [
        reverse("admin:network_organisation_change", args=[world.ccas.pk]),
        reverse("admin:network_mobilisationevent_change", args=[event.pk]),
        reverse(
            "admin:network_posting_change",
            args=[Posting.objects.filter(organisation__programme=world.programme).first().pk],
        ),
        reverse("admin:accounts_membership_change", args=[Membership.objects.get(user=world.referrer).pk]),
        reverse("admin:visits_absence_change", args=[Absence.objects.first().pk]),
        reverse("admin:network_posting_add"),
        reverse("admin:network_mobilisationevent_add"),
        reverse("admin:accounts_user_add"),
        reverse("admin:orientations_solution_add"),
    ]
    return urls


def test_every_admin_page_asks_as_many_queries_when_the_data_doubles(world):
    client = Client()
    client.force_login(world.admin)
    start_posting(world.referrer, world.ccas, on=dt.date(2020, 1, 1))
    grow(world, 3)
    urls = admin_urls(world)

    def counts():
        result = {}
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200, url
            result[url] = len(ctx.captured_queries)
        return result

    counts()  # warm up the session
    few = counts()
    grow(world, 6)
    assert counts() == few
    assert max(few.values()) <= 15, {url: n for url, n in few.items() if n > 15}


def test_the_event_form_chooses_organisations_and_people_among_the_programme_s(client, world):
    """The autocomplete answers with the administered programme's rows only, and the form refuses any other."""
    client.force_login(world.admin)
    url = reverse("admin:autocomplete")
    common = {"app_label": "network", "model_name": "mobilisationevent"}
    organisations = client.get(url, {**common, "field_name": "organisations", "term": "CCAS"}).json()["results"]
    assert [o["text"] for o in organisations] == ["CCAS de Dole"]
    people = client.get(url, {**common, "field_name": "attendees", "term": world.other_referrer.last_name}).json()
    assert people["results"] == []
    response = client.post(
        reverse("admin:network_mobilisationevent_add"),
        {
            "programme": world.programme.pk,
            "kind": "meeting",
            "title": "Réunion",
            "date": "2026-01-05",
            "organisations": [world.other_org.pk],
            "attendees": [world.other_referrer.pk],
            "other_attendees": "0",
        },
    )
    assert response.status_code == 200 and not MobilisationEvent.objects.exists()
