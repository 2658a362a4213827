"""``core.together``: several querysets of different models read in one query give what each gives alone."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from binome.cases.models import Dossier, DossierEvent
from binome.cases.workflow import State
from binome.core import together
from binome.orientations.models import Baseline, FollowUp
from binome.visits.models import HouseholdAvailability, Visit


def values(instance) -> tuple:
    """Every field's value with its type and precision (``repr``: Decimal('12.30') is not Decimal('12.3'))."""
    return tuple(repr(f.value_from_object(instance)) for f in instance._meta.concrete_fields)


@pytest.fixture
def dossier(world, make_dossier):
    dossier = make_dossier(State.SCHEDULED, advisor=world.advisor, motives=["cold", "cut_risk"])
    Baseline.objects.create(dossier=dossier, cold=True, restriction=None, yearly_energy_eur=Decimal("1234.50"))
    HouseholdAvailability.objects.create(dossier=dossier, not_before=dt.date(2027, 1, 4), latitude=46.7, longitude=5.5)
    for rank, months in ((2, 12), (1, 6)):
        FollowUp.objects.create(
            dossier=dossier, rank=rank, months=months, due_on=dt.date(2027, months, 1), first_steps=["fsl"]
        )
    return dossier


def test_each_branch_reads_what_its_queryset_reads_alone(world, dossier, django_assert_num_queries):
    querysets = [
        Dossier.objects.filter(pk=dossier.pk),
        DossierEvent.objects.filter(dossier=dossier).order_by("-at", "pk"),
        Visit.objects.filter(dossier=dossier),
        Baseline.objects.filter(dossier=dossier),
        HouseholdAvailability.objects.filter(dossier=dossier),
        FollowUp.objects.filter(dossier=dossier),  # Meta.ordering: rank
    ]
    with django_assert_num_queries(1):
        found = together.instances(*querysets)
    for queryset, records in zip(querysets, found, strict=True):
        alone = list(queryset)
        assert alone, queryset.model
        assert [values(r) for r in records] == [values(r) for r in alone]
        assert all(type(r) is queryset.model and not r._state.adding for r in records)
    assert [f.rank for f in found[5]] == [1, 2]
    assert repr(found[3][0].yearly_energy_eur) == "Decimal('1234.50')"


def test_rows_follow_joins_and_each_branch_keeps_its_order(world, dossier):
    later = Visit.objects.create(
        dossier=dossier,
        starts_at=timezone.now() + dt.timedelta(days=9),
        advisor=world.advisor,
        coordinator=world.coordinator,
    )
    visits, events = together.rows(
        (Visit.objects.filter(dossier=dossier).order_by("-starts_at"), ["pk", "starts_at", "dossier__commune__name"]),
        (DossierEvent.objects.filter(dossier=dossier).order_by("at"), ["at", "actor__email"]),
    )
    assert visits[0] == (later.pk, later.starts_at, "Dole") and len(visits) == 2
    assert [at for at, _email in events] == sorted(at for at, _email in events) and len(events) > 1


def test_empty_querysets_cost_nothing_or_give_empty_branches(world, dossier, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert together.instances(Visit.objects.none(), Baseline.objects.filter(pk__in=[])) == [[], []]
    with django_assert_num_queries(1):
        none, baselines = together.instances(Visit.objects.filter(pk__in=[]), Baseline.objects.all())
    assert none == [] and [b.dossier_id for b in baselines] == [dossier.pk]


def test_an_order_on_a_column_not_read_is_refused(dossier):
    with pytest.raises(ValueError, match="must name a column read"):
        together.rows((Visit.objects.order_by("starts_at"), ["pk"]))
