from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from binome.accounts import policies
from binome.cases.views import _dossier_for
from binome.cases.workflow import State
from binome.core.concurrency import StaleEdit
from binome.diagnosis.forms import DiagnosisNoteForm
from binome.diagnosis.models import DiagnosisNote, Side


def edit(request, pk, side):
    if side not in Side.values:
        raise Http404
    dossier = _dossier_for(request, pk)
    if not policies.can_edit_diagnosis(request, dossier, side):
        raise PermissionDenied("Ce volet du diagnostic est rempli par l'autre membre du binôme.")
    if dossier.state not in {State.SCHEDULED, State.VISITED}:
        messages.error(request, "Le diagnostic se remplit entre la programmation de la visite et la relecture.")
        return redirect("cases:detail", pk=dossier.pk)
    note = DiagnosisNote.objects.filter(dossier=dossier, side=side).first()
    stale = None
    if note is None:
        form = DiagnosisNoteForm(request.POST or None, initial={"version": 0})
    else:
        form = DiagnosisNoteForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        if note is None:
            created = form.save(commit=False)
            created.dossier, created.side, created.author = dossier, side, request.user
            created.save()
            messages.success(request, "Diagnostic enregistré.")
            return redirect("cases:detail", pk=dossier.pk)
        try:
            form.save_versioned(author=request.user)
        except StaleEdit as exc:
            stale = exc.changes
            data = request.POST.copy()
            data["version"] = DiagnosisNote.objects.values_list("version", flat=True).get(pk=note.pk)
            form = DiagnosisNoteForm(data, instance=note)
        else:
            messages.success(request, "Diagnostic enregistré.")
            return redirect("cases:detail", pk=dossier.pk)
    return render(
        request,
        "diagnosis/edit.html",
        {"dossier": dossier, "form": form, "side_label": Side(side).label, "stale": stale},
    )
