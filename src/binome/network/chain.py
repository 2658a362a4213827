"""What the network adds to the dossier's chain (registered from ``NetworkConfig.ready``).

- each milestone of a request is e-mailed to its donneur d'alerte, after the commit (``notifications``);
- the dossier page shows, beside the household, the eligibility pre-check and the possible duplicates (the
  settings, the coverage and the request's event read with the dossier).
"""

from django.template.loader import render_to_string

from binome.cases import chain
from binome.network import notifications
from binome.network.eligibility import covered_at_request, referral_hints


chain.listener(notifications.on_step)


@chain.page_read
def _read_with_dossier(queryset):
    """The request's event, the network's settings and the UT's coverage that year, with the dossier."""
    return queryset.select_related("mobilisation_event", "programme__network_settings").annotate(
        unite_covered_at_request=covered_at_request()
    )


@chain.panel(0, side=True)
def _referral_hints_panel(request, dossier) -> str:
    context = {"dossier": dossier, "hints": referral_hints(dossier)}
    return render_to_string("cases/includes/referral_hints.html", context, request=request)
