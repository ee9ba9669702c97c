"""Public geography pages: home (search + gemeenten) and the area page."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from wendbaar.accounts.access import public
from wendbaar.accounts.policies import municipalities_for
from wendbaar.approaches.selectors import approaches_for_area
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.areas.selectors import (
    area_with_lineage,
    children_of,
    current_municipalities,
    map_features_for,
    search_areas,
)
from wendbaar.core.maps import LegendItem, render_map
from wendbaar.monitor.selectors import area_profile_for
from wendbaar.stories.selectors import SOFT_DATA_WINDOW, soft_data_by_theme, stories_for_area

from .aliases import KEEP_ALIASES
from .key_figures import key_figures


@public
def home(request):
    term = request.GET.get("q", "").strip()[:100]
    results = search_areas(term) if term else None
    context = {"term": term, "results": results}
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        response = render(request, "pages/home.html#results", context)
    else:
        context["municipalities"] = current_municipalities()
        # Who keeps a gemeente's other names for its areas gets a way to that page.
        if request.user.is_authenticated:
            context["alias_municipalities"] = list(
                municipalities_for(request.user, KEEP_ALIASES).only("code", "name")
            )
        response = render(request, "pages/home.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _map_texts(area: Area, features) -> tuple[str, str]:
    names = {"name": area.name, "level": area.level_label}
    shows_districts = any(f.code.startswith("WK") for f in features if not f.context)
    if area.level == AreaLevel.MUNICIPALITY and shows_districts:
        title = _("Map of %(name)s with its districts") % names
        description = _(
            "Each district on the map links to its page. The districts are also listed "
            "below the map."
        )
    elif area.level == AreaLevel.MUNICIPALITY:
        title = _("Map of %(name)s with its neighbourhoods") % names
        description = _(
            "Each neighbourhood on the map links to its page. "
            "The districts and neighbourhoods are also listed below the map."
        )
    elif area.level == AreaLevel.DISTRICT:
        title = _("Map of district %(name)s with its neighbourhoods") % names
        description = (
            _(
                "Each neighbourhood of %(name)s links to its page; the other districts of the "
                "municipality are shown in grey. The neighbourhoods are also listed below the map."
            )
            % names
        )
    else:
        title = _("Map of neighbourhood %(name)s and its surroundings") % names
        description = (
            _(
                "%(name)s is hatched; the other neighbourhoods of the district link to their "
                "pages. They are also listed below the map."
            )
            % names
        )
    return title, description


@public
def area_detail(request, code: str):
    lineage = area_with_lineage(code)
    area = lineage.area
    children = children_of(area)
    map_data = map_features_for(area)
    title, description = _map_texts(area, map_data.features)
    legend = None
    if area.level == AreaLevel.NEIGHBOURHOOD:
        legend = [
            LegendItem(label=area.name, css_class="map-legend__swatch--current"),
            LegendItem(label=_("Other neighbourhoods in the district")),
        ]
    elif area.level == AreaLevel.DISTRICT:
        legend = [
            LegendItem(label=_("Neighbourhoods of %(name)s") % {"name": area.name}),
            LegendItem(label=_("Other districts"), css_class="map-legend__swatch--context"),
        ]
    area_map = render_map(
        map_data.features,
        title=title,
        description=description,
        legend=legend,
        legend_title=_("Legend"),
        schematic_viewbox=map_data.schematic_viewbox,
    )
    # Linked areas on the map that the children table does not list (the map's text
    # alternative): the buurten on a gemeente page, the sibling buurten on a buurt page.
    child_codes = {child.code for child in children}
    map_links = [
        feature
        for feature in map_data.features
        if feature.href and not feature.context and not feature.current
        if feature.code not in child_codes
    ]
    stories = list(stories_for_area(request.user, area)[:SOFT_DATA_WINDOW])
    # The monitor profile (figures) from the stored analysis: one query.
    monitor = area_profile_for(request.user, area)
    key = key_figures(monitor.profile)
    return render(
        request,
        "pages/area_detail.html",
        {
            "area": area,
            "ancestors": lineage.ancestors,
            "parent": lineage.ancestors[-1] if lineage.ancestors else None,
            "municipality": lineage.municipality,
            "children": children,
            "area_map": area_map,
            "map_links": map_links,
            "geometry_sources": map_data.geometry_sources,
            "levels": AreaLevel,
            "area_stories": stories[:3],
            # Stories and signals per theme, shown beside that theme's figures.
            "soft_by_theme": soft_data_by_theme(request.user, area, stories=stories),
            "monitor": monitor,
            # What a wijkmanager needs first: five outcomes against the reference group.
            "key_figures": key,
            # The sparklines' legend, when a key figure draws one.
            "key_legend": next((k.row.trend_line for k in key if k.row.trend_line), None),
            # The wijkaanpakken working here: from the figures to what is done about them.
            "area_approaches": approaches_for_area(request.user, area),
        },
    )
