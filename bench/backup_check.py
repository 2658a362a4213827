"""Backup and restore, end to end, on PostgreSQL: what `make backup-check` runs.

1. a fresh database ``binome_backupcheck_src`` and folders under ``var/backup-check/``; ``migrate``, ``load_demo``;
2. ``python -m binome backup`` into ``var/backup-check/backups``;
3. a second fresh database ``binome_backupcheck_dst`` and empty folders; ``python -m binome restore``;
4. the row count of every table, and the documents' files (their SHA-256 against the one recorded in
   ``reports_document``) compared between the two; a table is printed, the exit status is 1 on any difference.
Both databases and the folders are removed at the end (``--keep`` keeps them to look at).

Usage: ``make backup-check`` (``TEST_DATABASE_URL`` names the PostgreSQL server, as for the tests).
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg


REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "var" / "backup-check"
SOURCE, TARGET = "binome_backupcheck_src", "binome_backupcheck_dst"


def server(url: str) -> dict:
    parts = urlsplit(url)
    params = {"host": parts.hostname or "127.0.0.1", "port": parts.port or 5432, "user": parts.username or "postgres"}
    if parts.password:
        params["password"] = parts.password
    return params


def database_url(params: dict, name: str) -> str:
    auth = params["user"] + (f":{params['password']}" if "password" in params else "")
    return f"postgres://{auth}@{params['host']}:{params['port']}/{name}"


def recreate(params: dict, *names: str) -> None:
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')


def drop(params: dict, *names: str) -> None:
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def binome(env: dict, *args: str) -> str:
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "binome", *args], env=env, cwd=REPO, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"python -m binome {' '.join(args)} a échoué :\n{result.stdout}\n{result.stderr}")
    print(f"  python -m binome {' '.join(args)}  ({time.monotonic() - started:.1f} s)")
    return result.stdout


def environment(url: str, files: Path) -> dict:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("BINOME_", "DJANGO_", "DATABASE_URL"))}
    return {
        **base,
        "DATABASE_URL": url,
        "BINOME_DEBUG": "1",  # load_demo runs in debug mode only
        "BINOME_TASKS_IMMEDIATE": "1",  # the demo's letters and e-mails are made as it loads
        "BINOME_PRIVATE_MEDIA_ROOT": str(files / "private"),
        "BINOME_MEDIA_ROOT": str(files / "media"),
        "BINOME_BACKUP_DIR": str(WORK / "backups"),
    }


def counts(params: dict, name: str) -> dict[str, int]:
    with psycopg.connect(dbname=name, **params) as conn:
        tables = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}


def documents(params: dict, name: str) -> list[tuple[str, str]]:
    with psycopg.connect(dbname=name, **params) as conn:
        return conn.execute("SELECT file, sha256 FROM reports_document ORDER BY id").fetchall()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


def compare(params: dict) -> list[str]:
    problems = []
    before, after = counts(params, SOURCE), counts(params, TARGET)
    print(f"\n{'table (les 12 plus grandes, et toute différence)':50} {'avant':>8} {'après':>8}")
    largest = set(sorted(before, key=before.get, reverse=True)[:12])
    for table in sorted(set(before) | set(after)):
        mark = "" if before.get(table) == after.get(table) else "  ← différent"
        if table in largest or mark:
            print(f"{table:50} {before.get(table, '—'):>8} {after.get(table, '—'):>8}{mark}")
        if mark:
            problems.append(f"table {table}")
    print(f"{len(before)} tables, {sum(before.values())} lignes avant, {sum(after.values())} après")
    docs = documents(params, TARGET)
    if not docs:
        problems.append("aucun document dans la démo : rien à comparer")
    identical = 0
    for file, recorded in docs:
        source, restored = sha256(WORK / "source/private" / file), sha256(WORK / "restored/private" / file)
        if source == restored == recorded:
            identical += 1
        else:
            print(f"document {file} : avant {source[:16]}…, après {restored[:16]}…, enregistré {recorded[:16]}…")
            problems.append(f"document {file}")
    if docs:
        file, recorded = docs[0]
        print(f"{identical}/{len(docs)} documents restaurés avec le SHA-256 enregistré dans reports_document")
        print(f"  par exemple {file} : {sha256(WORK / 'restored/private' / file)}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="garde les bases et les dossiers")
    args = parser.parse_args()
    params = server(os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/binome"))
    shutil.rmtree(WORK, ignore_errors=True)
    recreate(params, SOURCE, TARGET)
    try:
        print(f"Démo chargée dans {SOURCE}, sauvegardée, restaurée dans {TARGET} :")
        source_env = environment(database_url(params, SOURCE), WORK / "source")
        binome(source_env, "migrate", "--no-input", "-v0")
        binome(source_env, "load_demo")
        print("  " + binome(source_env, "backup").strip().splitlines()[-1])
        [folder] = sorted((WORK / "backups").glob("binome-*"))
        target_env = environment(database_url(params, TARGET), WORK / "restored")
        print("  " + binome(target_env, "restore", str(folder)).strip())
        problems = compare(params)
    finally:
        if not args.keep:
            drop(params, SOURCE, TARGET)
            shutil.rmtree(WORK, ignore_errors=True)
    if problems:
        sys.exit("backup-check : ÉCHEC — " + ", ".join(problems))
    print("backup-check : OK (mêmes lignes dans chaque table, mêmes documents)")


if __name__ == "__main__":
    main()
