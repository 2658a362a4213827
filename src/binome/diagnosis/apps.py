from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosisConfig(AppConfig):
    name = "binome.diagnosis"
    verbose_name = _("diagnostic")

    def ready(self):
        from binome.diagnosis import chain  # noqa: F401 (registers the review guard and the dossier panel)
