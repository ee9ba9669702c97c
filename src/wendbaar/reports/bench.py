"""The reports bench (issue 15): the demo's adopted report, "Overvecht 2025", as a PDF
and as a web page, read by an anonymous visitor as the council and the public read it.

- the PDF (``reports:pdf``): the first request of the process (WeasyPrint and its fonts
  loaded on the way), then ``--renders`` requests with the kept PDFs emptied before
  each, so every one draws the whole report; target ≤ 3 s. A request answered from the
  kept PDF is shown beside it.
- the web page (``reports:detail``): ``--requests`` requests after three untimed; target
  p95 ≤ 200 ms of server time.

``make bench`` runs it after the other page benches::

    python -m wendbaar.reports.bench [--renders 5] [--requests 30] [--database throwaway]

The demo is loaded as ``make demo`` loads it, into a throw-away database (created,
migrated, dropped) with its analysis in a temporary folder; ``--database current`` reads
the configured database's demo (``make demo``) in a transaction that is rolled back.
Timing is reported, never asserted in tests.
"""

from __future__ import annotations

import io
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from typing import Any

from wendbaar.core.bench import load_average, p95, page_bench_database, page_bench_main, time_page

TARGET_PDF = 3.0  # seconds, one request that draws the PDF
TARGET_PAGE_P95 = 0.200  # seconds
RENDERS = 5
REQUESTS = 30
WARM_UP = 3


@dataclass(frozen=True)
class ReportTiming:
    database: str
    build_seconds: float
    title: str
    pdf_bytes: int
    pdf_pages: int
    pdf_first: float
    pdf_times: list[float]
    pdf_kept: float
    page_times: list[float]
    page_cpu_times: list[float]
    page_queries: int
    load: str

    def lines(self) -> list[str]:
        def verdict(seconds: float, target: float) -> str:
            return "PASS" if seconds <= target else "FAIL"

        pdf_p95, page_p95 = p95(self.pdf_times), p95(self.page_times)
        rows = [
            ("what", "p50", "p95", "target", ""),
            (
                "PDF, first request of the process",
                f"{self.pdf_first:.2f} s",
                "",
                f"≤ {TARGET_PDF:.0f} s",
                verdict(self.pdf_first, TARGET_PDF),
            ),
            (
                f"PDF, drawn afresh ({len(self.pdf_times)} requests)",
                f"{statistics.median(self.pdf_times):.2f} s",
                f"{pdf_p95:.2f} s",
                f"≤ {TARGET_PDF:.0f} s",
                verdict(pdf_p95, TARGET_PDF),
            ),
            ("PDF, kept (same snapshot)", f"{self.pdf_kept * 1000:.1f} ms", "", "", "info"),
            (
                f"web page ({len(self.page_times)} requests, {self.page_queries} queries)",
                f"{statistics.median(self.page_times) * 1000:.1f} ms",
                f"{page_p95 * 1000:.1f} ms",
                f"≤ {TARGET_PAGE_P95 * 1000:.0f} ms",
                verdict(page_p95, TARGET_PAGE_P95),
            ),
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        table = [
            "  "
            + "  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True))
            + "  "
            + row[4]
            for row in rows
        ]
        return [
            "Progress report as PDF and web page (issue 15)",
            f"  database   {self.database}",
            f"  data       the demo, loaded in {self.build_seconds:.1f} s; “{self.title}”",
            f"  PDF        {self.pdf_pages} pages, {self.pdf_bytes / 1024:.0f} kB, "
            f"tagged PDF/UA-1; web page CPU p95 {p95(self.page_cpu_times) * 1000:.1f} ms",
            *table,
            f"  machine    {os.cpu_count()} CPUs, load average {self.load}",
        ]


def demo_report(load: bool) -> tuple[Any, float]:
    """The demo's adopted 2025 report of Overvecht, loading the demo first when ``load``;
    returns it and the seconds the demo took to load."""
    from django.core.management import call_command

    from wendbaar.agenda.demo import DEMO_NAME

    from .constants import Status
    from .models import Report

    started = time.perf_counter()
    if load:
        call_command("load_demo", stdout=io.StringIO())
    loaded = time.perf_counter() - started
    report = (
        Report.objects.select_related("approach")
        .filter(approach__name=DEMO_NAME, status=Status.ADOPTED, period_start__year=2025)
        .order_by("-version")
        .first()
    )
    if report is None:
        raise SystemExit("The database has no demo report of Overvecht 2025: run make demo.")
    if not report.approach.is_published:
        raise SystemExit("The demo wijkaanpak is not published: the public cannot read it.")
    return report, loaded


def measure(report: Any, *, renders: int, requests: int) -> dict[str, Any]:
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from pypdf import PdfReader

    from . import pdf

    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")), "localhost")
    client = Client(HTTP_HOST=host)  # anonymous: the public reads an adopted report
    kwargs = {"pk": report.approach_id, "report": report.pk}
    pdf_path, page_path = (
        reverse("reports:pdf", kwargs=kwargs),
        reverse("reports:detail", kwargs=kwargs),
    )

    def get_pdf() -> tuple[float, bytes]:
        started = time.perf_counter()
        response = client.get(pdf_path, secure=True)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{pdf_path} answered {response.status_code}")
        return elapsed, response.content

    pdf.clear_cache()
    first, body = get_pdf()
    pdf_kept, _body = get_pdf()
    pdf_times = []
    for _ in range(renders):
        pdf.clear_cache()
        pdf_times.append(get_pdf()[0])
    page_times, page_cpu, queries = time_page(
        lambda: client.get(page_path, secure=True), requests=requests, warmup=WARM_UP
    )
    return {
        "title": report.title,
        "pdf_bytes": len(body),
        "pdf_pages": len(PdfReader(io.BytesIO(body)).pages),
        "pdf_first": first,
        "pdf_times": pdf_times,
        "pdf_kept": pdf_kept,
        "page_times": page_times,
        "page_cpu_times": page_cpu,
        "page_queries": queries,
    }


def run(*, renders: int = RENDERS, requests: int = REQUESTS, database: str = "throwaway"):
    from django.conf import settings
    from django.test.utils import override_settings

    with (
        tempfile.TemporaryDirectory(prefix="wendbaar-reports-bench-") as folder,
        # A demo loaded here keeps its analysis apart from the developer's, its mails in
        # memory; the current database's demo keeps its own.
        override_settings(
            MONITOR_ANALYSIS_DIR=folder
            if database == "throwaway"
            else settings.MONITOR_ANALYSIS_DIR,
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ),
        page_bench_database(database, suffix="-reports") as described,
    ):
        report, loaded = demo_report(load=database == "throwaway")
        figures = measure(report, renders=renders, requests=requests)
    return ReportTiming(database=described, build_seconds=loaded, load=load_average(), **figures)


def main(argv: list[str] | None = None) -> int:
    return page_bench_main(__doc__, argv, run, renders=RENDERS, requests=REQUESTS)


if __name__ == "__main__":
    raise SystemExit(main())
