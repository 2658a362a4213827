"""The network pages: who may open them, what they show, and in how many queries."""

import datetime as dt
import html

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from binome.accounts.models import Membership, Role, User
from binome.cases.models import Dossier
from binome.network.figures import health_figures
from binome.network.models import MobilisationEvent, Posting, move_referrer, start_posting
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


def page_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def grow(world, make_dossier, count):
    """``count`` more organisations, each with a referrer (posted on Dole, some dormant), two requests, a
    mobilisation event with the referrer present and one of the requests, and a posting ended last month."""
    today = timezone.localdate()
    for i in range(count):
        organisation = OrganisationFactory(programme=world.programme, kind="charity")
        person = member(world.programme, Role.REFERRER, organisation=organisation)
        start_posting(person, organisation, on=dt.date(2020, 1, 1), unite=world.dole)
        organisation.unites.add(world.dole if i % 2 else world.champagnole)
        event = MobilisationEvent.objects.create(
            programme=world.programme, kind="workshop", title=f"Atelier {i}", date=dt.date(2026, 1, 5)
        )
        event.attendees.add(person)
        event.organisations.add(organisation)
        make_dossier(organisation=organisation, referrer=person, mobilisation_event=event)
        if i % 3:
            make_dossier(organisation=organisation, referrer=person)
        mover = member(world.programme, Role.REFERRER, organisation=organisation)
        start_posting(mover, organisation, on=dt.date(2020, 1, 1))
        move_referrer(mover, world.caf, on=today - dt.timedelta(days=30))


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("network:health", {}),
        ("network:health", {"annee": "2025", "mois": "3", "vue": "mois", "nom": "Nom"}),
        ("network:directory", {}),
        ("network:directory", {"nom": "a", "type": "charity", "commune": "Dole"}),
        ("network:events", {}),
    ],
)
def test_network_pages_ask_as_many_queries_when_the_data_doubles(world, make_dossier, name, params):
    year = timezone.localdate().year
    CoverageYear.objects.create(programme=world.programme, year=year, unite=world.dole)
    CoverageYear.objects.create(programme=world.programme, year=year + 1, unite=world.champagnole)
    client = login(world.coordinator)
    url = reverse(name)
    grow(world, make_dossier, 3)
    client.get(url, params)  # warm up the session, compute the stored figures (core.summaries)
    few = page_queries(client, url, params)
    grow(world, make_dossier, 6)
    client.get(url, params)  # the stored figures refreshed after the change (the task worker's job in production)
    assert page_queries(client, url, params) == few <= 15


def test_referrer_page_asks_as_many_queries_when_his_requests_double(world, make_dossier):
    start_posting(world.referrer, world.ccas, on=dt.date(2020, 1, 1))
    client = login(world.coordinator)
    url = reverse("network:referrer", kwargs={"user_pk": world.referrer.pk})
    for _ in range(3):
        make_dossier()
    client.get(url)
    few = page_queries(client, url)
    for _ in range(6):
        make_dossier()
    move_referrer(world.referrer, world.caf, on=timezone.localdate())
    assert page_queries(client, url) == few <= 15
    assert login(world.coordinator).get(url).context["requests_count"]["n"] == 9


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
    assert dormant == [world.referrer_caf] and response.context["active_count"] == 1
    # With a longer delay the CAF referrer is not dormant any more (400 days < 18 months).
    response = login(world.coordinator).get(reverse("network:health"), {"mois": "18"})
    assert list(response.context["dormant"]) == [] and response.context["active_count"] == 2
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


def test_coverage_warning_rows_link_the_organisations_with_their_referrers(world):
    year = timezone.localdate().year
    CoverageYear.objects.create(programme=world.programme, year=year, unite=world.champagnole)
    CoverageYear.objects.create(programme=world.programme, year=year + 1, unite=world.dole)
    world.ccas.unites.add(world.dole)
    world.ccas.name = "CCAS <de> Dole"
    world.ccas.save()
    User.objects.filter(pk=world.referrer.pk).update(date_joined=timezone.make_aware(dt.datetime(2020, 1, 1)))
    content = login(world.coordinator).get(reverse("network:health"), {"mois": "3"}).content.decode()
    url = reverse("network:organisation", kwargs={"pk": world.ccas.pk})
    # The CCAS has one referrer, arrived in 2020, without a request nor a posting: dormant.
    assert f'<li><a href="{url}">CCAS &lt;de&gt; Dole</a>' in content
    assert '— 1 donneur d\'alerte <span class="tag">1 inactif</span></li>' in content
    # Champagnole closes: no organisation serves it in the directory.
    assert "Aucune organisation n'est rattachée à cette unité territoriale dans l'annuaire." in content


# What the template wrote before ``{% organisation_rows %}`` wrote it in Python.
ORGANISATION_ROWS_TEMPLATE = (
    '{% for row in org_table %}<tr><th scope="row"><a href="{% url \'network:organisation\' row.organisation.pk %}">'
    '{{ row.organisation.name }}</a></th>{% if by_month_view %}{% for c in row.by_month %}<td class="num">'
    '{{ c|default:"·" }}</td>{% endfor %}{% else %}<td>{{ row.family }}</td>{% for c in row.by_ut %}'
    '<td class="num">{{ c|default:"·" }}</td>{% endfor %}{% endif %}<td class="num"><strong>{{ row.total }}'
    "</strong></td></tr>{% endfor %}"
)


@pytest.mark.parametrize("by_month", [False, True])
def test_organisation_rows_are_written_as_the_template_wrote_them(world, make_dossier, by_month):
    world.ccas.name = 'CCAS "l\'Écluse" <Dole> & Foucherans'
    world.ccas.save()
    for month in (1, 1, 3, 12):
        make_dossier(created_at=timezone.make_aware(dt.datetime(2026, month, 5, 10)))
    make_dossier(
        organisation=world.caf, commune=world.commune2, created_at=timezone.make_aware(dt.datetime(2026, 2, 1))
    )
    rows = health_figures(world.programme, 2026, today=dt.date(2026, 11, 23)).org_table
    context = Context({"org_table": rows, "by_month_view": by_month})
    written = Template("{% load network_health %}{% organisation_rows org_table by_month_view %}").render(context)
    assert written == Template(ORGANISATION_ROWS_TEMPLATE).render(context)
    assert "CCAS &quot;l&#x27;Écluse&quot; &lt;Dole&gt; &amp; Foucherans</a>" in written
    assert (
        '<td class="num">2</td><td class="num">·</td>' if by_month else '<td class="num">·</td><td class="num">4</td>'
    ) in written


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


def test_event_form_ticks_the_event_s_boxes_in_constant_queries(world):
    event = MobilisationEvent.objects.create(
        programme=world.programme, kind="meeting", title="Réunion", date=dt.date(2026, 1, 5)
    )
    event.organisations.add(world.caf)
    event.attendees.add(world.referrer)
    client = login(world.coordinator)
    url = reverse("network:event_edit", kwargs={"pk": event.pk})
    client.get(url)
    few = page_queries(client, url)
    content = client.get(url).content.decode()
    caf, ccas = world.caf.pk, world.ccas.pk
    assert f'<input type="checkbox" name="organisations" value="{caf}" id="id_organisations_' in content
    assert f'value="{caf}" id="id_organisations_0" checked> CAF du Jura</label>' in content
    assert f'value="{ccas}" id="id_organisations_1"> CCAS de Dole</label>' in content
    assert f'value="{world.referrer.pk}" id="id_attendees_' in content and "data-checklist" in content
    assert 'for="id_organisations_0"' in content and "binome/checklist.js" in content
    assert world.other_org.name not in content  # another programme's
    for _ in range(5):
        member(world.programme, Role.REFERRER, organisation=OrganisationFactory(programme=world.programme))
    assert page_queries(client, url) == few <= 15
    assert client.get(url).content.decode().count('type="checkbox" name="attendees"') == 7


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

    client.get(reverse("network:directory"))  # computes the stored counts (core.summaries)
    with CaptureQueriesContext(connection) as few:
        page = text(client.get(reverse("network:directory")))
    assert "CCAS de Dole" in page and world.referrer.get_full_name() in page
    for _ in range(5):
        organisation = OrganisationFactory(programme=world.programme)
        member(world.programme, Role.REFERRER, organisation=organisation)
    client.get(reverse("network:directory"))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("network:directory"))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_directory_counts_are_stored_and_said_stale_until_refreshed(world, make_dossier, monkeypatch):
    make_dossier(organisation=world.ccas)
    client = login(world.coordinator)
    rows = {o.name: o.requests for o in client.get(reverse("network:directory")).context["organisations"]}
    assert rows["CCAS de Dole"] == 1
    monkeypatch.setattr("binome.core.summaries.request_refresh", lambda scope, delay=0: False)  # no worker
    make_dossier(organisation=world.ccas)
    response = client.get(reverse("network:directory"))
    assert {o.name: o.requests for o in response.context["organisations"]}["CCAS de Dole"] == 1
    assert "des données ont changé depuis, leur mise à jour est en cours" in text(response)
    monkeypatch.undo()
    response = client.get(reverse("network:directory"))
    assert {o.name: o.requests for o in response.context["organisations"]}["CCAS de Dole"] == 2
    assert "leur mise à jour est en cours" not in text(response)


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


# Pagination and search.


def test_directory_is_searched_by_name_type_and_commune_served(world):
    from binome.network.models import Site

    world.ccas.unites.add(world.dole)
    world.caf.unites.add(world.champagnole)
    antenna = OrganisationFactory(programme=world.programme, name="Secours de Champagnole", kind="charity")
    antenna.unites.add(world.dole)
    Site.objects.create(organisation=antenna, name="Antenne", commune=world.commune2)
    everywhere = OrganisationFactory(programme=world.programme, name="ADIL du Jura", kind="adil")
    client = login(world.coordinator)

    def names(**params):
        return [o.name for o in client.get(reverse("network:directory"), params).context["organisations"]]

    assert names(nom="caf") == ["CAF du Jura"]
    assert names(type="charity") == ["Secours de Champagnole"]
    # Champagnole: served by its UT (CAF), by a site there (Secours), by the whole territory (ADIL).
    assert set(names(commune="champagnole")) == {"CAF du Jura", "Secours de Champagnole", everywhere.name}
    assert set(names(commune="39198")) == {"CCAS de Dole", "Secours de Champagnole", everywhere.name}
    # A refused value is ignored; nothing found says so.
    assert len(names(type="unknown")) == 4
    assert "Aucune organisation ne répond à cette recherche." in text(
        client.get(reverse("network:directory"), {"nom": "zzz"})
    )


def test_directory_pages_hold_fifty_organisations_and_keep_the_search(world):
    for i in range(55):
        OrganisationFactory(programme=world.programme, name=f"Association {i:02}", kind="charity")
    client = login(world.coordinator)
    first = client.get(reverse("network:directory"), {"type": "charity"})
    assert len(first.context["organisations"]) == 50 and first.context["page"].paginator.count == 55
    assert "type=charity&amp;page=2" in first.content.decode()
    second = client.get(reverse("network:directory"), {"type": "charity", "page": "2"})
    assert [o.name for o in second.context["organisations"]] == [f"Association {i}" for i in range(50, 55)]
    assert client.get(reverse("network:directory"), {"page": "999"}).context["page"].number == 2


def test_health_lists_are_paginated_and_searched_by_name(world, monkeypatch):
    monkeypatch.setattr("binome.network.figures.PER_PAGE", 2)
    for i in range(5):
        person = member(world.programme, Role.REFERRER, organisation=world.ccas, last_name=f"Martin {i}")
        start_posting(person, world.ccas, on=dt.date(2020, 1, 1))
    client = login(world.coordinator)
    response = client.get(reverse("network:health"), {"nom": "martin", "page_inactifs": "2", "annee": "2025"})
    page = response.context["dormant"]
    assert (page.number, page.paginator.count) == (2, 5)
    assert [p["membership"].user.last_name for p in page] == ["Martin 2", "Martin 3"]
    html_text = text(response)
    assert "?nom=martin&annee=2025&page_inactifs=3#inactifs" in html_text
    assert "5 inactifs dont le nom contient « martin »." in html_text
    assert response.context["dormant_count"] == 5  # the two referrers of the world arrived today: not dormant


def test_events_are_paginated(world, monkeypatch):
    for i in range(55):
        MobilisationEvent.objects.create(
            programme=world.programme,
            kind="meeting",
            title=f"Réunion {i}",
            date=dt.date(2026, 1, 1) + dt.timedelta(days=i),
        )
    client = login(world.coordinator)
    first = client.get(reverse("network:events"))
    assert first.context["events"][0].title == "Réunion 54" and len(first.context["events"]) == 50
    second = client.get(reverse("network:events"), {"page": "2"})
    assert [e.title for e in second.context["events"]] == [f"Réunion {i}" for i in range(4, -1, -1)]
    assert (second.context["events"][0].requests, second.context["events"][0].present) == (0, 0)


def test_the_move_form_keeps_the_chosen_organisation_after_an_error(world):
    url = reverse("network:referrer", kwargs={"user_pk": world.referrer.pk})
    page = text(login(world.coordinator).post(url, {"action": "move", "on": "demain", "organisation": world.caf.pk}))
    assert f'<option value="{world.caf.pk}" selected>CAF du Jura</option>' in page
    assert '<select id="id_organisation" name="organisation"><option value="">---------</option>' in page
    assert f'<option value="{world.ccas.pk}">CCAS de Dole</option>' in page and "CCAS d'ailleurs" not in page
