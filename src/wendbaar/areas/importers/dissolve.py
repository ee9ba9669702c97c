"""Wijk and gemeente polygons built from their children's polygons.

We have buurt polygons for recent divisions but wijk polygons only for 2016, so a wijk
without a polygon gets the union of its buurten, and a gemeente the union of its wijken.
Only areas without a geometry, or with one an earlier dissolve made, are (re)built, so
polygons from a real source are never overwritten and a second run changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from .. import geo
from ..constants import AreaLevel
from ..models import Area
from .base import ImportResult, update_rows
from .geometry import DEFAULT_TOLERANCE, check_tolerance

DISSOLVED_PREFIX = "dissolved:"


def dissolve_geometry(
    *,
    municipality_codes: Iterable[str] | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    allow_partial: bool = False,
) -> ImportResult:
    """Build missing wijk, then gemeente geometries; all gemeenten when no codes are given.

    An area is skipped when none of its children has a polygon, or (unless
    ``allow_partial``) when some lack one: a union of part of the children would look
    like a complete but smaller area.
    """
    check_tolerance(tolerance, "dissolve")
    codes = sorted(set(municipality_codes or []))
    result = ImportResult(kind=_("dissolve"), sources=codes or [_("all municipalities")])
    with transaction.atomic():
        areas = Area.objects.all()
        if codes:
            areas = areas.filter(municipality_code__in=codes)
        by_id = {
            area.pk: area
            for area in areas.only(
                "id", "code", "level", "parent_id", "geometry", "geometry_source"
            )
        }
        children: dict[int, list[Area]] = defaultdict(list)
        for area in by_id.values():
            if area.parent_id is not None:
                children[area.parent_id].append(area)
        to_update = []
        for level in (AreaLevel.DISTRICT, AreaLevel.MUNICIPALITY):
            targets = sorted(
                (
                    a
                    for a in by_id.values()
                    if a.level == level
                    and (a.geometry is None or a.geometry_source.startswith(DISSOLVED_PREFIX))
                ),
                key=lambda a: a.code,
            )
            for area in targets:
                if _dissolve_one(area, children[area.pk], tolerance, allow_partial, result):
                    to_update.append(area)
        update_rows(to_update, ["geometry", "geometry_source"])
        result.updated = len(to_update)
    return result


def _dissolve_one(
    area: Area, kids: list[Area], tolerance: float, allow_partial: bool, result: ImportResult
) -> bool:
    """Set the area's geometry in memory (its parent may need it); True when it changed."""
    with_geometry = [kid for kid in kids if kid.geometry]
    if not with_geometry:
        result.skip(area.code, _("no child area has a polygon"))
        return False
    if len(with_geometry) < len(kids) and not allow_partial:
        result.skip(area.code, _("some child areas have no polygon"))
        return False
    geom = geo.dissolve(
        [geo.from_geojson(kid.geometry) for kid in with_geometry],
        gap=max(tolerance, 1.0),
        tolerance=tolerance,
    )
    if geom is None:
        result.skip(area.code, _("the union of the children is empty"))
        return False
    # The kids' sources name where the polygons came from, e.g. a buurt layer of 2019.
    kid_sources = sorted(
        {kid.geometry_source.removeprefix(DISSOLVED_PREFIX).strip() for kid in with_geometry}
    )
    source = f"{DISSOLVED_PREFIX} {', '.join(kid_sources)}"[:200]
    new = geo.to_geojson(geom)
    if area.geometry == new and area.geometry_source == source:
        result.unchanged += 1
        return False
    area.geometry, area.geometry_source = new, source
    return True
