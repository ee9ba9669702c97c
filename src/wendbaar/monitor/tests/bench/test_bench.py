"""``wendbaar bench`` runs end to end on a tiny synthetic country (no timing asserted:
timed assertions do not belong in tests; ``make bench`` reports the figures)."""

import re
from io import StringIO

import polars as pl
import pytest
from django.core.management import call_command

from wendbaar.areas.models import Area
from wendbaar.monitor.bench.baseline import interleave, load_baseline
from wendbaar.monitor.bench.benchmark import TIMES, Measurement, write_synthetic_files
from wendbaar.monitor.models import Observation

pytestmark = pytest.mark.django_db


@pytest.mark.slow  # the pandas baseline and a throw-away import, a few seconds
def test_bench_command_runs_on_a_small_synthetic_country():
    out = StringIO()
    call_command(
        "bench",
        size="small",
        data="synthetic",
        database="current",
        requests=3,
        pairs=1,
        stdout=out,
    )
    text = out.getvalue()
    for label in (
        "import KWB file",
        "compute (all page work)",
        "compute vs its floor",
        "the recompute task",
        "buurt profile page /gebied/BU",
        "monitor page /monitor/GM",
        "p95",
        "machine",
    ):
        assert label in text, label
    # the ratios come first, each on its own line, in a form scripts can read
    ratios = re.findall(rf"^ratio (.+) vs pandas baseline: (\d+\.\d){TIMES}$", text, re.MULTILINE)
    assert [what for what, _ in ratios] == ["files → results", "compute"]
    assert text.index("ratio files") < text.index("import KWB file")
    assert f"≥ 5.0{TIMES}" in text and f"≥ 10.0{TIMES}" in text and "≤ 50.0 ms" in text
    assert ("All targets met." in text) or ("Missed:" in text)
    # no separate server can see a transaction: the load run says it was skipped
    assert "load run" in text and "skipped" in text
    # no demo analysis in the test database: the validity report says so
    assert "No validity report for GM0344" in text
    # the run happened in a transaction that was rolled back
    assert not Area.objects.exists() and not Observation.objects.exists()


def test_without_the_baseline_the_bench_says_so():
    out = StringIO()
    call_command(
        "bench",
        size="small",
        data="synthetic",
        database="current",
        requests=1,
        pairs=0,
        part="pipeline",
        stdout=out,
    )
    text = out.getvalue()
    assert "pandas baseline  skipped" in text
    assert "vs pandas baseline:" not in text
    assert "buurt profile page" not in text  # the pipeline part only


def test_pairs_alternate_who_goes_first():
    calls = []
    pairs = interleave(
        lambda i: calls.append(("ours", i)) or 1.0,
        lambda i: calls.append(("baseline", i)) or 4.0,
        4,
    )
    assert calls == [
        ("ours", 0),
        ("baseline", 0),
        ("baseline", 1),
        ("ours", 1),
        ("ours", 2),
        ("baseline", 2),
        ("baseline", 3),
        ("ours", 3),
    ]
    assert pairs.ratio == 4.0


def test_a_missing_baseline_file_is_none(tmp_path):
    assert load_baseline(tmp_path / "pandas_baseline.py") is None


def test_synthetic_files_have_the_requested_size(tmp_path):
    files = write_synthetic_files(tmp_path, municipalities=2, districts=5, neighbourhoods=23)
    kwb = pl.read_csv(files.kwb)
    assert kwb["SoortRegio_2"].value_counts().sort("SoortRegio_2").rows() == [
        ("Buurt", 23),
        ("Gemeente", 2),
        ("Wijk", 5),
    ]
    assert kwb["WijkenEnBuurten"].is_unique().all()
    assert [source for source, _ in files.others] == ["police", "rivm"]


def test_measurement_status():
    assert Measurement("x", 0.5, target=1.0).status == "PASS"
    assert Measurement("x", 1.5, target=1.0).status == "MISS"
    assert Measurement("x", 1.5).status == "info"
    assert Measurement("x", 0.0123, unit="ms", target=0.1).text() == "12.3 ms"
    faster = Measurement("x", 5.3, unit=TIMES, target=5.0, at_least=True)
    assert faster.status == "PASS" and faster.text() == f"5.3{TIMES}"
    assert faster.target_text() == f"≥ 5.0{TIMES}"
    assert Measurement("x", 4.9, unit=TIMES, target=5.0, at_least=True).status == "MISS"
