"""Partner feedback without an account: a signed, expiring link for one orientation.

The coordinator sends the partner a link (``create``); the URL carries a token signed with the site's secret
(``token_for``) that names the link and its random nonce, never the household. The link shows only the
household's name, its commune and that orientation, and lets the partner set its status and outcome once:
then it is used. A new link for the same orientation replaces the previous one. Every use is logged
(``PartnerLinkUse``), refusals included.
"""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from binome.cases import policies
from binome.orientations.models import LinkAction, OrientationSettings, PartnerLink, PartnerLinkUse


SALT = "binome.orientations.partner-link"


def token_for(link: PartnerLink) -> str:
    return signing.dumps([link.pk, link.nonce], salt=SALT, compress=False)


def create(orientation, *, user, email: str = "", at=None) -> PartnerLink:
    """A new link for ``orientation``, valid for the programme's number of days; older unused links are revoked."""
    at = at or timezone.now()
    config = OrientationSettings.for_programme(orientation.dossier.programme)
    with transaction.atomic():
        PartnerLink.objects.filter(orientation=orientation, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=at
        )
        return PartnerLink.objects.create(
            orientation=orientation,
            nonce=secrets.token_urlsafe(24),
            email=email,
            created_by=user,
            created_at=at,
            expires_at=at + dt.timedelta(days=config.link_days),
        )


@dataclass(frozen=True)
class Opened:
    link: PartnerLink | None  # None: the token is not one of ours (404)
    refusal: str = ""  # why the link may no longer be used, in French
    action: str = ""


def open_link(token: str, now=None) -> Opened:
    """The link a token names, with the reason it cannot be used any more (expired, used, replaced)."""
    try:
        pk, nonce = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return Opened(None)
    link = (
        PartnerLink.objects.select_related(
            "orientation__solution",
            "orientation__organisation",
            "orientation__dossier__commune",
            "orientation__dossier__programme",
        )
        .filter(pk=pk, nonce=nonce)
        .first()
    )
    if link is None:
        return Opened(None)
    now = now or timezone.now()
    if link.used_at is not None:
        when = date_format(timezone.localtime(link.used_at), "j F Y à H:i")
        return Opened(
            link,
            _(
                "Ce lien a déjà servi, le %(when)s : votre réponse est enregistrée. Pour donner "
                "d'autres nouvelles, demandez un nouveau lien au SLIME."
            )
            % {"when": when},
            LinkAction.USED,
        )
    if link.revoked_at is not None:
        return Opened(
            link,
            _(
                "Ce lien a été remplacé par un plus récent : utilisez le dernier lien reçu, ou "
                "demandez-en un au SLIME."
            ),
            LinkAction.REVOKED,
        )
    if not policies.orientations_open(link.orientation.dossier):
        return Opened(link, _("Le SLIME a clôturé ce dossier : ce lien ne sert plus."), LinkAction.REVOKED)
    if link.expires_at <= now:
        when = date_format(timezone.localtime(link.expires_at), "j F Y")
        return Opened(
            link,
            _("Ce lien a expiré le %(when)s. Demandez un nouveau lien au SLIME.") % {"when": when},
            LinkAction.EXPIRED,
        )
    return Opened(link)


def log(link: PartnerLink, action: str, detail: str = "", at=None) -> None:
    PartnerLinkUse.objects.create(link=link, action=action, detail=detail[:200], at=at or timezone.now())


def mark_used(link: PartnerLink, at) -> bool:
    """Consume the link; False when another answer consumed it first (two tabs, a double click)."""
    return bool(PartnerLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=at))


def answer(
    link: PartnerLink, *, status: str, expected_version: int, answered_by: str, outcome: str, amounts: dict, at=None
):
    """The partner's answer: moves the orientation and consumes the link, or neither (``MoveRefused``,
    ``StaleEdit``). The use is logged either way."""
    from binome.orientations import machine, services

    at = at or timezone.now()
    try:
        with transaction.atomic():
            if not mark_used(link, at):
                raise machine.MoveRefused(_("Ce lien vient de servir : votre réponse est déjà enregistrée."))
            moved = services.move(
                link.orientation,
                status,
                expected_version=expected_version,
                link=link,
                answered_by=answered_by,
                outcome=outcome,
                amounts=amounts,
                at=at,
            )
    except Exception as exc:
        log(link, LinkAction.REFUSED_MOVE, detail=type(exc).__name__)
        raise
    log(link, LinkAction.ANSWERED, detail=status, at=at)
    return moved
