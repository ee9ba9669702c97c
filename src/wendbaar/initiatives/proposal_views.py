"""From initiative to project proposal: the owner chooses the wijkaanpak whose programme
the idea joins; ``services.propose_project`` makes the draft, and the owner completes it
on the proposal's own pages."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from wendbaar.accounts.access import signed_in
from wendbaar.approaches.models import Approach
from wendbaar.proposals.permissions import may_submit_in
from wendbaar.ui.forms import NLDesignForm, run_service

from . import services
from .permissions import InitiativePolicy


def approaches_for(initiative, user) -> list[Approach]:
    """The wijkaanpakken whose areas hold the initiative's area, where ``user`` may submit."""
    area = initiative.area
    candidates = (
        Approach.objects.filter(municipality__code=initiative.municipality_code)
        .filter(areas__pk__in=[area.pk, area.parent_id])
        .distinct()
        .order_by("name")
    )
    return [a for a in candidates if may_submit_in(user, a)]


class ProposeForm(NLDesignForm, forms.Form):
    approach = forms.ModelChoiceField(
        label=gettext_lazy("The neighbourhood approach whose programme it joins"),
        queryset=Approach.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, approaches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approach"].queryset = Approach.objects.filter(
            pk__in=[a.pk for a in approaches]
        ).order_by("name")


@signed_in
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = InitiativePolicy().get_for_user(request.user, "change", pk=pk)
    approaches = approaches_for(initiative, request.user)
    form = ProposeForm(request.POST or None, approaches=approaches)
    if request.method == "POST" and form.is_valid():
        proposal = run_service(
            form,
            services.propose_project,
            initiative=initiative,
            approach=form.cleaned_data["approach"],
            by=request.user,
        )
        if proposal is not None:
            messages.success(
                request, _("The project proposal is a draft: complete it and submit it.")
            )
            return redirect(reverse("proposals:edit", args=[proposal.approach_id, proposal.pk]))
    return render(
        request,
        "initiatives/staff/propose.html",
        {
            "initiative": initiative,
            "form": form,
            "approaches": approaches,
            "detail_url": reverse("initiatives:detail", args=[initiative.pk]),
            "title": _("Turn into a project proposal"),
        },
    )
