from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Solution(models.TextChoices):
    WORKS_AID = "works_aid", _("aide aux travaux (France Rénov', MaPrimeRénov')")
    SMALL_WORKS = "small_works", _("petits travaux, auto-réhabilitation")
    FSL = "fsl", _("FSL énergie / eau")
    CHEQUE_ENERGIE = "cheque_energie", _("chèque énergie")
    PAYMENT_PLAN = "payment_plan", _("échéancier avec le fournisseur, médiation")
    LANDLORD_MEDIATION = "landlord_mediation", _("médiation avec le bailleur")
    NON_DECENCY = "non_decency", _("signalement de non-décence (CAF / MSA)")
    INSALUBRITY = "insalubrity", _("signalement RSD / insalubrité")
    BUDGET_SUPPORT = "budget_support", _("accompagnement budgétaire (point conseil budget)")
    SOCIAL_SUPPORT = "social_support", _("accompagnement social lié au logement")
    CONTRACT_ADJUSTMENT = "contract_adjustment", _("ajustement du contrat ou de la puissance")
    EQUIPMENT = "equipment", _("remplacement d'équipement")
    OTHER = "other", _("autre")


class OrientationStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposée")
    ACCEPTED = "accepted", _("acceptée par le ménage")
    IN_PROGRESS = "in_progress", _("en cours")
    ACHIEVED = "achieved", _("aboutie")
    ABANDONED = "abandoned", _("abandonnée")


class Orientation(models.Model):
    """A referral of the household to a partner solution, and what came of it."""

    dossier = models.ForeignKey("cases.Dossier", on_delete=models.CASCADE, related_name="orientations")
    solution = models.CharField(_("solution"), max_length=30, choices=Solution.choices)
    partner = models.CharField(_("partenaire"), max_length=200, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=OrientationStatus.choices, default=OrientationStatus.PROPOSED
    )
    outcome = models.TextField(_("résultat"), blank=True)
    created_at = models.DateTimeField(_("proposée le"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.dossier} {self.get_solution_display()}"
