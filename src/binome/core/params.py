"""One parsing layer for what a request carries: GET parameters, and form fields for numbers and dates.

A value that does not parse is *ignored* (the page shows as if the parameter were absent) or refused with a
French message (form fields): never a server error. The traps this module closes:

- ``str.isdigit()`` is true for ``"²"`` or ``"٣"`` and ``int()`` takes other scripts' digits, signs, spaces
  and underscores: only ASCII digits are integers here, and at most 18 of them (a database integer);
- a date at year 1 or 9999 passes ``date.fromisoformat`` and overflows as soon as a day is added or a time
  zone applied: dates are kept in a window (``FACTS``: 1900–2100 for facts such as a bill or an event;
  ``booking_window()``: two years around today for visits and absences).
"""

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


MAX_DIGITS = 18  # fits a 64-bit database integer
FACTS = (dt.date(1900, 1, 1), dt.date(2100, 12, 31))
BOOKING_YEARS = 2


def parse_int(value, low: int | None = None, high: int | None = None) -> int | None:
    """``value`` as an integer within [low, high] (ASCII digits, an optional leading minus), else None."""
    if not isinstance(value, str):
        return None
    digits = value[1:] if value.startswith("-") else value
    if not digits or len(digits) > MAX_DIGITS or not (digits.isascii() and digits.isdigit()):
        return None
    number = int(value)
    if (low is not None and number < low) or (high is not None and number > high):
        return None
    return number


def booking_window(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """Two years before and after today: where a visit or an absence may be recorded."""
    today = today or timezone.localdate()
    years = BOOKING_YEARS
    return _add_years(today, -years), _add_years(today, years)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def parse_date(value, window: tuple[dt.date, dt.date] = FACTS) -> dt.date | None:
    """An ISO date (AAAA-MM-JJ) within ``window``, else None."""
    if not isinstance(value, str) or len(value) != 10 or not value.isascii():
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return day if window[0] <= day <= window[1] else None


def parse_time(value) -> dt.time | None:
    """A time of day typed HH:MM (ASCII digits), else None."""
    if not isinstance(value, str) or len(value) != 5 or value[2] != ":":
        return None
    hour, minute = parse_int(value[:2], 0, 23), parse_int(value[3:], 0, 59)
    return None if hour is None or minute is None else dt.time(hour, minute)


def int_param(query: Mapping, name: str, default=None, *, low: int | None = None, high: int | None = None):
    """The GET (or POST) parameter ``name`` as an integer in [low, high], or ``default``."""
    number = parse_int(query.get(name), low, high)
    return default if number is None else number


def date_param(query: Mapping, name: str, default=None, *, window: tuple[dt.date, dt.date] = FACTS):
    """The parameter ``name`` as an ISO date within ``window``, or ``default``."""
    day = parse_date(query.get(name), window)
    return default if day is None else day


def time_param(query: Mapping, name: str, default=None):
    """The parameter ``name`` as a time of day (HH:MM), or ``default``."""
    time = parse_time(query.get(name))
    return default if time is None else time


def choice_param(query: Mapping, name: str, choices: Iterable[str], default=None):
    """The parameter ``name`` if it is one of ``choices``, or ``default``."""
    value = query.get(name)
    return value if isinstance(value, str) and value in set(choices) else default


# Form fields.


LOOKS_LIKE_A_DATE = re.compile(r"^\s*\d{1,2}[/.-]\d{1,2}[/.-](\d{2}|\d{4})\s*$")


class WindowDateField(forms.DateField):
    """A date within a window (``FACTS`` unless given; a callable is read at each validation, e.g.
    ``booking_window``), refused with a French message outside it."""

    def __init__(self, *, window=FACTS, **kwargs):
        self.window = window
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            # Typed as a date (31/02/2026) but no such day: say so, not "wrong format".
            if isinstance(value, str) and LOOKS_LIKE_A_DATE.match(value):
                raise ValidationError(
                    _("Le %(date)s n'existe pas : vérifiez le jour et le mois."),
                    code="nonexistent",
                    params={"date": value.strip()},
                ) from None
            raise

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        start, end = self.window() if callable(self.window) else self.window
        if not start <= value <= end:
            raise ValidationError(
                _("Saisissez une date entre le %(start)s et le %(end)s."),
                code="out_of_window",
                params={"start": date_format(start, "d/m/Y"), "end": date_format(end, "d/m/Y")},
            )


class BookingDateField(WindowDateField):
    """A day of a visit or an absence: two years around today."""

    def __init__(self, **kwargs):
        super().__init__(window=booking_window, **kwargs)


class StrictIntegerField(forms.IntegerField):
    """An integer typed in ASCII digits (``"²"`` or ``"١٢"`` are refused, not parsed), bounded by default to a
    database integer."""

    default_error_messages = {"invalid": _("Saisissez un nombre entier.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", -(2**63) + 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        number = parse_int(str(value).strip())
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number
