"""The dossier's next follow-up call (``Dossier.next_call_on``), kept by PostgreSQL triggers on the calls
(``orientations`` 0008): the date of its first planned call, NULL without one, whoever writes the calls or the
dossier."""

import datetime as dt

from django.db import connection
from django.utils import timezone

from binome.accounts.models import Role
from binome.cases import transitions
from binome.cases.models import Dossier
from binome.orientations import calls
from binome.orientations.models import FollowUp, FollowUpStatus


def next_call(dossier) -> dt.date | None:
    return Dossier.objects.values_list("next_call_on", flat=True).get(pk=dossier.pk)


def planned_first(dossier) -> dt.date | None:
    return (
        FollowUp.objects.filter(dossier=dossier, status=FollowUpStatus.PLANNED)
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )


def test_planning_the_calls_gives_the_dossier_its_first_call(make_dossier):
    dossier = make_dossier("sent")
    assert next_call(dossier) is None
    planned = calls.plan(dossier)
    assert len(planned) > 1
    assert next_call(dossier) == min(f.due_on for f in planned)


def test_each_change_of_a_call_moves_the_date_to_the_first_call_still_planned(world, sent):
    dossier = sent()
    first, second, *_ = dossier.follow_ups.order_by("due_on")
    calls.record_answers(
        first, {"contacted_on": timezone.localdate()}, user=world.coordinator, expected_version=first.version
    )
    assert next_call(dossier) == second.due_on == planned_first(dossier)

    earlier = timezone.localdate() - dt.timedelta(days=10)
    FollowUp.objects.filter(pk=second.pk).update(due_on=earlier)  # a bulk update fires the triggers too
    assert next_call(dossier) == earlier

    FollowUp.objects.filter(pk=second.pk).delete()
    assert next_call(dossier) == planned_first(dossier) != earlier  # the one after, or none

    FollowUp.objects.filter(pk=first.pk).update(status=FollowUpStatus.PLANNED)
    assert next_call(dossier) == first.due_on

    FollowUp.objects.filter(dossier=dossier).update(status=FollowUpStatus.CANCELLED)
    assert next_call(dossier) is None


def test_a_call_given_to_another_dossier_moves_both_dates(sent):
    one, other = sent(), sent()
    FollowUp.objects.filter(dossier=other).delete()
    assert next_call(other) is None
    moved = one.follow_ups.order_by("due_on").first()
    FollowUp.objects.filter(pk=moved.pk).update(dossier=other, rank=99)
    assert next_call(other) == moved.due_on
    assert next_call(one) == planned_first(one) != moved.due_on


def test_saving_a_dossier_read_before_its_calls_changed_keeps_the_true_date(world, sent):
    dossier = sent()
    read_before = Dossier.objects.get(pk=dossier.pk)
    FollowUp.objects.filter(dossier=dossier).update(status=FollowUpStatus.CANCELLED)
    read_before.save()  # every column, next_call_on with the date read before
    assert read_before.next_call_on is not None and next_call(dossier) is None

    transitions.apply(dossier, "close_with_reason", user=world.coordinator, roles={Role.COORDINATOR}, note="Décès.")
    assert next_call(dossier) is None


def test_refresh_next_calls_puts_back_dates_written_with_the_triggers_off(sent):
    dossier, untouched = sent(), sent()
    with connection.cursor() as cursor:
        # As a load with the triggers off (bench/generate.py, pg_restore --disable-triggers) leaves them.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("UPDATE cases_dossier SET next_call_on = NULL WHERE id = %s", [dossier.pk])
        cursor.execute("UPDATE cases_dossier SET next_call_on = '2001-01-01' WHERE id = %s", [untouched.pk])
        cursor.execute("SET LOCAL session_replication_role = origin")
        assert next_call(dossier) is None
        cursor.execute("SELECT refresh_next_calls()")
    assert next_call(dossier) == planned_first(dossier) is not None
    assert next_call(untouched) == planned_first(untouched)
