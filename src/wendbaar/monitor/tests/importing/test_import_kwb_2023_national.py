"""The national kwb-2023 extract of the demo (``demo_data/kwb_2023_85618NED_nl_subset.csv.gz``,
file 16 of the CBS folder): gemeente Utrecht's rows imported alone and after Utrecht's own
kwb-2023 file (the demo's order), and the whole file checked against the catalogue.

Expected figures are the published ones, read from the file (see the data README).
"""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

from wendbaar.monitor.constants import NATIONAL_CODE, IndicatorKind, ObservationStatus
from wendbaar.monitor.demo import DEMO_FILES, demo_data_dir
from wendbaar.monitor.importing.plausibility import out_of_range
from wendbaar.monitor.importing.sources import kwb
from wendbaar.monitor.importing.sources.base import finalise
from wendbaar.monitor.models import Observation
from wendbaar.monitor.registry import CATALOGUE, INDICATORS
from wendbaar.monitor.services import import_observations

from ..helpers import cbs_file, make_areas, observation, value

EXTRACT = "kwb_2023_85618NED_nl_subset.csv.gz"
UTRECHT_2023 = "kwb_2023_utrecht_GM0344.csv"
SOURCE = "kwb_2023_nl_subset41.csv.gz"  # file 16 in the shared CBS folder
REGION_COLUMNS = {"gwb_code_10", "recs"}
BUURT = "BU03440111"  # Welgelegen, Den Hommel (Utrecht)
SECRET = ObservationStatus.SECRET


def catalogue_columns() -> dict[str, dict]:
    return {spec.code: dict(spec.source_columns) for spec in INDICATORS}


def read_gzip_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def write_slice(path: Path, *, change: dict[tuple[str, str], str] | None = None) -> Path:
    """The extract's national row and gemeente Utrecht's rows, as a plain CSV at ``path``;
    ``change`` replaces cells ((code, column) → text)."""
    header, rows = read_gzip_csv(demo_data_dir() / EXTRACT)
    kept = [row for row in rows if row[0] == "NL00" or row[0][2:6] == "0344"]
    for (code, column), text in (change or {}).items():
        row = next(row for row in kept if row[0] == code)
        row[header.index(column)] = text
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *kept])
    return path


@pytest.fixture
def utrecht_slice(tmp_path) -> Path:
    path = write_slice(tmp_path / "kwb_2023_85618NED_GM0344.csv")
    with path.open(encoding="utf-8") as handle:
        make_areas([row["gwb_code_10"] for row in csv.DictReader(handle)], year=2023)
    return path


def test_demo_imports_the_extract_after_utrechts_own_2023_file():
    files = [name for _, name, _ in DEMO_FILES]
    assert (dict((name, period) for _, name, period in DEMO_FILES))[EXTRACT] == 2023
    assert files.index(UTRECHT_2023) < files.index(EXTRACT)


@pytest.mark.django_db
def test_utrecht_slice_gives_the_published_figures(utrecht_slice):
    result = import_observations(source="kwb", path=utrecht_slice, period=2023)
    assert result.periods == [2023] and result.source_table == "85618NED"
    assert not result.ignored_columns and not result.skipped_codes
    assert value("population", BUURT, 2023) == 1810
    assert value("share_households_lowest_40_income", BUURT, 2023) == pytest.approx(46.3)
    assert value("share_persons_lowest_40_income", BUURT, 2023) == 28
    assert value("state_pension_recipients", BUURT, 2023) == 320
    assert value("young_people_in_youth_care", BUURT, 2023) == 20
    assert value("share_youth_care", BUURT, 2023) == pytest.approx(5.7)
    assert value("wmo_clients", BUURT, 2023) == 160
    assert value("wmo_clients_per_1000", BUURT, 2023) == 89
    assert value("cars_per_km2", BUURT, 2023) == 1811
    assert value("population_origin_europe", BUURT, 2023) == 155
    assert value("standardised_household_income", "GM0344", 2023) == pytest.approx(37.5)
    # A rate from the new counts, by hand: a_soz_wb / a_inw * 1000 = 10 / 1810 * 1000.
    assert value("social_assistance_per_1000", BUURT, 2023) == pytest.approx(10 / 1810 * 1000)
    # "." is secret: no figure, never 0.
    income = observation("standardised_household_income", BUURT, 2023)
    assert income.status == SECRET and income.value is None
    with utrecht_slice.open(encoding="utf-8") as handle:
        dots = sum(cell == "." for row in csv.reader(handle) for cell in row)
    from_file = Observation.objects.exclude(indicator__kind=IndicatorKind.CALCULATED)
    assert from_file.filter(status=SECRET).count() == dots
    assert not Observation.objects.filter(status=SECRET, value__isnull=False).exists()
    # NL00 is the national row: no area, the country's figures.
    national = observation("population", NATIONAL_CODE, 2023)
    assert national.area is None and national.value == 17_811_291
    assert value("social_assistance_recipients", NATIONAL_CODE, 2023) == 400_280
    assert value("share_households_lowest_40_income", NATIONAL_CODE, 2023) == 40


@pytest.mark.django_db
def test_after_utrechts_file_the_extract_fills_its_gaps_and_changes_nothing_else(
    utrecht_slice,
):
    utrecht = demo_data_dir() / UTRECHT_2023
    import_observations(source="kwb", path=utrecht, period=2023)
    youth_care = observation("share_youth_care", BUURT, 2023)  # "." in the mid-season release
    assert youth_care.status == SECRET
    result = import_observations(source="kwb", path=utrecht_slice, period=2023)
    # Every figure both releases publish is the same; the extract only fills "." cells.
    assert result.observations.kept == 0
    assert value("share_youth_care", BUURT, 2023) == pytest.approx(5.7)
    assert value("share_households_lowest_40_income", BUURT, 2023) == pytest.approx(46.3)
    assert value("population", BUURT, 2023) == 1810
    # What only Utrecht's file has stays.
    assert value("share_corporation_owned", "GM0344", 2023) == 31
    # The demo run again, in the same order, changes nothing.
    for path in (utrecht, utrecht_slice):
        again = import_observations(source="kwb", path=path, period=2023)
        assert not again.observations.changed and not again.calculated.changed, path.name


@pytest.mark.django_db
def test_where_the_two_releases_differ_the_one_imported_last_is_kept(utrecht_slice, tmp_path):
    import_observations(source="kwb", path=demo_data_dir() / UTRECHT_2023, period=2023)
    # A revised figure in the later release (hypothetical: today they agree) wins, and the
    # rates computed from it follow; a "." in it keeps the earlier published figure.
    revised = write_slice(
        tmp_path / "kwb_2023_85618NED_revised.csv",
        change={(BUURT, "a_inw"): "1815", (BUURT, "a_soz_wb"): "."},
    )
    result = import_observations(source="kwb", path=revised, period=2023)
    assert value("population", BUURT, 2023) == 1815
    assert value("share_65_plus", BUURT, 2023) == pytest.approx(360 / 1815 * 100)
    assert value("social_assistance_recipients", BUURT, 2023) == 10
    assert result.observations.kept == 1


def test_every_column_of_the_extract_maps_to_a_catalogue_entry():
    path = demo_data_dir() / EXTRACT
    header, rows = read_gzip_csv(path)
    parsed = kwb.parse(path, period=2023, strict=True, catalogue=catalogue_columns())
    assert set(parsed.frame["column"].unique()) == set(header) - REGION_COLUMNS
    assert set(parsed.frame["indicator"].unique()) <= set(CATALOGUE)
    # All rows: the country, 339 gemeenten (3 withheld), every wijk and buurt.
    levels = [row[1] for row in rows]
    assert levels.count("Land") == 1 and levels.count("Gemeente") == 339
    assert len(rows) == 17_862
    # The whole file would import: numbers parse, and every value is within its range.
    frame = finalise(parsed, path.name)
    ranges = {code: spec.valid_range for code, spec in CATALOGUE.items()}
    assert out_of_range(frame, ranges).height == 0


@pytest.mark.skipif(
    not cbs_file(SOURCE).exists(), reason="file 16 not found in settings.CBS_DATA_DIR"
)
def test_the_extract_is_file_16_minus_only_the_columns_the_catalogue_leaves_out():
    source_header, source_rows = read_gzip_csv(cbs_file(SOURCE))
    header, rows = read_gzip_csv(demo_data_dir() / EXTRACT)
    mapping, ignored = kwb.column_mapping(source_header, catalogue_columns(), 2023)
    # Nothing the catalogue maps was dropped; what is left out is named.
    assert set(mapping) == set(header) - REGION_COLUMNS
    assert sorted(ignored) == ["a_bst_b", "a_bst_nb"]
    assert set(source_header) - set(header) == {"gm_code", "gm_naam", "a_bst_b", "a_bst_nb"}
    # Same rows in the same order, cells copied as text.
    positions = [source_header.index(column) for column in header]
    assert rows == [[row[i] for i in positions] for row in source_rows]
