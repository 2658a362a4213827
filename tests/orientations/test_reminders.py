"""Reminders: stale orientations (the coordinator's tab, the weekly digest) and the calls due."""

import datetime as dt
import html
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from binome.orientations import digest, services
from binome.orientations.models import DigestSent, FollowUp, OrientationSettings
from tests.orientations.conftest import move


def text(response) -> str:
    return html.unescape(response.content.decode())


def age(orientation, days):
    type(orientation).objects.filter(pk=orientation.pk).update(
        status_changed_at=timezone.now() - dt.timedelta(days=days)
    )


def test_an_orientation_without_news_for_the_programme_s_weeks_is_stale(world, sent):
    quiet, recent, settled = (services.dossier_orientations(sent())[0] for _ in range(3))
    age(quiet, 43)
    age(recent, 41)
    age(move(settled, "refused", user=world.coordinator), 100)
    assert [o.pk for o in services.stale_orientations(world.programme)] == [quiet.pk]
    OrientationSettings.objects.create(programme=world.programme, stale_weeks=5)
    assert {o.pk for o in services.stale_orientations(world.programme)} == {quiet.pk, recent.pk}


def test_a_closed_dossier_s_orientations_are_not_reminded(world, sent):
    from binome.accounts.models import Role
    from binome.cases import transitions

    dossier = sent()
    age(dossier.orientations.get(), 60)
    transitions.apply(dossier, "close_with_reason", user=world.coordinator, roles={Role.COORDINATOR}, note="Décès.")
    assert services.stale_orientations(world.programme) == []


def test_the_follow_up_tab_shows_stale_orientations_and_calls_due_first(client, world, sent):
    sent(last_name="Calme")
    quiet, due = sent(last_name="Silence"), sent(last_name="Rappel")
    age(quiet.orientations.get(), 50)
    FollowUp.objects.filter(dossier=due, rank=1).update(due_on=timezone.localdate() - dt.timedelta(days=2))
    client.force_login(world.coordinator)
    response = client.get(reverse("coordination:queue"), {"etape": "orientation"})
    body = text(response)
    assert body.index("RAPPEL") < body.index("SILENCE") < body.index("CALME")
    assert "1 sans nouvelles" in body
    assert "à faire depuis le" in body


def test_the_follow_up_tab_s_order_is_the_one_its_rows_show(world, sent):
    """Overdue call first, then the most stale orientations, then the next call's date (none: last), then the
    oldest request: the ids read for the page are in the order of the values the rows show, page after page."""
    from binome.cases.models import Dossier
    from binome.orientations.models import FollowUpStatus

    today = timezone.localdate()
    made = [sent(last_name=f"Ménage{n}") for n in range(9)]
    FollowUp.objects.filter(dossier=made[0], rank=1).update(due_on=today - dt.timedelta(days=3))
    FollowUp.objects.filter(dossier=made[1], rank=1).update(due_on=today)  # due today: overdue as well
    for dossier in made[2:4]:
        age(dossier.orientations.get(), 60)
    services.propose(made[3], [{"solution": "cheque_energie"}], user=world.coordinator)
    age(made[3].orientations.latest("pk"), 70)  # two stale orientations
    FollowUp.objects.filter(dossier=made[4], rank=1).update(due_on=today + dt.timedelta(days=5))
    FollowUp.objects.filter(dossier__in=made[5:7]).update(status=FollowUpStatus.CANCELLED)  # no call planned
    Dossier.objects.filter(pk=made[6].pk).update(created_at=made[5].created_at)  # same day: by id
    Dossier.objects.filter(pk=made[7].pk).update(created_at=made[0].created_at - dt.timedelta(days=400))

    dossiers = Dossier.objects.filter(programme=world.programme, state="sent")
    rows, first = services.follow_up_tab(dossiers, world.programme, today)
    ordered = first(100)
    shown = {d.pk: d for d in rows}

    def key(pk):
        d = shown[pk]
        no_call = d.next_follow_up_on is None
        return (not d.has_overdue_call, -d.stale_orientations, no_call, d.next_follow_up_on or today, d.created_at, pk)

    assert ordered == sorted(shown, key=key)
    assert ordered[:2] == [made[0].pk, made[1].pk] or ordered[:2] == [made[1].pk, made[0].pk]
    assert ordered[2:4] == [made[3].pk, made[2].pk]
    assert ordered[-2:] == [made[5].pk, made[6].pk]
    assert first(3) == ordered[:3] and first(len(ordered) + 5) == ordered


def test_the_follow_up_tab_reads_the_same_order_from_the_kept_next_calls_as_from_the_calls(world, sent, monkeypatch):
    """PostgreSQL reads the order in four parts from the next call kept on each dossier; the SQLite demo joins
    every dossier to its calls: the same ids, for every page size, whatever mix of overdue, stale and planned."""
    from binome.cases.models import Dossier
    from binome.orientations.models import FollowUpStatus

    today = timezone.localdate()
    made = [sent(last_name=f"Ménage{n}") for n in range(14)]
    for n, dossier in enumerate(made):
        calls = FollowUp.objects.filter(dossier=dossier, rank=1)
        if n % 3 == 0:
            calls.update(due_on=today - dt.timedelta(days=n))  # overdue (today for the first)
        elif n % 3 == 1:
            calls.update(due_on=today + dt.timedelta(days=1 + n % 4))  # to come, some on the same day
        else:
            FollowUp.objects.filter(dossier=dossier).update(status=FollowUpStatus.CANCELLED)  # none planned
        if n % 4 == 0:
            age(dossier.orientations.get(), 60)  # stale
        if n % 5 == 0:
            services.propose(dossier, [{"solution": "cheque_energie"}], user=world.coordinator)
            age(dossier.orientations.latest("pk"), 90)  # one more stale (or the only one)
    Dossier.objects.filter(pk__in=[d.pk for d in made[8:12]]).update(created_at=made[0].created_at)  # ties: by id

    dossiers = Dossier.objects.filter(programme=world.programme, state="sent")
    _rows, kept = services.follow_up_tab(dossiers, world.programme, today)
    monkeypatch.setattr(services, "kept_by_triggers", lambda: False)
    _rows, live = services.follow_up_tab(dossiers, world.programme, today)
    assert len(live(100)) == len(made)
    for n in (1, 2, 3, 5, 8, 13, 14, 20):
        assert kept(n) == live(n), n
    assert set(live(100)[:5]) == {made[0].pk, made[3].pk, made[6].pk, made[9].pk, made[12].pk}  # the overdue


def test_the_follow_up_tab_runs_in_constant_queries(client, world, sent):
    client.force_login(world.coordinator)
    url = reverse("coordination:queue") + "?etape=orientation"
    sent()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for _ in range(6):
        age(sent().orientations.get(), 60)
    assert count() == few


def test_the_digest_lists_stale_orientations_and_calls_due_without_names(world, sent):
    quiet = sent(last_name="Silencieux")
    age(quiet.orientations.get(), 50)
    due = sent(last_name="Arappeler")
    FollowUp.objects.filter(dossier=due, rank=1).update(due_on=timezone.localdate() + dt.timedelta(days=3))
    sent(last_name="Tranquille")
    subject, body = digest.compose(world.programme, timezone.localdate())
    assert "1 sans nouvelles, 1 appel(s) de suivi" in subject
    assert quiet.reference in body and due.reference in body
    assert "sans nouvelles depuis plus de 6 semaines" in body and "appel à 3 mois" in body
    assert "?etape=orientation" in body
    for name in ("SILENCIEUX", "Silencieux", "ARAPPELER", "Arappeler", "Tranquille"):
        assert name not in body and name not in subject
    assert "Tranquille" not in body


def test_the_weekly_digest_is_sent_once_per_week(world, sent, clock):
    age(sent().orientations.get(), 50)
    call_command("send_orientation_digest", stdout=StringIO())
    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]
    call_command("send_orientation_digest", stdout=StringIO())
    assert len(mail.outbox) == 1  # safe to run twice
    assert DigestSent.objects.get(programme=world.programme).recipients == 1
    clock.move_to(timezone.now() + dt.timedelta(days=7))
    call_command("send_orientation_digest", stdout=StringIO())
    assert len(mail.outbox) == 2


def test_no_digest_when_nothing_needs_following(world, sent):
    sent()
    call_command("send_orientation_digest", "--programme", "jura", stdout=StringIO())
    assert mail.outbox == []
    assert DigestSent.objects.filter(programme=world.programme).exists()  # the week is done all the same


def test_a_failed_send_leaves_the_week_to_send_again(world, sent, monkeypatch):
    age(sent().orientations.get(), 50)

    def broken(*args, **kwargs):
        raise ConnectionError("serveur de messagerie injoignable")

    monkeypatch.setattr(digest, "send_mail", broken)
    try:
        digest.send(world.programme.pk, "2026-W48")
    except ConnectionError:
        pass
    assert not DigestSent.objects.exists()
    monkeypatch.undo()
    assert digest.send(world.programme.pk, "2026-W48") == 1
