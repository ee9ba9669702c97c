"""core/maps.py: projection, simplification, schematic fallback and accessibility."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from wendbaar.core.maps import (
    LegendItem,
    MapFeature,
    MapMarker,
    Projection,
    geometry_path,
    parse_geometry,
    render_legend,
    render_map,
)

from .geometry import square

SVG = "{http://www.w3.org/2000/svg}"


def feature(code="BU03440101", name="Lombok-Oost", **kwargs) -> MapFeature:
    kwargs.setdefault("href", f"/gebied/{code}/")
    kwargs.setdefault("geometry", square(134000, 454000))
    return MapFeature(code=code, name=name, label=f"Neighbourhood {name} ({code})", **kwargs)


def parse(rendered) -> ET.Element:
    return ET.fromstring(str(rendered.svg))


def numbers(d: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]


def test_projection_flips_y_and_fits_the_bbox():
    projection = Projection.fit((134000, 454000, 136000, 455000), width=640, padding=0)
    assert projection.point(134000, 455000) == (0, 0)  # north-west is top-left
    assert projection.point(136000, 454000) == (640, 320)  # south-east is bottom-right
    assert projection.viewbox == "0 0 640 320"


def test_projection_padding_keeps_the_outline_inside():
    projection = Projection.fit((0, 0, 100, 100), width=640)
    x, y = projection.point(0, 100)
    assert (x, y) == (4, 4)
    assert projection.height == 640


def test_north_is_up_in_the_path():
    north = feature("BU03440102", "Noord", geometry=square(134000, 455000, 500))
    south = feature("BU03440101", "Zuid", geometry=square(134000, 454000, 500))
    rendered = render_map([north, south], title="t", description="d")
    paths = {
        a.get("aria-label"): a.find(f"{SVG}path").get("d") for a in parse(rendered).iter(f"{SVG}a")
    }
    north_y = numbers(paths[north.label])[1]
    south_y = numbers(paths[south.label])[1]
    assert north_y < south_y


def test_viewbox_fits_the_features():
    rendered = render_map(
        [feature(geometry=square(134000, 454000, 1000))], title="t", description="d"
    )
    svg = parse(rendered)
    assert svg.get("viewBox") == "0 0 640 640"
    d = svg.find(f"{SVG}a/{SVG}path").get("d")
    # Absolute start, then relative deltas: rebuild the absolute points.
    values = numbers(d)
    xs, ys = [values[0]], [values[1]]
    for dx, dy in zip(values[2::2], values[3::2], strict=True):
        xs.append(xs[-1] + dx)
        ys.append(ys[-1] + dy)
    assert min(xs) == 4 and max(xs) == 636
    assert min(ys) == 4 and max(ys) == 636


def test_many_vertices_are_simplified_to_screen_resolution():
    n = 100_000
    ring = [
        [
            136000 + 1000 * math.cos(2 * math.pi * i / n),
            455000 + 1000 * math.sin(2 * math.pi * i / n),
        ]
        for i in range(n)
    ]
    ring.append(ring[0])
    circle = {"type": "Polygon", "coordinates": [ring]}
    rendered = render_map([feature(geometry=circle)], title="t", description="d")
    assert rendered.kind == "geographic"
    assert len(str(rendered.svg)) < 4000


def test_coordinates_have_at_most_one_decimal():
    ring = [
        [136000.123456, 455000.987],
        [136333.3333, 455000.1],
        [136100.77, 455444.4444],
        [136000.123456, 455000.987],
    ]
    rendered = render_map(
        [feature(geometry={"type": "Polygon", "coordinates": [ring]})], title="t", description="d"
    )
    d = parse(rendered).find(f"{SVG}a/{SVG}path").get("d")
    assert not re.search(r"\.\d\d", d)


def test_rings_smaller_than_a_pixel_are_dropped():
    big = square(134000, 454000, 10_000)["coordinates"][0]
    speck = square(139000, 459000, 1)["coordinates"][0]  # 1 m ≈ 0.06 px at this scale
    multi = {"type": "MultiPolygon", "coordinates": [[big], [speck]]}
    d = geometry_path(parse_geometry(multi), Projection.fit((134000, 454000, 144000, 464000), 640))
    assert d.count("M") == 1


def test_holes_are_kept_for_evenodd_filling():
    outer = square(134000, 454000, 1000)["coordinates"][0]
    hole = list(reversed(square(134250, 454250, 500)["coordinates"][0]))
    rendered = render_map(
        [feature(geometry={"type": "Polygon", "coordinates": [outer, hole]})],
        title="t",
        description="d",
    )
    svg = parse(rendered)
    assert svg.get("fill-rule") == "evenodd"
    assert svg.find(f"{SVG}a/{SVG}path").get("d").count("M") == 2


def test_every_linked_feature_has_an_accessible_name_and_context_is_hidden():
    features = [
        feature("BU03440101", "Lombok-Oost"),
        feature("BU03440102", "Lombok-West", geometry=square(134500, 454000)),
        feature("WK034402", "Oost", geometry=square(135000, 454000), context=True),
    ]
    svg = parse(render_map(features, title="Map of West", description="Its buurten"))
    assert svg.get("role") == "group"
    title_id, desc_id = svg.get("aria-labelledby"), svg.get("aria-describedby")
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}title").text == "Map of West"
    assert svg.find(f"{SVG}desc").get("id") == desc_id
    links = list(svg.iter(f"{SVG}a"))
    assert [a.get("aria-label") for a in links] == [
        "Neighbourhood Lombok-Oost (BU03440101)",
        "Neighbourhood Lombok-West (BU03440102)",
    ]
    assert all(a.get("href") for a in links)
    hidden = [g for g in svg.iter(f"{SVG}g") if g.get("aria-hidden") == "true"]
    assert len(hidden) == 1
    assert not list(hidden[0].iter(f"{SVG}a"))
    assert hidden[0].get("tabindex") is None


def test_context_is_clipped_to_the_surroundings():
    far = feature("WK034499", "Ver weg", geometry=square(100000, 400000, 500), context=True)
    rendered = render_map([feature(), far], title="t", description="d")
    assert rendered.drawn_codes == ("BU03440101",)


def test_current_feature_is_hatched_not_only_coloured():
    current = feature(current=True)
    svg = parse(render_map([current], title="t", description="d"))
    link = svg.find(f"{SVG}a")
    assert link.get("aria-current") == "page"
    assert "map-area--current" in link.get("class")
    hatch = link.find(f"{SVG}path[@class='map-area__hatch']")
    assert "url(#area-map-hatch)" in hatch.get("style")
    assert svg.find(f".//{SVG}pattern").get("id") == "area-map-hatch"


def test_map_without_links_is_an_image():
    svg = parse(render_map([feature(href=None)], title="t", description="d"))
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}g").get("aria-label") == "Neighbourhood Lombok-Oost (BU03440101)"


def test_schematic_fallback_uses_the_municipality_viewbox():
    features = [
        feature(geometry=None, schematic_path="M0 0L300 0L300 250L0 250Z"),
        feature(
            "BU03440102",
            "Lombok-West",
            geometry=None,
            schematic_path="M300 0L600 0L600 503L300 503Z",
        ),
    ]
    rendered = render_map(features, title="t", description="d", schematic_viewbox="0 0 600 503")
    assert rendered.is_schematic
    svg = parse(rendered)
    assert svg.get("viewBox") == "0 0 600 503"
    assert svg.find(f"{SVG}a/{SVG}path").get("d") == "M0 0L300 0L300 250L0 250Z"


def test_schematic_zooms_onto_the_focus_features():
    features = [
        feature(geometry=None, schematic_path="M100 100L150 100L150 150Z"),
        feature("WK1", "x", geometry=None, schematic_path="M0 0L600 0L600 503Z", context=True),
    ]
    rendered = render_map(features, title="t", description="d", schematic_viewbox="0 0 600 503")
    assert parse(rendered).get("viewBox") == "92.5 92.5 65 65"


def test_schematic_path_data_is_never_trusted():
    bad = feature(geometry=None, schematic_path='M0 0"/><script>alert(1)</script>')
    rendered = render_map([bad], title="t", description="d", schematic_viewbox="0 0 600 503")
    assert not rendered
    assert "<script>" not in str(rendered)


def test_geometry_wins_over_schematic():
    rendered = render_map(
        [feature(schematic_path="M0 0L1 0L1 1Z")],
        title="t",
        description="d",
        schematic_viewbox="0 0 10 10",
    )
    assert rendered.kind == "geographic"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"geometry": None},
        {"geometry": {"type": "Point", "coordinates": [1, 2]}},
        {"geometry": {"nonsense": 1}},
    ],
)
def test_nothing_to_draw_gives_no_map(kwargs):
    rendered = render_map([feature(**kwargs)], title="t", description="d")
    assert not rendered
    assert rendered.kind == "none"
    assert str(rendered) == ""


def test_names_are_escaped_in_the_svg():
    evil = feature(name="<script>alert(1)</script>")
    rendered = render_map([evil], title="Map of <b>", description="<i>")
    markup = str(rendered)
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    assert "<b>" not in markup
    parse(rendered)  # still well-formed XML


def test_choropleth_fill_and_value_text():
    filled = feature(fill="#08519c", value_text="12.5 %")
    svg = parse(render_map([filled], title="t", description="d"))
    link = svg.find(f"{SVG}a")
    assert link.get("aria-label") == "Neighbourhood Lombok-Oost (BU03440101): 12.5 %"
    assert link.get("style") == "--map-fill: #08519c"
    assert "map-area--filled" in link.get("class")


def test_unsafe_fill_is_ignored():
    svg = parse(render_map([feature(fill="red;background:url(x)")], title="t", description="d"))
    assert svg.find(f"{SVG}a").get("style") is None


def test_legend_is_text_with_decorative_swatches():
    legend = render_legend(
        [LegendItem("Low", fill="#eff3ff"), LegendItem("High", fill="#08519c")], title="Share"
    )
    root = ET.fromstring(str(legend))
    assert root.find("p").text == "Share"
    labels = [li.find("span[@class='map-legend__label']").text for li in root.iter("li")]
    assert labels == ["Low", "High"]
    assert all(
        s.get("aria-hidden") == "true" for s in root.iter("span") if "swatch" in s.get("class")
    )


def test_render_map_includes_the_legend():
    rendered = render_map(
        [feature()],
        title="t",
        description="d",
        legend=[LegendItem("This area")],
        legend_title="Legend",
    )
    assert 'id="area-map-legend"' in str(rendered)
    assert "This area" in str(rendered)


# --- a marked point and the projection for page scripts ------------------------------------


def test_projection_to_rd_inverts_point():
    projection = Projection.fit((134000, 454000, 136000, 455000), width=640)
    px, py = projection.point(135000, 454250)
    assert projection.to_rd(px, py) == pytest.approx((135000, 454250))
    # The padding corner is the bbox's north-west corner.
    assert projection.to_rd(4, 4) == pytest.approx((134000, 455000))


def test_geographic_map_exposes_its_projection():
    rendered = render_map(
        [feature(geometry=square(134000, 454000, 1000))], title="t", description="d"
    )
    projection = rendered.projection
    assert projection is not None
    assert (projection.min_x, projection.max_y) == (134000, 455000)
    assert projection.scale == pytest.approx((640 - 8) / 1000)
    assert parse(rendered).get("viewBox") == projection.viewbox


def test_schematic_map_has_no_projection():
    rendered = render_map(
        [feature(geometry=None, schematic_path="M0 0L10 0L10 10Z")],
        title="t",
        description="d",
        schematic_viewbox="0 0 100 100",
    )
    assert rendered.is_schematic
    assert rendered.projection is None


def test_marker_is_drawn_at_its_point_on_top():
    # A 1000 m square at 640 px: 0.632 px per metre, 4 px padding.
    marker = MapMarker(134500, 454250, label="The chosen point")
    rendered = render_map(
        [feature(geometry=square(134000, 454000, 1000))],
        title="t",
        description="d",
        marker=marker,
    )
    svg = parse(rendered)
    groups = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "map-marker"]
    assert len(groups) == 1
    # x: 4 + 500 * 0.632 = 320; y: 4 + (455000 - 454250) * 0.632 = 478.
    assert groups[0].get("transform") == "translate(320.0 478.0)"
    assert groups[0].find(f"{SVG}title").text == "The chosen point"
    assert list(svg)[-1] is groups[0]  # drawn last: above every area


def test_marker_changes_the_drawing_and_is_skipped_on_a_schematic_map():
    plain = render_map([feature()], title="t", description="d")
    marked = render_map([feature()], title="t", description="d", marker=MapMarker(134100, 454100))
    assert "map-marker" not in str(plain.svg)
    assert "map-marker" in str(marked.svg)
    schematic = render_map(
        [feature(geometry=None, schematic_path="M0 0L10 0L10 10Z")],
        title="t",
        description="d",
        schematic_viewbox="0 0 100 100",
        marker=MapMarker(134100, 454100),
    )
    assert "map-marker" not in str(schematic.svg)


def test_marker_label_is_escaped():
    rendered = render_map(
        [feature()], title="t", description="d", marker=MapMarker(134100, 454100, "<b>&")
    )
    assert "<b>" not in str(rendered.svg)
    assert "&lt;b&gt;&amp;" in str(rendered.svg)
