"""Pure functions over coalition data, no Django."""

from __future__ import annotations

from collections.abc import Iterable

from wendbaar.organisations.constants import PARTY_GROUP_BY_KIND

from .constants import REQUIRED_PARTY_GROUPS


def missing_party_groups(kinds: Iterable[str]) -> list[str]:
    """Which of the three kinds of party (gemeente, maatschappelijke organisaties,
    bewoners) is not among the organisation ``kinds`` of a coalition."""
    present = {PARTY_GROUP_BY_KIND[k] for k in kinds if k in PARTY_GROUP_BY_KIND}
    return [g for g in REQUIRED_PARTY_GROUPS if g not in present]
