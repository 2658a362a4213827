"""Backups: the database and the private files (visit photos, documents as sent), to a folder, with rotation.

A backup is a folder ``binome-AAAAMMJJ-HHMMSS`` holding:
- ``database.dump`` (``pg_dump`` custom format; ``database.sqlite3`` for the demo's SQLite);
- ``files.tar.gz``: the private files (``private/``) and the media (``media/``) when they are on this disk;
- ``manifest.json``: the row count of every table and the SHA-256 of every file, checked after a restore.
The database is dumped first (one consistent snapshot), then the files: a photo added in between is an extra file,
never a row without its file. The folder is written under a temporary name and renamed when complete, so a
backup interrupted half way never counts; only the ``keep`` most recent are kept.

``restore`` loads a backup into the configured database (which must be empty unless ``force``) and folders, then
compares the row counts and file hashes with the manifest. The SQL tools come from Debian's postgresql-client.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone


PREFIX = "binome-"
STAMP = "%Y%m%d-%H%M%S"


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message is French and names what to fix."""


@dataclass(frozen=True)
class Roots:
    private: Path
    media: Path

    @classmethod
    def from_settings(cls) -> Roots:
        return cls(Path(settings.PRIVATE_MEDIA_ROOT), Path(settings.MEDIA_ROOT))

    def items(self):
        return {"private": self.private, "media": self.media}.items()


def files_on_disk() -> bool:
    """False when the private files are on object storage (S3): the provider keeps them, not this backup."""
    return "private" not in settings.STORAGES


def table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def file_hashes(roots: Roots) -> dict[str, str]:
    hashes = {}
    for name, root in roots.items():
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                hashes[f"{name}/{path.relative_to(root).as_posix()}"] = sha256(path)
    return hashes


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(db: dict) -> tuple[list[str], dict]:
    args = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]  # never on the command line, where `ps` would show it
    return args, env


def _run(command: list[str], env: dict) -> None:
    if not shutil.which(command[0]):
        raise BackupError(f"{command[0]} introuvable : installez le paquet Debian postgresql-client.")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} a échoué (code {result.returncode}) : {result.stderr.strip()[-500:]}")


def dump_database(target: Path) -> tuple[str, dict[str, int]]:
    """Dump the database into ``target``; return the file's name and the row counts of the dumped snapshot."""
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        args, env = _pg_env(db)
        # One snapshot for the counts and the dump: rows written meanwhile are in neither.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_counts()
            dump = ["pg_dump", *args, "--format=custom", "--no-owner", f"--snapshot={snapshot}"]
            _run([*dump, "--file", str(target / "database.dump"), db["NAME"]], env)
        return "database.dump", counts
    if connection.vendor == "sqlite":
        copy_path = target / "database.sqlite3"
        with sqlite3.connect(db["NAME"]) as source, sqlite3.connect(copy_path) as copy:
            source.backup(copy)
            names = [
                row[0]
                for row in copy.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            counts = {name: copy.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in sorted(names)}
        return "database.sqlite3", counts
    raise BackupError(f"Base {connection.vendor} non prise en charge par la sauvegarde.")


def archive_files(target: Path, roots: Roots) -> str | None:
    if not files_on_disk():
        return None
    with tarfile.open(target / "files.tar.gz", "w:gz") as archive:
        for name, root in roots.items():
            if root.is_dir():
                archive.add(root, arcname=name)
    return "files.tar.gz"


def create(directory: Path, keep: int, *, roots: Roots | None = None, now: dt.datetime | None = None) -> Path:
    """Write a complete backup in ``directory`` and keep the ``keep`` most recent; return its folder."""
    roots = roots or Roots.from_settings()
    moment = timezone.localtime(now or timezone.now())
    final = directory / f"{PREFIX}{moment.strftime(STAMP)}"
    partial = directory / f".{final.name}.partial"
    if final.exists():
        raise BackupError(f"{final} existe déjà : une sauvegarde a déjà été faite à cette seconde.")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    os.chmod(partial, 0o700)  # households' data: readable by the service's user only
    try:
        database_file, counts = dump_database(partial)
        files = archive_files(partial, roots)
        manifest = {
            "created_at": moment.isoformat(),
            "engine": connection.vendor,
            "database": database_file,
            "files": files,
            "files_on_object_storage": not files_on_disk(),
            "tables": counts,
            "file_hashes": file_hashes(roots) if files else {},
        }
        (partial / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    rotate(directory, keep)
    return final


def backups(directory: Path) -> list[Path]:
    """The complete backups of ``directory``, oldest first."""
    if not directory.is_dir():
        return []
    return sorted(
        p for p in directory.iterdir() if p.is_dir() and p.name.startswith(PREFIX) and (p / "manifest.json").exists()
    )


def rotate(directory: Path, keep: int) -> list[Path]:
    removed = backups(directory)[:-keep] if keep > 0 else []
    for path in removed:
        shutil.rmtree(path)
    return removed


def read_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder} n'est pas une sauvegarde Binôme complète (manifest.json illisible).") from exc


def restore(folder: Path, *, force: bool = False, roots: Roots | None = None) -> list[str]:
    """Load ``folder`` into the configured database and folders; return the differences with its manifest."""
    roots = roots or Roots.from_settings()
    manifest = read_manifest(folder)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"Sauvegarde {manifest['engine']}, base configurée {connection.vendor} : restauration impossible."
        )
    tables = connection.introspection.table_names()
    if tables and not force:
        raise BackupError(
            f"La base {settings.DATABASES['default']['NAME']} n'est pas vide ({len(tables)} tables) : "
            "restaurez dans une base neuve, ou ajoutez --force pour la remplacer."
        )
    load_database(folder, manifest)
    if manifest.get("files"):
        extract_files(folder / manifest["files"], roots, force=force)
    return compare(manifest, roots)


def load_database(folder: Path, manifest: dict) -> None:
    db = settings.DATABASES["default"]
    connection.close()
    if manifest["engine"] == "postgresql":
        args, env = _pg_env(db)
        command = [
            "pg_restore",
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            db["NAME"],
            str(folder / manifest["database"]),
        ]
        _run(command, env)
    else:
        with sqlite3.connect(folder / manifest["database"]) as source, sqlite3.connect(db["NAME"]) as target:
            source.backup(target)


def extract_files(archive_path: Path, roots: Roots, *, force: bool) -> None:
    for _name, root in roots.items():
        if root.is_dir() and any(root.iterdir()) and not force:
            raise BackupError(f"{root} n'est pas vide : restaurez vers un dossier vide, ou ajoutez --force.")
    with tarfile.open(archive_path, "r:gz") as archive:
        for name, root in roots.items():
            members = [m for m in archive.getmembers() if m.name == name or m.name.startswith(f"{name}/")]
            for member in members:
                member.name = member.name[len(name) :].lstrip("/") or "."
            root.mkdir(parents=True, exist_ok=True)
            archive.extractall(root, members=members, filter="data")


def compare(manifest: dict, roots: Roots) -> list[str]:
    """The tables whose row count and the files whose hash differ from the manifest (empty when all match)."""
    problems = []
    counts = table_counts()
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"table {table} : {counts.get(table)} lignes, {expected} attendues")
    if manifest.get("files"):
        hashes = file_hashes(roots)
        for name, expected in manifest["file_hashes"].items():
            if hashes.get(name) != expected:
                problems.append(f"fichier {name} : empreinte différente ou fichier absent")
    return problems
