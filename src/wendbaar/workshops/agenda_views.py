"""The lokale werkagenda of a werkplaats: its texts in the workbook's template beside the
exercises' results, its SMART actions (added, changed, removed, pushed into the
wijkaanpak as projects), and the exports: a printable page, the same as a PDF, and the
raw answers as CSV.

Thin views: ``selectors`` read, ``services`` write and authorise. Every page needs
``workshops.view_workshop`` somewhere (``@permission``) and then looks the werkplaats up
through its policy: one the user may not see is a 404; seen but not theirs to facilitate,
a 403 before anything is written. A refused form is shown again with what was typed and
the reasons (status 400).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wendbaar.accounts.access import permission
from wendbaar.agenda.permissions import may_add_project
from wendbaar.approaches.constants import BuildingBlock
from wendbaar.ui.forms import run_service
from wendbaar.ui.views import form_page

from . import analysis, competences, export, pdf, selectors, services, slider_figures
from .agenda_forms import WHO_SUGGESTIONS_ID, ActionForm, AgendaForm, ConfirmForm
from .constants import SLIDERS
from .models import AgendaAction, WorkAgenda, Workshop
from .permissions import VIEW, get_workshop_for_user, may
from .slider_figures import figure

# --- helpers -------------------------------------------------------------------------------


def agenda_url(workshop: Workshop) -> str:
    return reverse("workshops:agenda", kwargs={"pk": workshop.pk})


def _status(request: HttpRequest) -> int:
    """A page shown again after a POST was refused."""
    return 400 if request.method == "POST" else 200


def _agenda_of(workshop: Workshop) -> WorkAgenda:
    """The werkplaats's werkagenda, or an empty one (reading writes nothing)."""
    return WorkAgenda.objects.filter(workshop=workshop).first() or WorkAgenda(workshop=workshop)


def _action_of(workshop: Workshop, pk: int) -> AgendaAction:
    return get_object_or_404(
        AgendaAction.objects.select_related("project", "agenda"), pk=pk, agenda__workshop=workshop
    )


def slider_summary(result: analysis.SliderResult) -> str:
    """One slider's results in a sentence: beside its reflection on the werkagenda."""
    count = result.now.count
    if not count:
        return _("Nobody placed this slider.")
    text = ngettext(
        "Median now %(now)s → aimed for %(target)s (%(count)d answer).",
        "Median now %(now)s → aimed for %(target)s (%(count)d answers).",
        count,
    ) % {"now": figure(result.now.median), "target": figure(result.target.median), "count": count}
    if result.tension:
        text += " " + _("Here is tension: colleagues differ by %(points)d points or more.") % {
            "points": analysis.TENSION_RANGE
        }
    return text


def _project_url(action: AgendaAction) -> str:
    project = action.project
    return reverse("agenda:project", kwargs={"pk": project.approach_id, "project": project.pk})


def _actions(agenda: WorkAgenda) -> list[dict[str, Any]]:
    if agenda.pk is None:
        return []
    return [
        {
            "action": a,
            "when": date_format(a.when),
            "project_url": _project_url(a) if a.project_id else "",
        }
        for a in agenda.actions.select_related("project").order_by("when", "id")
    ]


def _results(workshop: Workshop) -> dict[str, Any]:
    """The exercises' results as the werkagenda shows them: the sliders (a sentence per
    slider, a table and the dot plot), the building blocks ranked, the koppelkansen."""
    labels = slider_figures.labels(get_language())
    view = selectors.slider_view(workshop)
    reasons = selectors.reasons(workshop)
    slider_columns, slider_rows = slider_figures.table(view, labels)
    sliders = [
        {
            "key": r.slider,
            "label": labels[r.slider],
            "summary": slider_summary(r),
            "tension": r.tension,
            "reasons": reasons.get(r.slider, []),
        }
        for r in view.results
    ]
    plot = slider_figures.plot(view, labels, dom_id="agenda-dotplot") if view.answered else ""
    blocks = selectors.block_view(workshop)
    block_rows = [
        [
            n,
            BuildingBlock(b.block).label,
            b.first_votes,
            figure(b.mean_strength),
            b.count,
        ]
        for n, b in enumerate(blocks.ranking, start=1)
    ]
    koppelkansen = selectors.koppelkansen_view(workshop)
    return {
        "sliders": sliders,
        "slider_columns": slider_columns,
        "slider_rows": slider_rows,
        "answered": view.answered,
        "tension_range": analysis.TENSION_RANGE,
        "plot": mark_safe(plot),  # dotplot escapes every text it draws
        "block_columns": [
            {"label": "#", "numeric": True},
            _("Building block"),
            {"label": _("Chosen to work on first"), "numeric": True},
            {"label": _("Mean strength now (1 to 5)"), "numeric": True},
            {"label": _("Answers"), "numeric": True},
        ],
        "block_rows": block_rows,
        "blocks_answered": blocks.answered,
        "sentences": koppelkansen.sentences,
        "drivers": koppelkansen.drivers,
    }


def _template_items(workshop: Workshop, agenda: WorkAgenda) -> dict[str, Any]:
    """The werkagenda's texts in the workbook's template, for reading and printing."""
    labels = slider_figures.labels(get_language())
    reflections = agenda.reflections or {}
    return {
        "case_title": agenda.case_title or workshop.case_title,
        "description": agenda.description,
        "reflections": [(labels[s.key], reflections.get(s.key, "")) for s in SLIDERS],
        "direction": agenda.direction,
        "koppelkansen": agenda.koppelkansen,
        "now": agenda.now,
    }


def _page_context(workshop: Workshop, agenda: WorkAgenda) -> dict[str, Any]:
    return {
        "workshop": workshop,
        "agenda": agenda,
        "template": _template_items(workshop, agenda),
        "actions": _actions(agenda),
        "results": _results(workshop),
        "title": _("Lokale werkagenda: %(title)s") % {"title": workshop.title},
    }


# --- the werkagenda ---------------------------------------------------------------------------


@permission(VIEW)
@require_http_methods(["GET", "HEAD", "POST"])
def agenda_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = "facilitate" if request.method == "POST" else "view"
    workshop = get_workshop_for_user(request.user, pk, action)
    may_facilitate = may(request.user, "facilitate", workshop)
    agenda = _agenda_of(workshop)
    context = _page_context(workshop, agenda)
    form = None
    if may_facilitate:
        form = AgendaForm(
            request.POST if request.method == "POST" else None,
            initial=AgendaForm.initial_from(agenda, workshop.case_title),
            slider_help={s["key"]: s["summary"] for s in context["results"]["sliders"]},
        )
        if request.method == "POST" and form.is_valid():
            saved = run_service(
                form,
                partial(services.save_agenda, workshop=workshop, by=request.user),
                **form.agenda_fields(),
            )
            if saved is not None:
                messages.success(request, _("The werkagenda has been saved."))
                return redirect(agenda_url(workshop))
        context["reflection_fields"] = list(
            zip(form.reflection_fields(), context["results"]["sliders"], strict=True)
        )
    approach = workshop.approach
    context |= {
        "form": form,
        "may_facilitate": may_facilitate,
        "may_push": bool(approach and may_facilitate and may_add_project(request.user, approach)),
    }
    return render(request, "workshops/agenda/agenda.html", context, status=_status(request))


def _action_context(workshop: Workshop) -> dict[str, Any]:
    """The "who" field's suggestions: every participant's first name, and per person the
    competence game's best-person type and most named competences."""
    view = selectors.competence_view(workshop)
    language = get_language()
    people = []
    for person in view.people:
        if not person.competences:
            continue
        kind = competences.TYPES_BY_KEY.get(person.kind) if person.kind else None
        people.append(
            {
                "name": view.names[person.participant],
                "kind": competences.label(kind, language) if kind else "",
                "competences": [
                    competences.label(competences.BY_KEY[key], language)
                    for key, _n, _own in person.competences[:3]
                    if key in competences.BY_KEY
                ],
            }
        )
    return {
        "names": list(dict.fromkeys(view.names.values())),
        "people": people,
        "suggestions_id": WHO_SUGGESTIONS_ID,
        "workshop": workshop,
        "cancel_url": agenda_url(workshop),
    }


@permission(VIEW)
@require_http_methods(["GET", "HEAD", "POST"])
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, pk, "facilitate")
    context = _action_context(workshop)
    form = ActionForm(request.POST if request.method == "POST" else None, names=context["names"])
    response = form_page(
        request,
        form,
        service=partial(services.add_action, workshop=workshop, by=request.user),
        success_url=agenda_url(workshop) + "#actions",
        success_message=_("The action has been added to the werkagenda."),
        template="workshops/agenda/action_form.html",
        context=context | {"title": _("New action")},
    )
    return _with_status(request, response)


@permission(VIEW)
@require_http_methods(["GET", "HEAD", "POST"])
def action_edit(request: HttpRequest, pk: int, action: int) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, pk, "facilitate")
    found = _action_of(workshop, action)
    context = _action_context(workshop)
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        initial=ActionForm.initial_from(found),
        names=context["names"],
    )
    response = form_page(
        request,
        form,
        service=partial(services.update_action, action=found, by=request.user),
        success_url=agenda_url(workshop) + "#actions",
        success_message=_("The action has been changed."),
        template="workshops/agenda/action_form.html",
        context=context | {"title": _("Change action"), "action": found},
    )
    return _with_status(request, response)


def _with_status(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if request.method == "POST" and response.status_code == 200:
        response.status_code = 400  # the form again, with its reasons
    return response


@permission(VIEW)
@require_http_methods(["GET", "HEAD", "POST"])
def action_remove(request: HttpRequest, pk: int, action: int) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, pk, "facilitate")
    found = _action_of(workshop, action)

    def remove() -> bool:
        services.remove_action(action=found, by=request.user)
        return True

    response = form_page(
        request,
        ConfirmForm(request.POST if request.method == "POST" else None),
        service=remove,
        success_url=agenda_url(workshop) + "#actions",
        success_message=_("The action has been removed from the werkagenda."),
        template="workshops/agenda/confirm.html",
        context={
            "workshop": workshop,
            "title": _("Remove action"),
            "question": _("Remove this action from the werkagenda?"),
            "details": [
                found.what,
                _("Who: %(who)s") % {"who": found.who},
                _("When: %(when)s") % {"when": date_format(found.when)},
            ],
            "note": _(
                "The project it became in the wijkaanpak stays there; remove it there if "
                "it is no longer planned."
            )
            if found.project_id
            else "",
            "submit_label": _("Remove"),
            "cancel_url": agenda_url(workshop),
        },
    )
    return _with_status(request, response)


@permission(VIEW)
@require_POST
def action_push(request: HttpRequest, pk: int, action: int) -> HttpResponse:
    """The action becomes a planned project of the werkplaats's wijkaanpak. Whether the
    user may add projects there is the wijkaanpak's own rule: without it, a page that
    says so (403), and nothing is written."""
    workshop = get_workshop_for_user(request.user, pk, "facilitate")
    found = _action_of(workshop, action)
    try:
        with transaction.atomic():
            pushed = services.push_action(action=found, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(agenda_url(workshop) + "#actions")
    except PermissionDenied:
        return render(
            request,
            "workshops/agenda/push_refused.html",
            {"workshop": workshop, "action": found, "approach": workshop.approach},
            status=403,
        )
    messages.success(
        request,
        _("The action is now a planned project of the wijkaanpak “%(approach)s”.")
        % {"approach": workshop.approach},
    )
    return redirect(_project_url(pushed))


# --- exports ----------------------------------------------------------------------------------


def _print_context(workshop: Workshop) -> dict[str, Any]:
    context = _page_context(workshop, _agenda_of(workshop))
    facts = [
        (_("Municipality"), workshop.municipality.name),
        (_("Wijkaanpak"), str(workshop.approach) if workshop.approach else ""),
        (_("Team"), workshop.team),
        (_("Date"), date_format(workshop.held_on)),
    ]
    # A printed werkagenda travels: first names only when the group chose to show them.
    return context | {"facts": [f for f in facts if f[1]], "show_names": workshop.show_names}


def file_slug(workshop: Workshop) -> str:
    return slugify(workshop.title) or f"werkplaats-{workshop.pk}"


@permission(VIEW)
@require_safe
def agenda_print(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, pk)
    return render(request, "workshops/agenda/print.html", _print_context(workshop))


@permission(VIEW)
@require_safe
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, pk)
    data = pdf.render_pdf(_print_context(workshop), language=get_language())
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="werkagenda-{file_slug(workshop)}.pdf"'
    return response


@permission(VIEW)
@require_safe
def answers_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every answer of the werkplaats, one row each, with first names: for the gemeente's
    staff (who see the results) only."""
    workshop = get_workshop_for_user(request.user, pk)
    text = export.to_csv(export.answer_rows(workshop, get_language()))
    response = HttpResponse(text.encode("utf-8"), content_type=export.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="antwoorden-{file_slug(workshop)}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
