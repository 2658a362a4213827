"""What the privacy app adds to the dossier page: the household's rights, for the coordinator (``PrivacyConfig``)."""

from django.template.loader import render_to_string

from binome.cases import chain, policies


def register() -> None:
    chain.panel(90, side=True)(_rights_panel)


def _rights_panel(request, dossier) -> str:
    if not policies.can_handle_subject_rights(request):
        return ""
    context = {"dossier": dossier, "anonymised": policies.is_anonymised(dossier)}
    return render_to_string("privacy/panels/rights.html", context, request=request)
