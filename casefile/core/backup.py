"""Backups of the whole site: every row of the database (history included) and the uploaded files.

A backup is one ``.tar.gz`` archive holding:

- ``database.sqlite3``: a copy made with SQLite's online backup API, or
  ``database.pgdump``: ``pg_dump --format=custom`` of the PostgreSQL database;
- ``media/``: the uploaded files (``MEDIA_ROOT``);
- ``manifest.json``: when, from which database engine, and how many rows each table held.

The database's own tools copy every table exactly (history tables, users, one-time password
devices, sequences), which a Django-level dump does not promise. A backup restores into the
same kind of database it was taken from. Backups hold confidential testimony: they are written
readable by their owner only.
"""

import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - runs pg_dump / pg_restore with fixed arguments, no shell
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

from casefile.public import trigram_costs

FORMAT = 1
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def row_counts():
    """Rows in every table the project's models use, history and many-to-many tables included."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.db_table] = model._base_manager.using(connection.alias).count()
    return dict(sorted(counts.items()))


def create(directory):
    """Write a backup archive into ``directory``; return its path."""
    directory = Path(directory)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y-%m-%dT%H%M%SZ")
    target = directory / f"casefile-{stamp}.tar.gz"
    n = 1
    while target.exists():
        n += 1
        target = directory / f"casefile-{stamp}-{n}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        database_file = _dump_database(work)
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "engine": connection.vendor,
            "database_file": database_file.name,
            "tables": row_counts(),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial = target.with_name(target.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            archive.add(database_file, arcname=database_file.name)
            media = Path(settings.MEDIA_ROOT)
            if not media.is_dir():
                media = work / "empty-media"
                media.mkdir()
            archive.add(media, arcname="media", recursive=True)
        partial.rename(target)
    return target


def _dump_database(work):
    if connection.vendor == "sqlite":
        path = work / SQLITE_FILE
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return path
    if connection.vendor == "postgresql":
        path = work / POSTGRES_FILE
        _run_postgres_tool(["pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--file={path}"])
        return path
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")


def _run_postgres_tool(arguments):
    """Run pg_dump or pg_restore against Django's database; the password goes in the environment."""
    db = connection.settings_dict
    environment = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in [("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST"), ("PORT", "PGPORT")]:
        if db.get(key):
            environment[variable] = str(db[key])
    if not shutil.which(arguments[0]):
        raise BackupError(f"{arguments[0]} is not installed (Debian: apt-get install postgresql-client).")
    result = subprocess.run(arguments, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{arguments[0]} failed:\n{result.stderr.strip()}")


def read_manifest(archive_path):
    try:
        with tarfile.open(archive_path, mode="r:gz") as archive:
            manifest = json.load(archive.extractfile(MANIFEST))
    except (OSError, KeyError, tarfile.TarError, ValueError) as error:
        raise BackupError(f"{archive_path} is not a Casefile backup ({error}).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path} has backup format {manifest.get('format')}, expected {FORMAT}.")
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database; this site uses {connection.vendor}. "
            "Restore it into the same kind of database."
        )
    return manifest


def restore(archive_path):
    """Replace the database and the uploaded files with those of the backup. Returns its manifest."""
    manifest = read_manifest(archive_path)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        with tarfile.open(archive_path, mode="r:gz") as archive:
            archive.extractall(work, filter="data")
        database_file = work / manifest["database_file"]
        if connection.vendor == "sqlite":
            source = sqlite3.connect(database_file)
            connection.ensure_connection()
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            _run_postgres_tool(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-acl",
                    "--single-transaction",
                    "--exit-on-error",
                    f"--dbname={connection.settings_dict['NAME']}",
                    str(database_file),
                ]
            )
            # pg_dump keeps an extension, not a change to its functions: set the search costs again.
            trigram_costs.set_costs(connection)
        _replace_media(work / "media")
    found = row_counts()
    differing = {
        table: (rows, found.get(table)) for table, rows in manifest["tables"].items() if found.get(table) != rows
    }
    if differing:
        raise BackupError(f"After the restore these tables differ from the backup (backup, now): {differing}")
    return manifest


def _replace_media(restored):
    """Make MEDIA_ROOT hold exactly the backup's files. The directory itself stays (it may be a mount)."""
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    for child in media.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if restored.is_dir():
        for child in restored.iterdir():
            shutil.move(child, media / child.name)
