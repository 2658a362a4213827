"""Standard crontab lines (``minute hour day month weekday``) as APScheduler triggers, weekdays as cron means them.

APScheduler 3 numbers the weekdays from Monday = 0, where cron says Sunday = 0 (and 7): its own
``CronTrigger.from_crontab("0 7 * * 1")`` fires on Tuesdays. ``trigger`` converts the weekday field first, so an
administrator's ``1-5`` is Monday to Friday, as in every crontab.
"""

from __future__ import annotations

from apscheduler.triggers.cron import CronTrigger


NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]


def _day(token: str) -> int:
    """A cron weekday (0-7, Sunday being 0 and 7, or a name) as 0-7."""
    token = token.lower()
    if token in NAMES:
        return NAMES.index(token)
    number = int(token)
    if not 0 <= number <= 7:
        raise ValueError(f"jour de semaine {number} hors de 0-7")
    return number


def weekdays(field: str) -> str:
    """The cron weekday field as the explicit list of APScheduler's day names: ``1-5`` → ``mon,tue,wed,thu,fri``.

    Every form of a crontab is expanded as cron does it (``*``, ``*/2``, ``5-7``, ``1-5/2``, ``mon-fri``,
    lists), then written by name, which APScheduler cannot misread."""
    days: set[int] = set()
    for part in field.split(","):
        base, _sep, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step < 1:
            raise ValueError(f"pas {step} invalide")
        if base == "*":
            start, end = 0, 6
        elif "-" in base:
            start, end = (_day(token) for token in base.split("-", 1))
        else:
            start = end = _day(base)
            end = 7 if step_text else end  # "1/2": from Monday, every other day
        if start > end:
            raise ValueError(f"« {part} » : intervalle à l'envers")
        days.update(day % 7 for day in range(start, end + 1, step))
    return ",".join(NAMES[day] for day in sorted(days))


def trigger(expr: str, timezone=None) -> CronTrigger:
    """Raise ValueError for a line that is not a valid crontab."""
    values = expr.split()
    if len(values) != 5:
        raise ValueError(f"{len(values)} champs au lieu de 5")
    minute, hour, day, month, weekday = values
    return CronTrigger(
        minute=minute, hour=hour, day=day, month=month, day_of_week=weekdays(weekday), timezone=timezone
    )
