"""The report's pages: writing in cross-reading, validation, documents and dispatch. Thin: the rules are in
``cases.policies`` and the work in ``editing``, ``versions``, ``documents`` and ``dispatch``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binome.cases import policies
from binome.cases.selectors import dossier_for
from binome.cases.workflow import TransitionRefused
from binome.core import audit, memo
from binome.core.models import ReadKind
from binome.reports import defaults, documents, editing, pages, versions
from binome.reports.dispatch import dispatch as send, record_consent
from binome.reports.documents import DocumentError
from binome.reports.editing import EditRefused
from binome.reports.forms import CommentForm, ConflictForm, ConsentForm, DecisionForm, DispatchForm
from binome.reports.models import Comment, Document, DocumentKind, ReportVersion, SectionConflict


def _editable(request, pk):
    dossier = dossier_for(request, pk, annotations=pages.editing_annotations())
    if not policies.can_edit_report(request, dossier):
        raise PermissionDenied(_("Le compte-rendu ne se modifie qu'en relecture croisée, par le binôme du dossier."))
    return dossier, editing.open_report(dossier)


@memo.page_scope
def edit(request, pk):
    dossier, report = _editable(request, pk)
    return render(request, "reports/edit.html", pages.edit_context(request, dossier, report))


@require_POST
def save_section(request, pk, key):
    dossier, report = _editable(request, pk)
    if key not in pages.spec.BY_KEY:
        raise Http404
    outcome = pages.save_posted_section(request, dossier, report, key)
    if request.htmx:
        return render(request, "reports/_section.html", outcome)
    if outcome["error"] or outcome["conflict"]:
        context = pages.edit_context(request, dossier, report, replaced=outcome)
        return render(request, "reports/edit.html", context)
    messages.success(request, _("Section enregistrée."))
    return redirect("reports:edit", pk=dossier.pk)


@require_POST
def resolve_conflict(request, pk, conflict_pk):
    dossier, report = _editable(request, pk)
    conflict = get_object_or_404(SectionConflict, pk=conflict_pk, section__report=report)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choix incomplet : rechargez la page et recommencez."))
        return redirect("reports:edit", pk=dossier.pk)
    try:
        saved = editing.resolve_conflict(
            conflict,
            keep=form.cleaned_data["keep"],
            merged=form.cleaned_data["merged"],
            shown_version=form.cleaned_data["version"],
            user=request.user,
        )
    except EditRefused as exc:
        messages.error(request, str(exc))
    else:
        if saved.conflict is not None:
            messages.warning(request, _("La section a encore changé entre-temps : les textes restent côte à côte."))
        else:
            messages.success(request, _("Conflit réglé : le texte choisi est enregistré."))
    return redirect(f"{pages.edit_url(dossier)}#section-{conflict.section.key}")


@require_POST
def comment_add(request, pk):
    dossier, report = _editable(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            editing.add_comment(report, form.cleaned_data["section"], form.cleaned_data["text"], request.user)
        except EditRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Commentaire ajouté."))
        return redirect(f"{pages.edit_url(dossier)}#section-{form.cleaned_data['section']}")
    messages.error(request, _("Commentaire incomplet : choisissez la section et écrivez le texte."))
    return redirect("reports:edit", pk=dossier.pk)


@require_POST
def comment_resolve(request, pk, comment_pk):
    dossier, report = _editable(request, pk)
    comment = get_object_or_404(Comment, pk=comment_pk, report=report)
    editing.resolve_comment(comment, request.user)
    messages.success(request, _("Commentaire résolu."))
    return redirect(f"{pages.edit_url(dossier)}#section-{comment.section_key}")


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@memo.page_scope
def preview(request, pk, kind):
    """The document as it would be if the report were submitted now (not stored)."""
    dossier, report = _editable(request, pk)
    if kind not in documents.TEMPLATES:
        raise Http404
    draft = pages.draft_version(request, report)
    try:
        pdf = documents.render_pdf(draft, kind)
    except DocumentError as exc:
        messages.error(request, str(exc))
        return redirect("reports:edit", pk=dossier.pk)
    audit.record_read(request, report, dossier=dossier, kind=ReadKind.DOCUMENT)
    return _pdf(pdf, f"apercu-{dossier.reference}-{kind}.pdf")


def _reviewed(request, pk):
    dossier = dossier_for(request, pk, annotations=defaults.presence())
    if not policies.can_validate_report(request, dossier):
        raise PermissionDenied(_("Seuls les chefs de mission et de service valident, quand le compte-rendu l'attend."))
    report = editing.report_of(dossier)
    if report is None:
        raise Http404
    return dossier, report


@memo.page_scope
def review(request, pk):
    dossier, report = _reviewed(request, pk)
    return render(request, "reports/review.html", pages.review_context(request, dossier, report))


@require_POST
def decide(request, pk):
    dossier, report = _reviewed(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            approval = versions.decide(
                dossier,
                request.user,
                request.roles,
                decision=form.cleaned_data["decision"],
                text=form.cleaned_data["text"],
                version_number=form.cleaned_data["version_number"],
            )
        except (EditRefused, TransitionRefused) as exc:
            messages.error(request, str(exc))
        else:
            chain = versions.steps(dossier.programme)
            messages.success(request, pages.decision_message(approval, versions.pending_step(approval.version, chain)))
            return redirect("cases:detail", pk=dossier.pk)
    return render(request, "reports/review.html", pages.review_context(request, dossier, report, form=form))


def document(request, pk, number, kind):
    dossier = dossier_for(request, pk)
    if not policies.can_read_report_documents(request, dossier):
        raise PermissionDenied(_("Les documents du compte-rendu sont réservés au binôme et aux chefs."))
    if policies.is_anonymised(dossier):
        return _erased(request, dossier)
    if kind == DocumentKind.LETTER:
        stored = get_object_or_404(Document, dossier=dossier, kind=kind, number=number)
    else:
        if kind not in documents.TEMPLATES:
            raise Http404
        version = get_object_or_404(ReportVersion, report__dossier=dossier, number=number)
        try:
            stored = documents.ensure_document(version, kind)
        except DocumentError as exc:
            messages.error(request, str(exc))
            return redirect("cases:detail", pk=dossier.pk)
    content = documents.read(stored)
    audit.record_read(request, stored, dossier=dossier, kind=ReadKind.DOCUMENT)
    return _pdf(content, f"{dossier.reference}-{kind}-v{number}.pdf")


def _erased(request, dossier):
    """The documents of an anonymised household were deleted with its personal data (``binome.privacy``)."""
    messages.info(request, _("Ménage anonymisé : ses documents ont été supprimés avec ses données personnelles."))
    return redirect("cases:detail", pk=dossier.pk)


def referrer_document(request, pk):
    """The referrer's report of the version sent, on the referrer's page (with the household's consent)."""
    dossier = dossier_for(request, pk)
    if not policies.can_read_referrer_document(request, dossier):
        raise PermissionDenied(_("Ce document n'est pas disponible pour vous."))
    if policies.is_anonymised(dossier):
        return _erased(request, dossier)
    version = ReportVersion.objects.filter(report__dossier=dossier, sent_at__isnull=False).order_by("-number").first()
    if version is None:
        raise Http404
    try:
        stored = documents.ensure_document(version, DocumentKind.REFERRER)
    except DocumentError as exc:
        messages.error(request, str(exc))
        return redirect("cases:detail", pk=dossier.pk)
    content = documents.read(stored)
    audit.record_read(request, stored, dossier=dossier, kind=ReadKind.DOCUMENT)
    return _pdf(content, f"{dossier.reference}-retour-v{stored.number}.pdf")


@memo.page_scope
def dispatch_page(request, pk):
    dossier = dossier_for(request, pk)
    if not policies.can_dispatch_report(request, dossier):
        raise PermissionDenied(
            _("L'envoi des documents est fait par la coordinatrice, une fois le compte-rendu validé.")
        )
    forms_by_recipient = None
    if request.method == "POST":
        form = DispatchForm(request.POST)
        if form.is_valid():
            try:
                item = send(dossier, **form.cleaned_data, user=request.user)
            except (EditRefused, DocumentError, TransitionRefused) as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, pages.dispatch_message(item))
                return redirect("reports:dispatch", pk=dossier.pk)
        forms_by_recipient = {form.data.get("recipient"): form}
    return render(request, "reports/dispatch.html", pages.dispatch_context(request, dossier, forms_by_recipient))


@require_POST
def consent(request, pk):
    dossier = dossier_for(request, pk)
    if not policies.can_dispatch_report(request, dossier):
        raise PermissionDenied(
            _("L'envoi des documents est fait par la coordinatrice, une fois le compte-rendu validé.")
        )
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            record_consent(dossier, **form.cleaned_data, user=request.user)
        except EditRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Accord du ménage enregistré : la fiche technique peut partir au bailleur."))
            return redirect("reports:dispatch", pk=dossier.pk)
    context = pages.dispatch_context(request, dossier, None, consent_form=form)
    return render(request, "reports/dispatch.html", context)
