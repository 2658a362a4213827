"""The demo dossiers: 40 of 2015, all ended, and 24 of this year spread over every step.

Each dossier reaches its state through the real transitions (``cases.transitions``), one to four days
apart, so that its timeline, version and delays are those a real dossier would have. The households
are fictitious: common French names, phone numbers in the range reserved for fiction (01 99 00 xx xx).
"""

import datetime as dt

from django.utils import timezone

from binome.accounts.models import Role
from binome.cases import transitions
from binome.cases.models import CallOutcome, Channel, Dossier, EventKind, Motive, Tenure
from binome.cases.workflow import State
from binome.coordination.models import Derogation
from binome.demo.reports import approve_report, send_family_copy, write_report
from binome.demo.territory import UNITES, coverage_half
from binome.diagnosis.models import DiagnosisNote
from binome.network.models import SourceFamily
from binome.visits.models import Visit


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

# The steps that take a dossier from "received" to each state: transitions, plus the work between
# them ("call", "notes", "report", "orient"…) that their guards ask for.
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
        "approve_mission",
        "approve_service",
        "send",
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
        "approve_mission",
        "approve_service",
        "send",
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


def create_dossiers(programme, users, organisations, today, rng, on_visit=None):
    """``on_visit(dossier)`` fills the diagnosis on the evening of each visit (before the report is written)."""
    communes_by_ut = {}
    for commune in programme.communes.select_related("unite").order_by("insee_code"):
        if commune.population >= 300:
            communes_by_ut.setdefault(commune.unite.name, []).append(commune)
    counter = {}
    planner = _VisitPlanner(today)

    def make(organisation, ut, received, state, derogation=False):
        dossier = _new_dossier(programme, users, organisation, communes_by_ut[ut], received, rng, counter)
        if derogation:
            Derogation.objects.create(
                dossier=dossier,
                reason="Demande reçue en fin d'année : la visite est maintenue malgré le changement d'UT couvertes.",
                granted_by=users.coordinator,
                granted_at=_at(received),
            )
        _Story(dossier, users, rng, planner, received, state, on_visit).play()

    _history_dossiers(organisations, rng, make)
    _current_dossiers(organisations, today, rng, make)


def _history_dossiers(organisations, rng, make):
    """2015: the first covered UTs, every dossier ended, sources 60 / 20 / 20 %."""
    by_family = {}
    for organisation in organisations.values():
        by_family.setdefault(organisation.source_family, []).append(organisation)
    for family in by_family.values():
        family.sort(key=lambda o: o.name)
    families = HISTORY_FAMILIES[:]
    rng.shuffle(families)
    history_states = HISTORY_STATES[:]
    rng.shuffle(history_states)
    for index, (state, family) in enumerate(zip(history_states, families, strict=True)):
        received = dt.date(2015, 1, 12) + dt.timedelta(days=index * 8 + rng.randint(0, 5))
        ut = coverage_half(2015)[index % 2]
        make(rng.choice(_serving(by_family[family], ut)), ut, received, state)


def _current_dossiers(organisations, today, rng, make):
    """This year: one dossier per entry of CURRENT_STATES, waiting ones in the UTs not covered."""
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
        waiting = state in {State.WAITING_LIST, State.DEFERRED}
        spans = _spans_a_closed_year(ut, received, today, visit_ahead=state == State.SCHEDULED)
        make(organisation, ut, received, state, derogation=not waiting and spans)


def _spans_a_closed_year(ut, received, today, visit_ahead) -> bool:
    """Near the new year a request's story (received, visited, visit ahead) crosses two coverage years, and its
    UT is open in only one of them: the coordinator keeps it with a derogation, as the rules allow."""
    last_year = (today + dt.timedelta(days=14)).year if visit_ahead else today.year
    return any(ut not in coverage_half(year) for year in range(received.year, last_year + 1))


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


def _new_dossier(programme, users, organisation, communes, received, rng, counter):
    """A request received on ``received`` from ``organisation``, with its first timeline entry."""
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
    return dossier


class _Story:
    """Plays the steps of ``PATHS[state]`` on one dossier, one to four days apart, as its users would."""

    COORDINATOR_ROLES = frozenset({Role.COORDINATOR})

    def __init__(self, dossier, users, rng, planner, received, state, on_visit=None):
        self.dossier = dossier
        self.users = users
        self.rng = rng
        self.planner = planner
        self.received = received
        self.state = state
        self.day = received
        self.on_visit = on_visit
        # Steps that are not a plain transition by the coordinator.
        self.handlers = {
            "call": self.call,
            "missed": self.missed_call,
            "book": self.book,
            "mark_visited": self.mark_visited,
            "notes": self.notes,
            "draft": self.report,
            "report": self.report,
            "orient": self.orient,
            "outcome": self.outcome,
            "approve_mission": self.approve,
            "approve_service": self.approve,
            "send": self.send,
            "submit": self.submit,
        }

    def play(self):
        for step in PATHS[self.state]:
            self.day += dt.timedelta(days=self.rng.randint(1, 4))
            when = _at(self.day, self.rng.randint(9, 16), self.rng.choice([0, 15, 30, 45]))
            self.handlers.get(step, self.move)(step, when)

    def move(self, name, when, user=None, roles=COORDINATOR_ROLES, note=""):
        user = user or self.users.coordinator
        note = note or NOTES.get(name, "")
        transitions.apply(self.dossier, name, user=user, roles=roles, note=note, at=when)

    def call(self, _step, when):
        transitions.record_event(
            self.dossier,
            EventKind.CALL,
            user=self.users.coordinator,
            call_outcome=CallOutcome.REACHED,
            at=when,
            note="Dispositif expliqué, le ménage rassemble ses factures et son avis d'imposition.",
        )

    def missed_call(self, _step, when):
        transitions.record_event(
            self.dossier, EventKind.CALL, user=self.users.coordinator, call_outcome=CallOutcome.NO_ANSWER, at=when
        )

    def book(self, _step, when):
        advisor = self.users.advisor
        # Only this year's scheduled dossiers have their visit ahead; every other visit has happened.
        future = self.state == State.SCHEDULED and self.received.year == self.planner.today.year
        starts = self.planner.future_slot() if future else self.planner.slot_after(self.day + dt.timedelta(days=7))
        Visit.objects.create(
            dossier=self.dossier,
            starts_at=starts,
            advisor=advisor,
            coordinator=self.users.coordinator,
            preparation_note="Factures d'électricité en forte hausse ; vérifier le chauffage d'appoint et la VMC.",
        )
        Dossier.objects.filter(pk=self.dossier.pk).update(advisor=advisor)
        self.dossier.advisor = advisor
        local = timezone.localtime(starts)
        self.move("schedule", when, note=f"Visite le {local:%d/%m/%Y à %H:%M} avec {advisor}.")
        self.day = starts.date()

    def mark_visited(self, step, _when):
        self.move(step, _at(self.day, 17), user=self.users.advisor, roles=frozenset({Role.ADVISOR}))

    def notes(self, _step, _when):
        # Written on the evening of the visit, not on the day the demo is loaded.
        sides = (("technical", TECHNICAL_NOTES, self.users.advisor), ("social", SOCIAL_NOTES, self.users.coordinator))
        for side, texts, author in sides:
            note = DiagnosisNote.objects.create(
                dossier=self.dossier, side=side, text=self.rng.choice(texts), author=author
            )
            DiagnosisNote.objects.filter(pk=note.pk).update(updated_at=_at(self.day, 18))
        if self.on_visit is not None:
            self.on_visit(self.dossier)

    def report(self, step, when):
        write_report(self.dossier, self.users, complete=step == "report", at=when)

    def orient(self, _step, when):
        from binome.demo import orientations

        orientations.propose(self.dossier, self.users, when)

    def outcome(self, _step, when):
        # Orientations ended and follow-up calls made (``demo.orientations``): the story resumes after the last.
        from binome.demo import orientations

        self.day = orientations.settle(self.dossier, self.users, when, self.planner.today)

    def approve(self, step, when):
        if step == "approve_mission":
            user, role = self.users.chef_mission, Role.CHEF_MISSION
        else:
            user, role = self.users.chef_service, Role.CHEF_SERVICE
        approve_report(self.dossier, user, role, at=when)

    def send(self, _step, when):
        send_family_copy(self.dossier, self.users.coordinator, at=when)

    def submit(self, _step, when):
        self.move("submit_for_validation", when)
