"""A report's open-data bundle: every figure of the report as CSV with its provenance, and
the report itself as JSON, in one ZIP (issue #15).

Built only from the frozen ``ReportContent`` (``content.py``), so the bundle holds the
figures the page shows, and an adopted report gives the same bytes every time: fixed
timestamps (the adoption date, else the period's end), entries in sorted order, JSON with
sorted keys. Column names and keys (kinds of row, statuses, units) are stable English
words, so a script reads every language's bundle; the notes and the README are in the
active language (the view uses the site's, the language the report is frozen in).

Honest figures: a sensitive figure is an empty value with the note "Not public (sensitive
figure)", never 0; a figure that does not exist is an empty value with "no figure".
"""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wendbaar.core.spreadsheet import csv_cell

from .content import KeyFigureContent, ReportContent, ResultContent, to_json

# No one licence covers a report: the figures keep their source's terms, and residents'
# stories are quoted with consent to publication, which is not an open licence.
LICENCE = "figures: as their source (CBS open data: CC-BY-4.0); texts: not openly licensed"

RESULT_COLUMNS = [
    "chapter",
    "indicator",
    "area",  # empty: the wijkaanpak's areas together; else one buurt of its map
    "year",
    "value",
    "unit",
    "kind",
    "source",
    "tables",
    "definition",
    "note",
]
KEY_FIGURE_COLUMNS = ["code", *RESULT_COLUMNS[1:]]
MONEY_COLUMNS = ["chapter", "party", "planned", "committed", "spent"]
PROJECT_COLUMNS = [
    "chapter",
    "project",
    "status",
    "progress_percent",
    "reported_on",
    "narrative",
    "output_label",
    "output_value",
    "output_unit",
]

Row = list[Any]


def bundle(
    content: ReportContent,
    *,
    report_url: str,
    status: str,
    adopted_on: str | None = None,
) -> bytes:
    """The ZIP of ``content``. ``status``: the report's (a draft's bundle says so);
    ``adopted_on``: ISO date, the entries' timestamp (else the period's end)."""
    files = {
        "results.csv": _csv(RESULT_COLUMNS, results_rows(content)),
        "key_figures.csv": _csv(KEY_FIGURE_COLUMNS, key_figure_rows(content.key_figures)),
        "money.csv": _csv(MONEY_COLUMNS, money_rows(content)),
        "projects.csv": _csv(PROJECT_COLUMNS, project_rows(content)),
        "report.json": _json(content, report_url=report_url, status=status, adopted_on=adopted_on),
        "README.txt": _readme(content, report_url=report_url, status=status).encode("utf-8"),
    }
    stamp = _stamp(adopted_on or content.period_end)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever machine builds it
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            archive.writestr(info, files[name])
    return buffer.getvalue()


# --- rows ------------------------------------------------------------------------------------


def results_rows(content: ReportContent) -> Iterator[Row]:
    """Per chapter, per outcome indicator: its baseline, latest figure and target (each
    present, empty with a note when there is none), every year of its series, and the
    reference group's figures at the start and the end of the change."""
    for chapter in content.chapters:
        for result in chapter.results:
            for row in _result_rows(result):
                yield [chapter.title, *row]


def _result_rows(r: ResultContent) -> Iterator[Row]:
    if r.hidden:
        # Not even the target: a sensitive indicator has no figure in a public report.
        for kind in ("baseline", "latest", "target"):
            yield [r.name, "", "", "", r.unit, kind, "", "", "", _("Not public (sensitive figure)")]
        return
    if r.from_monitor:
        source, definition = r.provenance.source, r.provenance.definition
    else:
        source = _("The wijkaanpak's own measurement, recorded by the programme bureau")
        definition = ""

    def row(
        kind: str, year: int | None, value: float | None, note: str = "", area: str = ""
    ) -> Row:
        if value is None and not note:
            note = _("no figure")
        # The report keeps the tables of the latest year's figure only.
        tables = r.provenance.tables if r.from_monitor and year == r.latest_year else ""
        if not r.from_monitor and year == r.latest_year and r.provenance.source:
            note = _join(note, r.provenance.source)  # the note with the measurement
        cells = [_year(year), _number(value), r.unit, kind, source, tables, definition, note]
        return [r.name, area, *cells]

    agenda = _("as recorded when the goal was set") if r.baseline_source == "agenda" else ""
    yield row("baseline", r.baseline_year, r.baseline, agenda if r.baseline is not None else "")
    yield row("latest", r.latest_year, r.latest)
    yield row("target", r.target_year, r.target)
    for year, value in r.series:
        yield row("series", year, value)
    if r.reference_change is not None:
        group = _reference_note(r.reference_areas)
        yield row("reference_start", r.baseline_year, r.reference_start, group)
        yield row("reference_end", r.latest_year, r.reference_end, group)
    for a in r.area_figures:  # the map by buurt of the latest year
        missing = _("no figure (secret, suppressed or not available)") if a.value is None else ""
        yield row("buurt", r.latest_year, a.value, missing, f"{a.name} ({a.code})")


def key_figure_rows(figures: Sequence[KeyFigureContent]) -> Iterator[Row]:
    """Per key figure of the opening: the latest figure, the one its change is measured
    from, and the reference group's figures in the same two years."""
    for f in figures:
        group = _reference_note(f.reference_areas)
        figures_of = [("latest", f.year, f.value, "")]
        if f.start_year is not None:
            figures_of.insert(0, ("start", f.start_year, f.start_value, ""))
        if f.reference_change is not None:
            figures_of += [
                ("reference_start", f.start_year, f.reference_start, group),
                ("reference_end", f.year, f.reference_end, group),
            ]
        p = f.provenance
        for kind, year, value, note in figures_of:
            tables = p.tables if year == f.year else ""
            cells = [_year(year), _number(value), f.unit, kind, p.source, tables, p.definition]
            yield [f.code, f.name, "", *cells, note]


def money_rows(content: ReportContent) -> Iterator[Row]:
    """Per chapter per party, the amounts exactly as the report keeps them (never summed)."""
    for chapter in content.chapters:
        for m in chapter.money:
            yield [chapter.title, m.party, m.planned, m.committed, m.spent]


def project_rows(content: ReportContent) -> Iterator[Row]:
    """Per chapter per project serving its goal: its outputs, a row per output figure
    (one row without a figure when it reported none)."""
    for chapter in content.chapters:
        for o in chapter.outputs:
            head = [
                chapter.title,
                o.project,
                o.status,
                "" if o.progress is None else str(o.progress),
                o.reported_on,
                o.narrative,
            ]
            figures = o.figures or (("", None, ""),)
            for label, value, unit in figures:
                yield [*head, label, _number(value), unit]


# --- files -----------------------------------------------------------------------------------


def _csv(columns: list[str], rows: Iterable[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    # Through core.spreadsheet: a name like "=1+1" must not become a live formula.
    writer.writerow(columns)
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8")


def header(
    content: ReportContent, *, report_url: str, status: str, adopted_on: str | None
) -> dict[str, Any]:
    return {
        "title": content.title,
        "approach": content.approach,
        "municipality": content.municipality,
        "period": {"start": content.period_start, "end": content.period_end},
        "version": content.version,
        "status": status,
        "adopted_on": adopted_on,
        "url": report_url,
        "licence": LICENCE,
        "licence_note": _licence_note(),
    }


def _json(content: ReportContent, **kwargs: Any) -> bytes:
    document = {**header(content, **kwargs), "content": to_json(content)}
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False)
    return (text + "\n").encode("utf-8")


def _licence_note() -> str:
    return _(
        "Each figure keeps the terms of the source named with it; CBS open data is CC BY "
        "4.0: name the source when you use it. The report's texts and the residents' "
        "stories it quotes are not under an open licence: the stories are published with "
        "their tellers' consent; quote them with the report as the source."
    )


def _readme(content: ReportContent, *, report_url: str, status: str) -> str:
    facts = {
        "title": content.title,
        "approach": content.approach,
        "start": content.period_start,
        "end": content.period_end,
        "version": content.version,
        "status": status,
        "url": report_url,
    }
    not_public = _("Not public (sensitive figure)")
    paragraphs = [
        _("%(title)s — open data") % facts,
        _(
            "Wijkaanpak: %(approach)s. Period: %(start)s to %(end)s. Version %(version)s, "
            "status: %(status)s. The report: %(url)s"
        )
        % facts,
        _(
            "Every figure of the report, as the report holds it. An adopted report is "
            "frozen: these files do not change when the sources publish new figures."
        ),
        _("Files:"),
        _(
            "- results.csv: per chapter (a goal of the wijkaanpak) and outcome indicator, one "
            "row per figure: the baseline, the latest figure in the period, the target, every "
            "year of the series, and the reference group's figures at the start and the end "
            "of the change, and the latest year by buurt as on the report's map (kind: "
            "baseline, latest, target, series, reference_start, reference_end, buurt; the "
            "column area names the buurt, and is empty for the wijkaanpak's areas together)."
        ),
        _(
            "- key_figures.csv: the wijk's key figures in the opening: the latest figure, the "
            "figure its change is measured from (kind: start), and the reference group's "
            "figures in the same two years."
        ),
        _(
            "- money.csv: per chapter and party the money for the goal's projects in the "
            "period's years: planned, committed and spent, in euros, side by side (never "
            "added up: money planned is not money spent)."
        ),
        _(
            "- projects.csv: per chapter the projects serving the goal (what they did, apart "
            "from the outcomes): status, progress in percent, date and text of the latest "
            "progress report in the period, one row per output figure."
        ),
        _(
            "- report.json: the whole report (texts, voices, claims and figures) with a "
            "header: title, period, version, status, address and licence."
        ),
        _(
            "Where the figures come from: every row names its source (for the monitor's "
            "figures the publisher, e.g. CBS), its tables and the indicator's definition. "
            "The report keeps the tables of the latest year's figure only, so rows of other "
            "years leave the tables empty. A local indicator is measured by the wijkaanpak "
            "itself and recorded by the programme bureau."
        ),
        _(
            "Format: UTF-8, comma-separated with a header row; numbers with a dot as the "
            "decimal separator and no thousands separator; dates as YYYY-MM-DD; units and "
            "statuses as keys."
        ),
        _(
            "An empty value with the note “%(not_public)s” is a sensitive figure that is "
            "not published: it is not 0 and not missing data. An empty value with the note "
            "“%(missing)s” means there is no figure."
        )
        % {"not_public": not_public, "missing": _("no figure")},
        _("Licence: %(licence)s") % {"licence": _licence_note()},
    ]
    return "\n\n".join(paragraphs) + "\n"


# --- cells -----------------------------------------------------------------------------------


def _number(value: float | None) -> str:
    """A figure with a dot decimal, as exact as stored ("8.5", "140.0"); empty for none."""
    if value is None or not math.isfinite(value):
        return ""
    return repr(float(value))


def _year(year: int | None) -> str:
    return "" if year is None else str(year)


def _reference_note(areas: int) -> str:
    if not areas:
        return ""
    text = ngettext(
        "reference group of %(count)d area", "reference group of %(count)d areas", areas
    )
    return text % {"count": areas}


def _join(*notes: str) -> str:
    return "; ".join(n for n in notes if n)


def _stamp(iso: str) -> tuple[int, int, int, int, int, int]:
    year, month, day = (int(part) for part in iso[:10].split("-"))
    return (max(year, 1980), month, day, 0, 0, 0)  # a ZIP holds no date before 1980
