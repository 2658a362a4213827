"""The network of donneurs d'alerte: partner organisations, their sites, their people, mobilisation events.

A referrer is a ``User`` with a ``Membership(role=referrer, organisation=…)``; ``Posting`` keeps the
person's history (which organisation, which sector, from when to when) so that a social worker who
changes sector is followed rather than lost. ``move_referrer`` / ``end_posting`` keep the membership
and the postings in step.
"""

import datetime as dt

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from binome.cases.sources import OrganisationKind, SourceFamily, family_of_kind  # noqa: F401 (re-exported)
from binome.core import memo


class Organisation(models.Model):
    """A partner organisation whose staff refer households (donneurs d'alerte)."""

    programme = models.ForeignKey("territory.Programme", on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=OrganisationKind.choices)
    email = models.EmailField(_("adresse électronique"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    unites = models.ManyToManyField(
        "territory.UniteTerritoriale",
        blank=True,
        related_name="organisations",
        verbose_name=_("unités territoriales servies"),
    )
    communes = models.ManyToManyField(
        "territory.Commune",
        blank=True,
        related_name="organisations",
        verbose_name=_("communes servies"),
        help_text=_("Laisser vide si l'organisation sert toutes les communes de ses unités territoriales."),
    )
    is_active = models.BooleanField(_("partenaire actif"), default=True)

    class Meta:
        verbose_name = _("organisation partenaire")
        verbose_name_plural = _("organisations partenaires")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="organisation_unique_name_per_programme")
        ]

    def __str__(self):
        return self.name

    @property
    def source_family(self) -> str:
        return family_of_kind(self.kind)


class Site(models.Model):
    """A place where an organisation receives the public (antenne, permanence, maison des solidarités)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("nom du site"), max_length=200)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Posting(models.Model):
    """One period of a referrer's career at an organisation (and sector): followed when they move."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="postings", verbose_name=_("personne")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="postings", verbose_name=_("organisation")
    )
    unite = models.ForeignKey(
        "territory.UniteTerritoriale",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("secteur (unité territoriale)"),
    )
    job_title = models.CharField(_("fonction"), max_length=120, blank=True)
    starts_on = models.DateField(_("arrivée le"))
    ends_on = models.DateField(_("départ le"), null=True, blank=True)

    class Meta:
        verbose_name = _("poste d'un donneur d'alerte")
        verbose_name_plural = _("postes des donneurs d'alerte")
        ordering = ["user", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="posting_dates_ordered",
                violation_error_message=_("La date de départ doit suivre la date d'arrivée."),
            ),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(ends_on__isnull=True), name="posting_one_current_per_user"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation} ({self.starts_on:%d/%m/%Y})"

    @property
    def is_current(self) -> bool:
        return self.ends_on is None


def _referrer_membership(user, programme):
    from binome.accounts.models import Membership, Role

    return Membership.objects.filter(user=user, programme=programme, role=Role.REFERRER).first()


def start_posting(user, organisation, *, on: dt.date, unite=None, job_title: str = "") -> Posting:
    """Record that ``user`` refers for ``organisation`` from ``on``; creates or updates their membership."""
    from binome.accounts.models import Membership, Role

    with transaction.atomic():
        current = Posting.objects.filter(user=user, ends_on__isnull=True).first()
        if current is not None:
            current.ends_on = max(on - dt.timedelta(days=1), current.starts_on)
            current.save(update_fields=["ends_on"])
        posting = Posting.objects.create(
            user=user, organisation=organisation, unite=unite, job_title=job_title, starts_on=on
        )
        membership = _referrer_membership(user, organisation.programme)
        if membership is None:
            Membership.objects.create(
                user=user, programme=organisation.programme, role=Role.REFERRER, organisation=organisation
            )
        else:
            if membership.organisation_id != organisation.pk:
                # Managing one structure says nothing of the next one.
                membership.manages_organisation = False
            membership.organisation = organisation
            membership.is_active = True
            membership.save(update_fields=["organisation", "is_active", "manages_organisation"])
    return posting


def move_referrer(user, organisation, *, on: dt.date, unite=None, job_title: str = "") -> Posting:
    """A referrer changes organisation or sector: the old posting ends the day before, the new one starts."""
    return start_posting(user, organisation, on=on, unite=unite, job_title=job_title)


def end_posting(user, *, on: dt.date) -> Posting | None:
    """A referrer leaves the network: the current posting ends and they no longer see any dossier."""
    with transaction.atomic():
        current = (
            Posting.objects.select_related("organisation__programme").filter(user=user, ends_on__isnull=True).first()
        )
        if current is None:
            return None
        current.ends_on = max(on, current.starts_on)
        current.save(update_fields=["ends_on"])
        membership = _referrer_membership(user, current.organisation.programme)
        if membership is not None:
            membership.is_active = False
            membership.save(update_fields=["is_active"])
    return current


class MobilisationKind(models.TextChoices):
    MEETING = "meeting", _("réunion de partenaires")
    TERRITORIAL_MEETING = "territorial_meeting", _("réunion territoriale")
    WORKSHOP = "workshop", _("atelier (Énergie Logis…)")
    TRAINING = "training", _("sensibilisation des donneurs d'alerte")
    OTHER = "other", _("autre")


class MobilisationEvent(models.Model):
    """A meeting, territorial meeting or workshop that mobilises the network (and may bring requests)."""

    programme = models.ForeignKey("territory.Programme", on_delete=models.CASCADE, related_name="mobilisation_events")
    kind = models.CharField(_("type"), max_length=30, choices=MobilisationKind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    date = models.DateField(_("date"))
    unite = models.ForeignKey(
        "territory.UniteTerritoriale",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mobilisation_events",
        verbose_name=_("unité territoriale"),
    )
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="mobilisation_events", verbose_name=_("organisations présentes")
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mobilisation_events", verbose_name=_("personnes présentes")
    )
    other_attendees = models.PositiveSmallIntegerField(
        _("autres participants"), default=0, help_text=_("Participants sans compte (ménages, bénévoles…).")
    )
    notes = models.TextField(_("compte-rendu"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("action de mobilisation")
        verbose_name_plural = _("actions de mobilisation")
        ordering = ["-date", "title"]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"


class NetworkSettings(models.Model):
    """The programme's own settings for the network and the eligibility hint (configurable by the admin)."""

    class IncomeCeiling(models.TextChoices):
        TRES_MODESTE = "tres_modeste", _("plafond Anah « très modestes »")
        MODESTE = "modeste", _("plafond Anah « modestes »")

    programme = models.OneToOneField("territory.Programme", on_delete=models.CASCADE, related_name="network_settings")
    income_ceiling = models.CharField(
        _("plafond de revenus retenu"),
        max_length=20,
        choices=IncomeCeiling.choices,
        default=IncomeCeiling.TRES_MODESTE,
    )
    require_covered_unite = models.BooleanField(_("unité territoriale couverte l'année de la demande"), default=True)
    min_motives = models.PositiveSmallIntegerField(
        _("nombre minimal de motifs"), default=1, help_text=_("Motifs cochés sur la fiche de demande.")
    )
    priority_motives = models.JSONField(
        _("motifs prioritaires"),
        default=list,
        blank=True,
        help_text=_("Motifs qui justifient une visite même hors de la couverture de l'année (ex. risque de coupure)."),
    )
    dormant_months = models.PositiveSmallIntegerField(
        _("donneur d'alerte inactif après (mois)"), default=6, help_text=_("Sans demande depuis ce nombre de mois.")
    )

    class Meta:
        verbose_name = _("réglages du réseau")
        verbose_name_plural = _("réglages du réseau")

    def __str__(self):
        return str(self.programme)

    @classmethod
    def for_programme(cls, programme) -> "NetworkSettings":
        loaded, found = memo.loaded(programme, "network_settings")  # read with the dossier (the dossier page)
        if not loaded:
            found = cls.objects.filter(programme=programme).first()
        return found or cls(programme=programme, priority_motives=["cut_risk", "health"])
