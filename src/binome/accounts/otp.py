"""Two-factor login with django-otp: a TOTP application enrolled with a QR code, and single-use recovery codes.

``must_verify`` is the rule applied by ``OTPRequiredMiddleware``; the views of enrolment and verification are in
``accounts/views.py``. The QR code is an inline SVG drawn by segno (no script, no external image: CSP-safe).
"""

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from binome.accounts.second_factor import requires_second_factor


TOTP_NAME = "application"
RECOVERY_NAME = "codes de secours"


def must_verify(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_verified():
        return False
    return requires_for(request)


def has_device(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def redirect_to_second_factor(request):
    from binome.accounts.middleware import OTP_OPEN_URL_NAMES

    match = request.resolver_match or _resolve(request.path_info)
    if match is not None and match.view_name in OTP_OPEN_URL_NAMES:
        return None
    target = "accounts:otp_verify" if has_device(request.user) else "accounts:otp_setup"
    next_url = request.get_full_path() if request.method == "GET" else ""
    url = reverse(target)
    return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url and next_url != "/" else url)


def _resolve(path):
    from django.urls import Resolver404, resolve

    try:
        return resolve(path)
    except Resolver404:
        return None


def pending_totp(user) -> TOTPDevice:
    """The application being enrolled (not confirmed yet): the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG (black modules on white, scalable)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, dark="#1b1b1b", light="#ffffff")


def secret_for_typing(device: TOTPDevice) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def confirm(device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(_digits(token)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()  # one application at a time
    return True


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes by fresh ones; each works once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.OTP_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _digits(token: str) -> str:
    return "".join(token.split())


def verify(user, token: str):
    """The device that accepts ``token`` (the application's code or an unused recovery code), or None."""
    token = _digits(token or "")
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(token):
            return device
    return None


def requires_for(request) -> bool:
    user = request.user
    return requires_second_factor(
        user.email,
        getattr(request, "all_roles", ()),
        required=settings.OTP_REQUIRED,
        debug=settings.DEBUG,
        superuser=user.is_superuser,
    )


def is_recovery(device) -> bool:
    return isinstance(device, StaticDevice)


def recovery_left_message(user) -> str:
    from django.utils.translation import ngettext

    left = StaticToken.objects.filter(device__user=user).count()
    return ngettext(
        "Code de secours utilisé : il vous en reste %(n)d. Générez-en de nouveaux depuis « Mon compte ».",
        "Code de secours utilisé : il vous en reste %(n)d. Générez-en de nouveaux depuis « Mon compte ».",
        left,
    ) % {"n": left}


def forget_devices(users, *, by) -> int:
    """Remove the application and the recovery codes of ``users`` (a lost phone): they enrol again at next login."""
    import logging

    log = logging.getLogger("binome.accounts")
    for user in users:
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        log.warning("second factor reset: user %s by user %s", user.pk, by.pk)
    return len(users)
