"""The three processes of the Procfile, started with honcho as a PaaS would, against a fresh PostgreSQL database.

web (gunicorn) answers /sante/ 200; a transition made by the application enqueues a task that the worker runs;
the clock runs a periodic job. Everything started is stopped at the end (the whole process group).

Marked ``postgres``: it creates its own database on the PostgreSQL server of the tests, and is skipped when none
answers (failed instead when ``CI`` is set). About 30 seconds.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from binome.operations.models import RunStatus
from tests.conftest import in_ci


pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
SEED = """
from binome.accounts.models import Role
from binome.cases import transitions
from tests.factories import DossierFactory, MembershipFactory, OrganisationFactory, UserFactory
dossier = DossierFactory(reference="2026-0777")
organisation = OrganisationFactory(programme=dossier.programme)
referrer = MembershipFactory(programme=dossier.programme, role=Role.REFERRER, organisation=organisation,
                             user=UserFactory(email="donneur@example.org")).user
dossier.referrer, dossier.organisation = referrer, organisation
dossier.save()
coordinator = MembershipFactory(programme=dossier.programme, role=Role.COORDINATOR).user
transitions.apply(dossier, "accept", user=coordinator, roles={Role.COORDINATOR})
"""


def admin_params() -> dict:
    params = connection.get_connection_params()
    return {k: params[k] for k in ("host", "port", "user", "password") if params.get(k)}


@pytest.fixture
def fresh_database():
    admin = admin_params()
    name = f"binome_procfile_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **admin) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        if in_ci():
            pytest.fail(f"PostgreSQL ne répond pas : {exc}")
        pytest.skip(f"PostgreSQL ne répond pas : {exc}")
    url = f"postgres://{admin['user']}@{admin.get('host', '127.0.0.1')}:{admin.get('port', 5432)}/{name}"
    yield name, url, admin
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(url: str, tmp_path: Path) -> dict:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("BINOME_", "DJANGO_", "DATABASE_URL"))}
    return {
        **base,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}",
        "DATABASE_URL": url,
        "BINOME_SECRET_KEY": "procfile-test-" + "x" * 40,
        "BINOME_PLAIN_STATIC": "1",  # no collectstatic in the test
        "BINOME_WEB_WORKERS": "1",
        "BINOME_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "BINOME_JOBS_SCHEDULE": "cleanup=* * * * *",  # due at once: the clock catches it up when it starts
        "BINOME_STATIC_ROOT": str(tmp_path / "static"),
        "PYTHONUNBUFFERED": "1",
    }


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"{what}: pas obtenu en {timeout} s")


def health(port: int):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sante/", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except OSError:
        return None, None


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to honcho's whole process group, SIGKILL after 20 s; then nothing of it may be left."""
    with_group = os.getpgid(process.pid)
    os.killpg(with_group, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(with_group, signal.SIGKILL)
        process.wait(timeout=5)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(with_group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.killpg(with_group, signal.SIGKILL)
    raise AssertionError("des processus lancés par honcho tournaient encore")


def test_web_worker_and_clock_from_the_procfile(fresh_database, tmp_path):
    name, url, admin = fresh_database
    env = environment(url, tmp_path)
    run = {"env": env, "cwd": REPO, "capture_output": True, "text": True, "timeout": 120}
    assert subprocess.run([sys.executable, "-m", "binome", "migrate", "--no-input", "-v0"], **run).returncode == 0
    seeded = subprocess.run([sys.executable, "-m", "binome", "shell", "-c", SEED], **run)
    assert seeded.returncode == 0, seeded.stderr
    with psycopg.connect(dbname=name, **admin) as conn:
        queued = conn.execute("SELECT task_path, status FROM django_tasks_database_dbtaskresult").fetchall()
    assert ("binome.network.notifications.send_milestone", "READY") in queued  # enqueued by the transition

    port = free_port()
    log = (tmp_path / "honcho.log").open("w")
    honcho = subprocess.Popen(
        [str(VENV_BIN / "honcho"), "-f", str(REPO / "Procfile"), "start", "-p", str(port), "web", "worker", "clock"],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        status, body = wait_for(lambda: (health(port)[0] == 200) and health(port), 45, "/sante/ 200")
        assert body["database"]["status"] == body["tasks"]["status"] == body["scheduler"]["status"] == "ok"

        def task_done():
            with psycopg.connect(dbname=name, **admin) as conn:
                return (
                    conn.execute(
                        "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s",
                        ["%send_milestone"],
                    ).fetchone()[0]
                    == "SUCCESSFUL"
                )

        def scheduled_runs():
            with psycopg.connect(dbname=name, **admin) as conn:
                return [
                    status
                    for (status,) in conn.execute(
                        "SELECT status FROM operations_jobrun WHERE job = 'cleanup' AND slot IS NOT NULL ORDER BY slot"
                    )
                ]

        # Due every minute: the run caught up at start, then one more each time a minute turns while the test
        # waits (a slow machine may see two or three). Each must succeed; none may be left failed.
        def job_done():
            runs = scheduled_runs()
            return RunStatus.SUCCESS in runs and RunStatus.FAILED not in runs

        try:
            wait_for(task_done, 30, "tâche exécutée par le worker")
            wait_for(job_done, 30, "tâche planifiée exécutée par le clock")
        except AssertionError as error:
            log.flush()
            raise AssertionError(
                f"{error}\nexécutions : {scheduled_runs()}\n{(tmp_path / 'honcho.log').read_text()[-4000:]}"
            ) from None
    finally:
        stop(honcho)
        log.close()
    output = (tmp_path / "honcho.log").read_text()
    assert "web.1" in output and "worker.1" in output and "clock.1" in output
    # The milestone e-mail, printed by the worker's console backend.
    assert "milestone to_contact of dossier" in output and "demande 2026-0777" in output
