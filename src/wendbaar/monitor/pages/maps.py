"""The choropleth as an SVG map: geometries from the database, drawing by ``core.maps``.

``core.maps`` is a pure drawing module (``areas.selectors`` uses it too); this module
only turns a :class:`~.choropleth.Choropleth` into map features and legend entries.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from wendbaar.areas.models import Area
from wendbaar.areas.selectors import MAP_FIELDS
from wendbaar.core.maps import LegendItem, MapFeature, RenderedMap, render_map

from .choropleth import Choropleth

NO_FIGURE_CLASS = "map-area--nodata"


def map_geometries(municipality: Area, level: str) -> dict[str, Area]:
    """The gemeente's wijken or buurten of its latest division, with their shapes (one
    query)."""
    rows = (
        Area.objects.filter(
            municipality_code=municipality.code, level=level, last_year__gte=municipality.last_year
        )
        .only(*MAP_FIELDS)
        .order_by("code")
    )
    return {row.code: row for row in rows}


#: Drawn maps kept per analysis (per gemeente, level, what is shown and language).
MAPS_KEPT = 64


@dataclass(frozen=True)
class Shape:
    """What ``render_choropleth`` reads of an area's row."""

    geometry: dict | None
    schematic_path: str


@dataclass(frozen=True)
class MapShapes:
    """The shapes of a gemeente's wijken or buurten as stored (GeoJSON text, not parsed)
    and a digest of them: a drawn map is kept under the digest, so it is drawn again
    exactly when a shape changed, and the text is parsed only then (:meth:`load`)."""

    rows: tuple[tuple[str, str | None, str], ...]  # (code, geometry JSON, schematic path)
    digest: str

    def load(self) -> dict[str, Shape]:
        return {
            code: Shape(json.loads(text) if text else None, schematic or "")
            for code, text, schematic in self.rows
        }


def map_shapes(municipality: Area, level: str) -> MapShapes:
    """The shapes :func:`map_geometries` would give, unparsed, with their digest (one
    query)."""
    rows = tuple(
        Area.objects.filter(
            municipality_code=municipality.code, level=level, last_year__gte=municipality.last_year
        )
        .annotate(geometry_text=Cast("geometry", TextField()))
        .order_by("code")
        .values_list("code", "geometry_text", "schematic_path")
    )
    digest = hashlib.blake2b(digest_size=16)
    for code, text, schematic in rows:
        for part in (code, text or "", schematic or ""):
            digest.update(part.encode())
            digest.update(b"\0")
    return MapShapes(rows=rows, digest=digest.hexdigest())


def fifths_legend(classes: list[tuple[str, str, int]], missing: int) -> list[LegendItem]:
    """A choropleth's legend: each class (label, colour, how many areas) and, when some
    area has none, "no figure" said in words with its count."""
    legend = [
        LegendItem(label=_("%(label)s (%(count)s)") % {"label": label, "count": count}, fill=fill)
        for label, fill, count in classes
    ]
    if missing:
        legend.append(
            LegendItem(
                label=_("no figure: secret, suppressed or not available (%(count)s)")
                % {"count": missing},
                css_class="map-legend__swatch--nodata",
            )
        )
    return legend


def render_choropleth(
    choropleth: Choropleth,
    shapes: dict[str, Area] | dict[str, Shape],
    *,
    schematic_viewbox: str = "",
) -> RenderedMap:
    features = []
    for row in choropleth.rows:
        shape = shapes.get(row.area.code)
        if shape is None:
            continue
        features.append(
            MapFeature(
                code=row.area.code,
                name=row.area.name,
                label=_("%(level)s %(name)s (%(code)s)")
                % {"level": row.area.level_label, "name": row.area.name, "code": row.area.code},
                href=row.area.url,
                geometry=shape.geometry,
                schematic_path=shape.schematic_path,
                fill=row.fill,
                value_text=row.figure.text,
                css_class="" if row.fill else NO_FIGURE_CLASS,
            )
        )
    legend = fifths_legend(
        [(c.label, c.fill, c.count) for c in choropleth.classes], choropleth.n_missing
    )
    description = _(
        "All %(level)s are coloured by their class; darker means more need for attention. "
        "The table next to the map lists the same figures."
    ) % {"level": choropleth.level_plural}
    if choropleth.info is not None and choropleth.info.polarity == 0:
        description = _(
            "All %(level)s are coloured by their class; darker means a higher value, which is "
            "neither better nor worse. The table next to the map lists the same figures."
        ) % {"level": choropleth.level_plural}
    return render_map(
        features,
        title=choropleth.title,
        description=description,
        legend=legend,
        # Signals are Wendbaar's own records, not a national statistic: no "national".
        legend_title=_("Legend: fifths of the areas with signals")
        if choropleth.is_signal
        else _("Legend: national fifths"),
        schematic_viewbox=schematic_viewbox,
        map_id="choropleth",
    )
