"""Importers on small committed fixtures: quirks, errors and atomicity."""

import pytest
from django.core.management import CommandError, call_command

from wendbaar.monitor.constants import NATIONAL_CODE, ObservationStatus
from wendbaar.monitor.importing import ImportFileError
from wendbaar.monitor.models import ImportRun, Indicator, Observation
from wendbaar.monitor.services import import_observations, recompute_calculated

from ..helpers import FILES, make_areas, observation, snapshot, value

pytestmark = pytest.mark.django_db

CODES = ["GM9991", "WK999101", "BU99910101"]


@pytest.fixture
def areas():
    make_areas(CODES, year=2023)


def load_good():
    return import_observations(source="kwb", path=FILES / "kwb_2023_decimal_comma.csv")


class TestQuirks:
    def test_decimal_comma_padding_secret_and_empty(self, areas):
        result = load_good()
        assert result.periods == [2023]  # from the file name
        assert value("household_size", "GM9991", 2023) == pytest.approx(2.1)
        assert value("income_per_inhabitant", "BU99910101", 2023) == pytest.approx(31.5)
        assert value("population", "BU99910101", 2023) == 400  # padded code trimmed
        secret = observation("income_per_inhabitant", "GM9991", 2023)
        assert secret.status == ObservationStatus.SECRET and secret.value is None
        empty = observation("population_65_plus", "BU99910101", 2023)
        assert empty.status == ObservationStatus.NOT_AVAILABLE and empty.value is None
        assert not Observation.objects.filter(value=0).exists()

    def test_national_row_is_kept_without_area(self, areas):
        load_good()
        national = observation("population", NATIONAL_CODE, 2023)
        assert national.area is None and national.value == 17942942

    def test_calculated_indicator_and_missing_input(self, areas):
        result = load_good()
        assert "share_65_plus" in result.calculated_indicators
        assert value("share_65_plus", "GM9991", 2023) == pytest.approx(20.0)
        # 65+ of the buurt is empty → the share is not available, not 0.
        buurt = observation("share_65_plus", "BU99910101", 2023)
        assert buurt.status == ObservationStatus.NOT_AVAILABLE

    def test_idempotent(self, areas):
        first = load_good()
        count = Observation.objects.count()
        second = load_good()
        assert second.observations.created == second.observations.updated == 0
        assert second.observations.unchanged == first.observations.created
        assert second.calculated.changed == 0
        assert Observation.objects.count() == count
        assert second.data_version == first.data_version
        assert ImportRun.objects.succeeded().count() == 2

    def test_changed_value_updates_and_raises_data_version(self, areas, tmp_path):
        first = load_good()
        changed = tmp_path / "kwb_2023_changed.csv"
        changed.write_text("WijkenEnBuurten,AantalInwoners_5,k_65JaarOfOuder_12\nGM9991,1100,220\n")
        result = import_observations(source="kwb", path=changed)
        assert (result.observations.created, result.observations.updated) == (0, 2)
        assert result.data_version == first.data_version + 1
        assert value("share_65_plus", "GM9991", 2023) == pytest.approx(20.0)
        assert value("population", "GM9991", 2023) == 1100

    def test_missing_value_never_replaces_a_stored_value(self, areas, tmp_path):
        load_good()
        early = tmp_path / "kwb_2023_early.csv"
        early.write_text("WijkenEnBuurten,AantalInwoners_5\nGM9991,.\n")
        result = import_observations(source="kwb", path=early)
        assert result.observations.kept == 1
        assert value("population", "GM9991", 2023) == 1000

    def test_unknown_areas_are_skipped_and_listed(self):
        make_areas(["GM9991"])
        result = load_good()
        assert result.skipped_codes == ["BU99910101"]
        assert result.skipped_observations == 4
        assert not Observation.objects.filter(region_code="BU99910101").exists()

    def test_suppression_below_min_base(self, tmp_path):
        make_areas(["GM9991", "BU99910101"])
        path = tmp_path / "kwb_2023_small.csv"
        path.write_text("WijkenEnBuurten,AantalInwoners_5,k_65JaarOfOuder_12\nBU99910101,30,9\n")
        import_observations(source="kwb", path=path)
        small = observation("share_65_plus", "BU99910101", 2023)
        assert small.status == ObservationStatus.SUPPRESSED and small.value is None

    def test_recompute_calculated_is_idempotent(self, areas):
        load_good()
        assert recompute_calculated().changed == 0
        Observation.objects.filter(indicator__code="share_65_plus").delete()
        assert recompute_calculated(periods=[2023]).created == 3  # GM, BU and NL01


class TestCustomTemplate:
    def test_custom_csv_with_definitions(self, areas):
        result = import_observations(source="custom", path=FILES / "custom_survey_2024.csv")
        indicator = Indicator.objects.get(code="resident_satisfaction")
        assert indicator.kind == "soft" and not indicator.in_registry
        assert indicator.themes == ["cohesion", "environment"]
        assert value("resident_satisfaction", "GM9991", 2024) == pytest.approx(7.4)
        assert observation("resident_satisfaction", "BU99910101", 2023).status == "secret"
        assert result.periods == [2023, 2024]

    def test_custom_xlsx_with_indicator_sheet(self, areas, tmp_path):
        from openpyxl import Workbook

        workbook = Workbook()
        data = workbook.active
        data.title = "data"
        data.append(["area_code", "indicator_code", "period", "value"])
        data.append(["BU99910101", "green_mark", 2024, 6.5])
        data.append(["GM9991", "population", 2024, 1234])
        sheet = workbook.create_sheet("indicators")
        sheet.append(["code", "name_nl", "name_en", "unit", "themes", "kind"])
        sheet.append(["green_mark", "Groen", "Greenery", "mark", "environment", "soft"])
        path = tmp_path / "eigen_enquete.xlsx"
        workbook.save(path)
        import_observations(source="custom", path=path)
        assert value("green_mark", "BU99910101", 2024) == 6.5
        assert value("population", "GM9991", 2024) == 1234


BAD_FILES = [
    # (source, file, row, column, words in the message)
    ("kwb", "kwb_2023_non_numeric.csv", 3, "k_65JaarOfOuder_12", "12a"),
    ("police", "police_unknown_column.csv", 1, "Opmerking", "unknown column"),
    ("custom", "custom_unknown_indicator.csv", 3, "indicator_code", "resident_happiness"),
    ("kwb", "kwb_2023_duplicate.csv", 4, "AantalInwoners_5", "rows 3, 4"),
    ("kwb", "kwb_2023_bad_code.csv", 3, "WijkenEnBuurten", "XX1234"),
    ("kwb", "kwb_2023_empty.csv", None, None, "empty"),
    ("kwb", "kwb_2023_header_only.csv", None, None, "no data rows"),
    ("kwb", "does_not_exist_2023.csv", None, None, "not found"),
]


class TestBadInput:
    @pytest.mark.parametrize(("source", "name", "row", "column", "words"), BAD_FILES)
    def test_error_names_file_row_column_and_db_is_unchanged(
        self, areas, source, name, row, column, words
    ):
        load_good()
        before = snapshot()
        with pytest.raises(ImportFileError) as caught:
            import_observations(source=source, path=FILES / name)
        error = caught.value
        message = str(error)
        assert name in message and words in message
        assert error.row == row and error.column == column
        if row is not None:
            assert f"row {row}" in message
        if column is not None:
            assert column in message
        assert snapshot() == before

    def test_strict_unknown_area_rolls_back_everything(self, areas):
        load_good()
        before = snapshot()
        with pytest.raises(ImportFileError) as caught:
            import_observations(
                source="custom", path=FILES / "custom_unknown_area.csv", strict=True
            )
        assert "BU99919999" in str(caught.value) and caught.value.row == 2
        assert snapshot() == before  # the indicator definition was rolled back too

    def test_strict_kwb_rejects_columns_outside_the_catalogue(self, areas, tmp_path):
        path = tmp_path / "kwb_2023_extra.csv"
        path.write_text("WijkenEnBuurten,AantalInwoners_5,Mannen_6\nGM9991,1000,480\n")
        result = import_observations(source="kwb", path=path)
        assert result.ignored_columns == ["Mannen_6"]
        with pytest.raises(ImportFileError) as caught:
            import_observations(source="kwb", path=path, strict=True)
        assert caught.value.column == "Mannen_6"

    def test_year_is_required_when_the_name_has_none(self, areas, tmp_path):
        path = tmp_path / "kerncijfers.csv"
        path.write_text("WijkenEnBuurten,AantalInwoners_5\nGM9991,1000\n")
        with pytest.raises(ImportFileError, match="--period"):
            import_observations(source="kwb", path=path)
        assert import_observations(source="kwb", path=path, period=2022).periods == [2022]


class TestCommand:
    def test_command_reports_counts(self, areas, capsys):
        call_command(
            "import_observations", "--source", "kwb", str(FILES / "kwb_2023_decimal_comma.csv")
        )
        out = capsys.readouterr().out
        assert "kwb_2023_decimal_comma.csv" in out and "created" in out
        assert "recomputed" in out and "data version 1" in out

    def test_command_error(self, areas):
        with pytest.raises(CommandError, match=r"kwb_2023_non_numeric\.csv, row 3"):
            call_command(
                "import_observations", "--source", "kwb", str(FILES / "kwb_2023_non_numeric.csv")
            )
