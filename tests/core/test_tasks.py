"""Background tasks retried (``core.tasks.retried_task``): three attempts, then a failure the coordinator sees."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.tasks import task_backends
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from binome.cases.workflow import State
from binome.core import tasks as core_tasks
from binome.core.models import TaskFailure
from binome.visits import tasks as visit_tasks
from tests.conftest import local
from tests.factories import VisitFactory


class FlakySmtp:
    """``send_mail`` that fails ``failures`` times (the SMTP server is down), then sends."""

    def __init__(self, failures):
        self.failures, self.calls = failures, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.calls <= self.failures:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed: smtp.example.org")
        return mail.send_mail(*args, **kwargs)


@pytest.fixture
def visit(world, make_dossier, monday):
    dossier = make_dossier(State.TO_CONTACT, advisor=world.advisor)
    starts_at = local(monday, 9)
    return VisitFactory(dossier=dossier, advisor=world.advisor, coordinator=world.coordinator, starts_at=starts_at)


def test_an_email_that_fails_three_times_is_recorded_and_shown(client, world, visit, monkeypatch):
    smtp = FlakySmtp(failures=10)
    monkeypatch.setattr(visit_tasks, "send_mail", smtp)
    visit_tasks.send_preparation_note.enqueue(visit.pk)  # the immediate backend runs every attempt at once
    assert smtp.calls == 3
    assert mail.outbox == []
    failure = TaskFailure.objects.get()
    assert (failure.task, failure.args, failure.attempts) == (
        "binome.visits.tasks.send_preparation_note",
        [visit.pk],
        3,
    )
    assert (failure.dossier_id, failure.programme_id) == (visit.dossier_id, world.programme.pk)
    assert failure.error == "smtplib.SMTPServerDisconnected"  # the class, never the message (it quotes hosts)
    # On the dossier page, for the case workers…
    client.force_login(world.advisor)
    page = client.get(reverse("cases:detail", kwargs={"pk": visit.dossier_id})).content.decode()
    assert "Envoi automatique en échec après trois tentatives" in page
    assert "Envoi de la fiche de préparation au chargé de visite" in page
    # …and in the coordinator's list, from which it is relaunched once the server is back.
    client.force_login(world.coordinator)
    listing = client.get(reverse("coordination:failed_tasks"))
    assert [row["dossier"] for row in listing.context["rows"]] == [visit.dossier]
    assert "1 envoi automatique a échoué" in client.get(reverse("coordination:queue")).content.decode()
    monkeypatch.setattr(visit_tasks, "send_mail", mail.send_mail)
    client.post(reverse("coordination:failed_task_relaunch", kwargs={"pk": failure.pk}))
    assert [m.to for m in mail.outbox] == [[world.advisor.email]]
    failure.refresh_from_db()
    assert failure.resolved_at is not None
    assert client.get(reverse("coordination:failed_tasks")).context["rows"] == []


def test_an_email_that_fails_twice_is_sent_at_the_third_attempt(world, visit, monkeypatch):
    smtp = FlakySmtp(failures=2)
    monkeypatch.setattr(visit_tasks, "send_mail", smtp)
    visit_tasks.send_preparation_note.enqueue(visit.pk)
    assert smtp.calls == 3
    assert [m.to for m in mail.outbox] == [[world.advisor.email]]
    assert not TaskFailure.objects.exists()


def test_a_failed_attempt_is_enqueued_again_later_with_its_number(world, visit, monkeypatch):
    """On a backend that defers (the database worker), the next attempt waits: 1 min, then 5 min."""
    monkeypatch.setattr(visit_tasks, "send_mail", FlakySmtp(failures=10))
    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}):
        backend = task_backends["default"]
        before = timezone.now()
        assert visit_tasks.send_preparation_note.call(visit.pk) is None  # attempt 1 fails, quietly
        (retry,) = backend.results
        assert retry.args == [visit.pk] and retry.kwargs == {"_attempt": 2}
        assert before + dt.timedelta(seconds=59) < retry.task.run_after < timezone.now() + dt.timedelta(seconds=61)
        visit_tasks.send_preparation_note.call(visit.pk, _attempt=2)
        assert backend.results[1].kwargs == {"_attempt": 3}
        assert backend.results[1].task.run_after > timezone.now() + dt.timedelta(seconds=299)
        with pytest.raises(core_tasks.TaskGaveUp):  # the last attempt: recorded, and the result marked failed
            visit_tasks.send_preparation_note.call(visit.pk, _attempt=3)
    assert len(backend.results) == 2
    assert TaskFailure.objects.get().attempts == 3


def test_a_milestone_email_retries_and_its_failure_names_the_dossier(world, make_dossier, monkeypatch):
    from binome.network import notifications

    smtp = FlakySmtp(failures=10)
    monkeypatch.setattr(notifications, "send_mail", smtp)
    dossier = make_dossier(State.RECEIVED)
    notifications.send_milestone.enqueue(dossier.pk, "received")
    assert smtp.calls == 3
    assert TaskFailure.objects.get().dossier_id == dossier.pk


def test_another_programme_does_not_see_the_failure(client, world, visit, monkeypatch):
    monkeypatch.setattr(visit_tasks, "send_mail", FlakySmtp(failures=10))
    visit_tasks.send_preparation_note.enqueue(visit.pk)
    failure = TaskFailure.objects.get()
    client.force_login(world.other_coordinator)
    assert client.get(reverse("coordination:failed_tasks")).context["rows"] == []
    assert client.post(reverse("coordination:failed_task_relaunch", kwargs={"pk": failure.pk})).status_code == 404
    client.force_login(world.referrer)  # the referrer's page of the dossier never shows it
    page = client.get(reverse("cases:detail", kwargs={"pk": visit.dossier_id})).content.decode()
    assert "Envoi automatique en échec" not in page


def test_logs_name_the_task_and_the_error_class_only(world, visit, monkeypatch, caplog):
    monkeypatch.setattr(visit_tasks, "send_mail", FlakySmtp(failures=10))
    visit_tasks.send_preparation_note.enqueue(visit.pk)
    logged = " ".join(r.getMessage() for r in caplog.records if r.name == "binome.core.tasks")
    assert "attempt 1 of 3" in logged and "smtplib.SMTPServerDisconnected" in logged
    assert "smtp.example.org" not in logged and world.advisor.email not in logged


def test_at_least_one_attempt():
    with pytest.raises(ValueError):
        core_tasks.retried_task(label="x", attempts=0)


def test_a_task_no_longer_known_is_listed_by_its_path_and_not_relaunched(client, world):
    failure = TaskFailure.objects.create(
        task="binome.visits.tasks.removed_since", programme_id=world.programme.pk, attempts=3, error="x.Error"
    )
    assert core_tasks.label_of(failure) == "binome.visits.tasks.removed_since"
    client.force_login(world.coordinator)
    response = client.post(reverse("coordination:failed_task_relaunch", kwargs={"pk": failure.pk}), follow=True)
    assert "ne peut pas être relancée" in response.content.decode()
    failure.refresh_from_db()
    assert failure.resolved_at is None
