"""``wendbaar bench``: import, recompute and profile-page times against their targets."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ...bench.benchmark import MIN_REQUESTS, SIZES, run


class Command(BaseCommand):
    help = (
        "Measure the national KWB import (target ≤ 3 s), a full recompute of the analysis "
        "(≤ 1 s) and the server time of a buurt profile page (p95 ≤ 100 ms) in a "
        "throw-away database. Uses the national CBS files when present, synthetic files of "
        "the same size otherwise."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            choices=list(SIZES),
            default="national",
            help="national (~18,000 areas) or small (a smoke run of a few dozen areas).",
        )
        parser.add_argument(
            "--data",
            choices=["auto", "cbs", "synthetic"],
            default="auto",
            help="auto: the CBS files when present (national size only), else synthetic.",
        )
        parser.add_argument(
            "--requests",
            type=int,
            default=MIN_REQUESTS,
            help="Timed requests of the profile page (default %(default)s).",
        )
        parser.add_argument(
            "--database",
            choices=["throwaway", "current"],
            default="throwaway",
            help="throwaway: a fresh database created, migrated and dropped (default); "
            "current: the configured database, inside a transaction that is rolled back.",
        )
        parser.add_argument("--area", help="Buurt code of the profile page (default: chosen).")
        parser.add_argument(
            "--no-synthetic-core",
            action="store_true",
            help="Skip the recompute of a synthetic country at full catalogue width.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(line: str) -> None:
            if options["verbosity"] > 1:
                self.stderr.write(line)

        report = run(
            size=options["size"],
            data=options["data"],
            requests=options["requests"],
            database=options["database"],
            area=options["area"],
            synthetic_core=False if options["no_synthetic_core"] else None,
            progress=progress,
        )
        for line in report.lines():
            self.stdout.write(line)
        if report.missed:
            self.stdout.write(
                self.style.WARNING("\nMissed: " + "; ".join(m.label.strip() for m in report.missed))
            )
        else:
            self.stdout.write(self.style.SUCCESS("\nAll targets met."))
        self.validity_reports()

    def validity_reports(self) -> None:
        """The demo gemeenten's validity report (``monitor_report``), from the analysis
        of the current database: how far the monitor's judgement can be trusted."""
        from django.db import DatabaseError

        from ...stored.report import DEMO_MUNICIPALITIES, monitor_report
        from .monitor_report import write_report

        for code in DEMO_MUNICIPALITIES:
            try:
                report = monitor_report(code)
            except (LookupError, DatabaseError):  # no demo analysis, or no tables at all
                self.stdout.write(
                    f"\nNo validity report for {code}: the current database has no demo "
                    "analysis with it (make demo)."
                )
                continue
            self.stdout.write("")
            write_report(report, self.stdout)
