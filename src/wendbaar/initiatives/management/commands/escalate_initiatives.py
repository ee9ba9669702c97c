"""Daily escalation of overdue initiatives, for cron or a systemd timer:
``wendbaar escalate_initiatives``."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from wendbaar.initiatives.tasks import escalate_overdue_initiatives


class Command(BaseCommand):
    help = "Mail owners, wijkmanagers and the programme bureau about overdue initiatives."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the escalation to the task worker instead of running it now.",
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            result = escalate_overdue_initiatives.enqueue()
            self.stdout.write(f"escalation enqueued as task {result.id}")
            return
        summary = escalate_overdue_initiatives.call()
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in summary.items()))
