from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

FILES = Path(__file__).parent / "files"


@pytest.fixture(autouse=True)
def english(settings):
    """Importer messages are asserted on their English msgids; the Dutch catalogue is
    checked once in ``test_regions.py::test_errors_are_dutch_by_default``."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def cbs_dir() -> Path:
    """The national CBS open data folder; tests needing it skip when it is absent."""
    path = Path(settings.CBS_DATA_DIR)
    if not (path / "kwb_2024_85984NED_nl_subset.csv.gz").exists():
        pytest.skip(f"CBS data folder not available (settings.CBS_DATA_DIR = {path})")
    return path


@pytest.fixture
def files() -> Path:
    return FILES


def snapshot() -> list[dict]:
    from wendbaar.areas.models import Area

    return list(Area.objects.order_by("code").values())
