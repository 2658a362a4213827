"""Backups: pg_dump and the private files to a dated folder, rotation, and a restore that checks what it loaded."""

import datetime as dt
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from binome.operations import backup
from tests.factories import DossierFactory


REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    document = settings.PRIVATE_MEDIA_ROOT / "documents" / "2026" / "03" / "compte-rendu.pdf"
    document.parent.mkdir(parents=True)
    document.write_bytes(b"%PDF-1.7 compte-rendu v1")
    return document


@pytest.fixture
def fresh_database():
    """An empty database beside the test database, dropped afterwards."""
    params = connection.get_connection_params()
    admin = {k: params[k] for k in ("host", "port", "user") if params.get(k)}
    name = f"binome_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name, admin
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_is_identical(private_files, tmp_path, fresh_database):
    DossierFactory.create_batch(3)
    out = tmp_path / "out.txt"
    with out.open("w") as stream:
        call_command("backup", "--dir", str(tmp_path / "backups"), stdout=stream)
    [folder] = backup.backups(tmp_path / "backups")
    assert sorted(p.name for p in folder.iterdir()) == ["database.dump", "files.tar.gz", "manifest.json"]
    assert oct(folder.stat().st_mode)[-3:] == "700"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"]["cases_dossier"] == 3
    assert manifest["file_hashes"] == {"private/documents/2026/03/compte-rendu.pdf": backup.sha256(private_files)}

    name, admin = fresh_database
    restored_files = tmp_path / "restored"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("BINOME_")}
    environ.update(
        DATABASE_URL=f"postgres://{admin['user']}@{admin.get('host', '127.0.0.1')}:{admin.get('port', 5432)}/{name}",
        BINOME_ALLOW_INSECURE_KEY="1",
        BINOME_PRIVATE_MEDIA_ROOT=str(restored_files / "private"),
        BINOME_MEDIA_ROOT=str(restored_files / "media"),
    )
    result = subprocess.run(
        [sys.executable, "-m", "binome", "restore", str(folder)],
        env=environ,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "identiques à la sauvegarde" in result.stdout
    with psycopg.connect(dbname=name, **admin) as conn:
        assert conn.execute("SELECT COUNT(*) FROM cases_dossier").fetchone()[0] == 3
    assert (restored_files / "private/documents/2026/03/compte-rendu.pdf").read_bytes() == private_files.read_bytes()


@pytest.mark.django_db(transaction=True)
def test_only_the_most_recent_backups_are_kept_and_a_failed_one_leaves_nothing(private_files, tmp_path, monkeypatch):
    start = timezone.now()
    for day in range(4):
        backup.create(tmp_path, keep=2, now=start + dt.timedelta(days=day))
    kept = backup.backups(tmp_path)
    assert [p.name for p in kept] == [
        f"binome-{timezone.localtime(start + dt.timedelta(days=d)):%Y%m%d-%H%M%S}" for d in (2, 3)
    ]
    monkeypatch.setattr(backup, "_pg_env", lambda db: (["--host", "127.0.0.1", "--port", "1"], dict(os.environ)))
    with pytest.raises(backup.BackupError, match="pg_dump a échoué"):
        backup.create(tmp_path, keep=2, now=start + dt.timedelta(days=9))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".binome", "binome"))) == [
        p.name for p in kept
    ]


@pytest.mark.django_db(transaction=True)
def test_a_restore_refuses_a_database_that_is_not_empty(private_files, tmp_path):
    folder = backup.create(tmp_path / "backups", keep=1)
    with pytest.raises(CommandError, match="n'est pas vide"):
        call_command("restore", str(folder))
    (folder / "manifest.json").unlink()
    with pytest.raises(CommandError, match="n'est pas une sauvegarde Binôme complète"):
        call_command("restore", str(folder))
