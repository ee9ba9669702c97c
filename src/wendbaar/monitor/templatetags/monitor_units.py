"""``{% load monitor_units %}``: a catalogue unit in the reader's language.

``{{ indicator.unit|unit_label }}`` shows "per 1.000 inwoners" for the stored code
"per 1,000" (``pages.present.UNIT_LABELS``); a unit the monitor does not know (a local
indicator's own) is shown as typed. The stored codes never change.
"""

from __future__ import annotations

from django import template

from ..pages.present import unit_label as present_unit_label

register = template.Library()


@register.filter
def unit_label(unit: str | None) -> str:
    return present_unit_label(unit) if unit else ""
