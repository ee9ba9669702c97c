"""The progress report as a PDF, made on the server with WeasyPrint (issue #15 item 4).

The print template ``reports/pdf/report.html`` holds the same chapters as the web page
(its includes) behind a cover and a table of contents with page numbers;
``static/reports/report-print.css`` lays it out on A4. The result is tagged PDF/UA-1 with
the document's language, title, author and description; charts and the map stay vector
SVG. Nothing is fetched over the network: the stylesheet is read from the file system and
the fetcher refuses every URL but our own static files (``ui.pdf``, the rendering every
PDF of the site shares).

The same adopted report gives the same bytes every time: it is drawn from its frozen
content in the site's language, dated by its adoption. Adopted reports' PDFs are kept in
a small in-process LRU keyed by the report, a digest of its snapshot (which changes only
on an erasure) and the language; a draft is drawn afresh every time.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from wendbaar.ui import pdf as ui_pdf

from . import layout
from .constants import MEASUREMENT_HELP, MeasurementKind, Status
from .content import ReportContent
from .models import Report

TEMPLATE = "reports/pdf/report.html"
STYLESHEET = "reports/report-print.css"
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
    return ui_pdf.styled_drawings(html, SVG_STYLE, _DRAWING)


def _render(report: Report, content: ReportContent, language: str) -> bytes:
    return ui_pdf.write_pdf(print_html(report, content, language), stylesheet=STYLESHEET)


def stylesheet_path() -> Path:
    """The print stylesheet on disk."""
    return ui_pdf.static_path(STYLESHEET)


# The fetcher every PDF shares: our static files, nothing else.
_fetcher = ui_pdf.static_fetcher
