"""Pages of the monitor: gemeente overview, reference group, compare, indicator, exports.

All public: they show published open statistics (sensitive indicators only to staff with
restricted access, see ``selectors.may_see_sensitive``). Every view reads the stored
analysis (``selectors.current_analysis``); nothing is recomputed on request.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from wendbaar.accounts.access import public
from wendbaar.areas.codes import CODE_PATTERN, normalise_code
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.areas.selectors import area_with_lineage, search_areas

from .forms import CompareForm
from .models import Indicator
from .pages import exports
from .pages.choropleth import choropleth, parse_choice
from .pages.indicator import area_trends, indicator_facts, parse_areas
from .pages.maps import MAPS_KEPT, map_geometries, map_shapes, render_choropleth
from .pages.overview import urgency_for, warnings_for
from .pages.peers import MAX_COMPARED, MIN_COMPARED, compare_areas, reference_group
from .pages.present import catalogue
from .pages.profile import area_profile, area_ref
from .selectors import current_analysis, may_see_sensitive, sensitive_scope


def _municipality_page(request, code: str):
    lineage = area_with_lineage(code)
    area = lineage.area
    if area.level != AreaLevel.MUNICIPALITY:
        return lineage, redirect("monitor:overview", code=area.municipality_code)
    return lineage, None


def _overview_context(request, municipality: Area, current) -> dict:
    """What the monitor page shows. Everything derived from the stored analysis is built
    once per analysis and kept with it (``StoredAnalysis.memo``), keyed by what it depends
    on: the gemeente, the map's parameters, the sensitivity rule's answer for this reader
    (never the reader) and the language. The shapes are read every time (one query), and
    the map is drawn again only when they changed."""
    analysis = current.analysis
    sensitive = may_see_sensitive(request.user, municipality)
    language = get_language()
    code = municipality.code
    infos = analysis.memo(
        "catalogue",
        (sensitive, language),
        lambda: catalogue(analysis.indicators, show_sensitive=sensitive),
    )
    ref = area_ref(analysis, code)
    if ref is None:
        raise Http404(code)
    params = {name: request.GET.get(name, "")[:100] for name in ("show", "level", "period")}
    choice = analysis.memo(
        "map_choice",
        (code, tuple(params.values()), sensitive),
        lambda: parse_choice(params, analysis, infos, code),
    )
    shown = analysis.memo(
        "choropleth",
        (code, choice, sensitive, language),
        lambda: choropleth(analysis, ref, choice, infos),
    )
    shapes = map_shapes(municipality, choice.level)
    viewbox = municipality.schematic_viewbox
    map_key = (code, choice, sensitive, language, shapes.digest, viewbox)
    return {
        "analysis": analysis,
        "stored": current,
        "infos": infos,
        "choice": choice,
        "choropleth": shown,
        "map": analysis.memo(
            "choropleth_map",
            map_key,
            lambda: render_choropleth(shown, shapes.load(), schematic_viewbox=viewbox),
            size=MAPS_KEPT,
        ),
        # The rendered map and table ({% memo %} in the template, kept with the analysis).
        "map_key": map_key,
        "sensitive": sensitive,
        "levels": [
            (AreaLevel.NEIGHBOURHOOD.value, AreaLevel.NEIGHBOURHOOD.label),
            (AreaLevel.DISTRICT.value, AreaLevel.DISTRICT.label),
        ],
    }


@public
def overview(request, code: str):
    lineage, redirected = _municipality_page(request, code)
    if redirected:
        return redirected
    municipality = lineage.area
    current = current_analysis()
    context = {"area": municipality, "municipality": municipality, "stored": current}
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and not htmx.history_restore_request
    if current.analysis is not None:
        context.update(_overview_context(request, municipality, current))
        if not partial:
            analysis, infos = current.analysis, context["infos"]
            key = (municipality.code, context["sensitive"], get_language())
            context["urgency"] = analysis.memo(
                "urgency",
                key,
                lambda: [
                    urgency_for(analysis, municipality.code, AreaLevel.DISTRICT, infos, limit=None),
                    urgency_for(analysis, municipality.code, AreaLevel.NEIGHBOURHOOD, infos),
                ],
            )
            context["warning_groups"] = analysis.memo(
                "warnings", key, lambda: warnings_for(analysis, municipality.code, infos)
            )
            # The rendered rankings and warnings ({% memo %}, kept with the analysis).
            context["sections_key"] = key
    template = "monitor/overview.html#map-panel" if partial else "monitor/overview.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _download(export: exports.Export, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404(fmt)
    response = HttpResponse(exports.render(export, fmt), content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{export.filename}.{fmt}"'
    return response


@public
def overview_export(request, code: str, fmt: str):
    if fmt not in exports.FORMATS:
        raise Http404(fmt)
    lineage, redirected = _municipality_page(request, code)
    current = current_analysis()
    if redirected or current.analysis is None:
        raise Http404(code)
    context = _overview_context(request, lineage.area, current)
    shown = context["choropleth"]
    geometries = None
    if fmt == "geojson":
        shapes = map_geometries(lineage.area, shown.choice.level)
        geometries = {code: shape.geometry for code, shape in shapes.items()}
    export = exports.choropleth_export(
        shown,
        data_version=current.data_version,
        computed_at=current.analysis.computed_at,
        geometries=geometries,
    )
    return _download(export, fmt)


@public
def profile_export(request, code: str, fmt: str):
    if fmt not in exports.FORMATS:
        raise Http404(fmt)
    area = area_with_lineage(code).area
    current = current_analysis()
    if current.analysis is None:
        raise Http404(code)
    profile = area_profile(
        current.analysis,
        area.code,
        show_sensitive=may_see_sensitive(request.user, area),
        data_version=current.data_version,
        stale=current.is_stale,
    )
    if profile is None:
        raise Http404(code)
    geometry = None
    if fmt == "geojson":
        geometry = Area.objects.filter(pk=area.pk).values_list("geometry", flat=True).first()
    return _download(exports.profile_export(profile, geometry=geometry), fmt)


@public
def reference(request, code: str):
    lineage = area_with_lineage(code)
    area = lineage.area
    current = current_analysis()
    group = None
    if current.analysis is not None:
        infos = catalogue(
            current.analysis.indicators, show_sensitive=may_see_sensitive(request.user, area)
        )
        group = reference_group(current.analysis, area.code, infos)
    if request.GET.get("format") in exports.FORMATS and group is not None:
        export = exports.reference_export(
            group, data_version=current.data_version, computed_at=current.analysis.computed_at
        )
        return _download(export, request.GET["format"])
    return render(
        request,
        "monitor/reference_group.html",
        {
            "area": area,
            "ancestors": lineage.ancestors,
            "stored": current,
            "group": group,
            "levels": AreaLevel,
        },
    )


@public
def compare(request):
    """Two to four areas side by side, chosen by CBS code (``?area1=…&area2=…``) or found
    with the area search: ``?q=`` lists matches as "Add" buttons (htmx swaps in only that
    list), ``add=CODE`` / ``remove=CODE`` change the choice and redirect to the codes."""
    params = request.GET
    chosen = [
        c for i in range(1, MAX_COMPARED + 1) if (c := normalise_code(params.get(f"area{i}")))
    ]
    if "add" in params or "remove" in params:
        add, remove = normalise_code(params.get("add")), normalise_code(params.get("remove"))
        if CODE_PATTERN.match(add) and add not in chosen and len(chosen) < MAX_COMPARED:
            chosen.append(add)
        chosen = [code for code in chosen if code != remove]
        query = urlencode({f"area{i}": code for i, code in enumerate(chosen, start=1)})
        return redirect(f"{reverse('monitor:compare')}?{query}" if query else "monitor:compare")
    term = params.get("q", "").strip()[:100]
    found = None
    if term and len(chosen) < MAX_COMPARED:
        found = search_areas(term, limit=10)
        found.areas[:] = [area for area in found.areas if area.code not in chosen]
    picker = {"term": term, "found": found, "full": len(chosen) >= MAX_COMPARED}
    htmx = getattr(request, "htmx", None)
    if htmx and "q" in params and not htmx.history_restore_request:
        response = render(request, "monitor/_compare_search.html", picker)
        patch_vary_headers(response, ("HX-Request",))
        return response
    # While areas are being found (not the "Compare" button), fewer than two is not yet
    # a mistake.
    picking = "q" in params and "compare" not in params and len(chosen) < MIN_COMPARED
    if picking:
        form = CompareForm(initial={f"area{i}": c for i, c in enumerate(chosen, 1)})
    else:
        form = CompareForm(params or None)
    current = current_analysis()
    comparison = None
    if form.is_bound and form.is_valid() and current.analysis is not None:
        infos = catalogue(current.analysis.indicators, show_sensitive=False)
        comparison = compare_areas(current.analysis, form.cleaned_data["codes"], infos)
        fmt = params.get("format")
        if fmt in ("csv", "xlsx"):
            export = exports.compare_export(
                comparison,
                data_version=current.data_version,
                computed_at=current.analysis.computed_at,
            )
            return _download(export, fmt)
    known = {
        a.code: a
        for a in Area.objects.filter(code__in=chosen)
        .select_related("parent")
        .only("code", "name", "level", "parent__name")
    }
    response = render(
        request,
        "monitor/compare.html",
        {
            "form": form,
            "stored": current,
            "comparison": comparison,
            "chosen": [known[code] for code in chosen if code in known],
            **picker,
        },
    )
    patch_vary_headers(response, ("HX-Request",))
    return response


@public
def indicator_detail(request, code: str):
    try:
        indicator = Indicator.objects.select_related("base_indicator", "aggregation_weight").get(
            code=code
        )
    except Indicator.DoesNotExist:
        raise Http404(code) from None
    # A sensitive indicator (origin; counts of staff-only signals) is not there for
    # readers who may see it nowhere; others get no national figure unless their scope
    # is the whole country (it sums or averages over other gemeenten).
    show_national = True
    if indicator.sensitive:
        scope = sensitive_scope(request.user)
        if scope.is_empty:
            raise Http404(code)
        show_national = scope.everywhere
    current = current_analysis()
    facts = (
        indicator_facts(current.analysis, indicator, show_national=show_national)
        if current.analysis
        else None
    )
    # ?area=CODE (up to four): the indicator over the years in each area, beside its
    # reference group, its gemeente and the Netherlands (a chart with its table).
    chosen = None
    codes = parse_areas(request.GET.getlist("area"))
    if codes and current.analysis is not None:
        denied: set[str] = set()
        if indicator.sensitive:
            areas = {a.code: a for a in Area.objects.filter(code__in=codes)}
            denied = {c for c in codes if not may_see_sensitive(request.user, areas.get(c))}
        chosen = area_trends(current.analysis, facts.info, codes, denied=denied)
    return render(
        request,
        "monitor/indicator_detail.html",
        {"indicator": indicator, "stored": current, "facts": facts, "chosen": chosen},
    )
