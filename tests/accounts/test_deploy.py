"""`python -m binome check --deploy` prints no warning with the production environment of .env.example."""

import os
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings

from binome.core.proxy import ClientAddressMiddleware


REPO = Path(__file__).resolve().parents[2]


def production_environment() -> dict[str, str]:
    """The variables set (not commented out) in .env.example, read as systemd and `binome-manage` read them."""
    values = {}
    for line in (REPO / ".env.example").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, _, value = line.partition("=")
        values[name] = " ".join(shlex.split(value)) if value else ""
    return values


def _check(environment):
    return subprocess.run(
        [sys.executable, "-m", "binome", "check", "--deploy"],
        env={"PATH": os.environ["PATH"], **environment},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_the_documented_production_environment():
    environment = production_environment()
    assert environment["BINOME_SECRET_KEY"] == ""  # the file asks for one: a generated secret, as documented
    environment["BINOME_SECRET_KEY"] = secrets.token_urlsafe(50)
    result = _check(environment)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "warning"),
    [
        ("BINOME_SSL_REDIRECT", "0", "security.W008"),
        ("BINOME_HSTS_SECONDS", "0", "security.W004"),
        ("BINOME_SECURE_COOKIES", "0", "security.W012"),
    ],
)
def test_deploy_check_names_what_is_turned_off(variable, value, warning):
    environment = {**production_environment(), "BINOME_SECRET_KEY": secrets.token_urlsafe(50), variable: value}
    result = _check(environment)
    assert warning in result.stdout + result.stderr


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_the_https_header_is_believed_from_the_trusted_proxy_only():
    seen = {}

    def view(request):
        seen["secure"] = request.is_secure()

    middleware = ClientAddressMiddleware(view)
    factory = RequestFactory()
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        middleware(factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_PROTO="https"))
        assert seen["secure"] is True
        middleware(factory.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_PROTO="https"))
        assert seen["secure"] is False
