"""The demo programme: the Jura SLIME, its partners, one user per role and some 60 dossiers.

Everything is generated from a fixed seed, so two runs on the same day give the same data. The
households are fictitious: names drawn from common French names, phone numbers in the range reserved
for fiction (01 99 00 xx xx), e-mail addresses on example.org.

History (2015) follows the Jura field reports: the UTs of Dole and Champagnole are covered that
year and referrals come 60 % from the Département's social workers, 20 % from partner social
workers, 20 % from partner structures. Current dossiers (this year) are spread over every open step.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from binome.accounts.models import Membership, Role, User
from binome.cases import transitions
from binome.cases.models import CallOutcome, Channel, Dossier, EventKind, Motive, Tenure
from binome.cases.workflow import State
from binome.coordination.demo import load_coordination_demo
from binome.diagnosis.demo import load_diagnosis_demo
from binome.diagnosis.models import DiagnosisNote
from binome.network.demo import load_network_demo
from binome.network.models import Organisation, OrganisationKind, SourceFamily
from binome.orientations.models import Orientation, OrientationStatus, Solution
from binome.reports.models import Report
from binome.territory.importers import import_communes
from binome.territory.models import CoverageYear, Programme, UniteTerritoriale
from binome.visits.models import Visit


DEMO_PASSWORD = "demo"
DEMO_DOMAIN = "demo.binome.fr"
SLUG = "jura"
UNITES = ["Dole", "Champagnole", "Lons-le-Saunier", "Saint-Claude"]
HALVES = (["Dole", "Champagnole"], ["Lons-le-Saunier", "Saint-Claude"])
FIRST_COVERED_YEAR = 2015

ORGANISATIONS = [
    ("Département du Jura — action sociale, UT de Dole", OrganisationKind.DEPARTMENT_SOCIAL),
    ("Département du Jura — action sociale, UT de Champagnole", OrganisationKind.DEPARTMENT_SOCIAL),
    ("Département du Jura — action sociale, UT de Lons-le-Saunier", OrganisationKind.DEPARTMENT_SOCIAL),
    ("Département du Jura — action sociale, UT de Saint-Claude", OrganisationKind.DEPARTMENT_SOCIAL),
    ("CCAS de Dole", OrganisationKind.CCAS),
    ("CCAS de Lons-le-Saunier", OrganisationKind.CCAS),
    ("UDAF du Jura", OrganisationKind.UDAF),
    ("CAF du Jura", OrganisationKind.CAF),
    ("MSA Franche-Comté", OrganisationKind.MSA),
    ("ADIL du Jura", OrganisationKind.ADIL),
    ("Association énergie du Jura (espace conseil)", OrganisationKind.ENERGY_ASSOCIATION),
    ("Jura Habitat", OrganisationKind.HOUSING_OPERATOR),
    ("OPH du Jura", OrganisationKind.SOCIAL_LANDLORD),
    ("Secours populaire — antenne de Dole", OrganisationKind.CHARITY),
]

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

LAST_NAMES = [
    "Bailly",
    "Barbier",
    "Berger",
    "Blanc",
    "Bonnet",
    "Boyer",
    "Brun",
    "Caron",
    "Chevalier",
    "Colin",
    "Denis",
    "Dumont",
    "Dupuis",
    "Fabre",
    "Faure",
    "Fontaine",
    "Gaillard",
    "Garnier",
    "Gauthier",
    "Guerin",
    "Henry",
    "Joly",
    "Lacroix",
    "Laurent",
    "Lemaire",
    "Lucas",
    "Marchand",
    "Masson",
    "Mathieu",
    "Mercier",
    "Meunier",
    "Michel",
    "Morel",
    "Muller",
    "Noel",
    "Perrin",
    "Picard",
    "Renard",
    "Rey",
    "Robin",
    "Roussel",
    "Roux",
    "Schmitt",
    "Simon",
    "Vidal",
    "Vincent",
]
FIRST_NAMES = [
    "Alain",
    "Annie",
    "Bernard",
    "Brigitte",
    "Céline",
    "Christophe",
    "Danielle",
    "David",
    "Fatima",
    "Gérard",
    "Hélène",
    "Jacqueline",
    "Jean",
    "Karim",
    "Laetitia",
    "Louise",
    "Marie",
    "Michel",
    "Monique",
    "Nathalie",
    "Patrick",
    "Pierre",
    "Sandrine",
    "Sylvie",
    "Yannick",
]
STREETS = [
    "rue des Tilleuls",
    "rue de la République",
    "chemin des Vignes",
    "rue du Moulin",
    "place de la Mairie",
    "rue Pasteur",
    "route de Besançon",
    "rue des Écoles",
    "impasse des Lilas",
    "grande rue",
]
TECHNICAL_NOTES = [
    "Maison de 1950 non isolée, simple vitrage au rez-de-chaussée. Chaudière fioul de 25 ans sans régulation. "
    "Humidité relative 72 % dans la chambre, moisissures derrière l'armoire.",
    "Appartement au dernier étage, combles non isolés. Convecteurs électriques anciens, pas de programmation. "
    "Température mesurée 16,5 °C dans le séjour.",
    "Logement des années 1970, VMC arrêtée, condensation aux fenêtres. Poêle à pétrole utilisé en appoint. "
    "Chauffe-eau réglé à 70 °C, abaissé à 55 °C pendant la visite.",
]
SOCIAL_NOTES = [
    "Personne seule retraitée, revenus modestes. Dette d'électricité de 640 €, échéancier refusé par le "
    "fournisseur. Restreint le chauffage depuis deux hivers.",
    "Couple avec deux enfants, un salaire à temps partiel. Aide FSL énergie l'an dernier, nouvelle facture de "
    "régularisation élevée. Les enfants ont froid le soir.",
    "Mère isolée avec un enfant, allocations logement de la CAF. Pas de chèque énergie reçu cette année "
    "(déclaration de revenus non faite).",
]


@dataclass
class DemoUsers:
    coordinator: User
    advisor: User
    chef_mission: User
    chef_service: User
    referrers: dict[str, User]


def coverage_half(year: int) -> list[str]:
    """UTs open in ``year``: the two halves of the territory alternate from 2015."""
    return HALVES[(year - FIRST_COVERED_YEAR) % 2]


def demo_exists() -> bool:
    return Programme.objects.filter(slug=SLUG).exists()


def delete_demo() -> None:
    programme = Programme.objects.filter(slug=SLUG).first()
    with transaction.atomic():
        if programme:
            for model in (Orientation, Report, DiagnosisNote, Visit):
                model.objects.filter(dossier__programme=programme).delete()
            programme.dossiers.all().delete()
            Membership.objects.filter(programme=programme).delete()
            programme.communes.all().delete()
            programme.delete()
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").delete()


def load_demo(today: dt.date | None = None) -> Programme:
    today = today or timezone.localdate()
    rng = random.Random(2015)
    with transaction.atomic():
        programme = Programme.objects.create(
            slug=SLUG,
            name="SLIME du Jura",
            collectivite="Département du Jura",
            departement="39",
            start_year=2014,
            end_year=max(2027, today.year),
            target_per_thousand=Decimal("2"),
            budget_eur=Decimal("492770"),
            reference_population=260502,
            reference_households=116653,
        )
        import_communes(
            programme,
            settings.JURA_DATA_DIR / "communes-39.json",
            settings.JURA_DATA_DIR / "unites-territoriales-39.csv",
        )
        unites = {u.name: u for u in UniteTerritoriale.objects.filter(programme=programme)}
        for year in range(FIRST_COVERED_YEAR, programme.end_year + 1):
            for name in coverage_half(year):
                CoverageYear.objects.create(programme=programme, year=year, unite=unites[name])
        organisations = {
            name: Organisation.objects.create(programme=programme, name=name, kind=kind)
            for name, kind in ORGANISATIONS
        }
        users = _create_users(programme, organisations)
        _create_dossiers(programme, users, organisations, unites, today, rng)
        load_network_demo(programme, organisations, unites, today)
        load_diagnosis_demo(programme, today)
        load_coordination_demo(programme, today)
    return programme


def _create_users(programme, organisations) -> DemoUsers:
    made = {}
    for local, first, last, role, organisation in USERS:
        user = User.objects.create_user(
            email=f"{local}@{DEMO_DOMAIN}", password=DEMO_PASSWORD, first_name=first, last_name=last
        )
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


# Target states of the current dossiers (this year), so that every step of the chain is on screen.
CURRENT_STATES = (
    [State.RECEIVED] * 3
    + [State.TO_CONTACT] * 4
    + [State.WAITING_LIST] * 2
    + [State.DEFERRED] * 2
    + [State.SCHEDULED] * 4
    + [State.VISITED] * 2
    + [State.IN_REVIEW] * 2
    + [State.IN_VALIDATION] * 2
    + [State.SENT] * 2
    + [State.CLOSED] * 1
)
# 2015: 40 dossiers, all ended; 24 / 8 / 8 by source family (60 / 20 / 20 %).
HISTORY_STATES = [State.CLOSED] * 30 + [State.WITHDRAWN] * 3 + [State.UNREACHABLE] * 3 + [State.NOT_ELIGIBLE] * 2
HISTORY_STATES += [State.REDIRECTED] * 2
HISTORY_FAMILIES = (
    [SourceFamily.DEPARTMENT_SOCIAL] * 24 + [SourceFamily.PARTNER_SOCIAL] * 8 + [SourceFamily.PARTNER_STRUCTURE] * 8
)


def _create_dossiers(programme, users, organisations, unites, today, rng):
    communes_by_ut = {}
    for commune in programme.communes.select_related("unite").order_by("insee_code"):
        if commune.population >= 300:
            communes_by_ut.setdefault(commune.unite.name, []).append(commune)
    by_family = {}
    for organisation in organisations.values():
        by_family.setdefault(organisation.source_family, []).append(organisation)
    for family in by_family.values():
        family.sort(key=lambda o: o.name)

    counter = {}
    planner = _VisitPlanner(today)

    families = HISTORY_FAMILIES[:]
    rng.shuffle(families)
    history_states = HISTORY_STATES[:]
    rng.shuffle(history_states)
    for index, (state, family) in enumerate(zip(history_states, families, strict=True)):
        received = dt.date(2015, 1, 12) + dt.timedelta(days=index * 8 + rng.randint(0, 5))
        ut = coverage_half(2015)[index % 2]
        organisation = rng.choice(_serving(by_family[family], ut))
        _make_dossier(programme, users, organisation, communes_by_ut[ut], received, state, rng, counter, planner)

    open_uts = coverage_half(today.year)
    closed_uts = [u for u in UNITES if u not in open_uts]
    current_orgs = sorted(organisations.values(), key=lambda o: o.name)
    for index, state in enumerate(CURRENT_STATES):
        # The further along the chain, the older the request, so that no event lies in the future.
        received = today - dt.timedelta(days=12 + len(PATHS[state]) * 6 + rng.randint(0, 4))
        if state in {State.WAITING_LIST, State.DEFERRED}:
            ut = closed_uts[index % 2]
        else:
            ut = open_uts[index % 2]
        # The demo referrers see several of their requests at different steps.
        if index % 4 == 0:
            organisation = organisations["CCAS de Dole"]
        elif index % 4 == 1:
            organisation = organisations["Département du Jura — action sociale, UT de Dole"]
        else:
            organisation = rng.choice(_serving(current_orgs, ut))
        _make_dossier(programme, users, organisation, communes_by_ut[ut], received, state, rng, counter, planner)


def _serving(organisations, ut):
    """The organisations that work in ``ut``: a local one names its UT or town, the others cover the Jura."""
    local = [o for o in organisations if any(name in o.name for name in UNITES)]
    return [o for o in organisations if ut in o.name or o not in local] or organisations


class _VisitPlanner:
    """Hands out non-overlapping visit slots (9:00 or 14:00 on weekdays) for the single binôme."""

    def __init__(self, today):
        self.today = today
        self.taken = set()
        self.next_future = today + dt.timedelta(days=1)

    def slot_after(self, day: dt.date) -> dt.datetime:
        while True:
            if day.weekday() < 5:
                for hour in (9, 14):
                    key = (day, hour)
                    if key not in self.taken:
                        self.taken.add(key)
                        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
            day += dt.timedelta(days=1)

    def future_slot(self) -> dt.datetime:
        return self.slot_after(self.next_future)


def _at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


PATHS = {
    State.RECEIVED: [],
    State.TO_CONTACT: ["accept"],
    State.WAITING_LIST: ["accept", "call", "put_on_waiting_list"],
    State.DEFERRED: ["accept", "call", "defer"],
    State.SCHEDULED: ["accept", "call", "book"],
    State.VISITED: ["accept", "call", "book", "mark_visited"],
    State.IN_REVIEW: ["accept", "call", "book", "mark_visited", "notes", "start_review", "draft"],
    State.IN_VALIDATION: ["accept", "call", "book", "mark_visited", "notes", "start_review", "report", "submit"],
    State.SENT: [
        "accept",
        "call",
        "book",
        "mark_visited",
        "notes",
        "start_review",
        "report",
        "orient",
        "submit",
        "validate_mission",
        "validate_service",
    ],
    State.CLOSED: [
        "accept",
        "call",
        "book",
        "mark_visited",
        "notes",
        "start_review",
        "report",
        "orient",
        "submit",
        "validate_mission",
        "validate_service",
        "outcome",
        "close",
    ],
    State.WITHDRAWN: ["accept", "call", "withdraw"],
    State.UNREACHABLE: ["accept", "missed", "missed", "missed", "mark_unreachable"],
    State.NOT_ELIGIBLE: ["mark_not_eligible"],
    State.REDIRECTED: ["redirect"],
}
NOTES = {
    "put_on_waiting_list": "Unité territoriale non couverte cette année : en attente d'une place.",
    "defer": "Reportée à l'an prochain, quand l'unité territoriale sera couverte.",
    "withdraw": "Le ménage ne souhaite plus de visite (situation réglée avec le fournisseur).",
    "mark_unreachable": "Trois appels sans réponse, courrier resté sans suite.",
    "mark_not_eligible": "Revenus au-dessus du plafond « très modestes » de l'Anah.",
    "redirect": "Situation d'insalubrité : orientée vers le pôle départemental de lutte contre l'habitat indigne.",
}


def _make_dossier(programme, users, organisation, communes, received, state, rng, counter, planner):
    year = received.year
    counter[year] = counter.get(year, 0) + 1
    commune = communes[rng.randrange(len(communes))]
    referrer = users.referrers.get(organisation.name)
    size = rng.choice([1, 1, 1, 2, 2, 3, 4, 5])
    motives = sorted(rng.sample([m.value for m in Motive if m != Motive.OTHER], rng.randint(1, 3)))
    dossier = Dossier.objects.create(
        programme=programme,
        reference=f"{year}-{counter[year]:04d}",
        created_at=_at(received, 9, 30),
        channel=Channel.ONLINE if referrer else rng.choice([Channel.PHONE, Channel.EMAIL, Channel.PAPER]),
        referrer=referrer,
        organisation=organisation,
        motives=motives,
        description="Situation signalée lors d'un rendez-vous : factures en hausse et logement difficile à chauffer.",
        urgent=Motive.CUT_RISK in motives,
        last_name=rng.choice(LAST_NAMES),
        first_name=rng.choice(FIRST_NAMES),
        phone=f"01 99 00 {rng.randint(10, 99)} {rng.randint(10, 99)}",
        email="",
        address=f"{rng.randint(1, 60)} {rng.choice(STREETS)}",
        commune=commune,
        tenure=rng.choice([Tenure.OWNER, Tenure.PRIVATE_TENANT, Tenure.PRIVATE_TENANT, Tenure.SOCIAL_TENANT]),
        household_size=size,
        consent_contact=True,
        share_with_referrer=rng.random() < 0.8,
        share_with_landlord=rng.random() < 0.5,
    )
    transitions.record_event(
        dossier, EventKind.NOTE, user=referrer or users.coordinator, note="Demande enregistrée.", at=dossier.created_at
    )
    day = received
    coordinator, advisor = users.coordinator, users.advisor
    coordinator_roles = frozenset({Role.COORDINATOR})

    def move(name, when, user=coordinator, roles=coordinator_roles, note=""):
        transitions.apply(dossier, name, user=user, roles=roles, note=note or NOTES.get(name, ""), at=when)

    for step in PATHS[state]:
        day += dt.timedelta(days=rng.randint(1, 4))
        when = _at(day, rng.randint(9, 16), rng.choice([0, 15, 30, 45]))
        if step == "call":
            transitions.record_event(
                dossier,
                EventKind.CALL,
                user=coordinator,
                call_outcome=CallOutcome.REACHED,
                at=when,
                note="Dispositif expliqué, le ménage rassemble ses factures et son avis d'imposition.",
            )
        elif step == "missed":
            transitions.record_event(
                dossier, EventKind.CALL, user=coordinator, call_outcome=CallOutcome.NO_ANSWER, at=when
            )
        elif step == "book":
            future = state == State.SCHEDULED and year == planner.today.year
            starts = planner.future_slot() if future else planner.slot_after(day + dt.timedelta(days=7))
            Visit.objects.create(
                dossier=dossier,
                starts_at=starts,
                advisor=advisor,
                coordinator=coordinator,
                preparation_note="Factures d'électricité en forte hausse ; vérifier le chauffage d'appoint et la VMC.",
            )
            Dossier.objects.filter(pk=dossier.pk).update(advisor=advisor)
            dossier.advisor = advisor
            local = timezone.localtime(starts)
            move("schedule", when, note=f"Visite le {local:%d/%m/%Y à %H:%M} avec {advisor}.")
            day = starts.date()
        elif step == "mark_visited":
            move("mark_visited", _at(day, 17), user=advisor, roles=frozenset({Role.ADVISOR}))
        elif step == "notes":
            # Written on the evening of the visit, not on the day the demo is loaded.
            sides = (("technical", TECHNICAL_NOTES, advisor), ("social", SOCIAL_NOTES, coordinator))
            for side, texts, author in sides:
                note = DiagnosisNote.objects.create(dossier=dossier, side=side, text=rng.choice(texts), author=author)
                DiagnosisNote.objects.filter(pk=note.pk).update(updated_at=_at(day, 18))
        elif step in {"draft", "report"}:
            report, _created = Report.objects.get_or_create(dossier=dossier)
            report.family_synthesis = (
                "Ménage en situation de précarité énergétique : effort énergétique élevé et froid ressenti."
            )
            if step == "report":
                report.technical_synthesis = (
                    "Priorités : isolation des combles, remise en service de la ventilation, régulation du chauffage."
                )
                report.summary_for_referrer = (
                    "Visite réalisée. Orientations proposées : aide aux travaux et accompagnement budgétaire."
                )
            report.save()
        elif step == "orient":
            Orientation.objects.create(
                dossier=dossier,
                solution=Solution.WORKS_AID,
                partner="France Rénov' Jura",
                created_by=coordinator,
                created_at=when,
            )
            Orientation.objects.create(
                dossier=dossier,
                solution=Solution.BUDGET_SUPPORT,
                partner="Point conseil budget",
                created_by=coordinator,
                created_at=when,
            )
        elif step == "outcome":
            dossier.orientations.update(status=OrientationStatus.ACHIEVED)
        elif step == "validate_mission":
            move(step, when, user=users.chef_mission, roles=frozenset({Role.CHEF_MISSION}))
        elif step == "validate_service":
            move(step, when, user=users.chef_service, roles=frozenset({Role.CHEF_SERVICE}))
        elif step == "submit":
            move("submit_for_validation", when)
        else:
            move(step, when)
    return dossier
