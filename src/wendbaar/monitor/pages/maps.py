"""The choropleth as an SVG map: geometries from the database, drawing by ``core.maps``.

``core.maps`` is a pure drawing module (``areas.selectors`` uses it too); this module
only turns a :class:`~.choropleth.Choropleth` into map features and legend entries.
"""

from __future__ import annotations

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


def render_choropleth(
    choropleth: Choropleth, shapes: dict[str, Area], *, schematic_viewbox: str = ""
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
    legend = [
        LegendItem(
            label=_("%(label)s (%(count)s)") % {"label": c.label, "count": c.count}, fill=c.fill
        )
        for c in choropleth.classes
    ]
    if choropleth.n_missing:
        legend.append(
            LegendItem(
                label=_("no figure: secret, suppressed or not available (%(count)s)")
                % {"count": choropleth.n_missing},
                css_class="map-legend__swatch--nodata",
            )
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
