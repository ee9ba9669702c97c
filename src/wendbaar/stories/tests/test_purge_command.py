"""The daily retention purge deletes what has expired and keeps the rest."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from wendbaar.stories.models import Story

from .factories import StoryFactory

pytestmark = pytest.mark.django_db


def test_purge_command_deletes_expired_stories_only(geo):
    StoryFactory(areas=[geo["overvecht_buurt"]], title="Verlopen", expired=True)
    StoryFactory(areas=[geo["overvecht_buurt"]], title="Nog geldig")
    out = io.StringIO()

    call_command("purge_expired_stories", stdout=out)

    assert list(Story.objects.values_list("title", flat=True)) == ["Nog geldig"]
    assert "stories: 1" in out.getvalue()
