import gzip
import json

import numpy as np
import pytest
import shapely
from shapely.geometry import mapping, shape

from wendbaar.areas import geo
from wendbaar.areas.importers import AreaImportError, import_geometry, import_regions
from wendbaar.areas.importers.dissolve import DISSOLVED_PREFIX, dissolve_geometry
from wendbaar.areas.models import Area

from .conftest import snapshot
from .factories import AreaFactory

pytestmark = pytest.mark.django_db


def _den_haag(cbs_dir, tmp_path):
    """Den Haag's 2024 regions, and its 2019 buurt polygons as a small GeoJSON file."""
    lines = gzip.decompress((cbs_dir / "kwb_2024_85984NED_nl_subset.csv.gz").read_bytes())
    lines = lines.decode().splitlines()
    regions = tmp_path / "kwb_2024_den_haag.csv"
    regions.write_text("\n".join([lines[0], *(x for x in lines[1:] if ",GM0518," in x)]))
    import_regions(regions)
    with gzip.open(cbs_dir / "buurten_2019_wgs84.geojson.gz", "rt") as f:
        data = json.load(f)
    data["features"] = [f for f in data["features"] if f["properties"]["gm_code"] == "GM0518"]
    buurten = tmp_path / "buurten_den_haag.geojson"
    buurten.write_text(json.dumps(data))
    return buurten, data


def test_den_haag_buurt_lies_in_den_haag(cbs_dir, tmp_path):
    buurten, _data = _den_haag(cbs_dir, tmp_path)
    gemeenten = import_geometry(cbs_dir / "gemeenten_2023_wgs84.geojson")
    assert gemeenten.updated == 1  # only Den Haag is in the database
    assert len(gemeenten.skipped) == 342
    result = import_geometry(buurten)
    assert (result.updated, len(result.skipped)) == (114, 0)

    den_haag = shape(Area.objects.get(code="GM0518").geometry)
    xmin, ymin, xmax, ymax = den_haag.bounds  # RD New metres around Den Haag
    assert 70_000 < xmin < xmax < 90_000 and 445_000 < ymin < ymax < 465_000
    # Generalised layers of different years: coastal buurten reach into the sea, which the
    # gemeente polygon leaves out, so check the bulk, not every buurt.
    polygons = [shape(b.geometry) for b in Area.objects.neighbourhoods().in_municipality("GM0518")]
    assert all(polygon.is_valid for polygon in polygons)
    inside = [p.intersection(den_haag).area / p.area for p in polygons]
    assert sum(share > 0.9 for share in inside) >= 0.95 * len(polygons)
    union = shapely.union_all(polygons)
    assert union.intersection(den_haag).area / den_haag.area > 0.97
    archipel = shape(Area.objects.get(code="BU05180546").geometry)  # Archipelbuurt
    assert den_haag.contains(archipel.representative_point())

    again = import_geometry(buurten)
    assert (again.updated, again.unchanged) == (0, 114)


def test_rd_and_wgs84_input_store_the_same_geometry(cbs_dir, tmp_path):
    buurten, data = _den_haag(cbs_dir, tmp_path)
    import_geometry(buurten)
    from_wgs84 = {a.code: shape(a.geometry) for a in Area.objects.neighbourhoods()}

    shapes = np.array([shape(f["geometry"]) for f in data["features"]], dtype=object)
    rd = geo.reproject(shapes, geo.WGS84, geo.RD_NEW)
    for feature, geom in zip(data["features"], rd, strict=True):
        feature["geometry"] = mapping(geom)
    data["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    rd_file = tmp_path / "buurten_den_haag_rd.geojson"
    rd_file.write_text(json.dumps(data))
    result = import_geometry(rd_file)
    assert result.updated == 114  # the source label changed
    for area in Area.objects.neighbourhoods():
        assert shapely.hausdorff_distance(shape(area.geometry), from_wgs84[area.code]) <= 2

    del data["crs"]  # without a crs member the RD ranges are recognised
    rd_file.write_text(json.dumps(data))
    assert import_geometry(rd_file).unchanged == 114


def test_stored_geometry_is_rd_whole_metres(tmp_path):
    AreaFactory(code="GM0344")
    path = tmp_path / "one.geojson"
    square = [[[5.10, 52.09], [5.11, 52.09], [5.11, 52.10], [5.10, 52.10], [5.10, 52.09]]]
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"gemeentecode": "GM0344"},
                        "geometry": {"type": "Polygon", "coordinates": square},
                    }
                ],
            }
        )
    )
    import_geometry(path)
    stored = Area.objects.get(code="GM0344").geometry
    assert stored["type"] == "Polygon"
    assert all(isinstance(v, int) for point in stored["coordinates"][0] for v in point)
    assert 130_000 < stored["coordinates"][0][0][0] < 140_000


def test_unknown_codes_are_skipped_or_strict(tmp_path):
    gemeente = AreaFactory(code="GM0344")
    wijk = AreaFactory(code="WK034401", district=True, parent=gemeente)
    AreaFactory(code="BU03440111", neighbourhood=True, parent=wijk)
    features = [
        {"type": "Feature", "properties": {"bu_code": code}, "geometry": _square(x, 450_000)}
        for code, x in (("BU03440111", 130_000), ("BU03440199", 131_000))
    ]
    path = tmp_path / "two.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    before = snapshot()
    with pytest.raises(AreaImportError, match="no area with code BU03440199") as info:
        import_geometry(path, strict=True)
    assert (info.value.feature, info.value.field) == (2, "bu_code")
    assert snapshot() == before

    result = import_geometry(path)
    assert result.updated == 1
    assert [code for code, _reason in result.skipped] == ["BU03440199"]


@pytest.mark.parametrize(
    ("name", "feature", "field", "text"),
    [
        ("unknown_crs.geojson", None, "crs", "EPSG::3857"),
        ("broken_geometry.geojson", 2, "geometry", "cannot be repaired"),
        ("bad_code.geojson", 2, "bu_code", "0344 0112"),
        ("empty.csv", None, None, "empty"),
    ],
)
def test_broken_geometry_files(files, name, feature, field, text):
    gemeente = AreaFactory(code="GM0344")
    wijk = AreaFactory(code="WK034401", district=True, parent=gemeente)
    AreaFactory(code="BU03440111", neighbourhood=True, parent=wijk)
    AreaFactory(code="BU03440112", neighbourhood=True, parent=wijk)
    before = snapshot()
    with pytest.raises(AreaImportError) as info:
        import_geometry(files / name)
    message = str(info.value)
    assert name in message and text in message
    assert (info.value.feature, info.value.field) == (feature, field)
    if feature:
        assert f"feature {feature}" in message
    if field:
        assert f"“{field}”" in message
    assert snapshot() == before


def test_unknown_crs_by_coordinate_range(tmp_path):
    path = tmp_path / "far.geojson"
    ring = [[1e7, 1e7], [1e7 + 10, 1e7], [1e7, 1e7 + 10], [1e7, 1e7]]
    feature = {"type": "Feature", "properties": {"statcode": "GM0344"}}
    feature["geometry"] = {"type": "Polygon", "coordinates": [ring]}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    with pytest.raises(AreaImportError, match="--crs") as info:
        import_geometry(path)
    assert info.value.field == "crs"
    with pytest.raises(AreaImportError, match="unknown CRS EPSG:3857"):
        import_geometry(path, crs="EPSG:3857")


def _square(x, y, size=100):
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
    }


def test_dissolve_builds_wijk_then_gemeente():
    gemeente = AreaFactory()
    wijk = AreaFactory(district=True, parent=gemeente)
    for i in range(3):  # three buurten side by side, with a 2 m gap between two of them
        AreaFactory(
            neighbourhood=True,
            parent=wijk,
            geometry=_square(100_000 + i * 100 + (2 if i == 2 else 0), 450_000),
            geometry_source="test layer",
        )
    result = dissolve_geometry(municipality_codes=[gemeente.code])
    assert (result.updated, len(result.skipped)) == (2, 0)
    wijk.refresh_from_db()
    polygon = shape(wijk.geometry)
    assert polygon.geom_type == "Polygon" and not polygon.interiors
    assert polygon.bounds == (100_000, 450_000, 100_302, 450_100)
    assert wijk.geometry_source == f"{DISSOLVED_PREFIX} test layer"
    gemeente.refresh_from_db()
    assert shape(gemeente.geometry).equals(polygon)

    assert dissolve_geometry(municipality_codes=[gemeente.code]).updated == 0


def test_dissolve_keeps_real_polygons_and_skips_partial_wijken():
    gemeente = AreaFactory(geometry=_square(0, 300_000, 5000), geometry_source="real")
    wijk = AreaFactory(district=True, parent=gemeente)
    AreaFactory(neighbourhood=True, parent=wijk, geometry=_square(0, 300_000))
    AreaFactory(neighbourhood=True, parent=wijk)  # no polygon
    result = dissolve_geometry()
    assert result.updated == 0
    assert [code for code, _reason in result.skipped] == [wijk.code]
    assert dissolve_geometry(allow_partial=True).updated == 1
    gemeente.refresh_from_db()
    assert gemeente.geometry_source == "real"


@pytest.mark.parametrize(
    ("x", "y", "crs"),
    [(2e6, 450_000, "EPSG:28992"), (130_000, -450_000, "EPSG:28992"), (5.1, 56.0, "EPSG:4326")],
)
def test_polygon_outside_the_netherlands_is_refused(tmp_path, x, y, crs):
    AreaFactory(code="GM0344")
    other = AreaFactory(code="GM0345")
    wgs84 = crs == "EPSG:4326"
    good = _square(5.1, 52.0, 0.001) if wgs84 else _square(130_000, 450_000)
    features = [
        {"type": "Feature", "properties": {"statcode": "GM0345"}, "geometry": good},
        {
            "type": "Feature",
            "properties": {"statcode": "GM0344"},
            "geometry": _square(x, y, 0.001 if wgs84 else 100),
        },
    ]
    path = tmp_path / "far.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    before = snapshot()
    with pytest.raises(AreaImportError, match="outside the Netherlands") as info:
        import_geometry(path, crs=crs)
    assert (info.value.feature, info.value.field) == (2, "geometry")
    assert "far.geojson, feature 2" in str(info.value)
    assert snapshot() == before
    other.refresh_from_db()
    assert other.geometry is None


@pytest.mark.parametrize("tolerance", [-1.0, float("nan"), 1e9])
def test_implausible_tolerance_is_refused(tmp_path, tolerance):
    with pytest.raises(AreaImportError, match="tolerance"):
        import_geometry(tmp_path / "any.geojson", tolerance=tolerance)
    with pytest.raises(AreaImportError, match="tolerance"):
        dissolve_geometry(tolerance=tolerance)
