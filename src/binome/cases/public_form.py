"""What protects the public self-referral form (no login) from bots and floods, without locking households out.

- **A one-use time token.** The form carries a signed token holding a random nonce and the time it was shown.
  A submission is read only if the token is genuine, at least ``MIN_SECONDS`` and at most ``MAX_AGE`` old, and
  not used before: its nonce is spent in the cache at the first submission that reads it.
- **Caps per sender.** ``PER_ADDRESS`` submissions per connection per ``WINDOW`` (answered 429, "wait a
  moment", with what was typed kept); ``PER_CONTACT`` requests per phone number and per e-mail address per day
  (a further one is answered as a success and recorded nothing: the household is already in the queue, and the
  page reveals nothing about who asked before).
- **No global lock.** Past ``FLOOD_THRESHOLD`` requests to one programme within ``WINDOW`` (spread over many
  addresses), the requests are still recorded, marked in their timeline, and the programme's coordinators get
  one alert e-mail per window: a genuine household is never turned away by somebody else's flood.
- The honeypot is checked first and counts against nothing.

Every counter lives in the cache (Redis in production, shared by the workers). Keys hold hashes, never an
address, a phone number or an e-mail. If the cache fails, the form stays open rather than failing for everyone.
"""

import hashlib
import logging
import secrets

from django.core import signing
from django.core.cache import cache
from django.utils import timezone


logger = logging.getLogger(__name__)

MIN_SECONDS = 4  # a person needs longer than this to fill the form; a bot does not
MAX_AGE = 6 * 3600  # the form stays valid for a working half-day
WINDOW = 600  # seconds
PER_ADDRESS = 5  # submissions per connection per window
CONTACT_WINDOW = 24 * 3600
PER_CONTACT = 3  # requests per phone number, and per e-mail address, per day
FLOOD_THRESHOLD = 200  # requests to one programme per window, whatever the address: the coordinators are alerted
SIGNER_SALT = "binome.self-referral"


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _hit(key: str, timeout: int) -> int:
    """Count one hit for ``key``; the number of hits within the timeout (0 when the cache is unavailable)."""
    try:
        cache.add(key, 0, timeout)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout)
            return 1
    except Exception:  # noqa: BLE001 - any cache outage
        logger.warning("self-referral cache unavailable; submission accepted without counting")
        return 0


# The one-use token.


def new_token() -> str:
    return signing.TimestampSigner(salt=SIGNER_SALT).sign(secrets.token_urlsafe(16))


def read_token(token: str) -> tuple[str, float] | None:
    """(nonce, seconds since the form was shown), or None if the token is missing, forged or too old."""
    signer = signing.TimestampSigner(salt=SIGNER_SALT)
    try:
        nonce = signer.unsign(token, max_age=MAX_AGE)
        _value, stamp, _signature = token.rsplit(signer.sep, 2)
        return nonce, timezone.now().timestamp() - signing.b62_decode(stamp)
    except (signing.BadSignature, ValueError):
        return None


def spend_token(token: str) -> bool:
    """True the first time a genuine token old enough is presented; False if too fast, forged, stale or reused."""
    read = read_token(token)
    if read is None or read[1] < MIN_SECONDS:
        return False
    try:
        return cache.add(f"self-referral:token:{_digest(read[0])}", 1, MAX_AGE)
    except Exception:  # noqa: BLE001 - any cache outage
        logger.warning("self-referral cache unavailable; token accepted without spending it")
        return True


# Caps.


def address_over_limit(programme, address: str) -> bool:
    return _hit(f"self-referral:{programme.pk}:address:{_digest(address)}", WINDOW) > PER_ADDRESS


def contact_over_limit(programme, phone: str, email: str) -> bool:
    """Count the request for its phone number and its e-mail address; True once either passed its cap."""
    digits = "".join(ch for ch in phone if ch.isascii() and ch.isdigit())
    keys = [f"self-referral:{programme.pk}:phone:{_digest(digits)}"] if digits else []
    if email:
        keys.append(f"self-referral:{programme.pk}:email:{_digest(email.strip().lower())}")
    return any([_hit(key, CONTACT_WINDOW) > PER_CONTACT for key in keys])  # a list: count every key


def flood(programme) -> bool:
    """Count the request for its programme; True past the threshold, when the first time in the window also
    enqueues the alert to the coordinators."""
    hits = _hit(f"self-referral:{programme.pk}:all", WINDOW)
    if hits <= FLOOD_THRESHOLD:
        return False
    try:
        first = cache.add(f"self-referral:{programme.pk}:alerted", 1, WINDOW)
    except Exception:  # noqa: BLE001 - any cache outage
        first = False
    if first:
        from binome.cases.tasks import send_flood_alert

        logger.warning("self-referral flood on programme %s: %d requests within %d s", programme.pk, hits, WINDOW)
        send_flood_alert.enqueue(programme.pk, hits)
    return True
