"""Template tags of the monitor's provenance: a figure's source in words.

The wording is :func:`..pages.present.source_label`; the tag only lets an include that
knows a figure's indicator, year and stored table ask for it.
"""

from __future__ import annotations

from django import template

from ..pages.present import IndicatorInfo
from ..pages.present import source_label as present_source_label

register = template.Library()


@register.simple_tag
def source_label(info: IndicatorInfo | None, period: int | None = None, table: str = "") -> str:
    """``{% source_label info period table as label %}``: "CBS, Key figures ... (85618NED)"."""
    if info is None:
        return ""
    return present_source_label(info, period, table or None)
