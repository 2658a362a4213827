import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    TECHNICAL = "technical", _("diagnostic technique")
    SOCIAL = "social", _("diagnostic social")


class DiagnosisNote(models.Model):
    """The visitor's free-text findings for one side (required on both sides before the review starts)."""

    dossier = models.ForeignKey("cases.Dossier", on_delete=models.CASCADE, related_name="diagnosis_notes")
    side = models.CharField(_("volet"), max_length=10, choices=Side.choices)
    text = models.TextField(_("constats"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("auteur")
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("note de diagnostic")
        verbose_name_plural = _("notes de diagnostic")
        constraints = [models.UniqueConstraint(fields=["dossier", "side"], name="diagnosis_note_one_per_side")]

    def __str__(self):
        return f"{self.dossier} {self.side}"

    def get_additional_data(self) -> dict:
        """What the audit trail (django-auditlog) files a change under: the dossier (id)."""
        return {"dossier": self.dossier_id}


class DiagnosisSection(models.Model):
    """One short section of the diagnosis form (household, resources, dwelling, bills…).

    ``data`` is the section form's cleaned data as JSON (dates as ISO strings, decimals as strings): each section is
    self-contained, so an offline client can later keep and replay it as is. ``version`` guards concurrent edits.
    """

    dossier = models.ForeignKey("cases.Dossier", on_delete=models.CASCADE, related_name="diagnosis_sections")
    key = models.SlugField(_("section"), max_length=30)
    data = models.JSONField(_("données"), default=dict)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("modifiée par")
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("section du diagnostic")
        verbose_name_plural = _("sections du diagnostic")
        constraints = [models.UniqueConstraint(fields=["dossier", "key"], name="diagnosis_section_one_per_key")]

    def __str__(self):
        return f"{self.dossier} {self.key}"

    def get_additional_data(self) -> dict:
        """What the audit trail (django-auditlog) files a change under: the dossier (id)."""
        return {"dossier": self.dossier_id}


class PrivateStorage(FileSystemStorage):
    """Files kept outside the web root (``PRIVATE_MEDIA_ROOT``), served only by permission-checked views.

    The folder is read from the settings at each use (tests point it to a temporary folder), and no URL exists."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL: serve them through a permission-checked view.")


def private_storage():
    """The private files' storage: this disk, or S3-compatible object storage (``STORAGES["private"]``, operations)."""
    if "private" in settings.STORAGES:
        from django.core.files.storage import storages

        return storages["private"]
    return PrivateStorage()


class PhotoKind(models.TextChoices):
    PHOTO = "photo", _("photo")
    THERMAL = "thermal", _("image thermique")


class Photo(models.Model):
    dossier = models.ForeignKey("cases.Dossier", on_delete=models.CASCADE, related_name="diagnosis_photos")
    side = models.CharField(_("volet"), max_length=10, choices=Side.choices, default=Side.TECHNICAL)
    kind = models.CharField(_("type"), max_length=10, choices=PhotoKind.choices, default=PhotoKind.PHOTO)
    caption = models.CharField(_("légende"), max_length=200, blank=True)
    image = models.FileField(_("image"), storage=private_storage, upload_to="diagnosis/%Y/%m/")
    width = models.PositiveIntegerField(_("largeur"))
    height = models.PositiveIntegerField(_("hauteur"))
    size_bytes = models.PositiveIntegerField(_("taille"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("déposée par")
    )
    uploaded_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return _("%(dossier)s photo %(pk)s") % {"dossier": self.dossier, "pk": self.pk}

    def get_additional_data(self) -> dict:
        """What the audit trail (django-auditlog) files a change under: the dossier (id)."""
        return {"dossier": self.dossier_id}


class KitCategory(models.TextChoices):
    BILL = "bill", _("économie sur la facture")
    COMFORT = "comfort", _("confort")


class KitItem(models.Model):
    """An item of the small-equipment kit left in the home (LED bulb, shower head, draught strip…)."""

    programme = models.ForeignKey("territory.Programme", on_delete=models.CASCADE, related_name="kit_items")
    name = models.CharField(_("article"), max_length=120)
    category = models.CharField(_("catégorie"), max_length=10, choices=KitCategory.choices)
    unit_cost = models.DecimalField(
        _("coût unitaire (€)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    expected_saving_eur = models.DecimalField(
        _("économie attendue (€/an)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Laisser vide si elle n'est pas connue."),
    )
    active = models.BooleanField(_("proposé"), default=True)

    class Meta:
        verbose_name = _("article du kit")
        verbose_name_plural = _("articles du kit")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="kit_item_unique_name")]

    def __str__(self):
        return self.name


class KitStock(models.Model):
    """Quantity of an item handed to a team (one team per unité territoriale)."""

    item = models.ForeignKey(KitItem, on_delete=models.CASCADE, related_name="stocks")
    unite = models.ForeignKey("territory.UniteTerritoriale", on_delete=models.CASCADE, related_name="kit_stocks")
    quantity = models.PositiveIntegerField(_("quantité reçue"))

    class Meta:
        verbose_name = _("stock du kit")
        verbose_name_plural = _("stocks du kit")
        constraints = [models.UniqueConstraint(fields=["item", "unite"], name="kit_stock_unique")]

    def __str__(self):
        return f"{self.item} — {self.unite}"


class KitInstallation(models.Model):
    dossier = models.ForeignKey("cases.Dossier", on_delete=models.CASCADE, related_name="kit_installations")
    item = models.ForeignKey(KitItem, on_delete=models.CASCADE, related_name="installations")
    quantity = models.PositiveIntegerField(_("quantité posée"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("équipement posé")
        verbose_name_plural = _("équipements posés")
        constraints = [models.UniqueConstraint(fields=["dossier", "item"], name="kit_installation_unique")]

    def __str__(self):
        return f"{self.item} × {self.quantity}"


class KitUsage(models.Model):
    """How many of an item were installed, all dossiers of a team's UT together: what ``KitStock`` is reduced by.

    Maintained by PostgreSQL triggers (migration ``0003_kit_usage``) on every change of an installation, of a
    dossier's commune and of a commune's UT, so that the diagnosis page reads one row per item instead of summing
    every installation ever made in the UT. ``refresh_kit_usage()`` (SQL) recomputes it from the installations,
    for data loaded with the triggers off (``bench/generate.py``)."""

    unite = models.ForeignKey("territory.UniteTerritoriale", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(KitItem, on_delete=models.CASCADE, related_name="+")
    quantity = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("équipements posés par UT")
        verbose_name_plural = _("équipements posés par UT")
        constraints = [models.UniqueConstraint(fields=["unite", "item"], name="kit_usage_unique")]

    def __str__(self):
        return f"{self.item} — {self.unite}"
