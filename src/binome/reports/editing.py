"""Writing the report in cross-reading: each section saved on its own, conflicts kept, comments, readiness.

A section is written only if it still has the version the writer started from, in a single conditional UPDATE:
two people writing different sections never conflict. On the same section, the second text is not written over
the first one nor thrown away: it is kept as a ``SectionConflict`` and both texts are shown side by side until one
of them (or a merge of both) is chosen. Nothing typed is ever overwritten silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from binome.core import audit, memo
from binome.diagnosis import services as diagnosis_services
from binome.diagnosis.vocabulary import PERIODS_PER_YEAR
from binome.reports import drafts, privacy, sections as spec
from binome.reports.defaults import ensure_defaults
from binome.reports.models import Comment, Report, ReportSection, SectionConflict


MAX_COMMENT_CHARS = 1000


class EditRefused(Exception):
    """A save or a decision the rules refuse; the message is French and shown as it is."""


def open_report(dossier) -> Report:
    """The dossier's report, opened with the drafts the diagnosis suggests (once). Read with its sections, in one
    query (``sections_of``); a page's dossier comes with the annotations of ``defaults.presence()``."""
    ensure_defaults(dossier.programme, dossier)
    stored = memo.once(("report-sections", dossier.pk), lambda: _read_sections(report__dossier=dossier))
    if stored:
        report = next(iter(stored.values())).report
    else:
        report, _created = Report.objects.get_or_create(dossier=dossier)
    report.dossier = dossier
    missing = [s for s in spec.SECTIONS if s.key not in stored]
    if missing:
        suggested = drafts.suggestions(dossier)
        rows = []
        for section in missing:
            if section.kind == "works":
                rows.append(ReportSection(report=report, key=section.key, data={"keys": suggested["works"].split()}))
            elif section.kind == "photos":
                rows.append(ReportSection(report=report, key=section.key, data={"ids": []}))
            else:
                rows.append(ReportSection(report=report, key=section.key, text=suggested.get(section.key, "")))
        ReportSection.objects.bulk_create(rows, ignore_conflicts=True)
        stored.update(_read_sections(report=report))  # the page's copy (``sections_of``) holds the new ones too
    return report


def _read_sections(**where) -> dict[str, ReportSection]:
    return {s.key: s for s in ReportSection.objects.filter(**where).select_related("report", "updated_by")}


def sections_of(report: Report) -> dict[str, ReportSection]:
    """The report's sections by key, with their last writer: read once per page."""
    return memo.once(("report-sections", report.dossier_id), lambda: _read_sections(report=report))


def normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n")).strip()


@dataclass
class Saved:
    section: ReportSection
    conflict: SectionConflict | None = None


def _check_length(text: str) -> None:
    if spec.too_long(text):
        raise EditRefused(
            _(
                "Ce texte compte %(n)s caractères : une section en compte au plus %(max)s. Raccourcissez-le ; "
                "votre texte est conservé ci-dessous, il n'a pas été enregistré."
            )
            % {"n": len(text), "max": spec.MAX_CHARS}
        )


def save_section(report: Report, key: str, *, text: str, data: dict | None, base_version: int, user) -> Saved:
    """Write a section if it still has ``base_version``; otherwise keep the text as a conflict (data sections:
    refuse, the person's choice stays in the form)."""
    section_spec = spec.BY_KEY[key]
    text = normalise(text)
    _check_length(text)
    values = {"text": text, "updated_by": user, "updated_at": timezone.now(), "version": F("version") + 1}
    if data is not None:
        values["data"] = data
    with transaction.atomic():
        rows = ReportSection.objects.filter(report=report, key=key, version=base_version)
        before = rows.values("text", "data").first()  # the trail's old values
        updated = rows.update(**values)
        current = ReportSection.objects.select_related("updated_by").get(report=report, key=key)
        if updated:
            after = {"text": text, **audit.json_fields("data", current.data)}
            audit.record_change(current, {"text": before["text"], **audit.json_fields("data", before["data"])}, after)
    if updated or (current.text == text and (data is None or current.data == data)):
        return Saved(current)
    if section_spec.kind != "text":
        raise EditRefused(
            _("%(who)s a modifié ce choix entre-temps : vérifiez le choix enregistré, puis recommencez.")
            % {"who": current.updated_by or _("Quelqu'un")}
        )
    conflict = SectionConflict.objects.create(section=current, text=text, base_version=base_version, author=user)
    return Saved(current, conflict)


def resolve_conflict(conflict: SectionConflict, *, keep: str, merged: str, shown_version: int, user) -> Saved:
    """``keep`` is "theirs" (the stored text stays), "mine" (the conflict's text replaces it) or "merge"."""
    if conflict.resolved_at is not None:
        raise EditRefused(_("Ce conflit a déjà été réglé."))
    section = conflict.section
    with transaction.atomic():
        result = Saved(section)
        if keep in ("mine", "merge"):
            text = conflict.text if keep == "mine" else normalise(merged)
            result = save_section(
                section.report, section.key, text=text, data=None, base_version=shown_version, user=user
            )
            if result.conflict is not None:
                return result  # changed again meanwhile: the new text is kept as a conflict too
        SectionConflict.objects.filter(pk=conflict.pk).update(resolved_at=timezone.now(), resolved_by=user)
    return result


def add_comment(report: Report, key: str, text: str, user) -> Comment:
    text = normalise(text)
    if key not in spec.BY_KEY:
        raise EditRefused(_("Cette section n'existe pas."))
    if not text:
        raise EditRefused(_("Écrivez le commentaire avant de l'ajouter."))
    if len(text) > MAX_COMMENT_CHARS:
        raise EditRefused(
            _("Un commentaire compte au plus %(max)s caractères (le vôtre : %(n)s).")
            % {"max": MAX_COMMENT_CHARS, "n": len(text)}
        )
    return Comment.objects.create(report=report, section_key=key, text=text, author=user)


def resolve_comment(comment: Comment, user) -> None:
    Comment.objects.filter(pk=comment.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=user
    )


def household_amounts(dossier) -> list[int]:
    """The household's own money figures (income, RFR, debts): they must never reach the landlord."""
    data = diagnosis_services.section_data(diagnosis_services.load_sections(dossier))
    amounts = []
    for row in (data.get("resources") or {}).get("rows") or []:
        monthly = float(row.get("amount") or 0)
        amounts += [int(monthly), int(monthly * PERIODS_PER_YEAR.get(row.get("period"), 12))]
    household, charges = data.get("household") or {}, data.get("charges") or {}
    for value in (household.get("rfr"), charges.get("energy_debt"), charges.get("water_debt")):
        if value not in (None, ""):
            amounts.append(int(float(value)))
    if charges.get("rent_arrears") not in (None, ""):
        amounts.append(int(float(charges["rent_arrears"])))
    if dossier.declared_income:
        amounts.append(dossier.declared_income)
    return amounts


def report_of(dossier) -> Report | None:
    """The dossier's report (None before the cross-reading), read once per page."""

    def read():
        loaded, report = memo.loaded(dossier, "report")  # read with the dossier (the dossier page)
        if not loaded:
            report = Report.objects.filter(dossier=dossier).first()
        if report is not None:
            report.dossier = dossier
        return report

    return memo.once(("report", dossier.pk), read)


def open_comments(report: Report, counted: int | None = None) -> int:
    """``counted``: the number read with the dossier (the dossier page), kept for the rest of the page."""
    return memo.once(
        ("report-open-comments", report.pk),
        lambda: (
            Comment.objects.filter(report=report, resolved_at__isnull=True).count() if counted is None else counted
        ),
    )


def open_conflicts(report: Report, counted: int | None = None) -> int:
    """``counted``: as for ``open_comments``."""
    return memo.once(
        ("report-open-conflicts", report.pk),
        lambda: (
            SectionConflict.objects.filter(section__report=report, resolved_at__isnull=True).count()
            if counted is None
            else counted
        ),
    )


def blocking_reasons(report: Report, *, unresolved: int | None = None, conflicting: int | None = None) -> list[str]:
    """Why the report cannot go to validation yet (empty when it can). ``unresolved`` and ``conflicting``: the open
    comments and conflicts, when the page counted them already."""
    dossier = report.dossier
    texts = {key: section.text for key, section in sections_of(report).items()}
    reasons = [
        _("La section « %(title)s » est vide.") % {"title": spec.TITLES[key]}
        for key in spec.required_keys(dossier.share_with_referrer)
        if not (texts.get(key) or "").strip()
    ]
    unresolved = open_comments(report) if unresolved is None else unresolved
    if unresolved:
        reasons.append(
            ngettext("%(n)s commentaire n'est pas résolu.", "%(n)s commentaires ne sont pas résolus.", unresolved)
            % {"n": unresolved}
        )
    if open_conflicts(report) if conflicting is None else conflicting:
        reasons.append(_("Deux textes sont en concurrence dans une section : choisissez celui qui reste."))
    bound = {key: texts.get(key, "") for key in spec.LANDLORD_SECTIONS if key in texts}
    for leak in privacy.leaks(bound, household_amounts(dossier)):
        reasons.append(
            _("La section « %(title)s », transmise au bailleur, mentionne « %(found)s » : reformulez-la.")
            % {"title": spec.TITLES[leak.section], "found": leak.found}
        )
    return reasons
