"""Reading the environment for the settings: every problem named, in French, before the process starts.

``Env`` reads one variable at a time and never raises: a missing or malformed value is noted (with the variable's
name and what was expected) and the default is returned, so that one start lists every problem at once.
``Env.check()``, called at the end of the settings, raises ``ImproperlyConfigured`` with the whole list; ``python
-m binome`` and gunicorn's configuration print it without a traceback and stop (see ``report_and_exit``).

The messages are plain French strings: the settings are read before Django's translation machinery exists.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


TRUE = {"1", "true", "yes", "on", "oui"}
FALSE = {"0", "false", "no", "off", "non"}
HEADER = "Configuration invalide : corrigez les variables d'environnement suivantes, puis relancez."


class EnvironmentProblem(ImproperlyConfigured):
    """One or more environment variables are missing or malformed; the message lists them, in French."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join([HEADER, *(f"- {p}" for p in self.problems)]))


class Env:
    def __init__(self, environ: Mapping[str, str] | None = None):
        self.environ = os.environ if environ is None else environ
        self.problems: list[str] = []

    def raw(self, name: str) -> str | None:
        """The stripped value, or None when the variable is absent or empty."""
        value = self.environ.get(name)
        if value is None or not value.strip():
            return None
        return value.strip()

    def fail(self, name: str, message: str) -> None:
        self.problems.append(f"{name} : {message}")

    def str(self, name: str, default: str = "", *, required: str | None = None) -> str:
        """The value; ``required`` (the reason, in French) makes an absent value a problem."""
        value = self.raw(name)
        if value is None:
            if required:
                self.fail(name, f"variable obligatoire absente ({required}).")
            return default
        return value

    def bool(self, name: str, default: bool = False) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        if value.lower() in TRUE:
            return True
        if value.lower() in FALSE:
            return False
        self.fail(name, f"« {value} » n'est pas une valeur oui/non (attendu : 1 ou 0, true ou false).")
        return default

    def int(self, name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
        value = self.raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            self.fail(name, f"« {value} » n'est pas un nombre entier.")
            return default
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            bounds = f"entre {minimum} et {maximum}" if maximum is not None else f"au moins {minimum}"
            self.fail(name, f"{number} est hors limites (attendu : {bounds}).")
            return default
        return number

    def float(self, name: str, default: float, *, minimum: float = 0.0, maximum: float = 1.0) -> float:
        value = self.raw(name)
        if value is None:
            return default
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            self.fail(name, f"« {value} » n'est pas un nombre.")
            return default
        if not minimum <= number <= maximum:
            self.fail(name, f"{number} est hors limites (attendu : entre {minimum} et {maximum}).")
            return default
        return number

    def choice(self, name: str, default: str, choices: list[str] | tuple[str, ...]) -> str:
        value = self.raw(name)
        if value is None:
            return default
        if value.lower() not in choices:
            self.fail(name, f"« {value} » n'est pas une valeur reconnue (attendu : {', '.join(choices)}).")
            return default
        return value.lower()

    def list(self, name: str, default: str = "") -> list[str]:
        value = self.environ.get(name, default)
        return [item.strip() for item in value.split(",") if item.strip()]

    def url(self, name: str, default: str = "", *, schemes: tuple[str, ...], required: str | None = None) -> str:
        """An address with one of ``schemes`` and a host (``file``-like schemes excepted)."""
        value = self.str(name, default, required=required)
        if not value or value == default:
            return value
        parts = urlsplit(value)
        if parts.scheme not in schemes or (not parts.netloc and not parts.path):
            expected = " ou ".join(f"{scheme}://…" for scheme in schemes)
            self.fail(name, f"« {_hide_password(value)} » n'est pas une adresse valide (attendu : {expected}).")
            return default
        return value

    def check(self) -> None:
        if self.problems:
            raise EnvironmentProblem(self.problems)


def _hide_password(url: str) -> str:
    """The address with its password replaced, for a message that may end in a log."""
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


def report_and_exit(error: ImproperlyConfigured, stream=None) -> None:
    """Print the French list of problems (no traceback) and stop the process with status 2."""
    (stream or sys.stderr).write(f"{error}\n")
    raise SystemExit(2)
