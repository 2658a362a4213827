"""Two-factor login: required for every role that reads household data; demo accounts exempt only in debug."""

import datetime as dt
import html
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from binome.accounts import otp
from binome.accounts.models import Role
from binome.accounts.second_factor import requires_second_factor
from tests.factories import MembershipFactory, UserFactory


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED = True
    settings.DEBUG = False


def code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _login(client, user):
    return client.post(reverse("login"), {"username": user.email, "password": "secret-password"})


def _path(response):
    return response["Location"].split("?")[0]


# The rule, without a database.


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ({"referrer"}, False),
        ({"coordinator"}, True),
        ({"advisor"}, True),
        ({"chef_mission"}, True),
        ({"chef_service"}, True),
        ({"admin"}, True),
        ({"referrer", "advisor"}, True),
        (set(), False),
    ],
)
def test_the_rule_by_role(roles, expected):
    assert requires_second_factor("x@example.org", roles, required=True, debug=False) is expected


def test_the_rule_exempts_demo_accounts_only_in_debug_and_follows_the_setting():
    assert requires_second_factor("coordinatrice@demo.binome.fr", {"coordinator"}, required=True, debug=True) is False
    assert requires_second_factor("coordinatrice@demo.binome.fr", {"coordinator"}, required=True, debug=False)
    assert requires_second_factor("c@example.org", {"coordinator"}, required=True, debug=True)
    assert requires_second_factor("c@example.org", {"coordinator"}, required=False, debug=False) is False
    assert requires_second_factor("root@example.org", set(), required=True, debug=False, superuser=True)


# The middleware and the pages.


@pytest.mark.usefixtures("required")
def test_a_coordinator_without_a_device_is_sent_to_enrol(client, world):
    _login(client, world.coordinator)
    wanted = reverse("coordination:queue") + "?etape=visites&tri=date"
    response = client.get(wanted)
    assert response.status_code == 302 and _path(response) == reverse("accounts:otp_setup")
    assert parse_qs(urlparse(response["Location"]).query)["next"] == [wanted]  # back there once enrolled
    page = client.get(reverse("accounts:otp_setup"))
    body = text(page)
    assert "<svg" in body and "Activer la double authentification" in body
    assert "<script" not in body.split("<main")[1]  # the QR code is plain SVG: nothing for the CSP to block


@pytest.mark.usefixtures("required")
def test_enrolment_then_verified_coordinator_gets_in(client, world):
    _login(client, world.coordinator)
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=world.coordinator, confirmed=False)
    with time_machine.travel(dt.datetime.now(tz=dt.UTC), tick=False) as traveller:
        wrong = client.post(
            reverse("accounts:otp_setup"), {"token": "000000" if code(device) != "000000" else "111111"}
        )
        assert "Ce code ne correspond pas" in text(wrong)
        traveller.shift(dt.timedelta(seconds=2))  # django-otp's throttling: 1 s after a first failure, then doubling
        response = client.post(
            reverse("accounts:otp_setup"),
            {"token": code(device), "next": "/dossiers/?etape=visites&tri=date"},
            follow=True,
        )
    codes = response.context["codes"]
    assert len(codes) == 10 and "Vos codes de secours" in text(response)
    assert 'href="/dossiers/?etape=visites&amp;tri=date"' in response.content.decode()  # "continuer" goes back there
    assert client.get(reverse("accounts:otp_codes")).status_code == 302  # shown once
    assert client.get(reverse("coordination:queue")).status_code == 200


@pytest.mark.usefixtures("required")
def test_a_coordinator_with_a_device_verifies_at_each_login(client, world):
    device = TOTPDevice.objects.create(user=world.coordinator, name="application", confirmed=True)
    _login(client, world.coordinator)
    response = client.get(reverse("coordination:queue"))
    assert _path(response) == reverse("accounts:otp_verify")
    # With a device, enrolling another application is not a way around the code.
    assert _path(client.get(reverse("accounts:otp_setup"))) == reverse("accounts:otp_verify")
    with time_machine.travel(dt.datetime.now(tz=dt.UTC), tick=False) as traveller:
        wrong = client.post(reverse("accounts:otp_verify"), {"token": "12345"})
        assert "Code incorrect" in text(wrong)
        refused = client.post(reverse("accounts:otp_verify"), {"token": code(device)})  # throttled: 1 s to wait
        assert "Code incorrect ou déjà utilisé. Réessayez dans quelques secondes." in text(refused)
        traveller.shift(dt.timedelta(seconds=3))
        ok = client.post(
            reverse("accounts:otp_verify"), {"token": code(device), "next": reverse("coordination:queue")}
        )
    assert ok.status_code == 302 and ok["Location"] == reverse("coordination:queue")
    assert client.get(reverse("coordination:queue")).status_code == 200


@pytest.mark.usefixtures("required")
def test_a_recovery_code_works_once(client, world):
    TOTPDevice.objects.create(user=world.coordinator, name="application", confirmed=True)
    recovery = otp.new_recovery_codes(world.coordinator)[0]
    _login(client, world.coordinator)
    response = client.post(reverse("accounts:otp_verify"), {"token": recovery}, follow=True)
    assert "il vous en reste 9" in text(response)
    assert client.get(reverse("coordination:queue")).status_code == 200
    assert not StaticToken.objects.filter(token=recovery).exists()
    client.post(reverse("logout"))
    _login(client, world.coordinator)
    again = client.post(reverse("accounts:otp_verify"), {"token": recovery})
    assert "Code incorrect ou déjà utilisé" in text(again)
    assert _path(client.get(reverse("coordination:queue"))) == reverse("accounts:otp_verify")


@pytest.mark.usefixtures("required")
def test_the_django_admin_is_behind_the_second_factor_too(client, world):
    _login(client, world.admin)
    assert _path(client.get(reverse("admin:index"))) == reverse("accounts:otp_setup")


@pytest.mark.usefixtures("required")
def test_a_referrer_alone_is_not_asked(client, world):
    _login(client, world.referrer)
    assert client.get(reverse("cases:my_requests")).status_code == 200


@pytest.mark.usefixtures("required")
def test_force_login_does_not_pass_the_second_factor(client, world):
    client.force_login(world.chef_mission)
    assert _path(client.get(reverse("coordination:queue"))) == reverse("accounts:otp_setup")


def test_demo_accounts_are_exempt_only_in_debug(client, world, settings):
    settings.OTP_REQUIRED = True
    demo = MembershipFactory(
        programme=world.programme, role=Role.COORDINATOR, user=UserFactory(email="coordinatrice@demo.binome.fr")
    ).user
    client.force_login(demo)
    settings.DEBUG = True
    assert client.get(reverse("coordination:queue")).status_code == 200
    settings.DEBUG = False
    assert _path(client.get(reverse("coordination:queue"))) == reverse("accounts:otp_setup")


@pytest.mark.usefixtures("required")
def test_logout_stays_open_before_the_second_factor(client, world):
    _login(client, world.coordinator)
    response = client.post(reverse("logout"))
    assert _path(response) == reverse("login")


@pytest.mark.usefixtures("required")
def test_new_recovery_codes_need_a_verified_session(client, world):
    device = TOTPDevice.objects.create(user=world.coordinator, name="application", confirmed=True)
    otp.new_recovery_codes(world.coordinator)
    _login(client, world.coordinator)
    client.post(reverse("accounts:otp_new_codes"))
    assert client.get(reverse("accounts:otp_codes")).status_code == 302  # nothing to show
    client.post(reverse("accounts:otp_verify"), {"token": code(device)})
    response = client.post(reverse("accounts:otp_new_codes"), follow=True)
    assert len(response.context["codes"]) == 10
    assert StaticToken.objects.filter(device__user=world.coordinator).count() == 10


@pytest.mark.usefixtures("required")
def test_the_programme_admin_resets_a_lost_phone_and_only_for_his_programme(client, world):
    for user in (world.coordinator, world.other_coordinator):
        TOTPDevice.objects.create(user=user, name="application", confirmed=True)
        otp.new_recovery_codes(user)
    client.force_login(world.admin)
    session = client.session
    admin_device = TOTPDevice.objects.create(user=world.admin, name="application", confirmed=True)
    session["otp_device_id"] = admin_device.persistent_id
    session.save()
    changelist = reverse("admin:accounts_user_changelist")
    response = client.post(
        changelist,
        {"action": "reset_second_factor", "_selected_action": [world.coordinator.pk, world.other_coordinator.pk]},
        follow=True,
    )
    assert "1 compte devra configurer à nouveau" in text(response)
    assert not TOTPDevice.objects.filter(user=world.coordinator).exists()
    assert TOTPDevice.objects.filter(user=world.other_coordinator).exists()  # not his programme's: untouched
