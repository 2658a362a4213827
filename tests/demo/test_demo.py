"""The demo programme: the Jura SLIME, reproducible from a fixed seed and a given day."""

import datetime as dt
from collections import Counter

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import timezone

from binome.accounts.models import Membership, Role, User
from binome.cases.models import Dossier, DossierEvent
from binome.cases.workflow import ENDED_EARLY_STATES, State
from binome.demo import loader
from binome.network.models import SourceFamily
from binome.territory.models import CoverageYear, Programme


pytestmark = pytest.mark.shared_data(settings.JURA_DATA_DIR / "communes-39.json")


def test_70_dossiers_cover_every_state(programme):
    dossiers = programme.dossiers.all()
    assert dossiers.count() == 70  # 40 of 2015, 24 of this year, 6 of the past months in follow-up
    assert set(dossiers.values_list("state", flat=True)) == set(State)
    assert programme.communes.count() == 492


def test_every_dossier_got_its_state_through_the_transitions(programme):
    for dossier in programme.dossiers.exclude(state=State.RECEIVED):
        last = dossier.events.filter(kind="transition").order_by("at", "pk").last()
        assert last.to_state == dossier.state, dossier.reference
        assert dossier.version == dossier.events.filter(kind="transition").count() + 1


def test_2015_referrals_split_60_20_20_by_source_family(programme):
    history = programme.dossiers.filter(reference__startswith="2015-").select_related("organisation", "commune__unite")
    families = Counter(d.organisation.source_family for d in history)
    assert families == {
        SourceFamily.DEPARTMENT_SOCIAL: 24,
        SourceFamily.PARTNER_SOCIAL: 8,
        SourceFamily.PARTNER_STRUCTURE: 8,
    }
    assert {d.commune.unite.name for d in history} == {"Dole", "Champagnole"}
    assert all(d.created_at.year == 2015 for d in history)
    assert all(State(d.state) in {State.CLOSED, *ENDED_EARLY_STATES} for d in history)


def test_coverage_alternates_between_the_two_halves(programme):
    def covered(year):
        return set(CoverageYear.objects.filter(programme=programme, year=year).values_list("unite__name", flat=True))

    assert covered(2015) == {"Dole", "Champagnole"}
    assert covered(2016) == {"Lons-le-Saunier", "Saint-Claude"}
    assert covered(2026) == {"Lons-le-Saunier", "Saint-Claude"}
    assert covered(2027) == {"Dole", "Champagnole"}


def test_nothing_happened_after_today(programme, today):
    end_of_today = timezone.make_aware(dt.datetime.combine(today, dt.time.max))
    assert not DossierEvent.objects.filter(dossier__programme=programme, at__gt=end_of_today).exists()
    assert not programme.dossiers.filter(created_at__gt=end_of_today).exists()
    # Only the scheduled visits lie ahead; every other visit has happened.
    future = programme.dossiers.filter(visits__starts_at__gt=end_of_today)
    assert set(future.values_list("state", flat=True)) == {State.SCHEDULED}


def test_diagnosis_notes_are_written_after_the_visit_not_on_the_loading_day(programme, today):
    from binome.diagnosis.models import DiagnosisNote

    notes = DiagnosisNote.objects.filter(dossier__programme=programme).prefetch_related("dossier__visits")
    assert notes.exists()
    for note in notes:
        written = timezone.localdate(note.updated_at)
        visited = min(timezone.localdate(v.starts_at) for v in note.dossier.visits.all())
        assert visited <= written < today, note.dossier.reference


def test_local_partners_refer_households_of_their_own_territory(programme):
    # The demo referrers' own organisations aside, a partner named after a town or UT refers there only.
    featured = {"CCAS de Dole", "Département du Jura — action sociale, UT de Dole"}
    dossiers = programme.dossiers.select_related("organisation", "commune__unite").exclude(
        organisation__name__in=featured
    )
    local = [d for d in dossiers if any(ut in d.organisation.name for ut in loader.UNITES)]
    assert len(local) >= 10
    for dossier in local:
        assert dossier.commune.unite.name in dossier.organisation.name, dossier.reference


def test_one_user_per_role_with_the_demo_password(programme):
    memberships = Membership.objects.filter(programme=programme).select_related("user", "organisation")
    assert {m.role for m in memberships} == set(Role)
    for role in set(Role) - {Role.REFERRER}:
        assert memberships.filter(role=role).count() == 1, role
    for membership in memberships:
        user = membership.user
        assert user.email.endswith("@demo.binome.fr")
        login = RequestFactory().post("/connexion/")  # django-axes counts the attempts of a request
        assert authenticate(login, username=user.email, password="demo") == user
        assert (membership.role == Role.REFERRER) == (membership.organisation is not None)


def test_referrers_see_requests_of_their_organisation(programme):
    for email in ("donneur.ccas@demo.binome.fr", "donneur.departement@demo.binome.fr"):
        referrer = User.objects.get(email=email)
        assert Dossier.objects.filter(referrer=referrer, reference__startswith="2026-").count() >= 3


def test_the_programme_is_marked_as_a_demo(programme):
    assert Programme.objects.get(pk=programme.pk).is_demo
