"""The aliases page of a gemeente: its areas' other names, listed, added and removed."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wendbaar.accounts.access import permission
from wendbaar.accounts.policies import may, municipalities_for
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import AreaAlias
from wendbaar.areas.selectors import area_with_lineage
from wendbaar.ui.forms import run_service

from .aliases import KEEP_ALIASES, AliasForm, add_alias, areas_to_name, remove_alias


def _municipality_for(request, code: str):
    area = area_with_lineage(code).area
    if area.level != AreaLevel.MUNICIPALITY:
        raise Http404(code)
    if not municipalities_for(request.user, KEEP_ALIASES).filter(pk=area.pk).exists():
        raise PermissionDenied
    return area


@permission(KEEP_ALIASES)
def aliases(request, code: str):
    municipality = _municipality_for(request, code)
    areas = areas_to_name(request.user, municipality)
    form = AliasForm(request.POST or None, areas=areas)
    url = reverse("pages:aliases", kwargs={"code": municipality.code})
    if request.method == "POST" and form.is_valid():
        alias = run_service(form, partial(add_alias, by=request.user), **form.cleaned_data)
        if alias is not None:
            messages.success(
                request,
                _("“%(name)s” now also finds %(area)s.")
                % {"name": alias.name, "area": alias.area.name},
            )
            return redirect(url)
    rows = list(
        AreaAlias.objects.filter(area__municipality_code=municipality.code)
        .select_related("area", "added_by")
        .order_by("area__level", "area__name", "name")
    )
    editable = set(areas.values_list("pk", flat=True))
    return render(
        request,
        "pages/aliases.html",
        {
            "municipality": municipality,
            "form": form,
            "rows": [(row, row.area_id in editable) for row in rows],
        },
    )


@permission(KEEP_ALIASES)
@require_POST
def alias_remove(request, code: str, pk: int):
    municipality = _municipality_for(request, code)
    alias = get_object_or_404(
        AreaAlias.objects.select_related("area"), pk=pk, area__municipality_code=municipality.code
    )
    if not may(request.user, KEEP_ALIASES, alias.area):
        raise PermissionDenied
    name = alias.name
    remove_alias(alias=alias, by=request.user)
    messages.success(request, _("The name “%(name)s” has been removed.") % {"name": name})
    return redirect("pages:aliases", code=municipality.code)
