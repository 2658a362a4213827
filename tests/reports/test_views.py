"""The report's pages: each section saved on its own, both texts shown on a conflict, bad input kept and explained,
and every page in a constant number of queries."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from binome.accounts.models import Role
from binome.cases import transitions
from binome.reports import editing, sections as spec, versions
from binome.reports.models import SectionConflict
from tests.reports.conftest import section


def text(response) -> str:
    return html.unescape(response.content.decode())


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_section_saved_through_htmx_comes_back_alone(review, world, client):
    client.force_login(world.advisor)
    record = section(review.report, "findings")
    url = reverse("reports:save_section", kwargs={"pk": review.pk, "key": "findings"})
    response = client.post(url, {"text": "Moisissures.", "version": record.version}, HTTP_HX_REQUEST="true")
    body = text(response)
    assert body.startswith('<section class="card report-section" id="section-findings"')
    assert "Section enregistrée." in body
    assert section(review.report, "findings").text == "Moisissures."


def test_a_stale_save_shows_both_texts_and_loses_neither(review, world, client):
    record = section(review.report, "findings")
    editing.save_section(
        review.report,
        "findings",
        text="Texte du conseiller.",
        data=None,
        base_version=record.version,
        user=world.advisor,
    )
    client.force_login(world.coordinator)
    url = reverse("reports:save_section", kwargs={"pk": review.pk, "key": "findings"})
    body = text(
        client.post(url, {"text": "Texte de la coordinatrice.", "version": record.version}, HTTP_HX_REQUEST="true")
    )
    assert "Deux textes pour cette section" in body
    assert "Texte du conseiller." in body and "Texte de la coordinatrice." in body
    assert SectionConflict.objects.get().text == "Texte de la coordinatrice."


def test_an_oversized_section_is_refused_with_the_text_kept(review, world, client):
    client.force_login(world.coordinator)
    record = section(review.report, "gestures")
    typed = "Aérer. " * 700
    url = reverse("reports:save_section", kwargs={"pk": review.pk, "key": "gestures"})
    body = text(client.post(url, {"text": typed, "version": record.version}))
    assert "une section en compte au plus 4000" in body
    assert typed.strip() in body
    assert section(review.report, "gestures").text == record.text


def test_the_writing_page_costs_the_same_number_of_queries_whatever_the_comments(review, world, client):
    client.force_login(world.coordinator)
    url = reverse("reports:edit", kwargs={"pk": review.pk})
    editing.add_comment(review.report, "findings", "Un.", world.coordinator)
    few = queries(client, url)
    for key in ("dwelling", "gestures", "situation", "next_steps"):
        editing.add_comment(review.report, key, "Encore un.", world.advisor)
    record = section(review.report, "findings")
    editing.save_section(
        review.report, "findings", text="A", data=None, base_version=record.version, user=world.advisor
    )
    editing.save_section(
        review.report, "findings", text="B", data=None, base_version=record.version, user=world.coordinator
    )
    assert queries(client, url) == few


def test_the_review_page_costs_the_same_number_of_queries_whatever_the_versions(review, world, client):
    coord = {Role.COORDINATOR}
    transitions.apply(review, "submit_for_validation", user=world.coordinator, roles=coord)
    client.force_login(world.chef_mission)
    url = reverse("reports:review", kwargs={"pk": review.pk})
    queries(client, url)  # the first reading records that the version was seen
    one_version = queries(client, url)
    versions.decide(
        review, world.chef_mission, {Role.CHEF_MISSION}, decision="returned", text="Voir.", version_number=1
    )
    record = section(review.report, "findings")
    editing.save_section(
        review.report, "findings", text="Précisé.", data=None, base_version=record.version, user=world.advisor
    )
    transitions.apply(review, "submit_for_validation", user=world.coordinator, roles=coord)
    queries(client, url)
    assert queries(client, url) == one_version


def test_a_decision_without_choice_is_explained_in_french(review, world, client):
    transitions.apply(review, "submit_for_validation", user=world.coordinator, roles={Role.COORDINATOR})
    client.force_login(world.chef_mission)
    url = reverse("reports:decide", kwargs={"pk": review.pk})
    response = client.post(url, {"text": "Mon avis.", "version_number": 1})
    assert response.status_code == 200 and "Choisissez une décision." in text(response)
    assert "Mon avis." in text(response)
    response = client.post(url, {"decision": "approved", "version_number": 1}, follow=True)
    assert "« Validation du chef de mission » : version 1 approuvée." in text(response)
    assert "Prochaine étape : Validation du chef de service." in text(response)  # not the state it is in
    assert versions.latest_version(review.report).approvals.count() == 1
    client.force_login(world.chef_service)
    response = client.post(url, {"decision": "approved", "version_number": 1}, follow=True)
    assert "Prochaine étape : l'envoi au ménage par la coordinatrice." in text(response)


@pytest.mark.parametrize("key", [s.key for s in spec.SECTIONS if s.kind == "text"])
def test_every_text_section_is_on_the_writing_page(review, world, client, key):
    client.force_login(world.advisor)
    body = text(client.get(reverse("reports:edit", kwargs={"pk": review.pk})))
    assert f'id="section-{key}"' in body and spec.TITLES[key] in body
