"""Submitted versions and the validation chain.

Submitting freezes a numbered version: the sections' texts and every figure the documents print (works evaluated,
kit, orientations, the SLIME's contact details), so that a document is always rendered from what was validated.
The programme's steps then decide on that version in order: approve, approve with a complementary opinion, or
return with a reason (the report goes back to cross-reading and is edited into a new version). The same person
never approves two steps of one version, even when they hold both roles (four-eyes).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accounts.models import Membership
from binome.cases import transitions
from binome.diagnosis.models import KitInstallation, Photo
from binome.orientations.services import document_lines
from binome.reports import sections as spec, works
from binome.reports.defaults import ensure_defaults
from binome.reports.editing import EditRefused, sections_of
from binome.reports.models import Approval, Decision, Report, ReportVersion, ValidationStep, VersionSeen


def latest_version(report: Report) -> ReportVersion | None:
    return report.versions.order_by("-number").first()


def latest_for(dossier) -> ReportVersion | None:
    """The dossier's latest version (None before the first), in one query."""
    return ReportVersion.objects.filter(report__dossier=dossier).order_by("-number").first()


def last_number() -> Subquery:
    """The number of the dossier's latest version (None before the first), as an annotation of a query on the
    dossiers."""
    latest = ReportVersion.objects.filter(report__dossier=OuterRef("pk")).order_by("-number")
    return Subquery(latest.values("number")[:1])


def version_to_review(report: Report, user) -> ReportVersion | None:
    """The latest version with its author, its decisions (with theirs) and whether ``user`` read it already
    (``seen``): two queries."""
    decisions = Prefetch("approvals", queryset=Approval.objects.select_related("user"))
    seen = VersionSeen.objects.filter(version=OuterRef("pk"), user=user)
    versions = report.versions.select_related("submitted_by").annotate(seen=Exists(seen)).prefetch_related(decisions)
    return versions.order_by("-number").first()


def _dossier_content(dossier) -> dict:
    referrer = dossier.referrer
    return {
        "reference": dossier.reference,
        "household_name": dossier.household_name,
        "address": dossier.address,
        "postal_code": dossier.commune.postal_codes[0] if dossier.commune.postal_codes else "",
        "commune": dossier.commune.name,
        "tenure": dossier.tenure,
        "tenure_label": str(dossier.get_tenure_display()),
        "landlord": dossier.landlord,
        "share_with_referrer": dossier.share_with_referrer,
        "referrer_name": referrer.get_full_name() if referrer else dossier.referrer_name,
        "organisation": dossier.organisation.name if dossier.organisation_id else "",
    }


def _programme_content(programme) -> dict:
    return {
        "name": programme.name,
        "collectivite": programme.collectivite,
        "phone": programme.contact_phone,
        "email": programme.contact_email,
        "address": programme.contact_address,
        "hours": programme.contact_hours,
    }


def content_of(report: Report) -> dict:
    """Everything the documents print, as plain JSON values."""
    dossier = report.dossier
    stored = sections_of(report)
    visit = (
        dossier.visits.filter(status="done").select_related("coordinator", "advisor").order_by("-starts_at").first()
    )
    chosen = stored["works"].data.get("keys", []) if "works" in stored else []
    photo_ids = stored["photos"].data.get("ids", []) if "photos" in stored else []
    photos = Photo.objects.filter(dossier=dossier, pk__in=photo_ids).order_by("uploaded_at", "pk")
    return {
        "texts": {key: stored[key].text for key in spec.BY_KEY if key in stored},
        "works": works.plan_json(works.plan_for(dossier, chosen)),
        "photos": [{"id": p.pk, "caption": p.caption, "kind": p.kind} for p in photos],
        "kit": [
            {"name": name, "quantity": quantity}
            for name, quantity in KitInstallation.objects.filter(dossier=dossier)
            .order_by("item__name")
            .values_list("item__name", "quantity")
        ],
        "orientations": document_lines(dossier),
        "dossier": _dossier_content(dossier),
        "programme": _programme_content(dossier.programme),
        "visit": {
            "date": timezone.localtime(visit.starts_at).date().isoformat() if visit else "",
            "coordinator": visit.coordinator.get_full_name() if visit else "",
            "coordinator_phone": visit.coordinator.phone if visit else "",
            "advisor": visit.advisor.get_full_name() if visit else "",
        },
    }


def freeze(dossier, user, now) -> ReportVersion:
    """Freeze the report into its next version (an effect of « soumettre à validation »)."""
    report = Report.objects.select_for_update().get(dossier=dossier)
    last = latest_version(report)
    return ReportVersion.objects.create(
        report=report,
        number=(last.number if last else 0) + 1,
        content=content_of(report),
        submitted_at=now,
        submitted_by=user,
    )


def steps(programme, dossier=None) -> list[ValidationStep]:
    """The programme's validation steps in order (``dossier``: of the programme, read with ``defaults.presence()``)."""
    ensure_defaults(programme, dossier)
    return list(ValidationStep.objects.filter(programme=programme).order_by("order"))


def pending_step(version: ReportVersion, chain: list[ValidationStep]) -> ValidationStep | None:
    """The first step of ``chain`` that has not approved ``version`` (None: every step approved, or returned)."""
    decisions = {a.step_order: a.decision for a in version.approvals.all()}
    if Decision.RETURNED in decisions.values():
        return None
    return next((step for step in chain if step.order not in decisions), None)


def holds_role(user, programme, role, roles=None) -> bool:
    """Whether ``user`` holds ``role`` in ``programme``; ``roles``: those they hold there, when known (the request's,
    in its programme)."""
    if roles is not None:
        return role in roles
    return Membership.objects.filter(user=user, programme=programme, role=role, is_active=True).exists()


def refusal(version: ReportVersion | None, user, chain: list[ValidationStep], roles=None) -> str | None:
    """Why ``user`` may not decide on ``version`` now (None when they may); ``roles``: see ``holds_role``."""
    if version is None or version.returned_at is not None:
        return _("Aucune version du compte-rendu n'attend de validation.")
    step = pending_step(version, chain)
    if step is None:
        return _("Toutes les étapes de validation de cette version sont déjà faites.")
    programme = version.report.dossier.programme
    if not holds_role(user, programme, step.role, roles):
        return _("L'étape en attente est « %(step)s » : votre rôle ne permet pas de la faire.") % {"step": step.label}
    if any(approval.user_id == user.pk for approval in version.approvals.all()):
        return _(
            "Vous avez déjà approuvé une étape de cette version : une autre personne doit faire l'étape « %(step)s »."
        ) % {"step": step.label}
    return None


def decide(dossier, user, roles, *, decision: str, text: str, version_number: int, at=None) -> Approval:
    """Record the decision of the pending step on the version the person read, and move the dossier (``at``: when,
    for history being recorded; now by default)."""
    text = (text or "").strip()
    at = at or timezone.now()
    with transaction.atomic():
        report = Report.objects.select_for_update().get(dossier=dossier)
        version = latest_version(report)
        if version is None or version.number != version_number:
            raise EditRefused(_("Une nouvelle version a été soumise entre-temps : relisez-la avant de décider."))
        chain = steps(dossier.programme)
        if reason := refusal(version, user, chain):
            raise EditRefused(reason)
        step = pending_step(version, chain)
        if decision == Decision.RETURNED and not text:
            raise EditRefused(_("Indiquez le motif du renvoi : il sera lu par le binôme."))
        if decision == "opinion" and not step.may_add_opinion:
            raise EditRefused(_("Cette étape ne prévoit pas d'avis complémentaire."))
        approval = Approval.objects.create(
            version=version,
            step_order=step.order,
            step_label=step.label,
            decision=Decision.RETURNED if decision == Decision.RETURNED else Decision.APPROVED,
            reason=text if decision == Decision.RETURNED else "",
            opinion=text if decision == "opinion" else "",
            user=user,
            at=at,
        )
        approval.event = _apply(dossier, approval, version, chain, user, roles)
        approval.save(update_fields=["event"])
    return approval


def _apply(dossier, approval, version, chain, user, roles):
    at = approval.at
    if approval.decision == Decision.RETURNED:
        ReportVersion.objects.filter(pk=version.pk).update(returned_at=at)
        return transitions.apply(dossier, "return_for_changes", user=user, roles=roles, note=approval.reason, at=at)
    if pending_step(version, chain) is None:
        ReportVersion.objects.filter(pk=version.pk).update(approved_at=at)
    note = _("%(step)s : version %(n)s approuvée.") % {"step": approval.step_label, "n": version.number}
    return transitions.apply(dossier, "approve_step", user=user, roles=roles, note=note, at=at)


def fully_approved(version: ReportVersion | None) -> bool:
    return version is not None and version.approved_at is not None and version.returned_at is None


def approval_in_progress(dossier, user, name) -> bool:
    """Whether ``transitions.apply(name)`` comes from ``decide`` (an approval of this person not yet on the
    timeline): the validation steps are never made from the dossier's plain step buttons."""
    decision = Decision.RETURNED if name == "return_for_changes" else Decision.APPROVED
    return Approval.objects.filter(
        version__report__dossier=dossier, user=user, decision=decision, event__isnull=True
    ).exists()


def mark_seen(version: ReportVersion, user) -> ReportVersion | None:
    """Record that ``user`` read ``version``; return the last earlier version they had read (None if none)."""
    previous = (
        ReportVersion.objects.filter(
            report_id=version.report_id,
            number__lt=version.number,
            pk__in=VersionSeen.objects.filter(user=user).values("version"),
        )
        .order_by("-number")
        .first()
    )
    if not getattr(version, "seen", False):  # read with ``version_to_review``: already recorded
        VersionSeen.objects.get_or_create(version=version, user=user)
    return previous
