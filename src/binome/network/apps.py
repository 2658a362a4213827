from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "binome.network"
    verbose_name = _("réseau")

    def ready(self):
        from binome.cases.models import Dossier
        from binome.core import summaries
        from binome.network import (
            chain,  # noqa: F401 (registers the milestone e-mails and the referral hints)
            figures,  # noqa: F401 (registers the health page's and the directory's summaries)
        )
        from binome.territory.models import Commune, UniteTerritoriale

        # The data the network's precomputed figures read: a change makes the programme's figures stale.
        for model in (Dossier, Commune, UniteTerritoriale):
            summaries.watch(model, summaries.of_programme)
