"""Login throttling with django-axes: what it logs and how an administrator lifts a lockout.

django-axes counts the failed logins per account and, separately, per address (``AXES_LOCKOUT_PARAMETERS``) and
refuses both for ``AXES_COOLOFF_TIME`` after ``AXES_FAILURE_LIMIT`` failures. Its log lines would name the e-mail
and the address: ``client_str`` replaces them by the account's id (or "unknown account"), and every lockout and
unlock is logged here with that id only.
"""

import logging

from axes.signals import user_locked_out
from axes.utils import reset
from django.dispatch import receiver

from binome.accounts.models import User


log = logging.getLogger("binome.accounts")


def username(request, credentials) -> str | None:
    """The e-mail typed, lower-cased as the login form does, so that "Jean@…" and "jean@…" count together."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username")
    return value.strip().lower() if isinstance(value, str) else value


def user_id_for(email: str | None) -> int | None:
    if not email:
        return None
    return User.objects.filter(email=email.strip().lower()).values_list("pk", flat=True).first()


def _label(email: str | None) -> str:
    user_id = user_id_for(email)
    return f"user {user_id}" if user_id else "unknown account"


def client_str(username, ip_address, user_agent, path_info, request) -> str:  # noqa: ARG001 (axes' signature)
    """What django-axes writes in its log lines about a client: the account's id, no e-mail, no address."""
    return _label(username)


@receiver(user_locked_out, dispatch_uid="binome.accounts.lockout")
def log_lockout(sender, request, username=None, ip_address=None, **kwargs):  # noqa: ARG001
    log.warning("login locked out: %s", _label(username))


def unlock(user: User, *, by: User) -> int:
    """Lift the lockout of an account (its failed attempts are forgotten); returns the attempts removed."""
    count = reset(username=user.email)
    log.warning("login unlocked: user %s by user %s (%d attempts removed)", user.pk, by.pk, count)
    return count


def response(request, credentials):
    """The French lockout page (``AXES_LOCKOUT_CALLABLE``): status 429, no e-mail shown back."""
    from django.conf import settings
    from django.shortcuts import render

    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
