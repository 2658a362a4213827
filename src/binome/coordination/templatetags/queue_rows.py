"""The queue's rows, written in Python: ``{% queue_rows %}`` (``coordination/includes/queue_table.html``).

A tab shows 50 dossiers of up to eight cells each, with dates, plural translations and links: through the template
language they cost ~0.5 ms a row (25 ms a page, as much as the rest of the page), here a tenth of it. The HTML is
the one the template wrote (tested against it).
"""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext

from binome.core.markup import escaped as _e, url_pattern


register = template.Library()


def _day(value, fmt: str = "d/m/Y") -> str:
    """A date, or a date-time in local time, as the ``date`` filter writes it (not escaped)."""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, fmt)


def _received(d) -> str:
    # The ``date`` filter's "c" and "d/m/Y" are ISO 8601 and digits: written directly (a fifth of the row's time).
    at = timezone.localtime(d.created_at)
    return f'<time datetime="{at.isoformat()}">{at:%d/%m/%Y}</time>'


def _source(d) -> str:
    return _e(d.organisation.name) if d.organisation else _e(capfirst(d.get_channel_display()))


class _Row:
    """What every row writes the same way, prepared once per page."""

    def __init__(self, can_bulk: bool):
        self.can_bulk = can_bulk
        self.detail = url_pattern("cases:detail")
        self.book = url_pattern("visits:book")
        self.urgent = f' <span class="tag tag--urgent">{_e(gettext("urgent"))}</span>'
        self.select = gettext("Sélectionner %(ref)s")

    def start(self, d) -> str:
        cells = []
        if self.can_bulk:
            label = _e(self.select % {"ref": d.reference})
            box = f'<input type="checkbox" name="dossiers" value="{d.pk}" id="select-{d.pk}" aria-label="{label}">'
            cells.append(f"<td>{box}</td>")
        cells.append(
            f'<td><a href="{self.detail(d.pk)}" class="ref">{_e(d.reference)}</a>{self.urgent if d.urgent else ""}'
            f'<br><small class="muted">{_received(d)} · '
            f'<span class="state state--{_e(d.state)}">{_e(d.state_label)}</span></small></td>'
        )
        cells.append(
            f'<td>{_e(d.household_name)}<br><small class="muted">'
            f"{_e(gettext('%(n)s pers.') % {'n': d.household_size})} · "
            f"{_e(d.organisation.name) if d.organisation else _e(d.get_channel_display())}</small></td>"
        )
        return "".join(cells)


def _commune(d, prioritised: bool) -> str:
    note = ""
    if prioritised:
        intake = d.intake.intake
        if intake == "defer":
            note = " · " + _e(gettext("couverte en %(year)s") % {"year": d.intake.year})
        elif intake == "waiting_list":
            note = " · " + _e(gettext("non couverte"))
        elif intake == "derogation":
            note = " · " + _e(gettext("dérogation"))
    return f'<td>{_e(d.commune.name)}<br><small class="muted">{_e(d.commune.unite.name)}{note}</small></td>'


def _prioritised(d, row: _Row) -> str:
    reasons = f'<br><small class="muted reasons">{" · ".join(_e(r) for r in d.reasons)}</small>' if d.reasons else ""
    if d.contacted_at:
        calls = f'<span class="ok">{_e(gettext("joint le %(day)s") % {"day": _day(d.contacted_at, "d/m")})}</span>'
    elif d.call_count:
        calls = _e(ngettext("%(n)s appel", "%(n)s appels", d.call_count) % {"n": d.call_count})
    else:
        calls = f'<span class="muted">{_e(gettext("aucun"))}</span>'
    calls += " "  # as the template wrote it
    if d.failed_calls:
        text = ngettext("%(n)s sans réponse", "%(n)s sans réponse", d.failed_calls) % {"n": d.failed_calls}
        calls += f'<br><small class="muted">{_e(text)}</small>'
    book = ""
    if row.can_bulk and d.bookable:
        book = (
            f'<a class="button button--small button--primary" href="{row.book(d.pk)}">{_e(gettext("Programmer"))}</a>'
        )
    if d.expected_on:
        expected = f'<time datetime="{_e(_day(d.expected_on, "Y-m-d"))}">{_e(_day(d.expected_on))}</time>'
    elif d.intake.year:
        expected = _e(d.intake.year)
    else:
        expected = '<span class="muted">—</span>'
    return (
        f'<td><strong class="score">{_e(d.priority)}</strong>{reasons}</td>'
        f"<td>{calls}</td>"
        f'<td class="next-action">{book} {_e(d.next_action)}</td>'
        f"<td>{expected}</td>"
    )


def _orientation(d) -> str:
    if d.stale_orientations:
        n = d.stale_orientations
        stale = ngettext("%(n)s sans nouvelles", "%(n)s sans nouvelles", n) % {"n": n}
        since = gettext("depuis le %(day)s") % {"day": _day(d.oldest_move)}
        orientations = f'<span class="tag tag--urgent">{_e(stale)}</span><br><small class="muted">{_e(since)}</small>'
    elif d.open_orientations:
        n = d.open_orientations
        orientations = _e(ngettext("%(n)s en cours", "%(n)s en cours", n) % {"n": n})
    else:
        orientations = f'<span class="muted">{_e(gettext("toutes terminées"))}</span>'
    if d.next_follow_up_on:
        day = _day(d.next_follow_up_on)
        if d.has_overdue_call:
            due = f"<strong>{_e(gettext('à faire depuis le %(day)s') % {'day': day})}</strong>"
        else:
            due = _e(gettext("le %(day)s") % {"day": day})
        months = _e(gettext("à %(months)s mois") % {"months": d.next_follow_up_months})
        follow_up = f'{due}<br><small class="muted">{months}</small>'
    else:
        follow_up = f'<span class="muted">{_e(gettext("aucun prévu"))}</span>'
    return f"<td>{_source(d)}</td><td>{orientations}</td><td>{follow_up}</td>"


def _other(d) -> str:
    since = timesince(d.created_at) or gettext("moins d'un jour")
    if d.next_visit:
        visit = _e(_day(d.next_visit, "D d/m H:i"))
        if d.advisor:
            visit += f'<br><small class="muted">{_e(d.advisor.get_full_name())}</small>'
    else:
        visit = '<span class="muted">—</span>'
    return (
        f"<td>{_source(d)}</td>"
        f'<td><span class="state state--{_e(d.state)}">{_e(d.state_label)}</span></td>'
        f'<td>{_received(d)}<br><small class="muted">'
        f"{_e(gettext('il y a'))} {_e(since)}</small></td>"
        f"<td>{visit}</td>"
    )


@register.simple_tag(takes_context=True)
def queue_rows(context) -> str:
    """The ``<tr>`` of the page's dossiers, with the cells of the tab (``group``): priority, calls, next action and
    expected date on the intake tabs (``prioritised``), orientations and follow-up call on « Suivi des
    orientations », step, date and visit elsewhere."""
    prioritised, group = context["prioritised"], context["group"]
    row = _Row(context["can_bulk"])
    rows = []
    for d in context["page"].object_list:
        if prioritised:
            cells = _prioritised(d, row)
        elif group == "orientation":
            cells = _orientation(d)
        else:
            cells = _other(d)
        rows.append(f"<tr>{row.start(d)}{_commune(d, prioritised)}{cells}</tr>")
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above
