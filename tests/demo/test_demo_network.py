"""The demo network: the 2015 mix on the health page, careers, events, all in a constant number of queries."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from binome.accounts.models import Membership, Role, User
from binome.demo import loader
from binome.network.models import MobilisationEvent, Posting


pytestmark = pytest.mark.shared_data(settings.JURA_DATA_DIR / "communes-39.json")


def coordinator_client():
    client = Client()
    client.force_login(User.objects.get(email=f"coordinatrice@{loader.DEMO_DOMAIN}"))
    return client


def test_health_page_shows_the_2015_mix_60_20_20(programme, django_assert_max_num_queries):
    client = coordinator_client()
    client.get(reverse("network:health"))
    with django_assert_max_num_queries(16):
        response = client.get(reverse("network:health"), {"annee": 2015})
    mix = {m["key"]: (m["count"], m["percent"]) for m in response.context["mix"]}
    assert mix == {
        "department_social": (24, 60),
        "partner_social": (8, 20),
        "partner_structure": (8, 20),
        "workshop": (0, 0),
        "self": (0, 0),
    }
    page = response.content.decode()
    assert "60 %" in page and "20 %" in page
    assert response.context["total"] == 40


def test_demo_careers_show_a_sector_change_a_departure_and_a_move(programme):
    thomas = User.objects.get(email=f"donneur.departement@{loader.DEMO_DOMAIN}")
    history = list(Posting.objects.filter(user=thomas).order_by("starts_on").values_list("unite__name", "ends_on"))
    assert history == [("Champagnole", dt.date(2022, 8, 31)), ("Dole", None)]
    left = User.objects.get(email=f"ts.saint-claude@{loader.DEMO_DOMAIN}")
    assert not Membership.objects.get(user=left, role=Role.REFERRER).is_active
    response = coordinator_client().get(reverse("network:health"))
    departures = {d["posting"].user.email: d["now"] for d in response.context["departures"]}
    assert departures[left.email] is None
    assert departures[f"mandataire.udaf@{loader.DEMO_DOMAIN}"]["organisation"] == "CCAS de Lons-le-Saunier"
    assert [w["unite"].name for w in response.context["opening"]] == ["Champagnole", "Dole"]


def test_demo_workshop_brought_requests(programme):
    workshop = MobilisationEvent.objects.get(title="Atelier « Mieux chauffer, moins payer »")
    assert workshop.dossiers.count() >= 1
    assert MobilisationEvent.objects.get(title="Ateliers Énergie Logis").date.year == 2014
