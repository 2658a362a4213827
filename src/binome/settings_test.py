"""Settings for the test suite: PostgreSQL as in production, fast hashing, mail kept in memory."""

import os


os.environ.setdefault("BINOME_ALLOW_INSECURE_KEY", "1")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/binome")
os.environ.setdefault("BINOME_PLAIN_STATIC", "1")
os.environ.setdefault("BINOME_SECURE_COOKIES", "0")
os.environ.setdefault("BINOME_TASKS_IMMEDIATE", "1")
os.environ.setdefault("BINOME_CACHE", "memory")  # one process; production shares a database table or Redis
# accounts: the suite logs in with force_login over HTTP; tests/accounts turn the second factor on where it is tested.
os.environ.setdefault("BINOME_OTP_REQUIRED", "0")
os.environ.setdefault("BINOME_SSL_REDIRECT", "0")
os.environ.setdefault("BINOME_HSTS_SECONDS", "0")

from binome.settings import *  # noqa: E402, F403


PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# In production each request is one transaction (operations); inside a test's transaction it would add two SAVEPOINT
# queries to every request and to the query budgets. tests/core/test_errors.py turns it on where it is the subject.
DATABASES["default"]["ATOMIC_REQUESTS"] = False  # noqa: F405
