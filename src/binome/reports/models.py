from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    """The compte-rendu of a visit: synthèse famille + synthèse technique, then validations."""

    dossier = models.OneToOneField("cases.Dossier", on_delete=models.CASCADE, related_name="report")
    family_synthesis = models.TextField(_("synthèse famille"), blank=True)
    technical_synthesis = models.TextField(_("synthèse technique"), blank=True)
    summary_for_referrer = models.TextField(
        _("résumé pour le donneur d'alerte"),
        blank=True,
        help_text=_("Visible par le donneur d'alerte seulement si le ménage a accepté ce partage."),
    )
    service_opinion = models.TextField(_("avis du chef de service"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("compte-rendu")
        verbose_name_plural = _("comptes-rendus")

    def __str__(self):
        return f"{self.dossier}"

    @property
    def is_complete(self) -> bool:
        return bool(self.family_synthesis.strip() and self.technical_synthesis.strip())
