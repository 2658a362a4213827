"""What the report adds to the dossier's chain (registered from ``ReportsConfig.ready``).

- the cross-reading opens the compte-rendu with its drafts pre-filled from the diagnosis;
- it goes to validation only when nothing blocks it (required sections written, comments resolved, no conflict
  left open, nothing of the household's in what the landlord may receive), and submitting freezes a version;
- each validation step and a return are made from the report's validation page only (an approval of this person,
  in progress, is required), in the programme's order, never twice by the same person on one version;
- « compte-rendu envoyé » needs the household's copy to have actually left (``dispatch``);
- a visit booked keeps its confirmation letter, for the archive;
- the dossier page shows the report block, with what each role may do with it (the report, its counts and which
  version is the latest read with the dossier).
"""

from django.db.models import Exists, OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.cases import chain, policies
from binome.core.queries import correlated_count
from binome.reports import dispatch, editing, versions
from binome.reports.models import Approval, Comment, Dispatch, DispatchStatus, ReportVersion, SectionConflict


@chain.effect("start_review")
def _open_report(dossier, user, note):
    editing.open_report(dossier)


@chain.guard("submit_for_validation")
def _ready_for_validation(dossier, user, now):
    report = editing.report_of(dossier)
    if report is None:
        return _("Le compte-rendu n'est pas encore ouvert.")
    reasons = editing.blocking_reasons(report)
    if reasons:
        return _("Le compte-rendu ne peut pas encore partir en validation : %(reasons)s") % {
            "reasons": " ".join(reasons)
        }
    return None


@chain.effect("submit_for_validation")
def _freeze(dossier, user, note):
    versions.freeze(dossier, user, timezone.now())


def _decision_in_progress(name):
    def guard(dossier, user, now):
        if not versions.approval_in_progress(dossier, user, name):
            return _("Cette décision se prend depuis la page de validation du compte-rendu.")
        return None

    return guard


chain.guard("approve_step")(_decision_in_progress("approve_step"))
chain.guard("return_for_changes")(_decision_in_progress("return_for_changes"))


@chain.guard("send_report")
def _family_copy_sent(dossier, user, now):
    if not dispatch.family_sent(dossier, user, now):
        return _("Le compte-rendu est « envoyé » quand l'exemplaire du ménage est parti : utilisez la page d'envoi.")
    return None


@chain.listener
def _keep_letter(event: chain.ChainEvent) -> None:
    """A visit just booked: keep its confirmation letter as printed today (not for history being recorded)."""
    if event.name != "schedule" or event.is_history:
        return
    from binome.reports.tasks import store_visit_letter

    store_visit_letter.enqueue(event.dossier_id, timezone.localdate().isoformat())


@chain.page_read
def _read_with_dossier(queryset):
    """The report, its open comments and conflicts, its latest version and whether it has decisions, and whether
    documents were sent, with the dossier."""
    latest = ReportVersion.objects.filter(report__dossier=OuterRef("pk")).order_by("-number").values("pk")[:1]
    return queryset.select_related("report").annotate(
        report_open_comments=correlated_count(
            Comment.objects.filter(report__dossier=OuterRef("pk"), resolved_at__isnull=True)
        ),
        report_open_conflicts=correlated_count(
            SectionConflict.objects.filter(section__report__dossier=OuterRef("pk"), resolved_at__isnull=True)
        ),
        report_latest_version=Subquery(latest),
        report_decided=Exists(Approval.objects.filter(version_id=OuterRef("report_latest_version"))),
        report_dispatched=Exists(Dispatch.objects.filter(document__dossier=OuterRef("pk"))),
    )


def _version_and_approvals(dossier, report) -> tuple[ReportVersion | None, list]:
    """The latest version (without its frozen content) and its decisions, in one query: the dossier page read with
    the dossier which version it is and whether it has decisions."""
    if not hasattr(dossier, "report_latest_version"):
        version = versions.latest_version(report)
        return version, list(version.approvals.select_related("user")) if version else []
    version_id = dossier.report_latest_version
    if version_id is None:
        return None, []
    if dossier.report_decided:
        approvals = list(
            Approval.objects.filter(version_id=version_id).select_related("version", "user").defer("version__content")
        )
        if approvals:
            return approvals[0].version, approvals
    return ReportVersion.objects.filter(pk=version_id).defer("content").first(), []


@chain.panel(40)
def _report_panel(request, dossier) -> str:
    report = editing.report_of(dossier)
    if report is None:
        return ""
    version, approvals = _version_and_approvals(dossier, report)
    dispatched = getattr(dossier, "report_dispatched", True)
    context = {
        "dossier": dossier,
        "report": report,
        "version": version,
        "approvals": approvals,
        "open_comments": editing.open_comments(report, getattr(dossier, "report_open_comments", None)),
        "open_conflicts": editing.open_conflicts(report, getattr(dossier, "report_open_conflicts", None)),
        "dispatches": list(Dispatch.objects.filter(document__dossier=dossier).select_related("document", "created_by"))
        if dispatched
        else [],
        "failed": DispatchStatus.FAILED,
        "can_edit_report": policies.can_edit_report(request, dossier),
        "can_validate_report": policies.can_validate_report(request, dossier),
        "can_dispatch_report": policies.can_dispatch_report(request, dossier),
        "can_read_documents": policies.can_read_report_documents(request, dossier),
    }
    return render_to_string("reports/panels/report.html", context, request=request)
