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
        request.all_roles = frozenset()  # in every programme: the second factor follows the strongest role
        if request.user.is_authenticated:
            memberships = list(
                Membership.objects.filter(user=request.user, is_active=True, programme__isnull=False)
                .select_related("programme", "organisation")
                .order_by("programme__name", "role")
            )
            programmes = {m.programme_id: m.programme for m in memberships}
            request.all_roles = frozenset(m.role for m in memberships)
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


# Pages an authenticated user may open before the second factor: enrolling, verifying, logging out.
OTP_OPEN_URL_NAMES = frozenset({"logout", "accounts:otp_setup", "accounts:otp_verify", "accounts:otp_codes"})


class OTPRequiredMiddleware:
    """Send a user whose roles read household data to enrol or to verify his second factor (accounts/otp.py).

    The one place where the rule is enforced, for the site and the Django admin alike; the rule itself is
    ``second_factor.requires_second_factor``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from binome.accounts import otp

        if otp.must_verify(request):
            redirect = otp.redirect_to_second_factor(request)
            if redirect is not None:
                return redirect
        return self.get_response(request)
