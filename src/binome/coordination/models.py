import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.coordination.priority import PriorityRules
from binome.visits.scheduling import TravelModel


class CoordinationSettings(models.Model):
    """The programme's triage and agenda parameters, editable in the administration."""

    programme = models.OneToOneField(
        "territory.Programme", on_delete=models.CASCADE, related_name="coordination_settings"
    )
    slot_minutes = models.PositiveSmallIntegerField(_("durée d'une visite (minutes)"), default=120)
    road_factor = models.FloatField(_("coefficient route / vol d'oiseau"), default=1.3)
    average_speed_kmh = models.FloatField(_("vitesse moyenne (km/h)"), default=50)
    weekly_capacity = models.PositiveSmallIntegerField(_("visites par semaine"), default=4)
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
                condition=models.Q(slot_minutes__gte=30, average_speed_kmh__gt=0, road_factor__gte=1),
                name="coordination_settings_sane",
                violation_error_message=_(
                    "Une visite dure au moins 30 minutes, la vitesse est positive et le coefficient au moins 1."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(weekly_capacity__gte=1, unreachable_attempts__gte=1),
                name="coordination_settings_capacity",
                violation_error_message=_("Au moins une visite par semaine et un appel avant « injoignable »."),
            ),
        ]

    def __str__(self):
        return str(self.programme)

    @classmethod
    def for_programme(cls, programme) -> "CoordinationSettings":
        """The programme's settings, or the defaults (unsaved) when none were recorded."""
        found = cls.objects.filter(programme=programme).first()
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

    def travel(self) -> TravelModel:
        return TravelModel(road_factor=self.road_factor, speed_kmh=self.average_speed_kmh)


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


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("lundi")
    TUESDAY = 1, _("mardi")
    WEDNESDAY = 2, _("mercredi")
    THURSDAY = 3, _("jeudi")
    FRIDAY = 4, _("vendredi")
    SATURDAY = 5, _("samedi")
    SUNDAY = 6, _("dimanche")


class WorkingPeriod(models.Model):
    """One working period of a weekday (a morning or an afternoon) for a member of the binôme."""

    programme = models.ForeignKey("territory.Programme", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="working_periods")
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    starts = models.TimeField(_("début"))
    ends = models.TimeField(_("fin"))

    class Meta:
        verbose_name = _("horaire de travail")
        verbose_name_plural = _("horaires de travail")
        ordering = ["user", "weekday", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")),
                name="working_period_ordered",
                violation_error_message=_("La fin doit suivre le début."),
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"


class Absence(models.Model):
    """A time a member of the binôme is not available (leave, training, meeting)."""

    programme = models.ForeignKey("territory.Programme", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences")
    starts_at = models.DateTimeField(_("du"))
    ends_at = models.DateTimeField(_("au"))
    label = models.CharField(_("motif"), max_length=120, blank=True, help_text=_("Par exemple : congés, formation."))

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="absence_ordered",
                violation_error_message=_("La fin de l'absence doit suivre son début."),
            )
        ]

    def __str__(self):
        return f"{self.user} {self.starts_at:%Y-%m-%d}"

    @property
    def last_day(self):
        """The last day touched by the absence (its end is exclusive: midnight belongs to the next day)."""
        return timezone.localtime(self.ends_at - dt.timedelta(microseconds=1)).date()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A private calendar subscription URL; revoking it makes the URL answer « not found » for good."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    programme = models.ForeignKey("territory.Programme", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    show_names = models.BooleanField(
        _("afficher le nom des ménages"),
        default=False,
        help_text=_("Par défaut le calendrier ne montre que la commune et la référence du dossier."),
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("abonnement au calendrier")
        verbose_name_plural = _("abonnements au calendrier")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "programme"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendar_feed_one_active",
            )
        ]

    def __str__(self):
        return f"{self.user} ({_('révoqué') if self.revoked_at else _('actif')})"
