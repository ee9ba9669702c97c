"""The glue: database → analysis frames → stored results keyed on the data version."""

from __future__ import annotations

import polars as pl
import pytest

from wendbaar.monitor.constants import ObservationStatus
from wendbaar.monitor.models import ImportRun
from wendbaar.monitor.selectors import analysis_keys, current_analysis
from wendbaar.monitor.stored import store
from wendbaar.monitor.stored.inputs import analysis_inputs
from wendbaar.monitor.stored.recompute import class_breaks, comparable_warnings, compute_analysis
from wendbaar.monitor.tasks import recompute_analysis

from ..factories import ImportRunFactory, IndicatorFactory, build_world

pytestmark = pytest.mark.django_db


class AnalysisInputsTests:
    def test_frames_follow_the_contract(self, analysis_dir):
        build_world()
        inputs = analysis_inputs(data_version=1)
        areas, obs = inputs["areas"], inputs["observations"]
        assert areas.columns == ["code", "level", "parent_code", "municipality_code"]
        # 3 gemeenten, 6 wijken, 30 buurten; a buurt's parent is its wijk.
        assert areas.group_by("level").len().sort("level").rows() == [
            ("district", 6),
            ("municipality", 3),
            ("neighbourhood", 30),
        ]
        row = areas.filter(pl.col("code") == "BU90010203").row(0, named=True)
        assert row["parent_code"] == "WK900102" and row["municipality_code"] == "GM9001"
        assert obs.columns == ["indicator", "area", "period", "value"]
        # The Netherlands (NL01, no Area) is included for the national comparison.
        assert obs.filter(pl.col("area") == "NL01").height == 4
        # A secret observation is a null value, not 0.
        secret = obs.filter(
            (pl.col("area") == "BU90010101")
            & (pl.col("indicator") == "good_health")
            & (pl.col("period") == 2024)
        )
        assert secret["value"].to_list() == [None]
        assert inputs["profile"] == ["urbanity", "share_65_plus"]

    def test_counts_are_neutral_and_only_catalogue_indicators_weigh(self, analysis_dir):
        world = build_world()
        world.indicators["good_health"].in_registry = False
        world.indicators["good_health"].save()
        indicators = analysis_inputs()["indicators"]
        by_code = {row["code"]: row for row in indicators.iter_rows(named=True)}
        # crimes is a count (aggregation "sum"): it grows with the size of the area.
        assert by_code["crimes"]["polarity"] == 0 and by_code["crimes"]["weight"] == 0.0
        assert by_code["crimes_per_1000"]["polarity"] == -1
        assert by_code["crimes_per_1000"]["weight"] == 1.0
        assert by_code["good_health"]["weight"] == 0.0  # not in the catalogue
        assert by_code["urbanity"]["themes"] == []

    def test_context_indicators_do_not_judge(self, analysis_dir):
        """A distance to a school is context: never better or worse, never in a theme."""
        build_world()
        IndicatorFactory(code="distance_school", worse=True, context=True, unit="km")
        indicators = analysis_inputs()["indicators"]
        row = indicators.filter(pl.col("code") == "distance_school").row(0, named=True)
        assert row["polarity"] == 0 and row["weight"] == 0.0


class StoreTests:
    def test_keys_are_per_version_and_first_run(self, analysis_dir):
        build_world(data_version=1)
        ImportRunFactory(data_version=1)  # an unchanged import keeps the version
        ImportRunFactory(data_version=2)
        keys = analysis_keys()
        assert [k.data_version for k in keys] == [2, 1]
        first_run = int(keys[1].token.split("-")[0])
        assert first_run == min(
            ImportRun.objects.filter(data_version=1).values_list("pk", flat=True)
        )

    def test_save_load_and_slice(self, world):
        stored = world.stored
        assert stored.key.data_version == 1
        folder = store.store_dir() / stored.key.name
        assert (folder / "figures.parquet").exists() and (folder / "meta.json").exists()
        store.clear_cache()
        loaded = store.load_analysis(stored.key)
        assert loaded is not None and loaded is not stored
        assert loaded.frame("figures").equals(stored.frame("figures"))
        one = loaded.rows("figures", "BU90010101")
        assert set(one["area"].to_list()) == {"BU90010101"}
        assert one.height == 13  # 5 indicators x 2 years + 3 indicators x 1 year
        gemeente = loaded.rows("areas", "BU9001", prefix=True)
        assert gemeente.height == 10 and gemeente["code"].str.starts_with("BU9001").all()
        assert loaded.rows("figures", "BU99999999").height == 0

    def test_each_database_has_its_own_folder(self, world, settings):
        assert store.store_dir().parent == settings.MONITOR_ANALYSIS_DIR
        assert store.store_dir().name.startswith("db-")

    def test_old_versions_are_pruned(self, world):
        for version in range(2, 8):
            ImportRunFactory(data_version=version)
            compute_analysis()
        folders = [p for p in store.store_dir().iterdir() if p.is_dir()]
        assert len(folders) == store.KEEP_ON_DISK
        assert store.load_analysis(analysis_keys()[0]) is not None


class CurrentAnalysisTests:
    def test_nothing_imported(self, db, analysis_dir):
        current = current_analysis()
        assert current.analysis is None and current.data_version == 0

    def test_newer_data_waiting_falls_back_to_the_stored_version(self, world):
        ImportRunFactory(data_version=2)
        current = current_analysis()
        assert current.analysis is not None
        assert current.data_version == 1 and current.pending_version == 2 and current.is_stale
        compute_analysis(data_version=2)
        current = current_analysis()
        assert current.data_version == 2 and not current.is_stale

    def test_import_run_without_analysis(self, db, analysis_dir):
        build_world()
        current = current_analysis()
        assert current.analysis is None and current.pending_version == 1


class RecomputeTests:
    def test_figures_keep_statuses_and_join_the_analysis(self, world):
        figures = world.stored.rows("figures", "BU90010101")
        secret = figures.filter(
            (pl.col("indicator") == "good_health") & (pl.col("period") == 2024)
        ).row(0, named=True)
        assert secret["status"] == ObservationStatus.SECRET and secret["value"] is None
        crimes = figures.filter(
            (pl.col("indicator") == "crimes_per_1000") & (pl.col("period") == 2024)
        ).row(0, named=True)
        # Hand-computed: 20 + 3 + 2 = 25 in 2023, +30 in 2024; wijk 28, gemeente 30, NL 45.
        assert crimes["value"] == 55.0 and crimes["previous_value"] == 25.0
        assert crimes["district_value"] == 28.0 and crimes["municipality_value"] == 30.0
        assert crimes["national_value"] == 45.0
        # The highest rate of the 30 buurten: percentile 100, position 0 (worst).
        assert crimes["n"] == 30 and crimes["percentile"] == 100.0 and crimes["position"] == 0.0
        assert world.stored.main_period == 2024

    def test_class_breaks_are_national_fifths(self, world):
        import statistics

        figures = world.stored.frame("figures")
        values = figures.filter(
            (pl.col("indicator") == "crimes_per_1000")
            & (pl.col("period") == 2024)
            & (pl.col("level") == "neighbourhood")
        )["value"].to_list()
        hand = statistics.quantiles(values, n=5, method="inclusive")
        row = (
            class_breaks(figures)
            .filter(
                (pl.col("indicator") == "crimes_per_1000")
                & (pl.col("period") == 2024)
                & (pl.col("level") == "neighbourhood")
            )
            .row(0, named=True)
        )
        assert [row[f"q{i}"] for i in range(1, 5)] == pytest.approx(hand)

    def test_weakest_fifth_needs_comparable_coverage(self):
        warnings = pl.DataFrame(
            {
                "rule": ["entered_weakest_fifth", "entered_weakest_fifth", "worse_than_peers"],
                "indicator": ["a", "b", "b"],
                "area": ["BU1", "BU1", "BU1"],
                "level": ["neighbourhood"] * 3,
                "period": [2024, 2024, 2024],
                "previous_period": [2023, 2023, 2023],
            }
        )
        ranks = pl.DataFrame(
            {
                "indicator": ["a", "a", "b", "b"],
                "period": [2023, 2024, 2023, 2024],
                "level": ["neighbourhood"] * 4,
                "n": [900, 1000, 100, 1000],  # b: one gemeente in 2023, the country in 2024
            }
        )
        kept = comparable_warnings(warnings, ranks)
        assert kept.select("rule", "indicator").rows() == [
            ("entered_weakest_fifth", "a"),
            ("worse_than_peers", "b"),
        ]

    def test_task_computes_the_current_version_and_skips_older_ones(self, db, analysis_dir):
        build_world(data_version=1)
        ImportRunFactory(data_version=2)
        assert recompute_analysis.call(data_version=1)["reason"] == "outdated"
        result = recompute_analysis.call(data_version=2)
        assert result["computed"] is True
        assert current_analysis().data_version == 2

    def test_no_observations_nothing_to_compute(self, db, analysis_dir):
        ImportRunFactory(data_version=1)
        assert compute_analysis() is None
