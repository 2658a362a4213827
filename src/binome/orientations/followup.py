"""Follow-up scheduling and reminders, as plain functions of dates (no Django import).

After the compte-rendu is sent, the household is called back at the programme's delays (3 and 12 months by
default), with a short questionnaire mirroring the national evaluation. A call that does not get through counts
as an attempt; after the programme's number of attempts the follow-up ends "unreachable", which is an answer
too. An orientation that has not moved for the programme's number of weeks is "stale": it appears in the
coordinator's follow-up tab and in the weekly digest.
"""

import calendar
import datetime as dt
from dataclasses import dataclass


MAX_DELAY_MONTHS = 36
DEFAULT_DELAYS = (3, 12)


def parse_delays(text: str) -> tuple[int, ...]:
    """ "3, 12" → (3, 12); raises ValueError with a French message when the text is not increasing months."""
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    if not parts:
        raise ValueError("Indiquez au moins un délai, en mois (par exemple « 3, 12 »).")
    try:
        delays = tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(
            "Les délais sont des nombres entiers de mois séparés par des virgules (ex. « 3, 12 »)."
        ) from None
    if any(not 1 <= d <= MAX_DELAY_MONTHS for d in delays):
        raise ValueError(f"Chaque délai est compris entre 1 et {MAX_DELAY_MONTHS} mois.")
    if list(delays) != sorted(set(delays)):
        raise ValueError("Les délais vont croissant, sans doublon (ex. « 3, 12 »).")
    return delays


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it has no such day (31 → 30, 29/02 → 28/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Planned:
    rank: int  # 1 for the first call, 2 for the second…
    months: int
    due_on: dt.date


def plan(report_day: dt.date, delays: tuple[int, ...]) -> list[Planned]:
    """The follow-up calls of a household whose compte-rendu was sent on ``report_day``."""
    return [Planned(rank, months, add_months(report_day, months)) for rank, months in enumerate(delays, 1)]


def contact_date_error(contact_day: dt.date, report_day: dt.date | None, today: dt.date) -> str | None:
    """Why a follow-up contact cannot bear this date, or None."""
    if contact_day > today:
        return "La date de l'appel ne peut pas être dans le futur."
    if report_day is not None and contact_day < report_day:
        return (
            "L'appel de suivi ne peut pas précéder l'envoi du compte-rendu "
            f"(le {report_day:%d/%m/%Y}) : vérifiez la date."
        )
    return None


def unreachable_after(attempts: int, max_attempts: int) -> bool:
    """Whether ``attempts`` failed calls end the follow-up as "unreachable"."""
    return attempts >= max_attempts


def stale_since(now: dt.datetime, weeks: int) -> dt.datetime:
    """An open orientation whose last move is older than this has not moved for ``weeks`` weeks."""
    return now - dt.timedelta(weeks=weeks)


def is_stale(last_move: dt.datetime, now: dt.datetime, weeks: int) -> bool:
    return last_move < stale_since(now, weeks)


def week_of(day: dt.date) -> str:
    """The ISO week of a day, "2026-W48": the key that makes the weekly digest idempotent."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class VisitValues:
    """What the household said at the visit, as the follow-up questions ask it again (None: not recorded)."""

    cold: bool | None
    restriction: bool | None
    arrears: bool | None


def _positive(value) -> bool:
    try:
        return float(str(value).replace(",", ".")) > 0
    except ValueError:
        return False


def visit_values(sections: dict) -> VisitValues:
    """From the diagnosis sections' JSON (``comfort``, ``charges``): cold last winter, restriction behaviours, energy
    or water arrears (a debt, a power reduction or a cut)."""
    comfort, charges = sections.get("comfort"), sections.get("charges")
    cold = restriction = arrears = None
    if comfort:
        answer = comfort.get("cold_last_winter")
        cold = {"yes": True, "no": False}.get(answer)
        restriction = bool(comfort.get("restrictions"))
    if charges:
        debts = any(_positive(charges.get(key)) for key in ("energy_debt", "water_debt") if charges.get(key))
        arrears = debts or charges.get("power_limitation") in {"reduction", "cut"}
    return VisitValues(cold, restriction, arrears)
