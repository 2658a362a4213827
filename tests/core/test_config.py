"""The settings read from the environment: every bad variable named in French at start, the production options."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
import responses
from django.core import mail
from django.test import RequestFactory

from binome.core import config
from binome.core.env import Env, EnvironmentProblem
from binome.core.logs import JsonFormatter, scrub_sentry_event
from binome.core.proxy import ClientAddressMiddleware, client_address


REPO = Path(__file__).resolve().parents[2]
SQLITE = "sqlite:///var/x.sqlite3"


def env(**values) -> Env:
    return Env({k: str(v) for k, v in values.items()})


def test_every_problem_is_listed_in_french_with_the_variables_name():
    e = env(BINOME_DEBUG="peut-être", BINOME_CONN_MAX_AGE="soixante", BINOME_EMAIL_PORT="99999")
    e.bool("BINOME_DEBUG")
    config.database(e, SQLITE)
    config.email(e, debug=False)
    e.str("BINOME_SECRET_KEY", required="hors démonstration")
    with pytest.raises(EnvironmentProblem) as caught:
        e.check()
    message = str(caught.value)
    assert message.startswith("Configuration invalide")
    for name, words in [
        ("BINOME_DEBUG", "n'est pas une valeur oui/non"),
        ("BINOME_CONN_MAX_AGE", "n'est pas un nombre entier"),
        ("BINOME_EMAIL_PORT", "hors limites"),
        ("BINOME_SECRET_KEY", "variable obligatoire absente"),
    ]:
        assert f"- {name} : " in message and words in message


def run_binome(*args, **environ) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("BINOME_", "DATABASE_URL", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-m", *args], env={**base, **environ}, cwd=REPO, capture_output=True, text=True, timeout=60
    )


def test_a_process_with_a_bad_environment_stops_at_start_with_the_french_list():
    result = run_binome("binome", "check", DATABASE_URL="postgres//oubli", BINOME_LOG_FORMAT="xml")
    assert result.returncode == 2
    assert "Configuration invalide" in result.stderr
    assert "BINOME_SECRET_KEY : variable obligatoire absente" in result.stderr
    assert "DATABASE_URL : adresse de base de données illisible" in result.stderr
    assert "BINOME_LOG_FORMAT : « xml » n'est pas une valeur reconnue (attendu : plain, json)" in result.stderr
    assert "Traceback" not in result.stderr


def test_gunicorn_refuses_to_start_on_a_bad_environment():
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [str(gunicorn), "--config", "python:binome.operations.gunicorn_conf", "binome.wsgi"],
        env={"PATH": os.environ["PATH"], "BINOME_SECRET_KEY": "x" * 50, "BINOME_TRUSTED_PROXIES": "le-proxy"},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "BINOME_TRUSTED_PROXIES : « le-proxy » n'est ni une adresse IP ni un réseau" in result.stderr


def test_the_paas_database_variable_is_read_when_database_url_is_absent():
    db = config.database(env(POSTGRESQL_ADDON_URI="postgresql://u:p@db.example:5432/binome"), SQLITE)
    assert (db["HOST"], db["NAME"], db["OPTIONS"]["connect_timeout"]) == ("db.example", "binome", 5)


def test_the_cache_is_shared_by_every_process():
    assert config.cache(env())["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    redis = config.cache(env(BINOME_REDIS_URL="redis://127.0.0.1:6379/0"))
    assert redis["BACKEND"].endswith("RedisCache") and redis["OPTIONS"]["socket_timeout"] == 2
    e = env(BINOME_CACHE="redis")
    config.cache(e)
    assert e.problems == ["BINOME_REDIS_URL : variable obligatoire absente (BINOME_CACHE=redis)."]


def test_email_is_smtp_by_default_and_the_console_in_debug():
    assert config.email(env(), debug=False)["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert config.email(env(), debug=True)["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    smtp = config.email(env(BINOME_EMAIL_HOST="smtp.example", BINOME_EMAIL_PORT=587, BINOME_EMAIL_TLS=1), False)
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_USE_TLS"]) == ("smtp.example", 587, True)
    e = env(BINOME_EMAIL_PROVIDER="mailjet", BINOME_EMAIL_API_KEY="k")
    config.email(e, False)
    assert e.problems == ["BINOME_EMAIL_API_SECRET : variable obligatoire absente (BINOME_EMAIL_PROVIDER=mailjet)."]


@responses.activate
def test_brevo_sends_through_its_api(settings):
    values = config.email(env(BINOME_EMAIL_PROVIDER="brevo", BINOME_EMAIL_API_KEY="clé-de-test"), debug=False)
    settings.EMAIL_BACKEND, settings.ANYMAIL = values["EMAIL_BACKEND"], values["ANYMAIL"]
    responses.post("https://api.brevo.com/v3/smtp/email", json={"messageId": "<1@brevo>"}, status=201)
    mail.send_mail("Rappel : visite 2026-0042 demain", "Bonjour", "slime@example.org", ["conseiller@example.org"])
    sent = json.loads(responses.calls[0].request.body)
    assert responses.calls[0].request.headers["api-key"] == "clé-de-test"
    assert sent["subject"] == "Rappel : visite 2026-0042 demain" and sent["to"] == [
        {"email": "conseiller@example.org"}
    ]


def test_object_storage_needs_its_bucket_and_keys():
    assert config.private_storage(env()) is None
    e = env(BINOME_STORAGE="s3", BINOME_S3_BUCKET="binome-photos")
    config.private_storage(e)
    assert [p.split(" :")[0] for p in e.problems] == ["BINOME_S3_ACCESS_KEY", "BINOME_S3_SECRET_KEY"]
    storage = config.private_storage(
        env(
            BINOME_STORAGE="s3",
            BINOME_S3_BUCKET="b",
            BINOME_S3_ACCESS_KEY="a",
            BINOME_S3_SECRET_KEY="s",
            BINOME_S3_ENDPOINT_URL="https://s3.fr-par.scw.cloud",
            BINOME_S3_REGION="fr-par",
        )
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["location"] == "binome/private" and storage["OPTIONS"]["default_acl"] is None


def test_the_jobs_schedule_variable_is_checked():
    assert config.job_schedule(env(BINOME_JOBS_SCHEDULE="visit_reminders=0 17 * * 1-5; year_change=OFF")) == {
        "visit_reminders": "0 17 * * 1-5",
        "year_change": "off",
    }
    e = env(BINOME_JOBS_SCHEDULE="cleanup=tous les jours;digest")
    config.job_schedule(e)
    assert len(e.problems) == 2 and all(p.startswith("BINOME_JOBS_SCHEDULE : ") for p in e.problems)


def test_sentry_receives_nothing_about_households():
    e = env(SENTRY_DSN="pas une adresse")
    assert config.sentry(e) is None and e.problems[0].startswith("SENTRY_DSN : ")
    options = config.sentry(env(SENTRY_DSN="https://abc@sentry.example/3"))
    assert options["send_default_pii"] is False and options["include_local_variables"] is False
    assert options["max_request_body_size"] == "never"
    event = {
        "request": {
            "method": "POST",
            "url": "https://binome.example/dossiers/?q=Dupont",
            "data": {"nom": "Dupont"},
            "cookies": {"sessionid": "x"},
            "headers": {"Cookie": "x"},
        },
        "user": {"email": "a@b.fr"},
        "breadcrumbs": {"values": [{"category": "query", "message": "SELECT…", "data": {"db.params": ["Dupont"]}}]},
    }
    scrubbed = options["before_send"](event, {})
    assert scrubbed["request"] == {"method": "POST", "url": "https://binome.example/dossiers/"}
    assert "user" not in scrubbed and "data" not in scrubbed["breadcrumbs"]["values"][0]
    assert options["before_send"] is scrub_sentry_event


def test_json_log_lines():
    formatter = JsonFormatter()
    record = logging.LogRecord("binome.visits.tasks", logging.INFO, __file__, 1, "%s reminders sent", (3,), None)
    line = json.loads(formatter.format(record))
    assert (line["level"], line["logger"], line["message"]) == ("INFO", "binome.visits.tasks", "3 reminders sent")
    atoms = {"m": "GET", "U": "/dossiers/12/", "s": "200", "B": "5120", "M": "42", "h": "192.0.2.7", "q": "q=Dupont"}
    access = json.loads(formatter.format(logging.LogRecord("gunicorn.access", 20, __file__, 1, "%(h)s", None, None)))
    assert access["message"] == "%(h)s"  # without its atoms a record is written as is
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, '"%(m)s %(U)s"', (atoms,), None)
    access = json.loads(formatter.format(record))
    assert access == {**access, "method": "GET", "path": "/dossiers/12/", "status": 200, "duration_ms": 42}
    assert "192.0.2.7" not in json.dumps(access) and "Dupont" not in json.dumps(access)
    try:
        raise ValueError("détail")
    except ValueError:
        failed = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    assert json.loads(formatter.format(failed))["exception"] == "ValueError"


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "seen"),
    [
        ("127.0.0.1", "203.0.113.9", ["127.0.0.1"], "203.0.113.9"),  # Caddy on the same server
        ("127.0.0.1", "6.6.6.6, 203.0.113.9", ["127.0.0.1"], "203.0.113.9"),  # a forged first entry is ignored
        ("198.51.100.2", "203.0.113.9", ["127.0.0.1"], "198.51.100.2"),  # not from a proxy: the header is ignored
        ("10.0.0.5", "203.0.113.9, 10.0.0.4", ["10.0.0.0/8"], "203.0.113.9"),  # two proxies of the private network
        ("10.2.3.4", "6.6.6.6, 203.0.113.9", ["*"], "203.0.113.9"),  # a PaaS router
        ("127.0.0.1", "pas-une-adresse", ["127.0.0.1"], "127.0.0.1"),
    ],
)
def test_the_visitors_address_behind_a_proxy(remote, forwarded, trusted, seen):
    assert client_address(remote, forwarded, trusted) == seen


def test_the_middleware_rewrites_the_address_for_the_rate_limit(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    ClientAddressMiddleware(lambda r: None)(request)
    assert request.META["REMOTE_ADDR"] == "203.0.113.9"


def test_postgresql_connections_turn_jit_off_unless_asked():
    url = "postgres://u@127.0.0.1:5432/binome"
    assert config.database(env(DATABASE_URL=url), SQLITE)["OPTIONS"]["options"] == "-c jit=off"
    assert "options" not in config.database(env(DATABASE_URL=url, BINOME_PG_JIT="1"), SQLITE)["OPTIONS"]
    assert "options" not in config.database(env(), SQLITE)["OPTIONS"]


def test_the_test_database_connection_really_runs_without_jit(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
