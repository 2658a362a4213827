"""The periodic jobs of Binôme, declared in one place.

Each job has a name (for ``run_periodic --job``), a French label, a default schedule (crontab, Paris time; the
administrator may change it with ``BINOME_JOBS_SCHEDULE``), a grace period (how late a missed run is still made
when the clock comes back) and a function taking a ``Context`` and returning a French summary (counts and
references, never a household's data). Most jobs run the management command that the app owning the work
provides, so the same work can also be launched by hand; every command is idempotent (a visit is reminded once,
a digest sent once a week, a dossier's follow-ups planned once), and ``runner`` adds a lock per job.

The retention of personal data (``apply_retention``, ``binome.privacy``) runs every night: a dossier whose last
contact is older than its programme's retention period is anonymised (docs/privacy.md).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy


@dataclass(frozen=True)
class Context:
    now: dt.datetime
    slot: dt.datetime | None  # the scheduled time this run is for; None when launched by hand
    dry_run: bool = False

    @property
    def day(self) -> dt.date:
        """The local day the run is for (the slot's, or today's)."""
        return timezone.localdate(self.slot or self.now)


@dataclass(frozen=True)
class Job:
    name: str
    label: str
    cron: str
    grace: dt.timedelta
    run: Callable[[Context], str]

    @property
    def schedule(self) -> str:
        """The crontab in force (``BINOME_JOBS_SCHEDULE`` may change it), or ``"off"``."""
        return getattr(settings, "JOBS_SCHEDULE", {}).get(self.name, self.cron)

    @property
    def enabled(self) -> bool:
        return self.schedule != "off"


def command(name: str, *args, ctx: Context) -> str:
    """Run a management command and return what it printed; in a dry run, say what would run."""
    if ctx.dry_run:
        if _supports_dry_run(name):
            return _call(name, *args, "--dry-run")
        return _("Simulation : lancerait « python -m binome %(cmd)s ».") % {"cmd": " ".join([name, *args])}
    return _call(name, *args)


def _call(name: str, *args) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=out)
    return out.getvalue().strip()


def _supports_dry_run(name: str) -> bool:
    parser = load_command_class(get_commands()[name], name).create_parser("binome", name)
    return any("--dry-run" in action.option_strings for action in parser._actions)


def visit_reminders(ctx: Context) -> str:
    """E-mail the visitors their visits of the next day (the task marks each visit reminded once)."""
    tomorrow = ctx.day + dt.timedelta(days=1)
    return command("send_visit_reminders", "--date", tomorrow.isoformat(), ctx=ctx)


def year_change(ctx: Context) -> str:
    """On 1 January, resume in every programme the waiting requests the new year's coverage opens."""
    from binome.territory.models import Programme

    lines = []
    for slug in Programme.objects.order_by("slug").values_list("slug", flat=True):
        try:
            lines.append(f"{slug} : " + command("year_change", slug, "--annee", str(ctx.day.year), ctx=ctx))
        except CommandError as exc:  # a programme without an active coordinator: said, the others go on
            lines.append(f"{slug} : {exc}")
    return "\n".join(lines) or _("Aucun programme.")


def follow_ups(ctx: Context) -> str:
    """Plan the follow-up calls of the dossiers whose report was sent and which have none yet (catch-up)."""
    return command("plan_follow_ups", ctx=ctx)


def orientation_digest(ctx: Context) -> str:
    """The weekly digest of stale orientations and follow-up calls due, to each programme's coordinators."""
    return command("send_orientation_digest", ctx=ctx)


def retention(ctx: Context) -> str:
    """Anonymise the dossiers whose last contact is older than their programme's retention period."""
    return command("apply_retention", ctx=ctx)


def cleanup(ctx: Context) -> str:
    """Expired sessions and cache entries, finished tasks and job runs past their keeping time; then the day's
    priority scores of the queue (``coordination.kept_priority``)."""
    from binome.operations import housekeeping

    return housekeeping.clean(ctx.now, dry_run=ctx.dry_run)


JOBS: dict[str, Job] = {
    job.name: job
    for job in [
        Job(
            "visit_reminders",
            gettext_lazy("Rappels des visites du lendemain"),
            "0 16 * * *",
            dt.timedelta(hours=6),
            visit_reminders,
        ),
        Job(
            "follow_ups",
            gettext_lazy("Planification des appels de suivi"),
            "30 5 * * *",
            dt.timedelta(hours=18),
            follow_ups,
        ),
        Job(
            "orientation_digest",
            gettext_lazy("Récapitulatif hebdomadaire des orientations"),
            "0 7 * * 1",
            dt.timedelta(hours=30),
            orientation_digest,
        ),
        Job(
            "year_change",
            gettext_lazy("Changement d'année de la couverture"),
            "0 6 1 1 *",
            dt.timedelta(days=7),
            year_change,
        ),
        Job(
            "retention",
            gettext_lazy("Anonymisation des dossiers au-delà de la durée de conservation"),
            "0 3 * * *",
            dt.timedelta(hours=20),
            retention,
        ),
        Job(
            "cleanup",
            gettext_lazy("Nettoyage (sessions, cache, tâches et exécutions anciennes)"),
            "30 3 * * *",
            dt.timedelta(hours=20),
            cleanup,
        ),
    ]
}


def unknown_names(names) -> list[str]:
    return sorted(set(names) - set(JOBS))
