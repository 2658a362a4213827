"""The DPO page (the audit trail of the programme) and a household's rights: export and erasure on request."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from binome.cases import policies
from binome.cases.models import Dossier
from binome.core import audit, pages
from binome.core.models import ReadKind
from binome.core.params import int_param
from binome.privacy import anonymise, subject, trail
from binome.privacy.forms import ErasureForm, TrailFilterForm


def trail_page(request):
    if not policies.can_read_audit_trail(request):
        raise PermissionDenied(_("Les traces d'accès sont réservées au délégué à la protection des données."))
    programme = request.programme
    people = trail.people(programme)
    form = TrailFilterForm(request.GET or None, people=people)
    filters = trail.Filters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = trail.Filters(data["reference"].strip(), data["user"], data["start"], data["end"])
    found = trail.matching_dossiers(programme, filters.reference)
    ids = None if found is None else list(found)
    changes, reads = trail.pages(
        trail.changes(programme, filters, ids),
        trail.reads(programme, filters, ids),
        int_param(request.GET, "page_modifs", 1, low=1),
        int_param(request.GET, "page_lectures", 1, low=1),
    )
    names = trail.references(
        [(e.additional_data or {}).get("dossier") for e in changes] + [r.dossier_id for r in reads]
    )
    context = {
        "form": form,
        "changes": changes,
        "change_rows": [trail.change_row(entry, names) for entry in changes],
        "reads": reads,
        "read_rows": trail.read_rows(reads, names, people),
        "query": trail.query_without_pages(request.GET),
        "subject_dossier": trail.single(found),
        "can_handle_subject_rights": policies.can_handle_subject_rights(request),
        "count_cap": pages.COUNT_CAP,
    }
    return render(request, "privacy/trail.html", context)


def _subject_dossier(request, pk):
    """A dossier of the current programme, for its household's rights (coordinator or programme admin)."""
    if not policies.can_handle_subject_rights(request):
        raise PermissionDenied(
            _(
                "L'export et l'effacement des données d'un ménage sont faits par la coordinatrice ou "
                "l'administrateur du programme."
            )
        )
    return get_object_or_404(Dossier.objects.select_related("programme"), pk=pk, programme=request.programme)


def _export(request, pk, render_as, content_type: str, extension: str):
    dossier = _subject_dossier(request, pk)
    body = render_as(subject.collect(dossier))
    audit.record_read(request, dossier, kind=ReadKind.EXPORT)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="donnees-{dossier.reference}.{extension}"'
    response["Cache-Control"] = "private, no-store"
    return response


def export_json(request, pk):
    return _export(request, pk, subject.as_json, "application/json", "json")


def export_pdf(request, pk):
    return _export(request, pk, subject.as_pdf, "application/pdf", "pdf")


def erase(request, pk):
    dossier = _subject_dossier(request, pk)
    form = ErasureForm(request.POST or None)
    if policies.is_anonymised(dossier):
        messages.info(request, _("Les données personnelles de ce ménage ont déjà été supprimées."))
    elif request.method == "POST" and form.is_valid():
        removed = anonymise.anonymise(dossier, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            _("Données du ménage effacées : %(photos)s photos et %(documents)s documents supprimés.")
            % {"photos": removed.photos, "documents": removed.documents},
        )
        return redirect(_back_url(request, dossier))
    return render(
        request, "privacy/erase.html", {"dossier": dossier, "form": form, "back_url": _back_url(request, dossier)}
    )


def _back_url(request, dossier) -> str:
    """The dossier page for the coordinator; the trail filtered on the dossier for the administrator."""
    if policies.is_case_worker(request):
        return reverse("cases:detail", args=[dossier.pk])
    return f"{reverse('privacy:trail')}?reference={dossier.reference}"
