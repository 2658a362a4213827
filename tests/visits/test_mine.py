"""The advisor's « Mes visites »: the planned visits 50 a page, in as many queries whatever their number."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from binome.accounts.models import Role
from tests.factories import DossierFactory, MembershipFactory, VisitFactory


def plan(world, count, start=0):
    base = timezone.now() + dt.timedelta(days=1)
    for i in range(start, start + count):
        dossier = DossierFactory(commune=world.commune, organisation=world.ccas, reference=f"2026-{i + 1:04}")
        VisitFactory(
            dossier=dossier,
            advisor=world.advisor,
            coordinator=world.coordinator,
            starts_at=base + dt.timedelta(hours=i),
            status="planned",
        )


def queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("visits:mine")).status_code == 200
    return len(ctx.captured_queries)


def test_my_visits_ask_as_many_queries_when_they_double(world):
    client = Client()
    client.force_login(world.advisor)
    plan(world, 30)
    client.get(reverse("visits:mine"))
    few = queries(client)
    plan(world, 30, start=30)
    assert queries(client) == few <= 15


def test_planned_visits_come_fifty_a_page_the_soonest_first(world):
    plan(world, 55)
    client = Client()
    client.force_login(world.advisor)
    first = client.get(reverse("visits:mine"))
    page = first.context["upcoming"]
    assert (len(page), page.paginator.count, page[0]["dossier__reference"]) == (50, 55, "2026-0001")
    assert "?page=2#upcoming-title" in first.content.decode()
    second = client.get(reverse("visits:mine"), {"page": "2"}).context["upcoming"]
    assert [v["dossier__reference"] for v in second] == [f"2026-{i:04}" for i in range(51, 56)]
    assert client.get(reverse("visits:mine"), {"page": "x"}).context["upcoming"].number == 1


def test_the_count_keeps_to_the_programme_for_a_person_who_also_works_elsewhere(world):
    """The count is read from the index alone only for a person who never belonged to another programme; one who
    did (even no longer) sees the count of this programme's visits, in as many queries."""
    plan(world, 3)
    client = Client()
    client.force_login(world.advisor)
    client.get(reverse("visits:mine"))
    alone = queries(client)
    elsewhere = MembershipFactory(user=world.advisor, programme=world.other, role=Role.ADVISOR, is_active=False)
    VisitFactory(
        dossier=DossierFactory(commune=world.other_commune, organisation=world.other_org),
        advisor=world.advisor,
        coordinator=world.other_coordinator,
        starts_at=timezone.now() + dt.timedelta(days=2),
        status="planned",
    )
    page = client.get(reverse("visits:mine")).context["upcoming"]
    assert (page.paginator.count, len(page)) == (3, 3)
    assert queries(client) == alone
    elsewhere.delete()  # a visit without membership would only skew the count, never show a row
    page = client.get(reverse("visits:mine")).context["upcoming"]
    assert len(page) == 3


def test_a_planned_visit_shows_its_day_time_dossier_place_coordinator_and_preparation(world):
    """What the template wrote from the visit's model instances, from its values rows."""
    starts = timezone.make_aware(dt.datetime(2031, 3, 4, 9, 30))  # a Tuesday, local time
    dossier = DossierFactory(commune=world.commune, organisation=world.ccas, reference="2031-0007")
    visit = VisitFactory(
        dossier=dossier,
        advisor=world.advisor,
        coordinator=world.coordinator,
        starts_at=starts,
        duration_minutes=90,
        status="planned",
        preparation_note=" ".join(f"mot{i}" for i in range(30)),
        preparation_questions="Chaudière <récente> ?",
    )
    done = VisitFactory(
        dossier=DossierFactory(commune=world.commune, organisation=world.ccas, reference="2031-0008"),
        advisor=world.advisor,
        coordinator=world.coordinator,
        starts_at=timezone.make_aware(dt.datetime.combine(timezone.localdate().replace(day=1), dt.time(10))),
        status="done",
    )
    client = Client()
    client.force_login(world.advisor)
    page = client.get(reverse("visits:mine")).content.decode()
    row = (
        "<td><strong>mardi 4 mars</strong><br>09:30 · 90 min</td>\n"
        f'      <td><a class="ref" href="/visites/{visit.pk}/">2031-0007</a></td>\n'
        '      <td>Dole<br><small class="muted">Dole</small></td>\n'
        f"      <td>{world.coordinator.get_full_name()}</td>\n"
        f"      <td>{' '.join(f'mot{i}' for i in range(25))} …"
        '<br><small class="muted">Questions : Chaudière &lt;récente&gt; ?</small></td>'
    )
    assert row in page
    day = timezone.localtime(done.starts_at).strftime("%d/%m")
    assert f'<li>{day} — <a class="ref" href="/dossiers/{done.dossier_id}/">2031-0008</a> Dole · ' in page
