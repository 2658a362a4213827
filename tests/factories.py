"""One factory module for the whole suite; traits follow the domain's words."""

import datetime as dt

import factory
from django.utils import timezone

from binome.accounts.models import Membership, Role, User
from binome.cases.models import Dossier, Tenure
from binome.network.models import MobilisationEvent, MobilisationKind, Organisation, OrganisationKind
from binome.territory.models import Commune, Programme, UniteTerritoriale
from binome.visits.models import Visit


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    slug = factory.Sequence(lambda n: f"programme-{n}")
    name = factory.Sequence(lambda n: f"SLIME n° {n}")
    collectivite = "Département"
    departement = "39"
    start_year = 2014
    end_year = 2027
    reference_population = 260502
    reference_households = 116653


class UniteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UniteTerritoriale

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"UT {n}")


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    unite = factory.SubFactory(UniteFactory)
    programme = factory.SelfAttribute("unite.programme")
    # Five characters at any sequence length; "9xxxx" never meets the real Jura codes (39xxx) tests use.
    insee_code = factory.Sequence(lambda n: f"9{n % 10000:04d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    postal_codes = ["39100"]
    population = 1000
    longitude = 5.5
    latitude = 46.7


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.CCAS


class MobilisationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MobilisationEvent

    programme = factory.SubFactory(ProgrammeFactory)
    kind = MobilisationKind.WORKSHOP
    title = factory.Sequence(lambda n: f"Atelier {n}")
    date = dt.date(2016, 10, 18)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Prénom"
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    password = factory.django.Password("secret-password")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    role = Role.COORDINATOR


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    commune = factory.SubFactory(CommuneFactory)
    programme = factory.SelfAttribute("commune.programme")
    reference = factory.Sequence(lambda n: f"2026-{n:04d}")
    last_name = "Dupont"
    first_name = "Marie"
    phone = "01 99 00 12 34"
    address = "3 rue des Tilleuls"
    tenure = Tenure.PRIVATE_TENANT
    household_size = 2
    motives = ["high_bills"]
    consent_contact = True


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    dossier = factory.SubFactory(DossierFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=3))
    advisor = factory.SubFactory(UserFactory)
    coordinator = factory.SubFactory(UserFactory)
