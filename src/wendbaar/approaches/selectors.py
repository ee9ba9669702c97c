"""Reads of the wijkaanpak kernel: which wijkaanpakken a user sees, where they work, and
the per-gemeente settings."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from wendbaar.areas.constants import AreaLevel

from .constants import SETTINGS
from .models import Approach, MunicipalitySetting
from .permissions import ApproachPolicy


def approaches_for_user(user: Any) -> models.QuerySet[Approach]:
    """The wijkaanpakken ``user`` may see: published ones and drafts in scope."""
    return (
        ApproachPolicy()
        .instances_for(user, "view")
        .select_related("municipality")
        .prefetch_related("areas")
        .order_by("name", "id")
    )


def approaches_for_area(user: Any, area: Any) -> list[Approach]:
    """The wijkaanpakken ``user`` may see that work in ``area`` (the link from the figures
    of an area to what is being done there).

    For a gemeente: all of its approaches; for a wijk: those covering the wijk or one of
    its buurten; for a buurt: those covering the buurt or its wijk.
    """
    approaches = approaches_for_user(user)
    if area.level == AreaLevel.MUNICIPALITY:
        return list(approaches.filter(municipality=area))
    if area.level == AreaLevel.DISTRICT:
        covering = Q(areas=area) | Q(areas__parent=area)
    else:
        covering = Q(areas=area) | Q(areas=area.parent_id)
    return list(approaches.filter(covering).distinct())


def setting_for(municipality: Any | None, key: str) -> Any:
    """The value of setting ``key`` for ``municipality`` (an ``Area`` or None): the
    gemeente's own row, else the national row, else the default in ``SETTINGS``."""
    spec = SETTINGS[key]  # KeyError for an unknown key: a programming error
    rows = MunicipalitySetting.objects.filter(key=key).filter(
        Q(municipality__isnull=True) | Q(municipality=municipality)
    )
    values = {row.municipality_id: row.value for row in rows}
    own = getattr(municipality, "pk", None)
    if own is not None and own in values:
        return values[own]
    return values.get(None, spec.default)
