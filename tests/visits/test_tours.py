"""The tour proposal on the agenda: households waiting for a visit placed on the binôme's days, booked in one
action through the agenda's rules; bad input explained in French; a constant number of queries."""

import datetime as dt
import html
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from binome.accounts.models import Role
from binome.cases.workflow import State
from binome.territory.models import CoverageYear
from binome.visits import agenda, tours
from binome.visits.models import Absence, AgendaSettings, HouseholdAvailability, Visit
from tests.conftest import local, next_monday
from tests.factories import CommuneFactory, VisitFactory


@pytest.fixture
def jura(world):
    """Real centres for the world's communes, and a few more around Lons-le-Saunier, the office."""
    world.commune.latitude, world.commune.longitude = 47.0750, 5.4917  # Dole
    world.commune.save()
    world.commune2.latitude, world.commune2.longitude = 46.7475, 5.9139  # Champagnole
    world.commune2.save()
    world.office = CommuneFactory(unite=world.dole, name="Lons-le-Saunier", latitude=46.6747, longitude=5.5544)
    world.poligny = CommuneFactory(unite=world.champagnole, name="Poligny", latitude=46.8372, longitude=5.7094)
    AgendaSettings.objects.create(programme=world.programme, tour_start=world.office)
    return world


def tours_url(start, weeks=1):
    return f"{reverse('visits:tours')}?debut={start.isoformat()}&semaines={weeks}"


def text(response) -> str:
    return html.unescape(response.content.decode())


def choices(response) -> list[str]:
    return [s["choice"] for day in response.context["days"] for s in day["stops"] if s["choice"]]


def test_the_proposal_places_the_waiting_households_and_books_them_in_one_action(client, clock, jura, make_dossier):
    dossiers = [
        make_dossier(State.TO_CONTACT, commune=jura.commune),
        make_dossier(State.RECEIVED, commune=jura.commune2),
        make_dossier(State.TO_CONTACT, commune=jura.poligny),
    ]
    client.force_login(jura.coordinator)
    response = client.get(tours_url(next_monday()))
    assert response.status_code == 200
    proposal = response.context["proposal"]
    assert response.context["placed"] == 3 and proposal.plan.unplaced == ()
    assert proposal.home == jura.office and "Départ et retour : Lons-le-Saunier" in text(response)
    assert proposal.plan.km <= proposal.baseline_km + 1e-6
    assert Visit.objects.count() == 0  # nothing is booked before the coordinator says so
    booked = client.post(reverse("visits:tour_book"), {"stop": choices(response)})
    assert booked.status_code == 302 and booked["Location"].startswith(reverse("visits:agenda"))
    _coordinator, advisor = agenda.binome_of(jura.programme)
    for dossier in dossiers:
        dossier.refresh_from_db()
        assert dossier.state == State.SCHEDULED
        visit = dossier.visits.get()
        assert (visit.advisor, visit.coordinator, visit.duration_minutes) == (advisor, jura.coordinator, 120)
        assert visit.changes.get().kind == "booked"


def test_booking_is_all_or_none_and_says_which_visit_was_refused(client, clock, jura, make_dossier):
    first = make_dossier(State.TO_CONTACT, commune=jura.commune)
    second = make_dossier(State.TO_CONTACT, commune=jura.poligny)
    client.force_login(jura.coordinator)
    response = client.get(tours_url(next_monday()))
    stops = choices(response)
    # Meanwhile, somebody books the advisor at the time proposed for the second household.
    _coordinator, advisor = agenda.binome_of(jura.programme)
    start = next(s["stop"].start for d in response.context["days"] for s in d["stops"] if s["dossier"] == second)
    VisitFactory(starts_at=start, advisor=advisor, dossier__commune=jura.commune2)
    refused = client.post(reverse("visits:tour_book"), {"stop": stops})
    assert refused.status_code == 200
    body = text(refused)
    assert "Aucune visite n'a été réservée" in body and second.reference in body
    first.refresh_from_db()
    assert first.state == State.TO_CONTACT and not first.visits.exists()  # the first one was rolled back too
    assert body.count('name="stop"') == 2  # the proposal is kept, to untick the refused visit


def test_households_are_placed_in_their_windows(client, clock, jura, make_dossier):
    dossier = make_dossier(State.TO_CONTACT, commune=jura.poligny)
    client.force_login(jura.coordinator)
    url = reverse("visits:household_availability", kwargs={"pk": dossier.pk})
    saved = client.post(url + "?retour=tournees", {"d1_pm_start": "14:00", "d1_pm_end": "17:30"})
    assert saved.status_code == 302 and saved["Location"] == reverse("visits:tours")
    assert [str(w) for w in HouseholdAvailability.objects.get(dossier=dossier).windows.all()] == ["mardi 14:00–17:30"]
    response = client.get(tours_url(next_monday()))
    ((tour, stop),) = response.context["proposal"].plan.placed.values()
    assert tour.day.weekday() == 1 and stop.start.hour >= 14


def test_a_household_that_cannot_be_placed_is_explained_and_no_working_day_too(client, clock, jura, make_dossier):
    dossier = make_dossier(State.TO_CONTACT, commune=jura.poligny)
    HouseholdAvailability.objects.create(dossier=dossier, not_before=next_monday(3))
    client.force_login(jura.coordinator)
    body = text(client.get(tours_url(next_monday())))
    assert "disponible seulement à partir du" in body and dossier.reference in body
    # A week of leave for the advisor: no working day at all.
    _coordinator, advisor = agenda.binome_of(jura.programme)
    monday = next_monday()
    Absence.objects.create(
        programme=jura.programme,
        user=advisor,
        starts_at=local(monday, 0),
        ends_at=local(monday + dt.timedelta(days=7), 0),
    )
    body = text(client.get(tours_url(monday)))
    assert "Aucun jour travaillé du binôme sur la période" in body


def test_a_closed_ut_is_not_proposed(client, clock, jura, make_dossier):
    CoverageYear.objects.create(programme=jura.programme, year=2026, unite=jura.champagnole)
    CoverageYear.objects.create(programme=jura.programme, year=2027, unite=jura.champagnole)
    closed = make_dossier(State.TO_CONTACT, commune=jura.commune)  # Dole: closed this year
    opened = make_dossier(State.TO_CONTACT, commune=jura.poligny)
    client.force_login(jura.coordinator)
    response = client.get(tours_url(next_monday()))
    assert set(response.context["proposal"].dossiers) == {opened.pk}
    assert closed.reference not in text(response)


def test_the_page_costs_the_same_number_of_queries_whatever_the_queue(client, clock, jura, make_dossier):
    client.force_login(jura.coordinator)
    first = make_dossier(State.TO_CONTACT, commune=jura.poligny)
    HouseholdAvailability.objects.create(dossier=first).windows.create(weekday=1, starts="09:00", ends="12:00")
    with CaptureQueriesContext(connection) as few:
        client.get(tours_url(next_monday()))
    for commune in [jura.commune, jura.commune2, jura.poligny, jura.office] * 2:
        dossier = make_dossier(State.TO_CONTACT, commune=commune)
        HouseholdAvailability.objects.create(dossier=dossier).windows.create(weekday=2, starts="09:00", ends="12:00")
    with CaptureQueriesContext(connection) as many:
        client.get(tours_url(next_monday()))
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("debut=demain&semaines=2", "Date invalide."),
        ("debut=2026-11-20&semaines=2", "Saisissez une date entre le"),
        ("debut=2026-11-30&semaines=9", "Au plus 4 semaines"),
        ("debut=2026-11-30&semaines=deux", "Saisissez un nombre entier."),
    ],
)
def test_bad_periods_are_refused_in_french_and_kept(client, clock, jura, query, message):
    client.force_login(jura.coordinator)
    response = client.get(f"{reverse('visits:tours')}?{query}")
    assert response.status_code == 200 and message in text(response)
    assert "proposal" not in response.context
    assert query.split("&")[1].split("=")[1] in text(response)  # what was typed is shown again


def test_a_garbled_or_empty_booking_is_refused_in_french(client, clock, jura):
    client.force_login(jura.coordinator)
    body = text(client.post(reverse("visits:tour_book"), {"stop": "1:hier:3"}))
    assert "illisible" in body
    body = text(client.post(reverse("visits:tour_book"), {}))
    assert "Cochez au moins une visite" in body
    assert Visit.objects.count() == 0


def test_household_coordinates_are_checked(client, jura, make_dossier):
    dossier = make_dossier(State.TO_CONTACT, commune=jura.poligny)
    client.force_login(jura.coordinator)
    url = reverse("visits:household_availability", kwargs={"pk": dossier.pk})
    body = text(client.post(url, {"latitude": "46,84"}))
    assert "Indiquez la latitude et la longitude ensemble" in body and 'value="46,84"' in body
    body = text(client.post(url, {"latitude": "5.7", "longitude": "46.8"}))  # swapped
    assert "vérifiez la latitude et la longitude" in body
    assert client.post(url, {"latitude": "46.84", "longitude": "5.71"}).status_code == 302
    assert HouseholdAvailability.objects.get(dossier=dossier).latitude == pytest.approx(46.84)


def test_only_the_coordinator_plans_tours(client, jura, make_dossier):
    client.force_login(jura.advisor)
    assert client.get(reverse("visits:tours")).status_code == 403
    assert Role.COORDINATOR not in {m.role for m in jura.advisor.memberships.all()}


@pytest.mark.shared_data(Path(settings.JURA_DATA_DIR) / "communes-39.geojson")
def test_the_map_draws_the_programme_s_communes_from_the_reference_data(client, jura):
    client.force_login(jura.coordinator)
    data = client.get(reverse("visits:tour_communes")).json()
    codes = {f["properties"]["code"]: f["properties"]["ut"] for f in data["features"]}
    assert codes == {"39198": "Dole", "39097": "Champagnole"}  # the world's communes with a real INSEE code
    assert data["features"][0]["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_the_page_opens_on_the_period_and_computes_only_when_asked(client, clock, jura, make_dossier, monkeypatch):
    """The solver searches for seconds: opening the page shows the period's form (tomorrow, two weeks), and the
    proposal comes with « Calculer la proposition »; a household's availability leads back to the same period."""
    dossier = make_dossier(State.TO_CONTACT, commune=jura.poligny)
    client.force_login(jura.coordinator)
    computed = []
    propose = tours.propose
    monkeypatch.setattr(tours, "propose", lambda *args: computed.append(args[1:]) or propose(*args))
    opened = client.get(reverse("visits:tours"))
    assert opened.status_code == 200 and "proposal" not in opened.context and computed == []
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert f'value="{tomorrow.isoformat()}"' in text(opened) and "Calculer la proposition" in text(opened)
    response = client.get(tours_url(next_monday(), weeks=2))
    assert computed == [(next_monday(), 2)] and response.context["placed"] == 1
    period = f"debut={next_monday().isoformat()}&semaines=2"
    url = reverse("visits:household_availability", kwargs={"pk": dossier.pk})
    assert f"{url}?retour=tournees&amp;{period.replace('&', '&amp;')}" in response.content.decode()
    saved = client.post(f"{url}?retour=tournees&{period}", {"d1_pm_start": "14:00", "d1_pm_end": "17:30"})
    assert saved.status_code == 302 and saved["Location"] == f"{reverse('visits:tours')}?{period}"
