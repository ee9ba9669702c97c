"""Geometry helpers: reproject to RD New, repair, simplify, and GeoJSON in and out.

Stored geometries are GeoJSON dicts (Polygon or MultiPolygon) in RD New (EPSG:28992) with
whole-metre integer coordinates and RFC 7946 ring orientation (exterior counter-clockwise).
"""

from __future__ import annotations

import functools
import re
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

RD_NEW = "EPSG:28992"
WGS84 = "EPSG:4326"
SUPPORTED_CRS = (WGS84, RD_NEW)

# Rough bounds of the Netherlands per CRS, for files without a ``crs`` member.
_RD_BOUNDS = (-10_000.0, 280_000.0, 310_000.0, 640_000.0)

_EPSG = re.compile(r"EPSG:(?:[\d.]*:)?:?(\d+)$")


def parse_crs(value: str) -> str | None:
    """``EPSG:4326``, ``urn:ogc:def:crs:EPSG::28992``, ``CRS84``, ``28992`` → a supported CRS."""
    text = (value or "").strip().upper()
    if text.endswith("CRS84"):
        return WGS84  # lon/lat order, which is what always_xy expects anyway
    match = _EPSG.search(text)
    number = match.group(1) if match else text if text.isdigit() else None
    crs = f"EPSG:{number}" if number else None
    return crs if crs in SUPPORTED_CRS else None


def detect_crs(bounds: tuple[float, float, float, float]) -> str | None:
    """Guess WGS84 or RD New from coordinate ranges; None when neither fits."""
    minx, miny, maxx, maxy = bounds
    if -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90:
        return WGS84
    rx0, ry0, rx1, ry1 = _RD_BOUNDS
    if rx0 <= minx <= maxx <= rx1 and ry0 <= miny <= maxy <= ry1:
        return RD_NEW
    return None


@functools.cache
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def reproject(geoms: np.ndarray, source: str, target: str = RD_NEW) -> np.ndarray:
    """Reproject an array of shapely geometries (vectorised over all coordinates)."""
    if source == target:
        return geoms
    transformer = _transformer(source, target)

    def transform(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geoms, transform)


def polygonal(geom: BaseGeometry | None) -> Polygon | MultiPolygon | None:
    """The polygon parts of a geometry (make_valid can return lines and points too)."""
    if geom is None or geom.is_empty:
        return None
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    parts: list[Polygon] = []
    for part in getattr(geom, "geoms", []):
        if isinstance(part, Polygon) and not part.is_empty:
            parts.append(part)
        elif isinstance(part, MultiPolygon):
            parts.extend(p for p in part.geoms if not p.is_empty)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def repair(geoms: np.ndarray) -> list[Polygon | MultiPolygon | None]:
    """make_valid, keeping polygon parts; None where no area is left (unrepairable)."""
    return [polygonal(g) for g in shapely.make_valid(geoms)]


def simplify_and_snap(
    geom: Polygon | MultiPolygon, tolerance: float
) -> Polygon | MultiPolygon | None:
    """Simplify and snap a valid RD geometry to whole metres; None when it collapses.

    A polygon that simplification would wipe out is kept unsimplified; only slivers
    thinner than a metre disappear.
    """
    for tol in (tolerance, 0.0) if tolerance > 0 else (0.0,):
        simplified = shapely.simplify(geom, tol, preserve_topology=True) if tol else geom
        # set_precision keeps the result valid (GEOS snaps and re-nodes on the grid).
        snapped = polygonal(shapely.set_precision(simplified, 1.0))
        if snapped is not None:
            return shapely.orient_polygons(snapped)
    return None


def clean(geoms: np.ndarray, tolerance: float) -> list[Polygon | MultiPolygon | None]:
    """Repair, simplify and snap RD geometries to whole metres; None where nothing is left."""
    return [simplify_and_snap(g, tolerance) if g is not None else None for g in repair(geoms)]


def to_geojson(geom: Polygon | MultiPolygon) -> dict[str, Any]:
    """GeoJSON dict with integer coordinates (the geometry is on a 1 m grid)."""

    def rings(polygon: Polygon) -> list[list[list[int]]]:
        return [
            np.rint(shapely.get_coordinates(ring)).astype(np.int64).tolist()
            for ring in (polygon.exterior, *polygon.interiors)
        ]

    if isinstance(geom, Polygon):
        return {"type": "Polygon", "coordinates": rings(geom)}
    return {"type": "MultiPolygon", "coordinates": [rings(p) for p in geom.geoms]}


def from_geojson(data: dict[str, Any]) -> BaseGeometry:
    return shape(data)


def dissolve(
    geoms: list[BaseGeometry], *, gap: float, tolerance: float
) -> Polygon | MultiPolygon | None:
    """Union of child polygons, closing slivers up to ``2 * gap`` wide.

    Children were simplified one by one, so neighbours no longer share their borders
    exactly; a plain union leaves hairline holes. A mitred buffer out and back in closes
    them without rounding the outer corners.
    """
    if not geoms:
        return None
    grown = shapely.buffer(np.array(geoms, dtype=object), gap, join_style="mitre")
    merged = shapely.buffer(shapely.union_all(grown), -gap, join_style="mitre")
    return clean(np.array([merged], dtype=object), tolerance)[0]
