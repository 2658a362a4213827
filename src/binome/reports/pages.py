"""What the report's pages show, built once per request in a fixed number of queries (views stay thin)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from binome.cases import policies
from binome.core import memo
from binome.diagnosis.models import Photo
from binome.reports import defaults, dispatch as dispatching, drafts, editing, sections as spec, versions, works
from binome.reports.diffs import changed_sections
from binome.reports.forms import (
    WORK_STEPS,
    ConsentForm,
    DecisionForm,
    DispatchForm,
    PhotosForm,
    SectionForm,
    WorksForm,
)
from binome.reports.models import (
    Channel,
    Comment,
    Decision,
    Dispatch,
    DocumentKind,
    Phrase,
    Recipient,
    ReportSection,
    ReportVersion,
    SectionConflict,
)


# The writing page and the preview read, as annotations of their dossier's query, what they ask of it besides.
LAST_VERSION = "report_last_version"


def editing_annotations() -> dict:
    """The writing page's and the preview's: the programme's settings, the drafts' facts, the last version's number."""
    return {**defaults.presence(), **drafts.facts(), LAST_VERSION: versions.last_number()}


def last_version_number(dossier) -> int | None:
    return memo.annotated(dossier, {LAST_VERSION: versions.last_number()})[LAST_VERSION]


def edit_url(dossier) -> str:
    return reverse("reports:edit", kwargs={"pk": dossier.pk})


def _section_forms(section_spec, record, photos, data=None):
    if section_spec.kind == "works":
        initial = {f"step_{i}": key for i, key in enumerate(record.data.get("keys", []), 1) if i <= WORK_STEPS}
        return WorksForm(data, initial={**initial, "version": record.version})
    if section_spec.kind == "photos":
        return PhotosForm(data, photos=photos, initial={"ids": record.data.get("ids", []), "version": record.version})
    return SectionForm(data, initial={"text": record.text, "version": record.version}, auto_id=f"id_{record.key}_%s")


def section_block(dossier, section_spec, record, *, conflicts, comments, phrases, suggestion, photos, form=None):
    block = {
        "dossier": dossier,
        "spec": section_spec,
        "record": record,
        "form": form or _section_forms(section_spec, record, photos),
        "conflicts": conflicts,
        "comments": comments,
        "phrases": phrases,
        "suggestion": suggestion if suggestion and suggestion != record.text else "",
        "error": "",
        "conflict": None,
        "saved": False,
    }
    if section_spec.kind == "works":
        block["plan"] = works.plan_for(dossier, record.data.get("keys", []))
    return block


def edit_context(request, dossier, report, replaced=None) -> dict:
    records = editing.sections_of(report)
    conflicts, comments, phrases = {}, {}, {}
    unresolved = conflicting = 0
    for conflict in SectionConflict.objects.filter(section__report=report, resolved_at__isnull=True).select_related(
        "author", "section"
    ):
        conflicts.setdefault(conflict.section.key, []).append(conflict)
        conflicting += 1
    for comment in Comment.objects.filter(report=report).select_related("author", "resolved_by"):
        comments.setdefault(comment.section_key, []).append(comment)
        unresolved += comment.resolved_at is None
    for phrase in Phrase.objects.filter(programme=dossier.programme, active=True):
        phrases.setdefault(phrase.topic, []).append(phrase)
    photos = list(Photo.objects.filter(dossier=dossier))
    suggested = drafts.suggestions(dossier)
    blocks = []
    for section_spec in spec.SECTIONS:
        record = records.get(section_spec.key)
        if record is None:
            continue
        if replaced and replaced["spec"].key == section_spec.key:
            blocks.append(replaced)
            continue
        blocks.append(
            section_block(
                dossier,
                section_spec,
                record,
                conflicts=conflicts.get(section_spec.key, []),
                comments=comments.get(section_spec.key, []),
                phrases=phrases.get(section_spec.key, []),
                suggestion=suggested.get(section_spec.key, "") if section_spec.kind == "text" else "",
                photos=photos,
            )
        )
    return {
        "dossier": dossier,
        "report": report,
        "blocks": blocks,
        "blocking": editing.blocking_reasons(report, unresolved=unresolved, conflicting=conflicting),
        "comment_form": None,
        "last_version_number": last_version_number(dossier),
        "kinds": [
            (k, DocumentKind(k).label) for k in (DocumentKind.FAMILY, DocumentKind.REFERRER, DocumentKind.LANDLORD)
        ],
    }


def _posted_values(request, section_spec, record, photos):
    form = _section_forms(section_spec, record, photos, data=request.POST)
    if not form.is_valid():
        return form, None, None, None
    if section_spec.kind == "works":
        data = {"keys": form.keys()}
        return form, "", data, form.cleaned_data["version"]
    if section_spec.kind == "photos":
        return form, "", {"ids": form.cleaned_data["ids"]}, form.cleaned_data["version"]
    return form, form.cleaned_data["text"], None, form.cleaned_data["version"]


def save_posted_section(request, dossier, report, key) -> dict:
    """Save one section from the posted form; the block to show again (saved, refused with the text kept, or the
    two texts side by side)."""
    section_spec = spec.BY_KEY[key]
    record = ReportSection.objects.get(report=report, key=key)
    photos = list(Photo.objects.filter(dossier=dossier)) if section_spec.kind == "photos" else []
    form, text, data, base = _posted_values(request, section_spec, record, photos)
    error, new_conflict, saved = "", None, False
    if base is None:
        error = _("Saisie incomplète : rechargez la page ; votre texte est conservé ci-dessous.")
    else:
        try:
            result = editing.save_section(report, key, text=text, data=data, base_version=base, user=request.user)
        except editing.EditRefused as exc:
            error = str(exc)
        else:
            record, new_conflict, saved = result.section, result.conflict, result.conflict is None
            if saved:
                form = None
    block = section_block(
        dossier,
        section_spec,
        record,
        conflicts=list(
            SectionConflict.objects.filter(section=record, resolved_at__isnull=True).select_related("author")
        ),
        comments=list(Comment.objects.filter(report=report, section_key=key).select_related("author")),
        phrases=list(Phrase.objects.filter(programme=dossier.programme, topic=key, active=True)),
        suggestion="",
        photos=photos,
        form=form if not saved else None,
    )
    if new_conflict is not None:  # the form shows the stored text again; the person's own is in the conflict
        block["form"] = _section_forms(section_spec, record, photos)
    block.update(error=error, conflict=new_conflict, saved=saved)
    return block


def draft_version(request, report) -> ReportVersion:
    """An unsaved version holding the report as it is now (for the previews)."""
    return ReportVersion(
        report=report,
        number=(last_version_number(report.dossier) or 0) + 1,
        content=versions.content_of(report),
        submitted_at=timezone.now(),
        submitted_by=request.user,
    )


def review_context(request, dossier, report, form=None) -> dict:
    version = versions.version_to_review(report, request.user)
    chain = versions.steps(dossier.programme, dossier)
    step = versions.pending_step(version, chain) if version else None
    previous = versions.mark_seen(version, request.user) if version else None
    texts = version.content["texts"] if version else {}
    diffs = changed_sections(previous.content["texts"], texts, spec.TITLES) if previous else []
    may_opinion = bool(step and step.may_add_opinion)
    return {
        "dossier": dossier,
        "report": report,
        "version": version,
        "step": step,
        "chain": chain,
        "approvals": list(version.approvals.all()) if version else [],
        "refusal": versions.refusal(version, request.user, chain, request.roles),
        "previous": previous,
        "diffs": diffs,
        "sections": [(s.key, s.title, texts.get(s.key, "")) for s in spec.SECTIONS if s.kind == "text"],
        "works": version.content.get("works") if version else None,
        "orientations": version.content.get("orientations", []) if version else [],
        "form": form
        or DecisionForm(initial={"version_number": version.number if version else 1}, may_add_opinion=may_opinion),
        "kinds": [
            (k, DocumentKind(k).label) for k in (DocumentKind.FAMILY, DocumentKind.REFERRER, DocumentKind.LANDLORD)
        ],
    }


def decision_message(approval, next_step=None) -> str:
    """What the decision did, then what comes next: the following validation step, or the sending."""
    if approval.decision == Decision.RETURNED:
        returned = _("Compte-rendu renvoyé au binôme, avec votre motif.")
        return returned + " " + _("Prochaine étape : la correction, puis une nouvelle validation.")
    done = _("« %(step)s » : version %(n)s approuvée.") % {"step": approval.step_label, "n": approval.version.number}
    if next_step is not None:
        return done + " " + _("Prochaine étape : %(step)s.") % {"step": next_step.label}
    return done + " " + _("Prochaine étape : l'envoi au ménage par la coordinatrice.")


def dispatch_context(request, dossier, forms_by_recipient, consent_form=None) -> dict:
    forms_by_recipient = forms_by_recipient or {}
    rows = []
    for recipient in Recipient:
        email, postal = dispatching.default_address(dossier, recipient)
        form = forms_by_recipient.get(recipient.value) or DispatchForm(
            initial={
                "recipient": recipient.value,
                "channel": Channel.EMAIL if email else Channel.POST,
                "address": email or postal,
            },
            auto_id=f"id_{recipient.value}_%s",
        )
        rows.append(
            {
                "recipient": recipient,
                "refusal": dispatching.allowed(dossier, recipient),
                "form": form,
                "email": email,
                "postal": postal,
            }
        )
    version = versions.latest_for(dossier)
    return {
        "dossier": dossier,
        "rows": rows,
        "version": version,
        "approved": versions.fully_approved(version),
        "consent": dispatching.landlord_consent(dossier),
        "consent_form": consent_form or ConsentForm(initial={"given_on": timezone.localdate()}),
        "dispatches": list(
            Dispatch.objects.filter(document__dossier=dossier).select_related("document", "created_by")
        ),
        "can_read_documents": policies.can_read_report_documents(request, dossier),
    }


def dispatch_message(item) -> str:
    if item.channel == Channel.POST:
        return _("Envoi enregistré : %(document)s imprimé et posté le %(day)s.") % {
            "document": item.document.get_kind_display(),
            "day": date_format(timezone.localtime(item.sent_at), "j F Y"),
        }
    return _("Le courriel part avec le PDF ; son état s'affiche ci-dessous (nouvel essai automatique en cas d'échec).")
