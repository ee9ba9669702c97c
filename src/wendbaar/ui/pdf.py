"""HTML to PDF with WeasyPrint, one way for every document (the council report, the
werkagenda of a werkplaats).

The result is tagged PDF/UA-1: the structure tree, /MarkInfo and the document's /Lang
from ``<html lang>``, its title from ``<title>`` and author and description from the
``<meta>`` tags. Nothing is fetched over the network: the print stylesheet is read from
the file system and the URL fetcher refuses every URL but our own static files.

WeasyPrint styles an inline SVG with the SVG's own ``<style>`` only, not the page's CSS:
:func:`styled_drawings` puts a document's print colours inside each of its drawings.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

log = logging.getLogger(__name__)

# Tagged, with the structure tree, /MarkInfo and /Lang (WeasyPrint's name for PDF/UA-1).
PDF_VARIANT = "pdf/ua-1"


BASE_STYLESHEET = "ui/print.css"  # the page, header, footer, text and tables of every PDF


def write_pdf(html: str, *, stylesheet: str) -> bytes:
    """``html`` laid out with ``BASE_STYLESHEET`` and then the static file ``stylesheet``
    (e.g. "reports/report-print.css") as a tagged PDF."""
    from weasyprint import CSS, HTML

    fetcher = static_fetcher()
    sheets = [
        CSS(filename=str(static_path(name)), url_fetcher=fetcher)
        for name in (BASE_STYLESHEET, stylesheet)
    ]
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=sheets, pdf_variant=PDF_VARIANT
    )


def styled_drawings(html: str, svg_style: str, pattern: re.Pattern[str]) -> str:
    """``html`` with ``svg_style`` (a ``<style>`` element) right after each opening
    ``<svg …>`` tag that ``pattern`` matches."""
    return pattern.sub(lambda m: m[0] + svg_style, html)


def static_path(name: str) -> Path:
    """A static file on disk: the app's own file (the finders), or the collected copy
    where only that is deployed."""
    found = finders.find(name)
    return Path(found if isinstance(found, str) else staticfiles_storage.path(name))


def static_roots() -> list[Path]:
    """Every directory static files are found in, and the collected ones."""
    roots = [
        Path(storage.location).resolve()
        for finder in finders.get_finders()
        for storage in getattr(finder, "storages", {}).values()
        if getattr(storage, "location", None)
    ]
    return [*roots, Path(settings.STATIC_ROOT).resolve()]


@functools.cache
def static_fetcher() -> Any:
    """A WeasyPrint URL fetcher that reads our static files from disk and refuses the
    rest: a document never makes the server fetch a URL (a link in a text is a link, not
    a resource; this is the hardening should one ever become one)."""
    from weasyprint.urls import URLFetcher

    roots = static_roots()

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("file:"):
                path = Path(self._path_of(url)).resolve()
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    return super().fetch(url, headers)
            log.warning("PDF: refused to fetch %s", url[:200])
            raise ValueError(f"not one of our static files: {url[:200]}")

        @staticmethod
        def _path_of(url: str) -> str:
            from urllib.request import url2pathname

            return url2pathname(url.split("?")[0].removeprefix("file:").removeprefix("//"))

    return StaticFilesOnly(allowed_protocols={"file"})
