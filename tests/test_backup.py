"""Backup and restore (manage.py backup / restore): a backup restored into an empty database,
by the command an operator would run, has every row of every table, and the media files."""

import json
import os
import sqlite3
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from ops.backup import table_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "images" / "mappa.png").write_bytes(b"\x89PNG picture")
    return settings.MEDIA_ROOT


def restore_command(backup_dir, database_url, media_root, *extra):
    """`manage.py restore` in its own process, on another database, as on a new server."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "SEARCH_", "DJANGO_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
    )
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup_dir), *extra],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def empty_database(tmp_path):
    """A URL of a new, empty database of the same kind as the test database, and a function
    counting its rows per table."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"

        def counts():
            with sqlite3.connect(path) as restored:
                tables = [
                    name
                    for (name,) in restored.execute(
                        "SELECT name FROM sqlite_master WHERE type='table'"
                    )
                ]
                return {
                    table: restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                    for table in tables
                    if not table.startswith("sqlite_")
                }

        yield f"sqlite:///{path}", counts
        return
    params = connection.settings_dict
    name = f"restore_{uuid.uuid4().hex[:12]}"
    server = {
        "host": params["HOST"],
        "port": params["PORT"] or 5432,
        "user": params["USER"],
        "password": params["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def counts():
        with psycopg.connect(dbname=name, **server) as restored:
            tables = [
                row[0]
                for row in restored.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            ]
            return {
                table: restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                for table in tables
            }

    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    yield f"postgres://{params['USER']}{password}@{server['host']}:{server['port']}/{name}", counts
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_into_an_empty_database(tmp_path, media, empty_database):
    database_url, restored_counts = empty_database
    backup_dir = tmp_path / "backup"
    call_command("backup", str(backup_dir), stdout=open(os.devnull, "w"))
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["tables"] == table_counts(connection)
    assert manifest["tables"]["wagtailcore_page"] > 50  # the demo content is in it

    new_media = tmp_path / "new-media"
    result = restore_command(backup_dir, database_url, new_media)
    assert result.returncode == 0, result.stderr
    assert restored_counts() == manifest["tables"]
    assert (new_media / "images" / "mappa.png").read_bytes() == b"\x89PNG picture"

    # Restoring again would overwrite what is there now: refused without --force.
    again = restore_command(backup_dir, database_url, new_media)
    assert again.returncode != 0
    assert "restore into an empty database" in again.stderr
    forced = restore_command(backup_dir, database_url, new_media, "--force")
    assert forced.returncode == 0, forced.stderr
    assert restored_counts() == manifest["tables"]


def test_backup_refuses_a_directory_with_files(tmp_path):
    (tmp_path / "old.txt").write_text("earlier backup")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path))


def test_restore_refuses_a_directory_that_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(tmp_path))
