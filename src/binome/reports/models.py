"""The compte-rendu: sections written in cross-reading, frozen versions, validation steps, documents, dispatches.

- ``Report``: one per dossier, opened with the cross-reading.
- ``ReportSection``: one editable block (text, or the works and photos chosen), saved on its own with its version,
  so that two people writing different sections never conflict. A save on a stale version is kept whole as a
  ``SectionConflict`` until someone chooses which text stays: nothing typed is ever overwritten silently.
- ``Comment``: a remark anchored to a section, resolved or not; unresolved ones block the submission.
- ``ReportVersion``: what was submitted, frozen (texts, figures, works, orientations, contact details), numbered.
  Documents are rendered from it only, so that a sent document can be reproduced byte for byte.
- ``ValidationStep`` / ``Approval``: the programme's validation chain and each step's decision on a version.
- ``Document`` / ``Dispatch`` / ``Consent``: the PDFs stored with their hash, who received them, how, and the
  household's consents (the landlord only with an explicit one, dated, with how it was given).
- ``Phrase``, ``WorkCost``, ``EnergyPrice``: the programme's phrase library and the dated parameters of the works.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.accounts.models import Role
from binome.diagnosis.models import private_storage


class Report(models.Model):
    """The compte-rendu of a visit; its content lives in sections, its submitted states in versions."""

    dossier = models.OneToOneField("cases.Dossier", on_delete=models.CASCADE, related_name="report")
    # What the donneur d'alerte reads on their page: copied from the version sent, once sent.
    summary_for_referrer = models.TextField(_("résumé transmis au donneur d'alerte"), blank=True, editable=False)
    created_at = models.DateTimeField(_("ouvert le"), default=timezone.now)

    class Meta:
        verbose_name = _("compte-rendu")
        verbose_name_plural = _("comptes-rendus")

    def __str__(self):
        return f"{self.dossier}"

    def get_additional_data(self) -> dict:
        """What the audit trail (django-auditlog) files a change under: the dossier (id)."""
        return {"dossier": self.dossier_id}


class ReportSection(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="sections", verbose_name=_("compte-rendu")
    )
    key = models.SlugField(_("section"), max_length=30)
    text = models.TextField(_("texte"), blank=True)
    data = models.JSONField(_("choix"), default=dict, blank=True)  # works chosen and ordered, photos ticked
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("modifiée par")
    )
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)

    class Meta:
        verbose_name = _("section du compte-rendu")
        verbose_name_plural = _("sections du compte-rendu")
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="report_section_one_per_key")]

    def __str__(self):
        return f"{self.report} {self.key}"

    def get_additional_data(self) -> dict:
        """What the audit trail (django-auditlog) files a change under: the dossier (id)."""
        return {"dossier": self.report.dossier_id}


class SectionConflict(models.Model):
    """A text saved on a version someone else had changed meanwhile: kept until one of the two is chosen."""

    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="conflicts")
    text = models.TextField(_("texte non enregistré"))
    base_version = models.PositiveIntegerField(_("version de départ"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("conflit de saisie")
        verbose_name_plural = _("conflits de saisie")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.section} conflit {self.pk}"


class Comment(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="comments", verbose_name=_("compte-rendu")
    )
    section_key = models.SlugField(_("section"), max_length=30)
    text = models.TextField(_("commentaire"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("auteur")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("écrit le"))
    resolved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("résolu le"))
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("résolu par"),
    )

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.report} {self.section_key} commentaire {self.pk}"

    def get_additional_data(self) -> dict:
        """What the audit trail (django-auditlog) files a change under: the dossier (id)."""
        return {"dossier": self.report.dossier_id}


class FrozenError(ValidationError):
    pass


class ReportVersion(models.Model):
    """A submitted state of the report, frozen: its content never changes once written."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("contenu figé"))
    submitted_at = models.DateTimeField(_("soumise le"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField(_("renvoyée le"), null=True, blank=True)
    approved_at = models.DateTimeField(_("validée le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyée au ménage le"), null=True, blank=True)

    class Meta:
        verbose_name = _("version du compte-rendu")
        verbose_name_plural = _("versions du compte-rendu")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_unique_number")]

    def __str__(self):
        return f"{self.report} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = ReportVersion.objects.filter(pk=self.pk).values("content", "number", "report_id").first()
            if stored and (stored["content"], stored["number"], stored["report_id"]) != (
                self.content,
                self.number,
                self.report_id,
            ):
                raise FrozenError(_("Une version soumise est figée : son contenu ne peut plus être modifié."))
        super().save(*args, **kwargs)


class ValidationStep(models.Model):
    """One step of a programme's validation chain (Jura: chef de mission, then chef de service)."""

    programme = models.ForeignKey("territory.Programme", on_delete=models.CASCADE, related_name="validation_steps")
    order = models.PositiveSmallIntegerField(_("ordre"))
    role = models.CharField(
        _("rôle"),
        max_length=20,
        choices=[(Role.CHEF_MISSION, Role.CHEF_MISSION.label), (Role.CHEF_SERVICE, Role.CHEF_SERVICE.label)],
    )
    label = models.CharField(_("intitulé"), max_length=120)
    may_add_opinion = models.BooleanField(_("peut ajouter un avis complémentaire"), default=False)

    class Meta:
        verbose_name = _("étape de validation")
        verbose_name_plural = _("étapes de validation")
        ordering = ["programme", "order"]
        constraints = [models.UniqueConstraint(fields=["programme", "order"], name="validation_step_unique_order")]

    def __str__(self):
        return f"{self.order}. {self.label}"


class Decision(models.TextChoices):
    APPROVED = "approved", _("approuvé")
    RETURNED = "returned", _("renvoyé pour correction")


class Approval(models.Model):
    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="approvals")
    step_order = models.PositiveSmallIntegerField(_("étape"))
    step_label = models.CharField(_("intitulé de l'étape"), max_length=120)
    decision = models.CharField(_("décision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("motif du renvoi"), blank=True)
    opinion = models.TextField(_("avis complémentaire"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    event = models.ForeignKey("cases.DossierEvent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("décision de validation")
        verbose_name_plural = _("décisions de validation")
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "step_order"], name="approval_one_per_step")]

    def __str__(self):
        return f"{self.version} étape {self.step_order} {self.decision}"


class VersionSeen(models.Model):
    """The last version a validator opened, to show what changed since."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="version_seen_once")]

    def __str__(self):
        return f"{self.version} lue par {self.user_id}"


class DocumentKind(models.TextChoices):
    FAMILY = "family", _("compte-rendu du ménage")
    REFERRER = "referrer", _("retour au donneur d'alerte")
    LANDLORD = "landlord", _("fiche technique du bailleur")
    LETTER = "letter", _("courrier de confirmation de visite")


class Document(models.Model):
    """A PDF as it was produced, with its SHA-256: a sent document is kept and can be reproduced byte for byte."""

    dossier = models.ForeignKey("cases.Dossier", on_delete=models.CASCADE, related_name="documents")
    version = models.ForeignKey(
        ReportVersion, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    kind = models.CharField(_("document"), max_length=10, choices=DocumentKind.choices)
    number = models.PositiveIntegerField(_("version"))  # the report's version, or the letter's rank
    file = models.FileField(_("fichier"), storage=private_storage, upload_to="documents/%Y/%m/")
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    size_bytes = models.PositiveIntegerField(_("taille"))
    created_at = models.DateTimeField(_("produit le"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["dossier_id", "kind", "number"]  # the column: no join to the dossiers to sort
        constraints = [
            models.UniqueConstraint(fields=["dossier", "kind", "number"], name="document_unique_kind_number")
        ]

    def __str__(self):
        return f"{self.dossier} {self.kind}-v{self.number}"


class Recipient(models.TextChoices):
    FAMILY = "family", _("le ménage")
    REFERRER = "referrer", _("le donneur d'alerte")
    LANDLORD = "landlord", _("le bailleur")


class Channel(models.TextChoices):
    EMAIL = "email", _("courriel avec le PDF")
    POST = "post", _("imprimé et envoyé par la poste")


class DispatchStatus(models.TextChoices):
    PENDING = "pending", _("en cours d'envoi")
    SENT = "sent", _("envoyé")
    FAILED = "failed", _("échec de l'envoi")


class Dispatch(models.Model):
    """One document sent to one recipient: by e-mail through the task worker, or printed and posted."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="dispatches")
    recipient = models.CharField(_("destinataire"), max_length=10, choices=Recipient.choices)
    address = models.TextField(_("adresse ou courriel"), max_length=400)
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("état"), max_length=10, choices=DispatchStatus.choices, default=DispatchStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.CharField(_("dernière erreur"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.document} → {self.recipient} ({self.channel})"


class ConsentMethod(models.TextChoices):
    ORAL_AT_VISIT = "oral_visit", _("accord oral pendant la visite, noté par le binôme")
    SIGNED_FORM = "signed_form", _("formulaire signé par le ménage")
    WRITTEN = "written", _("courrier ou courriel du ménage")
    PHONE = "phone", _("accord donné par téléphone")


class Consent(models.Model):
    """The household's explicit consent to send the landlord the technical sheet: when and how it was given."""

    dossier = models.ForeignKey("cases.Dossier", on_delete=models.CASCADE, related_name="report_consents")
    recipient = models.CharField(_("destinataire"), max_length=10, choices=Recipient.choices)
    given_on = models.DateField(_("accord donné le"))
    method = models.CharField(_("comment"), max_length=20, choices=ConsentMethod.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)

    class Meta:
        verbose_name = _("accord du ménage")
        verbose_name_plural = _("accords du ménage")
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.dossier} {self.recipient} {self.given_on}"


class Phrase(models.Model):
    """A reusable sentence of the programme's library, offered beside one section of the report."""

    programme = models.ForeignKey("territory.Programme", on_delete=models.CASCADE, related_name="report_phrases")
    topic = models.SlugField(_("section"), max_length=30)
    text = models.TextField(_("phrase"), max_length=600)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    active = models.BooleanField(_("proposée"), default=True)

    class Meta:
        verbose_name = _("phrase type")
        verbose_name_plural = _("phrases types")
        ordering = ["programme", "topic", "position", "pk"]

    def __str__(self):
        return self.text[:60]


class WorkCost(models.Model):
    """The indicative cost of one kind of works, dated and sourced (TTC, per m² or per installation)."""

    programme = models.ForeignKey("territory.Programme", on_delete=models.CASCADE, related_name="work_costs")
    work = models.SlugField(_("travaux"), max_length=40)
    low = models.DecimalField(_("coût bas (€ TTC)"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)])
    high = models.DecimalField(
        _("coût haut (€ TTC)"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)]
    )
    per_m2 = models.BooleanField(_("au m²"), default=True)
    valid_from = models.DateField(_("valable depuis"))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("coût des travaux")
        verbose_name_plural = _("coûts des travaux")
        ordering = ["programme", "work", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "work", "valid_from"], name="work_cost_unique_date"),
            models.CheckConstraint(
                condition=models.Q(high__gte=models.F("low")),
                name="work_cost_range_ordered",
                violation_error_message=_("Le coût haut doit être au moins égal au coût bas."),
            ),
        ]

    def __str__(self):
        return f"{self.work} ({self.valid_from})"


class EnergyPrice(models.Model):
    """The price of one energy for the households (€ TTC per kWh of final energy), dated and sourced."""

    programme = models.ForeignKey("territory.Programme", on_delete=models.CASCADE, related_name="energy_prices")
    energy = models.SlugField(_("énergie"), max_length=30)
    eur_per_kwh = models.DecimalField(
        _("prix (€ TTC par kWh)"), max_digits=7, decimal_places=5, validators=[MinValueValidator(0)]
    )
    valid_from = models.DateField(_("valable depuis"))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("prix de l'énergie")
        verbose_name_plural = _("prix de l'énergie")
        ordering = ["programme", "energy", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "energy", "valid_from"], name="energy_price_unique_date")
        ]

    def __str__(self):
        return f"{self.energy} ({self.valid_from})"


def _delete_file(sender, instance, **kwargs):
    """A document deleted with its dossier (a demo reset) takes its PDF with it."""
    if instance.file:
        instance.file.delete(save=False)


models.signals.post_delete.connect(_delete_file, sender=Document, dispatch_uid="reports-document-file")
