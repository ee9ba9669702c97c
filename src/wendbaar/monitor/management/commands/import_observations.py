"""``wendbaar import_observations --source kwb FILE… [--period YYYY] [--strict]
[--implausible-as-missing]``."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wendbaar.monitor.importing import PARSERS, ImportFileError
from wendbaar.monitor.services import import_observations


class Command(BaseCommand):
    help = "Import observations of the neighbourhood monitor from one or more files."

    def add_arguments(self, parser):
        parser.add_argument("--source", required=True, choices=sorted(PARSERS))
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--period", type=int, help="Year of the figures (default: from the file)."
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Fail on region codes that are no area and on columns not in the catalogue.",
        )
        parser.add_argument(
            "--implausible-as-missing",
            action="store_true",
            help=(
                "Import values outside their indicator's valid range as not available "
                "(with a warning naming file, row and column) instead of refusing the file."
            ),
        )

    def handle(self, *args, source, files, period, strict, implausible_as_missing, **options):
        for path in files:
            try:
                result = import_observations(
                    source=source,
                    path=path,
                    period=period,
                    strict=strict,
                    implausible_as_missing=implausible_as_missing,
                )
            except ImportFileError as exc:
                raise CommandError(
                    _("Import failed, nothing of this file was imported. %(error)s")
                    % {"error": exc}
                ) from exc
            for line in result.summary():
                self.stdout.write(line)
            for warning in result.implausible:
                self.stderr.write(self.style.WARNING(warning))
