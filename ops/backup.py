"""Backup and restore of the database and the media files (manage.py backup / restore).

A backup is a directory: database.sqlite3 (SQLite's online backup) or database.dump (pg_dump's
custom format), media.tar.gz (MEDIA_ROOT, when media is stored locally) and manifest.json (when,
what, and the row count of every table, to check a restore against).
"""

import glob
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"


def postgres_tool(name):
    """pg_dump / pg_restore: PG_BINDIR, else the newest of Debian's versioned directories (it
    must not be older than the server), else PATH."""
    candidates = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]) / name)
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    versions.sort(key=lambda path: int(Path(path).parent.name), reverse=True)
    candidates += [Path(path) / name for path in versions]
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise CommandError(f"{name} not found: install PostgreSQL's client (postgresql-client)")
    return found


def postgres_env(connection):
    """libpq environment for the connection's database: no password on a command line."""
    params = connection.settings_dict
    env = dict(os.environ)
    env.update(
        {
            key: str(value)
            for key, value in {
                "PGHOST": params.get("HOST"),
                "PGPORT": params.get("PORT"),
                "PGUSER": params.get("USER"),
                "PGPASSWORD": params.get("PASSWORD"),
                "PGDATABASE": params.get("NAME"),
            }.items()
            if value
        }
    )
    return env


def table_counts(connection):
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def media_is_local():
    backend = settings.STORAGES["default"]["BACKEND"]
    return backend == "django.core.files.storage.FileSystemStorage"


def backup(target, using="default"):
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise CommandError(f"{target} is not empty: back up into a new directory")
    target.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    connection.ensure_connection()
    manifest = {
        "created": timezone.now().isoformat(),
        "database": connection.vendor,
        "tables": table_counts(connection),
        "media": None,
    }
    if connection.vendor == "sqlite":
        destination = sqlite3.connect(target / SQLITE_FILE)
        with destination:
            connection.connection.backup(destination)
        destination.close()
    elif connection.vendor == "postgresql":
        run(
            [postgres_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl",
             f"--file={target / POSTGRES_FILE}"],
            postgres_env(connection),
        )  # fmt: skip
    else:
        raise CommandError(f"no backup for {connection.vendor} databases")
    if media_is_local() and Path(settings.MEDIA_ROOT).is_dir():
        with tarfile.open(target / MEDIA_FILE, "w:gz") as archive:
            archive.add(settings.MEDIA_ROOT, arcname="media")
        manifest["media"] = MEDIA_FILE
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def restore(source, using="default", force=False):
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(f"{source} is not a backup: {error}") from error
    connection = connections[using]
    if manifest["database"] != connection.vendor:
        raise CommandError(
            f"the backup is of a {manifest['database']} database, this is {connection.vendor}"
        )
    with connection.cursor() as cursor:
        existing = connection.introspection.table_names(cursor)
    if existing and not force:
        raise CommandError(
            f"the database already has {len(existing)} tables: restore into an empty database, "
            "or pass --force to replace its contents"
        )
    if connection.vendor == "sqlite":
        backup_db = sqlite3.connect(source / SQLITE_FILE)
        connection.ensure_connection()
        with backup_db:
            backup_db.backup(connection.connection)
        backup_db.close()
    else:
        command = [postgres_tool("pg_restore"), "--no-owner", "--no-acl", "--exit-on-error"]
        if force:
            command += ["--clean", "--if-exists"]
        run([*command, f"--dbname={connection.settings_dict['NAME']}", str(source / POSTGRES_FILE)],
            postgres_env(connection))  # fmt: skip
    if manifest.get("media"):
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / manifest["media"], "r:gz") as archive:
            for member in archive.getmembers():
                # Strip the leading "media/"; the data filter refuses paths leaving MEDIA_ROOT.
                member.name = member.name.removeprefix("media").lstrip("/") or "."
            archive.extractall(media_root, filter="data")
    return manifest


def run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")
