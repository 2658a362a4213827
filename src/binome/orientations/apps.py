from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrientationsConfig(AppConfig):
    name = "binome.orientations"
    verbose_name = _("orientations")

    def ready(self):
        from binome.orientations import chain  # noqa: F401 (registers the closing guard and the dossier panel)
