"""What the clock did: one row per run of a periodic job, and the clock's last sign of life."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    RUNNING = "running", _("en cours")
    SUCCESS = "success", _("réussie")
    FAILED = "failed", _("en échec")


class Trigger(models.TextChoices):
    SCHEDULE = "schedule", _("planification")
    MANUAL = "manual", _("à la main")


class JobRun(models.Model):
    """One run of a periodic job (``operations.jobs``). ``slot`` is the scheduled time it ran for (empty when
    launched by hand): a slot that has a finished run is not run again, by this clock or a second one."""

    job = models.CharField(_("tâche"), max_length=50)
    slot = models.DateTimeField(_("échéance"), null=True, blank=True)
    trigger = models.CharField(_("déclenchement"), max_length=10, choices=Trigger.choices)
    status = models.CharField(_("résultat"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    started_at = models.DateTimeField(_("début"), default=timezone.now)
    finished_at = models.DateTimeField(_("fin"), null=True, blank=True)
    summary = models.TextField(_("compte rendu"), blank=True)
    error = models.CharField(_("erreur"), max_length=300, blank=True)
    host = models.CharField(_("processus"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("exécution d'une tâche planifiée")
        verbose_name_plural = _("tâches planifiées")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["job", "slot"], name="operations_jobrun_job_slot")]

    def __str__(self):
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self):
        return self.finished_at - self.started_at if self.finished_at else None


class ClockBeat(models.Model):
    """The clock's last sign of life (one row, updated every minute by whichever clock runs)."""

    name = models.CharField(max_length=20, primary_key=True, default="clock")
    host = models.CharField(max_length=100, blank=True)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = _("battement de l'horloge")
        verbose_name_plural = _("battements de l'horloge")

    def __str__(self):
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"
