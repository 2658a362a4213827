"""/sante/: 200 with the status of the database, the task queue and the clock; 503 as soon as one is down."""

import datetime as dt

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from binome.core import health
from binome.operations import runner
from binome.operations.jobs import JOBS
from binome.operations.models import ClockBeat


@pytest.fixture
def production(settings):
    """As deployed: tasks go to the database queue, a worker and a clock are expected."""
    settings.HEALTH_EXPECTS_BACKGROUND = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return settings


def pending_task(age: dt.timedelta) -> DBTaskResult:
    result = DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="binome.visits.tasks.send_preparation_note",
        backend_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=timezone.now() - age)
    return result


def test_healthy_in_the_demo_and_the_tests(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == {"status": "ok"}
    assert body["tasks"] == {"status": "ok", "mode": "inline"}
    assert body["scheduler"]["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


def test_database_down_answers_503_without_touching_anything_else(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(health.connection, "cursor", refuse)
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": {"status": "down", "error": "OperationalError"}}


def test_a_stalled_worker_shows_as_an_old_pending_task(client, db, production):
    runner.beat(timezone.now())
    pending_task(dt.timedelta(seconds=30))
    ok = client.get(reverse("health"))
    assert ok.status_code == 200 and ok.json()["tasks"]["pending"] == 1
    pending_task(dt.timedelta(minutes=20))  # the worker is down: nobody takes it
    down = client.get(reverse("health"))
    assert down.status_code == 503
    assert down.json()["tasks"]["status"] == "down" and down.json()["tasks"]["oldest_pending_seconds"] >= 1200


def test_a_task_delayed_on_purpose_is_not_late(client, db, production):
    runner.beat(timezone.now())
    result = pending_task(dt.timedelta(hours=1))
    DBTaskResult.objects.filter(pk=result.pk).update(run_after=timezone.now() + dt.timedelta(minutes=5))
    assert client.get(reverse("health")).json()["tasks"] == {"status": "ok", "pending": 0, "oldest_pending_seconds": 0}


def test_the_clock_is_down_when_it_never_beat_or_stopped_beating(client, db, production):
    assert client.get(reverse("health")).status_code == 503  # deployed, but the clock never started
    runner.beat(timezone.now())
    runner.run(JOBS["cleanup"])
    body = client.get(reverse("health")).json()
    assert body["status"] == "ok"
    assert body["scheduler"]["last_run"]["job"] == "cleanup" and body["scheduler"]["last_run"]["status"] == "success"
    ClockBeat.objects.update(beat_at=timezone.now() - dt.timedelta(minutes=10))
    response = client.get(reverse("health"))
    assert response.status_code == 503 and response.json()["scheduler"]["status"] == "down"
