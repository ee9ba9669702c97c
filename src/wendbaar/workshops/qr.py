"""The join link of an open werkplaats as a QR code: inline SVG drawn by segno.

segno writes the SVG (its ``<title>`` and ``<desc>`` escaped); we add what it leaves out
for assistive technology: ``role="img"`` and ``aria-labelledby`` pointing at the title and
description, which say the URL in words. The page writes the URL out beside it too, so
nobody needs a camera to join. No size attributes: CSS sizes it (``.join-qr``)."""

from __future__ import annotations

import segno
from django.utils.translation import gettext as _

# Modules per SVG unit: the viewBox scales with it; CSS decides the size on screen.
SCALE = 4
# "m": 15% of the code may be lost (a glare on the projector) and it still reads.
ERROR_LEVEL = "m"


def join_qr_svg(url: str, *, dom_id: str = "join-qr") -> str:
    """An accessible inline ``<svg>`` of the QR code for ``url`` (safe to mark safe:
    segno escapes every text it writes). ``dom_id`` prefixes the ids of the title and
    description: give each code on one page its own."""
    title = _("QR code to join the werkplaats")
    desc = _("The code opens %(url)s") % {"url": url}
    svg = segno.make(url, error=ERROR_LEVEL).svg_inline(
        scale=SCALE,
        title=title,
        desc=desc,
        svgclass="join-qr",
        lineclass="join-qr__modules",
        omitsize=True,
    )
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{dom_id}-title {dom_id}-desc" focusable="false" ',
        1,
    )
    svg = svg.replace("<title>", f'<title id="{dom_id}-title">', 1)
    return svg.replace("<desc>", f'<desc id="{dom_id}-desc">', 1)
