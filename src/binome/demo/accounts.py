"""The demo accounts: one user per role, all with the password ``demo``."""

from dataclasses import dataclass

from binome.accounts.models import Membership, Role, User


DEMO_PASSWORD = "demo"
DEMO_DOMAIN = "demo.binome.fr"

# (e-mail local part, first name, last name, role, organisation name or None)
USERS = [
    ("coordinatrice", "Claire", "Martin", Role.COORDINATOR, None),
    ("conseiller", "Julien", "Roche", Role.ADVISOR, None),
    ("chef.mission", "Sophie", "Bernard", Role.CHEF_MISSION, None),
    ("chef.service", "Marc", "Lefèvre", Role.CHEF_SERVICE, None),
    ("admin", "Nadia", "Petit", Role.ADMIN, None),
    ("donneur.ccas", "Émilie", "Girard", Role.REFERRER, "CCAS de Dole"),
    ("donneur.departement", "Thomas", "Moreau", Role.REFERRER, "Département du Jura — action sociale, UT de Dole"),
    ("donneur.caf", "Inès", "Lambert", Role.REFERRER, "CAF du Jura"),
]


@dataclass
class DemoUsers:
    coordinator: User
    advisor: User
    chef_mission: User
    chef_service: User
    referrers: dict[str, User]


def create_user(local: str, first_name: str, last_name: str) -> User:
    return User.objects.create_user(
        email=f"{local}@{DEMO_DOMAIN}", password=DEMO_PASSWORD, first_name=first_name, last_name=last_name
    )


def create_users(programme, organisations) -> DemoUsers:
    made = {}
    for local, first, last, role, organisation in USERS:
        user = create_user(local, first, last)
        Membership.objects.create(
            user=user, programme=programme, role=role, organisation=organisations.get(organisation)
        )
        made[local] = user
    return DemoUsers(
        coordinator=made["coordinatrice"],
        advisor=made["conseiller"],
        chef_mission=made["chef.mission"],
        chef_service=made["chef.service"],
        referrers={
            "CCAS de Dole": made["donneur.ccas"],
            "Département du Jura — action sociale, UT de Dole": made["donneur.departement"],
            "CAF du Jura": made["donneur.caf"],
        },
    )


def demo_logins() -> list[tuple[str, str]]:
    return [(f"{local}@{DEMO_DOMAIN}", str(role.label)) for local, _f, _l, role, _o in USERS]
