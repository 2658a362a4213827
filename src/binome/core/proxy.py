"""The visitor's address behind a reverse proxy (Caddy, nginx, a PaaS router).

Behind a proxy every request comes from the proxy's address, so the public form's rate limit per address would
count every household together. When the request comes from a trusted proxy (``TRUSTED_PROXIES``), the address is
taken from ``X-Forwarded-For``, read from the right (the entries a proxy appended) and skipping the trusted proxies;
an address a client wrote itself in the header is never believed.
"""

import ipaddress

from django.conf import settings


def _networks(items):
    return [ipaddress.ip_network(item, strict=False) for item in items if item != "*"]


def _in(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(remote: str, forwarded: str, trusted: list[str]) -> str:
    """The visitor's address given the peer (``remote``) and the ``X-Forwarded-For`` header."""
    networks = _networks(trusted)
    if not forwarded or not ("*" in trusted or _in(remote, networks)):
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _in(hop, networks):
            return hop if _valid(hop) else remote
    return hops[0] if hops and _valid(hops[0]) else remote


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


class ClientAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = list(getattr(settings, "TRUSTED_PROXIES", []))
        self.networks = _networks(self.trusted)

    def __call__(self, request):
        remote = request.META.get("REMOTE_ADDR", "")
        if not ("*" in self.trusted or _in(remote, self.networks)):
            # The scheme (SECURE_PROXY_SSL_HEADER) is believed from a trusted proxy only, never from a client.
            request.META.pop("HTTP_X_FORWARDED_PROTO", None)
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded and self.trusted:
            request.META["REMOTE_ADDR"] = client_address(request.META.get("REMOTE_ADDR", ""), forwarded, self.trusted)
        return self.get_response(request)
