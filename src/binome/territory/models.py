from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    """One SLIME: the service run by one collectivité on its territory."""

    slug = models.SlugField(_("identifiant"), unique=True)
    name = models.CharField(_("nom"), max_length=200)
    collectivite = models.CharField(_("collectivité"), max_length=200)
    departement = models.CharField(_("département (code)"), max_length=3)
    start_year = models.PositiveSmallIntegerField(_("première année"))
    end_year = models.PositiveSmallIntegerField(_("dernière année"))
    target_per_thousand = models.DecimalField(
        _("objectif de ménages visités pour 1 000 ménages"), max_digits=5, decimal_places=2, default=Decimal("2")
    )
    budget_eur = models.DecimalField(_("budget (€)"), max_digits=12, decimal_places=2, default=0)
    reference_population = models.PositiveIntegerField(
        _("population de référence"), help_text=_("Nombre d'habitants du territoire (recensement).")
    )
    reference_households = models.PositiveIntegerField(
        _("ménages de référence"), help_text=_("Nombre de ménages du territoire (recensement).")
    )
    region_ile_de_france = models.BooleanField(_("en Île-de-France"), default=False)
    # The SLIME's own contact details: shown on the public form, the confirmation letter and every document.
    contact_phone = models.CharField(_("téléphone du SLIME"), max_length=30, blank=True)
    contact_email = models.EmailField(_("adresse électronique du SLIME"), blank=True)
    contact_address = models.TextField(
        _("adresse postale du SLIME"), blank=True, help_text=_("Une ligne par ligne de l'adresse.")
    )
    contact_hours = models.CharField(
        _("horaires d'accueil téléphonique"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : du lundi au vendredi, 9 h – 12 h."),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("durée de conservation (années)"),
        default=2,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Les données personnelles d'un ménage sont anonymisées ce nombre d'années après le dernier contact "
            "(référentiel de la CNIL pour l'action sociale : deux ans)."
        ),
    )
    # Set only by the demo loader: ``load_demo --reset`` deletes these programmes and no other.
    is_demo = models.BooleanField(_("programme de démonstration"), default=False, editable=False)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="programme_years_ordered",
                violation_error_message=_("La dernière année doit suivre la première."),
            ),
            models.CheckConstraint(
                condition=models.Q(reference_households__gt=0),
                name="programme_households_positive",
                violation_error_message=_("Le nombre de ménages doit être positif."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def persons_per_household(self) -> Decimal:
        return Decimal(self.reference_population) / Decimal(self.reference_households)

    @property
    def yearly_target(self) -> int:
        """Households to visit per year: households × target / 1,000 (Jura: 116,653 × 2 ‰ ≈ 233)."""
        raw = Decimal(self.reference_households) * self.target_per_thousand / Decimal(1000)
        return int(raw.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class UniteTerritoriale(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="unites")
    name = models.CharField(_("nom"), max_length=120)
    # A programme figure (census households of the UT): the denominator of "visits per 1,000 households".
    households = models.PositiveIntegerField(
        _("ménages"), default=0, help_text=_("Nombre de ménages de l'unité territoriale (recensement).")
    )

    class Meta:
        verbose_name = _("unité territoriale")
        verbose_name_plural = _("unités territoriales")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="ut_unique_name_per_programme")]

    def __str__(self):
        return self.name


class Commune(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="communes")
    unite = models.ForeignKey(UniteTerritoriale, on_delete=models.PROTECT, related_name="communes")
    insee_code = models.CharField(_("code INSEE"), max_length=5)
    name = models.CharField(_("nom"), max_length=120)
    postal_codes = models.JSONField(_("codes postaux"), default=list)
    population = models.PositiveIntegerField(_("population"), validators=[MinValueValidator(0)])
    longitude = models.FloatField(_("longitude du centre"))
    latitude = models.FloatField(_("latitude du centre"))

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "insee_code"], name="commune_unique_insee_per_programme")
        ]

    def __str__(self):
        return f"{self.name} ({self.postal_codes[0] if self.postal_codes else self.insee_code})"

    def estimated_households(self, persons_per_household: Decimal) -> int:
        """Households estimated from population with the programme's persons-per-household ratio."""
        return int((Decimal(self.population) / persons_per_household).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class CoverageYear(models.Model):
    """A unité territoriale open to visits in a given year (the Jura covers two UTs a year)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="coverage")
    year = models.PositiveSmallIntegerField(_("année"))
    unite = models.ForeignKey(UniteTerritoriale, on_delete=models.CASCADE, related_name="coverage")

    class Meta:
        verbose_name = _("couverture annuelle")
        verbose_name_plural = _("plan de couverture")
        ordering = ["year", "unite__name"]
        constraints = [models.UniqueConstraint(fields=["unite", "year"], name="coverage_unique_ut_year")]

    def __str__(self):
        return f"{self.year} — {self.unite}"

    @classmethod
    def waiting_notice(cls, commune, year: int) -> str:
        """What a referrer is told when the commune's UT is not covered in ``year`` (empty when it is): the
        visit waits for the next year planned for that UT, unless the coordinator grants a derogation."""
        planned = list(cls.objects.filter(unite_id=commune.unite_id, year__gte=year).values_list("year", flat=True))
        if year in planned:
            return ""
        later = min(planned, default=None)
        unite = commune.unite.name
        if later is None:
            return _(
                "%(commune)s dépend de l'unité territoriale de %(unite)s, qui n'est pas couverte en %(year)s et dont "
                "l'année de couverture n'est pas encore fixée : le SLIME vous dira quand la visite pourra avoir "
                "lieu (plus tôt en cas d'urgence, par dérogation)."
            ) % {"commune": commune.name, "unite": unite, "year": year}
        return _(
            "%(commune)s dépend de l'unité territoriale de %(unite)s, qui n'est pas couverte en %(year)s : la visite "
            "aura lieu en %(later)s, quand l'UT sera couverte (plus tôt en cas d'urgence, par dérogation)."
        ) % {"commune": commune.name, "unite": unite, "year": year, "later": later}
