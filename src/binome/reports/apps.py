from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "binome.reports"
    verbose_name = _("comptes-rendus")

    def ready(self):
        from binome.reports import chain  # noqa: F401 (registers the submission guard, the review effect and the dossier panel)
