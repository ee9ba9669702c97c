"""Region lists (gemeente, wijk, buurt) from CBS "Kerncijfers wijken en buurten" files.

Three header styles are recognised, each by its code and region-kind columns:

* StatLine / OData (table 85984NED etc.): ``WijkenEnBuurten``, ``SoortRegio_2``
  (Gemeente/Wijk/Buurt), names in ``regio`` (else the code; gemeente rows fall back to
  ``Gemeentenaam_1``), optional ``provincie``. Codes and values may be space-padded.
* The kwb-YYYY.xlsx short codes: ``gwb_code_10``, ``recs``, ``regio``, ``gm_naam``.
* StatLine label CSV exports: ``Regioaanduiding/Codering (code)``,
  ``Regioaanduiding/Soort regio (omschrijving)``, ``Wijken en buurten``.

Files may be .csv (``,`` or ``;``), gzipped CSV or .xlsx. Rows for Nederland, landsdelen
or provinces are skipped. Row numbers in errors follow the spreadsheet: header = row 1.

Two parsers give the same regions: a column-wise one (Polars) for an ordinary CSV, and
the row-wise one (``csv``/openpyxl) for Excel files, for anything unusual in a CSV and
for every file with an error, so each error is raised by one piece of code, naming file,
row and column. Writing is column-wise too (``core/bulk.py``): a national file's 18,000 areas
in a few statements.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
from django.db import connections, router, transaction
from django.utils.translation import gettext as _

from wendbaar.core.bulk import (
    default_values,
    frame_rows,
    insert_frame,
    reserve_ids,
    update_by_pk,
)
from wendbaar.core.decompress import TooLarge, check_zip

from ..codes import (
    CODE_PATTERN,
    code_is_valid_expr,
    level_expr,
    level_of,
    municipality_code_expr,
    normalise_code,
    parent_code_expr,
)
from ..constants import AreaLevel
from ..index import bump_search_version
from ..models import Area
from .base import AreaImportError, ImportResult, decode_text, read_bytes, too_large


@dataclass(frozen=True)
class HeaderStyle:
    name: str
    code: str
    kind: str
    names: tuple[str, ...]
    municipality_name: str | None
    provinces: tuple[str, ...] = ("provincie", "Provincie", "prov_naam")


HEADER_STYLES = (
    HeaderStyle(
        "statline-odata",
        code="WijkenEnBuurten",
        kind="SoortRegio_2",
        names=("regio", "Regio", "Regioaanduiding_label", "WijkenEnBuurten_label", "Title"),
        municipality_name="Gemeentenaam_1",
    ),
    HeaderStyle(
        "kwb-short-codes",
        code="gwb_code_10",
        kind="recs",
        names=("regio",),
        municipality_name="gm_naam",
    ),
    HeaderStyle(
        "statline-labels",
        code="Regioaanduiding/Codering (code)",
        kind="Regioaanduiding/Soort regio (omschrijving)",
        names=("Wijken en buurten",),
        municipality_name="Regioaanduiding/Gemeentenaam (naam)",
    ),
)

KIND_LEVELS = {
    "gemeente": AreaLevel.MUNICIPALITY,
    "wijk": AreaLevel.DISTRICT,
    "buurt": AreaLevel.NEIGHBOURHOOD,
}
# Region kinds above the gemeente that these files also carry; not areas of ours.
IGNORED_KINDS = {"land", "nederland", "landsdeel", "provincie", "corop", "corop-gebied"}

# Table ids of "Kerncijfers wijken en buurten" per division year.
KWB_TABLE_YEARS = {
    "83487NED": 2016,
    "83765NED": 2017,
    "84286NED": 2018,
    "84583NED": 2019,
    "84799NED": 2020,
    "85039NED": 2021,
    "85318NED": 2022,
    "85618NED": 2023,
    "85984NED": 2024,
}
_KWB_YEAR = re.compile(r"kwb[-_ ]?((?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_TABLE_ID = re.compile(r"(\d{5}NED)", re.IGNORECASE)

# Codes of Nederland, landsdelen, provinces and COROP regions in the same files.
NON_AREA_PREFIXES = {"NL", "LD", "PV", "CR"}

LEVEL_ORDER = (AreaLevel.MUNICIPALITY, AreaLevel.DISTRICT, AreaLevel.NEIGHBOURHOOD)


@dataclass(frozen=True)
class RegionRow:
    code: str
    code_field: str
    name: str
    level: AreaLevel
    province: str
    row: int


def infer_year(path: Path) -> int | None:
    """The division year from a file name: a KWB table id (85984NED) or ``kwb-2024``."""
    for table_id in _TABLE_ID.findall(path.name):
        if table_id.upper() in KWB_TABLE_YEARS:
            return KWB_TABLE_YEARS[table_id.upper()]
    match = _KWB_YEAR.search(path.name)
    return int(match.group(1)) if match else None


def read_table(path: Path) -> list[list[str]]:
    """All rows (header first) of a CSV, gzipped CSV or XLSX file as stripped strings."""
    return _table_rows(path, read_bytes(path))


def _table_rows(path: Path, data: bytes) -> list[list[str]]:
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(path, data)
    text = decode_text(data)
    delimiter = _delimiter(text)
    try:
        rows = [
            [cell.strip() for cell in row]
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise AreaImportError(
            _("cannot read the CSV (%(error)s)") % {"error": exc}, file=path
        ) from exc
    return rows


def _delimiter(text: str) -> str:
    header_line = text.split("\n", 1)[0]
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _read_xlsx(path: Path, data: bytes) -> list[list[str]]:
    import openpyxl  # only needed for Excel files

    try:
        check_zip(data)
    except TooLarge as exc:
        raise too_large(path, exc) from exc
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise AreaImportError(
            _("cannot read the Excel file (%(error)s)") % {"error": exc}, file=path
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_regions(path: Path, rows: list[list[str]], result: ImportResult) -> list[RegionRow]:
    """Validate the rows of one file; raise AreaImportError on the first problem."""
    numbered = [(number, row) for number, row in enumerate(rows, start=1) if any(row)]
    if not numbered:
        raise AreaImportError(_("the file is empty"), file=path)
    header = [name.strip() for name in numbered[0][1]]
    columns = {name: index for index, name in enumerate(header) if name}
    style = next((s for s in HEADER_STYLES if s.code in columns and s.kind in columns), None)
    if style is None:
        raise AreaImportError(
            _("missing required column: expected a region code and kind column (%(options)s)")
            % {"options": "; ".join(f"{s.code} + {s.kind}" for s in HEADER_STYLES)},
            file=path,
            row=numbered[0][0],
            field=HEADER_STYLES[0].code,
        )
    if len(numbered) == 1:
        raise AreaImportError(_("the file has a header but no data rows"), file=path)

    def column(names: tuple[str, ...]) -> int | None:
        return next((columns[n] for n in names if n in columns), None)

    name_col = column(style.names)
    municipality_name_col = column((style.municipality_name,)) if style.municipality_name else None
    province_col = column(style.provinces)
    code_col, kind_col = columns[style.code], columns[style.kind]

    parsed: list[RegionRow] = []
    first_row_of: dict[str, int] = {}
    for row_number, cells in numbered[1:]:

        def cell(index: int | None, cells: list[str] = cells) -> str:
            return cells[index].strip() if index is not None and index < len(cells) else ""

        code = normalise_code(cell(code_col))
        kind = cell(kind_col).lower()
        if kind in IGNORED_KINDS or (kind not in KIND_LEVELS and code[:2] in NON_AREA_PREFIXES):
            result.skip(code, _("not a gemeente, wijk or buurt"))
            continue
        if not code:
            raise AreaImportError(
                _("the region code is empty"), file=path, row=row_number, field=style.code
            )
        if not CODE_PATTERN.match(code):
            raise AreaImportError(
                _("“%(code)s” is not a CBS gemeente, wijk or buurt code") % {"code": code},
                file=path,
                row=row_number,
                field=style.code,
            )
        level = level_of(code)
        if kind not in KIND_LEVELS:
            raise AreaImportError(
                _("unknown region kind “%(kind)s” (expected Gemeente, Wijk or Buurt)")
                % {"kind": cell(kind_col)},
                file=path,
                row=row_number,
                field=style.kind,
            )
        if KIND_LEVELS[kind] != level:
            raise AreaImportError(
                _("region kind “%(kind)s” does not match code %(code)s")
                % {"kind": cell(kind_col), "code": code},
                file=path,
                row=row_number,
                field=style.kind,
            )
        if code in first_row_of:
            raise AreaImportError(
                _("duplicate code %(code)s (first seen on row %(first)s)")
                % {"code": code, "first": first_row_of[code]},
                file=path,
                row=row_number,
                field=style.code,
            )
        first_row_of[code] = row_number
        name = cell(name_col) if name_col is not None else ""
        if not name and level == AreaLevel.MUNICIPALITY:
            name = cell(municipality_name_col)
        if not name:
            if name_col is not None:
                raise AreaImportError(
                    _("the name of %(code)s is empty") % {"code": code},
                    file=path,
                    row=row_number,
                    field=header[name_col],
                )
            name = code  # OData files without a label column carry codes only
        parsed.append(
            RegionRow(code, style.code, name[:200], level, cell(province_col)[:60], row_number)
        )
    if not parsed:
        raise AreaImportError(_("the file has no gemeente, wijk or buurt rows"), file=path)
    return parsed


# --- column-wise ---------------------------------------------------------------------------

# The columns of a parsed file, one row per gemeente, wijk or buurt in file order.
REGION_SCHEMA = {
    "code": pl.String,
    "name": pl.String,
    "level": pl.String,
    "province": pl.String,
    "row": pl.Int64,
}
LEVEL_RANK = {level.value: rank for rank, level in enumerate(LEVEL_ORDER)}
# Where a CSV may read differently with Polars than with the csv module, the row-wise
# parser decides: NUL (csv refuses it), a lone carriage return (csv refuses it in an
# unquoted field) and the separators \x1c-\x1f (str.strip removes them, Polars does not).
_ROW_WISE_ONLY = b"\x00\x1c\x1d\x1e\x1f"
_NON_ASCII = r"[^\x00-\x7F]"


@dataclass(frozen=True)
class ParsedRegions:
    frame: pl.DataFrame  # REGION_SCHEMA
    code_field: str  # the header of the code column, for errors
    skipped: list[str]  # codes of the rows for Nederland, landsdelen, provinces


def read_regions(path: Path) -> ParsedRegions:
    """The regions of one file, validated; raise AreaImportError on the first problem."""
    data = read_bytes(path)
    return _parse_columnwise(data) or _parse_rowwise(path, data)


def _parse_rowwise(path: Path, data: bytes) -> ParsedRegions:
    result = ImportResult(kind="")
    regions = parse_regions(path, _table_rows(path, data), result)
    frame = pl.DataFrame(
        {
            "code": [r.code for r in regions],
            "name": [r.name for r in regions],
            "level": [AreaLevel(r.level).value for r in regions],
            "province": [r.province for r in regions],
            "row": [r.row for r in regions],
        },
        schema=REGION_SCHEMA,
    )
    return ParsedRegions(frame, regions[0].code_field, [code for code, _r in result.skipped])


def _parse_columnwise(data: bytes) -> ParsedRegions | None:
    """``parse_regions`` of a valid, ordinary CSV, column by column; None for anything else
    (Excel, an error, a file the csv module might read differently), which the row-wise
    parser then reads, so that it alone words the errors."""
    if data[:4] == b"PK\x03\x04":
        return None
    # UTF-8 for Polars, decoded as decode_text decodes for the row-wise parser.
    body = data.removeprefix(b"\xef\xbb\xbf") if _is_utf8(data) else decode_text(data).encode()
    body = body.rstrip(b"\r\n")  # blank lines at the end are no rows
    if any(char in body for char in _ROW_WISE_ONLY):
        return None
    if b"\r" in body and body.count(b"\r") != body.count(b"\r\n"):
        return None
    ends = np.flatnonzero(np.frombuffer(body, dtype=np.uint8) == ord("\n"))
    lines = len(ends) + 1
    # The csv module refuses a field past its limit (in characters; a line's UTF-8 bytes
    # are at least as many).
    longest = int(np.diff(ends, prepend=-1, append=len(body)).max()) - 1
    if longest > csv.field_size_limit():
        return None
    first_line = (body[: ends[0]] if len(ends) else body).decode()
    delimiter = _delimiter(first_line)
    try:
        header = [name.strip() for name in next(csv.reader([first_line], delimiter=delimiter))]
    except csv.Error:
        return None
    if not any(header):
        return None  # the header is on a later row
    columns = {name: index for index, name in enumerate(header) if name}
    style = next((s for s in HEADER_STYLES if s.code in columns and s.kind in columns), None)
    if style is None:
        return None

    def column(names: tuple[str, ...]) -> int | None:
        return next((columns[n] for n in names if n in columns), None)

    wanted = {
        "code": columns[style.code],
        "kind": columns[style.kind],
        "name": column(style.names),
        "municipality_name": column((style.municipality_name,))
        if style.municipality_name
        else None,
        "province": column(style.provinces),
    }
    indices = sorted({index for index in wanted.values() if index is not None})
    try:
        raw = pl.read_csv(
            body,
            separator=delimiter,
            columns=indices,
            infer_schema=False,
            truncate_ragged_lines=True,
        )
    except pl.exceptions.PolarsError:
        return None
    if raw.height == 0 or raw.height + 1 != lines:
        return None  # no data rows, or a quoted field over several lines
    by_index = dict(zip(indices, raw.columns, strict=True))

    def cell(key: str) -> pl.Expr:
        index = wanted[key]
        if index is None:
            return pl.lit("", dtype=pl.String)
        return pl.col(by_index[index]).fill_null("").str.strip_chars()

    code, kind, level = pl.col("code"), pl.col("kind").str.to_lowercase(), pl.col("level")
    name = pl.col("name")
    if wanted["name"] is None:  # OData files without a label column carry codes only
        name = pl.when(name == "").then(code).otherwise(name)
    frame = (
        raw.lazy()
        .select(
            code=cell("code").str.to_uppercase(),
            kind=cell("kind"),
            name=cell("name"),
            municipality_name=cell("municipality_name"),
            province=cell("province"),
        )
        .with_row_index("row", offset=2)
        .with_columns(
            skip=kind.is_in(sorted(IGNORED_KINDS))
            | (~kind.is_in(list(KIND_LEVELS)) & code.str.slice(0, 2).is_in(NON_AREA_PREFIXES)),
            level=level_expr(code),
        )
        .with_columns(
            name=pl.when((pl.col("name") == "") & (level == AreaLevel.MUNICIPALITY.value))
            .then(pl.col("municipality_name"))
            .otherwise(pl.col("name"))
        )
        .with_columns(name=name)
        .collect()
    )
    kept = ~pl.col("skip")
    kind_level = kind.replace_strict(
        {k: lvl.value for k, lvl in KIND_LEVELS.items()}, default=None, return_dtype=pl.String
    )
    text_columns = ["code", "kind", "name", "municipality_name", "province"]
    ordinary, valid = frame.select(
        ordinary=~(
            # codes and kinds are ASCII (Python's \d and case mapping differ beyond it),
            # no quote is left in a value (quoting the two parsers may read differently)
            pl.any_horizontal(pl.col("code", "kind").str.contains(_NON_ASCII)).any()
            | pl.any_horizontal(pl.col(text_columns).str.contains('"', literal=True)).any()
        ),
        valid=(
            kept.any()
            & (
                ~kept
                | (code_is_valid_expr(code) & kind_level.eq_missing(level) & (pl.col("name") != ""))
            ).all()
            & ~code.filter(kept).is_duplicated().any()
        ),
    ).row(0)
    if not (ordinary and valid):
        return None
    skipped = frame.filter("skip")["code"].to_list()
    regions = frame.filter(kept).select(
        "code",
        pl.col("name").str.slice(0, 200),
        "level",
        pl.col("province").str.slice(0, 60),
        pl.col("row").cast(pl.Int64),
    )
    return ParsedRegions(regions, style.code, skipped)


def _is_utf8(data: bytes) -> bool:
    if data.isascii():
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def import_regions(path: str | Path, *, year: int | None = None, source: str = "") -> ImportResult:
    """Create or update the areas listed in one CBS region file, atomically.

    New codes are created with ``first_year = last_year = year``; known codes get their
    name (and province, when the file has one) updated and their year range widened.
    A wijk or buurt whose parent is neither in the file nor in the database is an error.
    """
    path = Path(path)
    year = year or infer_year(path)
    if year is None:
        raise AreaImportError(
            _("cannot tell the division year from the file name; pass --year"), file=path
        )
    source = source or path.name
    result = ImportResult(kind=_("regions"), sources=[path.name])
    parsed = read_regions(path)
    for code in parsed.skipped:
        result.skip(code, _("not a gemeente, wijk or buurt"))
    regions = parsed.frame.with_row_index("order").with_columns(
        parent=parent_code_expr(pl.col("code")),
        municipality_code=municipality_code_expr(pl.col("code")),
    )

    with transaction.atomic(using=router.db_for_write(Area)):
        existing = _existing_areas(sorted(regions["municipality_code"].unique().to_list()))
        known = pl.concat([regions["code"], existing["code"]])
        orphans = regions.filter(
            pl.col("parent").is_not_null() & ~pl.col("parent").is_in(known.implode())
        )
        if orphans.height:
            orphan = orphans.row(0, named=True)
            raise AreaImportError(
                _("%(code)s has no parent %(parent)s in this file or the database")
                % {"code": orphan["code"], "parent": orphan["parent"]},
                file=path,
                row=orphan["row"],
                field=parsed.code_field,
            )
        _write(regions, existing, year, source, result)
        if result.changed:
            bump_search_version()  # names changed: renew the search
    return result


EXISTING_SCHEMA = {
    "id": pl.Int64,
    "code": pl.String,
    "name_old": pl.String,
    "province_old": pl.String,
    "first_year_old": pl.Int64,
    "last_year_old": pl.Int64,
    "parent_id_old": pl.Int64,
    "source_old": pl.String,
}


def _existing_areas(municipality_codes: list[str]) -> pl.DataFrame:
    """The stored areas of these gemeenten (EXISTING_SCHEMA)."""
    connection = connections[router.db_for_write(Area)]
    quote = connection.ops.quote_name
    sql = (
        "SELECT id, code, name, province, first_year, last_year, parent_id, source "
        f"FROM {quote(Area._meta.db_table)} WHERE municipality_code IN "
    )
    rows: list[tuple] = []
    with connection.cursor() as cursor:
        for start in range(0, len(municipality_codes), 900):
            chunk = municipality_codes[start : start + 900]
            cursor.execute(sql + f"({', '.join(['%s'] * len(chunk))})", chunk)
            rows += cursor.fetchall()
    return pl.DataFrame(rows, schema=EXISTING_SCHEMA, orient="row")


INSERT_COLUMNS = [
    "id",
    "code",
    "name",
    "level",
    "parent_id",
    "municipality_code",
    "province",
]
UPDATE_COLUMNS = ["name", "province", "first_year", "last_year", "parent", "source"]


def _write(
    regions: pl.DataFrame,
    existing: pl.DataFrame,
    year: int,
    source: str,
    result: ImportResult,
) -> None:
    """Insert the new codes and update the known ones that changed.

    Ids of new areas are reserved first, in the order the areas are inserted (gemeenten,
    wijken, buurten, each in file order), so every parent id is known before the one
    INSERT; parents precede their children in it.
    """
    joined = regions.join(existing, on="code", how="left", maintain_order="left")
    new = (
        joined.filter(pl.col("id").is_null())
        .sort(pl.col("level").replace_strict(LEVEL_RANK, return_dtype=pl.Int64), "order")
        .drop("id")
    )
    new = new.with_columns(id=pl.Series(reserve_ids(Area, new.height), dtype=pl.Int64))
    ids = pl.concat([existing.select("code", "id"), new.select("code", "id")])
    parents = ids.rename({"code": "parent", "id": "parent_id"})
    new = new.join(parents, on="parent", how="left", maintain_order="left")
    known = joined.filter(pl.col("id").is_not_null()).join(
        parents, on="parent", how="left", maintain_order="left"
    )

    constants = {"first_year": year, "last_year": year, "source": source}
    constants |= default_values(Area, [*INSERT_COLUMNS, *constants])
    insert_frame(Area, new.select(INSERT_COLUMNS), constants)

    known = known.with_columns(
        province=pl.when(pl.col("province") != "").then("province").otherwise("province_old"),
        first_year=pl.min_horizontal("first_year_old", pl.lit(year)),
        last_year=pl.max_horizontal("last_year_old", pl.lit(year)),
        source=pl.when(pl.col("source_old") != "").then("source_old").otherwise(pl.lit(source)),
    )
    changed = known.filter(
        (pl.col("name") != pl.col("name_old"))
        | (pl.col("province") != pl.col("province_old"))
        | (pl.col("first_year") != pl.col("first_year_old"))
        | (pl.col("last_year") != pl.col("last_year_old"))
        | pl.col("parent_id").ne_missing(pl.col("parent_id_old"))
        | (pl.col("source") != pl.col("source_old"))
    )
    update_by_pk(
        Area,
        UPDATE_COLUMNS,
        frame_rows(
            changed.select(
                "name", "province", "first_year", "last_year", "parent_id", "source", "id"
            )
        ),
    )
    result.created += new.height
    result.updated += changed.height
    result.unchanged += known.height - changed.height
