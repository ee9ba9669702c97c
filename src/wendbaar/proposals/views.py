"""Pages of project proposals. This slice: the assessment framework of a gemeente (the
one in force, every version, a copy of the shipped one, an edit saved as a new version).

Thin views: ``selectors`` read, ``services`` write and authorise. A gemeente the user has
no role in is a 404; seen but not theirs to change is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wendbaar.accounts.access import permission
from wendbaar.accounts.policies import municipality_codes_in, scope_for
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.ui.forms import run_service

from . import selectors, services
from .forms import FrameworkForm

VIEW_FRAMEWORK = "proposals.view_framework"


def _municipality(request: HttpRequest, code: str) -> Area:
    municipality = get_object_or_404(Area, code=code.upper(), level=AreaLevel.MUNICIPALITY)
    scope = scope_for(request.user, VIEW_FRAMEWORK)
    if not (scope.everywhere or municipality.code in municipality_codes_in(scope)):
        raise Http404
    return municipality


@permission(VIEW_FRAMEWORK)
@require_safe
def framework(request: HttpRequest, code: str) -> HttpResponse:
    """The framework in force for the gemeente, with every version (``?versie=N``)."""
    municipality = _municipality(request, code)
    own = list(selectors.own_versions(municipality))
    versions = own or list(selectors.default_versions())
    shown = versions[0] if versions else None
    raw = request.GET.get("versie", "")
    if raw.isdigit():
        shown = next((f for f in versions if f.version == int(raw)), None)
        if shown is None:
            raise Http404
    context = {
        "municipality": municipality,
        "framework": shown,
        "in_force": versions[0] if versions else None,
        "versions": versions,
        "is_own": bool(own),
        "may_edit": services.may_edit_framework(request.user, municipality),
    }
    return render(request, "proposals/framework.html", context)


@permission(VIEW_FRAMEWORK)
@require_POST
def framework_copy(request: HttpRequest, code: str) -> HttpResponse:
    """The gemeente's own framework, starting as a copy of the one in force."""
    municipality = _municipality(request, code)
    if not services.may_edit_framework(request.user, municipality):
        raise PermissionDenied
    if selectors.own_versions(municipality).exists():
        messages.info(request, _("This municipality has its own framework already."))
        return redirect("proposals:framework_edit", code=municipality.code)
    services.copy_framework(municipality=municipality, by=request.user)
    messages.success(request, _("The framework is now this municipality's own. Edit it below."))
    return redirect("proposals:framework_edit", code=municipality.code)


@permission(VIEW_FRAMEWORK)
@require_http_methods(["GET", "POST"])
def framework_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Edit the gemeente's own framework: saved as its next version; proposals assessed
    under an earlier version keep it."""
    municipality = _municipality(request, code)
    if not services.may_edit_framework(request.user, municipality):
        raise PermissionDenied
    current = selectors.own_versions(municipality).first()
    if current is None:
        return redirect("proposals:framework", code=municipality.code)
    form = FrameworkForm(request.POST or None, framework=current)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            services.save_framework_version,
            municipality=municipality,
            by=request.user,
            spec=form.spec(),
            explanations=form.explanations(),
            note=form.cleaned_data["note"],
            based_on=current,
        )
        if saved is not None:
            messages.success(
                request,
                _("Saved as version %(version)s. Earlier assessments keep their version.")
                % {"version": saved.version},
            )
            return redirect("proposals:framework", code=municipality.code)
    context = {
        "municipality": municipality,
        "framework": current,
        "form": form,
        "title": _("Edit the assessment framework of %(name)s") % {"name": municipality.name},
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "proposals/framework_edit.html", context, status=status)
