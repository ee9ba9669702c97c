from django.core.management.base import BaseCommand

from wendbaar.accounts.demo import load_demo_users


class Command(BaseCommand):
    help = "Create or refresh the demo users (one per role). Safe to run again."

    def handle(self, *args, **options):
        load_demo_users(stdout=self.stdout)
