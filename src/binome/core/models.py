from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TaskFailure(models.Model):
    """A background task that failed at its last attempt (``core.tasks.retried_task``), until someone relaunches it.

    It holds what the task was called with (ids only: tasks never take personal data) and the class of the last
    error, never its message (an SMTP refusal quotes addresses). ``core`` sees no other app: the dossier and the
    programme are plain ids, which the coordinator's list and the dossier page filter on.
    """

    task = models.CharField(_("tâche"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("arguments nommés"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"))
    error = models.CharField(_("erreur"), max_length=200)
    dossier_id = models.BigIntegerField(_("dossier"), null=True, blank=True, db_index=True)
    programme_id = models.BigIntegerField(_("programme"), null=True, blank=True, db_index=True)
    failed_at = models.DateTimeField(_("échec le"), default=timezone.now)
    resolved_at = models.DateTimeField(_("relancée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("tâche en échec")
        verbose_name_plural = _("tâches en échec")
        ordering = ["-failed_at", "-pk"]

    def __str__(self):
        return f"{self.task} ({self.failed_at:%Y-%m-%d %H:%M})"


class ReadKind(models.TextChoices):
    DOSSIER = "dossier", _("page du dossier")
    DIAGNOSIS = "diagnosis", _("diagnostic")
    PHOTO = "photo", _("photo")
    DOCUMENT = "document", _("document (PDF)")
    EXPORT = "export", _("export des données")


class ReadRecord(models.Model):
    """One read of a household's data (a dossier page, the diagnosis, a photo, a document, an export).

    Ids only, never a name: the record says who read what and when, which the programme's data-protection officer
    filters (``binome.privacy``). ``core`` sees no other app, so the user, the programme and the dossier are plain
    ids, like ``TaskFailure``; written with a single INSERT by ``core.audit.record_read``.
    """

    at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)
    user_id = models.BigIntegerField(_("utilisateur"), null=True, blank=True, db_index=True)
    programme_id = models.BigIntegerField(_("programme"), null=True, blank=True)
    dossier_id = models.BigIntegerField(_("dossier"), null=True, blank=True, db_index=True)
    kind = models.CharField(_("lecture"), max_length=12, choices=ReadKind.choices)
    object_type = models.CharField(_("type d'objet"), max_length=100)
    object_id = models.BigIntegerField(_("objet"), null=True, blank=True)

    class Meta:
        verbose_name = _("lecture")
        verbose_name_plural = _("lectures")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["programme_id", "at"])]

    def __str__(self):
        return f"{self.kind} {self.object_type}:{self.object_id} ({self.at:%Y-%m-%d %H:%M})"


class SummaryStamp(models.Model):
    """How many times the data of a scope (``"programme:12"``) changed: a summary computed at an older
    generation is stale (``core.summaries``). Bumped after each commit that changes the data the figures read."""

    scope = models.CharField(_("périmètre"), max_length=100, unique=True)
    generation = models.PositiveBigIntegerField(_("génération"), default=0)
    changed_at = models.DateTimeField(_("modifié le"), default=timezone.now)
    refresh_queued = models.BooleanField(_("mise à jour demandée"), default=False)

    class Meta:
        verbose_name = _("horodatage des données")
        verbose_name_plural = _("horodatages des données")

    def __str__(self):
        return f"{self.scope} #{self.generation}"


class Summary(models.Model):
    """Figures precomputed for one key (a kind and its parameters) of a scope, at one generation of its data."""

    key = models.CharField(_("clé"), max_length=300, unique=True)
    kind = models.CharField(_("sorte"), max_length=50)
    scope = models.CharField(_("périmètre"), max_length=100)
    params = models.JSONField(_("paramètres"), default=dict)
    generation = models.PositiveBigIntegerField(_("génération"))
    data = models.JSONField(_("chiffres"), default=dict)
    computed_at = models.DateTimeField(_("calculés le"), default=timezone.now)
    seconds = models.FloatField(_("durée du calcul (s)"), default=0)
    used_at = models.DateTimeField(_("lus le"), default=timezone.now)

    class Meta:
        verbose_name = _("chiffres précalculés")
        verbose_name_plural = _("chiffres précalculés")
        indexes = [models.Index(fields=["scope", "generation"], name="summary_scope_generation")]

    def __str__(self):
        return self.key
