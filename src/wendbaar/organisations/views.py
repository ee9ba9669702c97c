"""Pages of the register: the organisations of a gemeente, and adding one.

The URLs stay under ``/coalitie/organisaties/`` (published before the register had an
app of its own).
"""

from __future__ import annotations

from functools import partial

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from wendbaar.accounts.access import permission
from wendbaar.accounts.policies import municipalities_for
from wendbaar.ui.views import form_page

from . import services
from .forms import OrganisationForm
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
    rows = [(o.name, o.kind_label, o.municipality.name) for o in organisations]
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "caption": _("Organisations you may see"),
            "columns": [_("Name"), _("Kind"), _("Municipality")],
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
