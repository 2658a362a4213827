from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from binome.cases import policies
from binome.cases.selectors import dossier_for
from binome.core.concurrency import StaleEdit
from binome.reports.forms import OpinionForm, ReportForm
from binome.reports.models import Report


def _edit(request, pk, form_class, allowed, template, success):
    dossier = dossier_for(request, pk)
    if not allowed(request, dossier):
        raise PermissionDenied(_("Vous ne pouvez pas modifier ce compte-rendu à cette étape."))
    report, _created = Report.objects.get_or_create(dossier=dossier)
    form = form_class(request.POST or None, instance=report)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            form.save_versioned()
        except StaleEdit as exc:
            stale, form = exc.changes, form.rebound_on(exc)
        else:
            messages.success(request, success)
            return redirect("cases:detail", pk=dossier.pk)
    return render(request, template, {"dossier": dossier, "form": form, "stale": stale})


def edit(request, pk):
    return _edit(request, pk, ReportForm, policies.can_edit_report, "reports/edit.html", _("Compte-rendu enregistré."))


def opinion(request, pk):
    return _edit(request, pk, OpinionForm, policies.can_give_opinion, "reports/opinion.html", _("Avis enregistré."))
