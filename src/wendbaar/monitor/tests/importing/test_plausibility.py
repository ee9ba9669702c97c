"""Implausible values and separators in real files: refused with file, row and column and
nothing written, or with --implausible-as-missing imported as not available (never 0)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from wendbaar.monitor.constants import ObservationStatus
from wendbaar.monitor.importing import ImportFileError
from wendbaar.monitor.models import Observation
from wendbaar.monitor.services import import_observations

from ..helpers import FILES, make_areas, observation, snapshot, value

pytestmark = pytest.mark.django_db

HEADER = "WijkenEnBuurten,AantalInwoners_5,GemiddeldeHuishoudensgrootte_33,HuurwoningenTotaal_40\n"


@pytest.fixture
def areas():
    make_areas(["GM9991", "WK999101", "BU99910101"], year=2023)
    import_observations(source="kwb", path=FILES / "kwb_2023_decimal_comma.csv")


def kwb_file(tmp_path, *rows: str, name: str = "kwb_2023_probe.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(row + "\n" for row in rows))
    return path


def refused(path, **kwargs) -> ImportFileError:
    before = snapshot()
    with pytest.raises(ImportFileError) as caught:
        import_observations(source="kwb", path=path, **kwargs)
    assert snapshot() == before, "a refused file must change nothing"
    return caught.value


@pytest.mark.parametrize(
    ("cell", "column", "words"),
    [
        ("-500", "AantalInwoners_5", "-500 is outside the valid range 0 to 1000000000"),
        ("1e308", "AantalInwoners_5", "1e+308 is outside the valid range"),
        ("150", "HuurwoningenTotaal_40", "150 is outside the valid range 0 to 100"),
        ("-3", "HuurwoningenTotaal_40", "-3 is outside the valid range 0 to 100"),
        ("1e309", "AantalInwoners_5", "not a finite number"),
        ("inf", "AantalInwoners_5", "not a finite number"),
        ("nan", "AantalInwoners_5", "not a finite number"),
    ],
)
def test_implausible_value_refused_with_file_row_column(tmp_path, areas, cell, column, words):
    cells = {"AantalInwoners_5": "1000", "HuurwoningenTotaal_40": "40"} | {column: cell}
    path = kwb_file(
        tmp_path,
        "GM9991,1000,2.1,40",
        f"BU99910101,{cells['AantalInwoners_5']},2.0,{cells['HuurwoningenTotaal_40']}",
    )
    error = refused(path)
    assert (error.file, error.row, error.column) == ("kwb_2023_probe.csv", 3, column)
    message = str(error)
    assert message.startswith(f"kwb_2023_probe.csv, row 3, column “{column}”: ")
    assert words in message


def test_the_first_of_several_is_named_and_the_rest_counted(tmp_path, areas):
    path = kwb_file(tmp_path, "GM9991,-1,2.1,140", "BU99910101,400,25.5,40")
    error = refused(path)
    assert (error.row, error.column) == (2, "AantalInwoners_5")
    assert "(and 2 more values)" in str(error) and "--implausible-as-missing" in str(error)


def test_implausible_as_missing_imports_not_available_with_warnings(tmp_path, areas):
    stored = value("population", "BU99910101", 2023)
    path = kwb_file(tmp_path, "GM9991,1200,2.1,150", "BU99910101,-500,1.9,40")
    result = import_observations(source="kwb", path=path, implausible_as_missing=True)
    assert result.implausible == [
        "kwb_2023_probe.csv, row 2, column “HuurwoningenTotaal_40”: 150 is outside the "
        "valid range 0 to 100 of share_rented; imported as not available",
        "kwb_2023_probe.csv, row 3, column “AantalInwoners_5”: -500 is outside the valid "
        "range 0 to 1000000000 of population; imported as not available",
    ]
    assert observation("share_rented", "GM9991", 2023).status == ObservationStatus.NOT_AVAILABLE
    assert observation("share_rented", "GM9991", 2023).value is None
    # A missing value never replaces a published one: the earlier 400 stays, not -500 or 0.
    assert value("population", "BU99910101", 2023) == stored == 400
    assert value("population", "GM9991", 2023) == 1200  # the plausible values are written
    assert value("household_size", "BU99910101", 2023) == pytest.approx(1.9)
    assert not Observation.objects.filter(value__lt=0).exists()
    assert any("2 values outside their valid range" in line for line in result.summary())


def test_command_flag_and_refusal(tmp_path, areas, capsys):
    path = kwb_file(tmp_path, "GM9991,1000,2.1,150")
    with pytest.raises(CommandError, match=r"kwb_2023_probe\.csv, row 2, column “Huur"):
        call_command("import_observations", "--source", "kwb", str(path))
    call_command("import_observations", "--source", "kwb", "--implausible-as-missing", str(path))
    captured = capsys.readouterr()
    assert "row 2, column “HuurwoningenTotaal_40”: 150 is outside" in captured.err
    assert "imported as not available" in captured.out


def test_custom_indicator_gets_the_range_of_its_unit(tmp_path, areas):
    (tmp_path / "survey_2024.indicators.csv").write_text(
        "code,name_nl,name_en,unit\ntrust,Vertrouwen,Trust,%\n"
    )
    path = tmp_path / "survey_2024.csv"
    path.write_text("area_code,indicator_code,period,value\nGM9991,trust,2024,101\n")
    before = snapshot()
    with pytest.raises(ImportFileError) as caught:
        import_observations(source="custom", path=path)
    assert (caught.value.row, caught.value.column) == (2, "value")
    assert "0 to 100 of trust" in str(caught.value)
    assert snapshot() == before  # the definition was not written either


class TestSeparators:
    def test_thousands_comma_in_a_file_with_decimal_points(self, tmp_path, areas):
        path = kwb_file(tmp_path, 'GM9991,"1,234",2.1,40', "BU99910101,400,1.8,40")
        import_observations(source="kwb", path=path)
        assert value("population", "GM9991", 2023) == 1234  # not 1.234

    def test_decimal_comma_file_reads_1_234_as_a_decimal(self, tmp_path, areas):
        path = tmp_path / "kwb_2023_nl.csv"
        path.write_text(
            "WijkenEnBuurten;GemiddeldeHuishoudensgrootte_33;HuurwoningenTotaal_40\n"
            "GM9991;2,1;1,234\n"
        )
        import_observations(source="kwb", path=path)
        assert value("share_rented", "GM9991", 2023) == pytest.approx(1.234)

    def test_ambiguous_file_refused_with_how_to_fix(self, tmp_path, areas):
        path = kwb_file(tmp_path, "GM9991,1000,2,40", 'BU99910101,"1,234",2,40')
        error = refused(path)
        assert (error.row, error.column) == (3, "AantalInwoners_5")
        assert "“1,234” could be 1234" in str(error) and "without thousands separators" in str(
            error
        )

    def test_both_conventions_and_an_ambiguous_cell_refused(self, tmp_path, areas):
        path = kwb_file(tmp_path, 'GM9991,1000,"2,1",40', 'BU99910101,"1,234",1.8,40')
        error = refused(path)
        message = str(error)
        assert (error.row, error.column) == (3, "AantalInwoners_5")
        assert "“2,1” (row 2, column “GemiddeldeHuishoudensgrootte_33”)" in message
        assert "“1.8” (row 3, column “GemiddeldeHuishoudensgrootte_33”)" in message


class TestDecompressedSizeCap:
    """A gzip or XLSX that expands past WENDBAAR_IMPORT_MAX_DECOMPRESSED_MB is refused
    before it is read whole; nothing is written."""

    def test_gzip_bomb_refused(self, tmp_path, areas, settings):
        import gzip

        settings.IMPORT_MAX_DECOMPRESSED_BYTES = 64 * 1024
        rows = "".join(f"BU99910101,{i % 900},2.0,40\n" for i in range(20_000))
        path = tmp_path / "kwb_2023_bomb.csv.gz"
        path.write_bytes(gzip.compress((HEADER + rows).encode()))
        assert path.stat().st_size < 64 * 1024 < len(HEADER + rows)
        error = refused(path)
        assert str(error) == (
            "kwb_2023_bomb.csv.gz: the file is larger than 0.0625 MB once decompressed; "
            "nothing was imported (raise WENDBAAR_IMPORT_MAX_DECOMPRESSED_MB for a genuine "
            "larger file)"
        )

    def test_xlsx_refused(self, tmp_path, areas, settings):
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(HEADER.strip().split(","))
        for i in range(3_000):
            sheet.append(["BU99910101", i % 900, 2.0, 40])
        path = tmp_path / "kwb_2023_big.xlsx"
        book.save(path)
        settings.IMPORT_MAX_DECOMPRESSED_BYTES = 32 * 1024
        assert "MB once decompressed" in str(refused(path))


@pytest.mark.parametrize("decimals", ["-1", "99"])
def test_custom_definition_with_implausible_decimals(tmp_path, areas, decimals):
    (tmp_path / "survey_2024.indicators.csv").write_text(
        f"code,name_nl,name_en,unit,decimals\ntrust,Vertrouwen,Trust,%,{decimals}\n"
    )
    path = tmp_path / "survey_2024.csv"
    path.write_text("area_code,indicator_code,period,value\nGM9991,trust,2024,50\n")
    before = snapshot()
    with pytest.raises(ImportFileError, match="decimals must be 0 to 6") as caught:
        import_observations(source="custom", path=path)
    assert (caught.value.file, caught.value.row, caught.value.column) == (
        "survey_2024.indicators.csv",
        2,
        "decimals",
    )
    assert snapshot() == before


@pytest.mark.parametrize("bad", [float("inf"), float("nan"), float("-inf")])
def test_the_writer_never_stores_a_non_finite_value(areas, bad):
    """The last guard, for figures that do not come from a file: nothing is written."""
    from wendbaar.core.actors import SystemActor
    from wendbaar.monitor.constants import Aggregation
    from wendbaar.monitor.services import (
        DerivedIndicator,
        DerivedObservation,
        replace_observations,
    )

    counted = DerivedIndicator(
        code="probe_count",
        name_nl="Proef",
        name_en="Probe",
        unit="count",
        source_name="test",
        themes=("cohesion",),
        aggregation=Aggregation.SUM,
    )
    rows = [
        DerivedObservation("probe_count", "GM9991", 2024, 3.0),
        DerivedObservation("probe_count", "BU99910101", 2024, bad),
    ]
    before = snapshot()
    with pytest.raises(ValueError, match="not a finite value"):
        replace_observations(
            source="probe", indicators=[counted], rows=rows, by=SystemActor("test")
        )
    assert snapshot() == before
