"""Koppelkansen of an initiative: the owner links it to the policy drivers that carry
money and attention, and to goals of a wijkaanpak, and writes the combined message in
one sentence (seeds 002 §2.3).

The page suggests drivers with the reasons why (``koppelkansen.suggest``: themes and
words, no black box); the owner chooses. The write is ``services.link_koppelkansen``,
which authorises and checks again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wendbaar.accounts.access import signed_in
from wendbaar.agenda.models import Goal
from wendbaar.approaches.models import PolicyDriver
from wendbaar.approaches.selectors import approaches_for_user
from wendbaar.core.constants import Theme
from wendbaar.ui.forms import run_service

from . import koppelkansen as kk
from . import services
from .koppelkansen_forms import KoppelkansenForm
from .models import Initiative
from .permissions import InitiativePolicy


def _drivers(initiative: Initiative) -> QuerySet[PolicyDriver]:
    """The national drivers first, then the gemeente's own, each by name."""
    return PolicyDriver.objects.filter(
        Q(municipality__isnull=True) | Q(municipality__code=initiative.municipality_code)
    ).order_by(F("municipality_id").asc(nulls_first=True), "name", "pk")


def _goals(user: Any, initiative: Initiative) -> QuerySet[Goal]:
    """Goals of the wijkaanpakken of the gemeente that ``user`` may see, and those
    already linked (so saving again never drops one silently)."""
    approaches = approaches_for_user(user).filter(municipality__code=initiative.municipality_code)
    return (
        Goal.objects.filter(
            Q(approach__in=approaches.order_by().values("pk"))
            | Q(pk__in=initiative.goals.order_by().values("pk"))
        )
        .select_related("approach")
        .order_by("approach__name", "approach_id", "order", "pk")
    )


def _theme_label(value: str) -> str:
    return str(Theme(value).label) if value in Theme.values else value


def suggestions_for(initiative: Initiative, drivers: Iterable[PolicyDriver]) -> list[dict]:
    """The suggested drivers with their reasons, ready for the page."""
    by_pk = {d.pk: d for d in drivers}
    text = kk.InitiativeText(
        themes=tuple(initiative.themes or ()),
        title=initiative.title,
        what=initiative.what,
        why=initiative.why,
    )
    candidates = [kk.Driver(key=d.key, name=d.name, ref=d.pk) for d in by_pk.values()]
    return [
        {
            "driver": by_pk[s.driver.ref],
            "score": s.score,
            "themes": [_theme_label(t) for t in s.themes],
            "keywords": [r for r in s.reasons if not r.is_theme],
        }
        for s in kk.suggest(text, candidates)
    ]


def _how(drivers: Iterable[PolicyDriver]) -> list[dict]:
    """What each driver listens to: the page shows it, so nobody has to guess."""
    rows = []
    for d in drivers:
        candidate = kk.Driver(key=d.key, name=d.name, ref=d.pk)
        rows.append(
            {
                "driver": d,
                "themes": [_theme_label(t) for t in kk.themes_for(candidate)],
                "keywords": kk.keywords_for(candidate),
            }
        )
    return rows


def _render(
    request: HttpRequest,
    initiative: Initiative,
    form: KoppelkansenForm,
    drivers: QuerySet[PolicyDriver],
    status: int = 200,
) -> HttpResponse:
    drivers = list(drivers)
    context = {
        "initiative": initiative,
        "form": form,
        "suggestions": suggestions_for(initiative, drivers),
        "how": _how(drivers),
        "detail_url": reverse("initiatives:detail", args=[initiative.pk]),
        "title": _("Koppelkansen"),
    }
    return render(request, "initiatives/koppelkansen.html", context, status=status)


@signed_in
@require_http_methods(["GET", "POST"])
def koppelkansen(request: HttpRequest, pk: int) -> HttpResponse:
    # 404 for what the user may not see, 403 for what they may see but not change.
    initiative = InitiativePolicy().get_for_user(request.user, "change", pk=pk)
    drivers = _drivers(initiative)
    choices = {"drivers": drivers, "goals": _goals(request.user, initiative)}
    if request.method != "POST":
        initial = {
            "drivers": list(initiative.policy_drivers.all()),
            "goals": list(initiative.goals.all()),
            "combined_message": initiative.combined_message,
        }
        return _render(request, initiative, KoppelkansenForm(initial=initial, **choices), drivers)
    form = KoppelkansenForm(request.POST, **choices)
    if form.is_valid():
        linked = run_service(
            form,
            services.link_koppelkansen,
            initiative=initiative,
            by=request.user,
            drivers=form.cleaned_data["drivers"],
            goals=form.cleaned_data["goals"],
            combined_message=form.cleaned_data["combined_message"],
        )
        if linked is not None:
            messages.success(request, _("The koppelkansen have been saved."))
            return redirect("initiatives:detail", pk=initiative.pk)
    initiative.refresh_from_db()
    return _render(request, initiative, form, drivers, status=400)
