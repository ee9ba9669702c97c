"""The progress report as a PDF, made on the server with WeasyPrint (issue #15 item 4).

The print template ``reports/pdf/report.html`` holds the same chapters as the web page
(its includes) behind a cover and a table of contents with page numbers;
``static/reports/report-print.css`` lays it out on A4. The result is tagged PDF/UA-1 with
the document's language, title, author and description; charts and the map stay vector
SVG. Nothing is fetched over the network: the stylesheet is read from the file system and
the fetcher refuses every URL but our own static files.

The same adopted report gives the same bytes every time: it is drawn from its frozen
content in the site's language, dated by its adoption. Adopted reports' PDFs are kept in
a small in-process LRU keyed by the report, a digest of its snapshot (which changes only
on an erasure) and the language; a draft is drawn afresh every time.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import layout
from .constants import MEASUREMENT_HELP, MeasurementKind, Status
from .content import ReportContent
from .models import Report

log = logging.getLogger(__name__)

TEMPLATE = "reports/pdf/report.html"
STYLESHEET = "reports/report-print.css"
# Tagged, with the structure tree, /MarkInfo and /Lang (WeasyPrint's name for PDF/UA-1).
PDF_VARIANT = "pdf/ua-1"
CACHE_SIZE = 8  # PDFs of adopted reports kept per process (the demo's: 84 kB)

# WeasyPrint styles an inline SVG with the SVG's own <style> only, not the page's CSS: the
# web page's chart and map colours (ui/wendbaar.css) put inside each drawing, for print.
SVG_STYLE = (
    "<style>"
    "text{font-family:'Liberation Sans',Arial,sans-serif;font-size:15px}"
    ".trend-chart__grid{color:#d4d4d4}.trend-chart__axis{color:#3d3d3d}"
    ".trend-series--area{color:#1a1a80}"
    ".report-chart__target,.report-chart__baseline{color:#b35000}"
    ".map-area path{fill:#cfe0f3;stroke:#1a1a80;stroke-width:1}"
    ".map-area--context path{fill:#e6e6e6;stroke:#8a8a8a;stroke-width:.75}"
    ".map-area--current path{fill:#f9c74f;stroke:#000;stroke-width:3}"
    ".map-area path.map-area__hatch{stroke:#000;stroke-width:3}"
    ".map-area--nodata path{fill:#fff;stroke-dasharray:4 3}"
    "</style>"
)
_DRAWING = re.compile(r'<svg\b[^>]*\bclass="(?:area-map|trend-chart__svg)\b[^>]*>')

_cache: OrderedDict[tuple[int, str, str], bytes] = OrderedDict()
_cache_lock = threading.Lock()


def render_pdf(report: Report, content: ReportContent, *, language: str | None = None) -> bytes:
    """The PDF of ``report`` showing ``content`` (``selectors.content_of(report)``), in
    ``language`` (default: the site's, the language the report's texts are frozen in)."""
    language = language or settings.LANGUAGE_CODE
    if report.snapshot is None:
        return _render(report, content, language)
    key = (report.pk, snapshot_digest(report.snapshot), language)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    pdf = _render(report, content, language)
    with _cache_lock:
        _cache[key] = pdf
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return pdf


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def snapshot_digest(snapshot: dict[str, Any]) -> str:
    encoded = json.dumps(snapshot, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


def print_html(report: Report, content: ReportContent, language: str) -> str:
    """The print template filled in ``language``, its drawings styled for WeasyPrint."""
    adopted = report.status == Status.ADOPTED
    dated = report.adopted_on if adopted and report.adopted_on else timezone.localdate()
    with translation.override(language):
        html = render_to_string(
            TEMPLATE,
            {
                "report": report,
                "shown": content,
                "chapters": layout.numbered(content.chapters),
                "projects": layout.projects(content.chapters),
                "adopted": adopted,
                "language": language,
                "dated": dated.isoformat(),
                "measurement_kinds": [
                    (MeasurementKind(kind).label, help_text)
                    for kind, help_text in MEASUREMENT_HELP.items()
                ],
                # The includes shared with the web page: nothing of the writers' side.
                "may_compose": False,
                "show_comments": False,
            },
        )
    return styled_drawings(html)


def styled_drawings(html: str) -> str:
    """``html`` with the print colours inside each chart and map."""
    return _DRAWING.sub(lambda m: m[0] + SVG_STYLE, html)


def _render(report: Report, content: ReportContent, language: str) -> bytes:
    from weasyprint import CSS, HTML

    html = print_html(report, content, language)
    fetcher = _fetcher()
    stylesheet = CSS(filename=str(stylesheet_path()), url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet], pdf_variant=PDF_VARIANT
    )


def stylesheet_path() -> Path:
    """The print stylesheet on disk: the app's own file (the finders), or the collected
    copy where only that is deployed."""
    found = finders.find(STYLESHEET)
    return Path(found if isinstance(found, str) else staticfiles_storage.path(STYLESHEET))


@functools.cache
def _fetcher() -> Any:
    """A WeasyPrint URL fetcher that reads our static files from disk and refuses the
    rest: a report never makes the server fetch a URL (a link in a story is a link, not
    a resource; this is the hardening should one ever become one)."""
    from weasyprint.urls import URLFetcher

    roots = [stylesheet_path().parent.resolve(), Path(settings.STATIC_ROOT).resolve()]

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("file:"):
                path = Path(self._path_of(url)).resolve()
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    return super().fetch(url, headers)
            log.warning("report PDF: refused to fetch %s", url[:200])
            raise ValueError(f"not one of our static files: {url[:200]}")

        @staticmethod
        def _path_of(url: str) -> str:
            from urllib.request import url2pathname

            return url2pathname(url.split("?")[0].removeprefix("file:").removeprefix("//"))

    return StaticFilesOnly(allowed_protocols={"file"})
