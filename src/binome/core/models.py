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
