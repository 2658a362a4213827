"""``{% coverage_list w %}``: the organisations and people to call about a UT whose coverage changes (health page).

Written in Python: the UTs that open or close next year can be served by hundreds of organisations (500 at the
scale of a department), and their rows rendered through the template (a link, two plural translations each) cost
over 100 ms a page. The HTML is the same as the template wrote.
"""

from html import escape as _escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext


register = template.Library()


def escape(text) -> str:
    """Text between tags: ``&``, ``<`` and ``>`` escaped (the URLs, made of digits, need nothing more)."""
    return _escape(str(text), quote=False)


_PLACEHOLDER = 987654321  # a primary key in the reversed URL, replaced by each row's own


def _url_pattern(name: str):
    url = reverse(name, args=[_PLACEHOLDER])
    return lambda pk: url.replace(str(_PLACEHOLDER), str(int(pk)))


@register.simple_tag
def coverage_list(warning) -> str:
    organisations, people = warning["organisations"], warning["sector_people"]
    if not organisations and not people:
        text = gettext("Aucune organisation n'est rattachée à cette unité territoriale dans l'annuaire.")
        return mark_safe(f'<p class="muted">{escape(text)}</p>')
    organisation_url, referrer_url = _url_pattern("network:organisation"), _url_pattern("network:referrer")
    sector, dormant = escape(gettext("secteur")), escape(gettext("inactif"))
    rows = []
    for o in organisations:
        organisation = o["organisation"]
        row = f'<li><a href="{organisation_url(organisation.pk)}">{escape(organisation.name)}</a>'
        if organisation.email:
            row += f" · {escape(organisation.email)}"
        if o["referrers"]:
            count = o["referrers"]
            row += " — " + escape(
                ngettext("%(counter)s donneur d'alerte", "%(counter)s donneurs d'alerte", count) % {"counter": count}
            )
            if o["dormant"]:
                count = o["dormant"]
                label = ngettext("%(counter)s inactif", "%(counter)s inactifs", count) % {"counter": count}
                row += f' <span class="tag">{escape(label)}</span>'
        rows.append(row + "</li>")
    for p in people:
        membership = p["membership"]
        row = (
            f'<li><a href="{referrer_url(membership.user_id)}">{escape(membership.user.get_full_name())}</a>'
            f" ({escape(membership.organisation.name)}, {sector} {escape(p['unite_name'] or '')})"
        )
        if p["dormant"]:
            row += f' <span class="tag">{dormant}</span>'
        rows.append(row + "</li>")
    return mark_safe('<ul class="plain warning-list">' + "".join(rows) + "</ul>")
