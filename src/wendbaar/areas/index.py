"""The in-memory search index of this process (``matching.SearchIndex``), kept current.

Built on the first search from the areas, their aliases and postcodes (~18k names, about
0.1 s) and kept until the token in :class:`~wendbaar.areas.models.SearchVersion` changes.
Anything that changes areas, aliases or postcodes calls :func:`bump_search_version`: the
importers, the alias services and, through signals, every ``save``/``delete`` of those
models (the admin, factories). A random token rather than a counter: a rolled-back
transaction can never bring back a token some process has already built an index for.
"""

from __future__ import annotations

import threading
import uuid

from django.db.models.signals import post_delete, post_save

from .constants import AreaLevel
from .matching import DISTRICT, MUNICIPALITY, NEIGHBOURHOOD, Entry, SearchIndex
from .models import Area, AreaAlias, AreaPostcode, SearchVersion

LEVEL_RANK = {
    AreaLevel.MUNICIPALITY: MUNICIPALITY,
    AreaLevel.DISTRICT: DISTRICT,
    AreaLevel.NEIGHBOURHOOD: NEIGHBOURHOOD,
}

_lock = threading.Lock()
_cached: tuple[str | None, SearchIndex] | None = None


def current_token() -> str | None:
    return SearchVersion.objects.values_list("token", flat=True).first()


def bump_search_version() -> None:
    """Make every process rebuild its index before its next search."""
    token = uuid.uuid4().hex
    if not SearchVersion.objects.update(token=token):
        SearchVersion.objects.create(token=token)


def build_index() -> SearchIndex:
    """Three queries: areas, aliases, postcodes."""
    entries: dict[int, Entry] = {}
    for pk, code, name, level in Area.objects.values_list("pk", "code", "name", "level"):
        entries[pk] = Entry(pk, code, name, LEVEL_RANK[level])
    aliases = [
        Entry(pk, area.code, area.name, area.level_rank, alias=alias)
        for pk, alias in AreaAlias.objects.values_list("area_id", "name")
        if (area := entries.get(pk)) is not None
    ]
    postcodes: dict[str, list[Entry]] = {}
    for postcode, pk in AreaPostcode.objects.values_list("postcode", "area_id"):
        if pk in entries:
            postcodes.setdefault(postcode, []).append(entries[pk])
    return SearchIndex([*entries.values(), *aliases], postcodes)


def search_index() -> SearchIndex:
    """This process's index, rebuilt when the version token has changed (one query)."""
    global _cached
    token = current_token()
    cached = _cached
    if cached is not None and cached[0] == token:
        return cached[1]
    with _lock:
        if _cached is None or _cached[0] != token:
            _cached = (token, build_index())
        return _cached[1]


def _changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    bump_search_version()


for _model in (Area, AreaAlias, AreaPostcode):
    post_save.connect(
        _changed, sender=_model, dispatch_uid=f"search-version-save-{_model.__name__}"
    )
    post_delete.connect(
        _changed, sender=_model, dispatch_uid=f"search-version-delete-{_model.__name__}"
    )
