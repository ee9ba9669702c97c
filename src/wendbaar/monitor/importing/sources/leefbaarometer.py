"""Leefbaarometer 3.0 scores per buurt (``lbm``, ``fys``, ``onv``, ``soc``, ``vrz``).

The year is the measurement (meting) year: ``--period``, a ``jaar`` column or the file
name. Other Leefbaarometer columns (``won``, ``afw``, names) are recognised and not
imported; any other column is an error (fixed format).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from django.utils.translation import gettext as _

from .base import (
    ROW,
    ImportFileError,
    ParsedFile,
    normalise_codes,
    period_from,
    read_table,
    region_column,
    unpivot,
)

REGION_COLUMNS = ["bu_code", "wk_code", "gm_code", "gwb_code", "code"]
KNOWN_COLUMNS = {
    "bu_code",
    "bu_naam",
    "wk_code",
    "wk_naam",
    "gm_code",
    "gm_naam",
    "gwb_code",
    "code",
    "regio",
    "naam",
    "jaar",
    "won",
    "afw",
}


def parse(
    path: Path, *, period: int | None, strict: bool, catalogue: dict[str, dict]
) -> ParsedFile:
    name = path.name
    frame = read_table(path)
    code_column = region_column(frame, REGION_COLUMNS, name)
    if "jaar" in frame.columns and period is None:
        frame = frame.filter(pl.col("jaar") != "")
    year = period_from(period=period, frame=frame, path=path, year_column="jaar")
    by_column = {cols["lbm"]: code for code, cols in catalogue.items() if "lbm" in cols}
    mapping = {}
    for column in frame.columns:
        if column == ROW or (column in KNOWN_COLUMNS and column not in by_column):
            continue
        if column not in by_column:
            raise ImportFileError(_("unknown column"), file=name, row=1, column=column)
        mapping[column] = by_column[column]
    frame = normalise_codes(frame, code_column, name)
    return ParsedFile(frame=unpivot(frame, mapping, period=year), source_table="leefbaarometer-3.0")
