"""CBS "Nabijheid voorzieningen" StatLine CSV export, headers are StatLine labels.

Columns are matched on the catalogue's ``label`` (whitespace collapsed, so the double
spaces CBS has in some labels do not matter). Region: ``Regioaanduiding/Codering
(code)``; NL00 = the Netherlands. Labels not in the catalogue are reported as ignored
(an error with --strict).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.utils.translation import gettext as _

from .base import (
    ROW,
    ImportFileError,
    ParsedFile,
    normalise_codes,
    period_from,
    read_table,
    region_column,
    table_from_name,
    unpivot,
)

REGION_COLUMNS = ["Regioaanduiding/Codering (code)", "Codering (code)", "WijkenEnBuurten"]
META_PREFIXES = ("Regioaanduiding/", "Wijken en buurten", "Perioden", "Onderwerp")


def _label(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def parse(
    path: Path, *, period: int | None, strict: bool, catalogue: dict[str, dict]
) -> ParsedFile:
    name = path.name
    frame = read_table(path)
    code_column = region_column(frame, REGION_COLUMNS, name)
    year = period_from(period=period, frame=frame, path=path)
    by_label = {_label(cols["label"]): code for code, cols in catalogue.items() if "label" in cols}
    mapping, ignored = {}, []
    for column in frame.columns:
        if column in (ROW, code_column) or column.startswith(META_PREFIXES):
            continue
        code = by_label.get(_label(column))
        if code:
            mapping[column] = code
        else:
            ignored.append(column)
    if strict and ignored:
        raise ImportFileError(
            _("column is not in the indicator catalogue"), file=name, row=1, column=ignored[0]
        )
    if not mapping:
        raise ImportFileError(_("no column matches an indicator of the catalogue"), file=name)
    frame = normalise_codes(frame, code_column, name)
    return ParsedFile(
        frame=unpivot(frame, mapping, period=year),
        source_table=table_from_name(path, f"nabijheid-{year}"),
        ignored_columns=ignored,
    )
