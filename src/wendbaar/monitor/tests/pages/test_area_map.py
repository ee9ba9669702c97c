"""The map of an indicator by buurt for a report's appendix, by hand: national fifths,
the monitor's colours, and "no figure" in words, never 0."""

from __future__ import annotations

import pytest

from wendbaar.monitor.pages.area_map import AreaFigure, class_index, class_labels, draw_area_map
from wendbaar.monitor.pages.choropleth import NEUTRAL_PALETTE, WORSE_PALETTE, shade


def square(x: int) -> dict:
    ring = [[x, 0], [x + 100, 0], [x + 100, 100], [x, 100], [x, 0]]
    return {"type": "Polygon", "coordinates": [ring]}


BOUNDS = [10.0, 20.0, 30.0, 40.0]


@pytest.mark.parametrize(
    ("value", "index"), [(-5.0, 0), (9.99, 0), (10.0, 1), (29.9, 2), (30.0, 3), (40.0, 4), (99, 4)]
)
def test_a_value_falls_in_the_fifth_whose_lower_break_it_reaches(value, index):
    assert class_index(value, BOUNDS) == index


def test_dark_is_where_attention_is_needed_and_neutral_is_blue():
    # Higher is better: the lowest fifth is darkest; higher is worse: the highest.
    assert shade(0, 1) == WORSE_PALETTE[4] and shade(4, 1) == WORSE_PALETTE[0]
    assert shade(4, -1) == WORSE_PALETTE[4] and shade(0, -1) == WORSE_PALETTE[0]
    assert [shade(i, 0) for i in range(5)] == list(NEUTRAL_PALETTE)


def test_the_weakest_fifth_is_named_at_the_right_end():
    assert class_labels(BOUNDS, 0, 1)[0] == "below 10 (weakest fifth of the Netherlands)"
    assert class_labels(BOUNDS, 0, -1)[4] == "40 or more (weakest fifth of the Netherlands)"
    assert class_labels(BOUNDS, 1, 0) == [
        "below 10.0",
        "10.0 to 20.0",
        "20.0 to 30.0",
        "30.0 to 40.0",
        "40.0 or more",
    ]


def test_the_map_colours_each_buurt_and_says_no_figure_in_words():
    figures = [
        AreaFigure("BU01", "Noord", 5.0),
        AreaFigure("BU02", "Zuid", 45.0),
        AreaFigure("BU03", "Oost", None),  # secret: white, and said
        AreaFigure("BU04", "West", 12.0),  # no shape: in the table, not on the map
    ]
    shapes = {code: square(i * 100) for i, code in enumerate(["BU01", "BU02", "BU03"])}
    drawn = draw_area_map(
        figures,
        shapes,
        bounds=BOUNDS,
        name="Crimes",
        unit_text="",
        decimals=0,
        polarity=-1,
        period=2024,
        map_id="m",
    )
    assert drawn is not None and drawn.period == 2024 and len(drawn.figures) == 4
    svg, legend = str(drawn.rendered.svg), str(drawn.rendered.legend)
    assert "Crimes by buurt, 2024" in svg
    assert "Neighbourhood Zuid (BU02): 45" in svg and "Neighbourhood Oost (BU03): no figure" in svg
    assert WORSE_PALETTE[4] in svg and WORSE_PALETTE[0] in svg  # higher is worse: Zuid dark
    assert "West" not in svg
    assert (
        "below 10 (1)" in legend and "40 or more (weakest fifth of the Netherlands) (1)" in legend
    )
    assert "no figure: secret, suppressed or not available (1)" in legend


def test_no_map_without_the_countrys_fifths_or_without_shapes():
    figures = [AreaFigure("BU01", "Noord", 5.0)]
    common = {"name": "X", "unit_text": "", "decimals": 0, "polarity": 1, "period": 2024}
    assert draw_area_map(figures, {"BU01": square(0)}, bounds=[], map_id="m", **common) is None
    assert draw_area_map(figures, {}, bounds=BOUNDS, map_id="m", **common) is None
