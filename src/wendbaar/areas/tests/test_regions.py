import csv
import gzip
import io

import openpyxl
import pytest

from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.importers import AreaImportError, import_regions, infer_year
from wendbaar.areas.models import Area

from .conftest import snapshot
from .factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_national_2024_file_and_idempotence(cbs_dir):
    result = import_regions(cbs_dir / "kwb_2024_85984NED_nl_subset.csv.gz")
    assert (result.created, result.updated, len(result.skipped)) == (18_055, 0, 0)
    assert Area.objects.municipalities().count() == 339
    assert Area.objects.districts().count() == 3_344
    assert Area.objects.neighbourhoods().count() == 14_372
    buurt = Area.objects.select_related("parent__parent").get(code="BU03440111")
    assert (buurt.parent.code, buurt.parent.parent.code) == ("WK034401", "GM0344")
    assert (buurt.first_year, buurt.last_year, buurt.province) == (2024, 2024, "Utrecht")

    again = import_regions(cbs_dir / "kwb_2024_85984NED_nl_subset.csv.gz")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 18_055)


def test_utrecht_short_code_file(cbs_dir):
    result = import_regions(cbs_dir / "kwb_2023_utrecht_GM0344.csv")  # year from the name
    assert result.created == 122
    utrecht = Area.objects.get(code="GM0344")
    assert utrecht.name == "Utrecht" and utrecht.first_year == 2023
    wijken = Area.objects.districts().filter(parent=utrecht)
    assert wijken.count() == 10
    buurten = Area.objects.neighbourhoods().in_municipality("GM0344").select_related("parent")
    assert buurten.count() == 111
    assert all(b.parent.code == "WK" + b.code[2:8] for b in buurten)
    assert Area.objects.get(code="BU03440111").name == "Welgelegen, Den Hommel"


def test_years_widen_and_names_update(cbs_dir, tmp_path):
    import_regions(cbs_dir / "kwb_2023_utrecht_GM0344.csv")
    renamed = tmp_path / "kwb_2024_test.csv"
    renamed.write_text(
        "WijkenEnBuurten,SoortRegio_2,regio,provincie\n"
        "GM0344    ,Gemeente  ,Utrecht,Utrecht\n"
        "WK034401  ,Wijk      ,West (new name),Utrecht\n"
    )
    result = import_regions(renamed)
    assert (result.created, result.updated) == (0, 2)
    wijk = Area.objects.get(code="WK034401")
    assert (wijk.name, wijk.first_year, wijk.last_year) == ("West (new name)", 2023, 2024)
    # An older file widens the range back without touching the newer name.
    import_regions(renamed, year=2019)
    wijk.refresh_from_db()
    assert (wijk.first_year, wijk.last_year) == (2019, 2024)


def test_xlsx_semicolon_and_gzip_give_the_same_areas(cbs_dir, tmp_path):
    rows = list(csv.reader(io.StringIO((cbs_dir / "kwb_2023_utrecht_GM0344.csv").read_text())))
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(tmp_path / "kwb-2023.xlsx")
    assert import_regions(tmp_path / "kwb-2023.xlsx").created == 122

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    (tmp_path / "kwb_2023_semicolon.csv.gz").write_bytes(gzip.compress(buffer.getvalue().encode()))
    result = import_regions(tmp_path / "kwb_2023_semicolon.csv.gz")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 122)


def test_parent_may_come_from_the_database(tmp_path):
    wijk = AreaFactory(district=True)
    path = tmp_path / "kwb_2024_buurt.csv"
    path.write_text(f"gwb_code_10,recs,regio\nBU{wijk.code[2:]}01,Buurt,Nieuw\n")
    import_regions(path)
    assert Area.objects.get(code=f"BU{wijk.code[2:]}01").parent == wijk


def test_country_rows_are_skipped(tmp_path):
    path = tmp_path / "85984NED.csv"
    path.write_text(
        "WijkenEnBuurten,SoortRegio_2,regio\nNL01  ,Land,Nederland\nGM0344,Gemeente,Utrecht\n"
    )
    result = import_regions(path)
    assert result.created == 1 and result.skipped[0][0] == "NL01"
    assert Area.objects.get().level == AreaLevel.MUNICIPALITY


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("kwb_2024_85984NED_nl_subset.csv.gz", 2024),
        ("85618NED_TypedDataSet.csv", 2023),
        ("kwb-2019.xlsx", 2019),
        ("kwb_2023_utrecht_GM0344.csv", 2023),
        ("regions.csv", None),
    ],
)
def test_infer_year(name, year, tmp_path):
    assert infer_year(tmp_path / name) == year


def test_year_is_required(tmp_path):
    path = tmp_path / "regions.csv"
    path.write_text("gwb_code_10,recs,regio\nGM0344,Gemeente,Utrecht\n")
    with pytest.raises(AreaImportError, match="--year"):
        import_regions(path)


@pytest.mark.parametrize(
    ("name", "row", "field", "text"),
    [
        ("bad_code.csv", 4, "WijkenEnBuurten", "BU0344-111"),
        ("buurt_without_wijk.csv", 4, "WijkenEnBuurten", "WK034499"),
        ("duplicate_code.csv", 4, "gwb_code_10", "first seen on row 3"),
        ("missing_column.csv", 1, "WijkenEnBuurten", "missing required column"),
        ("empty.csv", None, None, "empty"),
    ],
)
def test_broken_region_files(files, name, row, field, text):
    AreaFactory(code="GM0599", name="Rotterdam")  # something that must stay as it is
    before = snapshot()
    with pytest.raises(AreaImportError) as info:
        import_regions(files / name, year=2024)
    message = str(info.value)
    assert name in message and text in message
    assert (info.value.row, info.value.field) == (row, field)
    if row:
        assert f"row {row}" in message
    if field:
        assert f"“{field}”" in message
    assert snapshot() == before


def test_errors_are_dutch_by_default(files):
    """A municipal data steward reads the error in Dutch: file, row and field named."""
    from django.utils import translation

    with translation.override("nl"), pytest.raises(AreaImportError) as info:
        import_regions(files / "duplicate_code.csv", year=2024)
    assert str(info.value).startswith("duplicate_code.csv, rij 4, veld “gwb_code_10”: dubbele code")


def test_gzip_past_the_decompressed_limit_is_refused(tmp_path, settings):
    settings.IMPORT_MAX_DECOMPRESSED_BYTES = 16 * 1024
    first = tmp_path / "kwb-2024-first.csv"
    first.write_text("gwb_code_10,recs,regio,gm_naam\nGM0001,Gemeente,Een,Een\n")
    assert import_regions(first).created == 1
    header = "gwb_code_10,recs,regio,gm_naam\nGM0001,Gemeente,Twee,Twee\n"
    padding = "".join(f"WK0001{i:02d},Wijk,Wijk {i},Twee\n" for i in range(100)) * 20
    path = tmp_path / "kwb-2024-bomb.csv.gz"
    path.write_bytes(gzip.compress((header + padding).encode()))
    before = snapshot()
    with pytest.raises(AreaImportError) as caught:
        import_regions(path)
    assert "kwb-2024-bomb.csv.gz: the file is larger than 0.015625 MB once decompressed" in str(
        caught.value
    )
    assert snapshot() == before
