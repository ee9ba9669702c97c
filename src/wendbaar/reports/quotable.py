"""Which stories a report may quote: one rule for choosing voices (``services``) and for
composing them (``compose``), so a story whose consent or status changed after it was
chosen is never quoted again."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from wendbaar.stories.constants import Consent, StoryStatus
from wendbaar.stories.models import Story

from .models import Report


def eligible_stories(report: Report) -> QuerySet[Story]:
    """The stories a report may quote: published with public consent (a report can
    become public, and a story's consent does not follow the report's audience), told in
    one of the wijkaanpak's areas, the wijken they lie in or the buurten inside them."""
    approach = report.approach
    areas = list(approach.areas.all())
    ids = {a.pk for a in areas}
    around = ids | {a.parent_id for a in areas if a.parent_id}  # a story told of the wijk
    return Story.objects.filter(
        Q(areas__in=around) | Q(areas__parent__in=ids),  # ... or of one of its buurten
        status=StoryStatus.PUBLISHED,
        consent=Consent.PUBLIC,
        municipality_code=approach.municipality.code,
    ).distinct()
