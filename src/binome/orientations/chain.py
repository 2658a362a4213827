"""What the orientations add to the dossier's chain (registered from ``OrientationsConfig.ready``).

- a dossier is closed only once at least one orientation was recorded;
- the dossier page shows the orientations block, with the form to add one.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from binome.cases import chain, policies
from binome.orientations.forms import OrientationForm


@chain.guard("close")
def _oriented(dossier, user, now):
    if not dossier.orientations.exists():
        return _("Enregistrez au moins une orientation avant de clôturer le dossier.")
    return None


@chain.panel(50)
def _orientations_panel(request, dossier) -> str:
    context = {
        "dossier": dossier,
        "orientations": list(dossier.orientations.all()),
        "orientation_form": OrientationForm(),
        "can_manage_orientations": policies.can_manage_orientations(request, dossier),
    }
    return render_to_string("orientations/panels/orientations.html", context, request=request)
