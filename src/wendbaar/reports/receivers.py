"""The report listens to the stories app: an erased or withdrawn story leaves every
adopted report too (the erasure wins over the freeze)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from wendbaar.core.actors import SystemActor
from wendbaar.stories.signals import story_removed

from .services import remove_story_from_reports


@receiver(story_removed, dispatch_uid="wendbaar.reports.story_removed")
def _story_removed(sender: Any, story_id: int, **kwargs: Any) -> None:
    remove_story_from_reports(story_id=story_id, by=SystemActor("story_removed"))
