"""Importers on the real CBS/RIVM/police/Leefbaarometer files (settings.CBS_DATA_DIR).

Expected figures are the published ones, read from the files (see the data README).
"""

import gzip

import polars as pl
import pytest

from wendbaar.monitor.constants import NATIONAL_CODE, ObservationStatus
from wendbaar.monitor.models import Observation
from wendbaar.monitor.services import import_observations

from ..helpers import cbs_dir, cbs_file, make_areas, observation, value

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (cbs_dir() / "kwb_2023_utrecht_GM0344.csv").exists(),
        reason="real CBS files not found in settings.CBS_DATA_DIR (WENDBAAR_CBS_DATA_DIR)",
    ),
]

KWB_2024 = "kwb_2024_85984NED_nl_subset.csv.gz"
KWB_2023_UTRECHT = "kwb_2023_utrecht_GM0344.csv"
KWB_2024_UTRECHT = "kwb_2024_utrecht_GM0344.csv"
KWB_2020_GM = "kwb_2020_gemeenten_wide.csv"
POLICE = "misdrijven_47022NED_buurt_2021_2025.csv.gz"
RIVM = "gezondheid_50150NED_buurt_2012_2024.csv.gz"
LBM = "leefbaarometer_2020_buurt_prov_utrecht.csv"
PROXIMITY = "nabijheid_2023_utrecht_GM0344.csv"
BUURT = "BU03440111"  # Welgelegen, Den Hommel (Utrecht)


def utrecht_codes() -> list[str]:
    frame = pl.read_csv(cbs_file(KWB_2023_UTRECHT), infer_schema=False)
    return frame["gwb_code_10"].to_list()


@pytest.fixture
def utrecht():
    make_areas(utrecht_codes(), year=2023)


def test_kwb_2024_odata_keys(utrecht):
    result = import_observations(source="kwb", path=cbs_file(KWB_2024))
    assert result.source_table == "85984NED" and result.periods == [2024]
    assert value("population", "GM0344", 2024) == 374238
    assert value("population", BUURT, 2024) == 1800
    assert value("woz_value", BUURT, 2024) == 415
    assert value("household_size", "GM0344", 2024) == pytest.approx(1.9)
    # Income per inhabitant is empty for buurten: not available, never 0.
    income = observation("income_per_inhabitant", BUURT, 2024)
    assert income.status == ObservationStatus.NOT_AVAILABLE and income.value is None
    # Only Utrecht is an Area here; the other codes are skipped and listed.
    assert "GM0014" in result.skipped_codes
    assert "MeestVoorkomendePostcode_118" not in result.ignored_columns
    assert (
        not Observation.objects.exclude(region_code__startswith="GM0344")
        .exclude(region_code__regex=r"^(WK|BU)0344")
        .exists()
    )


def test_kwb_2023_short_codes_and_calculated_share(utrecht):
    result = import_observations(source="kwb", path=cbs_file(KWB_2023_UTRECHT))
    assert result.periods == [2023] and result.source_table == "85618NED"
    assert value("population", "GM0344", 2023) == 367947
    # Share 65+ of Welgelegen, Den Hommel by hand: a_65_oo / a_inw * 100 = 360 / 1810.
    assert value("share_65_plus", BUURT, 2023) == pytest.approx(360 / 1810 * 100)
    assert value("social_assistance_per_1000", BUURT, 2023) == pytest.approx(10 / 1810 * 1000)
    assert value("share_one_person_households", "GM0344", 2023) == pytest.approx(
        95359 / 187640 * 100
    )
    assert value("share_corporation_owned", "GM0344", 2023) == 31
    # kwb-2023 is a mid-season release: energy is "." everywhere → secret, never 0.
    gas = observation("gas_use", "GM0344", 2023)
    assert gas.status == ObservationStatus.SECRET and gas.value is None
    assert not Observation.objects.filter(indicator__code="gas_use", value=0).exists()


def test_both_kwb_formats_give_the_same_indicators(utrecht):
    import_observations(source="kwb", path=cbs_file(KWB_2024))
    odata = set(
        Observation.objects.filter(region_code="GM0344", status="value").values_list(
            "indicator__code", "value"
        )
    )
    Observation.objects.all().delete()
    import_observations(source="kwb", path=cbs_file(KWB_2024_UTRECHT))
    short = dict(
        Observation.objects.filter(region_code="GM0344", status="value").values_list(
            "indicator__code", "value"
        )
    )
    common = {code for code, _ in odata} & set(short)
    assert {"population", "population_65_plus", "households", "share_65_plus"} <= common
    for code, number in odata:
        if code in short:
            assert short[code] == pytest.approx(number), code


def test_kwb_2020_shapefile_names_and_odata_keys():
    frame = pl.read_csv(cbs_file(KWB_2020_GM), infer_schema=False)
    make_areas(frame["GM_CODE"].to_list(), year=2020)
    result = import_observations(source="kwb", path=cbs_file(KWB_2020_GM))
    assert result.periods == [2020] and not result.skipped_codes
    assert value("population", "GM0344", 2020) == 357597
    assert value("income_per_inhabitant", "GM0003", 2020) == pytest.approx(23.6)  # _72 key
    assert value("social_assistance_recipients", "GM0003", 2020) == 460
    assert value("social_assistance_per_1000", "GM0003", 2020) == pytest.approx(460 / 11642 * 1000)
    assert value("education_low", "GM0003", 2020) == 2660


def test_police_one_observation_per_year_and_rate(utrecht):
    result = import_observations(source="police", path=cbs_file(POLICE))
    assert result.periods == [2021, 2022, 2023, 2024, 2025]
    assert value("crimes", BUURT, 2023) == 113
    assert value("crimes", "GM0344", 2021) == 21765
    import_observations(source="kwb", path=cbs_file(KWB_2024))
    assert value("crimes_per_1000", BUURT, 2024) == pytest.approx(168 / 1800 * 1000)
    assert value("crimes_per_1000", "GM0344", 2024) == pytest.approx(25124 / 374238 * 1000)


def test_police_period_filter(utrecht):
    result = import_observations(source="police", path=cbs_file(POLICE), period=2023)
    assert result.periods == [2023]
    assert set(Observation.objects.values_list("period", flat=True)) == {2023}


def test_rivm_health(utrecht):
    result = import_observations(source="rivm", path=cbs_file(RIVM))
    assert result.periods == [2012, 2016, 2020, 2022, 2024]
    assert value("good_perceived_health", BUURT, 2024) == pytest.approx(80.5)
    assert value("good_perceived_health", "GM0344", 2022) == pytest.approx(71.9)


def test_leefbaarometer(utrecht):
    result = import_observations(source="leefbaarometer", path=cbs_file(LBM))
    assert result.periods == [2020]
    assert value("lbm_score", BUURT, 2020) == pytest.approx(4.15)
    assert value("lbm_nuisance_insecurity", BUURT, 2020) == pytest.approx(-0.1)
    assert value("lbm_social_cohesion", BUURT, 2020) == 0.0  # a real zero stays a zero
    # Buurten of other gemeenten are not Areas here.
    assert "BU03070100" in result.skipped_codes


def test_proximity_labels_and_national_row(utrecht):
    result = import_observations(source="proximity", path=cbs_file(PROXIMITY))
    assert result.periods == [2023]
    assert value("distance_supermarket", BUURT, 2023) == pytest.approx(0.9)
    assert value("distance_library", "GM0344", 2023) == pytest.approx(1.4)
    national = observation("distance_supermarket", NATIONAL_CODE, 2023)
    assert national.area is None and national.value == pytest.approx(1.0)
    gp = observation("distance_gp", BUURT, 2023)  # "." in this export
    assert gp.status == ObservationStatus.SECRET
    assert result.ignored_columns  # many labels are not in the catalogue


def test_national_kwb_import_is_complete_and_idempotent():
    """The whole 2024 table (18k areas, ≈300k observations) imports; again changes nothing.

    Its speed is measured by `make bench`, not asserted here.
    """
    with gzip.open(cbs_file(KWB_2024), "rt") as handle:
        codes = pl.read_csv(handle.read().encode(), infer_schema=False)["WijkenEnBuurten"]
    make_areas(codes.to_list())
    result = import_observations(source="kwb", path=cbs_file(KWB_2024))
    again = import_observations(source="kwb", path=cbs_file(KWB_2024))
    assert result.observations.created > 300_000 and not result.skipped_codes
    assert again.observations.changed == 0
    # The bulk load dropped and rebuilt the area index inside the transaction.
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "monitor_observation")
    assert constraints["monitor_obs_area_ind_per"]["columns"] == [
        "area_id",
        "indicator_id",
        "period",
    ]
