"""Area polygons from GeoJSON (EPSG:4326 or EPSG:28992), stored simplified in RD New.

Features are matched to areas by a code property: ``code_property`` when given, else
the first of ``CODE_PROPERTIES`` present in the first feature. The CRS comes from
``crs`` (argument), else the file's ``crs`` member, else the coordinate ranges.
Feature numbers in errors are 1-based. Features whose code is valid but unknown are
skipped (or an error with ``strict``); their geometry is only checked for being readable.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from django.db import transaction
from django.utils.translation import gettext as _
from shapely.errors import GEOSException

from .. import geo
from ..codes import CODE_PATTERN, municipality_code, normalise_code
from ..models import Area
from .base import AreaImportError, ImportResult, decode_text, read_bytes, update_rows

# Code properties of the usual CBS/PDOK layers, most specific first: buurt layers also
# carry their wijk and gemeente codes, wijk layers their gemeente code.
CODE_PROPERTIES = (
    "statcode",  # cartomap / PDOK generalised layers
    "bu_code",
    "BU_CODE",
    "buurtcode",
    "wk_code",
    "WK_CODE",
    "WKC",  # wijk layers of the Wijk- en Buurtkaart (2016 and older)
    "wijkcode",
    "gm_code",
    "GM_CODE",
    "gemeentecode",  # PDOK OGC API naming
    "GMC",
    "code",
)
DEFAULT_TOLERANCE = 5.0  # metres; borders of the generalised CBS layers move more
MAX_TOLERANCE = 1_000.0  # metres; more would simplify a buurt away
# Where a Dutch area can lie in RD New (with the sea and the border strip): a polygon
# outside is a wrong CRS or broken coordinates (1e300 passes the finite check).
RD_BOUNDS = geo._RD_BOUNDS  # the same bounds the CRS guess uses


def load_features(path: Path) -> tuple[list[dict[str, Any]], str | None]:
    """The features of a GeoJSON FeatureCollection and the name in its ``crs`` member."""
    try:
        data = json.loads(decode_text(read_bytes(path)))
    except json.JSONDecodeError as exc:
        raise AreaImportError(_("not valid JSON (%(error)s)") % {"error": exc}, file=path) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise AreaImportError(_("not a GeoJSON FeatureCollection"), file=path, field="type")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise AreaImportError(
            _("the FeatureCollection has no features"), file=path, field="features"
        )
    crs_name = None
    crs = data.get("crs")
    if crs is not None:
        crs_name = (crs.get("properties") or {}).get("name") if isinstance(crs, dict) else None
        crs_name = str(crs_name or crs)
    return features, crs_name


def pick_code_property(
    path: Path, features: list[dict[str, Any]], code_property: str | None
) -> str:
    if code_property:
        return code_property
    properties = features[0].get("properties") or {}
    for name in CODE_PROPERTIES:
        if name in properties:
            return name
    raise AreaImportError(
        _("missing code property: none of %(names)s; pass --code-property")
        % {"names": ", ".join(CODE_PROPERTIES)},
        file=path,
        feature=1,
        field="properties",
    )


def import_geometry(
    path: str | Path,
    *,
    code_property: str | None = None,
    crs: str | None = None,
    source: str = "",
    tolerance: float = DEFAULT_TOLERANCE,
    strict: bool = False,
) -> ImportResult:
    """Set ``geometry`` of the areas in one GeoJSON file, atomically and idempotently."""
    path = Path(path)
    source = (source or path.name)[:200]
    check_tolerance(tolerance, path)
    result = ImportResult(kind=_("geometry"), sources=[path.name])
    features, crs_member = load_features(path)
    prop = pick_code_property(path, features, code_property)

    codes: list[str] = []
    shapes: list[Any] = []
    first_feature_of: dict[str, int] = {}
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict) or prop not in properties:
            raise AreaImportError(_("missing code property"), file=path, feature=number, field=prop)
        code = normalise_code(str(properties[prop] or ""))
        if not CODE_PATTERN.match(code):
            raise AreaImportError(
                _("“%(code)s” is not a CBS gemeente, wijk or buurt code") % {"code": code},
                file=path,
                feature=number,
                field=prop,
            )
        if code in first_feature_of:
            raise AreaImportError(
                _("duplicate code %(code)s (first seen in feature %(first)s)")
                % {"code": code, "first": first_feature_of[code]},
                file=path,
                feature=number,
                field=prop,
            )
        first_feature_of[code] = number
        shapes.append(_read_shape(path, number, feature.get("geometry")))
        codes.append(code)

    source_crs = _resolve_crs(path, crs, crs_member, shapes)
    with transaction.atomic():
        areas = {
            area.code: area
            for area in Area.objects.filter(
                municipality_code__in={municipality_code(c) for c in codes}
            ).only("id", "code", "geometry", "geometry_source")
        }
        matched = [i for i, code in enumerate(codes) if code in areas]
        for i, code in enumerate(codes):
            if code not in areas:
                if strict:
                    raise AreaImportError(
                        _("no area with code %(code)s") % {"code": code},
                        file=path,
                        feature=i + 1,
                        field=prop,
                    )
                result.skip(code, _("no area with this code"))
        # Repair in the source CRS, where the geometry was drawn: a ring that is degenerate
        # there is broken input, not something reprojection should paper over.
        repaired = geo.repair(np.array([shapes[i] for i in matched], dtype=object))
        for i, geom in zip(matched, repaired, strict=True):
            if geom is None:
                raise AreaImportError(
                    _("invalid geometry that cannot be repaired (no area left)"),
                    file=path,
                    feature=i + 1,
                    field="geometry",
                )
        rd = geo.repair(geo.reproject(np.array(repaired, dtype=object), source_crs))
        _check_in_the_netherlands(path, [i + 1 for i in matched], rd, source_crs)
        to_update = []
        for i, geom in zip(matched, rd, strict=True):
            geom = geo.simplify_and_snap(geom, tolerance) if geom is not None else None
            if geom is None:
                result.skip(codes[i], _("polygon thinner than a metre"))
                continue
            area = areas[codes[i]]
            new = geo.to_geojson(geom)
            if area.geometry == new and area.geometry_source == source:
                result.unchanged += 1
                continue
            area.geometry, area.geometry_source = new, source
            to_update.append(area)
        update_rows(to_update, ["geometry", "geometry_source"])
        result.updated = len(to_update)
    return result


def check_tolerance(tolerance: float, path: Path | str) -> None:
    if not 0 <= tolerance <= MAX_TOLERANCE:  # also refuses nan
        raise AreaImportError(
            _("tolerance %(tolerance)s m is not between 0 and %(max)s m")
            % {"tolerance": tolerance, "max": f"{MAX_TOLERANCE:g}"},
            file=path,
            field="tolerance",
        )


def _check_in_the_netherlands(
    path: Path, numbers: list[int], geoms: list[Any], source_crs: str
) -> None:
    """Refuse a polygon that lies (partly) outside the Netherlands once in RD New."""
    x0, y0, x1, y1 = RD_BOUNDS
    for number, geom in zip(numbers, geoms, strict=True):
        if geom is None:
            continue
        minx, miny, maxx, maxy = geom.bounds
        inside = x0 <= minx <= maxx <= x1 and y0 <= miny <= maxy <= y1
        if not inside:  # also when a bound is nan or inf
            raise AreaImportError(
                _(
                    "the polygon lies outside the Netherlands (RD New bounds %(bounds)s) "
                    "when read as %(crs)s; check the coordinates or pass the right --crs"
                )
                % {
                    "bounds": ", ".join(f"{v:.0f}" for v in (minx, miny, maxx, maxy)),
                    "crs": source_crs,
                },
                file=path,
                feature=number,
                field="geometry",
            )


def _read_shape(path: Path, number: int, data: Any) -> Any:
    if not isinstance(data, dict) or data.get("type") not in ("Polygon", "MultiPolygon"):
        raise AreaImportError(
            _("expected a Polygon or MultiPolygon geometry"),
            file=path,
            feature=number,
            field="geometry",
        )
    try:
        geom = geo.from_geojson(data)
        # Force coordinate parsing now: NaN or missing coordinates fail here, not later.
        if geom.is_empty or not np.isfinite(shapely.get_coordinates(geom)).all():
            raise ValueError(_("empty or non-finite coordinates"))
    except (GEOSException, ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise AreaImportError(
            _("unreadable geometry (%(error)s)") % {"error": exc},
            file=path,
            feature=number,
            field="geometry",
        ) from exc
    return geom


def _resolve_crs(path: Path, crs: str | None, crs_member: str | None, shapes: list[Any]) -> str:
    if crs:
        resolved = geo.parse_crs(crs)
        if resolved is None:
            raise AreaImportError(
                _("unknown CRS %(crs)s (supported: %(supported)s)")
                % {"crs": crs, "supported": ", ".join(geo.SUPPORTED_CRS)},
                file=path,
                field="crs",
            )
        return resolved
    if crs_member is not None:
        resolved = geo.parse_crs(crs_member)
        if resolved is None:
            raise AreaImportError(
                _("unknown CRS %(crs)s (supported: %(supported)s)")
                % {"crs": crs_member, "supported": ", ".join(geo.SUPPORTED_CRS)},
                file=path,
                field="crs",
            )
        return resolved
    bounds = tuple(shapely.total_bounds(np.array(shapes, dtype=object)))
    resolved = geo.detect_crs(bounds)
    if resolved is None:
        raise AreaImportError(
            _(
                "unknown CRS: no crs member and the coordinates (bounds %(bounds)s) fit "
                "neither WGS84 nor RD New; pass --crs"
            )
            % {"bounds": ", ".join(f"{v:.0f}" for v in bounds)},
            file=path,
            field="crs",
        )
    return resolved
