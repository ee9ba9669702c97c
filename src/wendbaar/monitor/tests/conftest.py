import pytest
from django.test import SimpleTestCase
from django.utils import translation

from wendbaar.monitor.stored.store import clear_cache


@pytest.fixture(autouse=True)
def english(settings):
    """Assertions use the English msgids, whatever the compiled Dutch catalogue says."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def analysis_dir(request, settings, tmp_path):
    """A fresh folder for the stored analysis (never the checkout's var/), nothing cached.

    Django TestCase classes that compute once in ``setUpTestData`` manage their own folder.
    """
    if isinstance(getattr(request, "instance", None), SimpleTestCase):
        yield settings.MONITOR_ANALYSIS_DIR
        return
    settings.MONITOR_ANALYSIS_DIR = tmp_path / "analysis"
    clear_cache()
    yield settings.MONITOR_ANALYSIS_DIR
    clear_cache()


@pytest.fixture
def world(db, analysis_dir):
    """The small synthetic country with its analysis computed and stored."""
    from wendbaar.monitor.stored.recompute import compute_analysis

    from .factories import build_world

    built = build_world()
    built.stored = compute_analysis()
    return built


@pytest.fixture
def world_with_inhabitants(db, analysis_dir):
    """The synthetic country with inhabitants: BU90010103 has too few to judge."""
    from wendbaar.monitor.stored.recompute import compute_analysis

    from .factories import add_inhabitants, build_world

    built = build_world()
    add_inhabitants(built)
    built.stored = compute_analysis()
    return built
