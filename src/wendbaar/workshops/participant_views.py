"""The participants' pages: join with a code and a first name, the werkplaats's exercises,
and one page per exercise to answer on a phone. No account: the session that joined is
the participant (``participation.py``).

A participant reaches only their own answers: who they are comes from the session,
never from the posted data; the competence game's ``subject`` is one of the werkplaats's
participants, chosen by id and checked. Only an open werkplaats is reached by its code:
when it closes, its code ends and the answers stay as they are. Pages are never cached
(a shared phone, a kiosk) and never indexed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from wendbaar.accounts.access import public
from wendbaar.approaches.constants import BuildingBlock
from wendbaar.ui.forms import run_service

from . import analysis, participation, selectors, services
from .constants import (
    INNOVATION_KEYS,
    MAX_PICKS_PER_SUBJECT,
    PROFILE_TEXTS,
    SLIDER_BY_KEY,
    SLIDER_KEYS,
    TASKS,
    Exercise,
    Status,
    text_in,
)
from .models import Participant, Workshop
from .participant_forms import (
    BlockForm,
    CompetenceForm,
    InnovationForm,
    JoinForm,
    KoppelkansForm,
    SliderForm,
    block_initial,
    display_names,
    innovation_initial,
    koppelkans_initial,
    picks_of,
    slider_initial,
)

TEMPLATES = "workshops/participant/"


def _language() -> str:
    return get_language() or "nl"


def _join_url(code: str = "") -> str:
    url = reverse("workshops:join")
    return f"{url}?{urlencode({'code': code})}" if code else url


# --- joining --------------------------------------------------------------------------


@public
@never_cache
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """A code and a first name; nothing else is asked."""
    if request.method == "POST":
        # Counted before anything is looked up: wrong codes count too.
        if not participation.allow_join(request):
            context = {
                "limit": participation.JOIN_LIMIT,
                "minutes": participation.JOIN_WINDOW_SECONDS // 60,
            }
            return render(request, TEMPLATES + "rate_limited.html", context, status=429)
        form = JoinForm(request.POST)
        if form.is_valid():
            workshop = services.find_open(form.cleaned_data["code"])
            if workshop is None:
                form.add_error(
                    "code",
                    _(
                        "No open werkplaats has this code. Check the code on the shared "
                        "screen: a code stops working when the werkplaats closes."
                    ),
                )
            else:
                participant = participation.current(request, workshop) or run_service(
                    form, services.join, workshop=workshop, name=form.cleaned_data["name"]
                )
                if participant is not None:
                    participation.remember(request, participant)
                    return redirect("workshops:take", code=workshop.join_code)
    else:
        code = request.GET.get("code", "")[:40]
        workshop = services.find_open(code) if code else None
        if workshop is not None and participation.current(request, workshop) is not None:
            return redirect("workshops:take", code=workshop.join_code)
        form = JoinForm(initial={"code": code})
    return render(request, TEMPLATES + "join.html", {"form": form})


def _not_open(request: HttpRequest) -> HttpResponse:
    """The page of a code that opens nothing: the session's own werkplaats has closed
    (410), or the code is unknown (404; a werkplaats reopened has a new code)."""
    mine = participation.joined_workshops(request)
    closed = [w for w in mine if w.status == Status.CLOSED]
    if closed:
        return render(request, TEMPLATES + "closed.html", {"workshops": closed}, status=410)
    still_open = [w for w in mine if w.is_open and w.join_code]
    context = {"workshops": still_open, "join_url": _join_url()}
    return render(request, TEMPLATES + "unknown.html", context, status=404)


def _open_workshop(
    request: HttpRequest, code: str
) -> tuple[Workshop | None, Participant | None, HttpResponse | None]:
    """The open werkplaats of ``code`` and this session's participant in it, or the
    answer to give instead (the code opens nothing; not joined yet)."""
    workshop = services.find_open(code)
    if workshop is None:
        return None, None, _not_open(request)
    participant = participation.current(request, workshop)
    if participant is None:
        return workshop, None, redirect(_join_url(workshop.join_code))
    return workshop, participant, None


# --- the exercises of the werkplaats --------------------------------------------------


def _progress(exercise: str, own: dict[str, Any], people: int) -> tuple[int, int]:
    """(done, total) of a participant's answers to an exercise."""
    if exercise == Exercise.SLIDERS:
        return len(own["sliders"]), len(SLIDER_KEYS)
    if exercise == Exercise.BLOCKS:
        return len(own["blocks"]), len(BuildingBlock)
    if exercise == Exercise.KOPPELKANSEN:
        return (1 if own["koppelkans"] else 0), 1
    if exercise == Exercise.INNOVATION:
        return len(own["innovation"]), len(INNOVATION_KEYS)
    return len({subject for subject, _key in own["picks"]}), people  # competences


@public
@never_cache
@require_GET
def take(request: HttpRequest, code: str) -> HttpResponse:
    workshop, participant, response = _open_workshop(request, code)
    if response is not None:
        return response
    own = selectors.own_answers(participant)
    people = workshop.participants.count()
    items = []
    for exercise in workshop.exercises:
        if exercise not in Exercise.values:
            continue
        done, total = _progress(exercise, own, people)
        items.append(
            {
                "key": exercise,
                "label": Exercise(exercise).label,
                "url": reverse("workshops:answer", args=[workshop.join_code, exercise]),
                "done": done,
                "total": total,
                "current": exercise == workshop.current,
            }
        )
    context = {
        "workshop": workshop,
        "participant": participant,
        "items": items,
        "on_screen": next((item for item in items if item["current"]), None),
    }
    return render(request, TEMPLATES + "take.html", context)


# --- answering ------------------------------------------------------------------------


@public
@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, code: str, exercise: str) -> HttpResponse:
    workshop, participant, response = _open_workshop(request, code)
    if response is not None:
        return response
    if exercise not in Exercise.values or exercise not in workshop.exercises:
        raise Http404
    return PAGES[exercise](request, workshop, participant)


def _context(workshop: Workshop, participant: Participant, exercise: str) -> dict[str, Any]:
    return {
        "workshop": workshop,
        "participant": participant,
        "exercise": exercise,
        "exercise_label": Exercise(exercise).label,
        "task": text_in(TASKS[exercise], _language()),
        "take_url": reverse("workshops:take", args=[workshop.join_code]),
    }


def _saved(request: HttpRequest, workshop: Workshop, exercise: str, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("workshops:answer", code=workshop.join_code, exercise=exercise)


def _save_each(save: Callable[..., Any], participant: Participant, rows: list[dict]) -> bool:
    """One service call per answered item, all in ``run_service``'s transaction."""
    for row in rows:
        save(participant=participant, **row)
    return True


def _sliders(request: HttpRequest, workshop: Workshop, participant: Participant) -> HttpResponse:
    if request.method == "POST":
        form = SliderForm(request.POST)
        if form.is_valid():
            saved = run_service(
                form, services.save_sliders, participant=participant, rows=form.rows()
            )
            if saved is not None:
                return _saved(request, workshop, Exercise.SLIDERS, _("Your sliders are saved."))
    own = selectors.own_answers(participant)
    if request.method != "POST":
        form = SliderForm(initial=slider_initial(own))
    language = _language()
    context = _context(workshop, participant, Exercise.SLIDERS) | {
        "form": form,
        "sections": form.sections(language),
        "profile": _profile(own, language),
    }
    return render(request, TEMPLATES + "sliders.html", context)


def _profile(own: dict[str, Any], language: str) -> dict[str, Any] | None:
    """The participant's own profile (``analysis.profile``), once all five are placed:
    what they saved, not what they are typing."""
    answers = own["sliders"]
    nows = {key: a.now for key, a in answers.items()}
    targets = {key: a.target for key, a in answers.items()}
    profile = analysis.profile(nows, targets, SLIDER_KEYS)
    if profile is None:
        return None
    return {
        "kind": profile.kind,
        "structure": profile.structure,
        "ambition": profile.ambition,
        "text": text_in(PROFILE_TEXTS[profile.kind], language),
        "lowest": text_in(SLIDER_BY_KEY[profile.lowest].name, language),
        "largest_step": text_in(SLIDER_BY_KEY[profile.largest_step].name, language),
        "pioneer_below": analysis.PIONEER_BELOW,
        "deep_thinker_from": analysis.DEEP_THINKER_FROM,
    }


def _blocks(request: HttpRequest, workshop: Workshop, participant: Participant) -> HttpResponse:
    if request.method == "POST":
        form = BlockForm(request.POST)
        if form.is_valid():
            saved = run_service(
                form,
                _save_each,
                save=services.save_block,
                participant=participant,
                rows=form.rows(),
            )
            if saved is not None:
                return _saved(
                    request, workshop, Exercise.BLOCKS, _("Your building blocks are saved.")
                )
    else:
        form = BlockForm(initial=block_initial(selectors.own_answers(participant)))
    context = _context(workshop, participant, Exercise.BLOCKS) | {
        "form": form,
        "sections": form.sections(),
    }
    return render(request, TEMPLATES + "blocks.html", context)


def _koppelkansen(
    request: HttpRequest, workshop: Workshop, participant: Participant
) -> HttpResponse:
    drivers = services.drivers_for(workshop).order_by("name")
    if request.method == "POST":
        form = KoppelkansForm(request.POST, drivers=drivers)
        if form.is_valid() and (
            run_service(
                form,
                services.save_koppelkans,
                participant=participant,
                sentence=form.cleaned_data["sentence"],
                drivers=form.cleaned_data["drivers"],
            )
            is not None
        ):
            return _saved(request, workshop, Exercise.KOPPELKANSEN, _("Your sentence is saved."))
    else:
        initial = koppelkans_initial(selectors.own_answers(participant))
        form = KoppelkansForm(initial=initial, drivers=drivers)
    context = _context(workshop, participant, Exercise.KOPPELKANSEN) | {"form": form}
    return render(request, TEMPLATES + "koppelkansen.html", context)


def _innovation(request: HttpRequest, workshop: Workshop, participant: Participant) -> HttpResponse:
    if request.method == "POST":
        form = InnovationForm(request.POST)
        if form.is_valid():
            saved = run_service(
                form,
                _save_each,
                save=services.save_innovation,
                participant=participant,
                rows=form.rows(),
            )
            if saved is not None:
                return _saved(request, workshop, Exercise.INNOVATION, _("Your answers are saved."))
    else:
        form = InnovationForm(initial=innovation_initial(selectors.own_answers(participant)))
    context = _context(workshop, participant, Exercise.INNOVATION) | {
        "form": form,
        "sections": form.sections(_language()),
    }
    return render(request, TEMPLATES + "innovation.html", context)


def _subject(request: HttpRequest, people: list[Participant]) -> Participant | None:
    """The person a competence form is about: one of this werkplaats's participants."""
    raw = request.POST.get("subject", "")
    pk = int(raw) if raw.isdigit() and len(raw) < 12 else None
    return next((p for p in people if p.pk == pk), None)


def _competences(
    request: HttpRequest, workshop: Workshop, participant: Participant
) -> HttpResponse:
    people = selectors.participants(workshop)
    names = display_names(people)
    bound: CompetenceForm | None = None
    subject: Participant | None = None
    if request.method == "POST":
        subject = _subject(request, people)
        if subject is None:
            # A colleague removed meanwhile, or a tampered post: nothing is written.
            messages.error(request, _("That person is not (or no longer) in this werkplaats."))
            return redirect("workshops:answer", code=workshop.join_code, exercise="competences")
        bound = CompetenceForm(request.POST, auto_id=f"id_p{subject.pk}_%s")
        if bound.is_valid() and (
            run_service(
                bound,
                services.set_competences,
                participant=participant,
                subject=subject,
                chosen=bound.cleaned_data["competences"],
            )
            is not None
        ):
            text = (
                _("Your own strengths are saved.")
                if subject.pk == participant.pk
                else _("Saved what %(name)s is good at.") % {"name": names[subject.pk]}
            )
            return _saved(request, workshop, Exercise.COMPETENCES, text)
    own = selectors.own_answers(participant)
    language = _language()

    def entry(person: Participant, label: str) -> dict[str, Any]:
        if bound is not None and subject is not None and subject.pk == person.pk:
            form = bound
        else:
            form = CompetenceForm(
                initial={"competences": picks_of(own, person.pk)},
                auto_id=f"id_p{person.pk}_%s",
            )
        form.fields["competences"].label = label
        return {
            "subject": person.pk,
            "name": names[person.pk],
            "form": form,
            "groups": form.groups(language),
            "count": len(picks_of(own, person.pk)),
        }

    context = _context(workshop, participant, Exercise.COMPETENCES) | {
        "own": entry(participant, _("What you are good at")),
        "colleagues": [
            entry(p, _("What %(name)s is good at") % {"name": names[p.pk]})
            for p in people
            if p.pk != participant.pk
        ],
        "max_picks": MAX_PICKS_PER_SUBJECT,
    }
    return render(request, TEMPLATES + "competences.html", context)


PAGES: dict[str, Callable[[HttpRequest, Workshop, Participant], HttpResponse]] = {
    Exercise.SLIDERS: _sliders,
    Exercise.BLOCKS: _blocks,
    Exercise.KOPPELKANSEN: _koppelkansen,
    Exercise.INNOVATION: _innovation,
    Exercise.COMPETENCES: _competences,
}
