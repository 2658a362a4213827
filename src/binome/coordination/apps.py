from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "binome.coordination"
    verbose_name = _("coordination")

    def ready(self):
        from binome.coordination import chain  # noqa: F401 (registers the guards and the dossier panel)
