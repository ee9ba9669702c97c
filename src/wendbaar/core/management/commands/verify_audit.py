"""``wendbaar verify_audit``: check the audit log's hash chain; exit 1 when it is broken."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wendbaar.core.selectors import audit_chain_report


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and name the first entry that does not verify."

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_report()
        if not report.ok:
            where = f"entry {report.broken_id}" if report.broken_id is not None else "the end"
            raise CommandError(
                f"The audit log does not verify at {where}: {report.reason} "
                f"({report.checked} entries before it verify)."
            )
        self.stdout.write(f"The audit log verifies: {report.checked} entries.")
