"""The report's pages ask at most 15 queries (issue 20) for each role that opens them — writing and preview,
validation, dispatch, documents — and as many when the report has twice its comments, conflicts, versions,
approvals and dispatches, and the dossier twice its orientations, visits, photos and kit."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from binome.accounts.models import Role
from binome.cases import transitions
from binome.cases.workflow import State
from binome.diagnosis.models import KitInstallation, KitItem, Photo
from binome.orientations import services as orientation_services
from binome.reports import dispatch, editing, versions
from binome.reports.models import Phrase
from tests.cases.test_dossier_pages_scale import counts
from tests.factories import VisitFactory
from tests.reports.conftest import fill_diagnosis, section


# Issue 20's 15 queries count the request's BEGIN and COMMIT, which the tests run without (``settings_test``).
MAX_QUERIES = 15 - 2


def pages(review, validation, sent):
    """(role, url) of each GET page of ``reports.urls``, for every role that opens it, at the step it is open."""
    edit = reverse("reports:edit", args=[review.pk])
    preview = reverse("reports:preview", args=[review.pk, "landlord"])
    validate = reverse("reports:review", args=[validation.pk])
    document = reverse("reports:document", args=[sent.pk, "family", 1])
    rows = [(who, url) for who in ("coordinator", "advisor") for url in (edit, preview)]
    rows += [(who, validate) for who in ("chef_mission", "chef_service")]
    rows += [("coordinator", reverse("reports:dispatch", args=[dossier.pk])) for dossier in (validation, sent)]
    rows += [(who, document) for who in ("coordinator", "advisor", "chef_mission", "chef_service")]
    rows.append(("referrer", reverse("reports:referrer_document", args=[sent.pk])))
    return rows


def approve(dossier, user, role):
    number = versions.latest_version(dossier.report).number
    versions.decide(dossier, user, {role}, decision="approved", text="", version_number=number)


def grow_writing(world, dossier, times):
    """More comments (open and resolved), open conflicts, photos, kit, done visits and orientations."""
    report = dossier.report
    for index in range(times):
        for key in ("family_synthesis", "dwelling", "technical_synthesis"):
            editing.add_comment(report, key, f"À revoir {index}.", world.advisor)
        done = editing.add_comment(report, "situation", f"Vu {index}.", world.coordinator)
        editing.resolve_comment(done, world.advisor)
        # Written from a version long replaced: kept beside the stored text as a conflict.
        editing.save_section(
            report, "findings", text=f"Autre constat {index}.", data=None, base_version=0, user=world.advisor
        )
        Photo.objects.create(
            dossier=dossier, image="diagnosis/p.jpg", width=1, height=1, size_bytes=1, uploaded_by=world.advisor
        )
        VisitFactory(
            dossier=dossier,
            advisor=world.advisor,
            coordinator=world.coordinator,
            status="done",
            starts_at=timezone.now() - dt.timedelta(days=20 + index),
        )
        orientation_services.propose(dossier, [{"solution": "fsl"}], user=world.coordinator)
    for item in KitItem.objects.filter(programme=world.programme):
        KitInstallation.objects.update_or_create(dossier=dossier, item=item, defaults={"quantity": times})


def resubmit(world, dossier, times):
    """The chef of the pending step returns the version; the binôme submits a new one, which the chef de mission
    approves."""
    for index in range(times):
        version = versions.latest_version(dossier.report)
        step = versions.pending_step(version, versions.steps(dossier.programme))
        chef = {Role.CHEF_MISSION: world.chef_mission, Role.CHEF_SERVICE: world.chef_service}[step.role]
        versions.decide(
            dossier, chef, {step.role}, decision="returned", text="À reprendre.", version_number=version.number
        )
        report = dossier.report
        findings = section(report, "findings")
        editing.save_section(
            report,
            "findings",
            text=f"Constat repris {index}.",
            data=None,
            base_version=findings.version,
            user=world.advisor,
        )
        orientation_services.propose(dossier, [{"solution": "fsl"}], user=world.coordinator)
        transitions.apply(dossier, "submit_for_validation", user=world.coordinator, roles={Role.COORDINATOR})
        approve(dossier, world.chef_mission, Role.CHEF_MISSION)


def send_again(world, dossier, times):
    """More copies posted, and the landlord's consent recorded again."""
    for _index in range(times):
        dispatch.record_consent(dossier, given_on=timezone.localdate(), method="oral", user=world.coordinator)
        dispatch.dispatch(
            dossier, recipient="family", channel="post", address="3 rue des Arènes", user=world.coordinator
        )


@pytest.fixture
def kit(world):
    for name in ("Ampoule LED", "Mousseur"):
        KitItem.objects.create(programme=world.programme, name=name, category="bill", unit_cost=3)


@pytest.fixture
def dossiers(world, make_dossier, kit):
    review = make_dossier(State.IN_REVIEW, share_with_referrer=True, tenure="private_tenant")
    fill_diagnosis(review, world.advisor)  # the works are computed: the programme's prices and costs are read
    works = section(review.report, "works")
    editing.save_section(
        review.report,
        "works",
        text="",
        data={"keys": ["combles", "vmc"]},
        base_version=works.version,
        user=world.advisor,
    )
    validation = make_dossier(State.IN_VALIDATION, share_with_referrer=True)
    sent = make_dossier(State.SENT, share_with_referrer=True)
    return review, validation, sent


def grow(world, review, validation, sent, times):
    grow_writing(world, review, times)
    resubmit(world, validation, times)
    send_again(world, sent, times)


def test_the_report_pages_stay_within_15_queries_and_do_not_grow(world, dossiers):
    review, validation, sent = dossiers
    grow(world, review, validation, sent, 1)
    rows = pages(review, validation, sent)
    first = counts(world, rows)  # a first visit writes (the version seen by each chef, the referrer's document)
    assert [row for row in first if row[2] > MAX_QUERIES] == []
    few = counts(world, rows)
    assert [row for row in few if row[2] > MAX_QUERIES] == []

    grow(world, review, validation, sent, 2)  # twice the comments, conflicts, versions, approvals, dispatches…
    assert [row for row in counts(world, rows) if row[2] > MAX_QUERIES] == []  # the new version's first reading
    assert counts(world, rows) == few


def test_the_writing_page_shows_what_it_reads_with_its_dossier(client, world, dossiers):
    """Read as annotations of the dossier's query: the programme's settings (an emptied phrase library is filled
    again), the drafts' facts (the visit's coordinator, the technical note), the last version's number; counted from
    the rows shown: the open comments and conflicts that block the validation."""
    review, validation, _sent = dossiers
    Phrase.objects.filter(programme=world.programme).delete()
    client.force_login(world.coordinator)
    page = client.get(reverse("reports:edit", args=[review.pk])).content.decode()
    assert Phrase.objects.filter(programme=world.programme).exists()
    assert "Baisser le chauffage la nuit" in page  # a phrase of the library, offered beside « Les gestes utiles »
    assert f"{world.coordinator.get_full_name()} vous appellera en" in page
    assert "Combles non isolés." in page  # the technical note, in the findings' suggested text
    assert "Dernière version soumise" not in page
    assert "Deux textes sont en concurrence" not in page and "pas résolu" not in page

    grow_writing(world, review, 1)
    page = client.get(reverse("reports:edit", args=[review.pk])).content.decode()
    assert "3 commentaires ne sont pas résolus." in page
    assert "Deux textes sont en concurrence dans une section" in page

    number = versions.latest_version(validation.report).number
    versions.decide(
        validation, world.chef_mission, {Role.CHEF_MISSION}, decision="returned", text="Voir.", version_number=number
    )
    page = client.get(reverse("reports:edit", args=[validation.pk])).content.decode()
    assert f"Dernière version soumise : {number}." in page
