"""Who may see and do what, at which step: the one home of every access rule.

Views, template tags and templates ask these functions; none of them compares ``dossier.state`` itself
(``tests/cases/test_policies_home.py`` fails when one does). Dossiers are fetched through
``visible_dossiers`` (404 outside the scope, see ``cases.selectors``). Rules:

- coordinator, chef de mission, chef de service: every dossier of their programme;
- energy advisor: the dossiers assigned to them;
- donneur d'alerte: the requests they sent for their current organisation (all of the organisation's
  requests when they manage it), and the report summary only when the household agreed to share it;
- programme administrator: settings only, no household data; he is the programme's data-protection officer
  (the audit trail, and a household's export or erasure on request, which the coordinator may also do);
- nobody sees another programme.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from binome.accounts.models import Role
from binome.cases.models import Dossier
from binome.cases.workflow import FOLLOW_UP_STATES, State


STAFF_ROLES = frozenset({Role.COORDINATOR, Role.CHEF_MISSION, Role.CHEF_SERVICE})
CASE_ROLES = STAFF_ROLES | {Role.ADVISOR}

# The steps at which each piece of work is open.
CALLABLE_STATES = frozenset({State.RECEIVED, State.TO_CONTACT, State.WAITING_LIST, State.DEFERRED, State.SCHEDULED})
BOOKABLE_STATES = frozenset({State.RECEIVED, State.TO_CONTACT})  # a received request is accepted on booking
DIAGNOSIS_EDITABLE_STATES = frozenset({State.SCHEDULED, State.VISITED, State.IN_REVIEW})
ORIENTATION_STATES = frozenset({State.IN_REVIEW, State.IN_VALIDATION, State.SENT})
REPORT_READABLE_STATES = frozenset({State.SENT, State.CLOSED})
UNREACHABLE_STATES = frozenset({State.TO_CONTACT, State.WAITING_LIST})


def visible_dossiers(request):
    if request.programme is None:
        return Dossier.objects.none()
    roles = request.roles
    scope = Q(pk__in=[])
    if roles & STAFF_ROLES:
        scope = Q()
    else:
        if Role.ADVISOR in roles:
            scope |= Q(advisor=request.user)
        if Role.REFERRER in roles:
            # Need to know: a referrer follows the requests they sent for their current organisation;
            # the organisation's manager follows all of its requests (those of colleagues who left included).
            scope |= Q(referrer=request.user, organisation__in=[o.pk for o in request.organisations])
            scope |= Q(organisation__in=[o.pk for o in request.managed_organisations])
    return Dossier.objects.filter(scope, programme=request.programme)


def require_role(request, *roles):
    if not request.roles & set(roles):
        raise PermissionDenied(_("Votre rôle ne donne pas accès à cette page."))


def is_case_worker(request) -> bool:
    return bool(request.roles & CASE_ROLES)


def is_coordinator(request) -> bool:
    return Role.COORDINATOR in request.roles


def is_assigned_advisor(request, dossier) -> bool:
    return Role.ADVISOR in request.roles and dossier.advisor_id == request.user.pk


# Intake and coordination.


def can_edit_household(request, dossier) -> bool:
    return is_coordinator(request)


def can_call(request, dossier) -> bool:
    return is_coordinator(request) and dossier.state in CALLABLE_STATES


def can_book(request, dossier) -> bool:
    return is_coordinator(request) and dossier.state in BOOKABLE_STATES


def is_bookable(dossier) -> bool:
    """Whether a visit may be booked for the dossier at its step, whoever asks (the queue's rows)."""
    return dossier.state in BOOKABLE_STATES


def may_become_unreachable(dossier) -> bool:
    """Whether enough failed calls would let the coordinator declare the household unreachable."""
    return dossier.state in UNREACHABLE_STATES


# The diagnosis.


def may_fill_side(request, dossier, side: str) -> bool:
    """Who fills which side, whatever the step: the coordinator the social side, the coordinator or the
    assigned energy advisor the technical side."""
    if side == "social":
        return is_coordinator(request)
    return is_coordinator(request) or is_assigned_advisor(request, dossier)


def diagnosis_open(dossier) -> bool:
    """The diagnosis is filled from the visit's scheduling until the cross-reading ends."""
    return dossier.state in DIAGNOSIS_EDITABLE_STATES


def can_edit_diagnosis(request, dossier, side: str) -> bool:
    """The one-note-per-side editor: the side's author, while the diagnosis is open."""
    return diagnosis_open(dossier) and may_fill_side(request, dossier, side)


def can_read_diagnosis(request, dossier) -> bool:
    """The full diagnosis (household finances, bills, photos): case workers only, never a donneur d'alerte."""
    return is_case_worker(request)


def can_edit_diagnosis_section(request, dossier, side: str) -> bool:
    """The coordinator fills the social side, the assigned energy advisor the technical side, from the visit's
    scheduling until the review ends."""
    if not diagnosis_open(dossier):
        return False
    if side == "social":
        return is_coordinator(request)
    return is_assigned_advisor(request, dossier)


# The report.

REPORT_DISPATCH_STATES = frozenset({State.IN_VALIDATION, State.SENT, State.CLOSED})


def can_edit_report(request, dossier) -> bool:
    """The cross-reading: the coordinator and the assigned energy advisor each write and complete every section."""
    if dossier.state != State.IN_REVIEW:
        return False
    return is_coordinator(request) or is_assigned_advisor(request, dossier)


def can_validate_report(request, dossier) -> bool:
    """Opening the validation page; which step a chef may decide on is the reports app's (``versions.refusal``)."""
    return bool(request.roles & {Role.CHEF_MISSION, Role.CHEF_SERVICE}) and dossier.state == State.IN_VALIDATION


def can_dispatch_report(request, dossier) -> bool:
    """Sending the documents of the approved version (and recording the landlord consent): the coordinator."""
    return is_coordinator(request) and dossier.state in REPORT_DISPATCH_STATES


def can_read_report_documents(request, dossier) -> bool:
    """The PDFs of every version (the household's, the referrer's, the landlord's): case workers only."""
    return is_case_worker(request)


def report_sent(dossier) -> bool:
    return dossier.state in REPORT_READABLE_STATES


def can_read_report(request, dossier) -> bool:
    if is_case_worker(request):
        return True
    # A referrer reads the summary once the report is sent, and only with the household's consent.
    return dossier.share_with_referrer and report_sent(dossier)


def can_read_referrer_document(request, dossier) -> bool:
    """The referrer's own report, on their page: once the household's copy left, with the household's consent."""
    return can_read_report(request, dossier) and report_sent(dossier)


# Orientations.


def orientations_open(dossier) -> bool:
    """Orientations are proposed and followed from the report's review until the dossier is closed."""
    return dossier.state in ORIENTATION_STATES


def can_manage_orientations(request, dossier) -> bool:
    """Move an orientation (the household's answer, sent to the partner, outcome) and ask the partner for news."""
    return is_coordinator(request) and orientations_open(dossier)


def can_propose_orientation(request, dossier) -> bool:
    """The visitors propose orientations while writing the report; the chefs may add some while validating it
    (Jura practice); afterwards the coordinator."""
    if dossier.state == State.IN_REVIEW:
        return can_edit_report(request, dossier)
    if dossier.state == State.IN_VALIDATION:
        return bool(request.roles & STAFF_ROLES)
    return is_coordinator(request) and dossier.state == State.SENT


def can_read_orientations(request, dossier) -> bool:
    """Case workers always; a donneur d'alerte only what the household agreed to share with them."""
    return is_case_worker(request) or dossier.share_with_referrer


def follow_up_open(dossier) -> bool:
    return dossier.state in FOLLOW_UP_STATES


def can_record_follow_up(request, dossier) -> bool:
    """The coordinator calls the household back once the report is sent, until the dossier is closed."""
    return is_coordinator(request) and follow_up_open(dossier)


def is_report_dispatch(to_state: str) -> bool:
    """Whether a step of the chain is the compte-rendu being sent (the date the follow-up delays start from)."""
    return to_state == State.SENT


def can_read_outcomes(request) -> bool:
    """The programme's outcome rates (aggregates, no household): the coordinator and the chefs."""
    return bool(request.roles & STAFF_ROLES)


def can_read_steering(request) -> bool:
    """The programme's dashboard, map and bilan (aggregates, no household): the coordinator and the chefs."""
    return bool(request.roles & STAFF_ROLES)


def can_export_steering(request) -> bool:
    """Exports of the programme's dossiers, visits, orientations and follow-ups (logged): coordinator and chefs."""
    return bool(request.roles & STAFF_ROLES)


def can_download_export(request, log) -> bool:
    """A long export's file (``steering.ExportLog``): only the user who asked for it, in its programme, while
    they may still export — a full export names households, so it is not passed around the team."""
    return can_export_steering(request) and log.programme_id == request.programme.pk and log.user_id == request.user.pk


def can_manage_budget(request) -> bool:
    """The programme's budget lines, spend and CEE share (dashboard costs): the coordinator and the
    programme administrator."""
    return bool(request.roles & {Role.COORDINATOR, Role.ADMIN})


def can_import_history(request) -> bool:
    """Bringing a service's past dossiers in (``steering.importing``): the programme administrator only."""
    return Role.ADMIN in request.roles


# Background tasks that failed after their last attempt (``core.tasks``).


def can_manage_task_failures(request) -> bool:
    """The coordinator lists the failed tasks of the programme and relaunches them."""
    return is_coordinator(request)


def visible_task_failures(request):
    """The failures of the dossiers the user sees, and those of the programme that concern no dossier."""
    from binome.core.models import TaskFailure

    if request.programme is None:
        return TaskFailure.objects.none()
    return TaskFailure.objects.filter(
        Q(dossier_id__in=visible_dossiers(request).values("pk"))
        | Q(dossier_id__isnull=True, programme_id=request.programme.pk)
    )


def has_task_failures():
    """Whether a dossier has unresolved failures, as an annotation (``has_task_failures``): the dossier page reads it
    with the dossier and lists them only when there are some."""
    from binome.core.models import TaskFailure

    return Exists(TaskFailure.objects.filter(dossier_id=OuterRef("pk"), resolved_at__isnull=True))


def dossier_task_failures(request, dossier) -> list:
    """The unresolved failures shown on the dossier page, to the case workers."""
    if not is_case_worker(request) or getattr(dossier, "has_task_failures", None) is False:
        return []
    return list(visible_task_failures(request).filter(dossier_id=dossier.pk, resolved_at__isnull=True))


# Privacy: the audit trail, retention and the data subjects' rights (``binome.privacy``).


def can_read_audit_trail(request) -> bool:
    """The programme's data-protection officer is its administrator: the trail of reads and changes, ids and field
    names only, of his programme."""
    return request.programme is not None and Role.ADMIN in request.roles


def can_handle_subject_rights(request) -> bool:
    """A household's data exported or erased on its request: the coordinator or the programme's administrator."""
    return request.programme is not None and bool(request.roles & {Role.COORDINATOR, Role.ADMIN})


def is_anonymised(dossier) -> bool:
    """Whether the household's personal data were removed (retention or erasure): nothing left to export or erase."""
    return dossier.anonymised_at is not None
