"""Login throttling (django-axes): per account and per address, lifted by time or by the programme's admin."""

import datetime as dt
import logging

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse

from tests.conftest import MONDAY_MORNING
from tests.factories import MembershipFactory, UserFactory


PASSWORD = "secret-password"


@pytest.fixture(autouse=True)
def _clean_axes_cache(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)


def _login(client, email, password, address="192.0.2.10"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(client, world):
    for _ in range(30):
        _login(client, world.coordinator.email, "wrong-password")
    response = _login(client, world.coordinator.email, PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)
    body = response.content.decode()
    assert "Connexion temporairement bloquée" in body and "15 minutes" in body
    assert world.coordinator.email not in body  # the page does not echo the e-mail typed


def test_lockout_starts_at_the_limit_and_not_before(client, world):
    for _ in range(4):
        assert _login(client, world.coordinator.email, "wrong-password").status_code == 200
    assert _login(client, world.coordinator.email, PASSWORD).status_code == 302  # 4 failures: still allowed
    client.logout()
    for _ in range(5):
        _login(client, world.coordinator.email, "wrong-password")
    assert _login(client, world.coordinator.email, PASSWORD).status_code == 429


def test_the_account_is_locked_from_any_address(client, world):
    for i in range(5):
        _login(client, world.coordinator.email, "wrong-password", address=f"192.0.2.{i + 1}")
    assert _login(client, world.coordinator.email, PASSWORD, address="198.51.100.7").status_code == 429


def test_the_address_is_locked_for_any_account(client, world):
    for i in range(5):
        _login(client, f"inconnu{i}@example.org", "wrong-password", address="203.0.113.9")
    assert _login(client, world.advisor.email, PASSWORD, address="203.0.113.9").status_code == 429
    assert _login(client, world.advisor.email, PASSWORD, address="203.0.113.10").status_code == 302


def test_the_e_mail_is_counted_whatever_its_case(client, world):
    for _ in range(5):
        _login(client, world.coordinator.email.upper(), "wrong-password", address="192.0.2.1")
    assert _login(client, world.coordinator.email, PASSWORD, address="198.51.100.7").status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, world):
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        for _ in range(6):
            _login(client, world.coordinator.email, "wrong-password")
        traveller.shift(dt.timedelta(minutes=14))
        assert _login(client, world.coordinator.email, PASSWORD).status_code == 429
        traveller.shift(dt.timedelta(minutes=16))  # 15 minutes after the last try (each try during it extends it)
        assert _login(client, world.coordinator.email, PASSWORD).status_code == 302
        assert _logged_in(client)


def test_the_programme_admin_unlocks_an_account_of_his_programme(client, world):
    for _ in range(5):
        _login(client, world.coordinator.email, "wrong-password")
    admin_client = client.__class__()
    admin_client.force_login(world.admin)
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert ">connexions</a>" in index and "Tentatives de connexion" in index  # where the admin finds it
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = admin_client.get(changelist).content.decode()
    assert world.coordinator.email in page
    attempt = AccessAttempt.objects.get(username=world.coordinator.email)
    response = admin_client.post(changelist, {"action": "unlock", "_selected_action": [attempt.pk]}, follow=True)
    assert "1 compte débloqué." in response.content.decode()
    assert _login(client, world.coordinator.email, PASSWORD).status_code == 302


def test_another_programme_s_lockouts_are_not_listed_nor_unlocked(client, world):
    for _ in range(5):
        _login(client, world.other_coordinator.email, "wrong-password")
    attempt = AccessAttempt.objects.get(username=world.other_coordinator.email)
    client.force_login(world.admin)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert world.other_coordinator.email not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "unlock", "_selected_action": [attempt.pk]})
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_lockout_logs_the_user_id_and_no_personal_data(client, world, caplog):
    user = MembershipFactory(programme=world.programme, user=UserFactory(email="jeanne.vuillermoz@example.org")).user
    with caplog.at_level(logging.INFO):
        for _ in range(5):
            _login(client, user.email, "wrong-password", address="192.0.2.77")
    messages = [record.getMessage() for record in caplog.records]
    assert f"login locked out: user {user.pk}" in messages
    joined = "\n".join(messages)
    assert "vuillermoz" not in joined.lower() and "192.0.2.77" not in joined


def test_the_admin_login_is_throttled_too(client, world):
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": world.admin.email, "password": "wrong-password"})
    response = client.post(url, {"username": world.admin.email, "password": PASSWORD})
    assert response.status_code == 429
    assert not _logged_in(client)
