"""bench/generate.py at a tiny scale on the test database: the generated dossiers are consistent with the rules."""

import importlib.util
from collections import Counter

import pytest
from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

from binome.cases.models import Dossier, DossierEvent
from binome.cases.workflow import MILESTONES, State
from binome.coordination.kept_priority import RANKED_STATES
from binome.coordination.models import RankingDay
from binome.diagnosis.models import DiagnosisNote, KitItem
from binome.reports.models import Approval, Report, ReportVersion, ValidationStep
from binome.visits.models import Visit, VisitStatus
from tests.factories import DossierFactory, VisitFactory


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", settings.REPO_DIR / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def generated(world):
    ValidationStep.objects.create(programme=world.programme, order=1, role="chef_mission", label="Chef de mission")
    ValidationStep.objects.create(programme=world.programme, order=2, role="chef_service", label="Chef de service")
    KitItem.objects.create(programme=world.programme, name="Ampoule LED", category="bill", unit_cost=3)
    generate = _generator()
    counts = generate.generate(300, seed=7, today=timezone.localdate(), log=lambda text: None)
    return generate, counts


def test_the_dossiers_reach_every_state_through_a_consistent_timeline(generated, world):
    generate, counts = generated
    assert Dossier.objects.count() == counts["cases_dossier"] == 300
    states = Counter(Dossier.objects.values_list("state", flat=True))
    assert set(states) == {s.value for s in State}
    ended = sum(states[s] for s in generate.FINAL)
    assert 0.7 < ended / 300 < 0.9

    # The last transition leads to the dossier's state; the version counts the transitions; nothing lies ahead.
    last = {}
    for dossier_id, to_state in (
        DossierEvent.objects.filter(kind="transition").order_by("at", "pk").values_list("dossier_id", "to_state")
    ):
        last[dossier_id] = to_state
    moves = dict(
        Dossier.objects.annotate(n=Count("events", filter=Q(events__kind="transition"))).values_list("pk", "n")
    )
    for pk, state, version in Dossier.objects.values_list("pk", "state", "version"):
        assert last.get(pk, State.RECEIVED) == state, pk
        assert version == 1 + moves[pk]
    assert not DossierEvent.objects.filter(at__gt=timezone.now()).exists()
    assert not DossierEvent.objects.filter(kind="call", call_outcome="").exists()
    assert DossierEvent.objects.filter(kind="call", call_outcome="no_answer").exists()
    assert DossierEvent.objects.count() > 8 * 300 * 0.8

    # Every dossier's source family is the one the model computes.
    for dossier in Dossier.objects.select_related("organisation").iterator():
        assert dossier.source_family == dossier.compute_source_family(), dossier.reference


def test_visits_diagnosis_and_reports_follow_the_state(generated):
    visited = {"visited", "in_review", "in_validation", "sent", "closed"}
    for dossier in Dossier.objects.prefetch_related("visits"):
        statuses = Counter(v.status for v in dossier.visits.all())
        if dossier.state in visited:
            assert statuses[VisitStatus.DONE] == 1 and not statuses[VisitStatus.PLANNED], dossier.reference
            assert dossier.advisor_id == [v for v in dossier.visits.all() if v.status == "done"][0].advisor_id
            assert dossier.next_visit_at is None
        elif dossier.state == "scheduled":
            planned = [v for v in dossier.visits.all() if v.status == VisitStatus.PLANNED]
            assert len(planned) == 1 and planned[0].starts_at > timezone.now()
            assert dossier.next_visit_at == planned[0].starts_at
        else:
            assert not statuses[VisitStatus.DONE] and not statuses[VisitStatus.PLANNED]
            assert dossier.next_visit_at is None
    # The first visit's and the report's dates on the dossier are their first events, as the transitions keep them.
    for transition, field in MILESTONES.items():
        first = DossierEvent.objects.filter(transition=transition).values("dossier").annotate(at=Min("at"))
        assert dict(Dossier.objects.filter(**{f"{field}__isnull": False}).values_list("pk", field)) == {
            row["dossier"]: row["at"] for row in first
        }
    first_calls = DossierEvent.objects.filter(kind="call", call_outcome="reached").values("dossier")
    assert dict(Dossier.objects.filter(contacted_at__isnull=False).values_list("pk", "contacted_at")) == dict(
        first_calls.annotate(at=Min("at")).values_list("dossier", "at")
    )
    assert Dossier.objects.filter(state__in=visited, contacted_at__isnull=True).count() == 0
    assert Dossier.objects.filter(state__in=visited, visited_at__isnull=True).count() == 0
    assert Dossier.objects.filter(state__in=["sent", "closed"], sent_at__isnull=True).count() == 0
    reviewed = Dossier.objects.filter(state__in=["in_review", "in_validation", "sent", "closed"])
    assert Report.objects.count() == reviewed.count()
    assert DiagnosisNote.objects.filter(dossier__in=reviewed).count() == 2 * reviewed.count()
    assert ReportVersion.objects.filter(report__dossier__state="in_validation").exists()
    assert Approval.objects.filter(event__transition="approve_step").exists()


def test_sequences_are_reset_so_the_orm_creates_after_the_generated_rows(generated, world):
    dossier = DossierFactory(commune=world.commune, organisation=world.ccas, referrer=world.referrer)
    visit = VisitFactory(dossier=dossier, advisor=world.advisor, coordinator=world.coordinator)
    assert dossier.pk == Dossier.objects.order_by("-pk").values_list("pk", flat=True)[1] + 1
    assert Visit.objects.filter(pk=visit.pk).exists()
    assert DossierEvent.objects.create(dossier=dossier, kind="note", note="après la génération").pk


def test_the_queue_priority_is_kept_for_today_as_after_the_nightly_job(generated, world):
    assert RankingDay.objects.get(programme_id=world.programme.pk).ranked_on == timezone.localdate()
    ranked = Dossier.objects.filter(programme=world.programme, state__in=RANKED_STATES)
    assert ranked.exists() and not ranked.filter(ranked_score__isnull=True).exists()
    others = Dossier.objects.exclude(state__in=RANKED_STATES)
    assert set(others.values_list("ranked_score", flat=True)) == {0}  # as the triggers set them


def test_each_dossier_s_next_call_is_its_first_planned_call_as_the_triggers_keep_it(generated):
    from binome.orientations.models import FollowUp, FollowUpStatus

    planned = FollowUp.objects.filter(status=FollowUpStatus.PLANNED).values("dossier_id").annotate(first=Min("due_on"))
    expected = {row["dossier_id"]: row["first"] for row in planned}
    assert expected  # the generated sent dossiers have calls planned
    kept = dict(Dossier.objects.filter(next_call_on__isnull=False).values_list("pk", "next_call_on"))
    assert kept == expected
