"""Who may see and do what: the one place where access rules live.

Every view fetches dossiers through ``visible_dossiers`` (404 outside the scope) and asks the small
``can_*`` functions below for finer questions. Rules:

- coordinator, chef de mission, chef de service: every dossier of their programme;
- energy advisor: the dossiers assigned to them;
- donneur d'alerte: the dossiers of their own organisation, and the report summary only when the
  household agreed to share it;
- programme administrator: settings only, no household data;
- nobody sees another programme.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from binome.accounts.models import Role
from binome.cases.models import Dossier
from binome.cases.workflow import State


STAFF_ROLES = frozenset({Role.COORDINATOR, Role.CHEF_MISSION, Role.CHEF_SERVICE})
CASE_ROLES = STAFF_ROLES | {Role.ADVISOR}


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


def can_edit_household(request, dossier) -> bool:
    return Role.COORDINATOR in request.roles


def can_edit_diagnosis(request, dossier, side: str) -> bool:
    if side == "social":
        return Role.COORDINATOR in request.roles
    return Role.COORDINATOR in request.roles or (
        Role.ADVISOR in request.roles and dossier.advisor_id == request.user.pk
    )


DIAGNOSIS_EDITABLE_STATES = frozenset({State.SCHEDULED, State.VISITED, State.IN_REVIEW})


def can_read_diagnosis(request, dossier) -> bool:
    """The full diagnosis (household finances, bills, photos): case workers only, never a donneur d'alerte."""
    return is_case_worker(request)


def can_edit_diagnosis_section(request, dossier, side: str) -> bool:
    """The coordinator fills the social side, the assigned energy advisor the technical side, from the visit's
    scheduling until the review ends."""
    if dossier.state not in DIAGNOSIS_EDITABLE_STATES:
        return False
    if side == "social":
        return Role.COORDINATOR in request.roles
    return Role.ADVISOR in request.roles and dossier.advisor_id == request.user.pk


def can_edit_report(request, dossier) -> bool:
    if dossier.state != State.IN_REVIEW:
        return False
    return Role.COORDINATOR in request.roles or (
        Role.ADVISOR in request.roles and dossier.advisor_id == request.user.pk
    )


def can_give_opinion(request, dossier) -> bool:
    return Role.CHEF_SERVICE in request.roles and dossier.state == State.IN_VALIDATION


def can_manage_orientations(request, dossier) -> bool:
    return Role.COORDINATOR in request.roles and dossier.state in {State.IN_REVIEW, State.IN_VALIDATION, State.SENT}


def can_read_report(request, dossier) -> bool:
    if is_case_worker(request):
        return True
    # A referrer reads the summary once the report is sent, and only with the household's consent.
    return dossier.share_with_referrer and dossier.state in {State.SENT, State.CLOSED}
