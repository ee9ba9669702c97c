"""The initiatives dashboard ("always an answer", measured), its CSV and the programme
bureau's log of rule conflicts per department.

Thin: the place and the facts from ``dashboard_selectors``, the figures from the pure
``dashboard``; here only the words and the formatting. The page's tables and the CSV
come from the same figures.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wendbaar.accounts.access import permission
from wendbaar.core.spreadsheet import csv_cell

from . import dashboard as stats
from . import dashboard_selectors as selectors
from .constants import InitiativeStatus, SupportKind
from .permissions import VIEW

NO_FIGURE = "\u2013"  # an en dash: no figure, never 0
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"  # as the monitor's exports: UTF-8, no BOM


def _number(value: Any, digits: int = 0) -> str:
    if value is None:
        return NO_FIGURE
    return number_format(value, decimal_pos=digits, use_l10n=True, force_grouping=True)


def _euro(value: Decimal) -> str:
    return "€\u00a0" + _number(value, 0)


def _status_label(status: str) -> str:
    try:
        return str(InitiativeStatus(status).label)
    except ValueError:
        return status


def _kind_label(kind: str) -> str:
    try:
        return str(SupportKind(kind).label)
    except ValueError:
        return kind


def _wijk_query(place: selectors.Place) -> str:
    return urlencode({"wijk": place.district.code}) if place.district else ""


def _context(place: selectors.Place, d: stats.Dashboard) -> dict[str, Any]:
    code = place.municipality.code
    wijk = _wijk_query(place)
    list_url = reverse("initiatives:list", args=[code])
    overdue_url = f"{list_url}?{wijk + '&' if wijk else ''}overdue=1"
    num = {"numeric": True}
    status_rows = [[_status_label(s), {"text": _number(n), **num}] for s, n in d.by_status]
    conflict_rows = [
        [
            c.department,
            {"text": _number(c.open), **num},
            {"text": _number(c.resolved), **num},
            {"text": _number(c.blocked), **num},
            {"text": _number(c.were_blocked), **num},
        ]
        for c in d.conflicts
    ]
    support_rows = [
        [
            _kind_label(s.kind),
            {"text": _number(s.count), **num},
            {"text": _euro(s.amount) if s.with_amount else NO_FIGURE, **num},
        ]
        for s in d.support
    ]
    return {
        "place": place,
        "municipality": place.municipality,
        "district": place.district,
        "d": d,
        "wijk_query": wijk,
        "list_url": list_url,
        "overdue_url": overdue_url,
        "within_percent": _number(d.within_promise.percent, 0),
        "days_to_owner": _number(d.days_to_owner.value, 1),
        "days_to_answer": _number(d.days_to_answer.value, 1),
        "handovers_mean": _number(d.handovers.mean, 2),
        "status_columns": [_("Status"), {"label": _("Initiatives"), "numeric": True}],
        "status_rows": status_rows,
        "status_chart": stats.bar_chart(
            [(_status_label(s), n, _number(n)) for s, n in d.by_status]
        ),
        "conflict_columns": [
            _("Department"),
            {"label": _("Open conflicts"), "numeric": True},
            {"label": _("Resolved conflicts"), "numeric": True},
            {"label": _("Initiatives blocked now"), "numeric": True},
            {"label": _("Initiatives no longer blocked"), "numeric": True},
        ],
        "conflict_rows": conflict_rows,
        "conflict_chart": stats.bar_chart(
            [
                (
                    c.department,
                    c.open,
                    _("%(open)s open, %(resolved)s resolved")
                    % {"open": _number(c.open), "resolved": _number(c.resolved)},
                )
                for c in d.conflicts
            ]
        ),
        "support_columns": [
            _("Kind of support"),
            {"label": _("Times given"), "numeric": True},
            {"label": _("Amount (euro)"), "numeric": True},
        ],
        "support_rows": support_rows,
        "support_chart": stats.bar_chart(
            [
                (
                    _kind_label(s.kind),
                    s.count,
                    _number(s.count) + (f" ({_euro(s.amount)})" if s.with_amount else ""),
                )
                for s in d.support
            ]
        ),
        "support_total": _euro(d.support_amount),
    }


@permission(VIEW)
def dashboard(request, code: str):
    place = selectors.place_for(request.user, code, request.GET.get("wijk", ""))
    d = selectors.dashboard_for(request.user, place)
    return render(request, "initiatives/dashboard/dashboard.html", _context(place, d))


CSV_COLUMNS = ["section", "figure", "label", "value", "unit", "n"]


def _row_label(row: stats.FigureRow, d: stats.Dashboard) -> str:
    """The figure in words (the ``figure`` column keeps the stable key)."""
    words = {
        ("initiatives", "total"): _("Initiatives"),
        ("speed", "days_to_owner"): _("Median working days to a contact person"),
        ("speed", "days_to_answer"): _("Median working days to a first answer"),
        ("promise", "answered_within_promise"): _("Answered within the promise"),
        ("promise", "within"): _("Answered on or before the promised day"),
        ("promise", "not_due_yet"): _("Not counted: no answer yet, not due yet"),
        ("promise", "overdue_now"): _("Overdue now"),
        ("handovers", "total"): _("Hand-overs"),
        ("handovers", "mean_per_initiative"): _("Hand-overs per initiative (mean)"),
    }
    if (row.section, row.key) in words:
        return words[(row.section, row.key)]
    if row.section == "status":
        return _status_label(row.key)
    if row.section == "handovers":
        return _("Initiatives with more than %(max)s hand-overs") % {
            "max": d.handovers.max_handovers
        }
    name, _sep, what = row.key.rpartition(": ")
    if row.section == "support":
        return f"{_kind_label(name)}: " + (_("times given") if what == "count" else _("amount"))
    if row.section == "rule_conflicts":
        what_words = {
            "open": _("open conflicts"),
            "resolved": _("resolved conflicts"),
            "blocked": _("initiatives blocked now"),
            "were_blocked": _("initiatives no longer blocked"),
        }
        return f"{name}: {what_words.get(what, what)}"
    return row.key


@permission(VIEW)
def dashboard_csv(request, code: str):
    place = selectors.place_for(request.user, code, request.GET.get("wijk", ""))
    d = selectors.dashboard_for(request.user, place)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in stats.figure_rows(d):
        # Through core.spreadsheet: a department named "=…" must not become a formula.
        writer.writerow(
            [
                csv_cell(v)
                for v in (
                    row.section,
                    row.key,
                    _row_label(row, d),
                    "" if row.value is None else row.value,
                    row.unit,
                    "" if row.n is None else row.n,
                )
            ]
        )
    where = place.district.code if place.district else place.municipality.code
    filename = f"initiatives-{where}-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission(VIEW)
def rule_conflicts(request, code: str):
    place = selectors.place_for(request.user, code, request.GET.get("wijk", ""))
    logs = selectors.conflict_log(request.user, place)
    return render(
        request,
        "initiatives/dashboard/rule_conflicts.html",
        {
            "place": place,
            "municipality": place.municipality,
            "district": place.district,
            "logs": logs,
            "wijk_query": _wijk_query(place),
            "open_total": sum(log.open for log in logs),
        },
    )
