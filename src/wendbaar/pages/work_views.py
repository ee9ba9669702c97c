"""The signed-in user's home ("Mijn werk") and the main menu's entries that need a
gemeente (Monitor, Verhalen): the user's own gemeente, or a list to choose from."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wendbaar.accounts.access import public, signed_in
from wendbaar.accounts.policies import user_municipality_codes
from wendbaar.areas.models import Area
from wendbaar.areas.selectors import current_municipalities
from wendbaar.initiatives.selectors import my_work_summary

from .mywork import my_work


@signed_in
def my_work_page(request):
    context = {
        "work": my_work(request.user),
        # Owned initiatives and hand-overs waiting: two queries, overdue first.
        "initiatives": my_work_summary(request.user),
    }
    return render(request, "pages/my_work.html", context)


def _own_municipality_codes(user) -> list[str]:
    return sorted(user_municipality_codes(user)) if user.is_authenticated else []


def _choose(request, *, target: str, title: str, intro: str):
    """Straight to the user's own gemeente when they work in exactly one; else the list."""
    own = _own_municipality_codes(request.user)
    if len(own) == 1:
        return redirect(target, code=own[0])
    return render(
        request,
        "pages/choose_municipality.html",
        {
            "title": title,
            "intro": intro,
            "target": target,
            "own": list(Area.objects.filter(code__in=own).order_by("name")),
            "municipalities": current_municipalities(),
        },
    )


@public
def monitor_start(request):
    return _choose(
        request,
        target="monitor:overview",
        title=_("Monitor"),
        intro=_("Choose a municipality to see how its districts and neighbourhoods are doing."),
    )


@public
def stories_start(request):
    return _choose(
        request,
        target="stories:list",
        title=_("Stories"),
        intro=_("Choose a municipality to read the stories of its residents and partners."),
    )
