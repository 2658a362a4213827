from binome.accounts.models import Membership


SESSION_KEY = "binome_programme_id"


class ProgrammeMembershipMiddleware:
    """Put on the request who the user acts as: current programme, roles there, organisation.

    Loaded once per request (one query); every view and the policy module read these attributes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.programme = None
        request.roles = frozenset()
        request.organisations = ()
        request.managed_organisations = ()
        request.programmes = ()
        if request.user.is_authenticated:
            memberships = list(
                Membership.objects.filter(user=request.user, is_active=True, programme__isnull=False)
                .select_related("programme", "organisation")
                .order_by("programme__name", "role")
            )
            programmes = {m.programme_id: m.programme for m in memberships}
            request.programmes = tuple(programmes.values())
            if programmes:
                wanted = request.session.get(SESSION_KEY)
                programme = programmes.get(wanted) or next(iter(programmes.values()))
                request.programme = programme
                current = [m for m in memberships if m.programme_id == programme.pk]
                request.roles = frozenset(m.role for m in current)
                request.organisations = tuple(m.organisation for m in current if m.organisation_id)
                request.managed_organisations = tuple(
                    m.organisation for m in current if m.organisation_id and m.manages_organisation
                )
        return self.get_response(request)
