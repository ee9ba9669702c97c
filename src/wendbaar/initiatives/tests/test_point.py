"""point.py: a point on the area map, parsed and checked by hand-computed cases."""

from __future__ import annotations

import pytest

from wendbaar.initiatives.point import (
    TOLERANCE_METRES,
    Point,
    PointError,
    as_json,
    centre_of,
    check_in_area,
    parse_point,
    point_in_area,
    to_wgs84,
)


def square(x: float, y: float, size: float = 1000.0) -> list[list[float]]:
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


# A 1 km square buurt with its south-west corner at (134000, 454000).
BUURT = {"type": "Polygon", "coordinates": [square(134000, 454000)]}
# Two islands 3 km apart; the gap between them is not the buurt.
ISLANDS = {
    "type": "MultiPolygon",
    "coordinates": [[square(134000, 454000)], [square(137000, 454000)]],
}
# A square with a 200 m hole in its middle (a park of another buurt, say).
WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [square(134000, 454000), square(134400, 454400, 200)],
}
# A U: 300 m square minus the gap 100..200 by 100..300. Its centroid (150, 135.7) lies
# in the gap, not in the U.
U_SHAPE = {
    "type": "Polygon",
    "coordinates": [
        [
            [0, 0],
            [300, 0],
            [300, 300],
            [200, 300],
            [200, 100],
            [100, 100],
            [100, 300],
            [0, 300],
            [0, 0],
        ]
    ],
}


# --- parsing -----------------------------------------------------------------------------


def test_both_empty_is_no_point():
    assert parse_point("", "") is None
    assert parse_point(None, None) is None
    assert parse_point("  ", "") is None


def test_numbers_as_text_or_as_numbers():
    assert parse_point("134500", " 454500.5 ") == Point(134500.0, 454500.5)
    assert parse_point(134500, 454500.5) == Point(134500.0, 454500.5)


@pytest.mark.parametrize(("x", "y"), [("134500", ""), ("", "454500"), (None, 454500)])
def test_one_without_the_other_is_incomplete(x, y):
    with pytest.raises(PointError) as caught:
        parse_point(x, y)
    assert caught.value.code == "incomplete"


@pytest.mark.parametrize("value", ["abc", "1e", "134,500", "0x10", True, [1], "1" * 40, object()])
def test_what_is_not_a_number_is_refused(value):
    with pytest.raises(PointError) as caught:
        parse_point(value, "454500")
    assert caught.value.code == "not_a_number"


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-Infinity", float("nan"), float("inf")])
def test_nan_and_infinity_are_refused(value):
    with pytest.raises(PointError) as caught:
        parse_point("134500", value)
    assert caught.value.code == "not_finite"


# --- in the area ---------------------------------------------------------------------------


def test_a_point_inside_is_kept():
    assert check_in_area(Point(134500, 454500), BUURT) == Point(134500, 454500)


def test_a_point_well_outside_is_refused():
    with pytest.raises(PointError) as caught:
        check_in_area(Point(136000, 454500), BUURT)  # 1 km east of the east edge
    assert caught.value.code == "outside"


def test_on_the_edge_and_just_outside_within_the_tolerance():
    assert TOLERANCE_METRES == 25
    check_in_area(Point(135000, 454500), BUURT)  # on the east edge
    check_in_area(Point(135024, 454500), BUURT)  # 24 m east of it
    check_in_area(Point(135015, 455020), BUURT)  # 25 m from the north-east corner (15, 20)
    with pytest.raises(PointError):
        check_in_area(Point(135026, 454500), BUURT)  # 26 m east
    with pytest.raises(PointError):
        check_in_area(Point(135018, 455018), BUURT)  # 25.5 m from the corner (18√2)


def test_multipolygon_takes_both_parts_and_not_the_gap():
    check_in_area(Point(134500, 454500), ISLANDS)
    check_in_area(Point(137500, 454500), ISLANDS)
    with pytest.raises(PointError):
        check_in_area(Point(136000, 454500), ISLANDS)  # 1 km from each island


def test_a_hole_is_outside():
    with pytest.raises(PointError):
        check_in_area(Point(134500, 454500), WITH_HOLE)  # the hole's middle: 100 m in
    check_in_area(Point(134420, 454500), WITH_HOLE)  # 20 m into the hole: tolerated


@pytest.mark.parametrize(
    "geometry",
    [None, {}, {"type": "Point", "coordinates": [134500, 454500]}, {"type": "Polygon"}],
)
def test_an_area_without_an_outline_takes_no_point(geometry):
    with pytest.raises(PointError) as caught:
        check_in_area(Point(134500, 454500), geometry)
    assert caught.value.code == "no_geometry"


def test_point_in_area_parses_and_checks():
    assert point_in_area(None, BUURT) is None
    assert point_in_area(("", ""), BUURT) is None
    assert point_in_area(("134500", "454500"), BUURT) == Point(134500, 454500)
    with pytest.raises(PointError) as caught:
        point_in_area((134500,), BUURT)  # type: ignore[arg-type]
    assert caught.value.code == "incomplete"
    with pytest.raises(PointError) as caught:
        point_in_area((134500, 454500), None)
    assert caught.value.code == "no_geometry"


# --- where the keyboard starts, and WGS84 -------------------------------------------------


def test_centre_is_the_centroid_when_inside():
    assert centre_of(BUURT) == Point(134500, 454500)
    assert centre_of(None) is None


def test_centre_of_a_u_shape_lies_in_the_shape():
    # y of the centroid: (90000 * 150 - 20000 * 200) / 70000 = 135.7, in the gap.
    centre = centre_of(U_SHAPE)
    assert centre is not None
    check_in_area(centre, U_SHAPE, tolerance=0)


def test_wgs84_of_the_amersfoort_origin():
    # RD New's false origin: (155000, 463000) is the Onze Lieve Vrouwetoren in Amersfoort,
    # 52.15517 N, 5.38721 E.
    lon, lat = to_wgs84(Point(155000, 463000))
    assert lon == pytest.approx(5.38721, abs=1e-4)
    assert lat == pytest.approx(52.15517, abs=1e-4)


def test_as_json():
    assert as_json(None, None) is None
    data = as_json(155000.0, 463000.0)
    assert data is not None
    assert (data["x"], data["y"], data["crs"]) == (155000.0, 463000.0, "EPSG:28992")
    assert data["lon"] == pytest.approx(5.38721, abs=1e-4)
    assert data["lat"] == pytest.approx(52.15517, abs=1e-4)
