import gzip
import json

import pytest

from wendbaar.areas.importers import AreaImportError, import_regions, import_schematic
from wendbaar.areas.models import Area

from .conftest import snapshot
from .factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_schematic_shapes_for_utrecht(cbs_dir):
    import_regions(cbs_dir / "kwb_2023_utrecht_GM0344.csv")
    path = cbs_dir / "buurten_2024_schematic_svg_per_gemeente.json.gz"
    result = import_schematic(path, municipality_codes=["GM0344"])
    assert (result.updated, len(result.skipped)) == (112, 0)  # 111 buurten + the viewBox
    assert Area.objects.get(code="GM0344").schematic_viewbox == "0 0 600 503"
    buurten = Area.objects.neighbourhoods().in_municipality("GM0344")
    assert all(b.schematic_path.startswith("M") for b in buurten)
    assert Area.objects.districts().exclude(schematic_path="").count() == 0

    again = import_schematic(path, municipality_codes=["GM0344"])
    assert (again.updated, again.unchanged) == (0, 112)


def test_unknown_gemeente_in_filter_is_reported(cbs_dir):
    path = cbs_dir / "buurten_2024_schematic_svg_per_gemeente.json.gz"
    with gzip.open(path) as f:
        assert "GM9999" not in json.load(f)
    result = import_schematic(path, municipality_codes=["GM9999"])
    assert result.skipped == [("GM9999", "gemeente not in the file")]


def test_bad_path_is_rejected(files):
    gemeente = AreaFactory(code="GM0344")
    wijk = AreaFactory(code="WK034401", district=True, parent=gemeente)
    AreaFactory(code="BU03440111", neighbourhood=True, parent=wijk)
    before = snapshot()
    with pytest.raises(AreaImportError) as info:
        import_schematic(files / "bad_path.json")
    message = str(info.value)
    assert "bad_path.json" in message and "feature 2" in message and "GM0344.d" in message
    assert snapshot() == before


@pytest.mark.parametrize("viewbox", ["0 0 0 503", "0 0 -600 503", "0 0 600 1000000000"])
def test_implausible_viewbox_is_rejected(tmp_path, viewbox):
    gemeente = AreaFactory(code="GM0344", schematic_viewbox="0 0 600 503")
    wijk = AreaFactory(code="WK034401", district=True, parent=gemeente)
    AreaFactory(code="BU03440111", neighbourhood=True, parent=wijk)
    path = tmp_path / "shapes.json"
    feature = {"code": "BU03440111", "d": "M0 0L10 0L10 10Z"}
    path.write_text(json.dumps({"GM0344": {"viewBox": viewbox, "features": [feature]}}))
    before = snapshot()
    with pytest.raises(AreaImportError, match="invalid viewBox") as info:
        import_schematic(path)
    assert "shapes.json" in str(info.value) and info.value.field == "GM0344.viewBox"
    assert snapshot() == before
