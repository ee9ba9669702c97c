"""Maps of an initiative's point, drawn by ``core.maps``: the picker on the entry forms
(the area's outline, a script places the point) and the chosen point on the initiators'
status page and the staff detail page."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from wendbaar.areas.models import Area
from wendbaar.core.maps import MapFeature, MapMarker, Projection, RenderedMap, render_map

from .models import Initiative
from .point import Point, PointError, centre_of, parse_point

PICKER_MAP_ID = "point-map"
SHOWN_MAP_ID = "initiative-point"


def _feature(area: Area) -> MapFeature:
    return MapFeature(
        code=area.code,
        name=area.name,
        label=f"{area.level_label} {area.name}",
        geometry=area.geometry,
    )


@dataclass(frozen=True)
class PointPicker:
    """What ``initiatives/_point_picker.html`` draws: the inputs (as typed, never lost),
    the area's map with the point if it is a point at all, and the errors."""

    area: Area
    rendered: RenderedMap | None
    x: str = ""
    y: str = ""
    point: Point | None = None  # what was typed, if it is a point at all
    start: Point | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def projection(self) -> Projection | None:
        return self.rendered.projection if self.rendered else None

    @property
    def has_point(self) -> bool:
        return self.point is not None


def _typed(value: object) -> str:
    return "" if value is None else str(value).strip()[:64]


def picker(
    area: Area, *, x: object = "", y: object = "", errors: list[str] | None = None
) -> PointPicker:
    """The picker for ``area``. ``rendered`` is None when the area has no outline (then
    it takes no point; the page says to use "where exactly")."""
    x_text, y_text = _typed(x), _typed(y)
    try:
        typed = parse_point(x_text, y_text)
    except PointError:
        typed = None  # kept in the inputs as typed; the error says what is wrong
    names = {"name": area.name}
    rendered = render_map(
        [_feature(area)],
        title=_("Map of %(name)s") % names,
        description=_(
            "The outline of %(name)s. A point you place is shown as a black dot in a white ring."
        )
        % names,
        map_id=PICKER_MAP_ID,
        marker=MapMarker(typed.x, typed.y) if typed else None,
    )
    return PointPicker(
        area=area,
        rendered=rendered if rendered.kind == "geographic" else None,
        x=x_text,
        y=y_text,
        point=typed,
        start=centre_of(area.geometry),
        errors=list(errors or []),
    )


@dataclass(frozen=True)
class ShownPoint:
    """The area's map with the chosen point, and the words for it."""

    rendered: RenderedMap
    caption: str


def shown_point(initiative: Initiative, *, for_initiators: bool) -> ShownPoint | None:
    """The map of the initiative's area with its point marked; None without a point (or
    without a map of the area)."""
    if initiative.point_x is None or initiative.point_y is None:
        return None
    area = initiative.area
    names = {"area": area.name}
    caption = (
        _("The point you chose on the map, in %(area)s.")
        if for_initiators
        else _("The point the initiators chose, in %(area)s.")
    ) % names
    rendered = render_map(
        [_feature(area)],
        title=_("Map of %(area)s with the chosen point") % names,
        description=caption + " " + _("It is marked with a black dot in a white ring."),
        map_id=SHOWN_MAP_ID,
        marker=MapMarker(initiative.point_x, initiative.point_y, label=caption),
    )
    if rendered.kind != "geographic":
        return None
    return ShownPoint(rendered=rendered, caption=caption)
