"""What the diagnosis adds to the dossier's chain (registered from ``DiagnosisConfig.ready``).

- the cross-reading starts only when both sides of the diagnosis were written;
- the dossier page shows the diagnosis block, with the side each visitor may fill (its notes read with the dossier).
"""

from django.db.models import FilteredRelation, Q, Value
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from binome.cases import chain, policies
from binome.diagnosis.models import Side


def _note_of(side: str) -> str:
    return f"diagnosis_note_{side}"


@chain.page_read
def _read_with_dossier(queryset):
    """The two notes of the diagnosis (one per side, with their authors), with the dossier."""
    notes = {
        _note_of(side): FilteredRelation("diagnosis_notes", condition=Q(diagnosis_notes__side=side))
        for side in Side.values
    }
    return queryset.annotate(**notes, diagnosis_notes_read=Value(True)).select_related(
        *(f"{name}__author" for name in notes)
    )


def _notes(dossier) -> dict:
    """The dossier's notes by side: read with the dossier on its page (a side not written is not set), else here."""
    if getattr(dossier, "diagnosis_notes_read", False):
        notes = {side: getattr(dossier, _note_of(side), None) for side in Side.values}
        return {side: note for side, note in notes.items() if note is not None}
    return {n.side: n for n in dossier.diagnosis_notes.select_related("author")}


@chain.guard("start_review")
def _both_sides_written(dossier, user, now):
    missing = set(Side.values) - set(_notes(dossier))
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
        "notes": _notes(dossier),
        "can_edit_technical": policies.can_edit_diagnosis(request, dossier, Side.TECHNICAL),
        "can_edit_social": policies.can_edit_diagnosis(request, dossier, Side.SOCIAL),
    }
    return render_to_string("diagnosis/panels/diagnosis.html", context, request=request)
