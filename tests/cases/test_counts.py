"""The dossiers by UT and step kept by triggers (``cases.StateCount``, PostgreSQL) give the same counts as
counting the dossiers, through every way a dossier's step, commune or UT changes, and after compaction."""

from collections import defaultdict

import pytest
from django.db import connection
from django.db.models import Count

from binome.accounts.models import Role
from binome.cases import counts, transitions
from binome.cases.models import Dossier, StateCount
from binome.cases.workflow import State
from binome.territory.models import Commune


STEPS = [s.value for s in State]


def counted(programme) -> dict[int, dict[str, int]]:
    found = defaultdict(dict)
    rows = (
        Dossier.objects.filter(programme=programme)
        .values_list("commune__unite", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for unite_id, state, n in rows:
        found[unite_id][state] = n
    return dict(found)


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.fail("the counters are kept by PostgreSQL triggers: run the tests on PostgreSQL (README)")


def test_the_counters_follow_every_change_of_step_commune_and_ut(postgresql, world, make_dossier):
    received = make_dossier(State.RECEIVED)
    to_contact = make_dossier(State.TO_CONTACT, commune=world.commune2)
    make_dossier(State.SCHEDULED)
    make_dossier(State.SENT)
    make_dossier(State.TO_CONTACT, commune=world.other_commune, programme=world.other)
    assert counts.by_unite(world.programme, STEPS) == counted(world.programme) != {}
    assert counts.by_unite(world.programme, [State.TO_CONTACT]) == {world.champagnole.pk: {"to_contact": 1}}

    transitions.apply(received, "accept", user=world.coordinator, roles={Role.COORDINATOR})
    transitions.apply(to_contact, "defer", user=world.coordinator, roles={Role.COORDINATOR}, note="Printemps.")
    received.commune = world.commune2  # the household's address corrected: another UT
    received.save()
    assert counts.by_unite(world.programme, STEPS) == counted(world.programme)

    Commune.objects.filter(pk=world.commune.pk).update(unite=world.champagnole)  # the UTs' map redrawn
    assert counts.by_unite(world.programme, STEPS) == counted(world.programme)
    assert world.dole.pk not in counts.by_unite(world.programme, STEPS)

    Dossier.objects.filter(pk=to_contact.pk).delete()
    assert counts.by_unite(world.programme, STEPS) == counted(world.programme)
    assert (
        counts.by_unite(world.other, STEPS)
        == counted(world.other)
        == {world.other_commune.unite_id: {"to_contact": 1}}
    )


def test_compaction_folds_the_rows_and_keeps_the_sums(postgresql, world, make_dossier):
    for state in (State.TO_CONTACT, State.TO_CONTACT, State.DEFERRED, State.CLOSED):
        make_dossier(state)
    before = counts.by_unite(world.programme, STEPS)
    rows = StateCount.objects.count()
    keys = StateCount.objects.values("programme_id", "unite_id", "state").distinct().count()
    assert rows > keys  # each dossier's path through the steps left +1/-1 rows

    assert counts.compact(dry_run=True) == rows - keys
    assert StateCount.objects.count() == rows
    removed = counts.compact()
    assert counts.by_unite(world.programme, STEPS) == before == counted(world.programme)
    assert StateCount.objects.filter(count=0).count() == 0
    assert StateCount.objects.count() == rows - removed == sum(len(steps) for steps in before.values())
    assert counts.compact() == 0
