"""What the report adds to the dossier's chain (registered from ``ReportsConfig.ready``).

- the cross-reading opens the compte-rendu; it goes to validation only with both syntheses written;
- the dossier page shows the report block, with what each role may do with it.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from binome.cases import chain, policies
from binome.reports.models import Report


@chain.effect("start_review")
def _open_report(dossier, user, note):
    Report.objects.get_or_create(dossier=dossier)


@chain.guard("submit_for_validation")
def _syntheses_written(dossier, user, now):
    report = Report.objects.filter(dossier=dossier).first()
    if report is None or not report.is_complete:
        return _("Rédigez la synthèse famille et la synthèse technique avant de soumettre le compte-rendu.")
    return None


@chain.panel(40)
def _report_panel(request, dossier) -> str:
    context = {
        "dossier": dossier,
        "report": Report.objects.filter(dossier=dossier).first(),
        "can_edit_report": policies.can_edit_report(request, dossier),
        "can_give_opinion": policies.can_give_opinion(request, dossier),
    }
    return render_to_string("reports/panels/report.html", context, request=request)
