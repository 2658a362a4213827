"""The queue's rows written by ``{% queue_rows %}``: the cells of each kind of tab, every value escaped."""

import datetime as dt

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone

from binome.cases import transitions
from binome.cases.models import CallOutcome, EventKind
from binome.cases.workflow import State
from tests.conftest import local


def _row(client, dossier, **params) -> str:
    response = client.get(reverse("coordination:queue"), params)
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index(f'<a href="{reverse("cases:detail", args=[dossier.pk])}"')
    return page[page.rindex("<tr>", 0, start) : page.index("</tr>", start)]


def test_an_intake_row_escapes_the_household_and_shows_calls_and_next_action(client, world, make_dossier):
    world.ccas.name = "CCAS <Dole> & environs"
    world.ccas.save()
    dossier = make_dossier(State.TO_CONTACT, last_name="O'Hara <b>", first_name="Zoé", household_size=3, urgent=True)
    for days_ago in (3, 2):
        transitions.record_event(
            dossier,
            EventKind.CALL,
            user=world.coordinator,
            call_outcome=CallOutcome.NO_ANSWER,
            at=timezone.now() - dt.timedelta(days=days_ago),
        )
    client.force_login(world.coordinator)
    row = _row(client, dossier)
    assert "O&#x27;HARA &lt;B&gt; Zoé" in row and "<b>" not in row
    assert "3 pers. · CCAS &lt;Dole&gt; &amp; environs" in row
    assert f'aria-label="Sélectionner {dossier.reference}"' in row
    assert '<span class="tag tag--urgent">urgent</span>' in row
    assert "2 appels" in row and "2 sans réponse" in row
    assert f'href="{reverse("visits:book", args=[dossier.pk])}"' in row and "Rappeler" in row
    assert '<strong class="score">' in row


def test_a_scheduled_row_shows_the_visit_and_the_advisor(client, world, make_dossier):
    dossier = make_dossier(State.SCHEDULED)
    dossier.next_visit_at = local(dt.date(2027, 1, 11), 9)  # a Monday
    dossier.save()
    client.force_login(world.chef_mission)
    row = _row(client, dossier, etape="visites")
    assert "lun 11/01 09:00" in row
    assert world.advisor.get_full_name() in row
    assert "checkbox" not in row  # the chefs do not act on the queue in bulk
    assert '<span class="state state--scheduled">' in row and "il y a" in row


def test_the_received_date_is_local_as_the_date_filter_writes_it(client, world, make_dossier):
    dossier = make_dossier(State.IN_VALIDATION)
    dossier.created_at = dt.datetime(2026, 1, 5, 23, 30, tzinfo=dt.UTC)  # 6 January, 00:30 in Paris
    dossier.save()
    client.force_login(world.chef_mission)
    row = _row(client, dossier, etape="validation")
    received = timezone.localtime(dossier.created_at)
    written = f'<time datetime="{date_filter(received, "c")}">{date_filter(received, "d/m/Y")}</time>'
    assert written == '<time datetime="2026-01-06T00:30:00+01:00">06/01/2026</time>'
    assert written in row
