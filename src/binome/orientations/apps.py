from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrientationsConfig(AppConfig):
    name = "binome.orientations"
    verbose_name = _("orientations")

    def ready(self):
        from binome.orientations import (
            chain,  # noqa: F401 (registers the closing guard and the dossier panel)
            outcomes,  # noqa: F401 (registers the outcome rates' summary)
        )

        _watch()


def _watch():
    """The data the outcome rates read: a change makes the programme's precomputed figures stale."""
    from binome.cases.models import Dossier, DossierEvent
    from binome.core import summaries
    from binome.orientations.models import Baseline, FollowUp, Orientation, Solution
    from binome.territory.models import Commune, UniteTerritoriale

    for model in (Dossier, Solution, Commune, UniteTerritoriale):
        summaries.watch(model, summaries.of_programme)
    for model in (DossierEvent, FollowUp, Orientation, Baseline):
        summaries.watch(model, summaries.of_dossier)
