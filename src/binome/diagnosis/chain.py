"""What the diagnosis adds to the dossier's chain (registered from ``DiagnosisConfig.ready``).

- the cross-reading starts only when both sides of the diagnosis were written;
- the dossier page shows the diagnosis block, with the side each visitor may fill.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from binome.cases import chain, policies
from binome.diagnosis.models import Side


@chain.guard("start_review")
def _both_sides_written(dossier, user, now):
    missing = set(Side.values) - set(dossier.diagnosis_notes.values_list("side", flat=True))
    if missing == set(Side.values):
        return _("Il manque le diagnostic technique et le diagnostic social de la visite.")
    if missing == {Side.TECHNICAL}:
        return _("Il manque le diagnostic technique de la visite.")
    if missing == {Side.SOCIAL}:
        return _("Il manque le diagnostic social de la visite.")
    return None


@chain.panel(30)
def _diagnosis_panel(request, dossier) -> str:
    context = {
        "dossier": dossier,
        "notes": {n.side: n for n in dossier.diagnosis_notes.select_related("author")},
        "can_edit_technical": policies.can_edit_diagnosis(request, dossier, Side.TECHNICAL),
        "can_edit_social": policies.can_edit_diagnosis(request, dossier, Side.SOCIAL),
    }
    return render_to_string("diagnosis/panels/diagnosis.html", context, request=request)
