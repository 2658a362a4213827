"""The production parts of the settings, built from the environment: database, cache, e-mail, files, logs, Sentry.

Each function takes an ``Env`` (``core.env``), notes every missing or malformed variable there, and returns plain
setting values; ``settings.py`` assigns them. Tests call them with a dictionary for an environment.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from binome.core.env import Env
from binome.core.logs import scrub_sentry_event


DATABASE_VARIABLES = ("DATABASE_URL", "POSTGRESQL_ADDON_URI", "SCALINGO_POSTGRESQL_URL")
CACHE_TABLE = "binome_cache"
EMAIL_PROVIDERS = {
    "brevo": "anymail.backends.brevo.EmailBackend",
    "mailjet": "anymail.backends.mailjet.EmailBackend",
}
LOG_LEVELS = ("debug", "info", "warning", "error", "critical")


def database(env: Env, default_url: str) -> dict:
    """``DATABASE_URL``, or the variable a French PaaS's PostgreSQL add-on sets (Clever Cloud, Scalingo)."""
    name = next((n for n in DATABASE_VARIABLES if env.raw(n)), "DATABASE_URL")
    url = env.raw(name) or default_url
    max_age = env.int("BINOME_CONN_MAX_AGE", 60, minimum=0)
    try:
        config = dj_database_url.parse(url, conn_max_age=max_age, conn_health_checks=True)
    except (ValueError, KeyError) as exc:
        env.fail(
            name,
            f"adresse de base de données illisible ({type(exc).__name__}) ; attendu postgres://utilisateur@hôte:5432/base.",
        )
        config = dj_database_url.parse(default_url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # A request that waits more than this for the database is answered by the 500 page rather than piling up.
        timeout = env.int("BINOME_DB_CONNECT_TIMEOUT", 5, minimum=1, maximum=60)
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", timeout)
        # PostgreSQL's JIT compiles the plans it estimates costly: 40 ms spent compiling for a query that runs in
        # 0.4 ms on the network's mobilisation list (docs/performance.md). Off unless BINOME_PG_JIT=1.
        if not env.bool("BINOME_PG_JIT", False):
            config["OPTIONS"].setdefault("options", "-c jit=off")
    return config


def cache(env: Env) -> dict:
    """One cache shared by every process (rate limits): Redis when given, else a table of the database."""
    redis_url = env.url("BINOME_REDIS_URL", schemes=("redis", "rediss", "unix"))
    kind = env.choice("BINOME_CACHE", "redis" if redis_url else "database", ("redis", "database", "memory"))
    if kind == "redis":
        if not redis_url:
            env.fail("BINOME_REDIS_URL", "variable obligatoire absente (BINOME_CACHE=redis).")
            return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        # Short timeouts: a Redis outage must not hold the pages (the rate limit then lets the form through).
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    if kind == "database":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


def email(env: Env, debug: bool) -> dict:
    """SMTP by default (the console in debug), or a transactional provider through django-anymail."""
    values = {
        "DEFAULT_FROM_EMAIL": env.str("BINOME_FROM_EMAIL", "Binôme <ne-pas-repondre@binome.invalid>"),
        "EMAIL_TIMEOUT": env.int("BINOME_EMAIL_TIMEOUT", 20, minimum=1, maximum=300),
    }
    values["SERVER_EMAIL"] = values["DEFAULT_FROM_EMAIL"]
    backend = env.str("BINOME_EMAIL_BACKEND")
    provider = env.choice(
        "BINOME_EMAIL_PROVIDER", "console" if debug else "smtp", ("smtp", "console", *EMAIL_PROVIDERS)
    )
    if backend:  # a dotted path, for the cases the providers above do not cover (tests, a file backend…)
        values["EMAIL_BACKEND"] = backend
    elif provider == "console":
        values["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"
    elif provider == "smtp":
        values["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
    else:
        values["EMAIL_BACKEND"] = EMAIL_PROVIDERS[provider]
        values["ANYMAIL"] = _anymail(env, provider)
    values.update(
        EMAIL_HOST=env.str("BINOME_EMAIL_HOST", "localhost"),
        EMAIL_PORT=env.int("BINOME_EMAIL_PORT", 25, minimum=1, maximum=65535),
        EMAIL_HOST_USER=env.str("BINOME_EMAIL_USER"),
        EMAIL_HOST_PASSWORD=env.str("BINOME_EMAIL_PASSWORD"),
        EMAIL_USE_TLS=env.bool("BINOME_EMAIL_TLS", False),
        EMAIL_USE_SSL=env.bool("BINOME_EMAIL_SSL", False),
    )
    if values["EMAIL_USE_TLS"] and values["EMAIL_USE_SSL"]:
        env.fail("BINOME_EMAIL_SSL", "BINOME_EMAIL_TLS et BINOME_EMAIL_SSL s'excluent : choisissez l'un des deux.")
    return values


def _anymail(env: Env, provider: str) -> dict:
    reason = f"BINOME_EMAIL_PROVIDER={provider}"
    key = env.str("BINOME_EMAIL_API_KEY", required=reason)
    if provider == "mailjet":
        return {"MAILJET_API_KEY": key, "MAILJET_SECRET_KEY": env.str("BINOME_EMAIL_API_SECRET", required=reason)}
    return {"BREVO_API_KEY": key}


def private_storage(env: Env) -> dict | None:
    """Photos and sent documents on S3-compatible object storage (``BINOME_STORAGE=s3``), else None (disk)."""
    if env.choice("BINOME_STORAGE", "filesystem", ("filesystem", "s3")) != "s3":
        return None
    reason = "BINOME_STORAGE=s3"
    options = {
        "bucket_name": env.str("BINOME_S3_BUCKET", required=reason),
        "access_key": env.str("BINOME_S3_ACCESS_KEY", required=reason),
        "secret_key": env.str("BINOME_S3_SECRET_KEY", required=reason),
        "endpoint_url": env.url("BINOME_S3_ENDPOINT_URL", schemes=("https", "http")) or None,
        "region_name": env.str("BINOME_S3_REGION") or None,
        "location": env.str("BINOME_S3_PREFIX", "binome").strip("/") + "/private",
        # Private files: no public ACL, never overwritten, links (unused: files go through views) signed.
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
        "signature_version": "s3v4",
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def logging(env: Env) -> dict:
    """Plain lines, or one JSON object per line (``BINOME_LOG_FORMAT=json``) for a log collector."""
    kind = env.choice("BINOME_LOG_FORMAT", "plain", ("plain", "json"))
    level = env.choice("BINOME_LOG_LEVEL", "info", LOG_LEVELS).upper()
    formatters = {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "binome.core.logs.JsonFormatter"},
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": formatters,
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": kind}},
        "root": {"handlers": ["console"], "level": level},
        # APScheduler says "running job…" every minute: the clock logs its own lines (job, outcome) instead.
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "apscheduler": {"level": "WARNING"},
            # WeasyPrint and fontTools log every layout step at INFO: noise beside the application's own lines.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }


def sentry(env: Env) -> dict | None:
    """Options for ``sentry_sdk.init`` when ``SENTRY_DSN`` is set, or None.

    Nothing about households leaves: no user, cookies, request body, query string or local variables.
    """
    dsn = env.raw("SENTRY_DSN")
    if not dsn:
        return None
    from sentry_sdk.utils import BadDsn, Dsn

    try:
        Dsn(dsn)
    except BadDsn:
        env.fail("SENTRY_DSN", "adresse Sentry illisible (attendu : https://clé@hôte/numéro-de-projet).")
        return None
    return {
        "dsn": dsn,
        "environment": env.str("SENTRY_ENVIRONMENT", "production"),
        "release": env.str("SENTRY_RELEASE") or None,
        "traces_sample_rate": env.float("SENTRY_TRACES_SAMPLE_RATE", 0.0),
        "send_default_pii": False,
        "include_local_variables": False,
        "max_request_body_size": "never",
        "before_send": scrub_sentry_event,
    }


def folder(env: Env, name: str, default: Path) -> Path:
    return Path(env.str(name) or default)


def job_schedule(env: Env) -> dict[str, str]:
    """``BINOME_JOBS_SCHEDULE="visit_reminders=0 17 * * *;cleanup=off"`` → {name: crontab or "off"}.

    The crontab (minute hour day month weekday, Paris time) is checked here; the job names by the clock and
    ``run_periodic``, which know the registry.
    """
    text = env.raw("BINOME_JOBS_SCHEDULE")
    if not text:
        return {}
    from binome.core import crontab

    schedule = {}
    for item in filter(None, (part.strip() for part in text.split(";"))):
        name, sep, cron = (piece.strip() for piece in item.partition("="))
        if not sep or not name or not cron:
            env.fail(
                "BINOME_JOBS_SCHEDULE", f"« {item} » : attendu nom=minute heure jour mois jour-de-semaine, ou nom=off."
            )
            continue
        if cron.lower() != "off":
            try:
                crontab.trigger(cron)
            except ValueError:
                env.fail(
                    "BINOME_JOBS_SCHEDULE", f"« {cron} » (tâche {name}) n'est pas une planification crontab valide."
                )
                continue
        schedule[name] = cron.lower() if cron.lower() == "off" else cron
    return schedule


def trusted_proxies(env: Env) -> list[str]:
    """Addresses or networks (CIDR) of the reverse proxies in front of the app, or ``*`` for the PaaS router."""
    import ipaddress

    proxies = env.list("BINOME_TRUSTED_PROXIES", "127.0.0.1,::1")
    for item in proxies:
        if item == "*":
            continue
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            env.fail(
                "BINOME_TRUSTED_PROXIES", f"« {item} » n'est ni une adresse IP ni un réseau (ex. 10.0.0.0/8), ni *."
            )
    return proxies
