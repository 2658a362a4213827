"""The shared agenda page: week and day views, absences, free slots, scoping and query count."""

import datetime as dt
import html

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from binome.cases.workflow import State
from binome.visits.models import Absence, WorkingPeriod
from tests.conftest import local
from tests.factories import VisitFactory


def agenda(client, **params):
    response = client.get(reverse("visits:agenda"), params)
    assert response.status_code == 200
    return response


def test_week_view_shows_visits_absences_and_free_slots(client, world, make_dossier, monday):
    dossier = make_dossier(State.TO_CONTACT)
    VisitFactory(dossier=dossier, advisor=world.advisor, coordinator=world.coordinator, starts_at=local(monday, 9))
    Absence.objects.create(
        programme=world.programme,
        user=world.advisor,
        starts_at=local(monday + dt.timedelta(days=1), 0),
        ends_at=local(monday + dt.timedelta(days=2), 0),
        label="Formation DPE",
    )
    client.force_login(world.coordinator)
    columns = agenda(client, jour=monday.isoformat()).context["columns"]
    assert [c["day"] for c in columns] == [monday + dt.timedelta(days=i) for i in range(5)]
    assert [v.dossier for v in columns[0]["visits"]] == [dossier]
    assert [s.strftime("%H:%M") for s in columns[0]["free"]] == ["13:30", "15:30"]
    assert [a.label for a in columns[1]["absences"]] == ["Formation DPE"]
    assert columns[1]["free"] == [] and columns[2]["absences"] == []


def test_day_view_and_working_hours(client, world, monday):
    # The advisor works only on Monday mornings.
    WorkingPeriod.objects.create(
        programme=world.programme, user=world.advisor, weekday=0, starts=dt.time(8), ends=dt.time(12)
    )
    client.force_login(world.coordinator)
    response = agenda(client, jour=monday.isoformat(), vue="jour")
    (column,) = response.context["columns"]
    assert [s.strftime("%H:%M") for s in column["free"]] == ["09:00"]
    assert (
        agenda(client, jour=(monday + dt.timedelta(days=1)).isoformat(), vue="jour").context["columns"][0]["free"]
        == []
    )


def test_booking_mode_links_each_free_slot_to_the_form(client, world, make_dossier, monday):
    dossier = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    body = agenda(client, jour=monday.isoformat(), dossier=dossier.pk).content.decode()
    book = reverse("visits:book", kwargs={"pk": dossier.pk})
    assert f"{book}?date={monday:%Y-%m-%d}&amp;time=09:00" in body


def test_an_advisor_sees_the_other_visits_without_their_reference(client, world, make_dossier, monday):
    theirs = make_dossier(State.TO_CONTACT)
    VisitFactory(dossier=theirs, advisor=world.advisor2, coordinator=world.coordinator, starts_at=local(monday, 9))
    client.force_login(world.advisor)
    body = agenda(client, jour=monday.isoformat()).content.decode()
    assert theirs.reference not in body
    assert "Réserver" not in body and "réserver" not in body


def test_another_programme_s_visits_never_show(client, world, monday):
    from tests.factories import DossierFactory

    theirs = DossierFactory(commune=world.other_commune)
    VisitFactory(dossier=theirs, starts_at=local(monday, 9))
    client.force_login(world.coordinator)
    assert theirs.reference not in agenda(client, jour=monday.isoformat()).content.decode()


def test_agenda_costs_the_same_queries_for_2_or_8_visits(
    client, world, make_dossier, monday, django_assert_max_num_queries
):
    client.force_login(world.coordinator)

    def add(n, start):
        for i in range(n):
            day = monday + dt.timedelta(days=(start + i) % 5)
            hour = 9 if (start + i) // 5 == 0 else 14
            dossier = make_dossier(State.TO_CONTACT)
            VisitFactory(
                dossier=dossier, advisor=world.advisor, coordinator=world.coordinator, starts_at=local(day, hour)
            )

    add(2, 0)
    with django_assert_max_num_queries(30) as few:
        agenda(client, jour=monday.isoformat())
    add(6, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        agenda(client, jour=monday.isoformat())


def test_coverage_plan_shows_open_years_and_what_waits(client, world, make_dossier):
    from django.utils import timezone

    from binome.territory.models import CoverageYear

    year = timezone.localdate().year
    CoverageYear.objects.create(programme=world.programme, year=year, unite=world.champagnole)
    CoverageYear.objects.create(programme=world.programme, year=year + 1, unite=world.dole)
    make_dossier(State.DEFERRED)
    make_dossier(State.TO_CONTACT, commune=world.commune2)
    client.force_login(world.chef_mission)
    rows = {r["unite"].name: r for r in client.get(reverse("coordination:coverage")).context["rows"]}
    assert (rows["Dole"]["open_now"], rows["Dole"]["next_year"], rows["Dole"]["deferred"]) == (False, True, 1)
    assert (rows["Champagnole"]["open_now"], rows["Champagnole"]["intake"]) == (True, 1)


def test_coverage_plan_counts_the_derogations_of_requests_not_visited_yet(
    client, world, make_dossier, django_assert_max_num_queries
):
    from binome.coordination.models import Derogation

    def derogate(dossier):
        Derogation.objects.create(dossier=dossier, reason="Enfant malade.", granted_by=world.coordinator)

    derogate(make_dossier(State.TO_CONTACT))
    derogate(make_dossier(State.SENT))  # visited long ago: no longer a request in progress
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(20) as few:
        rows = {r["unite"].name: r for r in client.get(reverse("coordination:coverage")).context["rows"]}
    assert (rows["Dole"]["intake"], rows["Dole"]["derogations"]) == (1, 1)
    for state in (State.RECEIVED, State.CLOSED, State.DEFERRED, State.SCHEDULED):
        make_dossier(state, commune=world.commune2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = {r["unite"].name: r for r in client.get(reverse("coordination:coverage")).context["rows"]}
    assert (rows["Champagnole"]["intake"], rows["Champagnole"]["deferred"]) == (1, 1)


def test_a_member_records_working_hours_that_the_agenda_follows(client, world, monday):
    client.force_login(world.advisor)
    url = reverse("visits:availability")
    page = client.get(url)
    assert page.context["hours_form"].initial["d0_am_start"] == dt.time(9)  # office hours by default
    data = {
        "action": "hours",
        "d0_am_start": "08:00",
        "d0_am_end": "12:00",
        "d1_pm_start": "14:00",
        "d1_pm_end": "13:00",
    }
    response = client.post(url, data)
    assert "la fin après le début" in response.content.decode()
    assert not WorkingPeriod.objects.filter(user=world.advisor).exists()
    data["d1_pm_end"] = "18:00"
    client.post(url, data)
    assert sorted(WorkingPeriod.objects.filter(user=world.advisor).values_list("weekday", "starts", "ends")) == [
        (0, dt.time(8), dt.time(12)),
        (1, dt.time(14), dt.time(18)),
    ]
    client.force_login(world.coordinator)
    free = agenda(client, jour=monday.isoformat()).context["columns"]
    assert [s.strftime("%H:%M") for s in free[0]["free"]] == ["09:00"]
    assert [s.strftime("%H:%M") for s in free[1]["free"]] == ["14:00"]


def test_a_member_adds_and_removes_own_absences_only(client, world, monday):
    client.force_login(world.coordinator)
    url = reverse("visits:availability")
    client.post(
        url, {"action": "absence", "starts_on": monday.isoformat(), "ends_on": monday.isoformat(), "label": "Congé"}
    )
    absence = Absence.objects.get(user=world.coordinator)
    assert (absence.starts_at, absence.ends_at) == (local(monday, 0), local(monday + dt.timedelta(days=1), 0))
    assert agenda(client, jour=monday.isoformat()).context["columns"][0]["free"] == []
    before = (monday - dt.timedelta(days=3)).isoformat()
    response = client.post(url, {"action": "absence", "starts_on": monday.isoformat(), "ends_on": before})
    assert "Le dernier jour doit suivre le premier." in response.content.decode()
    # Absences are recorded within two years of today: year 2000 (or 1, or 9999) is refused in French.
    response = client.post(url, {"action": "absence", "starts_on": "2000-01-01", "ends_on": monday.isoformat()})
    assert "Saisissez une date entre le" in html.unescape(response.content.decode())
    assert Absence.objects.filter(user=world.coordinator).count() == 1
    client.force_login(world.advisor)
    client.post(url, {"action": "delete", "absence": absence.pk})
    assert Absence.objects.filter(pk=absence.pk).exists()
    client.force_login(world.coordinator)
    client.post(url, {"action": "delete", "absence": absence.pk})
    assert not Absence.objects.filter(pk=absence.pk).exists()


def test_an_advisor_s_agenda_costs_the_same_queries_however_many_dossiers_they_followed(
    client, world, make_dossier, monday
):
    """Which visits of the week the advisor may open is asked in the visits' query, not by listing every dossier
    they follow: the count stays the same when they follow more dossiers, and the others' visits stay hidden."""
    own = make_dossier(State.TO_CONTACT, advisor=world.advisor)
    VisitFactory(dossier=own, advisor=world.advisor, coordinator=world.coordinator, starts_at=local(monday, 9))
    theirs = make_dossier(State.TO_CONTACT, advisor=world.advisor2)
    VisitFactory(dossier=theirs, advisor=world.advisor2, coordinator=world.coordinator, starts_at=local(monday, 14))
    client.force_login(world.advisor)

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as ctx:
            body = agenda(client, jour=monday.isoformat()).content.decode()
        return len(ctx.captured_queries), body

    agenda(client, jour=monday.isoformat())
    few, body = queries()
    assert own.reference in body and theirs.reference not in body
    for _ in range(5):
        make_dossier(State.TO_CONTACT, advisor=world.advisor)
    many, body = queries()
    assert many == few <= 15
    assert own.reference in body and theirs.reference not in body
