"""``{% referral_hints dossier %}``: the eligibility pre-check and possible duplicates, for case workers."""

from django import template

from binome.network.eligibility import referral_hints as compute_hints


register = template.Library()


@register.inclusion_tag("cases/includes/referral_hints.html")
def referral_hints(dossier):
    return {"dossier": dossier, "hints": compute_hints(dossier)}
