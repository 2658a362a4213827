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
