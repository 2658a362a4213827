"""The network in the programme administration: sealed to the administrator's programme."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from binome.network.models import MobilisationEvent, NetworkSettings, Posting, Site


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def rows(world):
    Site.objects.create(organisation=world.ccas, name="Accueil du CCAS", commune=world.commune)
    Site.objects.create(organisation=world.other_org, name="Site d'ailleurs")
    Posting.objects.create(user=world.referrer, organisation=world.ccas, starts_on=dt.date(2020, 1, 1))
    Posting.objects.create(user=world.other_referrer, organisation=world.other_org, starts_on=dt.date(2020, 1, 1))
    MobilisationEvent.objects.create(
        programme=world.programme, kind="workshop", title="Atelier du Jura", date=dt.date(2026, 1, 5)
    )
    other_event = MobilisationEvent.objects.create(
        programme=world.other, kind="workshop", title="Atelier d'ailleurs", date=dt.date(2026, 1, 5)
    )
    NetworkSettings.objects.create(programme=world.programme, dormant_months=9)
    NetworkSettings.objects.create(programme=world.other, dormant_months=3)
    return other_event


@pytest.mark.parametrize(
    ("name", "ours", "theirs"),
    [
        ("admin:network_organisation_changelist", "CCAS de Dole", "CCAS d'ailleurs"),
        ("admin:network_posting_changelist", "CCAS de Dole", "CCAS d'ailleurs"),
        ("admin:network_mobilisationevent_changelist", "Atelier du Jura", "Atelier d'ailleurs"),
        ("admin:network_networksettings_changelist", "SLIME du Jura", "SLIME d'ailleurs"),
    ],
)
def test_lists_show_only_the_administered_programme(client, world, rows, name, ours, theirs):
    client.force_login(world.admin)
    page = text(client.get(reverse(name)))
    assert ours in page and theirs not in page


def test_organisation_form_offers_only_the_programme_s_units_and_shows_its_sites(client, world, rows):
    client.force_login(world.admin)
    page = text(client.get(reverse("admin:network_organisation_change", args=[world.ccas.pk])))
    assert "Accueil du CCAS" in page and "Dole" in page
    other_unit = world.other_commune.unite
    assert f'value="{other_unit.pk}"' not in page.split('name="unites"')[1].split("</select>")[0]


def test_event_form_offers_only_the_programme_s_organisations_and_people(client, world, rows):
    """Chosen by autocomplete (hundreds of organisations, thousands of people): the answers are the programme's."""
    client.force_login(world.admin)
    page = text(client.get(reverse("admin:network_mobilisationevent_add")))
    assert "CCAS d'ailleurs" not in page and world.other_referrer.get_full_name() not in page

    def found(field, term):
        params = {"app_label": "network", "model_name": "mobilisationevent", "field_name": field, "term": term}
        return {r["text"] for r in client.get(reverse("admin:autocomplete"), params).json()["results"]}

    assert found("organisations", "CCAS") == {"CCAS de Dole"}
    assert len(found("attendees", world.referrer.last_name)) == 1
    assert not found("attendees", world.other_referrer.last_name)


def test_another_programme_s_event_cannot_be_opened(client, world, rows):
    client.force_login(world.admin)
    response = client.get(reverse("admin:network_mobilisationevent_change", args=[rows.pk]))
    assert response.status_code == 302


def test_case_workers_do_not_reach_the_network_admin(client, world):
    client.force_login(world.coordinator)
    assert client.get(reverse("admin:network_posting_changelist")).status_code == 302
