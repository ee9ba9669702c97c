"""An area or indicator name that looks like a formula stays text in every export."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from wendbaar.areas.models import Area
from wendbaar.monitor.models import Indicator
from wendbaar.monitor.stored.recompute import compute_analysis

from ..factories import build_world

pytestmark = pytest.mark.django_db

EVIL_AREA = '=HYPERLINK("http://evil.example","click")'
EVIL_INDICATOR = "@SUM(1+1)"


@pytest.fixture
def evil_world(analysis_dir):
    world = build_world()
    Area.objects.filter(code="BU90010101").update(name=EVIL_AREA)
    Indicator.objects.filter(code="crimes_per_1000").update(name_en=EVIL_INDICATOR)
    compute_analysis()
    return world


def test_map_xlsx_holds_the_name_as_text_and_numbers_as_numbers(client, evil_world):
    response = client.get("/monitor/GM9001/export.xlsx", {"show": "crimes_per_1000"})
    sheet = load_workbook(io.BytesIO(response.content))["map"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "BU90010101")
    name, value = row[header.index("name")], row[header.index("value")]
    assert name.value == EVIL_AREA and name.data_type == "s"  # text, not a formula ("f")
    assert value.value == 55.0 and value.data_type == "n"
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)


def test_profile_xlsx_and_csv_escape_the_indicator_name(client, evil_world):
    book = load_workbook(io.BytesIO(client.get("/monitor/gebied/BU90010101/export.xlsx").content))
    cells = [c for sheet in book for r in sheet.iter_rows() for c in r]
    assert not any(c.data_type == "f" for c in cells)
    assert any(c.value == EVIL_INDICATOR and c.data_type == "s" for c in cells)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/monitor/gebied/BU90010101/export.csv").content.decode())
        )
    )
    crimes = next(r for r in rows if r["indicator"] == "crimes_per_1000")
    assert crimes["name"] == "'" + EVIL_INDICATOR
    assert float(crimes["value"]) == 55.0


def test_map_csv_escapes_the_area_name(client, evil_world):
    response = client.get("/monitor/GM9001/export.csv", {"show": "crimes_per_1000"})
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows["BU90010101"]["name"] == "'" + EVIL_AREA
    assert rows["BU90010102"]["name"] == Area.objects.get(code="BU90010102").name
