"""``python -m binome check`` (and every command that runs the checks) refuses an unknown job name in
``BINOME_JOBS_SCHEDULE``: a typo would otherwise leave a job on its default hour without a word."""

from django.conf import settings
from django.core import checks


def jobs_schedule(app_configs, **kwargs):
    from binome.operations.jobs import JOBS, unknown_names

    unknown = unknown_names(getattr(settings, "JOBS_SCHEDULE", {}))
    if not unknown:
        return []
    return [
        checks.Error(
            f"BINOME_JOBS_SCHEDULE : tâche(s) inconnue(s) {', '.join(unknown)} (tâches : {', '.join(JOBS)}).",
            id="binome.operations.E001",
        )
    ]


def register():
    checks.register(jobs_schedule)
