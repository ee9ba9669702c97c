"""Exports of what a monitor page shows: CSV, XLSX (openpyxl) and GeoJSON.

Built from the same dataclasses the templates render (:mod:`.choropleth`,
:mod:`.profile`, :mod:`.peers`), so an export holds what is on screen. Column names are
stable English keys (``code``, ``value``, ``status``, ...) so scripts can read every
language's export; a value that is secret, suppressed or not available is an empty cell
with its ``status`` beside it, never 0. GeoJSON is WGS84 (RFC 7946), reprojected from
the stored RD New geometry.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import shapely
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import mapping

from wendbaar.core.maps import parse_geometry
from wendbaar.core.spreadsheet import csv_cell, xlsx_row

from ..registry import KWB
from .choropleth import Choropleth
from .peers import Comparison, ReferenceGroup
from .present import source_label
from .profile import AreaProfile

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}
GEOJSON_DECIMALS = 6  # about 0.1 m


@dataclass(frozen=True)
class Table:
    """One table of an export: ``name`` is the sheet name (at most 31 characters)."""

    name: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)


@dataclass(frozen=True)
class Export:
    filename: str  # without extension
    tables: list[Table]
    about: list[tuple[str, str]] = field(default_factory=list)
    features: list[dict] = field(default_factory=list)  # GeoJSON features (RD geometry)


# --- writers ----------------------------------------------------------------------------


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    # Through core.spreadsheet: a name like "=1+1" must not become a live formula.
    writer.writerow([csv_cell(c) for c in table.columns])
    writer.writerows([csv_cell(v) for v in row] for row in table.rows)
    return out.getvalue().encode("utf-8")


def to_xlsx(tables: Sequence[Table], about: Iterable[tuple[str, str]] = ()) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for table in tables:
        sheet = workbook.create_sheet(title=table.name[:31])
        sheet.append(xlsx_row(sheet, table.columns))
        for row in table.rows:
            sheet.append(xlsx_row(sheet, row))
    about = list(about)
    if about:
        sheet = workbook.create_sheet(title="about")
        for key, value in about:
            sheet.append(xlsx_row(sheet, [key, value]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def _rd_to_wgs84():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def wgs84_geometry(geometry: dict | None) -> dict | None:
    """A GeoJSON geometry in RD New as WGS84 (lon, lat), rounded to ~0.1 m."""
    geom = parse_geometry(geometry)
    if geom is None:
        return None
    transformer = _rd_to_wgs84()

    def project(coords):
        lon, lat = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    projected = shapely.transform(geom, project)
    projected = shapely.set_precision(projected, 10**-GEOJSON_DECIMALS)
    return mapping(projected)


def to_geojson(export: Export) -> bytes:
    features = [
        {
            "type": "Feature",
            "id": feature["code"],
            "geometry": wgs84_geometry(feature.get("geometry")),
            "properties": feature["properties"],
        }
        for feature in export.features
    ]
    document = {
        "type": "FeatureCollection",
        "name": export.filename,
        "metadata": dict(export.about),
        "features": features,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def render(export: Export, fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv(export.tables[0])
    if fmt == "xlsx":
        return to_xlsx(export.tables, export.about)
    if fmt == "geojson":
        return to_geojson(export)
    raise ValueError(fmt)


# --- what is on screen → tables -------------------------------------------------------------


def _about(data_version: int, computed_at: str, source: str) -> list[tuple[str, str]]:
    return [
        ("exported_at", timezone.now().isoformat(timespec="seconds")),
        ("data_version", str(data_version)),
        ("analysis_computed_at", computed_at),
        ("source", source),
        ("licence", _("CBS open data CC BY 4.0; geometries CBS / Kadaster CC BY 4.0")),
    ]


CHOROPLETH_COLUMNS = [
    "code",
    "name",
    "level",
    "shown",
    "period",
    "value",
    "status",
    "text",
    "unit",
    "class",
    "class_label",
    "national_position",
    "source",
    "source_table",
    "source_label",  # the table in words: "CBS, Key figures ... 2024 (85984NED)"
]


def choropleth_export(
    choropleth: Choropleth, *, data_version: int, computed_at: str, geometries: dict | None = None
) -> Export:
    info = choropleth.info
    labels = {c.index: c.label for c in choropleth.classes}
    source = info.source if info else _("Wendbaar theme score (composite of indicator z-scores)")
    table = info.table_for(choropleth.period) if info else ""
    label = choropleth.source_text or source
    rows, features = [], []
    for row in choropleth.rows:
        values = [
            row.area.code,
            row.area.name,
            row.area.level,
            choropleth.choice.show,
            choropleth.period,
            row.figure.value,
            row.figure.status,
            row.figure.text,
            info.unit if info else "position",
            row.class_index,
            labels.get(row.class_index, ""),
            round(row.position, 2) if row.position is not None else None,
            source,
            table,
            label,
        ]
        rows.append(values)
        features.append(
            {
                "code": row.area.code,
                "geometry": (geometries or {}).get(row.area.code),
                "properties": dict(zip(CHOROPLETH_COLUMNS, values, strict=True)),
            }
        )
    name = f"wendbaar-{choropleth.municipality.code}-{choropleth.choice.code}-{choropleth.period}"
    return Export(
        filename=name,
        tables=[Table("map", CHOROPLETH_COLUMNS, rows)],
        about=[("title", choropleth.title), *_about(data_version, computed_at, source)],
        features=features,
    )


PROFILE_COLUMNS = [
    "area",
    "theme",
    "indicator",
    "name",
    "period",
    "value",
    "status",
    "text",
    "unit",
    "district_value",
    "municipality_value",
    "national_value",
    "national_rank",
    "previous_period",
    "previous_value",
    "change",
    "reference_group_rank",
    "reference_group_size",
    "source",
    "source_table",
    "source_label",
    "derivation",
    "definition",
]
THEME_COLUMNS = ["area", "period", "theme", "name", "position", "n_indicators", "compared_with"]


def profile_export(profile: AreaProfile, *, geometry: dict | None = None) -> Export:
    rows = []
    for section in profile.sections:
        for row in section.rows:
            trend = row.trend
            rows.append(
                [
                    profile.area.code,
                    section.theme,
                    row.info.code,
                    row.info.name,
                    row.period,
                    row.figure.value,
                    row.figure.status,
                    row.figure.text,
                    row.info.unit,
                    row.district.value if row.district else None,
                    row.municipality.value if row.municipality else None,
                    row.national.value if row.national else None,
                    row.rank_text,
                    trend.previous_period if trend else None,
                    trend.previous.value if trend else None,
                    (row.figure.value - trend.previous.value)
                    if trend and row.figure.value is not None and trend.previous.value is not None
                    else None,
                    row.group_rank if row.group_text else None,
                    row.group_size if row.group_text else None,
                    row.info.source,
                    row.source_table,
                    source_label(row.info, row.period, row.source_table),
                    row.derivation,
                    row.info.definition,
                ]
            )
    theme_rows = []
    for theme in profile.themes:
        compared = {cell.key: cell.position for cell in theme.references}
        theme_rows.append(
            [
                profile.area.code,
                profile.theme_period,
                theme.theme,
                theme.label,
                round(theme.position, 2) if theme.position is not None else None,
                theme.n_indicators,
                json.dumps({k: round(v, 2) for k, v in compared.items() if v is not None}),
            ]
        )
    properties = {
        "code": profile.area.code,
        "name": profile.area.name,
        "level": profile.area.level,
        "theme_period": profile.theme_period,
        "themes": {t.theme: t.position for t in profile.themes},
        "figures": {r[2]: {"period": r[4], "value": r[5], "status": r[6]} for r in rows},
    }
    return Export(
        filename=f"wendbaar-profile-{profile.area.code}",
        tables=[
            Table("indicators", PROFILE_COLUMNS, rows),
            Table("themes", THEME_COLUMNS, theme_rows),
        ],
        about=[
            ("area", profile.area.label),
            *_about(profile.data_version, profile.computed_at, _("see the column source")),
        ],
        features=[{"code": profile.area.code, "geometry": geometry, "properties": properties}],
    )


def compare_export(comparison: Comparison, *, data_version: int, computed_at: str) -> Export:
    codes = [a.code for a in comparison.areas]
    columns = ["section", "key", "name", "period", *[f"{c}_value" for c in codes]]
    columns += [f"{c}_status" for c in codes]
    rows = []
    for section in comparison.sections:
        for row in section.rows:
            rows.append(
                [
                    section.key,
                    row.info.code if row.info else section.key,
                    row.label,
                    row.period,
                    *[cell.value for cell in row.cells],
                    *[cell.status for cell in row.cells],
                ]
            )
    return Export(
        filename="wendbaar-compare-" + "-".join(codes),
        tables=[Table("compare", columns, rows)],
        about=_about(data_version, computed_at, _("see the indicator pages")),
    )


def reference_export(group: ReferenceGroup, *, data_version: int, computed_at: str) -> Export:
    columns = ["rank", "code", "name", "municipality", "distance"]
    columns += [info.code for info in group.profile]
    rows = [
        [
            row.rank or 0,
            row.area.code,
            row.area.name,
            row.municipality_name,
            round(row.distance, 4) if row.distance is not None else None,
            *[value.figure.value for value in row.values],
        ]
        for row in group.rows
    ]
    return Export(
        filename=f"wendbaar-reference-{group.area.code}",
        tables=[Table("reference_group", columns, rows)],
        about=_about(data_version, computed_at, KWB),
    )
