import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
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
        _("problème identifié"), blank=True, help_text=_("Ce que la coordinatrice a compris au téléphone.")
    )
    preparation_questions = models.TextField(
        _("questions pour la visite"), blank=True, help_text=_("Ce que le chargé de visite doit vérifier sur place.")
    )
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("visite")
        verbose_name_plural = _("visites")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["advisor", "starts_at"]), models.Index(fields=["coordinator", "starts_at"])]

    def __str__(self):
        return f"{self.dossier} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


class VisitChangeKind(models.TextChoices):
    BOOKED = "booked", _("programmée")
    MOVED = "moved", _("déplacée")
    CANCELLED = "cancelled", _("annulée")


class VisitChange(models.Model):
    """The history of a visit: booked, moved (from when to when), cancelled; never rewritten."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("le"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("changement"), max_length=10, choices=VisitChangeKind.choices)
    previous_starts_at = models.DateTimeField(_("ancien début"), null=True, blank=True)
    starts_at = models.DateTimeField(_("début"))
    note = models.TextField(_("motif"), blank=True)

    class Meta:
        verbose_name = _("changement de visite")
        verbose_name_plural = _("changements de visite")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.visit} {self.kind}"
