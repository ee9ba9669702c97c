"""Public pages of initiatives: the intake "I have an idea" and the initiators' private
status page, reached only through the link in their mails (no account).

The status link's token is the only key to an initiative. Its pages send no referrer
to other sites (the token is in the address), are stored by no browser or proxy and
indexed by no search engine; an unknown or erased token gets a friendly 404. They show nobody's
contact details: the owner's name and role only, never an e-mail address.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wendbaar.accounts.access import public
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.constants import Theme
from wendbaar.ui.forms import run_service

from . import ratelimit, selectors, services
from .consent_forms import ConsentAnswerForm
from .constants import (
    CONTACT_RETENTION_YEARS,
    PUBLIC_EVENTS,
    Ask,
    ConsentKind,
    ConsentState,
    EventKind,
    InitiativeStatus,
    Source,
    SupportKind,
)
from .models import ConsentRequest, Initiative, InitiativeEvent
from .point_map import shown_point
from .public_forms import PublicInitiativeForm, ReplyForm

# The intake's text fields together stay far below this; a larger body is refused
# before Django parses it.
MAX_BODY_BYTES = 64 * 1024
# A status token is 64 hex digits; anything much longer is not worth hashing.
MAX_TOKEN_LENGTH = 128

STATUS_EXPLANATIONS = {
    InitiativeStatus.RECEIVED: gettext_lazy(
        "We have received your idea. We are looking for the right contact person for you."
    ),
    InitiativeStatus.OWNER_KNOWN: gettext_lazy(
        "You have a contact person at the municipality. They will get in touch with you."
    ),
    InitiativeStatus.IN_CONVERSATION: gettext_lazy(
        "You and your contact person are talking about what is needed to make your idea happen."
    ),
    InitiativeStatus.SUPPORTED: gettext_lazy(
        "The municipality or a partner supports your idea, for example with money, a "
        "permit, a place or advice. The idea stays yours."
    ),
    InitiativeStatus.REALISED: gettext_lazy("Your idea has been carried out. Thank you!"),
    InitiativeStatus.STOPPED: gettext_lazy(
        "Work on the idea has stopped. The reason is given below. It can be picked up again."
    ),
    InitiativeStatus.NOT_POSSIBLE: gettext_lazy(
        "Your idea cannot go ahead. The reason is given below. It can be picked up again "
        "when that reason goes away."
    ),
}


def _municipality(code: str) -> Area:
    return get_object_or_404(Area, code=code.strip().upper(), level=AreaLevel.MUNICIPALITY)


def _too_large(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES
    except ValueError:
        return True


def _limited(request: HttpRequest, what: str, municipality: Area | None = None) -> HttpResponse:
    context = {
        "what": what,
        "municipality": municipality,
        "limit": ratelimit.limit(),
        "minutes": ratelimit.window_minutes(),
    }
    return render(request, "initiatives/public/rate_limited.html", context, status=429)


def _too_large_page(request: HttpRequest, municipality: Area | None = None) -> HttpResponse:
    context = {"municipality": municipality, "max_kb": MAX_BODY_BYTES // 1024}
    return render(request, "initiatives/public/too_large.html", context, status=413)


# --- intake ----------------------------------------------------------------------------------


@public
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, code: str) -> HttpResponse:
    """The public intake: no account; the initiators get their status link by e-mail."""
    municipality = _municipality(code)
    if request.method == "POST":
        if _too_large(request):
            return _too_large_page(request, municipality)
        # Counted before anything is validated; invalid posts and the honeypot count too.
        if not ratelimit.allow_submission(request):
            return _limited(request, "submit", municipality)
        form = PublicInitiativeForm(request.POST, municipality=municipality)
        if form.is_spam:
            # A bot filled in the honeypot: look successful, store nothing.
            return redirect("initiatives:submit_thanks", code=municipality.code)
        if form.is_valid():
            data = form.cleaned_data
            submitted = run_service(
                form,
                services.submit_initiative,
                municipality=municipality,
                area=data["area"],
                title=data["title"],
                what=data["what"],
                why=data["why"],
                location=data["location"],
                point=data["point"],
                themes=data["themes"],
                asks=data["asks"],
                group=data["group"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                consent=data["consent"],
                source=Source.PUBLIC_FORM,
                by=None,
                language=get_language(),
            )
            if submitted is not None:
                return redirect("initiatives:submit_thanks", code=municipality.code)
    else:
        form = PublicInitiativeForm(municipality=municipality)
    context = {
        "municipality": municipality,
        "form": form,
        "promise": services.promise_for(municipality),
        "retention_years": CONTACT_RETENTION_YEARS,
    }
    return render(request, "initiatives/public/submit.html", context)


@public
@require_GET
def submit_thanks(request: HttpRequest, code: str) -> HttpResponse:
    municipality = _municipality(code)
    context = {"municipality": municipality, "promise": services.promise_for(municipality)}
    return render(request, "initiatives/public/submit_thanks.html", context)


# --- the private status link ---------------------------------------------------------------


def private_link(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Headers for every answer on a status link, the 404 and the redirects included:
    the token in the address must not leak through a referrer, a cache or an index.

    ``same-origin``, not ``no-referrer``: with the latter the browser posts the answer
    forms with ``Origin: null``, which Django's CSRF check (rightly) refuses; a link to
    another site still gets no referrer."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        response["Cache-Control"] = "no-store, private"
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapper


def _initiative_for(token: str) -> Initiative | None:
    """The initiative of a status token; None for an unknown token and after erasure
    (which clears the stored hash)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        return Initiative.objects.select_related("owner", "area", "project").get(
            status_token_hash=services.token_hash(token)
        )
    except Initiative.DoesNotExist:
        return None


def _link_gone(request: HttpRequest) -> HttpResponse:
    return render(request, "initiatives/public/link_gone.html", status=404)


# How each state of a promise (``selectors.promise_state``) reads to the initiators.
PROMISE_WORDS = {
    "met": gettext_lazy("Kept"),
    "met_late": gettext_lazy("Later than promised"),
    "open": gettext_lazy("Not yet due"),
    "overdue": gettext_lazy("We are late"),
    "ended": gettext_lazy("No longer needed: work on your idea has ended"),
}


def _promises(initiative: Initiative) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [
        {"p": p, "words": PROMISE_WORDS[p.state]}
        for p in (
            selectors.promise_state(
                _("Contact person known"),
                initiative.triage_due,
                initiative.owner_assigned_at,
                initiative.is_closed,
                today,
            ),
            selectors.promise_state(
                _("First answer"),
                initiative.answer_due,
                initiative.first_answer_at,
                initiative.is_closed,
                today,
            ),
        )
    ]


def _shown_name(name: str) -> str:
    """A staff member's name as the initiators may see it. The trail stores full names
    only (``services.public_name``), but a full name typed as an e-mail address (invited
    users' usernames are theirs) must not reach the initiators either."""
    name = (name or "").strip()
    return "" if "@" in name else name


def _person(name: str, *parts: str) -> str:
    name = _shown_name(name) or _("a colleague")
    details = ", ".join(p for p in parts if p)
    return f"{name} ({details})" if details else name


def _summary(event: InitiativeEvent) -> str:
    """What happened, in the initiators' words. Plain text: the template escapes it."""
    d = event.detail or {}
    kind = event.kind
    if kind == EventKind.RECEIVED:
        return _("We received your idea.")
    if kind == EventKind.OWNER_ASSIGNED:
        return _("Your contact person is %(person)s.") % {
            "person": _person(d.get("owner_name", ""), d.get("owner_role", ""))
        }
    if kind == EventKind.STATUS_CHANGED:
        return _("The status changed from “%(old)s” to “%(new)s”.") % {
            "old": _status_label(event.status_from),
            "new": _status_label(event.status_to),
        }
    if kind == EventKind.MESSAGE:
        return _("A message from the municipality.")
    if kind == EventKind.QUESTION:
        return _("A question from the municipality.")
    if kind == EventKind.ANSWER:
        if event.reply_to_id:
            return _("You answered a question.")
        return _("You wrote to your contact person.")
    if kind == EventKind.HANDOVER_OFFERED:
        return _("Handed over to %(person)s. The reason:") % {
            "person": _person(
                d.get("to_name", ""),
                d.get("to_role", ""),
                d.get("to_department", ""),
                d.get("to_organisation", ""),
            )
        }
    if kind == EventKind.HANDOVER_ACCEPTED:
        return _("%(person)s is now your contact person.") % {
            "person": _person(d.get("owner_name", ""), d.get("owner_role", ""))
        }
    if kind == EventKind.HANDOVER_REFUSED:
        return _("The hand-over did not go ahead; your contact person stays the same.")
    if kind == EventKind.SUPPORT:
        support_kind = d.get("support_kind", "")
        label = SupportKind(support_kind).label if support_kind in SupportKind.values else ""
        summary = _("Support for your idea: %(kind)s, given by %(given_by)s.") % {
            "kind": label,
            "given_by": d.get("given_by", ""),
        }
        if d.get("amount"):
            summary += " " + _("Amount: € %(amount)s.") % {"amount": d["amount"]}
        return summary
    if kind == EventKind.CONSENT_ASKED:
        return _("The municipality asks whether you agree: %(what)s. The reason:") % {
            "what": _consent_what(d)
        }
    if kind in (EventKind.CONSENT_GIVEN, EventKind.CONSENT_DECLINED):
        agreed = kind == EventKind.CONSENT_GIVEN
        if event.by_initiators:
            text = _("You agreed: %(what)s.") if agreed else _("You did not agree: %(what)s.")
        else:
            text = (
                _("Your contact person wrote down that you agreed: %(what)s.")
                if agreed
                else _("Your contact person wrote down that you did not agree: %(what)s.")
            )
        return text % {"what": _consent_what(d)}
    if kind == EventKind.CONSENT_WITHDRAWN:
        return _("The municipality withdrew its request (%(what)s). The reason:") % {
            "what": _consent_what(d)
        }
    if kind == EventKind.RULE_CONFLICT:
        return _("A rule stands in the way. The municipality looks into it (%(dept)s).") % {
            "dept": d.get("department", "")
        }
    return str(EventKind(kind).label) if kind in EventKind.values else ""


def _consent_what(detail: dict[str, Any]) -> str:
    if detail.get("consent_kind") == ConsentKind.MERGE:
        return _("to make your idea part of the municipal project “%(project)s”") % {
            "project": detail.get("project_title", "")
        }
    return _("to change the aim of your idea to “%(title)s”") % {
        "title": detail.get("new_title", "")
    }


def _consent_context(initiative: Initiative, bound: ConsentAnswerForm | None) -> dict[str, Any]:
    """The request that waits for the initiators' answer, with its form."""
    waiting = (
        initiative.consent_requests.filter(state=ConsentState.ASKED)
        .select_related("project")
        .first()
    )
    if waiting is None:
        return {"consent_request": None, "consent_form": None}
    return {"consent_request": waiting, "consent_form": bound or ConsentAnswerForm()}


def _status_label(value: str) -> str:
    return str(InitiativeStatus(value).label) if value in InitiativeStatus.values else ""


def _labels(values: list[str], choices: type) -> list[str]:
    return [str(choices(v).label) for v in values if v in choices.values]


def _status_context(
    initiative: Initiative,
    token: str,
    bound: ReplyForm | None = None,
    consent_form: ConsentAnswerForm | None = None,
) -> dict[str, Any]:
    events = list(initiative.events.filter(kind__in=PUBLIC_EVENTS).order_by("at", "id"))
    answered = {e.reply_to_id for e in events if e.kind == EventKind.ANSWER and e.reply_to_id}
    open_questions = [e for e in events if e.kind == EventKind.QUESTION and e.pk not in answered]
    bound_question = bound.data.get("question", "").strip() if bound is not None else None
    questions = []
    for question in open_questions:
        if bound is not None and bound_question == str(question.pk):
            form, bound = bound, None
        else:
            form = ReplyForm(initiative=initiative, question=question)
        questions.append({"event": question, "form": form})
    general_form = None
    if bound is not None:  # not one of the open questions: show it (and its error) here
        general_form = bound
    elif initiative.owner_id is not None:
        general_form = ReplyForm(initiative=initiative)
    trail = [
        {
            "event": e,
            "summary": _summary(e),
            "answered": e.kind == EventKind.QUESTION and e.pk in answered,
        }
        for e in events
    ]
    owner = initiative.owner
    return {
        "initiative": initiative,
        "token": token,
        "status_label": _status_label(initiative.status),
        "status_explanation": STATUS_EXPLANATIONS.get(initiative.status, ""),
        "themes": _labels(initiative.themes, Theme),
        "asks": _labels(initiative.asks, Ask),
        "owner_name": _shown_name(owner.get_full_name()) if owner is not None else "",
        "promises": _promises(initiative),
        "questions": questions,
        "general_form": general_form,
        "trail": trail,
        "shown_point": shown_point(initiative, for_initiators=True),
        **_consent_context(initiative, consent_form),
    }


@public
@require_GET
@private_link
def status(request: HttpRequest, token: str) -> HttpResponse:
    """The initiators' own page: where their idea stands, the trail, the open questions."""
    initiative = _initiative_for(token)
    if initiative is None:
        return _link_gone(request)
    context = _status_context(initiative, token)
    return render(request, "initiatives/public/status.html", context)


def _posted_to(request: HttpRequest, token: str) -> Initiative | HttpResponse:
    """What every post on a status link passes first: the size, the rate limit (counted
    before the token is looked up or anything is validated), the token. The initiative,
    or the page that refuses."""
    if _too_large(request):
        return _too_large_page(request)
    if not ratelimit.allow_reply(request):
        return _limited(request, "reply")
    initiative = _initiative_for(token)
    return initiative if initiative is not None else _link_gone(request)


@public
@require_POST
@private_link
def reply(request: HttpRequest, token: str) -> HttpResponse:
    """An answer to a question, or a message to the contact person (post, redirect, get)."""
    initiative = _posted_to(request, token)
    if not isinstance(initiative, Initiative):
        return initiative
    raw_question = request.POST.get("question", "").strip()
    question = (
        initiative.events.filter(pk=int(raw_question), kind=EventKind.QUESTION).first()
        if raw_question.isdigit()
        else None
    )
    form = ReplyForm(request.POST, initiative=initiative, question=question)
    if form.is_valid():
        event = run_service(
            form,
            services.reply_from_initiators,
            initiative=initiative,
            text=form.cleaned_data["text"],
            reply_to=form.cleaned_data["reply_to"],
        )
        if event is not None:
            messages.success(request, _("Your message has been sent to your contact person."))
            return redirect("initiatives:status", token=token)
    context = _status_context(initiative, token, bound=form)
    return render(request, "initiatives/public/status.html", context, status=400)


@public
@require_POST
@private_link
def consent_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The initiators agree, or not, to what the municipality proposes (a new aim, or a
    merge into a municipal project). Nothing changes without their yes."""
    initiative = _posted_to(request, token)
    if not isinstance(initiative, Initiative):
        return initiative
    raw = request.POST.get("request", "").strip()
    waiting = (
        initiative.consent_requests.filter(pk=int(raw), state=ConsentState.ASKED).first()
        if raw.isdigit()
        else None
    )
    if waiting is None:
        messages.info(request, _("This question has already been answered or withdrawn."))
        return redirect("initiatives:status", token=token)
    form = ConsentAnswerForm(request.POST)
    if form.is_valid():
        done: ConsentRequest | None = run_service(
            form,
            services.answer_consent,
            request=waiting,
            agree=form.cleaned_data["agree"],
            answer=form.cleaned_data["answer"],
        )
        if done is not None:
            messages.success(
                request, _("Thank you. Your answer has been sent to your contact person.")
            )
            return redirect("initiatives:status", token=token)
    context = _status_context(initiative, token, consent_form=form)
    return render(request, "initiatives/public/status.html", context, status=400)
