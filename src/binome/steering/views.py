"""The steering pages: the dashboard and the commune map (programme, UT, any period), the exports, and the
historical import for administrators."""

import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.cases import policies
from binome.core.params import parse_int
from binome.steering import arithmetic, dashboard as board, docs, exports as export_data, maps
from binome.steering.figures import Period, Scope
from binome.steering.forms import BudgetLineForm
from binome.steering.importing import ImportFileError, import_file
from binome.steering.models import BudgetLine, ExportLog
from binome.steering.pdf import BilanError, render_bilan
from binome.steering.rows import COLUMNS
from binome.territory.models import UniteTerritoriale


MAX_UPLOAD = 50 * 1024 * 1024


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Votre rôle ne donne pas accès à cette page."))


def _choices(request) -> dict:
    """The UT and the period asked in the query string; a period that makes no sense gives a French message."""
    programme = request.programme
    today = timezone.localdate()
    unites = list(UniteTerritoriale.objects.filter(programme=programme).order_by("name"))
    unite_id = parse_int(request.GET.get("ut", ""), 1, 2**63 - 1)
    unite = next((u for u in unites if u.pk == unite_id), None)
    problem = None
    try:
        start, end = arithmetic.parse_period(
            request.GET.get("du", ""), request.GET.get("au", ""), request.GET.get("annee", ""), today
        )
    except arithmetic.PeriodError as exc:
        problem = str(exc)
        start, end = arithmetic.parse_period("", "", "", today)
    return {
        "scope": Scope(programme, unite),
        "period": Period(start, end),
        "unites": unites,
        "unite": unite,
        "problem": problem,
        "years": list(range(programme.start_year, max(programme.end_year, today.year) + 1)),
        "is_year": not problem and start.month == 1 and start.day == 1 and end == start.replace(month=12, day=31),
        # What was typed stays in the form when it made no sense, to be corrected rather than retyped.
        "typed": {"du": request.GET.get("du", "")[:10], "au": request.GET.get("au", "")[:10]} if problem else None,
    }


# While the worker computes a period's figures the page asks for them every 2 s, for a minute at most.
POLLS = 30


def _dashboard_context(request) -> dict:
    """The period's dashboard; ``board`` None while the worker computes figures nobody asked for yet (the page
    says so and asks ``dashboard_figures`` again, ``POLLS`` times at most: ``essai`` counts them)."""
    _refuse_unless(policies.can_read_steering(request))
    context = _choices(request)
    found = board.build(context["scope"], context["period"], wait=False)
    context |= {"board": found, "f": found.figures if found else None, "definitions": docs.DEFINITIONS}
    context["can_manage_budget"] = policies.can_manage_budget(request)
    if found is None:
        polled = parse_int(request.GET.get("essai", ""), 0, POLLS) or 0
        query = request.GET.copy()
        query.pop("essai", None)
        context["page_query"] = query.urlencode()
        query["essai"] = polled + 1
        context["figures_url"] = reverse("steering:dashboard_figures") + "?" + query.urlencode()
        context["keep_polling"] = polled < POLLS
    return context


def dashboard(request):
    return render(request, "steering/dashboard.html", _dashboard_context(request))


def dashboard_figures(request):
    """The dashboard's figures alone, or the notice that they are still being computed (polled by the page)."""
    return render(request, "steering/_dashboard_figures.html", _dashboard_context(request))


def commune_map(request):
    _refuse_unless(policies.can_read_steering(request))
    context = _choices(request)
    measure = request.GET.get("mesure", "")
    measure = measure if measure in maps.MEASURES else "demandes"
    try:
        drawn = maps.build(context["scope"], context["period"], measure)
    except (OSError, ValueError, KeyError):
        drawn = None  # the geometry file is missing or unreadable: said on the page
    context |= {"map": drawn, "measure": measure, "measures": maps.MEASURES, "measure_label": maps.MEASURES[measure]}
    return render(request, "steering/map.html", context)


def import_history(request):
    _refuse_unless(policies.can_import_history(request))
    context = {"columns": COLUMNS, "errors": None, "summary": None}
    if request.method == "POST":
        upload = request.FILES.get("fichier")
        dry_run = bool(request.POST.get("verifier"))
        if upload is None:
            context["errors"] = [_("Choisissez un fichier CSV ou XLSX.")]
        elif upload.size > MAX_UPLOAD:
            context["errors"] = [_("Le fichier dépasse 50 Mo : importez-le en ligne de commande (import_dossiers).")]
        else:
            context.update(_import(request, upload, dry_run))
    return render(request, "steering/import.html", context)


def _import(request, upload, dry_run: bool) -> dict:
    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"import{suffix}"
        with open(path, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            summary = import_file(
                request.programme, path, user=request.user, dry_run=dry_run, file_name=upload.name[:255]
            )
        except ImportFileError as exc:
            more = exc.count - len(exc.errors)
            return {"errors": exc.errors, "more": more}
    return {"summary": summary, "dry_run": dry_run}


def exports(request):
    _refuse_unless(policies.can_export_steering(request))
    problem = None
    if request.method == "POST":
        dataset, file_format = request.POST.get("donnees", ""), request.POST.get("format", "")
        if dataset not in export_data.DATASETS or file_format not in export_data.CONTENT_TYPES:
            problem = _("Choisissez les données et le format de l'export.")
        else:
            pseudonymised = bool(request.POST.get("pseudonymise"))
            total = export_data.count(request.programme, dataset)
            if total > export_data.SYNC_LIMIT:  # written by the task worker; the page follows its progress
                export_data.queue(request.programme, request.user, dataset, file_format, pseudonymised, total)
                return redirect("steering:exports")
            content, log = export_data.export(request.programme, request.user, dataset, file_format, pseudonymised)
            response = HttpResponse(content, content_type=export_data.CONTENT_TYPES[file_format])
            response["Content-Disposition"] = f'attachment; filename="{export_data.file_name(log)}"'
            return response
    logs = ExportLog.objects.filter(programme=request.programme).select_related("user")[:20]
    rows = [{"log": log, "mine": policies.can_download_export(request, log)} for log in logs]
    datasets = [(key, value[0]) for key, value in export_data.DATASETS.items()]
    context = {"datasets": datasets, "rows": rows, "problem": problem, "limit": export_data.SYNC_LIMIT}
    return render(request, "steering/exports.html", context | {"keep_days": export_data.KEEP_DAYS})


def _own_export(request, pk: int) -> ExportLog:
    _refuse_unless(policies.can_export_steering(request))
    log = get_object_or_404(ExportLog, pk=pk, programme=request.programme)
    _refuse_unless(policies.can_download_export(request, log))
    return log


def export_status(request, pk):
    """The progress of one long export (polled every 2 s by the exports page while it runs)."""
    log = _own_export(request, pk)
    return render(request, "steering/_export_status.html", {"log": log, "mine": True})


def export_file(request, pk):
    """A long export's file, to the user who asked for it, while it is kept."""
    log = _own_export(request, pk)
    if log.status != ExportLog.Status.DONE or not log.file:
        raise Http404
    try:
        handle = log.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=export_data.file_name(log))
    response["Content-Type"] = export_data.CONTENT_TYPES[log.file_format]
    response["Cache-Control"] = "private, no-store"
    return response


def budget(request):
    """The programme's budget lines by year (budget, spend, CEE share): entered by the coordinator or the
    programme administrator, read on the dashboard's costs block."""
    _refuse_unless(policies.can_manage_budget(request))
    line = None
    if pk := parse_int(request.GET.get("ligne", "") or request.POST.get("ligne", ""), 1, 2**63 - 1):
        line = get_object_or_404(BudgetLine, pk=pk, programme=request.programme)
    if request.method == "POST" and request.POST.get("supprimer") and line is not None:
        line.delete()
        return redirect("steering:budget")
    form = BudgetLineForm(request.POST or None, instance=line, programme=request.programme)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.programme, saved.updated_by = request.programme, request.user
        saved.save()
        return redirect("steering:budget")
    lines = BudgetLine.objects.filter(programme=request.programme)
    return render(request, "steering/budget.html", {"form": form, "line": line, "lines": lines})


def bilan_pdf(request):
    """The year's bilan as a PDF; the coordinator's comments (optional, posted from the dashboard) go in it."""
    _refuse_unless(policies.can_read_steering(request))
    today = timezone.localdate()
    year = parse_int(request.POST.get("annee") or request.GET.get("annee", ""), 1900, 2200) or today.year
    try:
        content = render_bilan(request.programme, year, request.POST.get("commentaires", "")[:5000])
    except BilanError as exc:
        return render(request, "steering/bilan_error.html", {"message": str(exc)}, status=503)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bilan-{request.programme.slug}-{year}.pdf"'
    return response
