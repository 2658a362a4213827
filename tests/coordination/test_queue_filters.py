"""The queue's GET parameters (``coordination.filters``) and its per-step rules (``coordination.queue``).

A value that does not parse or that the page does not offer is ignored: the page shows as if it were absent
(never a server error), and the filter form and the links do not repeat it.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from binome.accounts.models import Role
from binome.cases import transitions
from binome.cases.models import CallOutcome, EventKind
from binome.cases.workflow import State
from binome.coordination import queue
from binome.coordination.coverage import Intake, IntakeDecision


HUGE = "9" * 5000  # beyond int()'s digit limit
BAD_PARAMS = [
    {"ut": "²"},  # passes str.isdigit(), breaks int()
    {"ut": "abc"},
    {"ut": "-1"},
    {"ut": "99999999999999999999"},  # beyond a bigint
    {"ut": HUGE},
    {"ut": "1\x00"},
    {"source": "²"},
    {"source": "abc"},
    {"source": "99999999999999999999"},
    {"source": HUGE},
    {"groupe": "nope"},
    {"etape": "nope"},
    {"etape": "²"},
    {"etat": "nope"},
    {"etat": "scheduled"},  # a step, but not one of the « À traiter » tab
    {"page": "abc"},
    {"page": "²"},
    {"page": "-1"},
    {"page": "0"},
    {"page": "1.5"},
    {"page": "99999999999999999999"},
    {"page": HUGE},
    {"ut": "²", "source": "²", "etat": "²", "etape": "²", "page": "²"},
]


def get(client, htmx=False, **params):
    return client.get(reverse("coordination:queue"), params, headers={"HX-Request": "true"} if htmx else {})


def refs(response):
    return sorted(d.reference for d in response.context["page"].object_list)


@pytest.fixture
def two(world, make_dossier):
    """Two requests to handle, one per UT and source."""
    return make_dossier(), make_dossier(commune=world.commune2, organisation=world.caf)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("params", BAD_PARAMS, ids=lambda p: "&".join(f"{k}={v[:12]!r}" for k, v in p.items()))
def test_a_bad_value_is_ignored_never_a_server_error(client, world, two, params, htmx):
    client.force_login(world.coordinator)
    response = get(client, htmx, **params)
    assert response.status_code == 200
    assert refs(response) == sorted(d.reference for d in two)
    assert response.context["group"] == "a-traiter"
    assert (response.context["unite"], response.context["source"], response.context["state"]) == ("", "", "")
    assert response.context["page"].number == 1


def test_another_programmes_ut_or_organisation_is_ignored(client, world, two):
    client.force_login(world.coordinator)
    other_ut = world.other_commune.unite_id
    for params in ({"ut": other_ut}, {"source": world.other_org.pk}):
        response = get(client, **params)
        assert response.status_code == 200
        assert refs(response) == sorted(d.reference for d in two)


def test_good_values_still_filter(client, world, make_dossier, two):
    dole, champagnole = two
    direct = make_dossier(organisation=None, referrer=None)
    client.force_login(world.coordinator)
    assert refs(get(client, ut=world.champagnole.pk)) == [champagnole.reference]
    assert refs(get(client, source=world.caf.pk)) == [champagnole.reference]
    assert refs(get(client, source="direct")) == [direct.reference]
    filtered = get(client, ut=world.dole.pk, source=world.ccas.pk, etat="received")
    assert refs(filtered) == [dole.reference]
    assert (filtered.context["unite"], filtered.context["source"], filtered.context["state"]) == (
        str(world.dole.pk),
        str(world.ccas.pk),
        "received",
    )
    assert f'<option value="{world.dole.pk}" selected>' in filtered.content.decode()


def test_a_bad_tab_falls_back_to_the_roles_tab(client, world, make_dossier):
    in_validation = make_dossier(State.IN_VALIDATION)
    client.force_login(world.chef_mission)
    response = get(client, etape="nope")
    assert response.status_code == 200
    assert response.context["group"] == "validation"
    assert refs(response) == [in_validation.reference]


def test_pages_ignore_a_bad_number_and_links_repeat_only_good_filters(client, world, make_dossier, monkeypatch):
    monkeypatch.setattr(queue, "PER_PAGE", 1)
    for _ in range(3):
        make_dossier()
    client.force_login(world.coordinator)
    assert get(client, page="2").context["page"].number == 2
    assert get(client, page="-1").context["page"].number == 1
    assert get(client, page="999").context["page"].number == 3  # past the end: the last page
    body = get(client, page="2", ut="²", source=str(world.ccas.pk)).content.decode()
    assert f"?etape=a-traiter&amp;ut=&amp;source={world.ccas.pk}&amp;etat=&amp;page=3" in body
    assert "²" not in body


def test_expected_dates_need_the_whole_open_queue(client, world, two):
    client.force_login(world.coordinator)
    ignored = get(client, ut="²").context["page"].object_list
    assert all(d.expected_on for d in ignored)  # a bad filter is no filter
    narrowed = get(client, ut=world.dole.pk).context["page"].object_list
    assert [d.expected_on for d in narrowed] == [None]


def test_waiting_tab_says_what_to_do_and_books_nothing(client, world, make_dossier):
    make_dossier(State.WAITING_LIST)
    client.force_login(world.coordinator)
    [row] = get(client, etape="en-attente").context["page"].object_list
    assert (row.next_action, row.bookable, row.expected_on) == ("Reprendre la demande", False, None)


def test_the_bad_value_pages_cost_no_more_queries_than_the_plain_one(
    client, world, two, django_assert_max_num_queries
):
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(15) as plain:
        get(client)
    for params in ({"ut": "²"}, {"source": "abc"}, {"page": HUGE}):
        with django_assert_max_num_queries(len(plain.captured_queries)):
            get(client, **params)


# The per-step rules, without the database.


def row(state, intake=Intake.OPEN, year=None, **calls):
    figures = {"call_back_on": None, "last_call_outcome": None, "failed_calls": 0, "call_count": 0, **calls}
    return SimpleNamespace(state=state, intake=IntakeDecision(intake, year), **figures)


TODAY = dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("dossier", "label"),
    [
        (row(State.RECEIVED), "Prendre en charge et appeler"),
        (row(State.WAITING_LIST), "Reprendre la demande"),
        (row(State.DEFERRED, Intake.DEROGATION), "Reprendre la demande"),
        (row(State.DEFERRED, Intake.DEFER, 2027), "Attendre 2027"),
        (row(State.WAITING_LIST, Intake.WAITING_LIST), "Attendre une place"),
        (row(State.TO_CONTACT), "Appeler"),
        (row(State.TO_CONTACT, call_count=1), "Rappeler"),
        (row(State.TO_CONTACT, call_back_on=TODAY + dt.timedelta(days=2), call_count=1), "Rappeler le 04/03"),
        (row(State.TO_CONTACT, call_back_on=TODAY, call_count=1), "Rappeler"),
        (row(State.TO_CONTACT, last_call_outcome=CallOutcome.REACHED, call_count=1), "Programmer la visite"),
        (row(State.TO_CONTACT, failed_calls=3, call_count=3), "Déclarer injoignable"),
        (row(State.TO_CONTACT, Intake.DEFER, 2027), "UT non couverte : reporter ou dérogation"),
        (row(State.TO_CONTACT, Intake.WAITING_LIST), "UT non couverte : reporter ou dérogation"),
    ],
)
def test_next_action_by_step(dossier, label):
    assert queue.next_action(dossier, 3, TODAY) == label


def test_every_step_of_the_prioritised_tabs_has_its_next_action():
    steps = {s for key in queue.PRIORITISED_GROUPS for s in queue.QUEUE_GROUPS[key][1]}
    assert steps == set(queue.NEXT_ACTIONS)


@pytest.mark.parametrize(
    ("roles", "group"),
    [
        ({Role.COORDINATOR}, "a-traiter"),
        ({Role.COORDINATOR, Role.CHEF_MISSION}, "a-traiter"),
        ({Role.CHEF_MISSION}, "validation"),
        ({Role.CHEF_SERVICE}, "validation"),
    ],
)
def test_default_tab_by_role(roles, group):
    assert queue.default_group(roles) == group


def test_failed_calls_count_since_the_last_success(client, world, make_dossier):
    dossier = make_dossier(State.TO_CONTACT)
    for days, outcome in ((5, CallOutcome.NO_ANSWER), (4, CallOutcome.REACHED), (2, CallOutcome.MESSAGE)):
        transitions.record_event(
            dossier,
            EventKind.CALL,
            user=world.coordinator,
            call_outcome=outcome,
            at=timezone.now() - dt.timedelta(days=days),
        )
    client.force_login(world.coordinator)
    rows = {d.pk: d for d in get(client).context["page"].object_list}
    assert rows[dossier.pk].failed_calls == 1


def test_the_search_finds_a_dossier_by_reference_or_the_start_of_the_name(client, world, make_dossier):
    dupont = make_dossier(last_name="Dupont")
    dupuis = make_dossier(State.CLOSED, last_name="Dupuis")
    make_dossier(last_name="Martin")
    client.force_login(world.coordinator)
    response = get(client, q="dup")
    assert refs(response) == [dupont.reference]
    tabs = {key: count for key, _label, count, _over in response.context["groups"]}
    assert (tabs["a-traiter"], tabs["termines"]) == (1, 1)  # the tabs count what the search finds
    page = response.content.decode()
    assert "q=dup" in page and 'value="dup"' in page  # the tabs' links and the field keep it
    assert refs(get(client, q=f"  {dupuis.reference.lower()} ", etape="termines")) == [dupuis.reference]
    assert refs(get(client, q="pont")) == []  # the start of the name, not any part of it
    too_long = get(client, q="x" * 151)  # ignored, as every invalid value
    assert too_long.status_code == 200 and len(refs(too_long)) == 2
