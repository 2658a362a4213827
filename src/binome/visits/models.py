from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("programmée")
    DONE = "done", _("réalisée")
    CANCELLED = "cancelled", _("annulée")


class Visit(models.Model):
    """A home visit by the binôme: the energy advisor and the coordinator."""

    dossier = models.ForeignKey("cases.Dossier", on_delete=models.CASCADE, related_name="visits")
    starts_at = models.DateTimeField(_("début"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=120)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="advisor_visits",
        verbose_name=_("chargé de visite technique"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coordinator_visits",
        verbose_name=_("coordinatrice"),
    )
    status = models.CharField(_("statut"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    preparation_note = models.TextField(
        _("note de préparation"), blank=True, help_text=_("Problème identifié et questions pour le chargé de visite.")
    )

    class Meta:
        verbose_name = _("visite")
        verbose_name_plural = _("visites")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["advisor", "starts_at"]), models.Index(fields=["coordinator", "starts_at"])]

    def __str__(self):
        return f"{self.dossier} {self.starts_at:%Y-%m-%d %H:%M}"
