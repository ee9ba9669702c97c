import pytest
from django.utils import translation

from .factories import build_utrecht


@pytest.fixture(autouse=True)
def english(settings):
    """Assertions use the English msgids, whatever the compiled Dutch catalogue says."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def utrecht(db):
    return build_utrecht()
