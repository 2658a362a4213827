"""The demo shows dossiers at every stage of the follow-up, partner answers given through the link included."""

import pytest
from django.conf import settings

from binome.cases.workflow import State
from binome.orientations import outcomes, services
from binome.orientations.models import FollowUpStatus, LinkAction, OrientationChange, PartnerLinkUse
from tests.demo.conftest import TODAY


pytestmark = pytest.mark.shared_data(settings.JURA_DATA_DIR / "communes-39.json")


def test_the_demo_shows_every_stage_of_the_follow_up(programme):
    followed = list(programme.dossiers.filter(state=State.SENT).prefetch_related("follow_ups", "orientations"))
    statuses = {o.status for d in followed for o in d.orientations.all()}
    assert {"accepted", "sent", "in_progress", "achieved"} <= statuses
    calls = [f for d in followed for f in d.follow_ups.all()]
    assert any(f.status == FollowUpStatus.ANSWERED for f in calls)
    assert any(f.status == FollowUpStatus.PLANNED and f.attempts for f in calls)  # called, no answer yet
    assert any(f.status == FollowUpStatus.PLANNED and f.due_on < TODAY for f in calls)  # overdue
    assert services.stale_orientations(programme)
    assert any(services.closing_refusal(d) is None for d in followed)  # one is ready to close
    closed = programme.dossiers.filter(state=State.CLOSED)
    assert closed.filter(events__transition="close_with_reason").exists()
    assert closed.filter(follow_ups__status=FollowUpStatus.UNREACHABLE).exists()

    # Partners answered through their link.
    answers = OrientationChange.objects.filter(orientation__dossier__programme=programme, link__isnull=False)
    assert {c.to_status for c in answers} >= {"in_progress", "achieved"}
    assert all(c.actor is None and c.answered_by for c in answers)
    assert PartnerLinkUse.objects.filter(link__orientation__dossier__programme=programme, action=LinkAction.ANSWERED)

    # The 2015 dossiers give a full year of rates.
    year = outcomes.table(programme, 2015)
    assert year.total.households >= 28 and year.total.reached >= 25
    assert all(rate.denominator for rate in year.total.rates)
    assert {unite for unite, _summary in year.rows} == {"Dole", "Champagnole"}


def test_the_rates_counted_in_sql_are_those_counted_in_python(programme):
    from binome.orientations import outcomes

    in_sql = outcomes.counts(programme)  # PostgreSQL's single aggregation (the SQLite demo counts in Python)
    assert in_sql == outcomes.in_python(programme)
    assert sum(c.households for c in in_sql.values()) >= 6 and any(c.reached for c in in_sql.values())
