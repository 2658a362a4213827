from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.coordination.priority import PriorityRules
from binome.core import memo


class CoordinationSettings(models.Model):
    """The programme's triage parameters (priority points, calls before « injoignable »), editable in the admin."""

    programme = models.OneToOneField(
        "territory.Programme", on_delete=models.CASCADE, related_name="coordination_settings"
    )
    unreachable_attempts = models.PositiveSmallIntegerField(_("appels sans réponse avant « injoignable »"), default=3)
    urgent_points = models.PositiveSmallIntegerField(_("points : urgence"), default=100)
    cut_risk_points = models.PositiveSmallIntegerField(_("points : risque de coupure"), default=60)
    cut_risk_during_truce_points = models.PositiveSmallIntegerField(
        _("points : risque de coupure pendant la trêve hivernale"), default=20
    )
    winter_points = models.PositiveSmallIntegerField(_("points : froid ou restriction en hiver"), default=20)
    points_per_week = models.PositiveSmallIntegerField(_("points par semaine d'attente"), default=2)
    derogation_points = models.PositiveSmallIntegerField(_("points : dérogation"), default=40)
    year_end_points = models.PositiveSmallIntegerField(
        _("points en fin d'année : UT non couverte l'an prochain"), default=50
    )
    year_end_days = models.PositiveSmallIntegerField(
        _("fin d'année : nombre de jours avant le 31 décembre"), default=61
    )

    class Meta:
        verbose_name = _("paramètres de coordination")
        verbose_name_plural = _("paramètres de coordination")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unreachable_attempts__gte=1),
                name="coordination_settings_attempts",
                violation_error_message=_("Au moins un appel avant « injoignable »."),
            ),
        ]

    def __str__(self):
        return str(self.programme)

    @classmethod
    def for_programme(cls, programme) -> "CoordinationSettings":
        """The programme's settings, or the defaults (unsaved) when none were recorded."""
        loaded, found = memo.loaded(programme, "coordination_settings")  # read with the dossier (the dossier page)
        if not loaded:
            found = memo.once(
                ("coordination-settings", programme.pk), lambda: cls.objects.filter(programme=programme).first()
            )
        return found or cls(programme=programme)

    def rules(self) -> PriorityRules:
        return PriorityRules(
            urgent_points=self.urgent_points,
            cut_risk_points=self.cut_risk_points,
            cut_risk_during_truce_points=self.cut_risk_during_truce_points,
            winter_points=self.winter_points,
            points_per_week=self.points_per_week,
            derogation_points=self.derogation_points,
            year_end_points=self.year_end_points,
            year_end_days=self.year_end_days,
        )


class Derogation(models.Model):
    """A priority situation visited although its unité territoriale is not covered this year."""

    dossier = models.OneToOneField("cases.Dossier", on_delete=models.CASCADE, related_name="derogation")
    reason = models.TextField(_("motif de la dérogation"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(_("accordée le"), default=timezone.now)

    class Meta:
        verbose_name = _("dérogation")
        verbose_name_plural = _("dérogations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="derogation_has_reason",
                violation_error_message=_("Indiquez le motif de la dérogation."),
            )
        ]

    def __str__(self):
        return _("%(dossier)s dérogation") % {"dossier": self.dossier}


class CallBack(models.Model):
    """The date the household asked to be called back, attached to the call that recorded it."""

    event = models.OneToOneField("cases.DossierEvent", on_delete=models.CASCADE, related_name="call_back")
    on = models.DateField(_("rappeler le"))

    class Meta:
        verbose_name = _("rappel demandé")
        verbose_name_plural = _("rappels demandés")

    def __str__(self):
        return f"{self.event.dossier} {self.on:%Y-%m-%d}"


class RankingDay(models.Model):
    """The day for which the priority scores kept on a programme's requests (``Dossier.ranked_score``) were computed
    (``coordination.kept_priority``); NULL: being refreshed or invalid. PostgreSQL triggers set it NULL when the
    programme's coverage plan or settings change (migration 0003). A plain id, as ``cases.StateCount``'s: the
    triggers write it whatever the programme's other rows."""

    programme_id = models.BigIntegerField(primary_key=True)
    ranked_on = models.DateField(_("scores calculés pour le"), null=True, blank=True)

    class Meta:
        verbose_name = _("jour du classement")
        verbose_name_plural = _("jours du classement")

    def __str__(self):
        return f"{self.programme_id} {self.ranked_on}"
