"""An initiative's optional point on the area map. Pure rules, no Django.

A point is in RD New metres (EPSG:28992), the coordinate system of the area shapes
(``areas.Area.geometry``), and lies in the chosen area. Refusals are :class:`PointError`
with a ``code``; ``point_text.message`` words them for the form and the API.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

from pyproj import Transformer
from shapely.geometry import Point as ShapelyPoint

from wendbaar.core.maps import parse_geometry

RD_NEW = "EPSG:28992"
WGS84 = "EPSG:4326"

#: How far outside the area's outline a point may lie, in metres. The stored outlines are
#: generalised (CBS "buurt_gegeneraliseerd", whole metres, simplified), so the real
#: boundary can run a street's width away from the drawn one; and a tap on a phone is a
#: few pixels wide, at a buurt's scale some 20 m. 25 m forgives both and still keeps a
#: point a block into the neighbouring buurt out.
TOLERANCE_METRES = 25.0
#: Longer text than this is not a coordinate (a form field's cap).
MAX_NUMBER_LENGTH = 32


class PointError(ValueError):
    """A point that cannot be stored. ``code``: incomplete, not_a_number, not_finite,
    no_geometry, outside."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Point:
    """RD New metres: ``x`` grows east, ``y`` north."""

    x: float
    y: float


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: Any) -> float:
    if isinstance(value, bool):  # True is an int in Python, never a coordinate
        raise PointError("not_a_number")
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_NUMBER_LENGTH:
            raise PointError("not_a_number")
        try:
            number = float(text)
        except ValueError:
            raise PointError("not_a_number") from None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        raise PointError("not_a_number")
    if not math.isfinite(number):  # float() reads "nan" and "inf"
        raise PointError("not_finite")
    return number


def parse_point(x: Any, y: Any) -> Point | None:
    """Two submitted values (text or numbers) as a point; None when both are empty.

    One without the other is refused (``incomplete``): the database keeps both or
    neither."""
    if _blank(x) and _blank(y):
        return None
    if _blank(x) or _blank(y):
        raise PointError("incomplete")
    return Point(_number(x), _number(y))


def check_in_area(
    point: Point, geometry: dict | None, *, tolerance: float = TOLERANCE_METRES
) -> Point:
    """``point`` when it lies in the area's outline (or within ``tolerance`` metres of
    it); an area without a usable outline takes no point (``no_geometry``)."""
    shape = parse_geometry(geometry)
    if shape is None:
        raise PointError("no_geometry")
    where = ShapelyPoint(point.x, point.y)
    # distance() is 0 inside and on the outline (holes count as outside).
    if shape.distance(where) > tolerance:
        raise PointError("outside")
    return point


def point_in_area(value: tuple[Any, Any] | None, geometry: dict | None) -> Point | None:
    """What a service stores: ``value`` (x, y) parsed and checked, or None when empty."""
    if value is None:
        return None
    try:
        x, y = value
    except (TypeError, ValueError):
        raise PointError("incomplete") from None
    point = parse_point(x, y)
    return None if point is None else check_in_area(point, geometry)


def centre_of(geometry: dict | None) -> Point | None:
    """Where a keyboard user's point starts: the outline's centroid when it lies inside,
    else a point that surely does (a crescent's centroid can lie outside it)."""
    shape = parse_geometry(geometry)
    if shape is None:
        return None
    centre = shape.centroid
    if not shape.contains(centre):
        centre = shape.representative_point()
    return Point(round(centre.x), round(centre.y))


@functools.cache
def _to_wgs84() -> Transformer:
    return Transformer.from_crs(RD_NEW, WGS84, always_xy=True)


def to_wgs84(point: Point) -> tuple[float, float]:
    """(longitude, latitude) in degrees, to 6 decimals (about 10 cm)."""
    lon, lat = _to_wgs84().transform(point.x, point.y)
    return round(lon, 6), round(lat, 6)


def as_json(x: float | None, y: float | None) -> dict[str, Any] | None:
    """A stored point for the API: RD New as stored, plus WGS84 for web maps."""
    if x is None or y is None:
        return None
    lon, lat = to_wgs84(Point(x, y))
    return {"x": x, "y": y, "crs": RD_NEW, "lon": lon, "lat": lat}
