"""Import the CBS geography: region lists, polygons, dissolved polygons, schematic shapes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ...importers import (
    CODE_PROPERTIES,
    AreaImportError,
    ImportResult,
    dissolve_geometry,
    import_aliases,
    import_geometry,
    import_postcodes,
    import_regions,
    import_schematic,
)
from ...importers.geometry import DEFAULT_TOLERANCE


class Command(BaseCommand):
    # A plain string: argparse formats ``help`` with re, which a lazy translation breaks.
    help = (
        "Import gemeenten, wijken and buurten from CBS files. Every import is atomic and "
        "safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        regions = sub.add_parser("regions", help=_("Region lists (Kerncijfers wijken en buurten)."))
        regions.add_argument("files", nargs="+", type=Path, metavar="FILE")
        regions.add_argument(
            "--year", type=int, help=_("Division year; default: from the file name.")
        )

        geometry = sub.add_parser("geometry", help=_("Polygons from GeoJSON files."))
        geometry.add_argument("files", nargs="+", type=Path, metavar="FILE")
        geometry.add_argument(
            "--code-property",
            help=_("Feature property with the CBS code; default: first of %(names)s.")
            % {"names": ", ".join(CODE_PROPERTIES)},
        )
        geometry.add_argument(
            "--crs", help=_("EPSG:4326 or EPSG:28992; default: the file's crs or a guess.")
        )
        geometry.add_argument("--source", default="", help=_("Source label; default: file name."))
        geometry.add_argument(
            "--tolerance",
            type=float,
            default=DEFAULT_TOLERANCE,
            help=_("Simplification tolerance in metres."),
        )
        geometry.add_argument(
            "--strict", action="store_true", help=_("Fail on codes without an area.")
        )

        dissolve = sub.add_parser("dissolve", help=_("Wijk/gemeente polygons from children."))
        dissolve.add_argument("--municipality", nargs="*", default=[], metavar="GM")
        dissolve.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
        dissolve.add_argument(
            "--allow-partial",
            action="store_true",
            help=_("Also dissolve when some children have no polygon."),
        )

        schematic = sub.add_parser("schematic", help=_("Schematic buurt shapes per gemeente."))
        schematic.add_argument("file", type=Path, metavar="FILE")
        schematic.add_argument("--municipality", nargs="*", default=[], metavar="GM")

        aliases = sub.add_parser(
            "aliases", help=_("Other names of areas (CSV: code, alias, kind, note).")
        )
        aliases.add_argument("files", nargs="+", type=Path, metavar="FILE")

        postcodes = sub.add_parser(
            "postcodes",
            help=_("Postcodes (PC4) of buurten from a KWB file's most common postcode."),
        )
        postcodes.add_argument("files", nargs="+", type=Path, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "regions":
                results = [import_regions(f, year=options["year"]) for f in options["files"]]
            elif action == "geometry":
                results = [
                    import_geometry(
                        f,
                        code_property=options["code_property"],
                        crs=options["crs"],
                        source=options["source"],
                        tolerance=options["tolerance"],
                        strict=options["strict"],
                    )
                    for f in options["files"]
                ]
            elif action == "dissolve":
                results = [
                    dissolve_geometry(
                        municipality_codes=options["municipality"],
                        tolerance=options["tolerance"],
                        allow_partial=options["allow_partial"],
                    )
                ]
            elif action == "aliases":
                results = [import_aliases(f) for f in options["files"]]
            elif action == "postcodes":
                results = [import_postcodes(f) for f in options["files"]]
            else:
                results = [
                    import_schematic(options["file"], municipality_codes=options["municipality"])
                ]
        except AreaImportError as exc:
            raise CommandError(str(exc)) from exc
        for result in results:
            self.report(result, verbosity=options["verbosity"])

    def report(self, result: ImportResult, *, verbosity: int) -> None:
        self.stdout.write(result.summary())
        if verbosity < 1:
            return
        for reason, count, examples in result.skip_reasons():
            self.stdout.write(
                _("  skipped %(count)s: %(reason)s (e.g. %(examples)s)")
                % {"count": count, "reason": reason, "examples": ", ".join(examples)}
            )
