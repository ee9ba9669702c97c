"""The portfolio of a wijkaanpak (the fragmentation view) and its CSV/XLSX export.

Thin: the facts from ``portfolio_selectors``, the figures and findings from the pure
``portfolio``; here only the words and the formatting. The page's tables and the exports
come from the same figures. Who may see it: whoever holds ``proposals.view_proposal``
for one of the wijkaanpak's areas (the programme bureau, the wijkmanager, a beheerder);
a partner sees its own proposals on the list, not the portfolio.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, get_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from wendbaar.accounts.access import signed_in
from wendbaar.agenda.constants import ProjectStatus
from wendbaar.agenda.money import NO_BUDGET_HOLDER
from wendbaar.agenda.views import warning_text
from wendbaar.agenda.warnings import Warning as ProgrammeWarning
from wendbaar.approaches.models import Approach
from wendbaar.approaches.permissions import get_approach_for_user, may_in_approach
from wendbaar.core.spreadsheet import csv_cell, xlsx_row

from . import portfolio as pf
from . import portfolio_selectors
from .constants import Decision, Step
from .permissions import VIEW

FORMATS = {
    "csv": "text/csv; charset=utf-8",  # as the other exports: UTF-8, no BOM
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
NO_FIGURE = "\u2013"  # an en dash: no figure, never 0
WARNINGS = {
    "goals_without_project",
    "effect_without_any",
    "project_carousel",
    "carousel_cluster_goal",
    "carousel_cluster_area",
    "co_funding_below",
    "proposals_overdue",
}


def _approach(request: HttpRequest, pk: int) -> Approach:
    approach = get_approach_for_user(request.user, pk)
    if not may_in_approach(request.user, VIEW, approach):
        raise PermissionDenied
    return approach


def _euro(value: Decimal | None) -> str:
    if value is None:
        return NO_FIGURE
    return "€\xa0" + number_format(value, 0, force_grouping=True)


def _names(names: list[str]) -> str:
    return ", ".join(f"“{n}”" for n in names)


# --- the findings in words -----------------------------------------------------------------


def finding_text(f: pf.Finding) -> str:
    p = f.params
    if f.code == "goals_without_project":
        text = ngettext(
            "%(count)s of %(total)s goals has no project: %(goals)s.",
            "%(count)s of %(total)s goals have no project: %(goals)s.",
            p["count"],
        ) % {**p, "goals": _names(p["goals"])}
        if p["with_proposal"]:
            text += " " + _("A proposal on its way serves %(goals)s.") % {
                "goals": _names(p["with_proposal"])
            }
        return text
    if f.code == "effect_without_any":
        return _("The effect “%(effect)s” has no project or proposal.") % p
    if f.code == "project_carousel":
        return warning_text(ProgrammeWarning(f.code, p))
    if f.code == "carousel_projects":
        return (
            ngettext(
                "%(count)s of %(total)s project is short, small and without follow-up.",
                "%(count)s of %(total)s projects are short, small and without follow-up.",
                p["total"],
            )
            % p
        )
    if f.code == "carousel_cluster_goal":
        return (
            _(
                "The goal “%(name)s” has %(count)s short, small projects without follow-up "
                "(of %(total)s projects): they cluster there."
            )
            % p
        )
    if f.code == "carousel_cluster_area":
        return (
            _(
                "In %(name)s, %(count)s projects are short, small and without follow-up "
                "(of %(total)s projects): they cluster there."
            )
            % p
        )
    if f.code == "proposals_alike":
        return (
            ngettext(
                "%(count)s proposal on its way would add another short, small project.",
                "%(count)s proposals on their way would add more short, small projects.",
                p["count"],
            )
            % p
        )
    if f.code in ("co_funding", "co_funding_meets", "co_funding_below"):
        words = {
            "percent": p["percent"],
            "others": _euro(p["others"]),
            "cost": _euro(p["cost"]),
            "minimum": p["minimum"],
        }
        if f.code == "co_funding_meets":
            text = _(
                "Co-funding of the portfolio %(percent)s %% (%(others)s of %(cost)s): meets "
                "the %(minimum)s %% of the framework."
            )
        elif f.code == "co_funding_below":
            text = _(
                "Co-funding of the portfolio %(percent)s %% (%(others)s of %(cost)s): below "
                "the %(minimum)s %% of the framework."
            )
        else:
            text = _("Co-funding of the portfolio %(percent)s %% (%(others)s of %(cost)s).")
        return text % words + _left_out(p["left_out"])
    if f.code == "co_funding_unknown":
        if p["reason"] == NO_BUDGET_HOLDER:
            return _(
                "Co-funding of the portfolio unknown: the wijkaanpak names no budget "
                "holder, so no money counts as its own."
            )
        return _("Co-funding of the portfolio unknown: no project or approved proposal has a cost.")
    if f.code == "proposals_overdue":
        return (
            ngettext(
                "%(count)s proposal waits past the date the bureau promised.",
                "%(count)s proposals wait past the date the bureau promised.",
                p["count"],
            )
            % p
        )
    return f.code


def _left_out(count: int) -> str:
    if not count:
        return ""
    return " " + ngettext(
        "(%(count)s without a cost left out.)", "(%(count)s without a cost left out.)", count
    ) % {"count": count}


# --- labels --------------------------------------------------------------------------------


def _state_label(item: pf.Item) -> str:
    if item.kind == pf.PROJECT:
        try:
            return str(ProjectStatus(item.state).label)
        except ValueError:
            return item.state
    label = str(Step(item.state).label) if item.state in Step.values else item.state
    if item.decision in Decision.values:
        label += ": " + str(Decision(item.decision).label)
    return label


class _Urls:
    """Each proposal's and project's address: reversed once, then filled in (reversing
    350 addresses one by one costs more than the rest of the page's rows)."""

    MARK = "987654321"

    def __init__(self, approach_id: int) -> None:
        self.project = reverse("agenda:project", kwargs={"pk": approach_id, "project": self.MARK})
        self.proposal = reverse(
            "proposals:detail", kwargs={"pk": approach_id, "proposal": self.MARK}
        )

    def __call__(self, item: pf.Item) -> str:
        pattern = self.project if item.kind == pf.PROJECT else self.proposal
        return pattern.replace(self.MARK, str(item.id))


class _Dates:
    """ "1 Mar 2027" in the user's language; the month names looked up once."""

    def __init__(self) -> None:
        self.months = {m: date_format(dt.date(2000, m, 1), "M") for m in range(1, 13)}

    def __call__(self, day: dt.date | None) -> str:
        return f"{day.day}\xa0{self.months[day.month]}\xa0{day.year}" if day else "…"


@dataclass(frozen=True)
class Row:
    """One proposal or project as the page shows it; ``html`` is its table row, built
    here with every value escaped: 350 rows through the template engine cost more than
    half of the page's time budget."""

    item: pf.Item
    url: str
    html: SafeString


ROW_HTML = (
    '<tr class="utrecht-table__row">'
    '<th scope="row" class="utrecht-table__header-cell">'
    '<a class="utrecht-link" href="{}">{}</a>{}</th>'
    '<td class="utrecht-table__cell">{}</td>'
    '<td class="utrecht-table__cell">{}</td>'
    '<td class="utrecht-table__cell">{}</td>'
    '<td class="utrecht-table__cell">{}</td>'
    '<td class="utrecht-table__cell">{}</td>'
    '<td class="utrecht-table__cell">{}</td>'
    '<td class="utrecht-table__cell utrecht-table__cell--numeric-data">{}</td>'
    '<td class="utrecht-table__cell utrecht-table__cell--numeric-data">{}</td>'
    "</tr>"
)
NOTE_HTML = ' <span class="figure-source">({})</span>'


class _Euros:
    """ "€ 40,000" in the user's language, the separator looked up once (350 amounts
    through ``number_format`` cost a tenth of the page's time)."""

    def __init__(self) -> None:
        self.separator = get_format("THOUSAND_SEPARATOR")

    def __call__(self, value: Decimal | None) -> str:
        if value is None:
            return NO_FIGURE
        return "€\xa0" + f"{round(value):,}".replace(",", self.separator)


def _rows(approach: Approach, p: pf.Portfolio, names: dict) -> list[Row]:
    carousel = set(p.carousel.projects)
    holder = approach.budget_holder_id
    url_of, date, euro = _Urls(approach.pk), _Dates(), _Euros()
    carousel_note = format_html(NOTE_HTML, _("short, small, without follow-up"))
    not_counted = format_html(NOTE_HTML, _("not counted"))
    kinds = {pf.PROJECT: _("Project"), pf.PROPOSAL: _("Proposal")}
    states: dict[tuple, str] = {}
    goal_names, effect_names, area_names = names["goal"], names["effect"], names["area"]
    rows = []
    for item in p.items:
        share, other = NO_FIGURE, item.other_money(holder)
        if item.cost and other is not None:
            share = f"{round(100 * other / item.cost)}\xa0%"
        url = url_of(item)
        notes = ""
        if item.kind == pf.PROJECT and item.id in carousel:
            notes = carousel_note
        if not pf.counts(item):
            notes += not_counted
        key = (item.kind, item.state, item.decision)
        if key not in states:
            states[key] = _state_label(item)
        cells = (
            kinds[item.kind],
            states[key],
            "; ".join(goal_names[g] for g in sorted(item.goals) if g in goal_names) or NO_FIGURE,
            # In the framework's order, as the matrix's columns.
            "; ".join(n for e, n in effect_names.items() if e in item.effects) or NO_FIGURE,
            ", ".join(area_names[a] for a in sorted(item.areas) if a in area_names) or NO_FIGURE,
            f"{date(item.start)} {NO_FIGURE} {date(item.end)}",
            euro(item.cost),
            share,
        )
        # The standard library's escape: the same escaping as format_html's, without
        # its per-value overhead (350 rows of eleven cells).
        html = ROW_HTML.format(
            escape(url), escape(item.title), notes, *(escape(str(c)) for c in cells)
        )
        rows.append(Row(item=item, url=url, html=mark_safe(html)))  # every value escaped
    return rows


def _waiting_links(proposals: list[dict]) -> SafeString:
    """The proposals of a step, oldest first, each with its age (and "overdue")."""
    overdue = _("overdue")
    return format_html_join(
        "; ",
        '<a class="utrecht-link" href="{}">{}</a> ({}{})',
        (
            (
                w["row"].url,
                w["row"].item.title,
                NO_FIGURE if w["age"] is None else w["age"],
                format_html(", <strong>{}</strong>", overdue) if w["overdue"] else "",
            )
            for w in proposals
        ),
    )


def _names_of(facts: portfolio_selectors.Facts) -> dict[str, dict]:
    return {
        "goal": {g.key: g.name for g in facts.goals},
        "effect": {e.key: e.name for e in facts.effects},
        "area": {a.key: a.name for a in facts.areas},
    }


def _projects(n: int) -> str:
    return ngettext("%(n)s project", "%(n)s projects", n) % {"n": n}


def _proposals(n: int) -> str:
    return ngettext("%(n)s proposal", "%(n)s proposals", n) % {"n": n}


CELL_SVG = (
    '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" stroke="#6B6B6B"{dash}>'
    "<title>{row} &#8211; {column}: {projects}, {proposals}</title></rect>"
    '<text x="{tx}" y="{y1}" font-size="12" fill="{ink}" font-weight="bold">{projects}</text>'
    '<text x="{tx}" y="{y2}" font-size="11" fill="{ink}">{proposals}</text>'
)


def _svg_cells(row: pf.GridRow, grid: pf.HeatGrid) -> SafeString:
    """A row's cells of the heat grid, every text escaped (built here, not in the
    template: a grid of goals by effects is hundreds of template variables)."""
    return mark_safe(  # every value below is a number, a colour constant or escaped
        "".join(
            CELL_SVG.format(
                x=c.x,
                y=c.y,
                w=grid.cell_width,
                h=grid.cell_height,
                fill=c.fill,
                dash=' stroke-dasharray="4 3"' if c.empty else "",
                row=escape(c.row),
                column=escape(c.column),
                projects=escape(_projects(c.projects)),
                proposals=escape(_proposals(c.proposals)),
                tx=c.text_x,
                y1=c.line1_y,
                y2=c.line2_y,
                ink=c.ink,
            )
            for c in row.cells
        )
    )


def _matrix(p: pf.Portfolio, names: dict) -> dict[str, Any]:
    m = p.matrix
    row_keys, column_keys = m.rows, m.columns
    row_labels = [names["goal"].get(g, "") if g is not None else _("No goal") for g in row_keys]
    column_labels = [
        names["effect"].get(e, "") if e is not None else _("No effect named") for e in column_keys
    ]
    cells = [[m.cell(g, e) for e in column_keys] for g in row_keys]
    grid = pf.heat_grid(row_labels, column_labels, cells)
    return {
        "grid": grid,
        "svg_rows": [{"row": r, "cells": _svg_cells(r, grid)} for r in grid.rows],
        "legend": [
            (_("no project"), pf.SHADES[0]),
            (_("1 project"), pf.SHADES[1]),
            (_("2 or 3 projects"), pf.SHADES[2]),
            (_("4 or more projects"), pf.SHADES[3]),
        ],
        "columns": column_labels,
        "rows": [
            {
                "label": label,
                "cells": [
                    {"column": c_label, "cell": c}
                    for c_label, c in zip(column_labels, row, strict=True)
                ],
                "total": m.goal_totals.get(g, pf.Cell()),
            }
            for g, label, row in zip(row_keys, row_labels, cells, strict=True)
        ],
        "column_totals": [m.effect_totals.get(e, pf.Cell()) for e in column_keys],
    }


def _context(approach: Approach, facts: portfolio_selectors.Facts, p: pf.Portfolio) -> dict:
    names = _names_of(facts)
    rows = _rows(approach, p, names)
    by_id = {(r.item.kind, r.item.id): r for r in rows}
    return {
        "approach": approach,
        "p": p,
        "framework": facts.framework,
        "findings": [{"text": finding_text(f), "warning": f.code in WARNINGS} for f in p.findings],
        "matrix": _matrix(p, names),
        "rows": rows,
        # One piece of markup for the whole table body: 350 template variables less.
        "rows_html": mark_safe("".join(r.html for r in rows)),  # each row escaped
        "proposal_count": sum(1 for r in rows if r.item.kind == pf.PROPOSAL),
        "project_count": sum(1 for r in rows if r.item.kind == pf.PROJECT),
        "waiting": [
            {
                "step": str(Step(s.step).label),
                "count": s.count,
                "oldest": s.oldest,
                "overdue": s.overdue,
                "links": _waiting_links(
                    [
                        {"row": by_id[(pf.PROPOSAL, w.item.id)], "age": w.age, "overdue": w.overdue}
                        for w in s.waiting
                    ]
                ),
            }
            for s in p.waiting
        ],
        "areas": [
            {"name": a.area.name if a.area else _("No area named"), "count": a} for a in p.areas
        ],
        "co_funding_others": _euro(p.co_funding.others),
        "co_funding_cost": _euro(p.co_funding.cost),
        "minimum_percent": None if p.minimum is None else round(float(p.minimum) * 100),
        "export_csv": reverse("proposals:portfolio_export", args=[approach.pk, "csv"]),
        "export_xlsx": reverse("proposals:portfolio_export", args=[approach.pk, "xlsx"]),
        "list_url": reverse("proposals:list", args=[approach.pk]),
    }


@signed_in
@require_safe
def portfolio(request: HttpRequest, pk: int) -> HttpResponse:
    approach = _approach(request, pk)
    facts = portfolio_selectors.portfolio_facts(request.user, approach)
    p = portfolio_selectors.portfolio_from(facts, timezone.localdate())
    return render(request, "proposals/portfolio.html", _context(approach, facts, p))


# --- exports -------------------------------------------------------------------------------

# Stable English keys, so a script reads every language's export.
ITEM_COLUMNS = [
    "kind",
    "id",
    "title",
    "step_or_status",
    "decision",
    "counted",
    "goals",
    "effects",
    "areas",
    "start",
    "end",
    "cost",
    "own_money",
    "other_money",
    "carousel",
    "step_since",
    "step_due",
    "waiting_working_days",
    "overdue",
    "url",
]


def _item_rows(request: HttpRequest, approach: Approach, p: pf.Portfolio, names: dict) -> list:
    holder = approach.budget_holder_id
    carousel = set(p.carousel.projects)
    ages = {w.item.id: w for s in p.waiting for w in s.waiting}
    url_of = _Urls(approach.pk)
    out = []
    for item in p.items:
        wait = ages.get(item.id) if item.kind == pf.PROPOSAL else None
        out.append(
            [
                item.kind,
                item.id,
                item.title,
                item.state,
                item.decision,
                "yes" if pf.counts(item) else "no",
                "; ".join(names["goal"][g] for g in sorted(item.goals) if g in names["goal"]),
                "; ".join(sorted(item.effects)),
                "; ".join(names["area"][a] for a in sorted(item.areas) if a in names["area"]),
                item.start.isoformat() if item.start else "",
                item.end.isoformat() if item.end else "",
                item.cost,
                item.own_money(holder),
                item.other_money(holder),
                "yes" if item.kind == pf.PROJECT and item.id in carousel else "no",
                item.step_since.isoformat() if item.step_since else "",
                item.step_due.isoformat() if item.step_due else "",
                wait.age if wait else "",
                ("yes" if wait.overdue else "no") if wait else "",
                request.build_absolute_uri(url_of(item)),
            ]
        )
    return out


def _matrix_rows(p: pf.Portfolio, names: dict) -> list:
    m = p.matrix
    return [
        [
            names["goal"].get(g, "") if g is not None else "",
            e or "",
            m.cell(g, e).projects,
            m.cell(g, e).proposals,
        ]
        for g in m.rows
        for e in m.columns
    ]


def _to_csv(columns: list[str], rows: list) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    # Through core.spreadsheet: a title like "=1+1" must not become a live formula.
    writer.writerow([csv_cell(c) for c in columns])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8")


def _to_xlsx(sheets: list[tuple[str, list[str], list]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(xlsx_row(sheet, columns))
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@signed_in
@require_safe
def portfolio_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404(fmt)
    approach = _approach(request, pk)
    facts = portfolio_selectors.portfolio_facts(request.user, approach)
    p = portfolio_selectors.portfolio_from(facts, timezone.localdate())
    names = _names_of(facts)
    items = _item_rows(request, approach, p, names)
    if fmt == "csv":
        body = _to_csv(ITEM_COLUMNS, items)
    else:
        waiting = [[s.step, s.count, s.oldest, s.overdue] for s in p.waiting]
        years = [[y.year, y.projects, y.carousel, y.proposals] for y in p.years]
        areas = [
            [a.area.name if a.area else "", a.proposals, a.projects, a.carousel] for a in p.areas
        ]
        body = _to_xlsx(
            [
                ("items", ITEM_COLUMNS, items),
                (
                    "goal_x_effect",
                    ["goal", "effect", "projects", "proposals"],
                    _matrix_rows(p, names),
                ),
                ("waiting", ["step", "count", "oldest_working_days", "overdue"], waiting),
                ("areas", ["area", "proposals", "projects", "carousel_projects"], areas),
                ("years", ["year", "projects_running", "carousel_projects", "proposals"], years),
            ]
        )
    filename = f"portfolio-{approach.pk}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
