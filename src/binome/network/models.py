from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceFamily(models.TextChoices):
    """The three families of referral sources used in the Jura reports, plus the other channels."""

    DEPARTMENT_SOCIAL = "department_social", _("travailleurs sociaux du Département")
    PARTNER_SOCIAL = "partner_social", _("travailleurs sociaux partenaires")
    PARTNER_STRUCTURE = "partner_structure", _("structures partenaires")
    WORKSHOP = "workshop", _("ateliers et réunions")
    SELF = "self", _("demande du ménage")


class OrganisationKind(models.TextChoices):
    DEPARTMENT_SOCIAL = "department_social", _("services sociaux du Département")
    CCAS = "ccas", _("CCAS / CIAS")
    UDAF = "udaf", _("UDAF")
    CAF = "caf", _("CAF")
    MSA = "msa", _("MSA")
    ADIL = "adil", _("ADIL")
    ENERGY_ASSOCIATION = "energy_association", _("association énergie")
    HOUSING_OPERATOR = "housing_operator", _("opérateur de l'habitat")
    SOCIAL_LANDLORD = "social_landlord", _("bailleur social")
    CHARITY = "charity", _("association caritative")
    HEALTH = "health", _("professionnel de santé")
    OTHER = "other", _("autre")


# Where each kind of organisation falls in the source families of the activity reports.
KIND_TO_FAMILY = {
    OrganisationKind.DEPARTMENT_SOCIAL: SourceFamily.DEPARTMENT_SOCIAL,
    OrganisationKind.CCAS: SourceFamily.PARTNER_SOCIAL,
    OrganisationKind.UDAF: SourceFamily.PARTNER_SOCIAL,
    OrganisationKind.CAF: SourceFamily.PARTNER_SOCIAL,
    OrganisationKind.MSA: SourceFamily.PARTNER_SOCIAL,
}


class Organisation(models.Model):
    """A partner organisation whose staff refer households (donneurs d'alerte)."""

    programme = models.ForeignKey("territory.Programme", on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=OrganisationKind.choices)
    email = models.EmailField(_("adresse électronique"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)

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
        return KIND_TO_FAMILY.get(self.kind, SourceFamily.PARTNER_STRUCTURE)
