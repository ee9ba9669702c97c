import builtins
import io
from pathlib import Path

import pytest
from django.conf import settings

from wendbaar.areas.demo import DEMO_DATA_DIR, DEMO_MUNICIPALITIES, load_demo_areas
from wendbaar.areas.models import Area

pytestmark = pytest.mark.django_db


def test_load_demo_areas_uses_committed_data_only(monkeypatch, tmp_path):
    shared = str(Path(settings.CBS_DATA_DIR).resolve())
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        if isinstance(file, str | Path) and str(Path(file).resolve()).startswith(shared):
            raise AssertionError(f"demo read the shared CBS folder: {file}")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(settings, "CBS_DATA_DIR", tmp_path / "absent")
    assert not str(DEMO_DATA_DIR.resolve()).startswith(shared)

    out = io.StringIO()
    load_demo_areas(stdout=out)
    assert Area.objects.neighbourhoods().count() == 14_372
    for code in DEMO_MUNICIPALITIES:  # Utrecht, Den Haag, Rotterdam
        buurten = Area.objects.neighbourhoods().in_municipality(code)
        assert buurten.count() > 90
        assert not buurten.filter(geometry__isnull=True).exists(), code
        assert not Area.objects.districts().in_municipality(code).filter(geometry=None).exists()
    assert Area.objects.municipalities().filter(geometry__isnull=False).count() == 339
    assert Area.objects.neighbourhoods().exclude(schematic_path="").count() > 14_000

    load_demo_areas(stdout=out)  # idempotent
    second_run = out.getvalue().splitlines()[-5:]
    assert all(" 0 created, 0 updated" in line for line in second_run), second_run
