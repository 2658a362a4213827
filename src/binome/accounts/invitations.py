"""Invitation by e-mail: the only way a new account gets a password.

An administrator creates the account (no usable password) with its first role in his programme; the person
receives a one-time link (``tokens.invitation_tokens``) to choose a password, then enrols the second factor at the
first login when the role requires it.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from binome.accounts import grants
from binome.accounts.models import Membership, User
from binome.accounts.tokens import invitation_tokens


def invitation_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:invitation", kwargs={"uidb64": uid, "token": invitation_tokens.make_token(user)})
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def invite(user: User, *, programme, role: str, organisation=None, actor: User) -> Membership:
    """Save the new account without a password, give it its role (recorded) and send the link after commit."""
    user.email = user.email.strip().lower()
    user.set_unusable_password()
    user.save()
    membership = Membership.objects.create(user=user, programme=programme, role=role, organisation=organisation)
    grants.record(membership, actor=actor, detail="invitation")
    transaction.on_commit(lambda: send_invitation(user.pk, programme.pk, actor.pk))
    return membership


def send_invitation(user_id: int, programme_id: int, actor_id: int | None) -> int:
    user = User.objects.get(pk=user_id)
    membership = Membership.objects.filter(user=user, programme_id=programme_id).select_related("programme").first()
    context = {
        "user": user,
        "programme": membership.programme if membership else None,
        "role": membership.get_role_display() if membership else "",
        "actor": User.objects.filter(pk=actor_id).first(),
        "url": invitation_url(user),
        "days": settings.INVITATION_TIMEOUT // 86400,
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/invitation.txt", context)
    return send_mail(subject, body, None, [user.email])
