"""The shared screen of a werkplaats (the projector): the join code and QR code while it
is open, a tab per exercise, and the live results of the exercise on screen, asked for
again every ``POLL_SECONDS`` by htmx (``results``; the first render is the server's, so
the page works without script).

The screen is shared: answers are anonymous there unless the group chose names
(``workshop.show_names``). The competence game is the exception the page says out loud:
it is about who does what, so its person view names people. The figures come from
``selectors`` (a fixed number of queries whatever the number of participants) and the
rules in ``analysis``; every picture has a table with the same figures.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from wendbaar.accounts.access import permission
from wendbaar.approaches.constants import BuildingBlock

from . import analysis, competences, selectors, services, slider_figures
from .constants import (
    INNOVATION_PARTS,
    POLL_SECONDS,
    PROFILE_TEXTS,
    SLIDER_BY_KEY,
    TASKS,
    Exercise,
    InnovationState,
    text_in,
)
from .forms import exercise_label
from .models import Workshop
from .permissions import FACILITATE, VIEW, get_workshop_for_user, may
from .qr import join_qr_svg
from .slider_figures import figure, signed
from .staff_views import join_url

PROFILE_LABELS = {
    analysis.PIONEER: gettext_lazy("Pioneers"),
    analysis.BETWEEN: gettext_lazy("Between pioneer and deep-thinker"),
    analysis.DEEP_THINKER: gettext_lazy("Deep-thinkers"),
}
# --- per exercise ----------------------------------------------------------------------------


def _slider_results(workshop: Workshop, language: str) -> dict[str, Any]:
    view = selectors.slider_view(workshop)
    labels = slider_figures.labels(language)
    columns, rows = slider_figures.table(view, labels)
    team = view.team_profile
    reasons = selectors.reasons(workshop)
    return {
        # dotplot escapes every text it draws
        "plot": mark_safe(slider_figures.plot(view, labels, dom_id="dotplot-sliders")),
        "columns": columns,
        "rows": rows,
        "answered": view.answered,
        "tension": [labels[key] for key in view.tension],
        "tension_range": analysis.TENSION_RANGE,
        "min_for_tension": analysis.MIN_FOR_TENSION,
        "previous": view.previous,
        "team": team,
        "team_label": PROFILE_LABELS[team.kind] if team else "",
        "team_text": text_in(PROFILE_TEXTS[team.kind], language) if team else "",
        "team_lowest": labels.get(team.lowest, "") if team else "",
        "team_largest_step": labels.get(team.largest_step, "") if team else "",
        "team_structure": figure(team.structure) if team else "",
        "team_ambition": signed(team.ambition) if team else "",
        "counts": [
            (PROFILE_LABELS[kind], view.profile_counts.get(kind, 0))
            for kind in analysis.PROFILE_KINDS
        ],
        "reasons": [(labels[key], given) for key in SLIDER_BY_KEY if (given := reasons.get(key))],
    }


def _block_results(workshop: Workshop) -> dict[str, Any]:
    view = selectors.block_view(workshop)
    names = dict(BuildingBlock.choices)
    return {
        "columns": [
            _("Building block"),
            {"label": _("Chosen to work on first"), "numeric": True},
            {"label": _("Mean strength now (1 to 5)"), "numeric": True},
            {"label": _("Answered"), "numeric": True},
        ],
        "rows": [
            [names.get(r.block, r.block), r.first_votes, figure(r.mean_strength), r.count]
            for r in view.ranking
        ],
        "answered": view.answered,
        "tensions": [
            (names.get(block, block), given)
            for block in BuildingBlock.values
            if (given := view.tensions.get(block))
        ],
    }


def _koppelkansen_results(workshop: Workshop) -> dict[str, Any]:
    view = selectors.koppelkansen_view(workshop)
    return {
        "sentences": view.sentences,
        "answered": len(view.sentences),
        "drivers": view.drivers,
    }


def _innovation_results(workshop: Workshop, language: str) -> dict[str, Any]:
    view = selectors.innovation_view(workshop)
    names = {p.key: text_in(p.name, language) for p in INNOVATION_PARTS}
    states = dict(InnovationState.choices)
    rows = []
    for part, already, attention in view.counts:
        total = already + attention
        rows.append(
            {
                "name": names.get(part, part),
                "already": already,
                "attention": attention,
                # Shares of the answers to this part, for the bar (the numbers are beside it).
                "already_width": round(100 * already / total) if total else 0,
                "attention_width": round(100 * attention / total) if total else 0,
            }
        )
    return {
        "rows": rows,
        "answered": view.answered,
        "notes": [
            (names.get(part, part), [(n, states.get(s, s), note) for n, s, note in given])
            for part, given in view.notes.items()
            if given
        ],
    }


def _competence_results(workshop: Workshop, language: str) -> dict[str, Any]:
    view = selectors.competence_view(workshop)

    def name_of(key: str) -> str:
        found = competences.BY_KEY.get(key)
        return competences.label(found, language) if found else key

    types = competences.TYPES_BY_KEY
    return {
        "named": sum(1 for p in view.people if p.competences),
        "team": [(name_of(key), n) for key, n in view.team.competences],
        "types": [
            {
                "name": competences.label(t, language),
                "count": view.team.kinds.get(t.key, 0),
                "description": competences.description(t, language),
            }
            for t in competences.BEST_PERSON_TYPES
        ],
        "missing": [competences.label(types[key], language) for key in view.team.missing],
        "people": [
            {
                "name": view.names.get(p.participant, ""),
                "type": competences.label(types[p.kind], language) if p.kind in types else "",
                "competences": [(name_of(key), n, own) for key, n, own in p.competences],
            }
            for p in view.people
        ],
    }


def results_context(workshop: Workshop, exercise: str) -> dict[str, Any]:
    """What the results partial of ``exercise`` shows (the shared screen's view)."""
    language = get_language() or "nl"
    context: dict[str, Any] = {
        "workshop": workshop,
        "exercise": exercise,
        "exercise_label": exercise_label(exercise),
        "show_names": workshop.show_names,
    }
    if exercise == Exercise.SLIDERS:
        context["sliders"] = _slider_results(workshop, language)
    elif exercise == Exercise.BLOCKS:
        context["blocks"] = _block_results(workshop)
    elif exercise == Exercise.KOPPELKANSEN:
        context["koppelkansen"] = _koppelkansen_results(workshop)
    elif exercise == Exercise.INNOVATION:
        context["innovation"] = _innovation_results(workshop, language)
    elif exercise == Exercise.COMPETENCES:
        context["competences"] = _competence_results(workshop, language)
    for key in ("sliders", "blocks", "koppelkansen", "innovation"):
        if key in context:
            context["answered_text"] = _answered_text(context[key]["answered"])
    if "competences" in context:
        named = context["competences"]["named"]
        context["answered_text"] = ngettext(
            "Competences have been named for %(n)s participant.",
            "Competences have been named for %(n)s participants.",
            named,
        ) % {"n": named}
    return context


def _answered_text(count: int) -> str:
    return ngettext("%(n)s participant answered.", "%(n)s participants answered.", count) % {
        "n": count
    }


# --- the views -----------------------------------------------------------------------------


def _shown(workshop: Workshop, asked: str | None) -> str:
    """The exercise to show: the one asked for, else the one on screen, else the first."""
    for candidate in (asked, workshop.current):
        if candidate and candidate in workshop.exercises:
            return candidate
    return workshop.exercises[0] if workshop.exercises else ""


@permission(VIEW)
@require_safe
def screen(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, pk, "view")
    shown = _shown(workshop, request.GET.get("exercise"))
    if not shown:
        raise Http404
    url = join_url(request, workshop)
    language = get_language() or "nl"
    context = {
        **results_context(workshop, shown),
        "tabs": [
            {"value": e, "label": exercise_label(e), "on_screen": e == workshop.current}
            for e in workshop.exercises
        ],
        "task": text_in(TASKS[shown], language) if shown in TASKS else "",
        "join_url": url,
        "qr": join_qr_svg(url, dom_id="screen-qr") if url else "",
        "may_facilitate": may(request.user, "facilitate", workshop),
        "poll_seconds": POLL_SECONDS,
    }
    return render(request, "workshops/screen/screen.html", context)


@permission(VIEW)
@require_safe
def results(request: HttpRequest, pk: int, exercise: str) -> HttpResponse:
    """The live results of one exercise: a fragment, swapped into the screen by htmx."""
    workshop = get_workshop_for_user(request.user, pk, "view")
    if exercise not in workshop.exercises:
        raise Http404
    return render(request, "workshops/screen/_results.html", results_context(workshop, exercise))


@permission(FACILITATE)
@require_POST
def show(request: HttpRequest, pk: int) -> HttpResponse:
    """Put an exercise on screen (field ``exercise``); the phones follow it."""
    workshop = get_workshop_for_user(request.user, pk, "facilitate")
    exercise = request.POST.get("exercise", "")
    try:
        services.show_exercise(workshop=workshop, exercise=exercise, by=request.user)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    return redirect(reverse("workshops:screen", args=[workshop.pk]))
