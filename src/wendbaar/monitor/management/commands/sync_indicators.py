"""``wendbaar sync_indicators``: write the indicator catalogue (registry.py) to the DB."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wendbaar.monitor.registry import sync_indicators


class Command(BaseCommand):
    help = "Write the indicator catalogue to the database (idempotent)."

    def handle(self, *args, **options):
        counts = sync_indicators()
        self.stdout.write(_("Indicators: %(created)s created, %(updated)s updated.") % counts)
