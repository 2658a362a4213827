"""Generate realistic data at a given scale and bulk-load it into PostgreSQL (issue 20, performance at national scale).

Usage::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/binome_gen_500k \\
        .venv/bin/python bench/generate.py --dossiers 500000 [--seed 1] [--fresh] [--today 2026-12-05]

- ``--fresh`` drops and re-creates the database, runs ``migrate`` and loads the demo (``binome.demo.loader``, the PDF
  renderer stubbed to save time), so that every page has its usual demo objects: the « jura » programme, its UTs and
  communes, one user per role (``coordinatrice@demo.binome.fr``…), the catalogue, the validation steps.
- Then rows are added to the « jura » programme (the worst case on purpose: one programme holds everything) until the
  database holds ``--dossiers`` dossiers in all: ~500 partner organisations of every kind, ~2,000 referrers (user,
  membership, posting), mobilisation events, a few more coordinators and advisors, and the dossiers.
- The dossiers are in every state, ~80 % ended (closed or ended early), the rest spread over the active steps (at
  500,000 the intake tabs hold thousands of rows), created from 2013 to ``--today``. Each has a consistent timeline
  (``DossierEvent``: the transitions with from/to states, calls with their outcomes, failed ones included, notes,
  orientation lines) and what its state implies: visits (planned, done, cancelled and re-booked), the two diagnosis
  notes and the diagnosis sections with their bills, the kit installed, the report (sections while it is being
  written; the frozen version and its approvals for those sent in the last two years and those in validation), the
  orientations with their changes, the follow-up calls and the baseline; a few derogations and call-backs; audit
  entries (``core.ReadRecord``, django-auditlog's ``LogEntry``), a modest number. The fields the code keeps on
  ``Dossier`` are set as it would: ``version`` (one per transition), ``source_family``, ``advisor``,
  ``next_visit_at`` (the planned visit of the scheduled dossiers), ``visited_at``, ``sent_at`` and ``contacted_at``
  (the first visit done, the report sent, the first answered call). Households are fictitious (common names, phone
  numbers in the range reserved for fiction); nothing is anonymised (the retention job would).
- Rows are streamed with PostgreSQL ``COPY`` (psycopg 3 ``cursor.copy``) in chunks of dossiers, one transaction
  each, with explicit ids above each table's current maximum; the sequences are reset at the end, the aggregates
  kept by triggers recomputed, the queue's priority scores computed for the real day as the nightly job would
  (``coordination.kept_priority``; a later day ranks live until ``python -m binome refresh_priorities``), then
  ``VACUUM ANALYZE``.
  Memory stays bounded: only the plan (a state and a date per dossier) is kept for the whole run.
- Deterministic: the same ``--seed``, ``--dossiers``, ``--today`` and starting database give the same rows
  (``random.Random(seed)``; ``--today`` defaults to the current day).

Prints progress, then the row count of every table touched and the total time. ``generate()`` is the function-level
API (the test calls it at a small scale on the test database).
"""

import argparse
import bisect
import datetime as dt
import json
import math
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo


REPO = Path(__file__).resolve().parent.parent
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

START = dt.date(2013, 1, 7)  # a Monday: the first generated requests
CHUNK = 10_000  # dossiers per COPY round (and per transaction)
RECENT_DAYS = 730  # reports sent within this many days keep their frozen version and approvals
DOMAIN = "generated.binome.fr"

# state → share of the generated dossiers (‰); about 80 % ended.
MIX = {
    "closed": 520,
    "withdrawn": 80,
    "unreachable": 80,
    "not_eligible": 60,
    "redirected": 50,
    "received": 20,
    "to_contact": 40,
    "waiting_list": 30,
    "deferred": 30,
    "scheduled": 25,
    "visited": 15,
    "in_review": 15,
    "in_validation": 10,
    "sent": 25,
}
FINAL = {"closed", "withdrawn", "unreachable", "not_eligible", "redirected"}
VISITED = {"visited", "in_review", "in_validation", "sent", "closed"}
# The active states: how far back (days) their last event may lie.
WINDOW = {
    "received": 21,
    "to_contact": 60,
    "waiting_list": 300,
    "deferred": 330,
    "scheduled": 30,
    "visited": 30,
    "in_review": 50,
    "in_validation": 30,
    "sent": 330,
}
ORG_KINDS = [  # kind, how many, name pattern
    ("department_social", 60, "Département — action sociale, {place}"),
    ("department_elderly", 25, "Département — autonomie, {place}"),
    ("department_childhood", 15, "Département — PMI, {place}"),
    ("ccas", 130, "CCAS de {place}"),
    ("udaf", 8, "UDAF, antenne de {place}"),
    ("caf", 12, "CAF, accueil de {place}"),
    ("msa", 10, "MSA, agence de {place}"),
    ("adil", 5, "ADIL, permanence de {place}"),
    ("energy_association", 20, "Association énergie solidaire de {place}"),
    ("ars", 3, "ARS, délégation de {place}"),
    ("housing_operator", 20, "Opérateur habitat de {place}"),
    ("social_landlord", 30, "Bailleur social de {place}"),
    ("charity", 60, "Secours solidaire de {place}"),
    ("public_service_relay", 45, "France services de {place}"),
    ("insertion", 25, "Chantier d'insertion de {place}"),
    ("energy_supplier", 6, "Fournisseur d'énergie, agence de {place}"),
    ("health", 16, "Maison de santé de {place}"),
    ("other", 10, "Association de quartier de {place}"),
]
REFERRERS = 2000
EXTRA_COORDINATORS = 4
EXTRA_ADVISORS = 9
MOBILISATION_PER_YEAR = 20
LAST_NAMES = (
    "Bailly Barbier Berger Blanc Bonnet Boyer Brun Caron Chevalier Colin Denis Dumont Dupuis Fabre Faure Fontaine "
    "Gaillard Garnier Gauthier Guerin Henry Joly Lacroix Laurent Lemaire Lucas Marchand Masson Mathieu Mercier "
    "Meunier Michel Morel Muller Noel Perrin Picard Renard Rey Robin Roussel Roux Schmitt Simon Vidal Vincent"
).split()
FIRST_NAMES = (
    "Alain Annie Bernard Brigitte Céline Christophe Danielle David Fatima Gérard Hélène Jacqueline Jean Karim "
    "Laetitia Louise Marie Michel Monique Nathalie Patrick Pierre Sandrine Sylvie Yannick"
).split()
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
MOTIVES = [
    "arrears",
    "cut_risk",
    "high_bills",
    "fsl",
    "restriction",
    "cold",
    "humidity",
    "auxiliary_heating",
    "health",
]
NOTES = {
    "put_on_waiting_list": "Unité territoriale non couverte cette année : en attente d'une place.",
    "defer": "Reportée à l'an prochain, quand l'unité territoriale sera couverte.",
    "withdraw": "Le ménage ne souhaite plus de visite (situation réglée avec le fournisseur).",
    "mark_unreachable": "Trois appels sans réponse, courrier resté sans suite.",
    "mark_not_eligible": "Revenus au-dessus du plafond « très modestes » de l'Anah.",
    "redirect": "Situation d'insalubrité : orientée vers le pôle départemental de lutte contre l'habitat indigne.",
    "cancel_visit": "Le ménage est hospitalisé ce jour-là : visite à reprogrammer.",
    "return_for_changes": "Préciser les gestes conseillés et le montant de la dette.",
    "send_report": "Le compte-rendu de la visite a été envoyé au ménage par courrier.",
    "close_with_reason": "Le ménage a déménagé : suivi interrompu.",
}
REACHED = "Dispositif expliqué, le ménage rassemble ses factures et son avis d'imposition."
FAILED_CALLS = ["no_answer", "no_answer", "message", "wrong_number"]
TECHNICAL_NOTE = "Logement ancien peu isolé, chauffage mal réglé ; humidité relevée dans la chambre."
SOCIAL_NOTE = "Revenus modestes, factures en hausse ; le ménage restreint son chauffage l'hiver."
ORIENTATION_ENDS = [("achieved", 50), ("refused", 25), ("abandoned", 15), ("not_possible", 10)]
STATUS_LABELS = {
    "accepted": "acceptée par le ménage",
    "refused": "refusée par le ménage",
    "sent": "transmise au partenaire",
    "in_progress": "en cours",
    "achieved": "aboutie",
    "abandoned": "abandonnée",
    "not_possible": "impossible",
}


def _settings_env():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binome.settings")
    os.environ.setdefault("BINOME_ALLOW_INSECURE_KEY", "1")


# --- COPY streaming ------------------------------------------------------------------------------------------------


class Table:
    """One table's rows of the current chunk, written with one COPY; ids handed out above the table's maximum."""

    def __init__(self, model, columns):
        from django.db import connection
        from django.utils import timezone

        self.model = model
        meta = model._meta
        by_name = {f.attname: f for f in meta.concrete_fields}
        unknown = set(columns) - set(by_name)
        if unknown:
            raise ValueError(f"{meta.label}: unknown columns {sorted(unknown)}")
        now = timezone.now()
        rest = [f for f in meta.concrete_fields if not f.primary_key and f.attname not in columns]
        self.suffix = tuple(self._default(f, now) for f in rest)
        names = [meta.pk.column, *(by_name[c].column for c in columns), *(f.column for f in rest)]
        quoted = ", ".join(connection.ops.quote_name(n) for n in names)
        self.table = meta.db_table
        self.sql = f"COPY {connection.ops.quote_name(self.table)} ({quoted}) FROM STDIN"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(self.table)}")
            self.first_id = cursor.fetchone()[0] + 1
        self.next_id = self.first_id
        self.rows = []
        self.written = 0

    @staticmethod
    def _default(field, now):
        from django.db import models

        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return now
        value = field.get_default()
        if isinstance(field, models.JSONField):
            return None if value is None else json.dumps(value)
        return value

    def add(self, *values) -> int:
        pk = self.next_id
        self.next_id += 1
        self.rows.append((pk, *values))
        return pk

    def flush(self, cursor) -> None:
        if not self.rows:
            return
        suffix = self.suffix
        with cursor.copy(self.sql) as copy:
            for row in self.rows:
                copy.write_row(row + suffix)
        self.written += len(self.rows)
        self.rows = []


# --- the world: what the demo (or the test) put in the database ----------------------------------------------------


@dataclass
class World:
    programme: object
    today: dt.date
    horizon: dt.datetime  # no past event after this moment
    tz: ZoneInfo
    communes: list  # (id, unite_id, insee)
    commune_weights: list  # cumulative population
    unites: list
    coordinators: list
    advisors: list
    chef_mission: int
    chef_service: int
    names: dict  # user id → full name
    solutions: list = field(default_factory=list)  # (id, name, [organisation ids])
    kit_items: list = field(default_factory=list)
    steps: list = field(default_factory=list)  # (order, label)
    section_keys: list = field(default_factory=list)  # report sections template: (key, text, data json)
    version_template: tuple = ("", "")  # the frozen content around its "dossier" value
    follow_up_months: tuple = (3, 12)
    orgs_by_unite: dict = field(default_factory=dict)  # unite id → [(org id, kind, family, name, [referrer ids])]
    all_orgs: list = field(default_factory=list)
    events_mobilisation: list = field(default_factory=list)  # (id, date)


def _aware(tz, day, hour=10, minute=0):
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def _load_world(programme, today, rng):
    from binome.accounts.models import Membership, Role, User
    from binome.diagnosis.models import KitItem
    from binome.orientations.models import OrientationSettings
    from binome.reports.models import ReportSection, ReportVersion, ValidationStep
    from binome.territory.models import Commune

    tz = ZoneInfo("Europe/Paris")
    communes = list(
        Commune.objects.filter(programme=programme).order_by("insee_code").values_list("id", "unite_id", "population")
    )
    if not communes:
        raise SystemExit(f"Le programme {programme.slug} n'a pas de communes.")
    weights, total = [], 0
    for _, _, population in communes:
        total += max(population, 50)
        weights.append(total)
    roles = {}
    for role, user_id in Membership.objects.filter(programme=programme, is_active=True).values_list("role", "user_id"):
        roles.setdefault(role, []).append(user_id)
    for role in (Role.COORDINATOR, Role.ADVISOR):
        if not roles.get(role):
            raise SystemExit(f"Le programme {programme.slug} n'a aucun membre de rôle {role}.")
    staff = set().union(*roles.values())
    names = {
        pk: f"{first} {last}".strip()
        for pk, first, last in User.objects.filter(pk__in=staff).values_list("id", "first_name", "last_name")
    }
    world = World(
        programme=programme,
        today=today,
        horizon=_aware(tz, today - dt.timedelta(days=1), 19),
        tz=tz,
        communes=[(c, u, None) for c, u, _ in communes],
        commune_weights=weights,
        unites=sorted({u for _, u, _ in communes}),
        coordinators=sorted(roles[Role.COORDINATOR]),
        advisors=sorted(roles[Role.ADVISOR]),
        chef_mission=min(roles.get(Role.CHEF_MISSION) or roles[Role.COORDINATOR]),
        chef_service=min(roles.get(Role.CHEF_SERVICE) or roles[Role.COORDINATOR]),
        names=names,
    )
    world.kit_items = list(KitItem.objects.filter(programme=programme).order_by("pk").values_list("pk", flat=True))
    world.steps = list(
        ValidationStep.objects.filter(programme=programme).order_by("order").values_list("order", "label")
    )
    world.follow_up_months = OrientationSettings.for_programme(programme).delays
    sections = ReportSection.objects.filter(report__dossier__programme=programme).order_by("report_id", "key")
    first = sections.values_list("report_id", flat=True).first()
    if first is not None:
        world.section_keys = [
            (key, text, json.dumps(data))
            for key, text, data in sections.filter(report_id=first).values_list("key", "text", "data")
        ]
    version = ReportVersion.objects.filter(report__dossier__programme=programme).order_by("pk").first()
    content = dict(version.content) if version else {"dossier": {}, "texts": {}, "works": [], "orientations": []}
    content["dossier"] = "@@DOSSIER@@"
    head, tail = json.dumps(content, ensure_ascii=False).split('"@@DOSSIER@@"')
    world.version_template = (head, tail)
    _read_network(world)
    return world


def _solutions(world):
    from binome.orientations import services
    from binome.orientations.models import Solution, SolutionPartner

    services.ensure_catalogue(world.programme)
    carriers = {}
    for solution_id, organisation_id in SolutionPartner.objects.filter(
        solution__programme=world.programme
    ).values_list("solution_id", "organisation_id"):
        carriers.setdefault(solution_id, []).append(organisation_id)
    world.solutions = [
        (pk, name, sorted(carriers.get(pk, [])))
        for pk, name in Solution.objects.filter(programme=world.programme, is_active=True)
        .order_by("position", "pk")
        .values_list("pk", "name")
    ]


# --- the network: organisations, referrers, staff, mobilisation events ----------------------------------------------


def _network(programme, today, rng, cursor, log):
    """The generated partners, referrers, staff and mobilisation events (once: a later run reuses them)."""
    from binome.accounts.models import Membership, User
    from binome.cases.sources import family_of_kind
    from binome.network.models import MobilisationEvent, Organisation, Posting
    from binome.territory.models import Commune

    if User.objects.filter(email__endswith=f"@{DOMAIN}").exists():
        return []
    tz = ZoneInfo("Europe/Paris")
    place_names = list(
        Commune.objects.filter(programme=programme)
        .order_by("-population", "insee_code")
        .values_list("name", "unite_id")
    )
    existing = set(Organisation.objects.filter(programme=programme).values_list("name", flat=True))
    org_table = Table(Organisation, ["programme_id", "name", "kind", "email", "phone", "is_active"])
    unites_table = Table(Organisation.unites.through, ["organisation_id", "uniteterritoriale_id"])
    user_table = Table(
        User,
        [
            "password",
            "email",
            "first_name",
            "last_name",
            "phone",
            "is_active",
            "is_staff",
            "is_superuser",
            "date_joined",
        ],
    )
    membership_table = Table(
        Membership, ["user_id", "programme_id", "role", "organisation_id", "manages_organisation", "is_active"]
    )
    posting_table = Table(Posting, ["user_id", "organisation_id", "unite_id", "job_title", "starts_on", "ends_on"])
    joined = _aware(tz, START - dt.timedelta(days=30))

    orgs = []
    for kind, how_many, pattern in ORG_KINDS:
        for index in range(how_many):
            place, unite = place_names[(index * 7 + len(orgs)) % len(place_names)]
            name = pattern.format(place=place)
            suffix = 2
            while name in existing:
                name = f"{pattern.format(place=place)} ({suffix})"
                suffix += 1
            existing.add(name)
            slug = f"org{org_table.next_id}"
            pk = org_table.add(programme.pk, name, kind, f"contact@{slug}.{DOMAIN}", "01 99 00 00 00", True)
            unites_table.add(pk, unite)
            orgs.append((pk, kind, family_of_kind(kind), name, unite))
    # Staff added to the programme so that the visits are shared as in a large service.
    for role, how_many, local in (
        ("coordinator", EXTRA_COORDINATORS, "coordination"),
        ("advisor", EXTRA_ADVISORS, "conseil"),
    ):
        for index in range(how_many):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            pk = user_table.add(
                "!generated", f"{local}.{index + 1:02d}@{DOMAIN}", first, last, "", True, False, False, joined
            )
            membership_table.add(pk, programme.pk, role, None, False, True)
    referrers_of = {}
    for index in range(REFERRERS):
        org = orgs[index % len(orgs)] if index < len(orgs) else orgs[rng.randrange(len(orgs))]
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        pk = user_table.add(
            "!generated", f"donneur.{index + 1:05d}@{DOMAIN}", first, last, "", True, False, False, joined
        )
        manages = org[0] not in referrers_of
        membership_table.add(pk, programme.pk, "referrer", org[0], manages, True)
        starts = START - dt.timedelta(days=rng.randint(0, 900))
        posting_table.add(pk, org[0], org[4], "travailleur social", starts, None)
        referrers_of.setdefault(org[0], []).append(pk)
    event_table = Table(
        MobilisationEvent, ["programme_id", "kind", "title", "date", "unite_id", "place", "other_attendees", "notes"]
    )
    kinds = ["meeting", "territorial_meeting", "workshop", "training", "other"]
    day = START
    while day < today:
        for _ in range(MOBILISATION_PER_YEAR // 12 + (1 if rng.random() < (MOBILISATION_PER_YEAR % 12) / 12 else 0)):
            when = day + dt.timedelta(days=rng.randint(0, 27))
            if when >= today:
                continue
            place, unite = place_names[rng.randrange(min(len(place_names), 60))]
            kind = rng.choice(kinds)
            pk = event_table.add(
                programme.pk,
                kind,
                f"Atelier énergie à {place}" if kind == "workshop" else f"Réunion à {place}",
                when,
                unite,
                f"Salle des fêtes de {place}",
                rng.randint(0, 25),
                "",
            )
        day += dt.timedelta(days=30)
    for table in (org_table, unites_table, user_table, membership_table, posting_table, event_table):
        table.flush(cursor)
    log(
        f"réseau : {len(orgs)} organisations, {REFERRERS} donneurs d'alerte, "
        f"{EXTRA_COORDINATORS + EXTRA_ADVISORS} membres du binôme, {event_table.written} actions de mobilisation",
    )
    return [org_table, unites_table, user_table, membership_table, posting_table, event_table]


def _read_network(world):
    """Every organisation of the programme (the demo's and the generated ones), its referrers, its UT; the events."""
    from binome.accounts.models import Membership, Role
    from binome.cases.sources import family_of_kind
    from binome.network.models import MobilisationEvent, Organisation

    programme = world.programme
    referrers = {}
    for user_id, organisation_id in (
        Membership.objects.filter(programme=programme, role=Role.REFERRER, is_active=True)
        .order_by("user_id")
        .values_list("user_id", "organisation_id")
    ):
        referrers.setdefault(organisation_id, []).append(user_id)
    unite_of = {}
    for organisation_id, unite_id in (
        Organisation.unites.through.objects.filter(organisation__programme=programme)
        .order_by("pk")
        .values_list("organisation_id", "uniteterritoriale_id")
    ):
        unite_of.setdefault(organisation_id, unite_id)
    for pk, kind, name in (
        Organisation.objects.filter(programme=programme, is_active=True)
        .order_by("pk")
        .values_list("pk", "kind", "name")
    ):
        entry = (pk, kind, family_of_kind(kind), name, referrers.get(pk, []))
        world.all_orgs.append(entry)
        if pk in unite_of:
            world.orgs_by_unite.setdefault(unite_of[pk], []).append(entry)
    world.events_mobilisation = list(
        MobilisationEvent.objects.filter(programme=programme).order_by("pk").values_list("pk", "date")
    )


# --- the dossiers ----------------------------------------------------------------------------------------------------


class Story:
    """A dossier's events, built day by day from a Monday (``base``), then moved in whole weeks to its place."""

    def __init__(self, rng, base):
        self.rng = rng
        self.t = base
        self.events = []  # [at, actor, kind, transition, from, to, outcome, note, callback_on]
        self.state = "received"
        self.transitions = 0

    def later(self, lo, hi):
        """A working-day moment ``lo``–``hi`` days after the last one (random.random() only: this runs millions
        of times)."""
        random_ = self.rng.random
        day = self.t.date() + dt.timedelta(days=lo + int(random_() * (hi - lo + 1)))
        weekday = day.weekday()
        if weekday >= 5:
            day += dt.timedelta(days=7 - weekday)
        when = dt.datetime(
            day.year, day.month, day.day, 9 + int(random_() * 8), 15 * int(random_() * 4), tzinfo=self.t.tzinfo
        )
        if when <= self.t:
            when = self.t + dt.timedelta(minutes=30)
        self.t = when
        return when

    def move(self, name, target, actor, note=""):
        self.events.append(
            [self.t, actor, "transition", name, self.state, target, "", note or NOTES.get(name, ""), None]
        )
        self.state = target
        self.transitions += 1

    def call(self, actor, outcome, note=""):
        callback = None
        if outcome == "call_back":
            callback = self.rng.randint(2, 10)
            note = note or "Le ménage demande à être rappelé."
        self.events.append([self.t, actor, "call", "", "", "", outcome, note, callback])

    def note(self, actor, text, kind="note"):
        self.events.append([self.t, actor, kind, "", "", "", "", text, None])


def first_contact(events) -> dt.datetime | None:
    """The first answered call of a story's events (``[at, actor, kind, transition, …, outcome, …]``), the date
    ``Dossier.contacted_at`` keeps (``workflow.milestone``)."""
    from binome.cases.workflow import CONTACTED, milestone

    return min((e[0] for e in events if milestone(e[2], e[3], e[6]) == CONTACTED), default=None)


@dataclass
class Plan:
    state: str
    story: Story
    visits: list  # [starts_at, status, advisor]
    schedule_events: list  # indexes of the schedule transitions (notes formatted once placed)
    visited_at: dt.datetime | None = None
    review_at: dt.datetime | None = None
    submits: list = field(default_factory=list)  # (at, returned_at or None, return event index)
    approvals: list = field(default_factory=list)  # (event index, step order)
    sent_at: dt.datetime | None = None
    orientations: list = field(default_factory=list)  # (solution, organisation, [(at, status)])
    follow_ups: list = field(default_factory=list)  # (rank, months, due_on, status, contacted_on)
    derogation_at: dt.datetime | None = None


def _story(world, rng, state, created):
    """What happened to a dossier that ended in ``state``, from ``created`` on (a Monday-based date)."""
    story = Story(rng, created)
    coordinator = rng.choice(world.coordinators)
    advisor = rng.choice(world.advisors)
    plan = Plan(state, story, [], [])
    story.note(None, "Demande enregistrée.")  # actor set once the referrer is known
    if state == "received":
        return plan, coordinator, None
    if state in {"not_eligible", "redirected"} and rng.random() < 0.5:
        story.later(1, 10)
        story.move("mark_not_eligible" if state == "not_eligible" else "redirect", state, coordinator)
        return plan, coordinator, None
    if state == "withdrawn" and rng.random() < 0.15:
        story.later(1, 10)
        story.move("withdraw", state, coordinator)
        return plan, coordinator, None
    story.later(1, 5)
    story.move("accept", "to_contact", coordinator)
    if state == "unreachable":
        for _ in range(3):
            story.later(2, 7)
            story.call(coordinator, rng.choice(FAILED_CALLS))
        story.later(3, 15)
        story.move("mark_unreachable", state, coordinator)
        return plan, coordinator, None
    for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
        story.later(1, 5)
        story.call(coordinator, rng.choice(FAILED_CALLS + ["call_back"]))
    if state == "to_contact":
        return plan, coordinator, None
    story.later(1, 5)
    story.call(coordinator, "reached", REACHED)
    if state in {"not_eligible", "redirected"}:
        story.later(1, 7)
        story.move("mark_not_eligible" if state == "not_eligible" else "redirect", state, coordinator)
        return plan, coordinator, None
    if state == "withdrawn":
        story.later(2, 20)
        story.call(coordinator, "refused", "Le ménage ne souhaite plus de visite.")
        story.move("withdraw", state, coordinator)
        return plan, coordinator, None
    if state == "waiting_list":
        story.later(0, 3)
        story.move("put_on_waiting_list", state, coordinator)
        return plan, coordinator, None
    if state == "deferred":
        story.later(0, 3)
        if rng.random() < 0.3:
            story.move("put_on_waiting_list", "waiting_list", coordinator)
            story.later(20, 90)
        story.move("defer", state, coordinator)
        return plan, coordinator, None
    # Visited or on its way: book, maybe cancel and book again, then the visit.
    if rng.random() < 0.01:
        plan.derogation_at = story.t
        story.note(coordinator, "Dérogation : situation prioritaire hors de l'unité territoriale couverte.")
    if rng.random() < 0.1 and state != "scheduled":
        story.later(0, 2)
        first = story.later(7, 20).replace(hour=rng.choice((9, 14)), minute=0)
        story.t = first - dt.timedelta(days=6)
        plan.schedule_events.append(len(story.events))
        plan.visits.append([first, "cancelled", advisor, story.t])
        story.move("schedule", "scheduled", coordinator)
        story.later(1, 4)
        story.move("cancel_visit", "to_contact", coordinator)
        story.later(2, 10)
        story.call(coordinator, "reached", REACHED)
    story.later(0, 2)
    booked_at = story.t
    plan.schedule_events.append(len(story.events))
    story.move("schedule", "scheduled", coordinator)
    if state == "scheduled":
        plan.visits.append([None, "planned", advisor, booked_at])  # in the future, set once placed
        return plan, coordinator, advisor
    visit = story.later(5, 25).replace(hour=rng.choice((9, 14)), minute=0)
    plan.visits.append([visit, "done", advisor, booked_at])
    story.t = visit.replace(hour=17)
    story.move("mark_visited", "visited", advisor)
    plan.visited_at = story.t
    if state == "visited":
        return plan, coordinator, advisor
    story.later(2, 10)
    story.move("start_review", "in_review", coordinator)
    plan.review_at = story.t
    if state in {"sent", "closed"}:
        for solution in _pick_solutions(world, rng):
            story.later(0, 3)
            plan.orientations.append([solution[0], _carrier(solution, rng), [(story.t, "proposed")]])
            story.note(coordinator, f"Orientation proposée : {solution[1]}.", kind="orientation")
    if state == "in_review":
        return plan, coordinator, advisor
    story.later(3, 15)
    story.move("submit_for_validation", "in_validation", coordinator)
    if rng.random() < 0.1 and world.steps:
        submitted = story.t
        story.later(1, 5)
        plan.submits.append((submitted, story.t, len(story.events)))
        story.move("return_for_changes", "in_review", world.chef_mission)
        story.later(2, 8)
        story.move("submit_for_validation", "in_validation", coordinator)
    plan.submits.append((story.t, None, None))
    if state == "in_validation":
        if world.steps and rng.random() < 0.5:
            story.later(1, 4)
            plan.approvals.append((len(story.events), world.steps[0][0]))
            story.move(
                "approve_step",
                "in_validation",
                world.chef_mission,
                f"{world.steps[0][1]} : version {len(plan.submits)} approuvée.",
            )
        return plan, coordinator, advisor
    for order, label in world.steps:
        story.later(1, 5)
        plan.approvals.append((len(story.events), order))
        chef = world.chef_mission if order == world.steps[0][0] else world.chef_service
        story.move("approve_step", "in_validation", chef, f"{label} : version {len(plan.submits)} approuvée.")
    story.later(1, 6)
    story.move("send_report", "sent", coordinator)
    plan.sent_at = story.t
    if state == "sent":
        return plan, coordinator, advisor
    # Closed: the orientations settle, the follow-up calls are made, then the dossier is closed.
    _settle_orientations(plan, story, rng, coordinator, until=None)
    moved_away = rng.random() < 0.15
    for rank, months in enumerate(world.follow_up_months, start=1):
        due = _add_months(plan.sent_at.date(), months)
        if moved_away and rank > 1:
            plan.follow_ups.append((rank, months, due, "cancelled", None))
            continue
        story.t = max(story.t, _aware(world.tz, due, 9))
        story.later(0, 10)
        story.call(coordinator, "reached", f"Appel de suivi à {months} mois : réponses enregistrées.")
        plan.follow_ups.append((rank, months, due, "answered", story.t.date()))
    story.later(1, 10)
    if moved_away:
        story.move("close_with_reason", "closed", coordinator)
    else:
        story.move("close", "closed", coordinator)
    return plan, coordinator, advisor


def _pick_solutions(world, rng):
    if not world.solutions:
        return []
    return rng.sample(world.solutions, min(len(world.solutions), rng.choice((1, 1, 2, 2, 3))))


def _carrier(solution, rng):
    return rng.choice(solution[2]) if solution[2] and rng.random() < 0.8 else None


def _settle_orientations(plan, story, rng, actor, until):
    """Each orientation walks to its end (or, ``until`` given, as far as that moment allows)."""
    for orientation in plan.orientations:
        end = _weighted(rng, ORIENTATION_ENDS)
        middle = rng.choice(([], ["sent"], ["sent", "in_progress"], ["in_progress"]))
        path = ["refused"] if end == "refused" else ["accepted", *middle, end]
        for status in path:
            when = story.later(2, 20)
            if until is not None and when > until:
                story.t = until
                break
            orientation[2].append((when, status))
            story.note(actor, f"Orientation : {STATUS_LABELS[status]}.", kind="orientation")


def _weighted(rng, choices):
    total = sum(w for _, w in choices)
    pick = rng.random() * total
    for value, weight in choices:
        pick -= weight
        if pick < 0:
            return value
    return choices[-1][0]


def _add_months(day, months):
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError


def _plan(count, rng):
    """The state of every dossier to add, drawn from MIX (their dates are drawn with their stories)."""
    states = [state for state, share in MIX.items() for _ in range(share)]
    return [states[rng.randrange(len(states))] for _ in range(count)]


# --- the run -------------------------------------------------------------------------------------------------------


def _tables():
    from auditlog.models import LogEntry

    from binome.cases.models import Dossier, DossierEvent
    from binome.coordination.models import CallBack, Derogation
    from binome.core.models import ReadRecord
    from binome.diagnosis.models import DiagnosisNote, DiagnosisSection, KitInstallation
    from binome.orientations.models import Baseline, FollowUp, Orientation, OrientationChange
    from binome.reports.models import Approval, Report, ReportSection, ReportVersion
    from binome.visits.models import Visit, VisitChange

    return {
        "dossier": Table(
            Dossier,
            [
                "programme_id",
                "reference",
                "state",
                "version",
                "created_at",
                "updated_at",
                "channel",
                "referrer_id",
                "organisation_id",
                "referrer_name",
                "source_family",
                "mobilisation_event_id",
                "motives",
                "description",
                "urgent",
                "last_name",
                "first_name",
                "phone",
                "email",
                "address",
                "commune_id",
                "tenure",
                "household_size",
                "landlord",
                "income_band",
                "declared_income",
                "social_referent",
                "fsl_requests",
                "consent_contact",
                "share_with_referrer",
                "share_with_landlord",
                "advisor_id",
                "next_visit_at",
                "visited_at",
                "sent_at",
                "contacted_at",
                "ranked_score",
            ],
        ),
        "event": Table(
            DossierEvent,
            ["dossier_id", "at", "actor_id", "kind", "transition", "from_state", "to_state", "call_outcome", "note"],
        ),
        "callback": Table(CallBack, ["event_id", "on"]),
        "derogation": Table(Derogation, ["dossier_id", "reason", "granted_by_id", "granted_at"]),
        "visit": Table(
            Visit,
            [
                "dossier_id",
                "starts_at",
                "duration_minutes",
                "advisor_id",
                "coordinator_id",
                "status",
                "preparation_note",
                "reminder_sent_at",
            ],
        ),
        "visit_change": Table(
            VisitChange, ["visit_id", "at", "actor_id", "kind", "previous_starts_at", "starts_at", "note"]
        ),
        "diagnosis_note": Table(DiagnosisNote, ["dossier_id", "side", "text", "author_id", "updated_at"]),
        "diagnosis_section": Table(DiagnosisSection, ["dossier_id", "key", "data", "updated_by_id", "updated_at"]),
        "kit": Table(KitInstallation, ["dossier_id", "item_id", "quantity"]),
        "report": Table(Report, ["dossier_id", "summary_for_referrer", "created_at"]),
        "report_section": Table(ReportSection, ["report_id", "key", "text", "data", "updated_by_id", "updated_at"]),
        "report_version": Table(
            ReportVersion,
            [
                "report_id",
                "number",
                "content",
                "submitted_at",
                "submitted_by_id",
                "returned_at",
                "approved_at",
                "sent_at",
            ],
        ),
        "approval": Table(
            Approval, ["version_id", "step_order", "step_label", "decision", "reason", "user_id", "at", "event_id"]
        ),
        "orientation": Table(
            Orientation,
            [
                "dossier_id",
                "solution_id",
                "organisation_id",
                "status",
                "status_changed_at",
                "aid_amount",
                "version",
                "created_at",
                "created_by_id",
            ],
        ),
        "orientation_change": Table(
            OrientationChange, ["orientation_id", "at", "from_status", "to_status", "actor_id"]
        ),
        "follow_up": Table(
            FollowUp,
            [
                "dossier_id",
                "rank",
                "months",
                "due_on",
                "status",
                "contacted_on",
                "recorded_by_id",
                "cold_now",
                "bills",
                "restriction",
                "works_done",
                "aid_obtained",
                "arrears",
            ],
        ),
        "baseline": Table(
            Baseline, ["dossier_id", "cold", "restriction", "arrears", "yearly_energy_eur", "recorded_at"]
        ),
        "read": Table(ReadRecord, ["at", "user_id", "programme_id", "dossier_id", "kind", "object_type", "object_id"]),
        "log": Table(
            LogEntry,
            [
                "content_type_id",
                "object_pk",
                "object_id",
                "object_repr",
                "action",
                "changes_text",
                "changes",
                "actor_id",
                "timestamp",
                "additional_data",
            ],
        ),
    }


class Generator:
    def __init__(self, world, rng, tables, log):
        from django.contrib.contenttypes.models import ContentType

        from binome.cases.models import Dossier
        from binome.coordination.kept_priority import RANKED_STATES

        self.world = world
        self.ranked_states = set(RANKED_STATES)
        self.rng = rng
        self.t = tables
        self.log = log
        self.dossier_type = ContentType.objects.get_for_model(Dossier).pk
        self.references = {}
        for reference in Dossier.objects.filter(programme=world.programme).values_list("reference", flat=True):
            year, _, number = reference.partition("-")
            if year.isdigit() and number.isdigit():
                self.references[int(year)] = max(self.references.get(int(year), 0), int(number))
        self.section_templates = {}

    # Placing a story: final states spread from START to the horizon (more in recent years), active ones recent.
    def place(self, plan):
        world, rng = self.world, self.rng
        story = plan.story
        first, last = story.events[0][0], story.events[-1][0]
        span = (last - first).days
        horizon = world.horizon
        if plan.state in FINAL:
            low = _aware(world.tz, START) + dt.timedelta(days=span)
            target = low + (horizon - low) * math.sqrt(rng.random())
        else:
            target = horizon - dt.timedelta(days=rng.uniform(0, WINDOW.get(plan.state, 21)))
        weeks = round((target - last).days / 7)
        shift = dt.timedelta(weeks=weeks)
        while last + shift > horizon:
            shift -= dt.timedelta(weeks=1)
        while first + shift < _aware(world.tz, START - dt.timedelta(days=7)):
            shift += dt.timedelta(weeks=1)
        for event in story.events:
            event[0] = event[0] + shift
        for visit in plan.visits:
            if visit[0] is not None:
                visit[0] += shift
            visit[3] += shift
        for name in ("visited_at", "review_at", "sent_at", "derogation_at"):
            value = getattr(plan, name)
            if value is not None:
                setattr(plan, name, value + shift)
        plan.submits = [(a + shift, r + shift if r else None, i) for a, r, i in plan.submits]
        for orientation in plan.orientations:
            orientation[2] = [(at + shift, status) for at, status in orientation[2]]
        plan.follow_ups = [
            (rank, months, _add_months(plan.sent_at.date(), months), status, contacted + shift if contacted else None)
            for rank, months, _due, status, contacted in plan.follow_ups
        ]
        return story.events[0][0]

    def after_placing(self, plan, coordinator):
        """What depends on today: the scheduled visit ahead, the sent dossiers' orientations and follow-ups."""
        world, rng, story = self.world, self.rng, plan.story
        if plan.state == "scheduled":
            day = world.today + dt.timedelta(days=rng.randint(1, 56))
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            plan.visits[-1][0] = _aware(world.tz, day, rng.choice((9, 14)))
        if plan.state == "sent":
            story.t = story.events[-1][0]
            _settle_orientations(plan, story, rng, coordinator, until=world.horizon)
            for rank, months in enumerate(world.follow_up_months, start=1):
                due = _add_months(plan.sent_at.date(), months)
                if due < world.today - dt.timedelta(days=10) and story.t < world.horizon - dt.timedelta(days=12):
                    story.t = max(story.t, _aware(world.tz, due, 9))
                    story.later(0, 9)
                    if story.t > world.horizon:
                        story.t = world.horizon
                    story.call(coordinator, "reached", f"Appel de suivi à {months} mois : réponses enregistrées.")
                    plan.follow_ups.append((rank, months, due, "answered", story.t.date()))
                else:
                    plan.follow_ups.append((rank, months, due, "planned", None))

    def dossier(self, state):
        world, rng, t = self.world, self.rng, self.t
        base = _aware(world.tz, dt.date(2000, 1, 3), 9, 30)
        plan, coordinator, advisor = _story(world, rng, state, base)
        created = self.place(plan)
        self.after_placing(plan, coordinator)
        story = plan.story
        year = created.year
        self.references[year] = self.references.get(year, 0) + 1
        reference = f"{year}-{self.references[year]:04d}"

        # The request: where it comes from.
        index = bisect.bisect_right(world.commune_weights, rng.random() * world.commune_weights[-1])
        commune_id, unite_id, _ = world.communes[min(index, len(world.communes) - 1)]
        source = rng.random()
        organisation = referrer = mobilisation = None
        referrer_name = ""
        if source < 0.05:
            channel, family = "self", "self"
        elif source < 0.08 and world.events_mobilisation:
            channel, family = "phone", "workshop"
            mobilisation = world.events_mobilisation[rng.randrange(len(world.events_mobilisation))][0]
            referrer_name = "Animatrice de l'atelier"
        else:
            orgs = world.orgs_by_unite.get(unite_id) or world.all_orgs
            if rng.random() < 0.3:
                orgs = world.all_orgs
            org = orgs[rng.randrange(len(orgs))]
            organisation, family = org[0], org[2]
            if org[4] and rng.random() < 0.8:
                channel, referrer = "online", org[4][rng.randrange(len(org[4]))]
            else:
                channel = rng.choice(("phone", "email", "paper"))
                referrer_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}, travailleur social"
        story.events[0][1] = referrer or coordinator
        motives = sorted(rng.sample(MOTIVES, rng.randint(1, 3)))
        last_event = story.events[-1][0]
        next_visit = plan.visits[-1][0] if state == "scheduled" else None
        dossier_id = t["dossier"].add(
            world.programme.pk,
            reference,
            state,
            1 + story.transitions,
            created,
            last_event,
            channel,
            referrer,
            organisation,
            referrer_name,
            family,
            mobilisation,
            json.dumps(motives),
            "Factures en hausse et logement difficile à chauffer.",
            "cut_risk" in motives,
            rng.choice(LAST_NAMES),
            rng.choice(FIRST_NAMES),
            f"01 99 00 {rng.randint(10, 99)} {rng.randint(10, 99)}",
            "",
            f"{rng.randint(1, 60)} {rng.choice(STREETS)}",
            commune_id,
            rng.choice(("owner", "private_tenant", "private_tenant", "social_tenant", "hosted")),
            rng.choice((1, 1, 1, 2, 2, 3, 4, 5)),
            "",
            rng.choice(("unknown", "tres_modeste", "tres_modeste", "modeste", "above")),
            rng.randrange(6000, 30000, 100) if rng.random() < 0.4 else None,
            "",
            rng.choice((None, 0, 1, 2)),
            True,
            rng.random() < 0.8,
            rng.random() < 0.4,
            advisor if plan.visits else None,
            next_visit,
            plan.visited_at,
            plan.sent_at,
            first_contact(story.events),
            None if state in self.ranked_states else 0,  # as the triggers set it (off while loading)
        )

        # The timeline (schedule notes name the visit's date once it is placed).
        visit_by_event = dict(zip(plan.schedule_events, plan.visits, strict=True))
        event_ids = []
        for index, (at, actor, kind, name, source_state, target, outcome, note, callback) in enumerate(story.events):
            if index in visit_by_event:
                starts = visit_by_event[index][0].astimezone(world.tz)
                note = f"Visite le {starts:%d/%m/%Y à %H:%M} avec {world.names.get(advisor, '')}."
            pk = t["event"].add(dossier_id, at, actor, kind, name, source_state, target, outcome, note)
            event_ids.append(pk)
            if callback:
                t["callback"].add(pk, (at + dt.timedelta(days=callback)).date())
        if plan.derogation_at:
            t["derogation"].add(
                dossier_id,
                "Situation prioritaire (risque de coupure) hors de l'unité territoriale couverte.",
                coordinator,
                plan.derogation_at,
            )

        # The visits and their history.
        for starts, status, visit_advisor, booked_at in plan.visits:
            visit_id = t["visit"].add(
                dossier_id,
                starts,
                120,
                visit_advisor,
                coordinator,
                status,
                "Factures d'électricité en forte hausse ; vérifier le chauffage d'appoint et la VMC.",
                starts - dt.timedelta(days=2) if status == "done" else None,
            )
            t["visit_change"].add(visit_id, booked_at, coordinator, "booked", None, starts, "")
            if status == "cancelled":
                t["visit_change"].add(
                    visit_id,
                    booked_at + dt.timedelta(days=2),
                    coordinator,
                    "cancelled",
                    None,
                    starts,
                    NOTES["cancel_visit"],
                )

        if plan.visited_at:
            self.diagnosis(dossier_id, plan, coordinator, advisor)
        if plan.review_at:
            self.report(dossier_id, reference, plan, coordinator, event_ids, story)
        if plan.orientations:
            self.orientations(dossier_id, plan, coordinator)
        if plan.sent_at:
            self.follow_ups(dossier_id, plan, coordinator)

        # Audit: a read of the dossier page now and then, a change of the phone number more rarely.
        if rng.random() < 0.25:
            t["read"].add(
                last_event, coordinator, world.programme.pk, dossier_id, "dossier", "cases.dossier", dossier_id
            )
        if rng.random() < 0.1:
            t["log"].add(
                self.dossier_type,
                str(dossier_id),
                dossier_id,
                reference,
                1,
                "",
                json.dumps({"phone": ["01 99 00 00 00", "01 99 00 11 11"]}),
                coordinator,
                created + dt.timedelta(days=1),
                json.dumps({"dossier": dossier_id, "programme": world.programme.pk}),
            )

    def diagnosis(self, dossier_id, plan, coordinator, advisor):
        t, rng = self.t, self.rng
        evening = plan.visited_at.replace(hour=18, minute=0)
        if plan.state != "visited" or rng.random() < 0.5:
            t["diagnosis_note"].add(dossier_id, "technical", TECHNICAL_NOTE, advisor, evening)
            t["diagnosis_note"].add(dossier_id, "social", SOCIAL_NOTE, coordinator, evening)
        for key, data, by_advisor in self._sections(plan.visited_at.date(), rng.randrange(8)):
            t["diagnosis_section"].add(dossier_id, key, data, advisor if by_advisor else coordinator, evening)
        if self.world.kit_items:
            for item in rng.sample(self.world.kit_items, min(3, len(self.world.kit_items))):
                t["kit"].add(dossier_id, item, rng.randint(1, 4))

    def _sections(self, visit_day, variant):
        """The diagnosis sections of the demo, drawn once per (year of the visit, variant), serialised once."""
        key = (visit_day.year, variant)
        if key not in self.section_templates:
            from binome.demo.diagnosis import PROFILES, Household, _social_sections, _technical_sections

            rng = random.Random(visit_day.year * 10 + variant)
            profile = PROFILES[variant % len(PROFILES)]
            household = Household(rng.choice([1, 1, 2, 2, 3]), rng.choice([0, 0, 1, 2]), rng.randrange(900, 2200, 50))
            technical = _technical_sections(profile, rng)
            social = _social_sections(profile, household, rng, dt.date(visit_day.year, 6, 1))
            self.section_templates[key] = [(k, json.dumps(v), True) for k, v in technical.items()] + [
                (k, json.dumps(v), False) for k, v in social.items()
            ]
        return self.section_templates[key]

    def report(self, dossier_id, reference, plan, coordinator, event_ids, story):
        world, t = self.world, self.t
        sent = plan.sent_at is not None
        summary = "Visite réalisée ; conseils donnés et orientations proposées au ménage." if sent else ""
        report_id = t["report"].add(dossier_id, summary, plan.review_at)
        if plan.state in {"in_review", "in_validation"}:
            for key, text, data in world.section_keys:
                t["report_section"].add(report_id, key, text, data, coordinator, plan.review_at)
        recent = sent and (world.horizon - plan.sent_at).days <= RECENT_DAYS
        if not (plan.state == "in_validation" or recent):
            return
        head, tail = world.version_template
        content = head + json.dumps({"reference": reference}) + tail
        approvals = {index: order for index, order in plan.approvals}
        labels = dict(world.steps)
        for number, (submitted, returned, return_index) in enumerate(plan.submits, start=1):
            last = number == len(plan.submits)
            approved_at = story.events[plan.approvals[-1][0]][0] if last and sent and plan.approvals else None
            version_id = t["report_version"].add(
                report_id,
                number,
                content,
                submitted,
                coordinator,
                returned,
                approved_at,
                plan.sent_at if last else None,
            )
            if returned is not None and world.steps:
                t["approval"].add(
                    version_id,
                    world.steps[0][0],
                    world.steps[0][1],
                    "returned",
                    NOTES["return_for_changes"],
                    world.chef_mission,
                    returned,
                    event_ids[return_index],
                )
            if last:
                for index, order in approvals.items():
                    chef = world.chef_mission if order == world.steps[0][0] else world.chef_service
                    t["approval"].add(
                        version_id,
                        order,
                        labels[order],
                        "approved",
                        "",
                        chef,
                        story.events[index][0],
                        event_ids[index],
                    )

    def orientations(self, dossier_id, plan, coordinator):
        t, rng = self.t, self.rng
        for solution_id, organisation_id, moves in plan.orientations:
            created = moves[0][0]
            status, changed = moves[-1][1], moves[-1][0]
            aid = rng.randrange(100, 1500, 10) if status == "achieved" and rng.random() < 0.6 else None
            orientation_id = t["orientation"].add(
                dossier_id, solution_id, organisation_id, status, changed, aid, len(moves), created, coordinator
            )
            previous = ""
            for at, move in moves:
                t["orientation_change"].add(orientation_id, at, previous, move, coordinator)
                previous = move

    def follow_ups(self, dossier_id, plan, coordinator):
        t, rng = self.t, self.rng
        cold = rng.random() < 0.6
        t["baseline"].add(
            dossier_id, cold, rng.random() < 0.5, rng.random() < 0.3, rng.randrange(900, 3200, 10), plan.sent_at
        )
        for rank, months, due, status, contacted in plan.follow_ups:
            answered = status == "answered"
            t["follow_up"].add(
                dossier_id,
                rank,
                months,
                due,
                status,
                contacted,
                coordinator if answered else None,
                (cold and rng.random() < 0.5) if answered else None,
                rng.choice(("lower", "same", "higher", "unknown")) if answered else "",
                rng.choice(("never", "sometimes", "often")) if answered else "",
                (rng.random() < 0.2) if answered else None,
                (rng.random() < 0.4) if answered else None,
                (rng.random() < 0.1) if answered else None,
            )


def generate(
    total: int,
    *,
    seed: int = 1,
    today: dt.date | None = None,
    programme_slug: str = "jura",
    chunk: int = CHUNK,
    log=print,
) -> dict:
    """Add dossiers (and all they imply) to ``programme_slug`` until the database holds ``total``; row counts."""
    from django.db import connection, transaction
    from django.utils import timezone

    from binome.cases.models import Dossier
    from binome.coordination import kept_priority
    from binome.territory.models import Programme

    started = time.monotonic()
    today = today or dt.date.today()
    rng = random.Random(seed)
    programme = Programme.objects.get(slug=programme_slug)
    missing = total - Dossier.objects.count()
    if missing <= 0:
        log(f"la base compte déjà {Dossier.objects.count()} dossiers : rien à ajouter")
        return {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        extra = _network(programme, today, rng, cursor, log)
    world = _load_world(programme, today, rng)
    _solutions(world)
    tables = _tables()
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        replica = bool(cursor.fetchone()[0])
    states = _plan(missing, rng)
    generator = Generator(world, rng, tables, log)
    # Stories are built in creation order: draw each one, keep (created, state, seed) and sort, so that ids and
    # references follow the dates as in a real service; each dossier is then rebuilt from its own seed.
    seeds = [rng.getrandbits(64) for _ in range(missing)]
    order = []
    probe = Generator.__new__(Generator)
    probe.world, probe.t = world, None
    for index, state in enumerate(states):
        probe.rng = random.Random(seeds[index])
        plan, _, _ = _story(world, probe.rng, state, _aware(world.tz, dt.date(2000, 1, 3), 9, 30))
        order.append((Generator.place(probe, plan), index))
    order.sort()
    log(f"plan : {missing} dossiers à ajouter ({time.monotonic() - started:.0f} s)")
    done = 0
    for begin in range(0, missing, chunk):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            if replica:
                # As pg_restore --disable-triggers: the rows are consistent by construction, so the foreign keys'
                # deferred checks (one lookup per key per row at COMMIT) are skipped; superuser only.
                cursor.execute("SET LOCAL session_replication_role = replica")
            for _, index in order[begin : begin + chunk]:
                generator.rng = random.Random(seeds[index])
                generator.dossier(states[index])
            for table in tables.values():
                table.flush(cursor)
        done += min(chunk, missing - begin)
        elapsed = time.monotonic() - started
        log(f"{done}/{missing} dossiers, {tables['event'].written} événements ({elapsed:.0f} s)")
    every = list(tables.values()) + extra
    with connection.cursor() as cursor:
        for table in every:
            name = connection.ops.quote_name(table.table)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST((SELECT MAX(id) FROM {name}), 1))",
                [table.table],
            )
        # The kit used per UT (diagnosis.KitUsage) and the dossiers per UT and step (cases.StateCount) are kept by
        # triggers, which were off while loading.
        cursor.execute("SELECT refresh_kit_usage()")
        cursor.execute("SELECT refresh_state_counts()")  # cases.StateCount: the same
        cursor.execute("SELECT refresh_next_calls()")  # cases.Dossier.next_call_on (orientations 0008): the same
        # The queue's priority scores, as the nightly job leaves them (coordination.kept_priority): for the real
        # day, on which the pages will be read (the queue ranks for its own day, whatever ``--today``).
        ranked = kept_priority.refresh_all(timezone.localdate())
        log(f"scores de priorité : {ranked[1]} dossiers ({ranked[0]} programme(s))")
        # VACUUM as well: the visibility map a database in service has, without which no index-only scan (not
        # possible inside a transaction: the test calls generate() in its own).
        verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        log(f"{verb}…")
        cursor.execute(verb)
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted({t.table for t in every}):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    counts["_seconds"] = round(time.monotonic() - started, 1)
    return counts


# --- command line ----------------------------------------------------------------------------------------------------


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("binome"):
        raise SystemExit(f"--fresh ne supprime qu'une base dont le nom commence par « binome » (pas {name}).")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def load_demo(today: dt.date) -> None:
    from django.core.management import call_command

    from binome.demo import loader
    from binome.reports import documents

    call_command("migrate", verbosity=0)
    # The demo's documents are not under test here: a one-line PDF saves most of the loading time.
    documents.render_pdf = lambda version, kind: b"%PDF-1.7 (not rendered)"
    loader.load_demo(today=today)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dossiers", type=int, required=True, help="dossiers in the database at the end")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fresh", action="store_true", help="drop/create the database, migrate, load the demo")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="simulated day (YYYY-MM-DD)")
    parser.add_argument("--programme", default="jura")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL")
    if not url or not url.startswith("postgres"):
        raise SystemExit("DATABASE_URL doit désigner une base PostgreSQL.")
    started = time.monotonic()
    today = args.today or dt.date.today()
    if args.fresh:
        recreate_database(url)
    _settings_env()
    import django

    django.setup()
    if args.fresh:
        load_demo(today)
        print(f"base recréée, migrée, démo chargée ({time.monotonic() - started:.0f} s)", flush=True)
    counts = generate(
        args.dossiers,
        seed=args.seed,
        today=today,
        programme_slug=args.programme,
        log=lambda text: print(text, flush=True),
    )
    counts.pop("_seconds", None)
    width = max((len(name) for name in counts), default=0)
    for name, count in counts.items():
        print(f"{name:<{width}}  {count:>12,}".replace(",", " "))
    print(f"total : {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
