"""What the network adds to the dossier's chain (registered from ``NetworkConfig.ready``).

- each milestone of a request is e-mailed to its donneur d'alerte, after the commit (``notifications``);
- the dossier page shows, beside the household, the eligibility pre-check and the possible duplicates.
"""

from django.template.loader import render_to_string

from binome.cases import chain
from binome.network import notifications
from binome.network.eligibility import referral_hints


chain.listener(notifications.on_step)


@chain.panel(0, side=True)
def _referral_hints_panel(request, dossier) -> str:
    context = {"dossier": dossier, "hints": referral_hints(dossier)}
    return render_to_string("cases/includes/referral_hints.html", context, request=request)
