"""Shared machinery of the importers: reading files column-wise, values, codes, errors.

Conventions
-----------
* Every importer returns a :class:`ParsedFile` whose ``frame`` is *long*: one row per
  (region_code, period, indicator) with the raw text, the 1-based ``row`` and the
  ``column`` it came from. :func:`finalise` turns the raw text into value + status and
  checks for duplicates. Nothing is written here; ``services.import_observations``
  writes in one transaction after everything has been validated.
* ``row`` is the line number in the file as a spreadsheet shows it: the header is
  row 1, the first data row is row 2.
* Missing values: ``.``/``x`` → secret, empty/``-``/``?``/``NA`` → not available;
  never 0. ``nan`` and ``inf`` are refused, not read as missing.
* Decimal comma or point: ``1,7``, ``1.234,5`` and ``1.7``, ``1,234.5`` say it
  themselves; an ambiguous ``1,234`` is read in the convention the file's other numbers
  show, and refused when they show none or both (``importing/numbers.py``).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.utils.translation import gettext as _

from wendbaar.areas.codes import CODE_PATTERN
from wendbaar.core.decompress import TooLarge, check_zip, read_limited

from ...constants import NATIONAL_ALIASES, NATIONAL_CODE, ObservationStatus
from ..numbers import Convention, SeparatorError, detect_convention, to_number

ROW = "__row__"
SECRET_TOKENS = [".", "x", "X"]
NOT_AVAILABLE_TOKENS = ["", "-", "?", "NA", "n/a"]
YEAR_IN_NAME = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
TABLE_IN_NAME = re.compile(r"(?<![0-9A-Za-z])(\d{5}NED)(?![0-9A-Za-z])")
MIN_PERIOD, MAX_PERIOD = 1950, 2100


class ImportFileError(Exception):
    """Bad input. The message names the file, the row (1-based, header = 1) and column."""

    def __init__(self, message: str, *, file: str, row: int | None = None, column=None):
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.row is not None and self.column is not None:
            where = _("%(file)s, row %(row)s, column “%(column)s”") % {
                "file": self.file,
                "row": self.row,
                "column": self.column,
            }
        elif self.row is not None:
            where = _("%(file)s, row %(row)s") % {"file": self.file, "row": self.row}
        elif self.column is not None:
            where = _("%(file)s, column “%(column)s”") % {
                "file": self.file,
                "column": self.column,
            }
        else:
            where = self.file
        return f"{where}: {self.message}"


@dataclass
class IndicatorDefinition:
    """A municipality's own indicator, declared in the custom template."""

    code: str
    values: dict


@dataclass
class ParsedFile:
    frame: pl.DataFrame  # region_code, period, indicator, raw, row, column
    source_table: str
    ignored_columns: list[str] = field(default_factory=list)
    definitions: list[IndicatorDefinition] = field(default_factory=list)


# --- reading ----------------------------------------------------------------------------


def read_table(path: Path, *, sheet: str | None = None) -> pl.DataFrame:
    """Read a CSV (``,``/``;``/tab, optionally .gz) or XLSX file, all columns as text.

    Adds the column ``__row__`` (line number in the file, header = 1). Column names are
    stripped of padding.
    """
    name = path.name
    if not path.exists():
        raise ImportFileError(_("file not found"), file=name)
    suffixes = [s.lower() for s in path.suffixes]
    try:
        # Decompressed size capped (core/decompress.py): a gzip bomb stops early.
        if suffixes and suffixes[-1] in (".xlsx", ".xlsm"):
            check_zip(path)
            frame = _read_xlsx(path, sheet=sheet)
        else:
            frame = _read_csv_bytes(read_limited(path), name)
    except ImportFileError:
        raise
    except TooLarge as exc:
        raise ImportFileError(
            _(
                "the file is larger than %(mb)s MB once decompressed; nothing was imported "
                "(raise WENDBAAR_IMPORT_MAX_DECOMPRESSED_MB for a genuine larger file)"
            )
            % {"mb": exc.megabytes},
            file=name,
        ) from exc
    except Exception as exc:
        raise ImportFileError(
            _("the file cannot be read: %(error)s") % {"error": exc}, file=name
        ) from exc
    columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    for column in columns:
        if not column:
            raise ImportFileError(_("a column has no name"), file=name, row=1)
        if columns.count(column) > 1 or "_duplicated_" in column:
            raise ImportFileError(_("the column appears twice"), file=name, row=1, column=column)
    frame.columns = columns
    if frame.height == 0:
        raise ImportFileError(_("the file contains no data rows"), file=name)
    frame = frame.with_columns(pl.all().fill_null("").str.strip_chars())
    return frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))


def _read_csv_bytes(raw: bytes, name: str) -> pl.DataFrame:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        raise ImportFileError(_("the file is empty"), file=name)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raw = raw.decode("cp1252", errors="replace").encode("utf-8")
    first_line = raw.split(b"\n", 1)[0]
    separator = max([b";", b",", b"\t"], key=first_line.count).decode()
    return pl.read_csv(
        io.BytesIO(raw),
        separator=separator,
        infer_schema=False,
        raise_if_empty=True,
    )


def _read_xlsx(path: Path, *, sheet: str | None) -> pl.DataFrame:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet is not None:
            if sheet not in workbook.sheetnames:
                return pl.DataFrame()
            worksheet = workbook[sheet]
        else:
            worksheet = workbook.worksheets[0]
        rows = list(worksheet.iter_rows(values_only=True))
    finally:
        workbook.close()
    if not rows:
        raise ImportFileError(_("the file is empty"), file=path.name)
    header = ["" if h is None else str(h) for h in rows[0]]
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    header = header[:width]
    data = [[_cell_text(cell) for cell in row[:width]] for row in rows[1:]]
    data = [row + [""] * (width - len(row)) for row in data]
    # Trailing empty rows in a sheet are not data.
    while data and not any(data[-1]):
        data.pop()
    return pl.DataFrame(data, schema=dict.fromkeys(header, pl.String), orient="row")


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


# --- codes, periods, columns ------------------------------------------------------------


def region_column(frame: pl.DataFrame, candidates: list[str], name: str) -> str:
    for candidate in candidates:
        if candidate in frame.columns:
            return candidate
    raise ImportFileError(
        _("no region code column; expected one of: %(columns)s")
        % {"columns": ", ".join(candidates)},
        file=name,
        row=1,
    )


def normalise_codes(frame: pl.DataFrame, column: str, name: str) -> pl.DataFrame:
    """Add ``region_code``: trimmed, upper-case CBS code; NL00/NL01 → NATIONAL_CODE.

    A code that does not look like a CBS code (GM/WK/BU/NL) is an error.
    """
    codes = pl.col(column).str.strip_chars().str.to_uppercase()
    frame = frame.with_columns(
        pl.when(codes.is_in(list(NATIONAL_ALIASES)))
        .then(pl.lit(NATIONAL_CODE))
        .otherwise(codes)
        .alias("region_code")
    )
    valid = pl.col("region_code").str.contains(CODE_PATTERN.pattern) | (
        pl.col("region_code") == NATIONAL_CODE
    )
    bad = frame.filter(~valid)
    if bad.height:
        first = bad.row(0, named=True)
        raise ImportFileError(
            _("“%(code)s” is not a CBS region code (GMxxxx, WKxxxxxx, BUxxxxxxxx or NL01)")
            % {"code": first[column]},
            file=name,
            row=first[ROW],
            column=column,
        )
    return frame


def period_from(
    *, period: int | None, frame: pl.DataFrame | None, path: Path, year_column: str | None = None
) -> int:
    """The period of a one-year file: --period, else a year column, else the file name."""
    if period is not None:
        return check_period(period, path.name)
    if frame is not None and year_column and year_column in frame.columns:
        years = frame[year_column].unique().to_list()
        if len(years) == 1 and str(years[0]).isdigit():
            return check_period(int(years[0]), path.name)
    found = YEAR_IN_NAME.findall(path.name)
    if len(set(found)) == 1 or (found and path.name.lower().startswith(("kwb", "nabijheid"))):
        return check_period(int(found[0]), path.name)
    raise ImportFileError(
        _("cannot tell the year of this file; pass --period YYYY"), file=path.name
    )


def check_period(period: int, name: str) -> int:
    if not MIN_PERIOD <= int(period) <= MAX_PERIOD:
        raise ImportFileError(
            _("%(period)s is not a plausible year") % {"period": period}, file=name
        )
    return int(period)


def table_from_name(path: Path, default: str) -> str:
    match = TABLE_IN_NAME.search(path.name)
    return match.group(1) if match else default


def unpivot(
    frame: pl.DataFrame, mapping: dict[str, str], *, period: int | None = None
) -> pl.DataFrame:
    """Wide → long. ``mapping``: file column → indicator code (``period`` for all rows)."""
    if not mapping:
        return empty_long()
    long = frame.select(["region_code", ROW, *mapping]).unpivot(
        index=["region_code", ROW], on=list(mapping), variable_name="column", value_name="raw"
    )
    long = long.with_columns(
        pl.col("column").replace_strict(mapping, return_dtype=pl.String).alias("indicator"),
    )
    if period is not None:
        long = long.with_columns(pl.lit(period, dtype=pl.Int64).alias("period"))
    return long.rename({ROW: "row"}).select(LONG_COLUMNS)


LONG_COLUMNS = ["region_code", "period", "indicator", "raw", "row", "column"]


def empty_long() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "region_code": pl.String,
            "period": pl.Int64,
            "indicator": pl.String,
            "raw": pl.String,
            "row": pl.Int64,
            "column": pl.String,
        }
    )


# --- values -----------------------------------------------------------------------------


def _convention(cells: pl.DataFrame, name: str) -> Convention:
    """How to read the file's "1,234"s (``importing/numbers.py``), or a clear refusal."""
    try:
        return detect_convention(cells)
    except SeparatorError as exc:
        cell, dutch, english = exc.cell, exc.dutch, exc.english
        if dutch and english:
            message = _(
                "“%(value)s” could be 1234 or 1.234, and the file uses both conventions: "
                "“%(dutch)s” (row %(dutch_row)s, column “%(dutch_column)s”) has a decimal "
                "comma, “%(english)s” (row %(english_row)s, column “%(english_column)s”) a "
                "decimal point; use one decimal separator in the whole file and no "
                "thousands separators"
            ) % {
                "value": cell.text,
                "dutch": dutch.text,
                "dutch_row": dutch.row,
                "dutch_column": dutch.column,
                "english": english.text,
                "english_row": english.row,
                "english_column": english.column,
            }
        else:
            message = _(
                "“%(value)s” could be 1234 (with a thousands separator) or 1.234 (with a "
                "decimal separator), and no other number in the file tells which; write "
                "numbers without thousands separators (1234)"
            ) % {"value": cell.text}
        raise ImportFileError(message, file=name, row=cell.row, column=cell.column) from exc


def finalise(parsed: ParsedFile, name: str) -> pl.DataFrame:
    """Raw text → value/status; errors on non-numbers and duplicate keys.

    Returns region_code, period, indicator, value, status, row, column.
    """
    frame = parsed.frame
    raw = pl.col("raw").str.strip_chars()
    frame = frame.with_columns(
        pl.when(raw.is_in(SECRET_TOKENS))
        .then(pl.lit(ObservationStatus.SECRET.value))
        .when(raw.is_in(NOT_AVAILABLE_TOKENS))
        .then(pl.lit(ObservationStatus.NOT_AVAILABLE.value))
        .otherwise(pl.lit(ObservationStatus.VALUE.value))
        .alias("status"),
    )
    is_value = pl.col("status") == ObservationStatus.VALUE.value
    convention = _convention(frame.filter(is_value), name)
    # Parsed once per distinct text: a national file repeats its values (10k of 300k).
    texts = frame.select(raw.unique().alias("__text__"))
    texts = texts.with_columns(to_number(pl.col("__text__"), convention).alias("value"))
    frame = (
        frame.with_columns(raw.alias("__text__"))
        .join(texts, on="__text__", how="left", maintain_order="left")
        .drop("__text__")
    )
    bad = frame.filter(
        is_value & (pl.col("value").is_null() | ~pl.col("value").is_finite().fill_null(False))
    )
    if bad.height:
        first = bad.sort("row").row(0, named=True)
        message = (
            _("“%(value)s” is not a finite number")
            if first["value"] is not None or first["raw"].strip().lower() == "nan"
            else _("“%(value)s” is not a number")
        )
        raise ImportFileError(
            message % {"value": first["raw"]},
            file=name,
            row=first["row"],
            column=first["column"],
        )
    frame = frame.with_columns(pl.when(is_value).then(pl.col("value")).alias("value"))
    keys = ["region_code", "period", "indicator"]
    duplicated = frame.filter(pl.struct(keys).is_duplicated())
    if duplicated.height:
        first = duplicated.sort("row").row(0, named=True)
        rows = (
            duplicated.filter(
                (pl.col("region_code") == first["region_code"])
                & (pl.col("period") == first["period"])
                & (pl.col("indicator") == first["indicator"])
            )["row"]
            .sort()
            .to_list()
        )
        raise ImportFileError(
            _("duplicate row: %(code)s, %(period)s, %(indicator)s appears in rows %(rows)s")
            % {
                "code": first["region_code"],
                "period": first["period"],
                "indicator": first["indicator"],
                "rows": ", ".join(str(r) for r in rows),
            },
            file=name,
            row=rows[-1],
            column=first["column"],
        )
    return frame.select(["region_code", "period", "indicator", "value", "status", "row", "column"])
