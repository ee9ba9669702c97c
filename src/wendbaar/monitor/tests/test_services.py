"""``replace_observations``: the one way another app writes figures into the monitor."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from wendbaar.accounts.tests.factories import UserFactory
from wendbaar.areas.tests.factories import AreaFactory
from wendbaar.core.actors import SystemActor
from wendbaar.monitor.constants import Aggregation, ImportStatus, IndicatorKind, SourceKind
from wendbaar.monitor.models import ImportRun, Indicator, Observation
from wendbaar.monitor.selectors import latest_values
from wendbaar.monitor.services import (
    DerivedIndicator,
    DerivedObservation,
    replace_observations,
)

from .factories import IndicatorFactory

pytestmark = pytest.mark.django_db

SOURCE = "test_initiatives"
JOB = SystemActor("test_job")
COUNT = DerivedIndicator(
    code="initiatives_started",
    name_nl="Gestarte initiatieven",
    name_en="Initiatives started",
    unit="count",
    source_name="Wendbaar, bewonersinitiatieven",
    themes=("cohesion",),
    aggregation=Aggregation.SUM,
    polarity=1,
    sensitive=False,  # opted out: these counts may be public
)


@pytest.fixture
def areas():
    gm1 = AreaFactory(code="GM9001", municipality=True)
    gm2 = AreaFactory(code="GM9002", municipality=True)
    return {
        "GM9001": gm1,
        "WK900101": AreaFactory(code="WK900101", district=True, parent=gm1),
        "WK900102": AreaFactory(code="WK900102", district=True, parent=gm1),
        "GM9002": gm2,
        "WK900201": AreaFactory(code="WK900201", district=True, parent=gm2),
    }


def row(region: str, value: float | None, period: int = 2024, **kw) -> DerivedObservation:
    return DerivedObservation("initiatives_started", region, period, value, **kw)


def stored() -> dict[tuple[str, int], tuple[float | None, str]]:
    return {
        (o.region_code, o.period): (o.value, o.status)
        for o in Observation.objects.filter(indicator__code="initiatives_started")
    }


def replace(rows, **kw):
    return replace_observations(source=SOURCE, indicators=[COUNT], rows=rows, by=JOB, **kw)


class ReplaceObservationsTests:
    def test_defines_writes_and_records_like_an_import(
        self, areas, django_capture_on_commit_callbacks
    ):
        before = ImportRun.objects.current_data_version()
        with django_capture_on_commit_callbacks() as enqueued:
            result = replace([row("WK900101", 3.0), row("WK900102", 4.0), row("GM9001", 7.0)])
        assert len(enqueued) == 1  # the analysis task, on commit
        indicator = Indicator.objects.get(code="initiatives_started")
        assert (indicator.kind, indicator.in_registry, indicator.source_table) == (
            IndicatorKind.SOFT,
            False,
            SOURCE,
        )
        assert indicator.themes == ["cohesion"] and indicator.aggregation == Aggregation.SUM
        assert stored() == {
            ("WK900101", 2024): (3.0, "value"),
            ("WK900102", 2024): (4.0, "value"),
            ("GM9001", 2024): (7.0, "value"),
        }
        obs = Observation.objects.get(region_code="WK900101")
        assert obs.area == areas["WK900101"] and obs.source_table == SOURCE
        run = ImportRun.objects.get(pk=result.run_id)
        assert (run.source_kind, run.status, run.file_name) == (
            SourceKind.DERIVED,
            ImportStatus.SUCCEEDED,
            SOURCE,
        )
        assert (run.created, run.periods, run.data_version) == (3, [2024], before + 1)
        assert run.detail["by"] == "test_job"
        assert obs.import_run_id == run.pk

    def test_same_rows_again_change_nothing(self, areas, django_capture_on_commit_callbacks):
        rows = [row("WK900101", 3.0), row("WK900102", 4.0)]
        first = replace(rows)
        with django_capture_on_commit_callbacks() as enqueued:
            again = replace(rows)
        assert enqueued == []
        counts = again.observations
        assert (counts.created, counts.updated, counts.deleted, counts.unchanged) == (0, 0, 0, 2)
        assert again.data_version == first.data_version

    def test_rows_no_longer_given_are_deleted_and_changes_updated(self, areas):
        replace([row("WK900101", 3.0), row("WK900102", 4.0), row("WK900102", 1.0, period=2023)])
        result = replace([row("WK900101", 5.0)])
        counts = result.observations
        assert (counts.created, counts.updated, counts.deleted) == (0, 1, 2)
        assert stored() == {("WK900101", 2024): (5.0, "value")}
        # The deleted 2023 row is among the periods the run touched.
        assert result.periods == [2023, 2024]

    def test_a_missing_value_replaces_a_stored_one(self, areas):
        replace([row("WK900101", 3.0)])
        result = replace([row("WK900101", None, status="suppressed")])
        assert result.observations.updated == 1
        assert stored() == {("WK900101", 2024): (None, "suppressed")}
        found = latest_values(
            AnonymousUser(), indicators=["initiatives_started"], areas=["WK900101"]
        )
        assert found == {"initiatives_started": None}  # never 0

    def test_one_gemeente_leaves_the_others_rows_alone(self, areas):
        replace([row("WK900101", 3.0), row("WK900201", 8.0)])
        replace([row("WK900102", 2.0)], municipality_code="GM9001")
        assert stored() == {("WK900102", 2024): (2.0, "value"), ("WK900201", 2024): (8.0, "value")}
        with pytest.raises(ValueError, match="outside GM9001"):
            replace([row("WK900201", 1.0)], municipality_code="GM9001")

    def test_codes_that_are_no_area_are_skipped(self, areas):
        result = replace([row("WK900101", 3.0), row("WK999999", 1.0)])
        assert (result.observations.created, result.skipped_codes) == (1, ["WK999999"])

    def test_the_figure_reads_through_the_public_selector(self, areas):
        replace([row("WK900101", 3.0), row("WK900102", 4.0)])
        value = latest_values(
            AnonymousUser(), indicators=["initiatives_started"], areas=["WK900101", "WK900102"]
        )["initiatives_started"]
        assert (value.value, value.method, value.source) == (7.0, "sum", COUNT.source_name)
        assert value.source_tables == (SOURCE,)

    def test_derived_figures_are_sensitive_unless_the_source_opts_out(self, areas):
        """Counts of Wendbaar's own records are not open statistics by default (issue #9):
        hidden from the public like any sensitive indicator."""
        staff_only = DerivedIndicator(**{**COUNT.__dict__, "sensitive": True})
        replace_observations(
            source=SOURCE, indicators=[staff_only], rows=[row("WK900101", 3.0)], by=JOB
        )
        assert Indicator.objects.get(code=COUNT.code).sensitive
        hidden = latest_values(AnonymousUser(), indicators=[COUNT.code], areas=["WK900101"])
        assert not hidden[COUNT.code] and hidden[COUNT.code].is_hidden
        assert DerivedIndicator(code="x", name_nl="x", name_en="x", unit="count").sensitive

    def test_definitions_follow_changed_wording(self, areas):
        replace([])
        changed = DerivedIndicator(**{**COUNT.__dict__, "name_en": "Initiatives begun"})
        replace_observations(source=SOURCE, indicators=[changed], rows=[], by=JOB)
        assert Indicator.objects.get(code=COUNT.code).name_en == "Initiatives begun"


class RefusalTests:
    @pytest.mark.parametrize("who", ["anonymous", "superuser"])
    def test_only_the_platform_writes_derived_figures(self, areas, who):
        by = AnonymousUser() if who == "anonymous" else UserFactory(superuser=True)
        with pytest.raises(PermissionDenied):
            replace_observations(
                source=SOURCE, indicators=[COUNT], rows=[row("WK900101", 3.0)], by=by
            )
        assert not Observation.objects.exists() and not Indicator.objects.exists()
        assert not ImportRun.objects.exists()

    def test_an_indicator_of_the_catalogue_is_never_overwritten(self, areas):
        IndicatorFactory(code="initiatives_started", name_en="National", in_registry=True)
        before = ImportRun.objects.count()
        with pytest.raises(ValueError, match="not a derived indicator"):
            replace([row("WK900101", 3.0)])
        assert Indicator.objects.get(code="initiatives_started").name_en == "National"
        assert not Observation.objects.exists() and ImportRun.objects.count() == before

    def test_another_source_may_not_take_over_an_indicator(self, areas):
        replace([row("WK900101", 3.0)])
        with pytest.raises(ValueError, match=f"belongs to {SOURCE}"):
            replace_observations(source="other_app", indicators=[COUNT], rows=[], by=JOB)
        assert stored() == {("WK900101", 2024): (3.0, "value")}

    @pytest.mark.parametrize(
        ("rows", "message"),
        [
            ([DerivedObservation("unknown", "WK900101", 2024, 1.0)], "not among the indicators"),
            ([row("WK900101", None)], "value and status differ"),
            ([row("WK900101", 1.0, status="secret")], "value and status differ"),
            ([row("WK900101", 1.0), row("WK900101", 2.0)], "given twice"),
        ],
    )
    def test_rows_that_contradict_the_definitions(self, areas, rows, message):
        with pytest.raises(ValueError, match=message):
            replace(rows)
        assert not Indicator.objects.filter(code="initiatives_started").exists()
