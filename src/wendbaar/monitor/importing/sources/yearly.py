"""Shared parser for files with one column per year (police crime, RIVM health).

Column ``<stem>_<YYYY>`` (optionally ``<stem>_<NN>_<YYYY>``) holds the figure of year
YYYY; every other column must be a known region/description column, else it is an
error: these are fixed formats. ``--period`` limits the import to one year.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
from django.utils.translation import gettext as _

from .base import (
    ROW,
    ImportFileError,
    ParsedFile,
    check_period,
    empty_long,
    normalise_codes,
    read_table,
    region_column,
    unpivot,
)


def parse_yearly(
    path: Path,
    *,
    period: int | None,
    catalogue: dict[str, dict],
    key: str,
    region_columns: list[str],
    meta_columns: set[str],
    source_table: str,
) -> ParsedFile:
    name = path.name
    frame = read_table(path)
    code_column = region_column(frame, region_columns, name)
    patterns = [
        (re.compile(rf"^{re.escape(cols[key])}(?:_\d+)?_(\d{{4}})$"), code)
        for code, cols in catalogue.items()
        if key in cols
    ]
    by_year: dict[int, dict[str, str]] = {}
    for column in frame.columns:
        if column in meta_columns or column == ROW:
            continue
        for pattern, code in patterns:
            match = pattern.match(column)
            if match:
                year = check_period(int(match.group(1)), name)
                by_year.setdefault(year, {})[column] = code
                break
        else:
            raise ImportFileError(_("unknown column"), file=name, row=1, column=column)
    if not by_year:
        raise ImportFileError(_("no column with figures per year"), file=name, row=1)
    if period is not None:
        period = check_period(period, name)
        if period not in by_year:
            raise ImportFileError(
                _("the file has no figures for %(period)s") % {"period": period}, file=name
            )
        by_year = {period: by_year[period]}
    frame = normalise_codes(frame, code_column, name)
    parts = [unpivot(frame, mapping, period=year) for year, mapping in sorted(by_year.items())]
    long = pl.concat(parts) if parts else empty_long()
    return ParsedFile(frame=long, source_table=source_table)
