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
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from wendbaar.core.decompress import TooLarge, check_zip

from ..codes import CODE_PATTERN, level_of, municipality_code, normalise_code, parent_code
from ..constants import AreaLevel
from ..index import bump_search_version
from ..models import Area
from .base import AreaImportError, ImportResult, decode_text, read_bytes, too_large, update_rows


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
    data = read_bytes(path)
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(path, data)
    text = decode_text(data)
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
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
    regions = parse_regions(path, read_table(path), result)
    by_code = {region.code: region for region in regions}

    with transaction.atomic():
        municipality_codes = {municipality_code(code) for code in by_code}
        existing = {
            area.code: area
            for area in Area.objects.filter(municipality_code__in=municipality_codes).only(
                "id", "code", "name", "province", "first_year", "last_year", "parent_id", "source"
            )
        }
        for region in regions:
            parent = parent_code(region.code)
            if parent and parent not in by_code and parent not in existing:
                raise AreaImportError(
                    _("%(code)s has no parent %(parent)s in this file or the database")
                    % {"code": region.code, "parent": parent},
                    file=path,
                    row=region.row,
                    field=region.code_field,
                )
        ids = {code: area.pk for code, area in existing.items()}
        for level in LEVEL_ORDER:
            _write_level(
                [r for r in regions if r.level == level], existing, ids, year, source, result
            )
        if result.changed:
            bump_search_version()  # names changed: renew the search
    return result


def _write_level(
    regions: list[RegionRow],
    existing: dict[str, Area],
    ids: dict[str, int],
    year: int,
    source: str,
    result: ImportResult,
) -> None:
    """Write one level; parents are written first so their ids are known."""
    to_create: list[Area] = []
    to_update: list[Area] = []
    for region in regions:
        parent = parent_code(region.code)
        parent_id = ids[parent] if parent else None
        area = existing.get(region.code)
        if area is None:
            to_create.append(
                Area(
                    code=region.code,
                    name=region.name,
                    level=region.level,
                    parent_id=parent_id,
                    municipality_code=municipality_code(region.code),
                    province=region.province,
                    first_year=year,
                    last_year=year,
                    source=source,
                )
            )
            continue
        new = {
            "name": region.name,
            "province": region.province or area.province,
            "first_year": min(area.first_year, year),
            "last_year": max(area.last_year, year),
            "parent_id": parent_id,
            "source": area.source or source,
        }
        if all(getattr(area, f) == v for f, v in new.items()):
            result.unchanged += 1
            continue
        for f, v in new.items():
            setattr(area, f, v)
        to_update.append(area)
    if to_create:
        Area.objects.bulk_create(to_create, batch_size=1000)
        if any(area.pk is None for area in to_create):  # backends without RETURNING
            codes = [area.code for area in to_create]
            ids.update(
                Area.objects.filter(
                    municipality_code__in={a.municipality_code for a in to_create},
                    level=to_create[0].level,
                ).values_list("code", "id")
            )
            missing = set(codes) - ids.keys()
            assert not missing, missing
        else:
            ids.update((area.code, area.pk) for area in to_create)
    if to_update:
        update_rows(
            to_update, ["name", "province", "first_year", "last_year", "parent_id", "source"]
        )
    result.created += len(to_create)
    result.updated += len(to_update)
