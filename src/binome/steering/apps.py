from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    name = "binome.steering"
    verbose_name = _("pilotage")

    def ready(self):
        from binome.cases.models import Dossier, DossierEvent
        from binome.core import summaries
        from binome.diagnosis.models import KitInstallation
        from binome.steering import dashboard, maps  # noqa: F401 (register the dashboard's and the map's summaries)
        from binome.steering.models import BudgetLine
        from binome.territory.models import Commune, CoverageYear, UniteTerritoriale

        # The data the dashboard and the map read: a change makes the programme's precomputed figures stale.
        for model in (Dossier, BudgetLine, Commune, CoverageYear, UniteTerritoriale):
            summaries.watch(model, summaries.of_programme)
        for model in (DossierEvent, KitInstallation):
            summaries.watch(model, summaries.of_dossier)
