"""``wendbaar restore DIR``: replace the database and uploaded files with a backup, then
let the apps rebuild their derived files (the monitor's analysis) and check the audit log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wendbaar.core.actors import SystemActor
from wendbaar.core.backup import BackupError, read_manifest, restore
from wendbaar.core.selectors import audit_chain_report
from wendbaar.core.services import record_audit_event
from wendbaar.core.signals import database_restored


class Command(BaseCommand):
    help = "Restore a backup made by `wendbaar backup` (replaces the database and media)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("directory", type=Path, help="a folder made by `wendbaar backup`")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="do not ask"
        )

    def handle(self, *args: Any, directory: Path, interactive: bool, **options: Any) -> None:
        try:
            manifest = read_manifest(directory)
            if (
                interactive
                and input(
                    f"Replace this database and every uploaded file with the backup of "
                    f"{manifest['created']}? Type 'yes': "
                )
                != "yes"
            ):
                raise CommandError("Nothing restored.")
            restore(directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored the backup of {manifest['created']} from {directory}.")
        database_restored.send(sender=self.__class__, stdout=self.stdout)
        record_audit_event(
            actor=SystemActor("restore"), action="backup_restored", created=manifest["created"]
        )
        report = audit_chain_report()
        if report.ok:
            self.stdout.write(f"The audit log verifies: {report.checked} entries.")
        else:
            self.stderr.write(
                f"The audit log does not verify at entry {report.broken_id}: {report.reason}"
            )
