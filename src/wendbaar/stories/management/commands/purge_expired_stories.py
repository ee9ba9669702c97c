"""Daily retention purge, for cron or a systemd timer: ``wendbaar purge_expired_stories``."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from wendbaar.stories.tasks import purge_expired_stories


class Command(BaseCommand):
    help = "Delete stories and contact details past their retention date (run daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the purge to the task worker instead of running it now.",
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            result = purge_expired_stories.enqueue()
            self.stdout.write(f"purge enqueued as task {result.id}")
            return
        summary = purge_expired_stories.call()
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in summary.items()))
