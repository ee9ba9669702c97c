"""The proposals tests read the English source texts (the Dutch ones are checked by
scripts/check_messages.py)."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
