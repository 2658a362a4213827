from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "binome.core"
    verbose_name = "Binôme"

    def ready(self):
        from django.db.models.signals import pre_save

        from binome.core import audit

        pre_save.connect(audit.file_entry, sender="auditlog.LogEntry", dispatch_uid="binome-audit-file-entry")
