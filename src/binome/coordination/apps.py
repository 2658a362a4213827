from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "binome.coordination"
    verbose_name = _("coordination")

    def ready(self):
        # Registers the guards and the dossier panel, and ranks the households of the tour proposal.
        from binome.coordination import chain, tour_ranking  # noqa: F401
