"""What the report adds to the dossier's chain (registered from ``ReportsConfig.ready``).

- the cross-reading opens the compte-rendu with its drafts pre-filled from the diagnosis;
- it goes to validation only when nothing blocks it (required sections written, comments resolved, no conflict
  left open, nothing of the household's in what the landlord may receive), and submitting freezes a version;
- each validation step and a return are made from the report's validation page only (an approval of this person,
  in progress, is required), in the programme's order, never twice by the same person on one version;
- « compte-rendu envoyé » needs the household's copy to have actually left (``dispatch``);
- a visit booked keeps its confirmation letter, for the archive;
- the dossier page shows the report block, with what each role may do with it.
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.cases import chain, policies
from binome.reports import dispatch, editing, versions
from binome.reports.models import Dispatch, DispatchStatus


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


@chain.panel(40)
def _report_panel(request, dossier) -> str:
    report = editing.report_of(dossier)
    if report is None:
        return ""
    version = versions.latest_version(report)
    context = {
        "dossier": dossier,
        "report": report,
        "version": version,
        "approvals": list(version.approvals.select_related("user")) if version else [],
        "open_comments": editing.open_comments(report),
        "open_conflicts": editing.open_conflicts(report),
        "dispatches": list(
            Dispatch.objects.filter(document__dossier=dossier).select_related("document", "created_by")
        ),
        "failed": DispatchStatus.FAILED,
        "can_edit_report": policies.can_edit_report(request, dossier),
        "can_validate_report": policies.can_validate_report(request, dossier),
        "can_dispatch_report": policies.can_dispatch_report(request, dossier),
        "can_read_documents": policies.can_read_report_documents(request, dossier),
    }
    return render_to_string("reports/panels/report.html", context, request=request)
