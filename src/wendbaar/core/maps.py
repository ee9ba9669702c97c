"""Server-side SVG maps of areas: pure functions, no database access.

Input is a list of :class:`MapFeature` (one per area to draw); output is a
:class:`RenderedMap` that renders as safe markup in a template (``{{ area_map }}``).

Two drawing modes, chosen from the features themselves:

- *geographic*: GeoJSON polygons in RD New (EPSG:28992, metres, y grows north) are
  projected onto a ``width``-pixel wide viewBox (y flipped) and simplified to screen
  resolution (vertices closer than half a pixel dropped, rings smaller than a pixel
  dropped), with coordinates in tenths of a pixel;
- *schematic*: when no feature to highlight has a polygon, the schematic SVG paths are
  drawn in the gemeente's own pixel viewBox. The page must say that the map is schematic
  (``RenderedMap.is_schematic``).

Accessibility: the ``<svg>`` has a ``<title>`` and ``<desc>`` (``aria-labelledby`` /
``aria-describedby``). Linked features are ``<a href>`` elements with an ``aria-label``,
so keyboard users can tab through the map; context features are ``aria-hidden`` and not
focusable. The current area is hatched and outlined, not only coloured. A choropleth sets
``MapFeature.fill`` and ``value_text`` per feature and passes a ``legend``; the legend is
rendered as a text list with swatches, so no information is carried by colour alone.

A :class:`MapMarker` (a point in RD metres, geographic maps only) is drawn on top as a
white ring with a black dot, so it shows on any fill; the page says in words what it
marks (the SVG's ``<desc>`` or the text beside it). ``RenderedMap.projection`` is the
projection of a geographic map, for a page script that turns a click back into metres
(:meth:`Projection.to_rd`).
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import shapely
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from shapely.geometry import MultiPolygon, Polygon, shape

MapKind = Literal["geographic", "schematic", "none"]

#: Half a pixel at the target width: closer vertices are not visible.
SIMPLIFY_PIXELS = 0.5
#: A ring whose bounding box is smaller than this (in pixels) both ways is dropped.
MIN_RING_PIXELS = 1.0
#: Padding inside the viewBox, in pixels, so outlines are not cut off.
PADDING_PIXELS = 4
#: Context shapes (greyed neighbours) are clipped to the bbox of the features grown by this.
CONTEXT_MARGIN = 0.15

_COLOUR = re.compile(r"^(#[0-9a-fA-F]{3,8}|(rgb|hsl)a?\([0-9.,%\s]+\))$")
_PATH_DATA = re.compile(r"^[MmLlHhVvCcSsQqTtAaZz0-9eE.,+\-\s]*$")
_ABSOLUTE_POLYGON_PATH = re.compile(r"^[MLZ0-9.,\-\s]*$")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
#: Drawn maps kept per process: a page's map is drawn once, then found by its inputs.
MAPS_KEPT = 128
# Compact and exact: the same dict always gives the same text (keys in insertion order,
# as the database returns them).
_GEOMETRY_TEXT = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode
_drawn: OrderedDict[tuple, RenderedMap] = OrderedDict()
_drawn_lock = threading.Lock()
_VIEWBOX = re.compile(r"^\s*(-?[\d.]+)[\s,]+(-?[\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)\s*$")


@dataclass(frozen=True)
class MapFeature:
    """One area on a map.

    ``label`` is the accessible name (e.g. "Neighbourhood Lombok-Oost (BU03440301)").
    ``href`` makes the feature a keyboard-focusable link; ``context`` features are drawn
    greyed, hidden from assistive technology and never linked. ``current`` highlights
    the feature (hatch + thick outline). ``fill`` (a CSS colour) and ``value_text``
    ("12.3 %") are for choropleths; ``css_class`` adds classes to the feature element.
    """

    code: str
    name: str
    label: str
    href: str | None = None
    geometry: dict | None = None
    schematic_path: str = ""
    fill: str | None = None
    value_text: str = ""
    css_class: str = ""
    context: bool = False
    current: bool = False

    @property
    def accessible_name(self) -> str:
        return f"{self.label}: {self.value_text}" if self.value_text else self.label


@dataclass(frozen=True)
class LegendItem:
    """A legend entry: a swatch (``fill`` colour and/or ``css_class``) and its text."""

    label: str
    fill: str | None = None
    css_class: str = ""


@dataclass(frozen=True)
class MapMarker:
    """A point to mark, in RD metres. ``label`` is its tooltip; say in the map's
    description (or beside the map) what it marks: the SVG is one image to assistive
    technology."""

    x: float
    y: float
    label: str = ""


@dataclass(frozen=True)
class RenderedMap:
    """The rendered map. ``{{ rendered_map }}`` outputs the SVG followed by the legend.

    ``projection`` is set for a geographic map (None for a schematic one or none)."""

    svg: SafeString
    legend: SafeString = field(default_factory=lambda: mark_safe(""))
    kind: MapKind = "none"
    drawn_codes: tuple[str, ...] = ()
    width: int = 0
    height: int = 0
    projection: Projection | None = None

    def __html__(self) -> str:
        return self.svg + self.legend

    def __str__(self) -> str:
        return self.__html__()

    def __bool__(self) -> bool:
        return self.kind != "none"

    @property
    def is_schematic(self) -> bool:
        return self.kind == "schematic"


# --- geometry ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    """RD metres → SVG pixels: ``px = pad + (x - min_x) * scale``, y flipped."""

    min_x: float
    max_y: float
    scale: float
    width: int
    height: int
    padding: float = PADDING_PIXELS

    @classmethod
    def fit(
        cls, bounds: tuple[float, float, float, float], width: int, padding: float = PADDING_PIXELS
    ) -> Projection:
        min_x, min_y, max_x, max_y = bounds
        span_x = max(max_x - min_x, 1e-9)
        span_y = max(max_y - min_y, 1e-9)
        scale = (width - 2 * padding) / span_x
        height = math.ceil(span_y * scale + 2 * padding)
        return cls(min_x, max_y, scale, width, height, padding)

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (
            self.padding + (x - self.min_x) * self.scale,
            self.padding + (self.max_y - y) * self.scale,
        )

    def to_rd(self, px: float, py: float) -> tuple[float, float]:
        """The inverse of :meth:`point`: SVG pixels → RD metres (what a page script does
        with a click)."""
        return (
            self.min_x + (px - self.padding) / self.scale,
            self.max_y - (py - self.padding) / self.scale,
        )

    def apply(self, geom):
        s = self.scale
        # shapely.transform with a vectorised affine map (fast for many vertices).
        return shapely.transform(
            geom,
            lambda coords: (coords - (self.min_x, self.max_y)) * (s, -s) + self.padding,
        )

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.width} {self.height}"


def parse_geometry(geometry: dict | None) -> Polygon | MultiPolygon | None:
    """A GeoJSON (Multi)Polygon dict as a shapely geometry, or None when unusable."""
    if not geometry:
        return None
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if geom.is_empty or not isinstance(geom, Polygon | MultiPolygon):
        return None
    return geom


def _polygons(geom) -> Iterable[Polygon]:
    if isinstance(geom, Polygon):
        yield geom
    elif hasattr(geom, "geoms"):
        for part in geom.geoms:
            yield from _polygons(part)


def _ring_is_visible(coords) -> bool:
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    return max(xs) - min(xs) >= MIN_RING_PIXELS or max(ys) - min(ys) >= MIN_RING_PIXELS


def _fmt(tenths: int) -> str:
    """Tenths of a pixel as the shortest decimal text ("12", "12.5", "-0.5")."""
    whole, rest = divmod(abs(tenths), 10)
    sign = "-" if tenths < 0 else ""
    return f"{sign}{whole}.{rest}" if rest else f"{sign}{whole}"


def _ring_path(coords) -> str:
    """One closed ring as ``M x y l dx dy … z``: absolute start, exact relative deltas."""
    points: list[tuple[int, int]] = []
    for x, y in coords:
        p = (round(x * 10), round(y * 10))
        if not points or p != points[-1]:
            points.append(p)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(points) < 3:
        return ""
    (x0, y0), parts = points[0], []
    prev = points[0]
    for p in points[1:]:
        parts.append(f"{_fmt(p[0] - prev[0])} {_fmt(p[1] - prev[1])}")
        prev = p
    return f"M{_fmt(x0)} {_fmt(y0)}l{' '.join(parts)}z"


def geometry_path(geom, projection: Projection) -> str:
    """SVG path data for a shapely (Multi)Polygon in RD, projected and simplified."""
    pixels = projection.apply(geom)
    rings: list[str] = []
    for polygon in _polygons(pixels):
        simple = polygon.simplify(SIMPLIFY_PIXELS, preserve_topology=False)
        for part in _polygons(simple):
            if part.is_empty or not _ring_is_visible(part.exterior.coords):
                continue  # a hole cannot be visible when its exterior is not
            for ring in (part.exterior, *part.interiors):
                if _ring_is_visible(ring.coords):
                    rings.append(_ring_path(ring.coords))
    return "".join(r for r in rings if r)


# --- schematic --------------------------------------------------------------------------


def parse_viewbox(viewbox: str | None) -> tuple[float, float, float, float] | None:
    match = _VIEWBOX.match(viewbox or "")
    if not match:
        return None
    min_x, min_y, w, h = (float(v) for v in match.groups())
    if w <= 0 or h <= 0:
        return None
    return min_x, min_y, w, h


def safe_path_data(d: str) -> str:
    """Path data if it only holds path commands and numbers, else "" (never trusted)."""
    d = (d or "").strip()
    return d if d and _PATH_DATA.match(d) else ""


def _schematic_bounds(paths: Iterable[str]) -> tuple[float, float, float, float] | None:
    """Bbox of absolute M/L/Z paths; None when any path uses other commands."""
    xs: list[float] = []
    ys: list[float] = []
    for d in paths:
        if not _ABSOLUTE_POLYGON_PATH.match(d):
            return None
        numbers = [float(n) for n in _NUMBER.findall(d)]
        if len(numbers) % 2:
            return None
        xs.extend(numbers[0::2])
        ys.extend(numbers[1::2])
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def _fit_schematic_viewbox(
    features: Sequence[MapFeature], full: tuple[float, float, float, float]
) -> str:
    """Zoom the gemeente's viewBox onto the features that are not context."""
    full_text = " ".join(_number_text(v) for v in full)
    focus = [f.schematic_path for f in features if not f.context]
    bounds = _schematic_bounds(focus)
    if bounds is None:
        return full_text
    min_x, min_y, max_x, max_y = bounds
    w, h = max_x - min_x, max_y - min_y
    if w <= 0 or h <= 0 or (w >= full[2] * 0.8 and h >= full[3] * 0.8):
        return full_text
    pad = max(w, h) * CONTEXT_MARGIN
    box = (min_x - pad, min_y - pad, w + 2 * pad, h + 2 * pad)
    return " ".join(_number_text(v) for v in box)


def _number_text(value: float) -> str:
    return _fmt(round(value * 10))


# --- rendering --------------------------------------------------------------------------


def safe_colour(value: str | None) -> str | None:
    """A CSS colour from a trusted shape (#hex, rgb(), hsl()), else None."""
    value = (value or "").strip()
    return value if value and _COLOUR.match(value) else None


def _feature_kind(
    features: Sequence[MapFeature], geoms: Sequence, schematic_viewbox: str | None
) -> MapKind:
    if any(g is not None for f, g in zip(features, geoms, strict=True) if not f.context):
        return "geographic"
    focus = [f for f in features if not f.context]
    if parse_viewbox(schematic_viewbox) and any(safe_path_data(f.schematic_path) for f in focus):
        return "schematic"
    return "none"


def _feature_markup(feature: MapFeature, d: str, map_id: str) -> str:
    classes = ["map-area"]
    if feature.context:
        classes.append("map-area--context")
    if feature.current:
        classes.append("map-area--current")
    colour = safe_colour(feature.fill)
    if colour:
        classes.append("map-area--filled")
    classes.extend(feature.css_class.split())
    style = format_html(' style="--map-fill: {}"', colour) if colour else ""
    # The colour on the path itself too: a renderer without CSS variables in SVG (the
    # PDF's WeasyPrint) draws it all the same; the page's CSS gives the same colour.
    shape_markup = (
        format_html('<path d="{}" style="fill: {}"/>', d, colour)
        if colour
        else format_html('<path d="{}"/>', d)
    )
    if feature.current:
        # The hatch goes on top of the fill so the highlight never relies on colour.
        shape_markup += format_html(
            '<path class="map-area__hatch" d="{}" style="fill: url(#{}-hatch)"/>', d, map_id
        )
    if feature.context:
        return format_html(
            '<g class="{}" aria-hidden="true"{}>{}</g>', " ".join(classes), style, shape_markup
        )
    tooltip = format_html("<title>{}</title>", feature.accessible_name)
    if feature.href:
        return format_html(
            '<a class="{}" href="{}" aria-label="{}"{}{}>{}{}</a>',
            " ".join(classes),
            feature.href,
            feature.accessible_name,
            mark_safe(' aria-current="page"') if feature.current else "",
            style,
            tooltip,
            shape_markup,
        )
    return format_html(
        '<g class="{}" role="img" aria-label="{}"{}>{}{}</g>',
        " ".join(classes),
        feature.accessible_name,
        style,
        tooltip,
        shape_markup,
    )


def render_legend(
    items: Sequence[LegendItem], *, title: str, legend_id: str = "map-legend"
) -> SafeString:
    """A legend as a titled list: a decorative swatch plus the text of each entry."""
    if not items:
        return mark_safe("")
    entries = format_html_join(
        "",
        '<li class="map-legend__item"><span class="map-legend__swatch {}"{} aria-hidden="true">'
        '</span><span class="map-legend__label">{}</span></li>',
        (
            (
                item.css_class,
                format_html(' style="--map-fill: {}"', safe_colour(item.fill))
                if safe_colour(item.fill)
                else "",
                item.label,
            )
            for item in items
        ),
    )
    return format_html(
        '<div class="map-legend"><p class="map-legend__title" id="{}">{}</p>'
        '<ul class="map-legend__items" aria-labelledby="{}">{}</ul></div>',
        legend_id,
        title,
        legend_id,
        entries,
    )


def render_map(
    features: Sequence[MapFeature],
    *,
    title: str,
    description: str,
    legend: Sequence[LegendItem] | None = None,
    legend_title: str = "",
    width: int = 640,
    schematic_viewbox: str | None = None,
    map_id: str = "area-map",
    marker: MapMarker | None = None,
) -> RenderedMap:
    """Draw ``features`` as an accessible SVG map.

    ``title`` and ``description`` become the SVG's ``<title>`` and ``<desc>``.
    ``schematic_viewbox`` (the gemeente's ``schematic_viewbox``) enables the schematic
    fallback. ``map_id`` prefixes every id in the markup (unique per page). ``marker``
    marks a point on a geographic map (a schematic map has no metres to place it by).
    Returns a :class:`RenderedMap` whose ``kind`` is ``"none"`` (and markup empty) when
    nothing can be drawn; the page then says that no map is available.
    """
    key = _map_key(
        features,
        title,
        description,
        legend,
        legend_title,
        width,
        schematic_viewbox,
        map_id,
        marker,
    )
    with _drawn_lock:
        kept = _drawn.get(key)
        if kept is not None:
            _drawn.move_to_end(key)
            return kept
    drawn = _render_map(
        features,
        title=title,
        description=description,
        legend=legend,
        legend_title=legend_title,
        width=width,
        schematic_viewbox=schematic_viewbox,
        map_id=map_id,
        marker=marker,
    )
    with _drawn_lock:
        _drawn[key] = drawn
        while len(_drawn) > MAPS_KEPT:
            _drawn.popitem(last=False)
    return drawn


def _map_key(features: Sequence[MapFeature], *rest) -> tuple:
    """Everything a drawing depends on, hashable: the shapes as JSON text (a feature's
    ``geometry`` is a dict), the rest as given."""
    return (
        tuple(
            (
                f.code,
                f.name,
                f.label,
                f.href,
                _GEOMETRY_TEXT(f.geometry) if f.geometry is not None else None,
                f.schematic_path,
                f.fill,
                f.value_text,
                f.css_class,
                f.context,
                f.current,
            )
            for f in features
        ),
        tuple(rest[:2]),
        tuple(rest[2]) if rest[2] else None,
        tuple(rest[3:]),
    )


def _render_map(
    features: Sequence[MapFeature],
    *,
    title: str,
    description: str,
    legend: Sequence[LegendItem] | None,
    legend_title: str,
    width: int,
    schematic_viewbox: str | None,
    map_id: str,
    marker: MapMarker | None = None,
) -> RenderedMap:
    parsed = [parse_geometry(f.geometry) for f in features]
    kind = _feature_kind(features, parsed, schematic_viewbox)
    legend_markup = (
        render_legend(legend, title=legend_title or title, legend_id=f"{map_id}-legend")
        if legend
        else mark_safe("")
    )
    if kind == "none":
        return RenderedMap(svg=mark_safe(""), legend=legend_markup)

    drawn: list[tuple[MapFeature, str]] = []
    projection: Projection | None = None
    if kind == "geographic":
        geoms = [(f, g) for f, g in zip(features, parsed, strict=True) if g is not None]
        focus = [g for f, g in geoms if not f.context]
        min_x, min_y, max_x, max_y = shapely.GeometryCollection(focus).bounds
        projection = Projection.fit((min_x, min_y, max_x, max_y), width)
        margin = max(max_x - min_x, max_y - min_y) * CONTEXT_MARGIN
        clip = (min_x - margin, min_y - margin, max_x + margin, max_y + margin)
        for feature, geom in geoms:
            if feature.context:
                geom = shapely.clip_by_rect(geom, *clip)
                if geom.is_empty:
                    continue
            d = geometry_path(geom, projection)
            if d:
                drawn.append((feature, d))
        viewbox, height, unit = projection.viewbox, projection.height, 1.0
    else:
        full = parse_viewbox(schematic_viewbox)
        assert full is not None
        for feature in features:
            d = safe_path_data(feature.schematic_path)
            if d:
                drawn.append((feature, d))
        viewbox = _fit_schematic_viewbox([f for f, _ in drawn], full)
        _, _, vb_w, vb_h = parse_viewbox(viewbox) or full
        height = math.ceil(width * vb_h / vb_w)
        unit = vb_w / width  # viewBox units per pixel, to size the hatch

    # Context below, then the linked areas, then the current area on top.
    drawn.sort(key=lambda item: (not item[0].context, item[0].current))
    has_links = any(f.href and not f.context for f, _ in drawn)
    body = mark_safe("".join(_feature_markup(f, d, map_id) for f, d in drawn))
    if marker is not None and projection is not None:
        body += marker_markup(marker, projection)
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="area-map area-map--{kind}" '
        'viewBox="{viewbox}" width="{width}" height="{height}" role="{role}" '
        'aria-labelledby="{id}-title" aria-describedby="{id}-desc" '
        'preserveAspectRatio="xMidYMid meet" fill-rule="evenodd">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>'
        "<defs>"
        '<pattern id="{id}-hatch" patternUnits="userSpaceOnUse" width="{hatch}" '
        'height="{hatch}" patternTransform="rotate(45)">'
        '<rect class="map-hatch__line" width="{hatch_line}" height="{hatch}" fill="#1a1a1a"/>'
        "</pattern></defs>{body}</svg>",
        kind=kind,
        viewbox=viewbox,
        width=width,
        height=height,
        role="group" if has_links else "img",
        id=map_id,
        title=title,
        description=description,
        body=body,
        hatch=f"{8 * unit:.4g}",
        hatch_line=f"{2.5 * unit:.4g}",
    )
    return RenderedMap(
        svg=svg,
        legend=legend_markup,
        kind=kind,
        drawn_codes=tuple(f.code for f, _ in drawn),
        width=width,
        height=height,
        projection=projection,
    )


def marker_markup(marker: MapMarker, projection: Projection) -> SafeString:
    """The marker: a group translated to the point, so a script moves it by changing
    ``transform`` alone. White ring, black outline and dot: visible on every fill."""
    px, py = projection.point(marker.x, marker.y)
    return format_html(
        '<g class="map-marker" transform="translate({} {})">{}'
        '<circle r="10" fill="#fff" fill-opacity="0.6" stroke="#000" stroke-width="3"/>'
        '<circle r="3.5" fill="#000"/></g>',
        f"{px:.1f}",
        f"{py:.1f}",
        format_html("<title>{}</title>", marker.label) if marker.label else "",
    )


__all__ = [
    "LegendItem",
    "MapFeature",
    "MapKind",
    "MapMarker",
    "Projection",
    "RenderedMap",
    "geometry_path",
    "marker_markup",
    "parse_geometry",
    "render_legend",
    "render_map",
]
