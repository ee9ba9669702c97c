"""``wendbaar backup DIR``: the database and the uploaded files (see docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wendbaar.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new folder."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("directory", type=Path, help="a new or empty folder")

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        try:
            manifest = backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backup of the {manifest['database']} database and the uploaded files in "
            f"{directory}: {', '.join(manifest['files'])}."
        )
