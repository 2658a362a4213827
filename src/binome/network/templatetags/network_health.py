"""The health page's long lists, written in Python: ``{% coverage_list w %}``, the organisations and people to call
about a UT whose coverage changes, and ``{% organisation_rows org_table by_month_view %}``, the organisation table's
rows.

The UTs that open or close next year can be served by hundreds of organisations (500 at the scale of a department),
and their rows rendered through the template (a link, two plural translations each) cost over 100 ms a page; the
organisation table's 50 rows hold up to 14 cells each, a localised number and a filter per cell. The HTML is the
same as the template wrote.
"""

from html import escape as _escape

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from binome.core.markup import url_pattern


register = template.Library()


def escape(text) -> str:
    """Text between tags: ``&``, ``<`` and ``>`` escaped (the URLs, made of digits, need nothing more)."""
    return _escape(str(text), quote=False)


class _Counted(dict):
    """The HTML of a count, written once per distinct count (a few values over hundreds of rows: each plural
    translation looks the language up)."""

    def __init__(self, write):
        super().__init__()
        self.write = write

    def __missing__(self, count):
        self[count] = html = self.write(count)
        return html


@register.simple_tag
def coverage_list(warning) -> str:
    organisations, people = warning["organisations"], warning["sector_people"]
    if not organisations and not people:
        text = gettext("Aucune organisation n'est rattachée à cette unité territoriale dans l'annuaire.")
        return mark_safe(f'<p class="muted">{escape(text)}</p>')
    organisation_url, referrer_url = url_pattern("network:organisation"), url_pattern("network:referrer")
    sector, dormant = escape(gettext("secteur")), escape(gettext("inactif"))
    referrers = _Counted(
        lambda n: (
            " — "
            + escape(ngettext("%(counter)s donneur d'alerte", "%(counter)s donneurs d'alerte", n) % {"counter": n})
        )
    )
    dormant_tags = _Counted(
        lambda n: (
            ' <span class="tag">'
            + escape(ngettext("%(counter)s inactif", "%(counter)s inactifs", n) % {"counter": n})
            + "</span>"
        )
    )
    rows = []
    for o in organisations:
        organisation = o["organisation"]
        row = f'<li><a href="{organisation_url(organisation.pk)}">{escape(organisation.name)}</a>'
        if organisation.email:
            row += f" · {escape(organisation.email)}"
        if o["referrers"]:
            row += referrers[o["referrers"]]
            if o["dormant"]:
                row += dormant_tags[o["dormant"]]
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


@register.simple_tag
def organisation_rows(rows, by_month: bool) -> str:
    """The rows of one page of the organisation table (``HealthFigures.org_table``): a link to each organisation,
    its requests by month, or its family and its requests by UT, and its total; a zero is shown « · »."""
    organisation_url = url_pattern("network:organisation")
    cells = _Counted(lambda n: f'<td class="num">{conditional_escape(localize(n)) if n else "·"}</td>')
    html = []
    for row in rows:
        organisation = row["organisation"]
        html.append(
            f'<tr><th scope="row"><a href="{organisation_url(organisation.pk)}">'
            f"{conditional_escape(organisation.name)}</a></th>"
        )
        if by_month:
            html.extend(cells[n] for n in row["by_month"])
        else:
            html.append(f"<td>{conditional_escape(row['family'])}</td>")
            html.extend(cells[n] for n in row["by_ut"])
        html.append(f'<td class="num"><strong>{conditional_escape(localize(row["total"]))}</strong></td></tr>')
    return mark_safe("".join(html))
