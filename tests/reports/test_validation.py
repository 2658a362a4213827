"""Submitting freezes a version; the programme's steps decide on it in order, never twice by the same person."""

import pytest
from django.urls import reverse

from binome.accounts.models import Role
from binome.cases import transitions
from binome.cases.workflow import State, TransitionRefused
from binome.reports import editing, versions
from binome.reports.models import Decision, FrozenError, ReportVersion, ValidationStep
from tests.conftest import member
from tests.reports.conftest import section


COORD = {Role.COORDINATOR}
MISSION = {Role.CHEF_MISSION}
SERVICE = {Role.CHEF_SERVICE}


@pytest.fixture
def submitted(review, world):
    transitions.apply(review, "submit_for_validation", user=world.coordinator, roles=COORD)
    return review


def decide(dossier, user, roles, decision="approved", text=""):
    number = versions.latest_version(dossier.report).number
    return versions.decide(dossier, user, roles, decision=decision, text=text, version_number=number)


def test_submitting_freezes_a_numbered_version_with_every_figure(submitted):
    version = versions.latest_version(submitted.report)
    assert version.number == 1
    assert version.content["texts"]["family_synthesis"] == "Synthèse famille."
    assert [s["key"] for s in version.content["works"]["steps"]] == ["combles", "vmc"]
    assert version.content["works"]["steps"][1]["tier"] == 1  # ventilation in a mouldy dwelling
    assert version.content["programme"]["name"] == "SLIME du Jura"


def test_a_frozen_version_cannot_be_edited(submitted, client, world):
    version = versions.latest_version(submitted.report)
    version.content = {**version.content, "texts": {"family_synthesis": "Autre texte."}}
    with pytest.raises(FrozenError):
        version.save()
    assert ReportVersion.objects.get(pk=version.pk).content["texts"]["family_synthesis"] == "Synthèse famille."
    client.force_login(world.coordinator)
    url = reverse("reports:save_section", kwargs={"pk": submitted.pk, "key": "family_synthesis"})
    assert client.post(url, {"text": "Autre texte.", "version": "9"}).status_code == 403


def test_steps_approve_in_order_then_the_report_is_validated(submitted, world):
    with pytest.raises(editing.EditRefused, match="« Validation du chef de mission » : votre rôle"):
        decide(submitted, world.chef_service, SERVICE)
    decide(submitted, world.chef_mission, MISSION)
    assert not versions.fully_approved(versions.latest_version(submitted.report))
    approval = decide(submitted, world.chef_service, SERVICE, "opinion", "Voir aussi le CCAS.")
    version = versions.latest_version(submitted.report)
    assert versions.fully_approved(version) and approval.opinion == "Voir aussi le CCAS."
    submitted.refresh_from_db()
    assert submitted.state == State.IN_VALIDATION  # validated, but nothing has left yet: not « envoyé »
    assert list(submitted.events.filter(transition="approve_step").values_list("actor", flat=True)) == [
        world.chef_mission.pk,
        world.chef_service.pk,
    ]


def test_the_same_person_never_approves_two_steps_of_a_version(submitted, world):
    both = world.chef_mission
    member_roles = {Role.CHEF_MISSION, Role.CHEF_SERVICE}
    from tests.factories import MembershipFactory

    MembershipFactory(programme=world.programme, role=Role.CHEF_SERVICE, user=both)
    decide(submitted, both, member_roles)
    with pytest.raises(editing.EditRefused, match="Vous avez déjà approuvé une étape de cette version"):
        decide(submitted, both, member_roles)


def test_steps_are_configurable_per_programme(submitted, world):
    ValidationStep.objects.filter(programme=world.programme, order=2).delete()
    decide(submitted, world.chef_mission, MISSION)
    assert versions.fully_approved(versions.latest_version(submitted.report))


def test_unauthorised_or_direct_approvals_are_refused(submitted, world, client):
    with pytest.raises(editing.EditRefused, match="votre rôle ne permet pas"):
        decide(submitted, world.coordinator, COORD)
    with pytest.raises(TransitionRefused, match="page de validation"):
        transitions.apply(submitted, "approve_step", user=world.chef_mission, roles=MISSION)
    client.force_login(world.chef_mission)
    url = reverse("cases:transition", kwargs={"pk": submitted.pk, "name": "approve_step"})
    client.post(url, {"version": submitted.version})
    assert not submitted.events.filter(transition="approve_step").exists()
    assert not versions.latest_version(submitted.report).approvals.exists()


def test_a_return_needs_a_reason_and_the_edit_becomes_a_new_version(submitted, world):
    with pytest.raises(editing.EditRefused, match="Indiquez le motif du renvoi"):
        decide(submitted, world.chef_mission, MISSION, "returned", "")
    decide(submitted, world.chef_mission, MISSION, "returned", "Préciser les coûts.")
    submitted.refresh_from_db()
    assert submitted.state == State.IN_REVIEW
    report = submitted.report
    record = section(report, "technical_synthesis")
    editing.save_section(
        report,
        "technical_synthesis",
        text="Coûts précisés.",
        data=None,
        base_version=record.version,
        user=world.advisor,
    )
    transitions.apply(submitted, "submit_for_validation", user=world.coordinator, roles=COORD)
    first, second = ReportVersion.objects.filter(report=report).order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert first.returned_at and first.approvals.get().decision == Decision.RETURNED
    assert second.content["texts"]["technical_synthesis"] == "Coûts précisés."
    assert first.content["texts"]["technical_synthesis"] == "Synthèse technique."  # the returned one is kept


def test_validators_see_what_changed_since_the_version_they_read(submitted, world, client):
    client.force_login(world.chef_mission)
    url = reverse("reports:review", kwargs={"pk": submitted.pk})
    assert client.get(url).context["previous"] is None
    decide(submitted, world.chef_mission, MISSION, "returned", "Préciser.")
    report = submitted.report
    record = section(report, "technical_synthesis")
    editing.save_section(
        report,
        "technical_synthesis",
        text="Synthèse technique précisée.",
        data=None,
        base_version=record.version,
        user=world.advisor,
    )
    transitions.apply(submitted, "submit_for_validation", user=world.coordinator, roles=COORD)
    response = client.get(url)
    assert response.context["previous"].number == 1
    diffs = response.context["diffs"]
    assert [d.key for d in diffs] == ["technical_synthesis"]
    assert diffs[0].html == "Synthèse <del>technique.</del><ins>technique précisée.</ins>"
    client.force_login(world.chef_service)  # never read version 1: nothing to compare with
    assert client.get(url).context["previous"] is None


def test_a_chef_holding_both_roles_may_do_one_step_another_person_the_other(submitted, world):
    both = member(world.programme, Role.CHEF_MISSION)
    from tests.factories import MembershipFactory

    MembershipFactory(programme=world.programme, role=Role.CHEF_SERVICE, user=both)
    decide(submitted, both, {Role.CHEF_MISSION, Role.CHEF_SERVICE})
    decide(submitted, world.chef_service, SERVICE)
    assert versions.fully_approved(versions.latest_version(submitted.report))
