"""The zero-setup demo runs on SQLite (``make demo``) while this suite runs on PostgreSQL, and a few paths written for
PostgreSQL at national scale have a fallback elsewhere (the queue's motive match, the outcome counts, the kit used
per UT, the duplicate check's folding). This test loads the demo into a SQLite file as ``make demo`` does, then opens
every GET page of the URL conf as each demo role (``bench/pages.py``, one request each): none may answer a server
error."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path


REPO = Path(__file__).resolve().parents[2]


def test_every_page_answers_on_the_sqlite_demo(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "BINOME_DEBUG": "1",
        "BINOME_TASKS_IMMEDIATE": "1",
        "BINOME_PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "BINOME_MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the demo's settings, not the tests'

    def run(*command, timeout=600):
        done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, done.stderr[-3000:]

    run(sys.executable, "-m", "binome", "migrate", "-v0")
    run(sys.executable, "-m", "binome", "load_demo")
    found = tmp_path / "pages.json"
    run(
        sys.executable,
        str(REPO / "bench" / "pages.py"),
        *("--small", url, "--large", url, "--requests", "1", "--warmup", "0", "--json", str(found)),
        timeout=900,
    )
    pages = json.loads(found.read_text())
    # /sante/ answers 503 on purpose: no task worker runs beside this test.
    errors = [
        (row["name"], row["role"], row["status"])
        for row in pages["rows"]
        if str(row["status"]).startswith("5") and row["name"] != "health"
    ]
    errors += [(skip["name"], skip["reason"]) for skip in pages["skipped"] if re.search(r"\b5\d\d\b", skip["reason"])]
    assert errors == []
    assert len(pages["rows"]) > 200  # every page × role was reached, not a login page
