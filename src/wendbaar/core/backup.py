"""Backup and restore of a whole installation: the database and the uploaded files.

A backup is a folder with ``database.sqlite3`` (SQLite's online backup API: a consistent
copy while the site runs) or ``database.dump`` (PostgreSQL: ``pg_dump`` custom format,
restored with ``pg_restore``), ``media.tar.gz`` (``MEDIA_ROOT``) and ``manifest.json``
(what is inside, with a SHA-256 per file, checked before anything is restored). The
stored monitor analysis is derived data: not backed up, rebuilt after a restore by the
apps that listen to :data:`.signals.database_restored`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections

from .files import sha256_of

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"
DATABASE = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says what and where."""


def _vendor() -> str:
    if connection.vendor not in DATABASE:
        raise ImproperlyConfigured(f"No backup for the {connection.vendor} database.")
    return connection.vendor


def _pg_env() -> dict[str, str]:
    """libpq's variables for the configured database, so no password is on a command line."""
    db = connection.settings_dict
    values = {
        "PGDATABASE": db["NAME"],
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
    }
    return {**os.environ, **{k: v for k, v in values.items() if v}}


def _run(command: list[str]) -> None:
    try:
        result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).") from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def backup(directory: Path) -> dict[str, Any]:
    """Write a backup into ``directory`` (created; must not hold a backup already)."""
    directory.mkdir(parents=True, exist_ok=True)
    if (directory / MANIFEST).exists():
        raise BackupError(f"{directory} already holds a backup; choose a new folder.")
    vendor = _vendor()
    if connection.in_atomic_block:
        # SQLite's backup would wait for ever on its own open transaction.
        raise BackupError("A backup cannot run inside a database transaction.")
    database = directory / DATABASE[vendor]
    if vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(database)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={database}"])
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(directory / MEDIA, "w:gz") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media_root)))
    files = {name: sha256_of(directory / name) for name in (database.name, MEDIA)}
    manifest = {
        "format": FORMAT,
        "database": vendor,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "files": files,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def read_manifest(directory: Path) -> dict[str, Any]:
    """The manifest of a backup, after checking that every file is there and unchanged."""
    path = directory / MANIFEST
    if not path.is_file():
        raise BackupError(f"{path}: no such file; is {directory} a Wendbaar backup?")
    try:
        manifest = json.loads(path.read_text())
        files = manifest["files"]
        vendor = manifest["database"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{path}: not a backup manifest ({error})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: format {manifest.get('format')}, expected {FORMAT}.")
    for name, digest in files.items():
        if not (directory / name).is_file():
            raise BackupError(f"{directory / name}: missing from the backup.")
        if sha256_of(directory / name) != digest:
            raise BackupError(f"{directory / name}: changed or damaged since the backup.")
    if vendor != _vendor():
        raise BackupError(
            f"{path}: a {vendor} backup cannot be restored into this {_vendor()} database; "
            "restore it into a database of the same kind (see docs/operations.md)."
        )
    return manifest


def restore(directory: Path) -> dict[str, Any]:
    """Replace the database and the uploaded files with the backup in ``directory``."""
    manifest = read_manifest(directory)
    vendor = manifest["database"]
    database = directory / DATABASE[vendor]
    connections.close_all()
    if vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(database)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(database),
            ]
        )
    connections.close_all()  # nothing may remember the tables as they were
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists():
        shutil.rmtree(media_root)
    media_root.mkdir(parents=True)
    with tarfile.open(directory / MEDIA, "r:gz") as archive:
        archive.extractall(media_root, filter="data")  # no absolute paths, links or ..
    return manifest
