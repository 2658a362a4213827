"""The network pages: who may open them, what they show, and in how many queries."""

import datetime as dt
import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from binome.accounts.models import Membership, Role
from binome.cases.models import Dossier
from binome.network.models import MobilisationEvent, Posting, start_posting
from binome.territory.models import CoverageYear
from tests.conftest import member
from tests.factories import DossierFactory, OrganisationFactory


def text(response) -> str:
    return html.unescape(response.content.decode())


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


NETWORK_PAGES = ["network:health", "network:directory", "network:events"]
READERS = ["coordinator", "chef_mission", "chef_service"]
REFUSED = ["referrer", "referrer_caf", "advisor", "admin"]


@pytest.mark.parametrize("name", NETWORK_PAGES)
@pytest.mark.parametrize("who", READERS + REFUSED)
def test_network_pages_are_for_the_coordinator_and_the_chefs(world, name, who):
    status = login(getattr(world, who)).get(reverse(name)).status_code
    assert status == (200 if who in READERS else 403)


def test_anonymous_goes_to_the_login_page(client, world):
    response = client.get(reverse("network:health"))
    assert response.status_code == 302 and "/connexion/" in response["Location"]


@pytest.mark.parametrize(
    ("name", "kwargs_of"),
    [
        ("network:organisation", lambda w, e: {"pk": w.other_org.pk}),
        ("network:referrer", lambda w, e: {"user_pk": w.other_referrer.pk}),
        ("network:event", lambda w, e: {"pk": e.pk}),
        ("network:event_edit", lambda w, e: {"pk": e.pk}),
    ],
)
def test_nothing_of_another_programme_is_reachable(world, name, kwargs_of):
    event = MobilisationEvent.objects.create(
        programme=world.other, kind="meeting", title="Ailleurs", date=dt.date(2026, 1, 5)
    )
    assert login(world.coordinator).get(reverse(name, kwargs=kwargs_of(world, event))).status_code == 404


def test_health_page_shows_the_other_programme_s_data_to_nobody(world):
    DossierFactory(commune=world.other_commune, organisation=world.other_org)
    response = login(world.coordinator).get(reverse("network:health"))
    assert "CCAS d'ailleurs" not in text(response)
    assert response.context["total"] == 0
    assert "Aucune demande reçue" in text(response)


def test_health_mix_counts_by_family_and_organisation(world, make_dossier):
    year = timezone.localdate().year
    for _ in range(3):
        make_dossier(organisation=world.ccas)
    make_dossier(organisation=world.caf, referrer=world.referrer_caf)
    department = OrganisationFactory(
        programme=world.programme, name="Département — UT de Dole", kind="department_social"
    )
    make_dossier(organisation=department, referrer=None, commune=world.commune2)
    response = login(world.coordinator).get(reverse("network:health"), {"annee": year})
    mix = {m["key"]: (m["count"], m["percent"]) for m in response.context["mix"]}
    assert mix["partner_social"] == (4, 80) and mix["department_social"] == (1, 20)
    rows = {r["organisation"].name: (r["by_ut"], r["total"]) for r in response.context["org_table"]}
    units = [u.name for u in response.context["unites"]]
    assert units == ["Champagnole", "Dole"]
    assert rows["CCAS de Dole"] == ([0, 3], 3)
    assert rows["Département — UT de Dole"] == ([1, 0], 1)


@pytest.mark.parametrize("value", ["²", "99999", "abc", "0", "", "-1", "2015.0", " 2015", "٢٠١٥", "9" * 5000])
def test_a_bad_year_gives_this_year_never_an_error(world, value):
    response = login(world.coordinator).get(reverse("network:health"), {"annee": value})
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year


def test_a_year_in_the_programme_is_kept(world):
    assert login(world.coordinator).get(reverse("network:health"), {"annee": "2015"}).context["year"] == 2015


@pytest.mark.parametrize("value", ["²", "0", "37", "99999", "six", "-6"])
def test_a_bad_dormancy_delay_or_unit_gives_the_default(world, value):
    response = login(world.coordinator).get(reverse("network:health"), {"mois": value, "ut": value})
    assert response.status_code == 200
    assert (response.context["months"], response.context["unite"]) == (6, None)  # the programme's default


def test_health_page_runs_in_constant_queries(world, make_dossier, django_assert_max_num_queries):
    client = login(world.coordinator)
    url = reverse("network:health")
    client.get(url)  # warm up the session

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(12):
        organisation = OrganisationFactory(programme=world.programme, kind="charity")
        person = member(world.programme, Role.REFERRER, organisation=organisation)
        start_posting(person, organisation, on=dt.date(2020, 1, 1), unite=world.dole)
        organisation.unites.add(world.dole if i % 2 else world.champagnole)
        make_dossier(organisation=organisation, referrer=person)
    CoverageYear.objects.create(programme=world.programme, year=timezone.localdate().year, unite=world.dole)
    CoverageYear.objects.create(programme=world.programme, year=timezone.localdate().year + 1, unite=world.champagnole)
    many = count()
    assert many == few
    with django_assert_max_num_queries(16):
        client.get(url)


def test_dormant_referrers_and_departures_are_listed(world, make_dossier):
    today = timezone.localdate()
    start_posting(world.referrer, world.ccas, on=dt.date(2020, 1, 1))
    start_posting(world.referrer_caf, world.caf, on=dt.date(2020, 1, 1))
    make_dossier(referrer=world.referrer, created_at=timezone.now() - dt.timedelta(days=20))
    make_dossier(
        organisation=world.caf, referrer=world.referrer_caf, created_at=timezone.now() - dt.timedelta(days=400)
    )
    response = login(world.coordinator).get(reverse("network:health"), {"mois": "6"})
    dormant = [p["membership"].user for p in response.context["dormant"]]
    active = [p["membership"].user for p in response.context["active"]]
    assert world.referrer_caf in dormant and world.referrer in active
    # With a longer delay the CAF referrer is not dormant any more (400 days < 18 months).
    response = login(world.coordinator).get(reverse("network:health"), {"mois": "18"})
    assert world.referrer_caf in [p["membership"].user for p in response.context["active"]]
    # A departure is listed with where the person went.
    client = login(world.coordinator)
    client.post(
        reverse("network:referrer", kwargs={"user_pk": world.referrer.pk}),
        {"action": "move", "on": (today - dt.timedelta(days=10)).isoformat(), "organisation": world.caf.pk},
    )
    page = text(client.get(reverse("network:health")))
    assert "désormais à CAF du Jura" in page


def test_coverage_warning_names_whom_to_remobilise(world):
    year = timezone.localdate().year
    CoverageYear.objects.create(programme=world.programme, year=year, unite=world.champagnole)
    CoverageYear.objects.create(programme=world.programme, year=year + 1, unite=world.dole)
    world.ccas.unites.add(world.dole)
    world.caf.unites.add(world.champagnole)
    page = text(login(world.coordinator).get(reverse("network:health")))
    assert f"Dole ouvre en {year + 1} — remobiliser" in page
    assert f"Champagnole ferme en {year + 1} — prévenir les partenaires" in page
    opening = page.split("remobiliser")[1].split("ferme en")[0]
    assert "CCAS de Dole" in opening and "CAF du Jura" not in opening


# Referrers' postings.


def test_coordinator_records_a_move_and_the_referrer_follows(world, make_dossier):
    old = make_dossier()
    start_posting(world.referrer, world.ccas, on=dt.date(2020, 1, 1))
    url = reverse("network:referrer", kwargs={"user_pk": world.referrer.pk})
    response = login(world.coordinator).post(
        url, {"action": "move", "on": "2026-02-01", "organisation": world.caf.pk, "unite": world.dole.pk}
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=world.referrer, role=Role.REFERRER).organisation == world.caf
    postings = list(Posting.objects.filter(user=world.referrer).order_by("starts_on"))
    assert [(p.organisation, p.ends_on) for p in postings] == [
        (world.ccas, dt.date(2026, 1, 31)),
        (world.caf, None),
    ]
    assert login(world.referrer).get(reverse("cases:detail", kwargs={"pk": old.pk})).status_code == 404
    page = text(login(world.coordinator).get(url))
    assert "CCAS de Dole" in page and "poste actuel" in page


def test_a_departure_closes_access(world, make_dossier):
    dossier = make_dossier()
    start_posting(world.referrer, world.ccas, on=dt.date(2020, 1, 1))
    login(world.coordinator).post(
        reverse("network:referrer", kwargs={"user_pk": world.referrer.pk}), {"action": "leave", "on": "2026-06-30"}
    )
    assert not Membership.objects.get(user=world.referrer, role=Role.REFERRER).is_active
    assert login(world.referrer).get(reverse("cases:detail", kwargs={"pk": dossier.pk})).status_code in {403, 404}


def test_move_form_errors_are_in_french(world):
    url = reverse("network:referrer", kwargs={"user_pk": world.referrer.pk})
    response = login(world.coordinator).post(
        url, {"action": "move", "on": "demain", "organisation": world.other_org.pk}
    )
    page = text(response)
    assert response.status_code == 200
    assert "Saisissez une date, par exemple 14/03/2026." in page
    assert "Choisissez une organisation partenaire du programme." in page


@pytest.mark.parametrize("who", ["chef_mission", "referrer"])
def test_only_the_coordinator_records_moves(world, who):
    url = reverse("network:referrer", kwargs={"user_pk": world.referrer.pk})
    response = login(getattr(world, who)).post(url, {"action": "leave", "on": "2026-06-30"})
    assert response.status_code == 403
    assert Membership.objects.get(user=world.referrer, role=Role.REFERRER).is_active


# Mobilisation events and attribution.


def event_data(world, **overrides):
    data = {
        "kind": "workshop",
        "title": "Atelier Énergie Logis",
        "date": "2026-03-10",
        "unite": world.dole.pk,
        "place": "Centre social",
        "organisations": [world.ccas.pk, world.caf.pk],
        "attendees": [world.referrer.pk],
        "other_attendees": "12",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_coordinator_records_a_workshop_with_attendance(world):
    response = login(world.coordinator).post(reverse("network:event_create"), event_data(world))
    event = MobilisationEvent.objects.get()
    assert response.status_code == 302
    assert (event.programme, event.unite, event.other_attendees) == (world.programme, world.dole, 12)
    assert set(event.organisations.all()) == {world.ccas, world.caf}
    assert list(event.attendees.all()) == [world.referrer]


def test_event_form_errors_keep_the_input(world):
    data = event_data(world, date="10 mars", organisations=[world.other_org.pk], title="")
    response = login(world.coordinator).post(reverse("network:event_create"), data)
    page = text(response)
    assert response.status_code == 200 and not MobilisationEvent.objects.exists()
    assert "Saisissez une date, par exemple 14/03/2026." in page
    assert "Choisissez parmi les propositions du programme." in page
    assert 'value="Centre social"' in page


def test_stale_event_edit_is_refused_with_the_other_changes(world):
    event = MobilisationEvent.objects.create(
        programme=world.programme, kind="meeting", title="Réunion", date=dt.date(2026, 1, 5)
    )
    url = reverse("network:event_edit", kwargs={"pk": event.pk})
    first, second = login(world.coordinator), login(world.coordinator)
    first.post(url, event_data(world, title="Réunion des partenaires", version=1))
    response = second.post(url, event_data(world, title="Réunion de Dole", version=1))
    page = text(response)
    assert response.status_code == 200
    assert "Quelqu'un d'autre a enregistré cette fiche" in page
    assert "Réunion des partenaires" in page and 'value="Réunion de Dole"' in page
    event.refresh_from_db()
    assert (event.title, event.version) == ("Réunion des partenaires", 2)


def test_requests_are_attributed_to_the_event_that_brought_them(world, make_dossier):
    event = MobilisationEvent.objects.create(
        programme=world.programme, kind="workshop", title="Atelier", date=dt.date(2026, 1, 5)
    )
    first, second = make_dossier(), make_dossier()
    foreign = DossierFactory(commune=world.other_commune, organisation=world.other_org, reference="2026-9999")
    url = reverse("network:event", kwargs={"pk": event.pk})
    client = login(world.coordinator)
    response = client.post(url, {"references": f"{first.reference}, {second.reference} {foreign.reference}"})
    assert "Demande(s) introuvable(s) dans le programme : 2026-9999." in text(response)
    assert not event.dossiers.exists()
    client.post(url, {"references": f"{first.reference}, {second.reference}"})
    assert set(event.dossiers.all()) == {first, second}
    page = text(client.get(reverse("network:events")))
    assert "Atelier" in page
    assert client.get(reverse("network:events")).context["events"][0].requests == 2


def test_chef_reads_events_but_cannot_attribute(world, make_dossier):
    event = MobilisationEvent.objects.create(
        programme=world.programme, kind="workshop", title="Atelier", date=dt.date(2026, 1, 5)
    )
    dossier = make_dossier()
    client = login(world.chef_mission)
    assert client.get(reverse("network:event", kwargs={"pk": event.pk})).status_code == 200
    assert (
        client.post(reverse("network:event", kwargs={"pk": event.pk}), {"references": dossier.reference}).status_code
        == 403
    )
    assert client.get(reverse("network:event_create")).status_code == 403
    assert not Dossier.objects.filter(mobilisation_event=event).exists()


def test_directory_lists_organisations_people_and_counts_in_constant_queries(world, make_dossier):
    start_posting(world.referrer, world.ccas, on=dt.date(2020, 1, 1))
    make_dossier()
    client = login(world.coordinator)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        page = text(client.get(reverse("network:directory")))
    assert "CCAS de Dole" in page and world.referrer.get_full_name() in page
    for _ in range(5):
        organisation = OrganisationFactory(programme=world.programme)
        member(world.programme, Role.REFERRER, organisation=organisation)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("network:directory"))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_health_can_be_read_for_one_territorial_unit(world, make_dossier):
    make_dossier(organisation=world.ccas)  # Dole
    make_dossier(organisation=world.caf, referrer=world.referrer_caf, commune=world.commune2)  # Champagnole
    response = login(world.coordinator).get(reverse("network:health"), {"ut": world.champagnole.pk})
    assert response.context["total"] == 1
    rows = {r["organisation"].name: (r["by_ut"], r["total"]) for r in response.context["org_table"]}
    assert rows["CAF du Jura"] == ([1], 1) and rows["CCAS de Dole"] == ([0], 0)
    assert "Santé du réseau de repérage — " in text(response) and ", Champagnole</h1>" in text(response)
    # An unknown unit is ignored rather than failing.
    assert login(world.coordinator).get(reverse("network:health"), {"ut": "x"}).context["total"] == 2


def test_health_by_organisation_and_month(world, make_dossier):
    year = timezone.localdate().year
    march = timezone.make_aware(dt.datetime(year, 3, 10, 10))
    make_dossier(organisation=world.ccas, created_at=march)
    make_dossier(organisation=world.ccas, created_at=march + dt.timedelta(days=1))
    response = login(world.coordinator).get(reverse("network:health"), {"annee": year, "vue": "mois"})
    rows = {r["organisation"].name: r["by_month"] for r in response.context["org_table"]}
    assert rows["CCAS de Dole"][2] == 2 and sum(rows["CCAS de Dole"]) == 2
    assert "Voir par unité territoriale" in text(response)
