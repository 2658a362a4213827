"""Django settings for Binôme, read from the environment.

Every value that differs between a laptop demo, the test suite and production comes from an
environment variable; the defaults give the zero-setup demo (SQLite file under ``var/``).
"""

import datetime as dt
import os
from pathlib import Path

from django.utils.csp import CSP

# --- operations: the environment is read through Env, which lists every bad variable in French at start ---
from binome.core import config as ops_config
from binome.core.env import Env


BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent


ENV = Env()  # ENV.check() at the end of this file stops the start on any missing or malformed variable


def env_bool(name: str, default: bool = False) -> bool:
    return ENV.bool(name, default)


def env_list(name: str, default: str = "") -> list[str]:
    return ENV.list(name, default)


# --- end operations ---


DEBUG = env_bool("BINOME_DEBUG", False)
SECRET_KEY = (
    ENV.str(
        "BINOME_SECRET_KEY",
        required=None if DEBUG or env_bool("BINOME_ALLOW_INSECURE_KEY") else "hors démonstration et débogage",
    )
    or "insecure-demo-key-do-not-use-in-production"
)

ALLOWED_HOSTS = env_list("BINOME_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("BINOME_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "auditlog",  # the trail of changes (field-level old → new values and actor), see docs/privacy.md
    "binome.core",
    "binome.accounts",
    "binome.territory",
    "binome.network",
    "binome.cases",
    "binome.visits",
    "binome.diagnosis",
    "binome.reports",
    "binome.orientations",
    "binome.coordination",
    "binome.privacy",  # audit trail page, retention, data-subject rights (docs/privacy.md)
    "binome.steering",  # bilan, dashboard, map, exports, historical import
    "binome.operations",  # periodic jobs, clock, backups (operations)
    "binome.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "binome.core.middleware.NoStoreMiddleware",  # no-store unless the view chose: pages show household data
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "binome.core.middleware.SanitiseInputMiddleware",  # control characters out of GET, POST and cookies
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "auditlog.middleware.AuditlogMiddleware",  # the actor of every change in the trail
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "binome.accounts.middleware.ProgrammeMembershipMiddleware",
    "binome.core.audit.AuditContextMiddleware",  # the programme a change is filed under
]

# The audit trail (django-auditlog): no address of the agents kept (ids and times suffice, docs/privacy.md).
AUDITLOG_DISABLE_REMOTE_ADDR = True

ROOT_URLCONF = "binome.urls"
# Django's widget and form templates through Jinja2 (a widget ~3x faster), the admin's through Django templates.
FORM_RENDERER = "binome.core.renderers.FormRenderer"
WSGI_APPLICATION = "binome.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "binome.accounts.context_processors.membership",
            ],
        },
    },
]

# SQLite file for the demo; production and the test suite use PostgreSQL through DATABASE_URL.
DEFAULT_SQLITE = f"sqlite:///{REPO_DIR / 'var' / 'binome.sqlite3'}"
# DATABASE_URL (or the PaaS add-on's variable); SQLite gets WAL, PostgreSQL a connection timeout (core/config.py).
DATABASES = {"default": ops_config.database(ENV, DEFAULT_SQLITE)}
# One transaction per request: a request interrupted by an error (the database going away) writes nothing.
DATABASES["default"]["ATOMIC_REQUESTS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = env_list("BINOME_PASSWORD_HASHERS") or [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("BINOME_STATIC_ROOT", REPO_DIR / "var" / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("BINOME_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("BINOME_MEDIA_ROOT", REPO_DIR / "var" / "media"))
# Visit photos: outside the web root, served only through permission-checked views.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("BINOME_PRIVATE_MEDIA_ROOT", REPO_DIR / "var" / "private"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10  # one working day
SESSION_COOKIE_SECURE = env_bool("BINOME_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
}

# E-mail: SMTP (BINOME_EMAIL_HOST…, a local relay by default), the console in debug, or Brevo / Mailjet through
# django-anymail (BINOME_EMAIL_PROVIDER); sets EMAIL_BACKEND, DEFAULT_FROM_EMAIL, EMAIL_HOST… (core/config.py).
globals().update(ops_config.email(ENV, DEBUG))
# Cache, shared by every process and server (the public form's rate limit counts there): Redis when
# BINOME_REDIS_URL is set, otherwise a table of the database (created by a migration); never per process.
CACHES = {"default": ops_config.cache(ENV)}
REDIS_URL = ENV.str("BINOME_REDIS_URL")

# Public address of the site, for the links in e-mails (referrers' milestones, reminders: no request at hand).
SITE_URL = ENV.url("BINOME_SITE_URL", "http://127.0.0.1:8000", schemes=("https", "http"))

# Reference data shipped beside the repository (communes of the Jura, DPE files, 3CL tables).
SHARED_DIR = Path(os.environ.get("BINOME_SHARED_DIR", REPO_DIR.parent / "shared"))
JURA_DATA_DIR = Path(os.environ.get("BINOME_JURA_DATA_DIR", SHARED_DIR / "data" / "jura"))

# Logs carry ids and actions, never a household's personal data (names, addresses, phones); one JSON object
# per line with BINOME_LOG_FORMAT=json.
LOGGING = ops_config.logging(ENV)

# Background work (reminders, notifications, PDFs): Django's tasks API, stored in the database and run
# by `python -m binome db_worker`. BINOME_TASKS_IMMEDIATE=1 runs them inline (tests, demo without worker).
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if env_bool("BINOME_TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# --- accounts (issue 15): login throttling (django-axes), two-factor login (django-otp), invitations, HTTPS ---
INSTALLED_APPS += [
    "binome.accounts.login_attempts.LoginAttemptsConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
# django-otp's middleware puts user.is_verified() on the request, after Django's authentication.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
# Case roles must have passed the second factor (accounts/otp.py); after the roles are on the request.
MIDDLEWARE.insert(
    MIDDLEWARE.index("binome.accounts.middleware.ProgrammeMembershipMiddleware") + 1,
    "binome.accounts.middleware.OTPRequiredMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # the French lockout page (AXES_LOCKOUT_TEMPLATE), last
AUTHENTICATION_BACKENDS.insert(0, "axes.backends.AxesStandaloneBackend")  # refuses a locked account or address
AXES_FAILURE_LIMIT = ENV.int("BINOME_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(minutes=ENV.int("BINOME_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # per account and, separately, per address
AXES_USERNAME_FORM_FIELD = "username"  # the e-mail field of EmailAuthenticationForm
AXES_USERNAME_CALLABLE = "binome.accounts.lockout.username"  # lower-cased, as the login form does
AXES_CLIENT_STR_CALLABLE = "binome.accounts.lockout.client_str"  # logs name the user id, never an e-mail or address
AXES_VERBOSE = False
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # failures only: no table of every successful login with its address
AXES_ENABLE_ADMIN = False  # the lockouts' admin is accounts.admin.LockoutAdmin, sealed to the programme
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_LOCKOUT_CALLABLE = "binome.accounts.lockout.response"  # the page above, with the cool-off in minutes
AXES_HTTP_RESPONSE_CODE = 429
# Two-factor login: required for the roles that read household data (accounts/otp.py); off in settings_test.
OTP_REQUIRED = ENV.bool("BINOME_OTP_REQUIRED", True)
OTP_TOTP_ISSUER = ENV.str("BINOME_OTP_ISSUER", "Binôme")
OTP_RECOVERY_CODES = 10
# Invitations: the one-time link to set one's password is valid this many days (password resets: one hour).
INVITATION_TIMEOUT = ENV.int("BINOME_INVITATION_DAYS", 7, minimum=1, maximum=30) * 24 * 3600
PASSWORD_RESET_TIMEOUT = 3600
# HTTPS: HSTS, the redirect from HTTP and secure cookies are on unless debug (docs/deploy.md lists the production
# environment); behind the reverse proxy the scheme comes from X-Forwarded-Proto, believed from a trusted proxy only
# (core/proxy.py removes it otherwise).
SECURE_HSTS_SECONDS = ENV.int("BINOME_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = ENV.bool("BINOME_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = ENV.bool("BINOME_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = ENV.bool("BINOME_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]  # the health check is asked over HTTP on the server itself
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if ENV.bool("BINOME_PROXY_SSL_HEADER", True) else None
# --- end accounts ---

# --- operations (issue 16): processes, scheduler, errors, files, proxies. Keep ENV.check() the last line. ---
# Photos and sent documents on S3-compatible object storage (BINOME_STORAGE=s3), for several servers.
PRIVATE_STORAGE = ops_config.private_storage(ENV)
if PRIVATE_STORAGE:
    STORAGES["private"] = PRIVATE_STORAGE
# /favicon.ico and other files served at the root of the site by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "public"
# Behind a reverse proxy, the household's address (public form's rate limit) comes from X-Forwarded-For, read
# only when the request comes from one of these proxies ("*": any, when the app is reachable only through it).
TRUSTED_PROXIES = ops_config.trusted_proxies(ENV)
MIDDLEWARE.insert(0, "binome.core.errors.ErrorPagesMiddleware")  # French 404/500 pages in debug (the demo) too
MIDDLEWARE.insert(1, "binome.core.proxy.ClientAddressMiddleware")
# /sante/: outside the demo and the tests (tasks run inline), the worker and the clock are expected to run.
HEALTH_EXPECTS_BACKGROUND = TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
HEALTH_QUEUE_MAX_AGE = ENV.int("BINOME_HEALTH_QUEUE_MAX_AGE", 600, minimum=30)  # seconds
HEALTH_CLOCK_MAX_AGE = ENV.int("BINOME_HEALTH_CLOCK_MAX_AGE", 300, minimum=60)  # seconds
# Periodic jobs (binome.operations.jobs): "name=crontab;name=off" changes their hour or turns one off.
JOBS_SCHEDULE = ops_config.job_schedule(ENV)
BACKUP_DIR = ops_config.folder(ENV, "BINOME_BACKUP_DIR", REPO_DIR / "var" / "backups")
BACKUP_KEEP = ENV.int("BINOME_BACKUP_KEEP", 14, minimum=1)
SENTRY = ops_config.sentry(ENV)
if SENTRY:
    import sentry_sdk

    sentry_sdk.init(**SENTRY)
ENV.check()  # every missing or malformed variable, in French, before anything starts
# --- end operations ---
