import io
import shutil

import pytest

from wendbaar.monitor.demo import DEMO_FILES, load_demo_observations
from wendbaar.monitor.models import ImportRun, Observation
from wendbaar.monitor.services import import_observations
from wendbaar.monitor.tasks import recompute_analysis

from .helpers import FILES, cbs_file, make_areas

pytestmark = pytest.mark.django_db


def test_demo_files_are_the_committed_copies():
    names = {name for _, name, _ in DEMO_FILES}
    assert "kwb_2024_85984NED_nl_subset.csv.gz" in names and len(names) == 8


def test_load_demo_skips_missing_files_and_is_idempotent(tmp_path):
    source = cbs_file("leefbaarometer_2020_buurt_prov_utrecht.csv")
    if not source.exists():
        pytest.skip("real CBS files not found in settings.CBS_DATA_DIR")
    shutil.copy(source, tmp_path / source.name)
    make_areas(["BU03440111", "BU03070100"])
    out = io.StringIO()
    load_demo_observations(stdout=out, folder=tmp_path)
    text = out.getvalue()
    assert "kwb_2024_85984NED_nl_subset.csv.gz is missing" in text
    assert Observation.objects.filter(region_code="BU03440111").count() == 5
    count = Observation.objects.count()
    load_demo_observations(stdout=io.StringIO(), folder=tmp_path)
    assert Observation.objects.count() == count


def test_import_enqueues_analysis_on_commit(django_capture_on_commit_callbacks):
    make_areas(["GM9991", "BU99910101"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = import_observations(source="kwb", path=FILES / "kwb_2023_decimal_comma.csv")
    assert len(callbacks) == 1
    assert ImportRun.objects.current_data_version() == result.data_version == 1
    # Nothing changed → no new analysis.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_observations(source="kwb", path=FILES / "kwb_2023_decimal_comma.csv")
    assert callbacks == []


def test_recompute_analysis_task_skips_outdated_versions():
    make_areas(["GM9991"])
    import_observations(source="kwb", path=FILES / "kwb_2023_decimal_comma.csv")
    outdated = recompute_analysis.call(data_version=0)
    assert outdated["computed"] is False and outdated["reason"] == "outdated"
    current = recompute_analysis.call(data_version=1)
    assert current["data_version"] == 1
