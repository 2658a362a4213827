from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.diagnosis.models import private_storage as diagnosis_private_storage


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


def private_storage():
    """The exports' files: the private storage of the visit photos (never served but by a checked view)."""
    return diagnosis_private_storage()


class ExportLog(models.Model):
    """Every export of the steering data: who, when, what, how many rows (and the file while it is kept).

    A small export is sent at once and keeps no file; a long one is written by the task worker
    (``steering.tasks.run_export``) to a private file, downloaded by the user who asked, deleted when it expires
    (``steering.exports.purge_expired``, the nightly clean-up). The line itself stays: the log is permanent."""

    class Status(models.TextChoices):
        RUNNING = "running", _("en cours")
        DONE = "done", _("prêt")
        FAILED = "failed", _("échec")
        EXPIRED = "expired", _("expiré")

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
    file = models.FileField(
        _("fichier"), storage=private_storage, upload_to="exports/%Y/%m/", blank=True, editable=False
    )

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.dataset} {self.file_format} ({self.rows})"


class BudgetLine(models.Model):
    """One budget line of a programme's year, entered by the coordinator or the programme administrator: what was
    planned, what was spent, and the part of the spend financed by energy-saving certificates (CEE)."""

    programme = models.ForeignKey("territory.Programme", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField(_("année"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    label = models.CharField(_("ligne"), max_length=120)
    budget = models.DecimalField(
        _("budget (€)"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    spend = models.DecimalField(
        _("dépense (€)"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    cee_share = models.DecimalField(
        _("dont financé par les CEE (€)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("La part de la dépense financée par les certificats d'économies d'énergie."),
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("ligne budgétaire")
        verbose_name_plural = _("lignes budgétaires")
        ordering = ["-year", "label"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year", "label"], name="budget_line_unique_label"),
            models.CheckConstraint(
                condition=models.Q(cee_share__lte=models.F("spend")), name="budget_line_cee_le_spend"
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.label}"
