"""The demo's orientations and follow-up: the Jura catalogue with its partners, and dossiers at every stage.

- the report of each visited dossier proposes two orientations (``propose``, a step of the stories of
  ``demo.dossiers``);
- the 2015 dossiers were followed to their end (``settle``): orientations ended, the calls at 3 and 12 months
  made (a few households unreachable), then closed; the outcome rates page has a full year to show;
- this year's dossiers "compte-rendu envoyé" and six dossiers of the past months are still followed, one per
  stage (``load_orientations_demo``): just sent; sent to the partner who answered « en cours » through its link;
  no news for weeks with an unanswered link; the 3-month call overdue while the partner reported the aid
  granted through its link; the 3-month call answered and the 12-month one ahead; two calls without answer;
  everything done, ready to close; a household that moved, closed with a reason.

Everything goes through the services a user would use (``orientations.services``, ``calls``, ``links``).
"""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from binome.accounts.models import Role
from binome.cases import transitions
from binome.cases.workflow import State
from binome.demo.territory import coverage_half
from binome.diagnosis.models import DiagnosisSection
from binome.network.models import Organisation
from binome.orientations import calls, links, machine, services
from binome.orientations.models import FollowUpStatus, Orientation, SolutionPartner
from binome.visits.models import Visit


# kind → [(organisation of the directory, contact for the household, address for the partner links)]
CARRIERS = {
    "works_aid": [
        ("Association énergie du Jura (espace conseil)", "Espace conseil France Rénov' : 0 808 800 700", ""),
        ("Jura Habitat", "Opérateur Anah, permanence le mardi : 01 99 00 31 12", "renovation@jura-habitat.invalid"),
    ],
    "local_works_fund": [("Jura Habitat", "Fonds départemental petits travaux : 01 99 00 31 12", "")],
    "fsl": [
        (
            "Département du Jura — action sociale, UT de Lons-le-Saunier",
            "Service FSL du Département : 01 99 00 44 10",
            "fsl@jura.invalid",
        )
    ],
    "cheque_energie": [("CCAS de Dole", "Accueil du CCAS, place de l'Europe", "")],
    "landlord_mediation": [("OPH du Jura", "Service réclamations : 01 99 00 52 30", "")],
    "non_decency": [("CAF du Jura", "Service logement décent : 01 99 00 61 00", "logement@caf-jura.invalid")],
    "budget_support": [("UDAF du Jura", "Point conseil budget : 01 99 00 27 45", "pcb@udaf-jura.invalid")],
    "legal_advice": [("ADIL du Jura", "Consultations gratuites : 01 99 00 38 20", "")],
    "equipment": [("Secours populaire — antenne de Dole", "Permanence du jeudi", "")],
    "contract_adjustment": [("Association énergie du Jura (espace conseil)", "01 99 00 45 45", "")],
}
# Partners that are not in the directory: typed as text.
OUTSIDE = {
    "insalubrity": "Signal Logement (pôle départemental habitat indigne)",
    "self_rehab": "Compagnons Bâtisseurs",
    "energy_ombudsman": "Médiateur national de l'énergie",
    "payment_plan": "Fournisseur d'électricité du ménage",
}
PAIRS = [
    ("works_aid", "budget_support"),
    ("fsl", "cheque_energie"),
    ("non_decency", "legal_advice"),
    ("payment_plan", "equipment"),
    ("landlord_mediation", "fsl"),
    ("local_works_fund", "contract_adjustment"),
]
STEPS = {
    "fsl": "Apporter au service FSL les deux dernières factures et l'avis d'imposition.",
    "cheque_energie": "Réclamer le chèque énergie en ligne avec l'aide du CCAS.",
    "works_aid": "Prendre rendez-vous avec l'espace conseil France Rénov'.",
}
ENDS = (
    [machine.Status.ACHIEVED] * 6
    + [machine.Status.ABANDONED] * 2
    + [
        machine.Status.NOT_POSSIBLE,
        machine.Status.REFUSED,
    ]
)


def link_catalogue(programme) -> None:
    """The default catalogue, each solution with the partners of the Jura directory that carry it (once)."""
    services.ensure_catalogue(programme)
    if SolutionPartner.objects.filter(solution__programme=programme).exists():
        return
    organisations = {o.name: o for o in Organisation.objects.filter(programme=programme)}
    solutions = {s.kind: s for s in programme.solutions.all()}
    SolutionPartner.objects.bulk_create(
        SolutionPartner(solution=solutions[kind], organisation=organisations[name], contact=contact, email=email)
        for kind, carriers in CARRIERS.items()
        for name, contact, email in carriers
    )


def _rng(purpose: str, dossier) -> random.Random:
    """Draws of their own, seeded by the dossier's reference: the stories' draws (names, dates) stay as they were."""
    return random.Random(f"{purpose}-{dossier.reference}")


def propose(dossier, users, when) -> list[Orientation]:
    """The report's two orientations, proposed by the coordinator."""
    link_catalogue(dossier.programme)
    rng = _rng("orient", dossier)
    proposals = [
        services.Proposal(kind, partner_name=OUTSIDE.get(kind, ""), household_step=STEPS.get(kind, ""))
        for kind in rng.choice(PAIRS)
    ]
    return services.propose(dossier, proposals, user=users.coordinator, at=when)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _walk(orientation, statuses, days, user, rng, start: dt.date):
    """Move an orientation through ``statuses``, on the given days after ``start``, with an outcome at the end."""
    for status, offset in zip(statuses, days, strict=False):
        amounts = _amounts(orientation, rng) if status == machine.Status.ACHIEVED else {}
        outcome = _outcome(status)
        orientation = services.move(
            orientation,
            status,
            expected_version=orientation.version,
            user=user,
            outcome=outcome,
            amounts=amounts,
            at=_at(start + dt.timedelta(days=offset), 11),
        )
    return orientation


def _amounts(orientation, rng) -> dict:
    ranges = {machine.Amount.AID: (150, 3000), machine.Amount.DEBT: (200, 900), machine.Amount.WORKS: (1500, 15000)}
    return {a.value: Decimal(rng.randrange(*ranges[a], 10)) for a in orientation.solution.amounts}


def _outcome(status) -> str | None:
    texts = {
        machine.Status.ACHIEVED: "Démarche aboutie, confirmée par le partenaire.",
        machine.Status.ABANDONED: "Le ménage n'a pas donné suite.",
        machine.Status.NOT_POSSIBLE: "Hors critères du dispositif.",
    }
    return texts.get(status)


def _path_to(end) -> list:
    if end == machine.Status.REFUSED:
        return [end]
    return [machine.Status.ACCEPTED, machine.Status.SENT, machine.Status.IN_PROGRESS, end]


def _answers(rng, day: dt.date) -> dict:
    return {
        "contacted_on": day,
        "first_steps": sorted(
            rng.sample(["bills", "kit", "settings", "supplier", "rights"], rng.choice([0, 1, 2, 3]))
        ),
        "works_done": rng.random() < 0.35,
        "aid_obtained": rng.random() < 0.45,
        "cold_now": rng.random() < 0.5,
        "bills": rng.choice(["lower", "lower", "same", "same", "same", "higher", "unknown"]),
        "restriction": rng.choice(["never", "sometimes", "sometimes", "often"]),
        "arrears": rng.random() < 0.2,
        "comment": "",
    }


def settle(dossier, users, when, today: dt.date) -> dt.date:
    """Follow a sent dossier to its end: orientations ended, every call made. Returns the day of the last event.

    A report of the past months (this year's closed dossier) has its calls made early, the household reached
    before it moves away."""
    rng = _rng("settle", dossier)
    planned = calls.plan(dossier)
    start = when.date()
    recent = planned[-1].due_on > today - dt.timedelta(days=3)
    for number, orientation in enumerate(dossier.orientations.select_related("solution")):
        path = _path_to(rng.choice(ENDS))
        days = (
            [number + i for i in range(1, len(path) + 1)] if recent else sorted(rng.sample(range(3, 150), len(path)))
        )
        _walk(orientation, path, days, users.coordinator, rng, start)
    last = start + dt.timedelta(days=6)
    for index, call in enumerate(planned):
        day = start + dt.timedelta(days=7 + index) if recent else call.due_on + dt.timedelta(days=rng.randint(0, 6))
        last = max(last, day)
        if not recent and index == len(planned) - 1 and rng.random() < 0.1:
            for attempt in range(3):
                call = calls.record_no_answer(
                    call,
                    user=users.coordinator,
                    expected_version=call.version,
                    at=_at(day + dt.timedelta(days=2 * attempt)),
                )
            last = day + dt.timedelta(days=4)
            continue
        calls.record_answers(call, _answers(rng, day), user=users.coordinator, expected_version=call.version)
    return min(last, today - dt.timedelta(days=1))


# --- the dossiers still followed ------------------------------------------------------------------------------


def load_orientations_demo(programme, users, today: dt.date) -> None:
    rng = random.Random(1212)
    link_catalogue(programme)
    _refresh_history(programme, rng)
    current = list(programme.dossiers.filter(state=State.SENT).order_by("created_at"))
    for stage, dossier in zip([_just_sent, _partner_answered], current, strict=False):
        calls.plan(dossier)
        stage(dossier, users, rng, today, calls.report_day(dossier))
    factory = _FollowedDossiers(programme, users, today, rng)
    for report_days_ago, stage in (
        (75, _stale),
        (100, _call_overdue),
        (200, _first_call_done),
        (130, _no_answer_yet),
        (380, _ready_to_close),
        (250, _moved_away),
    ):
        dossier = factory.make(report_days_ago)
        stage(dossier, users, rng, today, calls.report_day(dossier))


def _refresh_history(programme, rng) -> None:
    """The visit's values are copied when the report is sent; in the demo the diagnosis is written after the
    stories, so copy them again now, and let the 2015 answers about the cold follow what the visit found."""
    from binome.orientations.models import Baseline, FollowUp

    Baseline.objects.filter(dossier__programme=programme).delete()
    for dossier in programme.dossiers.filter(follow_ups__isnull=False).distinct().select_related("commune__unite"):
        baseline = calls.record_baseline(dossier)
        for call in FollowUp.objects.filter(dossier=dossier, status=FollowUpStatus.ANSWERED).order_by("pk"):
            still_cold = rng.random() < (0.6 if baseline.cold else 0.1)
            FollowUp.objects.filter(pk=call.pk).update(cold_now=still_cold)


def _orientations(dossier):
    return list(dossier.orientations.select_related("solution", "organisation").order_by("pk"))


def _days(report: dt.date, offset: int) -> dt.date:
    return report + dt.timedelta(days=offset)


def _just_sent(dossier, users, rng, today, report) -> None:
    """Report sent a few weeks ago: the household accepted both orientations last week; one is already with its
    partner."""
    first, second = _orientations(dossier)[:2]
    last_week = today - dt.timedelta(days=6)
    _walk(first, [machine.Status.ACCEPTED, machine.Status.SENT], [0, 2], users.coordinator, rng, last_week)
    _walk(second, [machine.Status.ACCEPTED], [1], users.coordinator, rng, last_week)


def _answer_through_link(orientation, users, status, day: dt.date, rng, answered_by: str):
    link = links.create(orientation, user=users.coordinator, email=_partner_email(orientation), at=_at(day, 9))
    amounts = _amounts(orientation, rng) if status == machine.Status.ACHIEVED else {}
    links.log(link, "opened", at=_at(day + dt.timedelta(days=2), 14))
    outcome = (
        "Aide accordée." if status == machine.Status.ACHIEVED else "Dossier reçu complet, en cours d'instruction."
    )
    return links.answer(
        link,
        status=status,
        expected_version=orientation.version,
        answered_by=answered_by,
        outcome=outcome,
        amounts=amounts,
        at=_at(day + dt.timedelta(days=2), 15),
    )


def _partner_email(orientation) -> str:
    carrier = orientation.solution.carriers.filter(organisation=orientation.organisation).first()
    if carrier and carrier.email:
        return carrier.email
    return orientation.organisation.email if orientation.organisation else ""


def _partner_answered(dossier, users, rng, today, report) -> None:
    """Both orientations accepted and sent to their partner; one partner answered « en cours » through its link."""
    first, second = _orientations(dossier)[:2]
    span = max((today - report).days - 4, 3)  # the report is recent: everything happened since
    first = _walk(first, [machine.Status.ACCEPTED, machine.Status.SENT], [1, 2], users.coordinator, rng, report)
    _walk(second, [machine.Status.ACCEPTED], [span - 2], users.coordinator, rng, report)
    _answer_through_link(first, users, machine.Status.IN_PROGRESS, _days(report, span), rng, "Service instructeur")


def _stale(dossier, users, rng, today, report) -> None:
    """Sent to the partner two months ago, no news since: a link was sent and is still unanswered."""
    first, second = _orientations(dossier)[:2]
    first = _walk(first, [machine.Status.ACCEPTED, machine.Status.SENT], [3, 5], users.coordinator, rng, report)
    _walk(second, [machine.Status.ACCEPTED], [3], users.coordinator, rng, report)
    links.create(first, user=users.coordinator, email=_partner_email(first), at=_at(today - dt.timedelta(days=10)))


def _call_overdue(dossier, users, rng, today, report) -> None:
    """The 3-month call is overdue; meanwhile a partner reported through its link that the aid was granted."""
    first, second = _orientations(dossier)[:2]
    path = [machine.Status.ACCEPTED, machine.Status.SENT, machine.Status.IN_PROGRESS]
    first = _walk(first, path, [2, 5, 30], users.coordinator, rng, report)
    _walk(second, [machine.Status.ACCEPTED, machine.Status.IN_PROGRESS], [2, 20], users.coordinator, rng, report)
    _answer_through_link(first, users, machine.Status.ACHIEVED, today - dt.timedelta(days=21), rng, "Instructrice")


def _first_call_done(dossier, users, rng, today, report) -> None:
    """The 3-month call answered; one orientation achieved, the other in progress; the 12-month call ahead."""
    first, second = _orientations(dossier)[:2]
    path = [machine.Status.ACCEPTED, machine.Status.SENT, machine.Status.IN_PROGRESS, machine.Status.ACHIEVED]
    _walk(first, path, [2, 6, 30, 80], users.coordinator, rng, report)
    _walk(second, path[:3], [2, 8, 150], users.coordinator, rng, report)
    call = dossier.follow_ups.get(rank=1)
    answers = _answers(rng, call.due_on + dt.timedelta(days=2)) | {"first_steps": ["bills", "kit"], "bills": "lower"}
    calls.record_answers(call, answers, user=users.coordinator, expected_version=call.version)


def _no_answer_yet(dossier, users, rng, today, report) -> None:
    """Two calls without answer on the 3-month follow-up; a third will make the household unreachable."""
    first = _orientations(dossier)[0]
    _walk(first, [machine.Status.ACCEPTED, machine.Status.IN_PROGRESS], [2, 40], users.coordinator, rng, report)
    call = dossier.follow_ups.get(rank=1)
    for offset in (8, 4):
        at = _at(today - dt.timedelta(days=offset), 17)
        call = calls.record_no_answer(call, user=users.coordinator, expected_version=call.version, at=at)


def _ready_to_close(dossier, users, rng, today, report) -> None:
    """A year on: orientations ended and both calls made; « Clôturer le dossier » is offered."""
    for orientation, end in zip(
        _orientations(dossier), [machine.Status.ACHIEVED, machine.Status.ABANDONED], strict=False
    ):
        _walk(orientation, _path_to(end), [1, 5, 40, 120], users.coordinator, rng, report)
    for call in dossier.follow_ups.order_by("rank"):
        day = min(call.due_on + dt.timedelta(days=1), today)
        answers = _answers(rng, day) | {"works_done": True, "cold_now": False}
        calls.record_answers(call, answers, user=users.coordinator, expected_version=call.version)


def _moved_away(dossier, users, rng, today, report) -> None:
    """Unreachable on the 3-month call, then news that the household left the département: closed with a reason."""
    first, second = _orientations(dossier)[:2]
    first = _walk(first, [machine.Status.ACCEPTED, machine.Status.SENT], [2, 5], users.coordinator, rng, report)
    _walk(second, [machine.Status.REFUSED], [2], users.coordinator, rng, report)
    call = dossier.follow_ups.get(rank=1)
    due = call.due_on
    for offset in (0, 3, 7):
        at = _at(due + dt.timedelta(days=offset))
        call = calls.record_no_answer(call, user=users.coordinator, expected_version=call.version, at=at)
    _walk(first, [machine.Status.ABANDONED], [9], users.coordinator, rng, due)
    transitions.apply(
        dossier,
        "close_with_reason",
        user=users.coordinator,
        roles={Role.COORDINATOR},
        note="Le ménage a déménagé hors du département (courrier retourné, information du CCAS).",
        at=_at(due + dt.timedelta(days=10), 16),
    )


class _FollowedDossiers:
    """Dossiers of the past months, played through the same stories as the others up to "compte-rendu envoyé"."""

    def __init__(self, programme, users, today, rng):
        from binome.demo import dossiers as demo_dossiers

        self.stories = demo_dossiers
        self.programme, self.users, self.today, self.rng = programme, users, today, rng
        self.organisations = sorted(Organisation.objects.filter(programme=programme), key=lambda o: o.name)
        self.counter = {}
        for reference in programme.dossiers.values_list("reference", flat=True):
            year = int(reference[:4])
            self.counter[year] = max(self.counter.get(year, 0), int(reference[5:]))
        self.planner = demo_dossiers._VisitPlanner(today)
        self.planner.taken = {
            (timezone.localtime(v.starts_at).date(), timezone.localtime(v.starts_at).hour)
            for v in Visit.objects.filter(dossier__programme=programme)
        }
        self.made = 0

    def make(self, report_days_ago: int):
        received = self.today - dt.timedelta(days=report_days_ago + 45)
        if (received + dt.timedelta(days=60)).year != received.year:  # keep the story within one coverage year
            received -= dt.timedelta(days=70)
        ut = coverage_half(received.year)[self.made % 2]
        self.made += 1
        communes = list(self.programme.communes.filter(unite__name=ut, population__gte=300).order_by("insee_code"))
        organisation = self.rng.choice(self.stories._serving(self.organisations, ut))
        dossier = self.stories._new_dossier(
            self.programme, self.users, organisation, communes, received, self.rng, self.counter
        )
        self.stories._Story(dossier, self.users, self.rng, self.planner, received, State.SENT).play()
        _visit_values(dossier, self.users, self.rng)
        calls.plan(dossier)
        return dossier


def _visit_values(dossier, users, rng) -> None:
    """The comfort and charges sections of the diagnosis, as the visitors filled them (the follow-up's baseline)."""
    comfort = {"cold_last_winter": rng.choice(["yes", "yes", "no"]), "restrictions": ["one_room"]}
    charges = {"energy_debt": rng.choice(["0", "420", "780"]), "power_limitation": "none"}
    for key, data in (("comfort", comfort), ("charges", charges)):
        DiagnosisSection.objects.create(dossier=dossier, key=key, data=data, updated_by=users.coordinator)
