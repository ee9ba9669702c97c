"""Pages of the register: the organisations of a gemeente, adding, editing and removing
one.

The URLs stay under ``/coalitie/organisaties/`` (published before the register had an
app of its own).
"""

from __future__ import annotations

from functools import partial

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wendbaar.accounts.access import permission
from wendbaar.accounts.policies import municipalities_for
from wendbaar.ui.views import form_page

from . import services
from .forms import OrganisationEditForm, OrganisationForm, RemoveForm
from .permissions import OrganisationPolicy

ADD = "organisations.add_organisation"


@permission("organisations.view_organisation")
def organisation_list(request):
    organisations = (
        OrganisationPolicy()
        .instances_for(request.user, "view")
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )
    policy = OrganisationPolicy()
    changeable = set(policy.instances_for(request.user, "change").values_list("pk", flat=True))
    removable = set(policy.instances_for(request.user, "delete").values_list("pk", flat=True))
    columns = [_("Name"), _("Kind"), _("Municipality")]
    if changeable or removable:
        columns += [_("Edit"), _("Remove")]
    rows = []
    for o in organisations:
        row = [o.name, o.kind_label, o.municipality.name]
        if changeable or removable:
            kw = {"organisation": o.pk}
            row += [
                {"text": _("edit"), "href": reverse("organisations:edit", kwargs=kw)}
                if o.pk in changeable
                else "",
                {"text": _("remove"), "href": reverse("organisations:remove", kwargs=kw)}
                if o.pk in removable
                else "",
            ]
        rows.append(row)
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "caption": _("Organisations you may see"),
            "columns": columns,
            "rows": rows,
            "may_add": OrganisationPolicy().may_anywhere(request.user, "add"),
        },
    )


@permission(ADD)
def organisation_create(request):
    form = OrganisationForm(
        request.POST or None, municipalities=municipalities_for(request.user, ADD)
    )
    return form_page(
        request,
        form,
        service=partial(services.create_organisation, by=request.user),
        success_url=reverse("organisations:list"),
        success_message=_("The organisation has been added."),
        template="organisations/organisation_form.html",
        context={"title": _("New organisation")},
    )


@permission("organisations.change_organisation")
@require_http_methods(["GET", "POST"])
def organisation_edit(request, organisation: int):
    obj = OrganisationPolicy().get_for_user(request.user, "change", pk=organisation)
    initial = {f: getattr(obj, f) for f in services.ORGANISATION_FIELDS}
    form = OrganisationEditForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        service=partial(services.update_organisation, organisation=obj, by=request.user),
        success_url=reverse("organisations:list"),
        success_message=_("The organisation has been saved."),
        template="organisations/organisation_form.html",
        context={
            "title": _("Edit %(name)s") % {"name": obj.name},
            "remove_url": reverse("organisations:remove", kwargs={"organisation": obj.pk})
            if OrganisationPolicy().may(request.user, "delete", obj)
            else "",
        },
    )


@permission("organisations.delete_organisation")
@require_http_methods(["GET", "POST"])
def organisation_remove(request, organisation: int):
    """Confirmation page; says up front what still depends on the organisation."""
    obj = OrganisationPolicy().get_for_user(request.user, "delete", pk=organisation)
    form = RemoveForm(request.POST or None)
    return form_page(
        request,
        form,
        service=lambda *, reason, confirm: services.remove_organisation(
            organisation=obj, reason=reason, by=request.user
        ),
        success_url=reverse("organisations:list"),
        success_message=_("%(name)s has been removed.") % {"name": obj.name},
        template="organisations/organisation_remove.html",
        context={
            "title": _("Remove %(name)s") % {"name": obj.name},
            "organisation": obj,
            "dependants": services.dependants(obj),
            "contacts": obj.contacts.count(),
        },
    )
