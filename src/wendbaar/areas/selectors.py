"""Reads of the geography for pages and the API: one query (or a fixed few) per call.

Geometry columns are large: every query here loads ``geometry`` / ``schematic_path`` only
for the areas that are drawn on a map.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, Q, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from wendbaar.core.maps import MapFeature

from .codes import CODE_PATTERN, normalise_code
from .constants import AreaLevel
from .index import search_index
from .models import Area

# Columns that only a map needs.
HEAVY_FIELDS = ("geometry", "schematic_path")
# Columns every list, link and breadcrumb needs.
LIST_FIELDS = ("id", "code", "name", "level", "parent_id", "municipality_code", "last_year")
MAP_FIELDS = (*LIST_FIELDS, "geometry", "geometry_source", "schematic_path")


@dataclass(frozen=True)
class AreaLineage:
    """An area with its ancestors, gemeente first (empty for a gemeente)."""

    area: Area
    ancestors: list[Area]

    @property
    def municipality(self) -> Area:
        return self.ancestors[0] if self.ancestors else self.area


@dataclass(frozen=True)
class SearchResults:
    term: str
    areas: list[Area]
    has_more: bool = False


@dataclass(frozen=True)
class AreaMapData:
    """What the map of an area page draws (see :func:`map_features_for`)."""

    features: list[MapFeature]
    schematic_viewbox: str = ""
    geometry_sources: list[str] = field(default_factory=list)


def _defer_heavy(queryset, *relations: str):
    names = [f"{rel}__{f}" if rel else f for rel in ("", *relations) for f in HEAVY_FIELDS]
    return queryset.defer(*names)


def area_with_lineage(code: str) -> AreaLineage:
    """The area with this CBS code (any case) and its ancestors; Http404 when unknown."""
    code = normalise_code(code)
    if not CODE_PATTERN.match(code):
        raise Http404(code)
    queryset = _defer_heavy(
        Area.objects.select_related("parent", "parent__parent"), "parent", "parent__parent"
    )
    try:
        area = queryset.get(code=code)
    except Area.DoesNotExist:
        raise Http404(code) from None
    ancestors: list[Area] = []
    node = area.parent
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent if "parent" in node._state.fields_cache else None
    return AreaLineage(area=area, ancestors=ancestors)


def children_of(area: Area) -> list[Area]:
    """Wijken of a gemeente (with ``neighbourhood_count``) or buurten of a wijk, by name.

    Only children that still existed in the area's latest division are listed.
    """
    if area.level == AreaLevel.NEIGHBOURHOOD:
        return []
    queryset = Area.objects.filter(parent=area, last_year__gte=area.last_year).only(*LIST_FIELDS)
    if area.level == AreaLevel.MUNICIPALITY:
        queryset = queryset.annotate(
            neighbourhood_count=Count("children", filter=Q(children__last_year__gte=area.last_year))
        )
    return list(queryset.order_by("name", "code"))


def search_areas(term: str, limit: int = 20) -> SearchResults:
    """Areas for what someone typed: a name, an alias, a name with a typo, a postcode
    (PC4, or PC6 such as "3563 AB": its buurten) or a CBS code.

    Ranked by ``matching.SearchIndex`` (code/postcode > exact > prefix > alias >
    contains > typo; gemeenten before wijken before buurten on ties) over this process's
    in-memory index. Each area carries ``match`` (the :class:`~.matching.Match`: its
    ``alias`` for "also known as", its ``postcode``). Parents (and grandparents) are
    loaded for disambiguation ("Centrum, Utrecht"). Two queries when the index is
    current.
    """
    term = (term or "").strip()
    if not term:
        return SearchResults(term="", areas=[])
    matches = search_index().find(term, limit=limit + 1)
    ids = [m.area_id for m in matches[:limit]]
    queryset = _defer_heavy(
        # No ORDER BY: the matches give the order.
        Area.objects.filter(pk__in=ids).select_related("parent", "parent__parent").order_by(),
        "parent",
        "parent__parent",
    ).defer("source", "geometry_source", "schematic_viewbox")
    by_id = {area.pk: area for area in queryset}
    areas = []
    for match in matches[:limit]:
        area = by_id.get(match.area_id)
        if area is not None:  # gone since the index was built
            area.match = match
            areas.append(area)
    return SearchResults(term=term, areas=areas, has_more=len(matches) > limit)


def area_label(area: Area) -> str:
    """Accessible name of an area: "Neighbourhood Lombok-Oost (BU03440301)"."""
    return _("%(level)s %(name)s (%(code)s)") % {
        "level": area.level_label,
        "name": area.name,
        "code": area.code,
    }


def map_features_for(area: Area) -> AreaMapData:
    """The areas drawn on the map of ``area``'s page, as map features.

    - gemeente: its buurten as links (its wijken when no buurt can be drawn);
    - wijk: its buurten as links, the other wijken of the gemeente as grey context;
    - buurt: itself highlighted, the other buurten of its wijk as links.

    Pass an area from :func:`area_with_lineage` so its ancestors are already loaded.
    One query (two for a wijk, or for a gemeente whose buurten have no shapes).
    """

    def feature(row: Area, *, context: bool = False, current: bool = False) -> MapFeature:
        return MapFeature(
            code=row.code,
            name=row.name,
            label=area_label(row),
            href=None if context else row.get_absolute_url(),
            geometry=row.geometry,
            schematic_path=row.schematic_path,
            context=context,
            current=current,
        )

    def drawable(rows: list[Area]) -> bool:
        return any(row.geometry or row.schematic_path for row in rows)

    current_year = Q(last_year__gte=area.last_year)
    rows = Area.objects.filter(current_year).only(*MAP_FIELDS).order_by("name", "code")
    features: list[MapFeature] = []
    drawn: list[Area] = []
    if area.level == AreaLevel.MUNICIPALITY:
        members = list(rows.neighbourhoods().in_municipality(area.code))
        if not drawable(members):
            members = list(rows.districts().in_municipality(area.code))
        features = [feature(row) for row in members]
        drawn = members
    elif area.level == AreaLevel.DISTRICT:
        members = list(rows.filter(parent=area))
        context = list(rows.districts().filter(parent_id=area.parent_id).exclude(pk=area.pk))
        features = [feature(row, context=True) for row in context]
        features += [feature(row) for row in members]
        drawn = members + context
    else:
        members = list(rows.filter(parent_id=area.parent_id))
        if not any(row.pk == area.pk for row in members):
            members.append(Area.objects.only(*MAP_FIELDS).get(pk=area.pk))
        features = [feature(row, current=row.pk == area.pk) for row in members]
        drawn = members

    municipality = area
    while municipality.parent_id and municipality.level != AreaLevel.MUNICIPALITY:
        municipality = municipality.parent
    sources = sorted({row.geometry_source for row in drawn if row.geometry_source})
    return AreaMapData(
        features=features,
        schematic_viewbox=municipality.schematic_viewbox,
        geometry_sources=sources,
    )


def current_municipalities() -> models.QuerySet:
    """Gemeenten of the latest division, by province then name (one query)."""
    latest = Area.objects.municipalities().order_by("-last_year").values("last_year")[:1]
    return (
        Area.objects.municipalities()
        .filter(last_year=Subquery(latest))
        .only("code", "name", "province", "level")
        .order_by("province", "name")
    )
