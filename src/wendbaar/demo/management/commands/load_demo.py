from django.core.management.base import BaseCommand

from wendbaar.demo.loading import load_demo


class Command(BaseCommand):
    help = "Load the demo: real CBS geography and figures, demo users. Safe to run again."

    def handle(self, *args, **options):
        timings = load_demo(stdout=self.stdout)
        for name, seconds in timings:
            self.stdout.write(f"demo step {name}: {seconds:.1f} s")
        self.stdout.write(self.style.SUCCESS("Demo loaded."))
