from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "binome.privacy"
    verbose_name = _("protection des données")

    def ready(self):
        from auditlog.models import LogEntry
        from django.contrib import admin

        from binome.privacy import chain, trail

        trail.register_models()
        chain.register()
        # The trail holds the values changed, of every programme: it is read through the DPO page (scoped to the
        # programme, field names only), never through the admin that auditlog registers.
        if admin.site.is_registered(LogEntry):
            admin.site.unregister(LogEntry)
