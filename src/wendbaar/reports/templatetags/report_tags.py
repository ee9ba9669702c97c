"""How a report's frozen content reads on the page: ``{% load report_tags %}``.

The content (``content.py``) keeps figures as numbers and labels as keys, so the reader's
language and locale decide how they read: figures with the catalogue's decimals and the
reader's separators, statuses and kinds in the reader's words. Nothing here reads the
database: a frozen report renders the same every time.

Filters: ``label`` (a key in its vocabulary), ``as_date`` (an ISO date), ``figure`` (a
value with its unit), ``signed``, ``euro``. Tags: ``{% period_text start end %}``,
``{% result_sentence result %}``, ``{% reference_text result %}``,
``{% trend_chart result key index %}``.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.db import models
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from wendbaar.agenda.constants import VISION_CHANGED, AgendaChangeKind, ProjectStatus
from wendbaar.coalition.constants import MembershipRole
from wendbaar.monitor.selectors import unit_label
from wendbaar.stories.constants import AuthorKind

from .. import charts
from ..constants import MeasurementKind, Section, Status
from ..content import ResultContent

register = template.Library()

VOCABULARIES: dict[str, type[models.TextChoices]] = {
    "status": Status,
    "measurement": MeasurementKind,
    "section": Section,
    "told_by": AuthorKind,
    "project_status": ProjectStatus,
    "role": MembershipRole,
    "agenda_change": AgendaChangeKind,
}
# Units that need no word after the figure: a count is a number.
BARE_UNITS = {"", "count"}
DASH = "\N{EN DASH}"  # no figure in a table cell


@register.filter
def label(key: str, vocabulary: str) -> str:
    """``key`` in the reader's words; an unknown key (a vocabulary that grew after the
    report was frozen, or shrank) as it was stored, never an error."""
    if vocabulary == "agenda_change" and key == VISION_CHANGED:
        return _("New version of the vision")
    choices = VOCABULARIES[vocabulary]
    return str(choices(key).label) if key in choices.values else key


@register.filter
def as_date(iso: str | dt.date) -> dt.date | None:
    """An ISO date of the content as a date, for ``|date``; None when empty."""
    if isinstance(iso, dt.date):
        return iso
    try:
        return dt.date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


def number(value: float, decimals: int) -> str:
    """``value`` in the active locale with ``decimals`` places and thousands grouping."""
    return number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)


def _decimals(value: float, result: ResultContent) -> int:
    # A local indicator's figures are typed by the bureau, mostly counts: "18", not "18.0".
    if not result.from_monitor and float(value).is_integer():
        return 0
    return result.decimals


def value_text(value: float | None, result: ResultContent) -> str:
    """A figure of ``result`` with its unit ("9.0 %", "12.3 per 1,000 inhabitants");
    a dash without one."""
    if value is None or not math.isfinite(value):
        return DASH
    text = number(value, _decimals(value, result))
    if result.unit == "%":
        return f"{text}\u00a0%"
    if result.unit in BARE_UNITS:
        return text
    return f"{text}\u00a0{unit_label(result.unit)}"


@register.filter
def figure(value: float | None, result: ResultContent) -> str:
    return value_text(value, result)


def signed_text(value: float, decimals: int) -> str:
    """A change with its sign ("+1.8", "0"); a negative one with a real minus sign."""
    rounded = round(value, decimals)
    text = number(abs(rounded), decimals)
    if rounded > 0:
        return f"+{text}"
    if rounded < 0:
        return f"\u2212{text}"
    return text


@register.filter
def signed(value: float | None, decimals: int = 1) -> str:
    return DASH if value is None else signed_text(value, decimals)


@register.filter
def euro(amount: str) -> str:
    """An amount of the content (a Decimal as text) in whole euros, as the agenda's money
    tables show it ("€ 12,000")."""
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError):
        return DASH
    return f"€\u00a0{number_format(round(value), decimal_pos=0, force_grouping=True)}"


@register.simple_tag
def period_text(start: str | dt.date, end: str | dt.date) -> str:
    """The report's period: "2025" for a calendar year, else both dates."""
    first, last = as_date(start), as_date(end)
    if first is None or last is None:
        return ""
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and (
        first.year == last.year
    ):
        return str(first.year)
    return f"{date_format(first, 'j F Y')} \N{EN DASH} {date_format(last, 'j F Y')}"


@register.simple_tag
def result_sentence(result: ResultContent) -> str:
    """One outcome indicator in one sentence: baseline, latest and target, as the monitor
    (or the bureau's measurement) has them. A sensitive figure is "not public", a
    missing one "no figure yet": never 0."""
    if result.hidden:
        return _("%(name)s: Not public (sensitive figure).") % {"name": result.name}
    parts = []
    if result.baseline is not None:
        value = value_text(result.baseline, result)
        parts.append(
            _("%(value)s in %(year)s (baseline)") % {"value": value, "year": result.baseline_year}
            if result.baseline_year
            else _("%(value)s (baseline)") % {"value": value}
        )
    if result.latest is None:
        parts.append(_("no figure yet"))
    elif result.baseline is None or result.latest_year != result.baseline_year:
        parts.append(
            _("%(value)s in %(year)s")
            % {"value": value_text(result.latest, result), "year": result.latest_year}
        )
    figures = ", ".join(parts)
    if result.target is not None:
        target = value_text(result.target, result)
        figures += "; " + (
            _("target %(value)s in %(year)s") % {"value": target, "year": result.target_year}
            if result.target_year
            else _("target %(value)s") % {"value": target}
        )
    sentence = _("%(name)s: %(figures)s.") % {"name": result.name, "figures": figures}
    reference = reference_text(result)
    return f"{sentence} {reference}" if reference else sentence


@register.simple_tag
def reference_text(result: ResultContent) -> str:
    """How the reference group changed over the same years; "" when it is not known."""
    change = result.reference_change
    if result.hidden or change is None:
        return ""
    return _("The reference group changed by %(change)s over the same years.") % {
        "change": signed_text(change, result.decimals)
    }


@register.inclusion_tag("reports/_trend_chart.html")
def trend_chart(result: ResultContent, key: str, index: int = 1) -> dict[str, Any]:
    """The indicator's trend as inline SVG with its accessible name and description, and
    the table of the same figures (ids ``chart-<key>-<index>``, unique on the page).
    Nothing for a hidden indicator or one without series; the table alone when there
    are too few years for a line."""
    chart_id = f"chart-{key}-{index}"
    chart = charts.trend_chart(result, fmt=number)
    rows = [(year, value_text(value, result)) for year, value in result.series]
    if result.hidden or not rows:
        return {"show": False}
    span = f"{rows[0][0]}\N{EN DASH}{rows[-1][0]}" if len(rows) > 1 else str(rows[0][0])
    description = [
        _("%(indicator)s by year: %(values)s.")
        % {"indicator": result.name, "values": ", ".join(f"{y} {v}" for y, v in rows)}
    ]
    if chart and chart.baseline:
        description.append(
            _("Baseline: %(value)s in %(year)s.")
            % {"value": value_text(result.baseline, result), "year": result.baseline_year}
        )
    if chart and chart.target:
        description.append(
            _("Target: %(value)s in %(year)s.")
            % {"value": value_text(result.target, result), "year": result.target_year}
            if result.target_year
            else _("Target: %(value)s.") % {"value": value_text(result.target, result)}
        )
    return {
        "show": True,
        "chart": chart,
        "chart_id": chart_id,
        "result": result,
        "rows": rows,
        "title": _("%(indicator)s, %(span)s") % {"indicator": result.name, "span": span},
        "description": " ".join(description),
        "unit": unit_label(result.unit) if result.unit not in BARE_UNITS else "",
    }
