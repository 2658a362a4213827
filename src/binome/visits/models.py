import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.core.tokens import new_token
from binome.visits.scheduling import TravelModel


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
        indexes = [
            models.Index(fields=["advisor", "starts_at"]),
            models.Index(fields=["coordinator", "starts_at"]),
            # « Mes visites »: a person's planned (or done) visits in time order, without reading their past ones.
            models.Index(fields=["advisor", "status", "starts_at"], name="visit_advisor_status_starts"),
            models.Index(fields=["coordinator", "status", "starts_at"], name="visit_coord_status_starts"),
        ]

    def __str__(self):
        return f"{self.dossier} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


class VisitChangeKind(models.TextChoices):
    BOOKED = "booked", _("programmée")
    MOVED = "moved", _("déplacée")
    CANCELLED = "cancelled", _("annulée")
    HOUSEHOLD_TOLD = "told", _("ménage prévenu")


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


class AgendaSettings(models.Model):
    """The binôme's agenda parameters of a programme: visit length, travel model, weekly capacity."""

    programme = models.OneToOneField("territory.Programme", on_delete=models.CASCADE, related_name="agenda_settings")
    slot_minutes = models.PositiveSmallIntegerField(_("durée d'une visite (minutes)"), default=120)
    road_factor = models.FloatField(_("coefficient route / vol d'oiseau"), default=1.3)
    average_speed_kmh = models.FloatField(_("vitesse moyenne (km/h)"), default=50)
    weekly_capacity = models.PositiveSmallIntegerField(_("visites par semaine"), default=4)
    # The tour proposal (binome.planning): where the binôme's days start and end, how far priorities may bend.
    tour_start = models.ForeignKey(
        "territory.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("départ et retour des tournées"),
        help_text=_("La commune du bureau du binôme ; à défaut, la commune la plus peuplée du territoire."),
    )
    priority_tolerance_days = models.PositiveSmallIntegerField(
        _("tolérance de priorité (jours)"),
        default=7,
        help_text=_(
            "Une tournée proposée ne visite jamais un ménage prioritaire plus de ce nombre de jours "
            "après un ménage moins prioritaire."
        ),
    )

    class Meta:
        verbose_name = _("paramètres de l'agenda")
        verbose_name_plural = _("paramètres de l'agenda")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slot_minutes__gte=30, average_speed_kmh__gt=0, road_factor__gte=1),
                name="agenda_settings_sane",
                violation_error_message=_(
                    "Une visite dure au moins 30 minutes, la vitesse est positive et le coefficient au moins 1."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(weekly_capacity__gte=1),
                name="agenda_settings_capacity",
                violation_error_message=_("Au moins une visite par semaine."),
            ),
        ]

    def __str__(self):
        return str(self.programme)

    @classmethod
    def for_programme(cls, programme) -> "AgendaSettings":
        """The programme's settings, or the defaults (unsaved) when none were recorded."""
        found = cls.objects.filter(programme=programme).first()
        return found or cls(programme=programme)

    def travel(self) -> TravelModel:
        return TravelModel(road_factor=self.road_factor, speed_kmh=self.average_speed_kmh)


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


class HouseholdAvailability(models.Model):
    """What the calls taught about a household waiting for a visit, for the tour proposal: when it is at home
    (weekday windows; none means whenever the binôme works), from which day, and where its dwelling is when
    the address was located (otherwise the commune's centre)."""

    dossier = models.OneToOneField("cases.Dossier", on_delete=models.CASCADE, related_name="availability")
    not_before = models.DateField(_("pas avant le"), null=True, blank=True)
    latitude = models.FloatField(_("latitude du logement"), null=True, blank=True)
    longitude = models.FloatField(_("longitude du logement"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("disponibilités du ménage")
        verbose_name_plural = _("disponibilités des ménages")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="household_availability_coordinates",
                violation_error_message=_("Indiquez la latitude et la longitude ensemble, en degrés."),
            )
        ]

    def __str__(self):
        return str(self.dossier)


class AvailabilityWindow(models.Model):
    """A weekday time when the household is at home (« le mardi matin »)."""

    availability = models.ForeignKey(HouseholdAvailability, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    starts = models.TimeField(_("de"))
    ends = models.TimeField(_("à"))

    class Meta:
        verbose_name = _("plage de disponibilité")
        verbose_name_plural = _("plages de disponibilité")
        ordering = ["weekday", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")),
                name="availability_window_ordered",
                violation_error_message=_("La fin doit suivre le début."),
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"
