from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binome.cases import policies, transitions
from binome.cases.models import EventKind
from binome.cases.selectors import dossier_for
from binome.orientations.forms import OrientationForm


@require_POST
def add(request, pk):
    dossier = dossier_for(request, pk)
    if not policies.can_manage_orientations(request, dossier):
        raise PermissionDenied(_("Les orientations s'enregistrent par la coordinatrice, après la visite."))
    form = OrientationForm(request.POST)
    if form.is_valid():
        orientation = form.save(commit=False)
        orientation.dossier, orientation.created_by = dossier, request.user
        orientation.save()
        transitions.record_event(
            dossier,
            EventKind.ORIENTATION,
            user=request.user,
            note=_("Orientation : %(solution)s.") % {"solution": orientation.get_solution_display()},
        )
        messages.success(request, _("Orientation enregistrée."))
    else:
        messages.error(request, _("Orientation non enregistrée : choisissez une solution et un statut."))
    return redirect("cases:detail", pk=dossier.pk)


@require_POST
def update(request, pk, orientation_pk):
    dossier = dossier_for(request, pk)
    if not policies.can_manage_orientations(request, dossier):
        raise PermissionDenied(_("Les orientations s'enregistrent par la coordinatrice, après la visite."))
    orientation = get_object_or_404(dossier.orientations, pk=orientation_pk)
    form = OrientationForm(request.POST, instance=orientation)
    if form.is_valid():
        form.save()
        transitions.record_event(
            dossier,
            EventKind.ORIENTATION,
            user=request.user,
            note=_("Orientation %(solution)s : %(status)s.")
            % {"solution": orientation.get_solution_display(), "status": orientation.get_status_display()},
        )
        messages.success(request, _("Orientation mise à jour."))
    else:
        messages.error(request, _("Orientation non modifiée : vérifiez le statut."))
    return redirect("cases:detail", pk=dossier.pk)
