"""CBS Kerncijfers wijken en buurten (KWB), any year, three column conventions.

* StatLine/OData keys (``AantalInwoners_5``): the ``_NN`` suffix changes per year, so a
  column matches the catalogue's ``odata`` stem after the suffix is stripped, unless the
  catalogue names the exact key for that year (``source_columns["2019"]``).
* kwb short codes (``a_inw``) of kwb-YYYY.xlsx / csv.
* Wijk- en Buurtkaart shapefile fields (``AANT_INW``), e.g. the 2020 gemeente table.

The year comes from ``--period``, a ``JAAR`` column, or the file name (``kwb_2024_…``).
Columns that are not in the catalogue are reported as ignored (an error with --strict).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.utils.translation import gettext as _

from ...registry import KWB_TABLES
from .base import (
    ImportFileError,
    ParsedFile,
    normalise_codes,
    period_from,
    read_table,
    table_from_name,
    unpivot,
)
from .base import region_column as find_region_column

REGION_COLUMNS = ["WijkenEnBuurten", "gwb_code_10", "GM_CODE", "WK_CODE", "BU_CODE", "Codering_3"]
# Region descriptions and other non-indicator columns of the known KWB formats.
META_COLUMNS = {
    "ID",
    "WijkenEnBuurten",
    "SoortRegio_2",
    "regio",
    "Gemeentenaam_1",
    "gm_code",
    "wk_code",
    "provincie",
    "Codering_3",
    "IndelingswijzigingWijkenEnBuurten_4",
    "gwb_code_10",
    "gwb_code_8",
    "gwb_code",
    "gm_naam",
    "recs",
    "ind_wbi",
    "GM_CODE",
    "GM_NAAM",
    "WK_CODE",
    "WK_NAAM",
    "BU_CODE",
    "BU_NAAM",
    "POSTCODE",
    "DEK_PERC",
    "JRSTATCODE",
    "JAAR",
    "H2O",
    "WATER",
    "Shape_Leng",
    "Shape_Area",
    "pst_mvp",
    "pst_dekp",
}
ODATA_SUFFIX = re.compile(r"^(?P<stem>.+)_(?P<number>\d+)$")
META_STEMS = {"MeestVoorkomendePostcode", "Dekkingspercentage", "SoortRegio", "Gemeentenaam"}


def column_mapping(
    columns: list[str], catalogue: dict[str, dict], period: int
) -> tuple[dict[str, str], list[str]]:
    """Map file columns to indicator codes; return (mapping, ignored columns)."""
    by_year, by_kwb, by_wbk, by_stem = {}, {}, {}, {}
    for code, source_columns in catalogue.items():
        if str(period) in source_columns:
            by_year[source_columns[str(period)]] = code
        if "kwb" in source_columns:
            by_kwb[source_columns["kwb"]] = code
        if "wbk" in source_columns:
            by_wbk[source_columns["wbk"]] = code
        if "odata" in source_columns:
            by_stem[source_columns["odata"]] = code
    mapping: dict[str, str] = {}
    ignored: list[str] = []
    for column in columns:
        if column in META_COLUMNS or column.startswith("__"):
            continue
        match = ODATA_SUFFIX.match(column)
        stem = match.group("stem") if match else None
        code = (
            by_year.get(column)
            or by_kwb.get(column)
            or by_wbk.get(column)
            or (by_stem.get(stem) if stem else None)
        )
        if code:
            mapping[column] = code
        elif stem not in META_STEMS:
            ignored.append(column)
    return mapping, ignored


def parse(
    path: Path, *, period: int | None, strict: bool, catalogue: dict[str, dict]
) -> ParsedFile:
    name = path.name
    frame = read_table(path)
    code_column = find_region_column(frame, REGION_COLUMNS, name)
    year = period_from(period=period, frame=frame, path=path, year_column="JAAR")
    mapping, ignored = column_mapping(frame.columns, catalogue, year)
    if strict and ignored:
        raise ImportFileError(
            _("column is not in the indicator catalogue"), file=name, row=1, column=ignored[0]
        )
    seen: dict[str, str] = {}
    for column, code in mapping.items():
        if code in seen:
            raise ImportFileError(
                _("columns “%(first)s” and “%(second)s” both hold indicator %(code)s")
                % {"first": seen[code], "second": column, "code": code},
                file=name,
                row=1,
                column=column,
            )
        seen[code] = column
    if not mapping:
        raise ImportFileError(
            _("no column matches an indicator of the catalogue"), file=name, row=1
        )
    frame = normalise_codes(frame, code_column, name)
    source_table = table_from_name(path, KWB_TABLES.get(year, "kwb"))
    return ParsedFile(
        frame=unpivot(frame, mapping, period=year),
        source_table=source_table,
        ignored_columns=ignored,
    )
