"""The lokale werkagenda as a PDF, drawn like the council report (``ui.pdf``: WeasyPrint,
tagged PDF/UA-1, our static files only).

The print template ``workshops/pdf/agenda.html`` holds the same parts as the printable
page (``workshops/agenda/print.html``, their shared includes); the stylesheet
``static/workshops/workshop-print.css`` lays it out on A4 with "n / N" page numbers. The
dot plot stays a vector drawing, coloured from inside (WeasyPrint reads an inline SVG's
own ``<style>`` only).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from wendbaar.ui import pdf as ui_pdf

TEMPLATE = "workshops/pdf/agenda.html"
STYLESHEET = "workshops/workshop-print.css"

# The dot plot's colours of static/workshops/workshops.css, for print.
SVG_STYLE = (
    "<style>"
    "text{font-family:'Liberation Sans',Arial,sans-serif;font-size:13px;fill:#1a1a1a}"
    ".dotplot__label{font-weight:bold}"
    ".dotplot__now{color:#1a1a80}.dotplot__target{color:#8a4b00;stroke-width:2}"
    ".dotplot__link{color:#6b6b6b;stroke-width:1}.dotplot__axis{color:#595959;stroke-width:1}"
    ".dotplot__band{color:#1a1a80;stroke-width:1}"
    ".dotplot__median.dotplot__now{stroke:#fff;stroke-width:2}"
    ".dotplot__median.dotplot__target{stroke-width:3}"
    ".dotplot__previous{color:#00695c;stroke-width:2.5}.dotplot__tension{color:#b35000}"
    ".dotplot__tension-label{fill:#8a3b00;font-weight:bold}.dotplot__tick-label{fill:#3d3d3d}"
    "</style>"
)
_DRAWING = re.compile(r'<svg\b[^>]*\bclass="dotplot\b[^>]*>')


def print_html(context: Mapping[str, Any], *, language: str) -> str:
    """The print template filled in ``language``, its drawings styled for WeasyPrint."""
    with translation.override(language):
        html = render_to_string(TEMPLATE, {**context, "language": language})
    return ui_pdf.styled_drawings(html, SVG_STYLE, _DRAWING)


def render_pdf(context: Mapping[str, Any], *, language: str) -> bytes:
    """The werkagenda's PDF; ``context`` is the printable page's
    (``agenda_views._print_context``)."""
    return ui_pdf.write_pdf(print_html(context, language=language), stylesheet=STYLESHEET)
