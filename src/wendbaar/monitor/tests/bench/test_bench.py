"""``wendbaar bench`` runs end to end on a tiny synthetic country (no timing asserted:
timed assertions do not belong in tests; ``make bench`` reports the figures)."""

from io import StringIO

import polars as pl
import pytest
from django.core.management import call_command

from wendbaar.areas.models import Area
from wendbaar.monitor.bench.benchmark import Measurement, write_synthetic_files
from wendbaar.monitor.models import Observation

pytestmark = pytest.mark.django_db


def test_bench_command_runs_on_a_small_synthetic_country():
    out = StringIO()
    call_command(
        "bench",
        size="small",
        data="synthetic",
        database="current",
        requests=3,
        stdout=out,
    )
    text = out.getvalue()
    for label in (
        "import KWB file",
        "full recompute (compute_all), the imported data",
        "buurt profile page /gebied/BU",
        "p95",
        "machine",
    ):
        assert label in text, label
    assert "≤ 3.00 s" in text and "≤ 1.00 s" in text and "≤ 100.0 ms" in text
    assert ("All targets met." in text) or ("Missed:" in text)
    # no demo analysis in the test database: the validity report says so
    assert "No validity report for GM0344" in text
    # the run happened in a transaction that was rolled back
    assert not Area.objects.exists() and not Observation.objects.exists()


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
