"""A choropleth of one indicator over the buurten of a few areas (a wijkaanpak's), for a
page or a document outside the monitor: a progress report's appendix.

The classes are the monitor's national fifths of buurten (``breaks`` of the stored
analysis), coloured as the monitor's own map colours them (``choropleth.py``), so a
colour means the same in a report as in the monitor. A buurt without a figure (secret,
suppressed, not available) is white with a dashed outline, and the legend and the rows
say so in words. Pure: the caller reads the frames and the shapes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from wendbaar.core.maps import MapFeature, RenderedMap, render_map

from .choropleth import fifth_labels, shade
from .maps import NO_FIGURE_CLASS, fifths_legend
from .present import format_number


@dataclass(frozen=True)
class AreaFigure:
    code: str
    name: str
    value: float | None  # None: no real value (secret, suppressed, missing), never 0


@dataclass(frozen=True)
class AreaMap:
    """The drawn map (SVG and legend) and its figures, the text alternative."""

    rendered: RenderedMap
    figures: tuple[AreaFigure, ...]
    period: int


def class_index(value: float, bounds: Sequence[float]) -> int:
    """0 (below the first break) … 4 (at or above the last)."""
    return sum(1 for b in bounds if value >= b)


def class_labels(bounds: Sequence[float], decimals: int, polarity: int) -> list[str]:
    return fifth_labels([format_number(b, decimals) for b in bounds], polarity)


def draw_area_map(
    figures: Sequence[AreaFigure],
    shapes: Mapping[str, dict],
    *,
    bounds: Sequence[float],
    name: str,
    unit_text: str,
    decimals: int,
    polarity: int,
    period: int,
    map_id: str,
) -> AreaMap | None:
    """``figures`` of the buurten on a map (``shapes``: code → RD New GeoJSON) coloured by
    the national fifths ``bounds`` (four breaks); None when no buurt can be drawn or the
    country's fifths are not known (no honest colours)."""
    if len(bounds) != 4 or not any(f.code in shapes for f in figures):
        return None
    features = []
    counts = [0] * 5
    missing = 0
    for f in figures:
        if f.code not in shapes:
            continue
        if f.value is None:
            missing += 1
            fill, text = None, _("no figure")
        else:
            index = class_index(f.value, bounds)
            counts[index] += 1
            fill, text = shade(index, polarity), f"{format_number(f.value, decimals)}{unit_text}"
        features.append(
            MapFeature(
                code=f.code,
                name=f.name,
                label=_("Neighbourhood %(name)s (%(code)s)") % {"name": f.name, "code": f.code},
                geometry=shapes[f.code],
                fill=fill,
                value_text=text,
                css_class="" if fill else NO_FIGURE_CLASS,
            )
        )
    labels = class_labels(bounds, decimals, polarity)
    legend = fifths_legend([(labels[i], shade(i, polarity), counts[i]) for i in range(5)], missing)
    description = (
        _("The buurten coloured by national fifths; darker is higher, neither better nor worse.")
        if polarity == 0
        else _("The buurten coloured by national fifths; darker means more need for attention.")
    )
    rendered = render_map(
        features,
        title=_("%(name)s by buurt, %(period)s") % {"name": name, "period": period},
        description=description + " " + _("The table below the map lists the same figures."),
        legend=legend,
        legend_title=_("Legend: national fifths"),
        map_id=map_id,
    )
    if not rendered or rendered.is_schematic:
        return None
    return AreaMap(rendered=rendered, figures=tuple(figures), period=period)
