from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    TECHNICAL = "technical", _("diagnostic technique")
    SOCIAL = "social", _("diagnostic social")


class DiagnosisNote(models.Model):
    """What each visitor recorded during the visit (to be replaced by the full diagnosis forms)."""

    dossier = models.ForeignKey("cases.Dossier", on_delete=models.CASCADE, related_name="diagnosis_notes")
    side = models.CharField(_("volet"), max_length=10, choices=Side.choices)
    text = models.TextField(_("constats"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("note de diagnostic")
        verbose_name_plural = _("notes de diagnostic")
        constraints = [models.UniqueConstraint(fields=["dossier", "side"], name="diagnosis_note_one_per_side")]

    def __str__(self):
        return f"{self.dossier} {self.side}"
