import datetime as dt
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from binome.accounts.models import Role
from binome.cases import transitions
from binome.cases.models import CallOutcome, EventKind
from binome.cases.workflow import State
from binome.demo.dossiers import PATHS
from binome.diagnosis.models import DiagnosisNote
from tests.factories import (
    CommuneFactory,
    DossierFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UniteFactory,
    UserFactory,
    VisitFactory,
)


# A Monday morning in late November, the day the demo tests load the demo on: the week is still free,
# and no month's, year's or DST change's edge is near. Tests whose outcome depends on today run there
# (``clock`` fixture), whatever the real day and hour.
MONDAY_MORNING = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@pytest.fixture
def clock():
    """Pins the clock on MONDAY_MORNING (ticking) for a test that depends on the day or the hour.

    List it before the fixtures that create data (``world``, ``make_dossier``…) so they are made on that
    day too. The live server runs in a thread of this process: the browser tests' server sees the same
    clock. ``clock.move_to(when)`` moves it.
    """
    with time_machine.travel(MONDAY_MORNING, tick=True) as traveller:
        yield traveller


def in_ci() -> bool:
    """CI=true (or any value but empty, 0, false, no): the continuous integration runs the suite."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def require_shared(*paths: Path) -> None:
    """Reference data read from ../shared (Jura communes, certified DPEs): skips the test when one is absent.

    In CI (``CI`` set) the data must be there, so the test fails instead of skipping silently. Test
    modules call it directly or mark tests ``@pytest.mark.shared_data(path, ...)``.
    """
    missing = [str(path) for path in paths if not Path(path).exists()]
    if not missing:
        return
    message = f"données de référence absentes : {', '.join(missing)} (voir BINOME_SHARED_DIR et BINOME_JURA_DATA_DIR)"
    if in_ci():
        pytest.fail(f"{message} ; en CI (CI={os.environ['CI']}) ces données sont obligatoires", pytrace=False)
    pytest.skip(message)


def pytest_runtest_setup(item):
    for marker in item.iter_markers("shared_data"):
        require_shared(*marker.args)


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path_factory):
    """Private files (visit photos, stored documents) go to a temporary folder, never to the repository's var/."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("private")


@pytest.fixture(scope="session", autouse=True)
def static_root():
    """WhiteNoise warns when STATIC_ROOT is missing (a fresh clone has no var/static/); warnings are errors here."""
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def member(programme, role, organisation=None, **user_fields):
    return MembershipFactory(
        programme=programme, role=role, organisation=organisation, user=UserFactory(**user_fields)
    ).user


@pytest.fixture
def world(db):
    """Two sealed programmes; in the first, two partner organisations and one user per role."""
    programme = ProgrammeFactory(slug="jura", name="SLIME du Jura")
    other = ProgrammeFactory(slug="ailleurs", name="SLIME d'ailleurs")
    dole = UniteFactory(programme=programme, name="Dole")
    champagnole = UniteFactory(programme=programme, name="Champagnole")
    ccas = OrganisationFactory(programme=programme, name="CCAS de Dole")
    caf = OrganisationFactory(programme=programme, name="CAF du Jura", kind="caf")
    other_org = OrganisationFactory(programme=other, name="CCAS d'ailleurs")
    w = SimpleNamespace(
        programme=programme,
        other=other,
        dole=dole,
        champagnole=champagnole,
        commune=CommuneFactory(unite=dole, name="Dole", insee_code="39198"),
        commune2=CommuneFactory(unite=champagnole, name="Champagnole", insee_code="39097"),
        other_commune=CommuneFactory(unite=UniteFactory(programme=other), insee_code="01001"),
        ccas=ccas,
        caf=caf,
        other_org=other_org,
        coordinator=member(programme, Role.COORDINATOR, first_name="Claire"),
        advisor=member(programme, Role.ADVISOR, first_name="Julien"),
        advisor2=member(programme, Role.ADVISOR, first_name="Paul"),
        chef_mission=member(programme, Role.CHEF_MISSION),
        chef_service=member(programme, Role.CHEF_SERVICE),
        admin=member(programme, Role.ADMIN),
        referrer=member(programme, Role.REFERRER, organisation=ccas),
        referrer_caf=member(programme, Role.REFERRER, organisation=caf),
        other_coordinator=member(other, Role.COORDINATOR),
        other_referrer=member(other, Role.REFERRER, organisation=other_org),
    )
    return w


ROLE_OF = {
    "approve_mission": ("chef_mission", Role.CHEF_MISSION),
    "approve_service": ("chef_service", Role.CHEF_SERVICE),
    "mark_visited": ("advisor", Role.ADVISOR),
}
REPORT_TEXTS = {
    "family_synthesis": "Synthèse famille.",
    "technical_synthesis": "Synthèse technique.",
    "referrer_summary": "Résumé partagé.",
    "situation": "Le ménage a froid l'hiver.",
    "indicators": "Dépense d'énergie élevée.",
    "dwelling": "Maison de 1960.",
    "findings": "Combles sans isolant.",
    "next_steps": "La coordinatrice rappellera dans un mois.",
}


def write_report_sections(dossier, user, texts):
    """Write sections of the dossier's report as the binôme would (each on its current version)."""
    from binome.reports import editing

    report = editing.open_report(dossier)
    for key, text in texts.items():
        version = report.sections.get(key=key).version
        editing.save_section(report, key, text=text, data=None, base_version=version, user=user)
    return report


def advance(dossier, target: State, w):
    """Drive ``dossier`` to ``target`` through the real transitions and services, as the demo users would."""
    from binome.reports import dispatch, versions

    clock = timezone.now() - dt.timedelta(days=30)
    for step in PATHS[State(target)]:
        clock += dt.timedelta(hours=6)
        if step in {"call", "missed"}:
            outcome = CallOutcome.REACHED if step == "call" else CallOutcome.NO_ANSWER
            transitions.record_event(dossier, EventKind.CALL, user=w.coordinator, call_outcome=outcome, at=clock)
        elif step == "book":
            VisitFactory(dossier=dossier, advisor=w.advisor, coordinator=w.coordinator, starts_at=clock)
            dossier.advisor = w.advisor
            dossier.save(update_fields=["advisor"])
            transitions.apply(dossier, "schedule", user=w.coordinator, roles={Role.COORDINATOR}, at=clock)
        elif step == "notes":
            DiagnosisNote.objects.create(
                dossier=dossier, side="technical", text="Combles non isolés.", author=w.advisor
            )
            DiagnosisNote.objects.create(dossier=dossier, side="social", text="Dette d'énergie.", author=w.coordinator)
        elif step == "draft":
            write_report_sections(dossier, w.coordinator, {"family_synthesis": "Synthèse famille."})
        elif step == "report":
            write_report_sections(dossier, w.coordinator, REPORT_TEXTS)
        elif step == "orient":
            from binome.orientations.services import propose

            propose(dossier, [{"solution": "fsl"}], user=w.coordinator, at=clock)
        elif step == "outcome":
            from tests.orientations.helpers import settle_orientations

            settle_orientations(dossier, w.coordinator, clock)
        elif step in {"approve_mission", "approve_service"}:
            attr, role = ROLE_OF[step]
            number = versions.latest_version(dossier.report).number
            versions.decide(
                dossier, getattr(w, attr), {role}, decision="approved", text="", version_number=number, at=clock
            )
        elif step == "send":
            dispatch.dispatch(
                dossier, recipient="family", channel="post", address="3 rue des Arènes", user=w.coordinator, at=clock
            )
        else:
            name = "submit_for_validation" if step == "submit" else step
            attr, role = ROLE_OF.get(name, ("coordinator", Role.COORDINATOR))
            transitions.apply(dossier, name, user=getattr(w, attr), roles={role}, note="Motif de test.", at=clock)
    dossier.refresh_from_db()
    assert dossier.state == target
    return dossier


@pytest.fixture
def make_dossier(world):
    def make(state=State.RECEIVED, **fields):
        fields.setdefault("commune", world.commune)
        fields.setdefault("organisation", world.ccas)
        fields.setdefault("referrer", world.referrer)
        dossier = DossierFactory(**fields)
        return advance(dossier, state, world) if state != State.RECEIVED else dossier

    return make


def next_monday(weeks: int = 1) -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=7 * weeks - today.weekday())


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def monday():
    """Next week's Monday: a working day with no visit booked yet."""
    return next_monday()
