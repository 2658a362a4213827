"""The coordinator books a visit from the queue through the agenda, in Chromium; the advisor's feed shows it."""

import re

from django.urls import reverse
from icalendar import Calendar

from binome.cases.workflow import State
from binome.visits.models import CalendarFeed, Visit
from tests.e2e.conftest import login


def test_coordinator_books_a_visit_from_the_queue_through_the_agenda(page, live_server, world, make_dossier, client):
    dossier = make_dossier(State.RECEIVED, urgent=True, last_name="Verguet")
    login(page, live_server, world.coordinator)
    page.goto(f"{live_server.url}{reverse('coordination:queue')}")
    row = page.locator("tr", has_text=dossier.reference)
    row.get_by_role("link", name="Programmer").click()
    page.wait_for_url(re.compile(r"/visite/"))
    # The agenda page lists the free slots of the binôme; pick the first one.
    page.get_by_role("link", name="Voir l'agenda complet").click()
    page.wait_for_url(re.compile(r"/agenda/"))
    page.get_by_role("link", name=re.compile("réserver")).first.click()
    page.wait_for_url(re.compile(r"/visite/\?date="))
    page.get_by_label("Problème identifié").fill("Facture d'électricité de 2 400 € par an.")
    page.get_by_label("Questions pour la visite").fill("Vérifier les convecteurs.")
    page.get_by_role("button", name="Programmer la visite").click()
    page.wait_for_url(re.compile(r"/visites/\d+/"))
    assert "Visite programmée le" in page.locator(".messages").inner_text()
    visit = Visit.objects.get(dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.state == State.SCHEDULED and visit.advisor == world.advisor
    # The advisor subscribes to his feed and finds the visit there.
    client.force_login(world.advisor)
    client.post(reverse("visits:feed_settings"), {"action": "create"})
    client.logout()
    token = CalendarFeed.objects.get(user=world.advisor).token
    feed = Calendar.from_ical(client.get(reverse("visits:feed", kwargs={"token": token})).content)
    (event,) = feed.walk("VEVENT")
    assert dossier.reference in str(event["summary"])
    assert event.decoded("dtstart") == visit.starts_at
