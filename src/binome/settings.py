"""Django settings for Binôme, read from the environment.

Every value that differs between a laptop demo, the test suite and production comes from an
environment variable; the defaults give the zero-setup demo (SQLite file under ``var/``).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP


BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("BINOME_DEBUG", False)
SECRET_KEY = os.environ.get("BINOME_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("BINOME_ALLOW_INSECURE_KEY"):
        raise RuntimeError("BINOME_SECRET_KEY must be set outside debug and demo runs.")
    SECRET_KEY = "insecure-demo-key-do-not-use-in-production"

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
    "binome.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "binome.accounts.middleware.ProgrammeMembershipMiddleware",
]

ROOT_URLCONF = "binome.urls"
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
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE),
        conn_max_age=int(os.environ.get("BINOME_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}

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

EMAIL_BACKEND = os.environ.get("BINOME_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("BINOME_FROM_EMAIL", "Binôme <ne-pas-repondre@binome.invalid>")
# Cache: shared by every worker through Redis when BINOME_REDIS_URL is set (the public form's rate limit
# counts there); otherwise each process keeps its own in memory, which is enough for the demo.
REDIS_URL = os.environ.get("BINOME_REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Address of the site, for the links in e-mails (notifications to referrers).
SITE_URL = os.environ.get("BINOME_SITE_URL", "http://127.0.0.1:8000")
# Public address of the site, for the links in e-mails sent by background tasks (no request at hand).
SITE_URL = os.environ.get("BINOME_SITE_URL", "http://127.0.0.1:8000")

# Reference data shipped beside the repository (communes of the Jura, DPE files, 3CL tables).
SHARED_DIR = Path(os.environ.get("BINOME_SHARED_DIR", REPO_DIR.parent / "shared"))
JURA_DATA_DIR = Path(os.environ.get("BINOME_JURA_DATA_DIR", SHARED_DIR / "data" / "jura"))

# Logs carry ids and actions, never a household's personal data (names, addresses, phones).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("BINOME_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

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
