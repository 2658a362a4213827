from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.cases import workflow
from binome.cases.sources import SourceFamily, family_of_kind
from binome.cases.workflow import (
    BEFORE_VISIT_STATES,
    FOLLOW_UP_STATES,
    OPEN_STATES,
    STATE_LABELS,
    WAITING_STATES,
    WRITING_STATES,
    State,
)


class Folded(models.Func):
    """``duplicates.fold`` in SQL: NFKD, the non-ASCII dropped, lower case, every run of other characters than
    letters and digits one space, trimmed. Indexed (open dossiers, by commune) for the duplicate check."""

    template = (
        "btrim(regexp_replace(lower(regexp_replace(normalize(%(expressions)s, NFKD), '[^\\x01-\\x7f]', '', 'g')),"
        " '[^a-z0-9]+', ' ', 'g'))"
    )
    output_field = models.CharField()


# The open states in a fixed order: the partial indexes' condition and the queries that use them.
OPEN_STATE_LIST = sorted(OPEN_STATES)
BEFORE_VISIT_STATE_LIST = sorted(BEFORE_VISIT_STATES)
# The steps of the queue's tabs ranked by priority, « À traiter » and « En attente »: their requests' scores are kept
# per day (``ranked_score``).
NEW_STATE_LIST = sorted({State.RECEIVED, State.TO_CONTACT})
WAITING_STATE_LIST = sorted(WAITING_STATES)
# The steps of the queue's « Suivi des orientations », ordered by their next follow-up call (``next_call_on``).
FOLLOW_UP_STATE_LIST = sorted(FOLLOW_UP_STATES)
# The steps of the queue's « Comptes-rendus », listed together urgent first, then oldest.
WRITING_STATE_LIST = sorted(WRITING_STATES)


StateChoices = models.TextChoices("StateChoices", [(s.name, (s.value, STATE_LABELS[s])) for s in State])


class Tenure(models.TextChoices):
    OWNER = "owner", _("propriétaire occupant")
    PRIVATE_TENANT = "private_tenant", _("locataire du parc privé")
    SOCIAL_TENANT = "social_tenant", _("locataire du parc social")
    HOSTED = "hosted", _("hébergé à titre gratuit")
    OTHER = "other", _("autre")


class Motive(models.TextChoices):
    ARREARS = "arrears", _("impayés d'énergie ou d'eau")
    CUT_RISK = "cut_risk", _("risque de coupure")
    HIGH_BILLS = "high_bills", _("factures élevées")
    FSL = "fsl", _("demande ou aide FSL énergie / eau")
    RESTRICTION = "restriction", _("restriction de chauffage")
    COLD = "cold", _("sensation de froid")
    HUMIDITY = "humidity", _("humidité, moisissures")
    AUXILIARY_HEATING = "auxiliary_heating", _("chauffage d'appoint")
    HEALTH = "health", _("problème de santé lié au logement")
    OTHER = "other", _("autre")


class Channel(models.TextChoices):
    ONLINE = "online", _("fiche en ligne du donneur d'alerte")
    PHONE = "phone", _("appel téléphonique")
    EMAIL = "email", _("courrier électronique")
    PAPER = "paper", _("fiche papier")
    SELF = "self", _("formulaire public (demande du ménage)")


class IncomeBand(models.TextChoices):
    """The household's income as the referrer estimates it, against the Anah ceilings."""

    UNKNOWN = "unknown", _("ne sait pas")
    TRES_MODESTE = "tres_modeste", _("sous le plafond Anah « très modestes »")
    MODESTE = "modeste", _("entre les plafonds « très modestes » et « modestes »")
    ABOVE = "above", _("au-dessus du plafond « modestes »")


class DossierQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)


def household_name(last_name: str, first_name: str, anonymised_at) -> str:
    """How a dossier names its household (``Dossier.household_name``; for rows read as values)."""
    if anonymised_at is not None:
        return str(_("ménage anonymisé"))
    return f"{last_name.upper()} {first_name}".strip()


class Dossier(models.Model):
    """One household's way through the SLIME, from the referral to the closing of its orientations."""

    programme = models.ForeignKey("territory.Programme", on_delete=models.PROTECT, related_name="dossiers")
    reference = models.CharField(_("référence"), max_length=20)
    state = models.CharField(_("étape"), max_length=20, choices=StateChoices.choices, default=State.RECEIVED)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    # The referral (fiche de demande d'intervention).
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_dossiers",
        verbose_name=_("donneur d'alerte"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("organisation du donneur d'alerte"),
    )
    referrer_name = models.CharField(
        _("donneur d'alerte (sans compte)"),
        max_length=200,
        blank=True,
        help_text=_("Nom et fonction de la personne qui a signalé le ménage par téléphone, courriel ou papier."),
    )
    source_family = models.CharField(
        _("famille de la source"), max_length=20, blank=True, db_index=True
    )  # network.SourceFamily, fixed when the request is received
    mobilisation_event = models.ForeignKey(
        "network.MobilisationEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("action de mobilisation à l'origine de la demande"),
    )
    motives = models.JSONField(_("motifs"), default=list, blank=True)
    description = models.TextField(_("situation décrite"), blank=True)
    urgent = models.BooleanField(_("situation urgente"), default=False)

    # The household.
    last_name = models.CharField(_("nom"), max_length=150)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30)
    email = models.EmailField(_("adresse électronique"), blank=True)
    address = models.CharField(_("adresse"), max_length=250)
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("commune")
    )
    tenure = models.CharField(_("statut d'occupation"), max_length=20, choices=Tenure.choices)
    household_size = models.PositiveSmallIntegerField(_("nombre de personnes"))
    landlord = models.CharField(_("propriétaire ou bailleur"), max_length=200, blank=True)
    income_band = models.CharField(
        _("revenus du ménage"), max_length=20, choices=IncomeBand.choices, default=IncomeBand.UNKNOWN
    )
    declared_income = models.PositiveIntegerField(
        _("revenu fiscal de référence (€)"), null=True, blank=True, help_text=_("Si connu, dernier avis d'imposition.")
    )
    social_referent = models.CharField(_("référent social actuel"), max_length=200, blank=True)
    fsl_requests = models.PositiveSmallIntegerField(
        _("demandes FSL énergie / eau ces trois dernières années"), null=True, blank=True
    )

    # Consents recorded with the household.
    consent_contact = models.BooleanField(_("le ménage accepte d'être contacté"), default=False)
    share_with_referrer = models.BooleanField(_("compte-rendu partagé avec le donneur d'alerte"), default=False)
    share_with_landlord = models.BooleanField(_("fiche technique partagée avec le bailleur"), default=False)

    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advised_dossiers",
        verbose_name=_("chargé de visite technique"),
    )

    # The start of the next planned visit, kept by the visits app whenever a visit changes (``visits.chain``),
    # so that lists show and sort it without reading the visits.
    next_visit_at = models.DateTimeField(_("prochaine visite"), null=True, blank=True, editable=False)

    # The first « visite réalisée » (the ``mark_visited`` transition's date), kept by ``cases.transitions`` and the
    # historical import (``workflow.milestone``): the steering figures count a period's visits, their delays and
    # costs on this column rather than by looking for each dossier's first such event in the timeline.
    visited_at = models.DateTimeField(_("première visite réalisée"), null=True, blank=True, editable=False)
    # The compte-rendu sent (``send_report``), kept the same way.
    sent_at = models.DateTimeField(_("compte-rendu envoyé le"), null=True, blank=True, editable=False)
    # The first answered call (a call event « ménage joint », ``transitions.record_event``), kept the same way: the
    # delay request → first contact and the funnel's « joints » step.
    contacted_at = models.DateTimeField(_("premier appel abouti"), null=True, blank=True, editable=False)

    # Set by ``binome.privacy`` when the household's personal data are removed (retention period over, or erasure
    # on request): the dossier keeps its commune, dates, steps and figures for the statistics.
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True, editable=False)

    # The priority score of a request of the ranked tabs, computed for the day its programme's scores were last
    # refreshed (``coordination.kept_priority``, nightly); NULL: to compute; 0 at the other steps (never read: NULL
    # stays rare, as PostgreSQL's estimates need). PostgreSQL triggers set it NULL when one of its inputs changes
    # (migration 0017) and let no other write than that refresh set a score.
    ranked_score = models.IntegerField(_("score de priorité du jour"), null=True, blank=True, editable=False)
    # The date of the dossier's first planned follow-up call (``orientations.FollowUp``), NULL without one: the order
    # of the queue's « Suivi des orientations ». Kept by PostgreSQL triggers on the calls (``orientations`` 0008),
    # which also put back the true date whatever else writes the column (a full save of an instance read before a call
    # changed); the SQLite demo has no triggers: its column stays NULL, never read there.
    next_call_on = models.DateField(_("prochain appel de suivi"), null=True, blank=True, editable=False)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "reference"], name="dossier_unique_reference"),
            models.CheckConstraint(
                condition=models.Q(household_size__gte=1),
                name="dossier_household_size_positive",
                violation_error_message=_("Le ménage compte au moins une personne."),
            ),
        ]
        indexes = [
            # « Suivi des orientations »: the dossiers followed, by next call (none: NULL, last), then the oldest.
            models.Index(
                fields=["programme", "next_call_on", "created_at", "id"],
                condition=models.Q(state__in=FOLLOW_UP_STATE_LIST),
                name="dossier_follow_up_order",
            ),
            # A step's dossiers in the order the queue lists them (urgent first, then oldest): a tab of one step
            # (« Visites programmées », « En validation ») reads its page from the index and stops there.
            models.Index(
                fields=["programme", "state", "-urgent", "created_at", "id"], name="dossier_state_queue_order"
            ),
            # The same order over the two steps of « Comptes-rendus » (the index above sorts them: 4.7 ms at 500k).
            models.Index(
                fields=["programme", "-urgent", "created_at", "id"],
                condition=models.Q(state__in=WRITING_STATE_LIST),
                name="dossier_writing_queue_order",
            ),
            # A year's requests of a programme (network health, dashboards, the queue's « Terminés ») read a
            # range of this index, forwards or backwards. The steering figures count them by source family,
            # commune (UT) and organisation from the index alone (``INCLUDE``).
            models.Index(
                fields=["programme", "created_at"],
                include=["source_family", "commune", "organisation"],
                name="dossier_programme_created",
            ),
            # A period's first visits, reports sent and first contacts (steering figures, the bilan), with the dates
            # their delays start from and the commune, read from the index alone.
            models.Index(
                fields=["programme", "visited_at"], include=["created_at", "commune"], name="dossier_programme_visited"
            ),
            models.Index(
                fields=["programme", "sent_at"], include=["visited_at", "commune"], name="dossier_programme_sent"
            ),
            models.Index(
                fields=["programme", "contacted_at"],
                include=["created_at", "commune"],
                name="dossier_programme_contacted",
            ),
            # A referrer's last request: one step back from the end of his range, whatever his count.
            models.Index(fields=["referrer", "created_at"], name="dossier_referrer_created"),
            # An organisation's requests of a year (network health's table, its latest requests).
            models.Index(fields=["organisation", "created_at"], name="dossier_organisation_created"),
            # The duplicate check of the dossier page (``duplicates.find_duplicates``): open dossiers only. On
            # PostgreSQL, the folded name and address by commune are indexed too (migration 0011).
            models.Index(fields=["phone"], condition=models.Q(state__in=OPEN_STATE_LIST), name="dossier_open_phone"),
            # The derogations of the requests not visited yet, by UT (the coverage plan): each derogation looks its
            # dossier up in this small index, without reading the table (most derogations are of visited dossiers).
            models.Index(
                fields=["id"],
                include=["programme", "commune"],
                condition=models.Q(state__in=BEFORE_VISIT_STATE_LIST),
                name="dossier_before_visit",
            ),
            # The queue's ranked tabs read their page from the scores kept per day, best first, and score the
            # requests without one (``coordination.kept_priority``).
            models.Index(
                fields=["programme", "-ranked_score", "created_at", "id"],
                condition=models.Q(state__in=NEW_STATE_LIST, ranked_score__isnull=False),
                name="dossier_ranked_new",
            ),
            models.Index(
                fields=["programme", "-ranked_score", "created_at", "id"],
                condition=models.Q(state__in=WAITING_STATE_LIST, ranked_score__isnull=False),
                name="dossier_ranked_waiting",
            ),
            models.Index(
                fields=["programme", "state"],
                condition=models.Q(state__in=NEW_STATE_LIST + WAITING_STATE_LIST, ranked_score__isnull=True),
                name="dossier_unranked",
            ),
        ]

    def __str__(self):
        # The reference, never the household's name: dossiers appear in logs and admin history.
        return self.reference

    def save(self, *args, **kwargs):
        if not self.source_family:
            self.source_family = self.compute_source_family()
        super().save(*args, **kwargs)

    def compute_source_family(self) -> str:
        if self.channel == Channel.SELF:
            return SourceFamily.SELF
        if self.organisation_id:
            return family_of_kind(self.organisation.kind)
        if self.mobilisation_event_id:
            return SourceFamily.WORKSHOP
        return ""

    @property
    def household_name(self) -> str:
        return household_name(self.last_name, self.first_name, self.anonymised_at)

    def get_additional_data(self) -> dict:
        """What the audit trail (django-auditlog) files a change under: the dossier and its programme (ids)."""
        return {"dossier": self.pk, "programme": self.programme_id}

    @property
    def state_label(self) -> str:
        return STATE_LABELS[State(self.state)]


class CallOutcome(models.TextChoices):
    REACHED = workflow.REACHED, _("ménage joint")
    NO_ANSWER = "no_answer", _("pas de réponse")
    MESSAGE = "message", _("message laissé")
    WRONG_NUMBER = "wrong_number", _("numéro erroné")
    REFUSED = "refused", _("refus du ménage")
    CALL_BACK = "call_back", _("à rappeler")


class EventKind(models.TextChoices):
    TRANSITION = "transition", _("changement d'étape")
    CALL = workflow.CALL, _("appel")
    VISIT_BOOKED = "visit_booked", _("visite programmée")
    NOTE = "note", _("note")
    ORIENTATION = "orientation", _("orientation")


class DossierEvent(models.Model):
    """One line of a dossier's timeline: the single source of truth for delays."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)
    # For traceability and accountability: an event's author is never deleted with it.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices)
    transition = models.CharField(_("action"), max_length=40, blank=True)
    from_state = models.CharField(_("de"), max_length=20, choices=StateChoices.choices, blank=True)
    to_state = models.CharField(_("vers"), max_length=20, choices=StateChoices.choices, blank=True)
    call_outcome = models.CharField(_("résultat de l'appel"), max_length=20, choices=CallOutcome.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Brought from the service's former tool by the historical import (``steering``), by ``actor``.
    imported = models.BooleanField(_("importé"), default=False)

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["at", "pk"]
        # The steering figures count the events of one kind over a period (visits, deferrals, ends).
        indexes = [
            # The dossier's id is in the index so that counting a period's dossiers never reads the table.
            models.Index(fields=["transition", "at"], include=["dossier"], name="event_transition_at"),
            # « Has this dossier reached that step, and when »: the steering figures ask it of every dossier.
            models.Index(fields=["dossier", "transition", "at"], name="event_dossier_transition_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="call", call_outcome__gt="")
                | (~models.Q(kind="call") & models.Q(call_outcome="")),
                name="event_call_has_outcome",
                violation_error_message=_("Un appel doit avoir un résultat."),
            )
        ]

    def __str__(self):
        return f"{self.dossier} {self.kind} {self.at:%Y-%m-%d}"

    def get_additional_data(self) -> dict:
        return {"dossier": self.dossier_id}


class StateCount(models.Model):
    """How many of a programme's dossiers are at each step in each UT, as signed deltas: PostgreSQL triggers
    (migration ``0013_state_count``) insert +1/-1 rows on every insertion, change of step, programme or commune
    and deletion of a dossier, and on a commune's move to another UT; insert-only, so that two transitions never
    wait for each other on a counter row. ``cases.counts`` reads the sums (a few rows); the nightly clean-up folds
    the rows into one per key (``cases.counts.compact``). Pages that show counts of the active backlog (the
    coverage plan) read these instead of counting tens of thousands of dossiers. The SQLite demo keeps the table
    empty and counts the dossiers, at its size."""

    # Ids, not foreign keys: derived figures, written by triggers while a programme's dossiers are being deleted.
    programme_id = models.BigIntegerField()
    unite_id = models.BigIntegerField()
    state = models.CharField(max_length=20)
    count = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("dossiers par étape et UT")
        verbose_name_plural = _("dossiers par étape et UT")
        indexes = [models.Index(fields=["programme_id", "unite_id", "state"], name="state_count_key")]

    def __str__(self):
        return f"{self.state} : {self.count:+d}"


class ReferralDraft(models.Model):
    """What a referrer has typed so far in the fiche de demande (autosaved, one draft per person)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referral_drafts")
    programme = models.ForeignKey("territory.Programme", on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("brouillon de demande")
        verbose_name_plural = _("brouillons de demande")
        constraints = [models.UniqueConstraint(fields=["user", "programme"], name="draft_one_per_user_programme")]

    def __str__(self):
        return f"brouillon {self.pk}"
