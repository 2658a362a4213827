"""Orientations to partner solutions, their outcome, the partners' feedback links and the follow-up contacts.

- ``Solution``: the programme's catalogue (seeded from ``catalogue.DEFAULTS``), each entry carried by partner
  organisations of the directory (``SolutionPartner``, with the contact to give the household);
- ``Orientation``: one solution proposed to one household, its partner, its status (``machine``) and outcome;
  ``OrientationChange`` keeps each dated move, the dossier's timeline gets one line per move;
- ``PartnerLink``: a signed, expiring link on which a partner answers for *that* orientation, without an account;
  ``PartnerLinkUse`` logs every use;
- ``FollowUp``: the calls to the household after the report, with the national questionnaire; ``Baseline``: the
  values of the visit they are compared with (copied from the diagnosis when the report is sent);
- ``OrientationSettings``: the programme's delays and thresholds; ``DigestSent`` makes the weekly digest idempotent.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.core import memo
from binome.orientations import catalogue, followup, machine


SolutionKind = models.TextChoices(
    "SolutionKind", [(e.kind.upper(), (e.kind, e.kind_label)) for e in catalogue.DEFAULTS]
)


class OrientationStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposée")
    ACCEPTED = "accepted", _("acceptée par le ménage")
    REFUSED = "refused", _("refusée par le ménage")
    SENT = "sent", _("transmise au partenaire")
    IN_PROGRESS = "in_progress", _("en cours")
    ACHIEVED = "achieved", _("aboutie")
    ABANDONED = "abandoned", _("abandonnée")
    NOT_POSSIBLE = "not_possible", _("impossible")


class Solution(models.Model):
    """An entry of the programme's solution catalogue."""

    programme = models.ForeignKey("territory.Programme", on_delete=models.CASCADE, related_name="solutions")
    kind = models.CharField(_("type de solution"), max_length=30, choices=SolutionKind.choices)
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("ce qu'il faut savoir"), blank=True)
    engaging = models.BooleanField(
        _("démarche engageante"),
        default=False,
        help_text=_("Une orientation aboutie vers cette solution compte comme démarche engageante (travaux, aide)."),
    )
    partners = models.ManyToManyField(
        "network.Organisation", through="SolutionPartner", blank=True, related_name="solutions"
    )
    is_active = models.BooleanField(_("proposée aux ménages"), default=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("solution du catalogue")
        verbose_name_plural = _("catalogue des solutions")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="solution_unique_name_per_programme")
        ]

    def __str__(self):
        return self.name

    @property
    def amounts(self):
        return catalogue.amounts_of(self.kind)


class SolutionPartner(models.Model):
    """A partner organisation that carries a solution, and how the household or the SLIME reaches it for that."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="carriers")
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.CASCADE,
        related_name="carried_solutions",
        verbose_name=_("partenaire"),
    )
    contact = models.CharField(
        _("contact pour le ménage"),
        max_length=250,
        blank=True,
        help_text=_("Service, téléphone ou adresse à donner au ménage ; sinon ceux de l'organisation."),
    )
    email = models.EmailField(
        _("adresse pour les demandes de nouvelles"),
        blank=True,
        help_text=_("Où envoyer le lien de retour du partenaire ; sinon l'adresse de l'organisation."),
    )

    class Meta:
        verbose_name = _("partenaire de la solution")
        verbose_name_plural = _("partenaires de la solution")
        constraints = [models.UniqueConstraint(fields=["solution", "organisation"], name="solution_partner_unique")]

    def __str__(self):
        return f"{self.solution} — {self.organisation}"

    @property
    def contact_text(self) -> str:
        organisation = self.organisation
        return self.contact or " · ".join(v for v in (organisation.phone, organisation.email) if v)


def validate_delays(value: str) -> None:
    try:
        followup.parse_delays(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


class OrientationSettings(models.Model):
    """The programme's own delays and thresholds for the orientations and their follow-up."""

    programme = models.OneToOneField(
        "territory.Programme", on_delete=models.CASCADE, related_name="orientation_settings"
    )
    stale_weeks = models.PositiveSmallIntegerField(
        _("orientation sans nouvelles après (semaines)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    follow_up_months = models.CharField(
        _("appels de suivi après l'envoi du compte-rendu (mois)"),
        max_length=40,
        default="3, 12",
        validators=[validate_delays],
        help_text=_("Délais croissants séparés par des virgules, par exemple « 3, 12 »."),
    )
    follow_up_attempts = models.PositiveSmallIntegerField(
        _("tentatives avant « injoignable »"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    link_days = models.PositiveSmallIntegerField(
        _("validité des liens envoyés aux partenaires (jours)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )

    class Meta:
        verbose_name = _("réglages des orientations")
        verbose_name_plural = _("réglages des orientations")

    def __str__(self):
        return str(self.programme)

    @classmethod
    def for_programme(cls, programme) -> "OrientationSettings":
        loaded, found = memo.loaded(programme, "orientation_settings")  # read with the dossier (the dossier page)
        if not loaded:
            found = memo.once(
                ("orientation-settings", programme.pk), lambda: cls.objects.filter(programme=programme).first()
            )
        return found or cls(programme=programme)

    @property
    def delays(self) -> tuple[int, ...]:
        return followup.parse_delays(self.follow_up_months)


AMOUNT = {"max_digits": 10, "decimal_places": 2, "null": True, "blank": True}
# The statuses of an orientation still under way, in a fixed order: the querysets and the partial index read the same.
OPEN_STATUS_LIST = sorted(machine.OPEN)


class OrientationQuerySet(models.QuerySet):
    def open(self):
        """Not settled yet: the household's step is still under way (``machine.OPEN``)."""
        return self.filter(status__in=OPEN_STATUS_LIST)

    def stale(self, now, weeks: int):
        """Open and unmoved for ``weeks`` weeks: ``Orientation.is_stale`` in SQL (``followup.stale_since``)."""
        return self.open().filter(status_changed_at__lt=followup.stale_since(now, weeks))


class Orientation(models.Model):
    """One solution proposed to one household, its partner, where it stands and what came of it."""

    dossier = models.ForeignKey("cases.Dossier", on_delete=models.CASCADE, related_name="orientations")
    solution = models.ForeignKey(
        Solution, on_delete=models.PROTECT, related_name="orientations", verbose_name=_("solution")
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orientations",
        verbose_name=_("partenaire de l'annuaire"),
    )
    partner_name = models.CharField(_("autre partenaire (hors annuaire)"), max_length=200, blank=True)
    household_step = models.CharField(
        _("ce que le ménage doit faire"),
        max_length=300,
        blank=True,
        help_text=_("Imprimé dans « Vos démarches » : pièces à réunir, qui appeler, avant quand."),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=OrientationStatus.choices, default=OrientationStatus.PROPOSED
    )
    status_changed_at = models.DateTimeField(_("statut depuis le"), default=timezone.now)
    outcome = models.TextField(_("résultat"), blank=True)
    aid_amount = models.DecimalField(_("aide accordée (€)"), **AMOUNT)
    debt_settled = models.DecimalField(_("dette réglée ou étalée (€)"), **AMOUNT)
    works_cost = models.DecimalField(_("coût des travaux (€)"), **AMOUNT)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("proposée le"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposée par")
    )

    objects = OrientationQuerySet.as_manager()

    class Meta:
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "status_changed_at"]),
            # « Suivi des orientations » (the queue's tab): each sent dossier's open orientations, stale or not,
            # looked up among the few open ones rather than among all the orientations of the dossier.
            models.Index(
                fields=["dossier", "status_changed_at"],
                condition=Q(status__in=OPEN_STATUS_LIST),
                name="orientation_open_by_dossier",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(aid_amount__isnull=True) | Q(aid_amount__gte=0))
                & (Q(debt_settled__isnull=True) | Q(debt_settled__gte=0))
                & (Q(works_cost__isnull=True) | Q(works_cost__gte=0)),
                name="orientation_amounts_not_negative",
                violation_error_message=_("Un montant ne peut pas être négatif."),
            )
        ]

    def __str__(self):
        return f"{self.dossier} {self.solution}"

    def get_additional_data(self) -> dict:
        """What the audit trail (django-auditlog) files a change under: the dossier (id)."""
        return {"dossier": self.dossier_id}

    def is_stale(self, now, weeks: int) -> bool:
        """Open and unmoved for ``weeks`` weeks (``OrientationQuerySet.stale`` reads the same rule in SQL)."""
        return self.status in machine.OPEN and followup.is_stale(self.status_changed_at, now, weeks)

    @property
    def partner_label(self) -> str:
        return self.organisation.name if self.organisation_id else self.partner_name

    @property
    def is_settled(self) -> bool:
        return self.status in machine.SETTLED


class OrientationChange(models.Model):
    """One dated move of an orientation: by whom (a user, or the partner through its link)."""

    orientation = models.ForeignKey(Orientation, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("le"), default=timezone.now)
    from_status = models.CharField(_("de"), max_length=20, choices=OrientationStatus.choices, blank=True)
    to_status = models.CharField(_("vers"), max_length=20, choices=OrientationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    link = models.ForeignKey(
        "PartnerLink",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lien du partenaire"),
    )
    answered_by = models.CharField(_("réponse de"), max_length=200, blank=True)
    note = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("changement d'orientation")
        verbose_name_plural = _("changements d'orientation")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.orientation_id} {self.from_status}→{self.to_status}"

    def get_additional_data(self) -> dict:
        """What the audit trail (django-auditlog) files a change under: the dossier (id)."""
        return {"dossier": self.orientation.dossier_id}


class PartnerLink(models.Model):
    """A link sent to a partner to set the status and outcome of one orientation, without an account."""

    orientation = models.ForeignKey(Orientation, on_delete=models.CASCADE, related_name="links")
    nonce = models.CharField(max_length=43, unique=True, editable=False)
    email = models.EmailField(_("envoyé à"), blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField(_("expire le"))
    used_at = models.DateTimeField(_("utilisé le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("remplacé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("lien de retour du partenaire")
        verbose_name_plural = _("liens de retour des partenaires")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"lien {self.pk}"


class LinkAction(models.TextChoices):
    OPENED = "opened", _("ouvert")
    ANSWERED = "answered", _("réponse enregistrée")
    EXPIRED = "expired", _("refusé : lien expiré")
    USED = "used", _("refusé : lien déjà utilisé")
    REVOKED = "revoked", _("refusé : lien remplacé")
    REFUSED_MOVE = "refused_move", _("refusé : statut impossible")


class PartnerLinkUse(models.Model):
    """Every use of a partner link, whatever came of it."""

    link = models.ForeignKey(PartnerLink, on_delete=models.CASCADE, related_name="uses")
    at = models.DateTimeField(_("le"), default=timezone.now)
    action = models.CharField(_("action"), max_length=20, choices=LinkAction.choices)
    detail = models.CharField(_("détail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("utilisation d'un lien partenaire")
        verbose_name_plural = _("utilisations des liens partenaires")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.link_id} {self.action}"


class FollowUpStatus(models.TextChoices):
    PLANNED = "planned", _("à faire")
    ANSWERED = "answered", _("fait")
    UNREACHABLE = "unreachable", _("ménage injoignable")
    CANCELLED = "cancelled", _("annulé")


class FirstStep(models.TextChoices):
    BILLS = "bills", _("suit ses factures ou ses relevés de compteur")
    KIT = "kit", _("utilise le matériel posé")
    SETTINGS = "settings", _("a changé des réglages ou des habitudes")
    SUPPLIER = "supplier", _("a contacté son fournisseur")
    RIGHTS = "rights", _("a demandé une aide ou fait valoir un droit")


class BillsFeel(models.TextChoices):
    LOWER = "lower", _("plus basses")
    SAME = "same", _("pareilles")
    HIGHER = "higher", _("plus élevées")
    UNKNOWN = "unknown", _("ne sait pas")


class Restriction(models.TextChoices):
    NEVER = "never", _("jamais")
    SOMETIMES = "sometimes", _("parfois")
    OFTEN = "often", _("souvent")


class FollowUp(models.Model):
    """A call to the household after the report, and its answers (the national evaluation's questions)."""

    dossier = models.ForeignKey("cases.Dossier", on_delete=models.CASCADE, related_name="follow_ups")
    rank = models.PositiveSmallIntegerField(_("appel n°"))
    months = models.PositiveSmallIntegerField(_("délai (mois)"))
    due_on = models.DateField(_("prévu le"))
    status = models.CharField(
        _("statut"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.PLANNED
    )
    attempts = models.PositiveSmallIntegerField(_("appels sans réponse"), default=0)
    last_attempt_at = models.DateTimeField(_("dernière tentative"), null=True, blank=True)
    contacted_on = models.DateField(_("date de l'appel"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appel noté par"),
    )
    first_steps = models.JSONField(_("premières démarches"), default=list, blank=True)
    works_done = models.BooleanField(_("travaux faits"), null=True, blank=True)
    aid_obtained = models.BooleanField(_("aide ou droit obtenu"), null=True, blank=True)
    cold_now = models.BooleanField(_("a eu froid l'hiver dernier"), null=True, blank=True)
    bills = models.CharField(_("factures par rapport à avant"), max_length=10, choices=BillsFeel.choices, blank=True)
    restriction = models.CharField(
        _("se restreint pour le chauffage"), max_length=10, choices=Restriction.choices, blank=True
    )
    arrears = models.BooleanField(_("impayé ou coupure depuis la visite"), null=True, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("appel de suivi")
        verbose_name_plural = _("appels de suivi")
        ordering = ["dossier_id", "rank"]  # the column: no join to the dossiers to sort
        constraints = [models.UniqueConstraint(fields=["dossier", "rank"], name="follow_up_unique_rank")]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            # Each sent dossier's next planned call (the queue's « Suivi des orientations »), among the planned ones.
            models.Index(
                fields=["dossier", "due_on"],
                condition=Q(status=FollowUpStatus.PLANNED),
                name="follow_up_planned_by_dossier",
            ),
        ]

    def __str__(self):
        return f"{self.dossier} suivi {self.rank}"

    def get_additional_data(self) -> dict:
        """What the audit trail (django-auditlog) files a change under: the dossier (id)."""
        return {"dossier": self.dossier_id}


class Baseline(models.Model):
    """The values of the visit that the follow-up answers are compared with (from the diagnosis, read-only)."""

    dossier = models.OneToOneField("cases.Dossier", on_delete=models.CASCADE, related_name="baseline")
    cold = models.BooleanField(_("avait froid à la visite"), null=True, blank=True)
    restriction = models.BooleanField(_("se restreignait à la visite"), null=True, blank=True)
    arrears = models.BooleanField(_("impayés ou coupure à la visite"), null=True, blank=True)
    yearly_energy_eur = models.DecimalField(
        _("dépense d'énergie annuelle à la visite (€)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    recorded_at = models.DateTimeField(_("relevé le"), default=timezone.now)

    class Meta:
        verbose_name = _("situation à la visite")
        verbose_name_plural = _("situations à la visite")

    def __str__(self):
        return f"{self.dossier} visite"


class DigestSent(models.Model):
    """One weekly digest per programme and ISO week: running the command twice sends it once."""

    programme = models.ForeignKey("territory.Programme", on_delete=models.CASCADE, related_name="+")
    week = models.CharField(max_length=10)
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("récapitulatif envoyé")
        verbose_name_plural = _("récapitulatifs envoyés")
        constraints = [models.UniqueConstraint(fields=["programme", "week"], name="digest_once_per_week")]

    def __str__(self):
        return f"{self.programme_id} {self.week}"
