from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HistoricalImport(models.Model):
    """One historical import of a service's past dossiers: who brought which file, when, how many dossiers."""

    programme = models.ForeignKey("territory.Programme", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # None: the command line
    file_name = models.CharField(_("fichier"), max_length=255)
    rows = models.PositiveIntegerField(_("dossiers importés"))
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("import historique")
        verbose_name_plural = _("imports historiques")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.rows})"


class ExportLog(models.Model):
    """Every export of the steering data: who, when, what, how many rows (and the file while it is kept)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("en cours")
        DONE = "done", _("prêt")
        FAILED = "failed", _("échec")

    programme = models.ForeignKey("territory.Programme", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dataset = models.CharField(_("données"), max_length=20)
    file_format = models.CharField(_("format"), max_length=4)
    pseudonymised = models.BooleanField(_("pseudonymisé"), default=False)
    rows = models.PositiveIntegerField(_("lignes"), default=0)
    total = models.PositiveIntegerField(_("lignes à écrire"), default=0)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    content = models.BinaryField(_("fichier"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.dataset} {self.file_format} ({self.rows})"
