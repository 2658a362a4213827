"""Who must pass the second factor (TOTP or a recovery code) before any page: plain Python, no Django.

Every role that reads household data beyond the requests one sent oneself: the coordinator, the energy advisor,
the chefs de mission and de service (diagnoses, calls, reports) and the programme administrator (who grants these
roles). A donneur d'alerte alone reads only the requests he wrote (the steps, the visit date and what the household
agreed to share), so the second factor is offered to him but not required (docs/accounts.md). Demo accounts are
exempt only when the site runs in debug mode (the demo on a laptop), never in production.
"""

REFERRER = "referrer"
DEMO_DOMAIN = "@demo.binome.fr"


def role_requires_second_factor(role: str) -> bool:
    return role != REFERRER


def requires_second_factor(email: str, roles, *, required: bool, debug: bool, superuser: bool = False) -> bool:
    if not required:
        return False
    if debug and email.lower().endswith(DEMO_DOMAIN):
        return False
    return superuser or any(role_requires_second_factor(role) for role in roles)
