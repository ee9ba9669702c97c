"""Wijk values of additive counts as the sum of their buurten, where the source has none.

The police file (CBS 47022NED) has buurten and gemeenten but no wijken: the importer
derives a wijk's ``crimes`` when every buurt of the wijk has a value, marks it as derived,
and ``crimes_per_1000`` follows. Expected values are computed here from the test files.
"""

from __future__ import annotations

import csv
import gzip
import io

import polars as pl
import pytest

from wendbaar.areas.models import Area
from wendbaar.areas.tests.factories import AreaFactory
from wendbaar.monitor.constants import Derivation, ObservationStatus
from wendbaar.monitor.demo import demo_data_dir
from wendbaar.monitor.importing import writer as observation_writer
from wendbaar.monitor.importing.derive import neighbourhood_sums, neighbourhoods_per_district
from wendbaar.monitor.models import ImportRun, Indicator, Observation
from wendbaar.monitor.pages.profile import area_profile
from wendbaar.monitor.registry import sync_indicators
from wendbaar.monitor.services import import_observations
from wendbaar.monitor.stored.recompute import compute_analysis

from ..factories import ObservationFactory
from ..helpers import observation, snapshot, value

SUM = Derivation.SUM_OF_NEIGHBOURHOODS
WIJK = "WK910101"  # three buurten
OTHER_WIJK = "WK910102"  # two buurten
BUURTEN = ["BU91010101", "BU91010102", "BU91010103"]
OTHER_BUURTEN = ["BU91010201", "BU91010202"]
CRIMES = {  # 2023, 2024 per buurt
    "BU91010101": ("10", "12"),
    "BU91010102": ("20", "0"),
    "BU91010103": ("30", "31"),
    "BU91010201": ("5", "6"),
    "BU91010202": ("7", "8"),
}
POLICE_HEADER = [
    "WijkenEnBuurten",
    "SoortRegio_2",
    "gm_code",
    "GeregistreerdeMisdrijven_2023",
    "GeregistreerdeMisdrijven_2024",
]


@pytest.fixture
def country(db):
    """Gemeente GM9101 with wijk WK910101 (3 buurten) and WK910102 (2 buurten), 2024."""
    gm = AreaFactory(code="GM9101", name="Teststad")
    wijken = {code: AreaFactory(code=code, district=True, parent=gm) for code in (WIJK, OTHER_WIJK)}
    for code in BUURTEN:
        AreaFactory(code=code, neighbourhood=True, parent=wijken[WIJK])
    for code in OTHER_BUURTEN:
        AreaFactory(code=code, neighbourhood=True, parent=wijken[OTHER_WIJK])
    return wijken


def police_file(tmp_path, rows: dict[str, tuple[str, str]], *, name="misdrijven_47022NED.csv"):
    """A file in the 47022NED format: buurten (and any other codes given) with 2023, 2024."""
    path = tmp_path / name
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(POLICE_HEADER)
        for code, (y2023, y2024) in rows.items():
            kind = {"BU": "Buurt", "WK": "Wijk", "GM": "Gemeente"}[code[:2]]
            writer.writerow([code, kind, "GM9101", y2023, y2024])
    return path


def import_police(tmp_path, rows=None, **kwargs):
    rows = CRIMES if rows is None else rows
    return import_observations(source="police", path=police_file(tmp_path, rows, **kwargs))


def import_population(tmp_path, population: dict[str, int]):
    path = tmp_path / "kwb_2024_test.csv"
    lines = ["WijkenEnBuurten,AantalInwoners_5"]
    lines += [f"{code},{n}" for code, n in population.items()]
    path.write_text("\n".join(lines) + "\n")
    return import_observations(source="kwb", path=path)


def crimes_sum(codes: list[str], year: int) -> float:
    return float(sum(int(CRIMES[code][year - 2023]) for code in codes))


class TestDerivedSums:
    def test_wijk_gets_the_sum_when_every_buurt_has_a_value(self, country, tmp_path):
        result = import_police(tmp_path)
        assert result.derived_indicators == ["crimes"]
        assert result.derived.created == 4  # 2 wijken x 2 years
        for code, buurten in ((WIJK, BUURTEN), (OTHER_WIJK, OTHER_BUURTEN)):
            for year in (2023, 2024):
                derived = observation("crimes", code, year)
                assert derived.value == crimes_sum(buurten, year)
                assert derived.derivation == SUM
                assert derived.status == ObservationStatus.VALUE
                assert derived.source_table == "47022NED"
                assert derived.area == country[code]
        # The buurten themselves are the source's figures.
        assert observation("crimes", BUURTEN[0], 2024).derivation == ""
        run = ImportRun.objects.get(pk=result.run_id)
        assert run.detail["derived"]["created"] == 4
        assert any("sum of their neighbourhoods" in line for line in result.summary())

    @pytest.mark.parametrize(
        "raw",
        [".", "", None, "suppressed"],
        ids=["secret", "not-available", "absent", "suppressed"],
    )
    def test_no_sum_when_one_buurt_has_no_value(self, country, tmp_path, raw):
        rows = dict(CRIMES)
        if raw is None:
            del rows[OTHER_BUURTEN[1]]
        elif raw == "suppressed":  # stored earlier (e.g. a municipality's own file)
            del rows[OTHER_BUURTEN[1]]
            sync_indicators()
            ObservationFactory(
                indicator=Indicator.objects.get(code="crimes"),
                area=Area.objects.get(code=OTHER_BUURTEN[1]),
                period=2024,
                suppressed=True,
            )
        else:
            rows[OTHER_BUURTEN[1]] = ("7", raw)
        import_police(tmp_path, rows)
        # 2024: one buurt without a value → no wijk value at all, not a partial sum.
        assert not Observation.objects.filter(region_code=OTHER_WIJK, period=2024).exists()
        if raw in (None, "suppressed"):
            assert not Observation.objects.filter(region_code=OTHER_WIJK).exists()
        else:
            assert value("crimes", OTHER_WIJK, 2023) == crimes_sum(OTHER_BUURTEN, 2023)
        assert value("crimes", WIJK, 2024) == crimes_sum(BUURTEN, 2024)

    def test_a_value_the_source_provides_is_kept(self, country, tmp_path):
        rows = {**CRIMES, WIJK: ("999", "."), "GM9101": ("1000", "1001")}
        result = import_police(tmp_path, rows)
        published = observation("crimes", WIJK, 2023)
        assert (published.value, published.derivation) == (999.0, "")
        # A secret wijk is the source's word too: not replaced by the sum.
        secret = observation("crimes", WIJK, 2024)
        assert (secret.status, secret.value, secret.derivation) == ("secret", None, "")
        assert value("crimes", "GM9101", 2024) == 1001  # gemeenten are not derived at all
        assert result.derived.created == 2  # only the other wijk
        assert observation("crimes", OTHER_WIJK, 2024).derivation == SUM

    def test_a_later_source_value_replaces_the_derived_one(self, country, tmp_path):
        import_police(tmp_path)
        result = import_police(tmp_path, {WIJK: ("70", "50")}, name="misdrijven_47022NED_wk.csv")
        assert result.observations.updated == 2
        published = observation("crimes", WIJK, 2024)
        assert (published.value, published.derivation) == (50.0, "")
        assert result.derived.changed == 0  # the other wijk is unchanged

    def test_reimport_is_idempotent(self, country, tmp_path):
        import_population(tmp_path, {WIJK: 2000, OTHER_WIJK: 1000})
        first = import_police(tmp_path)
        before = snapshot()
        derivations = sorted(Observation.objects.values_list("region_code", "derivation"))
        again = import_police(tmp_path)
        assert again.derived.changed == 0 and again.derived.unchanged == 4
        assert again.calculated.changed == 0 and again.observations.changed == 0
        assert again.data_version == first.data_version
        after = snapshot()
        assert after[0] == before[0]  # observations: values, statuses and runs
        assert sorted(Observation.objects.values_list("region_code", "derivation")) == (derivations)

    def test_a_failure_after_deriving_leaves_nothing_behind(self, country, tmp_path, monkeypatch):
        import_population(tmp_path, {WIJK: 2000})
        import_police(tmp_path)
        before = snapshot()

        def fail(*args, **kwargs):
            raise RuntimeError("calculation failed")

        # The sums are derived, then the calculation fails: one transaction, so nothing
        # of this run stays (neither the buurt value nor the new sum).
        monkeypatch.setattr(observation_writer, "recompute_calculations", fail)
        with pytest.raises(RuntimeError):
            import_police(tmp_path, {**CRIMES, BUURTEN[0]: ("11", "13")})
        assert snapshot() == before
        assert value("crimes", WIJK, 2024) == crimes_sum(BUURTEN, 2024)

    def test_changed_buurt_values_update_and_delete_derived_values(self, country, tmp_path):
        import_population(tmp_path, {WIJK: 2000})
        import_police(tmp_path)
        changed = {**CRIMES, BUURTEN[0]: ("10", "40")}
        result = import_police(tmp_path, changed)
        assert result.derived.updated == 1
        assert value("crimes", WIJK, 2024) == 40 + 0 + 31
        assert value("crimes_per_1000", WIJK, 2024) == pytest.approx(71 / 2000 * 1000)
        # A new buurt in the wijk (e.g. a corrected region list) without crime figures:
        # the sum no longer covers the wijk, so it goes, and so does the rate.
        AreaFactory(code="BU91010104", neighbourhood=True, parent=country[WIJK])
        result = import_police(tmp_path, changed)
        assert result.derived.deleted == 2
        assert not Observation.objects.filter(region_code=WIJK, indicator__code="crimes")
        assert not Observation.objects.filter(region_code=WIJK, indicator__code="crimes_per_1000")
        assert result.calculated.deleted == 1
        assert result.data_version > 0 and observation("crimes", OTHER_WIJK, 2024).value == 14

    @pytest.mark.parametrize("police_first", [True, False], ids=["police-first", "kwb-first"])
    def test_crimes_per_1000_for_the_wijk(self, country, tmp_path, police_first):
        population = {WIJK: 2500, OTHER_WIJK: 800, **dict.fromkeys(BUURTEN, 800)}
        if police_first:
            import_police(tmp_path)
            import_population(tmp_path, population)
        else:
            import_population(tmp_path, population)
            import_police(tmp_path)
        rate = observation("crimes_per_1000", WIJK, 2024)
        assert rate.value == pytest.approx((12 + 0 + 31) / 2500 * 1000)
        assert rate.derivation == ""  # calculated; its input says where it came from
        assert value("crimes_per_1000", OTHER_WIJK, 2024) == pytest.approx(14 / 800 * 1000)
        assert value("crimes_per_1000", BUURTEN[2], 2024) == pytest.approx(31 / 800 * 1000)
        # No population for 2023: no rate, whatever the crimes.
        assert not Observation.objects.filter(
            indicator__code="crimes_per_1000", period=2023
        ).exists()

    def test_only_buurten_of_the_wijks_division_count(self, country, tmp_path):
        # A buurt of an earlier division (last seen 2022) under the same wijk is not part
        # of the wijk in 2023/2024: the sum covers the current buurten only.
        AreaFactory(
            code="BU91010199",
            neighbourhood=True,
            parent=country[WIJK],
            first_year=2019,
            last_year=2022,
        )
        import_police(tmp_path)
        assert value("crimes", WIJK, 2024) == crimes_sum(BUURTEN, 2024)


class TestProvenance:
    def test_wijk_profile_says_the_value_is_the_sum_of_the_buurten(
        self, country, tmp_path, client, analysis_dir
    ):
        import_population(tmp_path, {WIJK: 2000, **dict.fromkeys(BUURTEN, 700)})
        import_police(tmp_path)
        stored = compute_analysis()
        rows = {
            row.info.code: row
            for section in area_profile(stored, WIJK).sections
            for row in section.rows
        }
        assert rows["crimes"].derivation == "Sum of the neighbourhoods"
        assert rows["crimes"].source_table == "47022NED"
        assert rows["crimes"].figure.value == 43
        assert rows["crimes_per_1000"].derivation == (
            "Registered crimes is the sum of the neighbourhoods"
        )
        buurt = {
            row.info.code: row
            for section in area_profile(stored, BUURTEN[0]).sections
            for row in section.rows
        }
        assert buurt["crimes"].derivation == "" and buurt["crimes_per_1000"].derivation == ""
        # The area page's provenance of the wijk's figures.
        response = client.get(f"/gebied/{WIJK}/")
        assert response.status_code == 200
        page = response.content.decode()
        crimes = page.split('data-indicator="crimes"')[1].split("</tr>")[0]
        assert "<dt>Derivation</dt><dd>Sum of the neighbourhoods</dd>" in crimes
        assert "47022NED" in crimes
        rate = page.split('data-indicator="crimes_per_1000"')[1].split("</tr>")[0]
        assert "Registered crimes is the sum of the neighbourhoods" in rate
        buurt_page = client.get(f"/gebied/{BUURTEN[0]}/").content.decode()
        assert "sum of the neighbourhoods" not in buurt_page.lower()

    def test_api_and_export_name_the_derivation(self, country, tmp_path, client, analysis_dir):
        import_police(tmp_path)
        compute_analysis()
        api = client.get(f"/api/v1/areas/{WIJK}/observations?period=2024").json()["results"]
        crimes = next(r for r in api if r["indicator"] == "crimes")
        assert crimes["value"] == 43 and crimes["source"]["table"] == "47022NED"
        assert crimes["source"]["derivation"] == "sum_of_neighbourhoods"
        buurt = client.get(f"/api/v1/areas/{BUURTEN[0]}/observations?period=2024").json()
        assert buurt["results"][0]["source"]["derivation"] is None
        export = client.get(f"/monitor/gebied/{WIJK}/export.csv")
        assert export.status_code == 200
        rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
        crimes_row = next(r for r in rows if r.get("indicator") == "crimes")
        assert crimes_row["derivation"] == "Sum of the neighbourhoods"


class TestPureFunctions:
    AREAS = pl.DataFrame(
        [
            (1, "WK000101", "district", None, 2020, 2024),
            (2, "BU00010101", "neighbourhood", 1, 2020, 2024),
            (3, "BU00010102", "neighbourhood", 1, 2020, 2021),  # merged away in 2022
            (4, "BU00010103", "neighbourhood", 1, 2022, 2024),  # its successor
            (5, "WK000102", "district", None, 2020, 2024),  # no buurten
        ],
        schema=["id", "code", "level", "parent_id", "first_year", "last_year"],
        orient="row",
    )

    def test_buurten_per_division_year(self):
        members = neighbourhoods_per_district(self.AREAS, [2019, 2021, 2023, 2026])
        by_period = {
            p: sorted(members.filter(pl.col("period") == p)["area_id"].to_list())
            for p in (2019, 2021, 2023, 2026)
        }
        # 2019 is before the wijk's first division: its earliest (2020) is used; 2026 is
        # after its last: 2024's.
        assert by_period == {2019: [2, 3], 2021: [2, 3], 2023: [2, 4], 2026: [2, 4]}
        assert set(members["district_id"].to_list()) == {1}

    def test_sums_need_every_buurt(self):
        members = neighbourhoods_per_district(self.AREAS, [2021, 2023])
        observations = pl.DataFrame(
            [
                (7, 2, 2021, 1.0, "value", "T1"),
                (7, 3, 2021, 2.0, "value", "T1"),
                (7, 2, 2023, 4.0, "value", "T1"),
                (7, 4, 2023, None, "suppressed", "T1"),
                (8, 2, 2023, 4.0, "value", "T1"),
                (8, 4, 2023, 5.0, "value", "T2"),
                (8, 3, 2023, 9.0, "value", "T1"),  # not a buurt of 2023: ignored
            ],
            schema=["indicator_id", "area_id", "period", "value", "status", "source_table"],
            orient="row",
        )
        sums = neighbourhood_sums(observations, members)
        assert sums.select(
            "indicator_id", "region_code", "period", "value", "source_table"
        ).rows() == [
            (7, "WK000101", 2021, 3.0, "T1"),
            (8, "WK000101", 2023, 9.0, "T1 + T2"),
        ]


OVERVECHT = "WK034403"
KWB = "kwb_2024_85984NED_nl_subset.csv.gz"
POLICE = "misdrijven_47022NED_buurt_2021_2025.csv.gz"
YEARS = range(2021, 2026)


class PoliceSumChecks:
    """On the demo's areas (2024 division) and monitor import. Mixed into
    ``test_real_demo.RealDemoTests``, which loads the demo once for all its checks (a
    demo load takes a minute on PostgreSQL)."""

    def test_overvecht_crimes_are_the_sum_of_its_buurten(self):
        # The buurten of Overvecht per the region list, their crimes per the police file:
        # read with the csv module, independent of the importer.
        with gzip.open(demo_data_dir() / KWB, "rt", encoding="utf-8") as handle:
            buurten = [
                row["WijkenEnBuurten"]
                for row in csv.DictReader(handle)
                if row["SoortRegio_2"] == "Buurt" and row["wk_code"] == OVERVECHT
            ]
        with gzip.open(demo_data_dir() / POLICE, "rt", encoding="utf-8") as handle:
            police = {row["WijkenEnBuurten"]: row for row in csv.DictReader(handle)}
        self.assertEqual(len(buurten), 10)
        self.assertNotIn(OVERVECHT, police)  # the file has no wijken
        for year in YEARS:
            expected = sum(
                int(police[code][f"GeregistreerdeMisdrijven_{year}"]) for code in buurten
            )
            derived = observation("crimes", OVERVECHT, year)
            self.assertEqual(derived.value, expected, year)
            self.assertEqual(derived.derivation, SUM)
            self.assertEqual(derived.source_table, "47022NED")
        # The rate for 2024, the year with KWB inhabitants (from the same region list).
        with gzip.open(demo_data_dir() / KWB, "rt", encoding="utf-8") as handle:
            inhabitants = next(
                float(row["AantalInwoners_5"])
                for row in csv.DictReader(handle)
                if row["WijkenEnBuurten"] == OVERVECHT
            )
        crimes_2024 = sum(int(police[code]["GeregistreerdeMisdrijven_2024"]) for code in buurten)
        self.assertAlmostEqual(
            value("crimes_per_1000", OVERVECHT, 2024), crimes_2024 / inhabitants * 1000
        )

    def test_a_wijk_with_a_buurt_missing_from_the_police_file_has_no_sum(self):
        with gzip.open(demo_data_dir() / POLICE, "rt", encoding="utf-8") as handle:
            in_police = {row["WijkenEnBuurten"] for row in csv.DictReader(handle)}
        buurten = Area.objects.filter(level="neighbourhood", parent__isnull=False)
        incomplete = {
            parent
            for code, parent in buurten.values_list("code", "parent__code")
            if code not in in_police
        }
        self.assertTrue(incomplete)
        derived = set(
            Observation.objects.filter(
                indicator__code="crimes", region_code__in=incomplete
            ).values_list("region_code", flat=True)
        )
        self.assertEqual(derived, set())
