"""The wijkaanpak's own pages: the list, creating and editing one, its living checklist
and its shared vision. The wijkaanpak's page itself (``/wijkaanpak/<id>/``) shows its
coalition, agenda and money, and so lives in ``agenda``, the app above.

Thin views: the policy (``permissions.py``) and the services (which check it again)
decide; the web kernel (``ui``) renders.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wendbaar.accounts.access import permission, public
from wendbaar.accounts.policies import areas_for, municipalities_for
from wendbaar.areas.models import Area
from wendbaar.organisations.models import Organisation
from wendbaar.ui.forms import run_service
from wendbaar.ui.views import form_page

from . import services
from .forms import ApproachForm, ChecklistItemForm, VisionForm
from .permissions import get_approach_for_user
from .selectors import approaches_for_user


def _edit_choices(user, perm: str):
    municipalities = municipalities_for(user, perm)
    organisations = Organisation.objects.filter(municipality__in=municipalities)
    return municipalities, areas_for(user, perm), organisations


# --- list, create, edit ---------------------------------------------------------------


@public
def approach_list(request):
    approaches = approaches_for_user(request.user)
    return render(
        request,
        "approaches/approach_list.html",
        {
            "approaches": approaches,
            "may_add": request.user.is_authenticated
            and bool(areas_for(request.user, "approaches.add_approach").exists()),
        },
    )


@permission("approaches.add_approach")
def approach_create(request):
    municipalities, areas, organisations = _edit_choices(request.user, "approaches.add_approach")
    form = ApproachForm(
        request.POST or None,
        municipalities=municipalities,
        areas=areas,
        organisations=organisations,
    )
    return form_page(
        request,
        form,
        service=partial(services.create_approach, by=request.user),
        success_url=lambda approach: approach,
        success_message=_("The approach has been created."),
        template="approaches/approach_form.html",
        context={"approach": None, "title": _("New neighbourhood approach")},
    )


@permission("approaches.change_approach")
def approach_edit(request, pk: int):
    approach = get_approach_for_user(request.user, pk, "change")
    _municipalities, areas, _organisations = _edit_choices(
        request.user, "approaches.change_approach"
    )
    organisations = Organisation.objects.filter(municipality_id=approach.municipality_id)
    areas = areas.filter(municipality_code=approach.municipality.code) | approach.areas.all()
    form = ApproachForm(
        request.POST or None,
        initial=ApproachForm.initial_for(approach),
        municipalities=Area.objects.filter(pk=approach.municipality_id),
        areas=areas.distinct(),
        organisations=organisations,
        fixed_municipality=approach.municipality,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = run_service(
            form,
            services.update_approach,
            approach=approach,
            areas=d["areas"],
            name=d["name"],
            summary=d["summary"],
            start_year=d["start_year"],
            end_year=d["end_year"],
            budget_holder=d["budget_holder"],
            is_published=d["is_published"],
            by=request.user,
        )
        if done is not None:
            messages.success(request, _("The approach has been saved."))
            return redirect(approach)
    return render(
        request,
        "approaches/approach_form.html",
        {"form": form, "approach": approach, "title": _("Edit neighbourhood approach")},
    )


# --- checklist (htmx) --------------------------------------------------------------------


@permission("approaches.change_approach")
@require_POST
def checklist_item_update(request, pk: int, item: int):
    approach = get_approach_for_user(request.user, pk, "change")
    obj = get_object_or_404(approach.checklist, pk=item)
    form = ChecklistItemForm(request.POST)
    if form.is_valid():
        # Only what was sent: a post without the note must not wipe it.
        services.update_checklist_item(item=obj, **form.sent(), by=request.user)
    if request.htmx:
        return render(
            request,
            "approaches/_checklist_item.html",
            {"item": obj, "approach": approach, "may_edit": True, "saved": form.is_valid()},
        )
    return redirect(f"{approach.get_absolute_url()}#step-{obj.step}")


@permission("approaches.change_approach")
def vision_edit(request, pk: int):
    approach = get_approach_for_user(request.user, pk, "change")
    current = approach.visions.first()
    form = VisionForm(request.POST or None, initial={"text": current.text if current else ""})
    return form_page(
        request,
        form,
        service=partial(services.revise_vision, approach=approach, by=request.user),
        # Back to the vision in the agenda step (browsers open the step around it).
        success_url=f"{approach.get_absolute_url()}#vision",
        success_message=_("A new version of the vision has been saved."),
        template="approaches/vision_form.html",
        context={"approach": approach, "versions": approach.visions.select_related("created_by")},
    )
