"""The point picker's map of one area, fetched by the entry forms' area select (htmx).

Public, as the intake is: the outlines are open data, the same for everyone. Only the
gemeente's own wijken and buurten (or the gemeente itself, for no choice); anything else
is a 404. The answer depends on the address and the language only, so browsers may keep
it a while.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from wendbaar.accounts.access import public
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area

from .point_map import picker

#: Seconds a browser may keep a picker map: outlines change once a year at most.
MAX_AGE = 3600


def _area(municipality: Area, raw: str) -> Area:
    """The area the select sent: its id (what the select's options hold) or its CBS code."""
    raw = raw.strip()
    if not raw:
        return municipality
    areas = Area.objects.filter(
        municipality_code=municipality.code,
        level__in=[AreaLevel.DISTRICT, AreaLevel.NEIGHBOURHOOD],
    )
    found = (
        areas.filter(pk=int(raw)) if raw.isdigit() else areas.filter(code=raw.upper()[:20])
    ).first()
    if found is None:
        raise Http404
    return found


@public
@require_GET
def point_picker(request: HttpRequest, code: str) -> HttpResponse:
    municipality = get_object_or_404(Area, code=code.strip().upper(), level=AreaLevel.MUNICIPALITY)
    area = _area(municipality, request.GET.get("area", ""))
    response = render(request, "initiatives/_point_picker.html", {"picker": picker(area)})
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    # The texts follow the visitor's language (cookie or browser).
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response
