"""Where requests come from: the kinds of partner organisations and the source families of the activity reports.

A dossier's source family is fixed when the request is received (``Dossier.source_family``); the directory
(``network``) classifies its organisations with the same kinds.
"""

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
    DEPARTMENT_SOCIAL = "department_social", _("Département — action sociale, insertion, logement")
    DEPARTMENT_ELDERLY = "department_elderly", _("Département — personnes âgées, autonomie")
    DEPARTMENT_CHILDHOOD = "department_childhood", _("Département — enfance, PMI")
    CCAS = "ccas", _("CCAS / CIAS")
    UDAF = "udaf", _("UDAF")
    CAF = "caf", _("CAF")
    MSA = "msa", _("MSA")
    ADIL = "adil", _("ADIL")
    ENERGY_ASSOCIATION = "energy_association", _("association énergie")
    ARS = "ars", _("ARS")
    HOUSING_OPERATOR = "housing_operator", _("opérateur de l'habitat")
    SOCIAL_LANDLORD = "social_landlord", _("bailleur social")
    CHARITY = "charity", _("association caritative")
    PUBLIC_SERVICE_RELAY = "public_service_relay", _("relais de services publics (France services…)")
    INSERTION = "insertion", _("structure d'insertion")
    ENERGY_SUPPLIER = "energy_supplier", _("fournisseur d'énergie")
    HEALTH = "health", _("professionnel de santé")
    OTHER = "other", _("autre")


# Where each kind of organisation falls in the source families of the activity reports; the other
# kinds are partner structures.
KIND_TO_FAMILY = {
    OrganisationKind.DEPARTMENT_SOCIAL: SourceFamily.DEPARTMENT_SOCIAL,
    OrganisationKind.DEPARTMENT_ELDERLY: SourceFamily.DEPARTMENT_SOCIAL,
    OrganisationKind.DEPARTMENT_CHILDHOOD: SourceFamily.DEPARTMENT_SOCIAL,
    OrganisationKind.CCAS: SourceFamily.PARTNER_SOCIAL,
    OrganisationKind.UDAF: SourceFamily.PARTNER_SOCIAL,
    OrganisationKind.CAF: SourceFamily.PARTNER_SOCIAL,
    OrganisationKind.MSA: SourceFamily.PARTNER_SOCIAL,
}


def family_of_kind(kind: str) -> str:
    return KIND_TO_FAMILY.get(kind, SourceFamily.PARTNER_STRUCTURE)
