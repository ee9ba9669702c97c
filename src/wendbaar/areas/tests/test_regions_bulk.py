"""The column-wise region import: the same areas and errors as the row-wise parser, ids
reserved ahead of the bulk insert, and the PostgreSQL COPY (when DATABASE_URL points at
PostgreSQL) writing every value back exactly."""

import csv
import gzip

import polars as pl
import pytest
from django.db import connection
from polars.testing import assert_frame_equal

from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.importers import AreaImportError, import_regions
from wendbaar.areas.importers.base import read_bytes
from wendbaar.areas.importers.regions import _parse_columnwise, _parse_rowwise, read_regions
from wendbaar.areas.index import current_token
from wendbaar.areas.models import Area

from .conftest import snapshot
from .factories import AreaFactory

pytestmark = pytest.mark.django_db

ODATA = "WijkenEnBuurten,SoortRegio_2,regio,Gemeentenaam_1,provincie\n"


def both(path):
    """(column-wise, row-wise) parse of one file; the column-wise one may be None."""
    data = read_bytes(path)
    return _parse_columnwise(data), _parse_rowwise(path, data)


def assert_same(columnwise, rowwise):
    assert columnwise is not None
    assert_frame_equal(columnwise.frame, rowwise.frame)
    assert (columnwise.code_field, columnwise.skipped) == (rowwise.code_field, rowwise.skipped)


def test_national_and_utrecht_files_parse_the_same_both_ways(cbs_dir):
    for name in ("kwb_2024_85984NED_nl_subset.csv.gz", "kwb_2023_utrecht_GM0344.csv"):
        assert_same(*both(cbs_dir / name))


@pytest.mark.parametrize(
    "body",
    [
        # padding, Nederland and a province skipped, a quoted name with a comma
        "NL01  ,Land,Nederland,,\nPV26  ,Provincie,Utrecht,,\n"
        'GM0344  ,Gemeente  ,,Utrecht,Utrecht\nWK034401,Wijk,"West, oud",Utrecht,\n',
        # CRLF line ends, a short row, no province, blank lines at the end
        "GM0344,Gemeente,Utrecht\r\nWK034401,Wijk,West,Utrecht\r\n\r\n\r\n",
        # letters in codes since 2023, lower-case kinds, a long name cut at 200
        f"GM0363,gemeente,Amsterdam,,Noord-Holland\nWK0363AD,WIJK,{'x' * 250},,\n"
        "BU0363AD03,buurt,Één \u2018buurt\u2019,,\n",
    ],
)
def test_ordinary_files_parse_the_same_both_ways(tmp_path, body):
    path = tmp_path / "85984NED.csv"
    path.write_text(ODATA + body)
    assert_same(*both(path))


def test_files_without_names_get_their_codes(tmp_path):
    path = tmp_path / "85984NED.csv"
    path.write_text("WijkenEnBuurten,SoortRegio_2\nGM0344,Gemeente\nWK034401,Wijk\n")
    columnwise, rowwise = both(path)
    assert_same(columnwise, rowwise)
    assert columnwise.frame["name"].to_list() == ["GM0344", "WK034401"]


@pytest.mark.parametrize(
    "body",
    [
        "GM0344,Gemeente,Utrecht,,\n\nWK034401,Wijk,West,,\n",  # a blank row counts
        'GM0344,Gemeente,"Utrecht\nstad",,\n',  # a value over two lines
        "GM0344,Gemeente,Utrecht,,\rWK034401,Wijk,West,,\n",  # a lone carriage return
        "GM0344,Gemeente,Utr\x00echt,,\n",  # NUL: the csv module refuses it
        'GM0344,Gemeente,"Utrecht"x,,\n',  # quoting the two parsers may read differently
        'GM0344,Gemeente,"Utrecht ""oud""",,\n',  # a quote in a value: left to csv too
        "GM0344,Gemeente,Utrecht\x1c,,\n",  # str.strip removes \x1c, Polars does not
        "GM0344,Gemeente,Utrecht,,\nWK034401,Wijk,West,,\nWK034401,Wijk,Again,,\n",
        "GM0344,Gemeente,Utrecht,,\nBU0344-111,Buurt,Welgelegen,,\n",
        "GM0344,Wijk,Utrecht,,\n",
        "GM0344,Stadsdeel,Utrecht,,\n",
        "GM0344,Gemeente,,,\nWK034401,Wijk,,Utrecht,\n",  # a wijk without a name
        "\uff27\uff2d0344,Gemeente,Utrecht,,\n",  # full-width letters
    ],
)
def test_anything_unusual_or_wrong_is_left_to_the_row_wise_parser(tmp_path, body):
    path = tmp_path / "85984NED.csv"
    path.write_text(ODATA + body)
    assert _parse_columnwise(read_bytes(path)) is None


def test_errors_after_a_blank_row_name_the_spreadsheet_row(tmp_path):
    path = tmp_path / "kwb_2024_x.csv"
    path.write_text(ODATA + "GM0344,Gemeente,Utrecht,,\n\n,,,,\nBU03449901,Buurt,Nergens,,\n")
    with pytest.raises(AreaImportError) as info:
        import_regions(path)
    assert (info.value.row, info.value.field) == (5, "WijkenEnBuurten")
    assert "WK034499" in str(info.value)
    assert Area.objects.count() == 0


def test_orphan_error_from_the_columnwise_parse_names_file_row_and_column(tmp_path):
    path = tmp_path / "kwb_2024_x.csv.gz"
    body = ODATA + "GM0344,Gemeente,Utrecht,,\nWK034401,Wijk,West,,\nBU03449901,Buurt,Nergens,,\n"
    path.write_bytes(gzip.compress(body.encode()))
    assert _parse_columnwise(read_bytes(path)) is not None
    AreaFactory(code="GM0599", name="Rotterdam")
    before = snapshot()
    with pytest.raises(AreaImportError) as info:
        import_regions(path)
    assert str(info.value) == (
        "kwb_2024_x.csv.gz, row 4, field “WijkenEnBuurten”: "
        "BU03449901 has no parent WK034499 in this file or the database"
    )
    assert snapshot() == before


def test_new_areas_get_ids_after_every_id_used_and_parents_before_children(tmp_path):
    gone = AreaFactory()
    gone_id = gone.pk
    gone.delete()  # AUTOINCREMENT (SQLite) and sequences (PostgreSQL) never reuse an id
    wijk = AreaFactory(district=True)
    path = tmp_path / "kwb_2024_x.csv"
    path.write_text(
        ODATA + f"BU{wijk.code[2:]}01,Buurt,Nieuw,,\n"
        "BU03440111,Buurt,Welgelegen,Utrecht,Utrecht\nWK034401,Wijk,West,Utrecht,Utrecht\n"
        "GM0344,Gemeente,Utrecht,Utrecht,Utrecht\n"
    )
    result = import_regions(path)
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    new = {a.code: a for a in Area.objects.filter(source=path.name)}
    gemeente, district = new["GM0344"], new["WK034401"]
    buurt, other = new["BU03440111"], new[f"BU{wijk.code[2:]}01"]
    assert min(a.pk for a in new.values()) > max(gone_id, wijk.pk)
    # gemeenten, then wijken, then buurten, each in file order
    assert gemeente.pk < district.pk < other.pk < buurt.pk
    assert (buurt.parent_id, district.parent_id, gemeente.parent_id) == (
        district.pk,
        gemeente.pk,
        None,
    )
    assert other.parent_id == wijk.pk
    assert (buurt.level, buurt.municipality_code, buurt.first_year, buurt.last_year) == (
        AreaLevel.NEIGHBOURHOOD,
        "GM0344",
        2024,
        2024,
    )
    assert (buurt.geometry, buurt.geometry_source, buurt.schematic_path) == (None, "", "")
    assert buurt.schematic_viewbox == ""
    # the database's own id source is past the reserved ids: the ORM can add more
    assert AreaFactory().pk > buurt.pk


def test_updates_keep_what_the_file_lacks_and_unchanged_areas_leave_the_search(tmp_path):
    gemeente = AreaFactory(code="GM0344", name="Utrecht", province="Utrecht", source="")
    wijk = AreaFactory(code="WK034401", level=AreaLevel.DISTRICT, parent=gemeente, name="West")
    path = tmp_path / "kwb_2022_x.csv"
    path.write_text(
        "gwb_code_10,recs,regio,gm_naam\n"
        "GM0344,Gemeente,Utrecht,Utrecht\nWK034401,Wijk,West,Utrecht\n"
        "BU03440111,Buurt,Welgelegen,Utrecht\n"
    )
    result = import_regions(path)
    assert (result.created, result.updated, result.unchanged) == (1, 2, 0)
    gemeente.refresh_from_db()
    wijk.refresh_from_db()
    # no province column: kept; an empty source is filled in, a set one is kept
    assert (gemeente.province, gemeente.source, gemeente.first_year) == ("Utrecht", path.name, 2022)
    assert (wijk.source, wijk.first_year, wijk.last_year, wijk.parent_id) == (
        "factory",
        2022,
        2024,
        gemeente.pk,
    )
    token = current_token()
    again = import_regions(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert current_token() == token
    path.write_text(path.read_text().replace("Welgelegen", "Welgelegen en Den Hommel"))
    assert import_regions(path).updated == 1
    assert current_token() != token


def test_every_value_is_written_back_exactly(tmp_path):
    """What the PostgreSQL COPY (a CSV written by Polars) or the SQLite statement with
    its constants must keep: quotes, commas, backslashes, ``\\.``, empty strings."""
    names = ['"Quoted", with comma', "back\\slash \\N", "\\.", "tab\there", "Ĳsselstein \u2019t"]
    path = tmp_path / "kwb_2024_x.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["gwb_code_10", "recs", "regio", "gm_naam", "prov_naam"])
        for i, name in enumerate(names):
            writer.writerow([f"GM00{10 + i}", "Gemeente", name, "", ""])
    source = 'it\'s; a "source" \\ with -- everything'
    result = import_regions(path, source=source)
    assert result.created == len(names)
    stored = list(Area.objects.order_by("code").values_list("name", "province", "source"))
    assert stored == [(name, "", source) for name in names]
    assert read_regions(path).frame["name"].to_list() == names


def test_columnwise_path_is_what_the_national_import_uses(cbs_dir):
    columnwise = _parse_columnwise(read_bytes(cbs_dir / "kwb_2024_85984NED_nl_subset.csv.gz"))
    assert columnwise is not None and columnwise.frame.height == 18_055
    assert columnwise.frame.schema == pl.Schema(
        {
            "code": pl.String,
            "name": pl.String,
            "level": pl.String,
            "province": pl.String,
            "row": pl.Int64,
        }
    )


def test_runs_on_the_configured_database():
    """The PostgreSQL path is tested when DATABASE_URL points at PostgreSQL (CI does)."""
    assert connection.vendor in ("sqlite", "postgresql")


def test_the_connection_settings_are_as_before(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the page cache is raised for a bulk insert on SQLite only")
    path = tmp_path / "kwb_2024_x.csv"
    path.write_text(ODATA + "GM0344,Gemeente,Utrecht,,\n")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        import_regions(path)
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == before
