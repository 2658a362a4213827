"""The French 404 and 500 pages, in production and in the demo (debug); an interrupted request writes nothing."""

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from binome.cases.models import Dossier, ReferralDraft
from tests.cases.test_views import login, referral_data


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def test_an_unknown_address_gives_the_french_404_page(client, db, debug):
    response = client.get("/nulle-part/")
    text = response.content.decode()
    assert response.status_code == 404
    assert "Page introuvable" in text and "Retour à l'accueil" in text
    assert "URLconf" not in text and "Using the" not in text  # not Django's page listing every URL
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_dossier_outside_ones_scope_gives_the_french_404_page(world, make_dossier, debug):
    dossier = make_dossier(programme=world.other, commune=world.other_commune)
    response = login(world.coordinator).get(reverse("cases:detail", kwargs={"pk": dossier.pk}))
    assert response.status_code == 404 and "Page introuvable" in response.content.decode()


@pytest.mark.urls("tests.core.error_urls")
def test_an_error_gives_the_french_500_page(db, debug):
    response = Client(raise_request_exception=False).get("/boom/")
    text = response.content.decode()
    assert response.status_code == 500
    assert "Une erreur est survenue" in text and "enregistrée à moitié" in text
    assert "Traceback" not in text and "RuntimeError" not in text


def test_the_favicon_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get(reverse("login")).content.decode()
    assert 'rel="icon" href="/static/binome/favicon.svg"' in page


def test_the_database_going_away_mid_request_writes_nothing(world, monkeypatch):
    """The referral is saved, then the database fails before the request ends: no dossier half recorded."""
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", True)  # as in production (settings_test)
    client = login(world.referrer)
    client.raise_request_exception = False
    client.post(reverse("cases:referral_draft"), referral_data(world))  # a draft, removed once the dossier is saved
    assert ReferralDraft.objects.count() == 1
    seen = []

    def database_goes_away(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "cases_dossier"'):
            seen.append(sql)
        elif seen and sql.startswith('DELETE FROM "cases_referraldraft"'):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(database_goes_away):
        response = client.post(reverse("cases:referral_create"), referral_data(world))
    assert seen, "the dossier was inserted before the failure"
    assert response.status_code == 500 and "Une erreur est survenue" in response.content.decode()
    assert not Dossier.objects.exists()
    assert ReferralDraft.objects.count() == 1  # what the referrer typed is still there to send again
