"""Roles given, changed or withdrawn: recorded with who did it, and e-mailed to the programme's other admins.

The Django admin (``MembershipAdmin``, the invitation form) calls ``record`` for every membership it saves; the
list is in the admin (*Attributions de rôles*), sealed to the programme like the rest.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from binome.accounts.models import Membership, Role, RoleGrant, User


def record(membership: Membership, *, actor: User, action: str = RoleGrant.Action.GRANTED, detail: str = ""):
    grant = RoleGrant.objects.create(
        actor=actor,
        user=membership.user,
        programme=membership.programme,
        role=membership.role,
        action=action,
        detail=detail[:200],
    )
    transaction.on_commit(lambda: notify_admins(grant.pk))
    return grant


def other_admins(grant: RoleGrant):
    return (
        User.objects.filter(
            memberships__programme=grant.programme,
            memberships__role=Role.ADMIN,
            memberships__is_active=True,
            is_active=True,
        )
        .exclude(pk=grant.actor_id)
        .distinct()
    )


def notify_admins(grant_id: int) -> int:
    grant = RoleGrant.objects.select_related("actor", "user", "programme").get(pk=grant_id)
    recipients = [user.email for user in other_admins(grant)]
    if not recipients:
        return 0
    context = {"grant": grant, "site_url": settings.SITE_URL}
    subject = render_to_string("accounts/email/role_grant_subject.txt", context).strip()
    body = render_to_string("accounts/email/role_grant.txt", context)
    return send_mail(subject, body, None, recipients)
