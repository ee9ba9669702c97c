"""The personal-data export as one download: the data as JSON and the photos as files."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from .models import Story

DATA_NAME = "personal-data.json"


def photo_name(story: Story) -> str:
    """The photo's name inside the archive (its stored name is random and says nothing)."""
    extension = story.photo.name.rsplit(".", 1)[-1].lower()
    return f"photos/story-{story.pk}.{extension}"


def personal_data_archive(data: dict[str, Any], stories: list[Story]) -> bytes:
    """A zip with ``personal-data.json`` and each story's photo under ``photos/``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DATA_NAME, json.dumps(data, ensure_ascii=False, indent=2))
        for story in stories:
            if story.photo:
                with story.photo.open("rb") as photo:
                    archive.writestr(photo_name(story), photo.read())
    return out.getvalue()
