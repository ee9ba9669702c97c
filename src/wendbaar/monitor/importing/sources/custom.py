"""A municipality's own figures (e.g. a resident survey) in the documented template.

See ``TEMPLATE.md`` next to this module. Data columns: ``area_code``,
``indicator_code``, ``period``, ``value``. Indicator definitions (optional): the sheet
``indicators`` of an XLSX file, or ``<name>.indicators.csv`` next to a CSV file.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
from django.utils.translation import gettext as _

from wendbaar.core.constants import Theme

from ...constants import IndicatorKind, Polarity
from ...registry import CATALOGUE
from .base import (
    ROW,
    ImportFileError,
    IndicatorDefinition,
    ParsedFile,
    normalise_codes,
    read_table,
)

DATA_COLUMNS = ["area_code", "indicator_code", "period", "value"]
DEFINITION_REQUIRED = ["code", "name_nl", "name_en", "unit"]
DEFINITION_OPTIONAL = [
    "definition_nl",
    "definition_en",
    "decimals",
    "polarity",
    "themes",
    "kind",
    "sensitive",
    "source",
]
CODE_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
MAX_DECIMALS = 6


def definitions_path(path: Path) -> Path | None:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return path
    name = path.name
    for suffix in (".csv.gz", ".csv", ".txt"):
        if name.lower().endswith(suffix):
            candidate = path.with_name(name[: -len(suffix)] + ".indicators.csv")
            return candidate if candidate.exists() else None
    return None


def parse(
    path: Path, *, period: int | None, strict: bool, catalogue: dict[str, dict]
) -> ParsedFile:
    name = path.name
    definitions = _parse_definitions(path, catalogue)
    frame = read_table(path)
    for column in frame.columns:
        if column != ROW and column not in DATA_COLUMNS:
            raise ImportFileError(_("unknown column"), file=name, row=1, column=column)
    for column in DATA_COLUMNS:
        if column not in frame.columns and not (column == "period" and period is not None):
            raise ImportFileError(
                _("required column “%(column)s” is missing") % {"column": column},
                file=name,
                row=1,
            )
    if "period" not in frame.columns:
        frame = frame.with_columns(pl.lit(str(period)).alias("period"))
    elif period is not None:
        frame = frame.with_columns(
            pl.when(pl.col("period") == "").then(pl.lit(str(period))).otherwise("period")
        )
    known = set(catalogue) | {d.code for d in definitions}
    unknown = frame.filter(~pl.col("indicator_code").is_in(list(known)))
    if unknown.height:
        first = unknown.row(0, named=True)
        raise ImportFileError(
            _("unknown indicator “%(code)s”; define it in the indicators sheet")
            % {"code": first["indicator_code"]},
            file=name,
            row=first[ROW],
            column="indicator_code",
        )
    frame = frame.with_columns(pl.col("period").cast(pl.Int64, strict=False).alias("period_int"))
    bad = frame.filter(
        pl.col("period_int").is_null() | ~pl.col("period_int").is_between(1950, 2100)
    )
    if bad.height:
        first = bad.row(0, named=True)
        raise ImportFileError(
            _("“%(value)s” is not a year") % {"value": first["period"]},
            file=name,
            row=first[ROW],
            column="period",
        )
    frame = normalise_codes(frame, "area_code", name)
    long = frame.select(
        pl.col("region_code"),
        pl.col("period_int").alias("period"),
        pl.col("indicator_code").alias("indicator"),
        pl.col("value").alias("raw"),
        pl.col(ROW).alias("row"),
        pl.lit("value").alias("column"),
    )
    return ParsedFile(frame=long, source_table="custom", definitions=definitions)


def _parse_definitions(path: Path, catalogue: dict[str, dict]) -> list[IndicatorDefinition]:
    source = definitions_path(path)
    if source is None:
        return []
    sheet = "indicators" if source == path else None
    frame = read_table(source, sheet=sheet) if sheet is None else _read_sheet(source, sheet)
    if frame is None:
        return []
    name = source.name if sheet is None else f"{source.name} [{sheet}]"
    for column in frame.columns:
        if column != ROW and column not in DEFINITION_REQUIRED + DEFINITION_OPTIONAL:
            raise ImportFileError(_("unknown column"), file=name, row=1, column=column)
    for column in DEFINITION_REQUIRED:
        if column not in frame.columns:
            raise ImportFileError(
                _("required column “%(column)s” is missing") % {"column": column},
                file=name,
                row=1,
            )
    themes = {str(t) for t in Theme.values}
    definitions = []
    seen = set()
    for record in frame.iter_rows(named=True):
        row = record[ROW]
        code = record["code"]

        def fail(message, column, row=row):
            raise ImportFileError(message, file=name, row=row, column=column)

        if not re.match(CODE_PATTERN, code):
            fail(_("“%(code)s” is not a valid indicator code") % {"code": code}, "code")
        if code in seen:
            fail(_("indicator “%(code)s” is defined twice") % {"code": code}, "code")
        seen.add(code)
        if code in CATALOGUE:
            fail(
                _("“%(code)s” is an indicator of the catalogue and cannot be redefined")
                % {"code": code},
                "code",
            )
        for column in DEFINITION_REQUIRED:
            if not record[column]:
                fail(_("this field is required"), column)
        values = {
            "name_nl": record["name_nl"],
            "name_en": record["name_en"],
            "unit": record["unit"],
            "definition_nl": record.get("definition_nl") or "",
            "definition_en": record.get("definition_en") or "",
            "source": record.get("source") or "",
        }
        try:
            values["decimals"] = int(record.get("decimals") or 0)
        except ValueError:
            fail(_("“%(value)s” is not a number") % {"value": record["decimals"]}, "decimals")
        if not 0 <= values["decimals"] <= MAX_DECIMALS:
            fail(_("decimals must be 0 to %(max)s") % {"max": MAX_DECIMALS}, "decimals")
        try:
            polarity = int(record.get("polarity") or 0)
        except ValueError:
            polarity = None
        if polarity not in Polarity.values:
            fail(_("polarity must be 1, 0 or -1"), "polarity")
        values["polarity"] = polarity
        theme_list = [
            t.strip()
            for t in (record.get("themes") or "").replace(";", ",").split(",")
            if t.strip()
        ]
        for theme in theme_list:
            if theme not in themes:
                fail(
                    _("unknown theme “%(theme)s”; use one of %(themes)s")
                    % {"theme": theme, "themes": ", ".join(sorted(themes))},
                    "themes",
                )
        values["themes"] = theme_list
        kind = record.get("kind") or IndicatorKind.SOFT.value
        if kind not in (IndicatorKind.SOURCE.value, IndicatorKind.SOFT.value):
            fail(_("kind must be “source” or “soft”"), "kind")
        values["kind"] = kind
        values["sensitive"] = (record.get("sensitive") or "").lower() in ("1", "true", "yes", "ja")
        definitions.append(IndicatorDefinition(code=code, values=values))
    return definitions


def _read_sheet(path: Path, sheet: str) -> pl.DataFrame | None:
    try:
        return read_table(path, sheet=sheet)
    except ImportFileError:
        return None
