"""Template tags of the monitor's provenance: a figure's source in words.

The wording is :func:`..pages.present.source_label`; the tag only lets an include that
knows a figure's indicator, year and stored table ask for it.
"""

from __future__ import annotations

from django import template

from ..pages.present import IndicatorInfo, indicator_info, national_derivation_text
from ..pages.present import source_label as present_source_label

register = template.Library()


@register.simple_tag
def source_label(info: IndicatorInfo | None, period: int | None = None, table: str = "") -> str:
    """``{% source_label info period table as label %}``: "CBS, Key figures ... (85618NED)"."""
    if info is None:
        return ""
    return present_source_label(info, period, table or None)


@register.simple_tag
def national_note(info: IndicatorInfo | None, period: int | None, analysis=None) -> str:
    """``{% national_note info period stored.analysis as note %}``: how the national
    figure of the same year was calculated from the gemeenten ("" when the source
    published it, when there is none, or for a sensitive indicator, whose national figure
    pages do not show). Reads the stored analysis only: no query."""
    if info is None or info.sensitive or analysis is None or period is None:
        return ""
    if "derivation" not in analysis.frame("national").columns:  # stored before provenance
        return ""
    row = analysis.keyed("national", ("indicator", "period")).get((info.code, period))
    if row is None:
        return ""
    weight = row.get("weight_indicator")
    every = {}
    if weight and weight in analysis.indicators:
        every[weight] = indicator_info(analysis.indicators[weight])
    return national_derivation_text(row, every)
