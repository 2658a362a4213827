"""Gunicorn's configuration for the ``web`` process, read from the environment.

Used by the Procfile and ``deploy/binome-web.service``: ``gunicorn -c python:binome.operations.gunicorn_conf
binome.wsgi``. The settings are loaded here first, so that a missing or malformed variable stops gunicorn at once
with the French list of problems (and not after forking workers that fail one by one).

| variable | default | meaning |
| --- | --- | --- |
| ``PORT`` | — | set by a PaaS: listen on 0.0.0.0:PORT |
| ``BINOME_WEB_BIND`` | ``127.0.0.1:8000`` (or ``0.0.0.0:$PORT``) | address to listen on, behind the reverse proxy |
| ``BINOME_WEB_WORKERS`` / ``WEB_CONCURRENCY`` | 2 × CPUs + 1, at most 8 | worker processes |
| ``BINOME_WEB_THREADS`` | 1 | threads per worker (more than 1: gthread workers) |
| ``BINOME_WEB_TIMEOUT`` | 60 | seconds before a stuck request's worker is restarted |
"""

import os

from django.core.exceptions import ImproperlyConfigured

from binome.core.env import Env, report_and_exit


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binome.settings")
try:
    from django.conf import settings

    TRUSTED_PROXIES = settings.TRUSTED_PROXIES
    LOG_FORMAT = "json" if settings.LOGGING["handlers"]["console"]["formatter"] == "json" else "plain"
except ImproperlyConfigured as error:
    report_and_exit(error)

env = Env()
_port = env.int("PORT", 8000, minimum=1, maximum=65535)
bind = env.str("BINOME_WEB_BIND") or (f"0.0.0.0:{_port}" if env.raw("PORT") else "127.0.0.1:8000")
_default_workers = min(2 * (os.cpu_count() or 1) + 1, 8)
workers = env.int(
    "BINOME_WEB_WORKERS", env.int("WEB_CONCURRENCY", _default_workers, minimum=1, maximum=64), minimum=1, maximum=64
)
threads = env.int("BINOME_WEB_THREADS", 1, minimum=1, maximum=32)
worker_class = "gthread" if threads > 1 else "sync"
timeout = env.int("BINOME_WEB_TIMEOUT", 60, minimum=5, maximum=600)
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (a slow memory leak cannot grow for ever).
max_requests = 2000
max_requests_jitter = 200
# X-Forwarded-Proto (https) is believed from the same proxies as X-Forwarded-For (BINOME_TRUSTED_PROXIES).
forwarded_allow_ips = ",".join(TRUSTED_PROXIES)
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"  # the workers' heartbeat files off a possibly slow disk (containers)
control_socket_disable = True  # no runtime control socket (gunicorn 27): systemd and the PaaS manage the process
accesslog = "-"
errorlog = "-"
# No client address, no query string (a search may hold a name), no user agent: method, path, status, size, time.
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
if LOG_FORMAT == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "binome.core.logs.JsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}},
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }


def post_worker_init(worker):
    """Each worker, once it has loaded the application: its long-lived objects kept out of the garbage collector's
    full collections (``core.warmup``)."""
    from binome.core.warmup import settle

    settle()


try:
    env.check()
except ImproperlyConfigured as error:
    report_and_exit(error)
