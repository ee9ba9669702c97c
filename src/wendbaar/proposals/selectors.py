"""Reads of project proposals and their frameworks."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from wendbaar.areas.models import Area

from . import rules
from .models import Criterion, Framework


def _with_criteria(frameworks: QuerySet[Framework]) -> QuerySet[Framework]:
    return frameworks.prefetch_related(
        Prefetch("criteria", Criterion.objects.prefetch_related("effects"))
    ).select_related("municipality", "created_by", "based_on")


def own_versions(municipality: Area) -> QuerySet[Framework]:
    """The gemeente's own versions, newest first."""
    return _with_criteria(Framework.objects.filter(municipality=municipality)).order_by("-version")


def default_versions() -> QuerySet[Framework]:
    return _with_criteria(Framework.objects.filter(municipality=None)).order_by("-version")


def current_for(municipality: Area | None) -> Framework | None:
    """The framework in force for a gemeente: its own newest version, or else the newest
    of the one shipped with Wendbaar. A proposal stores the version it was submitted
    under, so a later version never changes its assessment."""
    if municipality is not None:
        own = own_versions(municipality).first()
        if own is not None:
            return own
    return default_versions().first()


def spec_of(framework: Framework) -> rules.FrameworkSpec:
    """The framework as the pure rules read it."""
    return rules.FrameworkSpec(
        name=framework.name,
        version=framework.version,
        criteria=tuple(
            rules.CriterionSpec(
                key=c.key,
                label=c.label,
                kind=c.kind,
                effects=tuple(rules.EffectSpec(key=e.key, label=e.label) for e in c.effects.all()),
                min_substantial=c.min_substantial or 0,
                metric=c.metric,
                minimum=c.minimum,
                scale_min=c.scale_min,
                scale_max=c.scale_max,
            )
            for c in framework.criteria.all()
        ),
    )
