"""Shared page components: ``{% load ui %}``.

Forms: ``{% error_summary form %}``, ``{% form_fields form %}``, ``{% form_field field %}``.
Content: ``{% data_table %}``, ``{% figure %}``, ``{% provenance_list %}``,
``{% definition_list %}``, ``{% breadcrumbs %}``. Each renders one template in
``ui/components/``.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.db.models import QuerySet
from django.forms import BaseForm
from django.forms.boundfield import BoundField
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ..forms import KIND_GROUP, error_anchor, field_kind

register = template.Library()

VALUE = "value"
MISSING = "missing"
# Why a figure is absent, in the monitor's words (its msgids, so one translation).
# A status is never shown as a number: "secret" is not 0.
STATUS_TEXT = {
    "secret": _("secret"),
    "not_available": _("not available"),
    "suppressed": _("suppressed (too few inhabitants)"),
    MISSING: _("no figure"),
}


def _get(obj: Any, name: str, default: Any = None) -> Any:
    """A key of a dict or an attribute of an object: components take either."""
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


# --- forms ----------------------------------------------------------------------------


@register.inclusion_tag("ui/components/error_summary.html")
def error_summary(form: BaseForm | None) -> dict[str, Any]:
    """The form's errors at the top, each linked to its field (a group's fieldset)."""
    if form is None or not form.errors:
        return {"show": False}
    items = [
        {"href": f"#{error_anchor(field)}", "label": field.label, "message": message}
        for field in form.visible_fields()
        for message in field.errors
    ]
    return {"show": True, "non_field_errors": form.non_field_errors(), "items": items}


@register.inclusion_tag("ui/components/field.html")
def form_field(field: BoundField) -> dict[str, Any]:
    kind = field_kind(field)
    return {
        "field": field,
        "kind": kind,
        "input_type": getattr(field.field.widget, "input_type", ""),
        # A group's fieldset is described as a whole (Django leaves this to the template).
        "describedby": field.aria_describedby if kind == KIND_GROUP else "",
    }


@register.inclusion_tag("ui/components/form_fields.html")
def form_fields(form: BaseForm) -> dict[str, Any]:
    """Hidden fields, then each visible field through ``form_field``."""
    return {"form": form}


# --- content --------------------------------------------------------------------------


def _cell(cell: Any) -> dict[str, Any]:
    if isinstance(cell, Mapping):
        return {
            "text": cell.get("text", ""),
            "href": cell.get("href"),
            "numeric": cell.get("numeric"),
        }
    return {"text": cell, "href": None, "numeric": False}


@register.inclusion_tag("ui/components/data_table.html")
def data_table(
    caption: str,
    columns: Iterable[Any],
    rows: Iterable[Iterable[Any]],
    *,
    row_header: bool = False,
    table_id: str = "",
) -> dict[str, Any]:
    """A captioned Utrecht table. ``columns``: labels or ``{"label", "numeric"}``; each
    row: cells, plain (shown as given: format years and numbers before) or
    ``{"text", "href", "numeric"}``. ``row_header``: the first cell heads its row."""
    cols = [
        {"label": _get(c, "label", c), "numeric": bool(_get(c, "numeric", False))}
        if isinstance(c, Mapping)
        else {"label": c, "numeric": False}
        for c in columns
    ]
    body = []
    for row in rows:
        cells = [_cell(c) for c in row]
        for cell, col in zip(cells, cols, strict=False):
            if cell["numeric"] is None or cell["numeric"] is False:
                cell["numeric"] = col["numeric"]
        body.append(cells)
    return {
        "caption": caption,
        "columns": cols,
        "rows": body,
        "row_header": row_header,
        "table_id": table_id,
    }


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, decimal.Decimal):
        return value.is_finite()
    return isinstance(value, int | float) and math.isfinite(value)


@register.inclusion_tag("ui/components/figure.html")
def figure(fig: Any, *, decimals: int = 1, label: str = "") -> dict[str, Any]:
    """One figure with its provenance. ``fig`` (a dict or an object): ``value``,
    ``status`` ("value", "secret", "suppressed", "not_available"…), optional ``text``
    (already formatted), ``unit``, ``label``, ``source``, ``table``, ``year``,
    ``definition``. Without a value the reason is shown, never 0."""
    value = _get(fig, "value")
    status = _get(fig, "status") or VALUE
    has_value = _is_number(value) and status == VALUE
    if has_value:
        text = _get(fig, "text") or number_format(
            round(value, decimals), decimal_pos=decimals, force_grouping=True
        )
        state = VALUE
    else:
        state = status if status in STATUS_TEXT else MISSING
        text = STATUS_TEXT[state]
    return {
        "has_value": has_value,
        "text": text,
        "unit": _get(fig, "unit", "") if has_value else "",
        "css_class": "figure" if has_value else f"figure figure--{state.replace('_', '-')}",
        "label": label or _get(fig, "label", ""),
        "source": _get(fig, "source", ""),
        "table": _get(fig, "table", ""),
        "year": _get(fig, "year"),
        "definition": _get(fig, "definition", ""),
    }


@register.inclusion_tag("ui/components/provenance_list.html")
def provenance_list(
    *,
    source: Any = "",
    table: Any = "",
    calculation: Any = "",
    derivation: Any = "",
    year: Any = None,
    definition: Any = "",
    unit: Any = "",
) -> dict[str, Any]:
    """Where a figure comes from: a term and its text for each one given, in the order
    Source, Table, Calculation, Derivation, Year, Definition, Unit; nothing without any.
    The year is written as is (2024, never "2.024"). An empty one is left out: a caller
    that always lists one passes its own placeholder (the monitor: a dash, with
    ``|default``)."""
    return {
        "source": source,
        "table": table,
        "calculation": calculation,
        "derivation": derivation,
        "year": year,
        "definition": definition,
        "unit": unit,
    }


@register.inclusion_tag("ui/components/definition_list.html")
def definition_list(items: Iterable[Any], *, css_class: str = "") -> dict[str, Any]:
    """Terms and descriptions: ``(term, description)`` pairs or ``{"term", "description"}``.
    An empty description shows a dash, so a blank is never mistaken for missing markup."""
    rows = []
    for item in items:
        term, desc = (
            (item.get("term"), item.get("description")) if isinstance(item, Mapping) else item
        )
        rows.append({"term": term, "description": desc})
    return {"items": rows, "css_class": css_class}


def _crumb(obj: Any) -> dict[str, Any]:
    label = getattr(obj, "name", None) or getattr(obj, "title", None) or str(obj)
    return {"label": label, "href": obj.get_absolute_url()}


def _crumbs(args: Iterable[Any]) -> list[dict[str, Any]]:
    """Label/url pairs, objects with a page of their own (an area, a wijkaanpak), or
    lists of such objects (an area's ancestors). An empty label (None, "") is an optional
    level: it is left out with the url after it; an empty list is left out."""
    items, crumbs = list(args), []
    i = 0
    while i < len(items):
        item = items[i]
        if hasattr(item, "get_absolute_url"):
            crumbs.append(_crumb(item))
        elif isinstance(item, list | tuple | QuerySet):
            crumbs += [_crumb(obj) for obj in item]
        elif item is None or not str(item):
            if i + 1 < len(items) and isinstance(items[i + 1], str):
                i += 1
        else:
            if i + 1 == len(items):
                raise template.TemplateSyntaxError(f"breadcrumbs: {item!r} has no url")
            crumbs.append({"label": item, "href": items[i + 1]})
            i += 1
        i += 1
    return crumbs


@register.inclusion_tag("ui/components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context: template.Context, *crumbs: Any, current: str = "") -> dict[str, Any]:
    """``{% breadcrumbs label1 url1 area.ancestors area … current="This page" %}``: label/url
    pairs and objects with a page (see ``_crumbs``); ``current`` ends the trail with this
    page (``aria-current="page"``)."""
    request = context.get("request")
    return {
        "crumbs": _crumbs(crumbs),
        "current": current,
        "current_href": request.path if request is not None else "",
    }
