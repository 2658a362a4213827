"""The programme administrator's view of the periodic jobs: each job's schedule, next and last run, and the
history of runs (read only: jobs are launched by the clock, or by hand with ``run_periodic``)."""

from django.contrib import admin
from django.db.models import Subquery
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from binome.accounts.admin import ListBoundsMixin
from binome.operations import runner
from binome.operations.jobs import JOBS
from binome.operations.models import JobRun, RunStatus


def job_overview(now=None) -> list[dict]:
    """Each job with its next slot, its last run and its last successful run: two queries whatever the number of
    jobs and runs (the latest runs' ids, one subquery per job and kind, then those runs)."""
    now = now or timezone.now()
    latest = {}
    for i, job in enumerate(JOBS.values()):
        runs = JobRun.objects.filter(job=job.name).order_by("-started_at", "-pk").values("pk")
        latest[f"last_{i}"] = Subquery(runs[:1])
        latest[f"success_{i}"] = Subquery(runs.filter(status=RunStatus.SUCCESS)[:1])
    ids = JobRun.objects.order_by().values(**latest).first() or {}  # no run at all: nothing to fetch
    runs = JobRun.objects.in_bulk([pk for pk in ids.values() if pk is not None]) if ids else {}
    return [
        {
            "job": job,
            "next": runner.next_slot(job, now),
            "last": runs.get(ids.get(f"last_{i}")),
            "last_success": runs.get(ids.get(f"success_{i}")),
        }
        for i, job in enumerate(JOBS.values())
    ]


@admin.register(JobRun)
class JobRunAdmin(ListBoundsMixin, admin.ModelAdmin):
    list_display = ["job_label", "started_at", "status", "duration", "trigger", "slot", "short_summary"]
    list_filter = ["job", "status", "trigger"]
    fields = ["job", "trigger", "slot", "status", "started_at", "finished_at", "host", "summary", "error"]
    readonly_fields = fields
    change_list_template = "admin/operations/jobrun/change_list.html"

    @admin.display(description=_("tâche"), ordering="job")
    def job_label(self, run):
        job = JOBS.get(run.job)
        return job.label if job else run.job

    @admin.display(description=_("compte rendu"))
    def short_summary(self, run):
        return Truncator(run.error or run.summary).chars(120)

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "jobs_overview": job_overview()})

    def has_module_permission(self, request):
        return admin.site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return admin.site.has_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
