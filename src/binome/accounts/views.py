"""Account pages: invitation, password reset and change (Django's views), the second factor's enrolment and check.

Thin views: the rules are in ``accounts/otp.py`` and ``accounts/second_factor.py``; the templates are in
``templates/accounts``.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from binome.accounts import otp
from binome.accounts.forms import ResetRequestForm, TokenForm
from binome.accounts.tokens import invitation_tokens


CODES_SESSION_KEY = "binome_recovery_codes"


class InvitationView(auth_views.PasswordResetConfirmView):
    """The one-time link of an invitation: the person chooses his password, then logs in."""

    token_generator = invitation_tokens
    template_name = "accounts/invitation.html"
    reset_url_token = "choisir-mot-de-passe"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Votre mot de passe est enregistré. Connectez-vous avec votre adresse."))
        return response


password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    form_class=ResetRequestForm,
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    reset_url_token="nouveau-mot-de-passe",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:password_change_done")
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")


def _next(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("home")


def account(request):
    context = {
        "has_device": otp.has_device(request.user),
        "verified": request.user.is_verified(),
        "required": otp.requires_for(request),
    }
    return render(request, "accounts/account.html", context)


def otp_setup(request):
    """Enrol an authenticator application: QR code and secret, confirmed by a first code."""
    if otp.has_device(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('accounts:otp_verify')}?{request.GET.urlencode()}")
    device = otp.pending_totp(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.confirm(device, form.cleaned_data["token"]):
            otp_login(request, device)
            request.session[CODES_SESSION_KEY] = otp.new_recovery_codes(request.user)
            return redirect(f"{reverse('accounts:otp_codes')}?{urlencode({'next': _next(request)})}")
        form.add_error(
            "token", _("Ce code ne correspond pas. Vérifiez l'heure du téléphone et saisissez le code actuel.")
        )
    context = {"form": form, "qr": otp.qr_svg(device), "secret": otp.secret_for_typing(device), "next": _next(request)}
    return render(request, "accounts/otp_setup.html", context)


def otp_verify(request):
    """The second step of the login: the application's code or a recovery code."""
    if not otp.has_device(request.user):
        return redirect(f"{reverse('accounts:otp_setup')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp.verify(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if otp.is_recovery(device):
                messages.warning(request, otp.recovery_left_message(request.user))
            return redirect(_next(request))
        form.add_error("token", _("Code incorrect ou déjà utilisé. Réessayez dans quelques secondes."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


def otp_codes(request):
    """The recovery codes, shown once right after they were made."""
    codes = request.session.pop(CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:account")
    return render(request, "accounts/otp_codes.html", {"codes": codes, "next": _next(request)})


@require_POST
def otp_new_codes(request):
    if not request.user.is_verified():
        return redirect("accounts:otp_verify")
    request.session[CODES_SESSION_KEY] = otp.new_recovery_codes(request.user)
    return redirect("accounts:otp_codes")
