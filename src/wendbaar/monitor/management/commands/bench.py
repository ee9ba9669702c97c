"""``wendbaar bench``: import, recompute and profile-page times against their targets."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ...bench.benchmark import MIN_REQUESTS, PAIRS, SIZES, run


class Command(BaseCommand):
    help = (
        "Measure files → results and compute side by side with the pandas baseline "
        "(../shared/bench), the compute's floor, the full-width recompute, the buurt and "
        "monitor pages, a fresh worker's first request and a load run against gunicorn, "
        "in throw-away databases (docs/performance.md). Uses the national CBS files when "
        "present, synthetic files of the same size otherwise."
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
            "--pairs",
            type=int,
            default=PAIRS,
            help="Interleaved pairs of ours and the pandas baseline (default %(default)s; "
            "0 skips the baseline).",
        )
        parser.add_argument(
            "--part",
            choices=["all", "pipeline"],
            default="all",
            help="pipeline: only files → results, compute and the import steps (e.g. a "
            "second run on PostgreSQL).",
        )
        parser.add_argument(
            "--load-seconds",
            type=int,
            default=30,
            help="Length of the load run (default %(default)s; 0 skips it).",
        )
        parser.add_argument(
            "--load-users",
            type=int,
            default=20,
            help="Users of the load run (default %(default)s).",
        )
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
            pairs=options["pairs"],
            part=options["part"],
            load_seconds=options["load_seconds"],
            load_users=options["load_users"],
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
        if options["part"] == "all":
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
