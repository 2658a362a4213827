"""The public self-referral form under attack: a reused token, a flood from many addresses, a bot's honeypot hits,
one victim's address named again and again. A genuine household still gets through."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from binome.cases import public_form
from binome.cases.models import Dossier
from binome.network import notifications
from tests.cases.test_referral_views import aged_token, self_data, text


URL = reverse("cases:self_referral", kwargs={"slug": "jura"})


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def spam(world, i: int, **overrides) -> dict:
    """A bot's request: a new name, phone number and e-mail address each time."""
    phone = f"06 {i // 100:02d} {i % 100:02d} 00 00"
    fields = {"last_name": f"Robot{i}", "phone": phone, "email": f"cible{i}@example.org"}
    return self_data(world, **{**fields, **overrides})


def test_a_token_serves_one_submission_only(client, world, django_capture_on_commit_callbacks):
    token = aged_token(60)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(URL, self_data(world, shown_at=token))
    assert first.status_code == 302
    again = client.post(URL, spam(world, 1, shown_at=token), REMOTE_ADDR="192.0.2.50")
    assert again.status_code == 200
    assert "Merci de relire votre demande" in text(again)
    assert 'value="Robot1"' in text(again)  # nothing typed is lost: a fresh token comes with the form
    assert again.context["form"]["shown_at"].value() != token
    assert Dossier.objects.count() == 1
    assert len(mail.outbox) == 1  # one confirmation, not one per replay


def test_a_flood_from_many_addresses_alerts_the_coordinators_and_a_household_still_gets_through(
    client, world, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(public_form, "FLOOD_THRESHOLD", 20)
    statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(30):  # each from its own address, with a fresh token: no per-address cap applies
            statuses.append(client.post(URL, spam(world, i), REMOTE_ADDR=f"198.51.100.{i}").status_code)
    assert statuses == [302] * 30
    alerts = [m for m in mail.outbox if "Afflux inhabituel" in m.subject]
    assert len(alerts) == 1 and alerts[0].to == [world.coordinator.email]  # once per window
    assert "21 demandes" in alerts[0].body and "Robot" not in alerts[0].body  # figures, no personal data
    flagged = Dossier.objects.filter(events__note__contains="afflux inhabituel").distinct().count()
    assert flagged == 10  # the 21st to the 30th request are marked for the coordinator to check
    # A genuine household, from its own connection, during the flood: recorded, no "wait a moment".
    response = client.post(URL, self_data(world, last_name="Authentique"), REMOTE_ADDR="203.0.113.9", follow=True)
    assert response.status_code == 200
    household = Dossier.objects.get(last_name="Authentique")
    assert household.reference in text(response)


def test_honeypot_hits_count_against_nothing(client, world):
    for i in range(50):
        response = client.post(URL, spam(world, i, website="http://spam.example"))
        assert response.status_code == 302
    assert not Dossier.objects.exists()
    # The household that shares the bot's connection (a library, a social centre) is not slowed down.
    assert client.post(URL, self_data(world)).status_code == 302
    assert Dossier.objects.count() == 1


def test_one_phone_number_makes_three_requests_a_day_and_reveals_nothing_after(client, world):
    phone = "03 84 11 22 33"
    for i in range(public_form.PER_CONTACT + 2):
        data = spam(world, i, phone=phone)
        assert client.post(URL, data, REMOTE_ADDR=f"198.51.100.{i}").status_code == 302  # a success page each time
    assert Dossier.objects.filter(phone=phone).count() == public_form.PER_CONTACT


def test_one_email_address_makes_three_requests_a_day(client, world):
    for i in range(public_form.PER_CONTACT + 1):
        data = spam(world, i, email="victime@example.org")
        client.post(URL, data, REMOTE_ADDR=f"198.51.100.{i}")
    assert Dossier.objects.filter(email="victime@example.org").count() == public_form.PER_CONTACT


def test_confirmation_emails_are_capped_per_recipient(world, make_dossier):
    dossiers = [make_dossier(channel="self", email="victime@example.org", consent_contact=True) for _ in range(5)]
    for dossier in dossiers:
        notifications.send_milestone.call(dossier.pk, notifications.RECEIVED)
    to_victim = [m for m in mail.outbox if m.to == ["victime@example.org"]]
    assert len(to_victim) == notifications.HOUSEHOLD_MAILS_PER_DAY
    # A referrer's address is not capped: a partner sends many requests.
    referred = [make_dossier() for _ in range(5)]
    for dossier in referred:
        notifications.send_milestone.call(dossier.pk, notifications.RECEIVED)
    assert len([m for m in mail.outbox if m.to == [world.referrer.email]]) == 5
