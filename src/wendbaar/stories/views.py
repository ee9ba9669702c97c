"""Pages of stories and signals: thin views around selectors and services.

Public (no account): the stories of a gemeente, one story, its photo, and the form for
residents. Staff: entry, moderation, signals, and a person's data (export, erase).
"""

from __future__ import annotations

import mimetypes
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wendbaar.accounts.access import permission, public
from wendbaar.accounts.policies import areas_for, get_area_for_user, has_permission_anywhere
from wendbaar.accounts.reauth import recent_sign_in
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.constants import Theme
from wendbaar.ui.forms import WithdrawForm, run_service
from wendbaar.ui.views import form_page

from . import archive, forms, ratelimit, selectors, services
from .constants import (
    MAX_PHOTO_BYTES,
    MAX_TEXT_LENGTH,
    AuthorKind,
    SignalDirection,
    StoryStatus,
)
from .models import Signal
from .permissions import (
    ADD_SIGNAL,
    ADD_STORY,
    CHANGE_SIGNAL,
    ERASE_PERSONAL_DATA,
    MODERATE_STORY,
    VIEW_PERSONAL_DATA,
    VIEW_SIGNAL,
    ContributorPolicy,
    SignalPolicy,
    StoryPolicy,
)
from .querysets import Period

PAGE_SIZE = 20
# The whole public form may be a little larger than photo and text together.
MAX_SUBMISSION_BYTES = MAX_PHOTO_BYTES + 4 * MAX_TEXT_LENGTH + 64 * 1024


def _municipality(code: str) -> Area:
    return get_object_or_404(Area, code=code.strip().upper(), level=AreaLevel.MUNICIPALITY)


def _entry_areas(user, perm: str, municipality: Area):
    """The wijken and buurten of ``municipality`` where ``user`` holds ``perm``."""
    scoped = areas_for(user, perm).filter(pk__in=forms.areas_for_entry(municipality).values("pk"))
    return forms.areas_for_entry(municipality).filter(pk__in=scoped.values("pk"))


# --- public --------------------------------------------------------------------------


@public
def story_list(request, code: str):
    municipality = _municipality(code)
    filters = {
        "q": request.GET.get("q", "").strip()[:100],
        "theme": request.GET.get("theme", ""),
        "kind": request.GET.get("kind", ""),
        "area": request.GET.get("area", "").strip().upper(),
        "period": request.GET.get("period", "").strip(),
    }
    area = None
    if filters["area"]:
        area = Area.objects.filter(
            code=filters["area"], municipality_code=municipality.code
        ).first()
    period = Period.parse(filters["period"])
    stories = selectors.stories_for_user(
        request.user,
        municipality_code=municipality.code,
        area=area,
        theme=filters["theme"] if filters["theme"] in Theme.values else None,
        author_kind=filters["kind"] if filters["kind"] in AuthorKind.values else None,
        period=period,
        search=filters["q"],
    ).published()
    page = Paginator(stories, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "municipality": municipality,
        "page": page,
        "filters": filters,
        "filter_query": query.urlencode(),
        "themes": Theme.choices,
        "kinds": AuthorKind.choices,
        "areas": forms.areas_for_entry(municipality),
        "may_add": has_permission_anywhere(request.user, ADD_STORY),
        "may_moderate": has_permission_anywhere(request.user, MODERATE_STORY),
        "may_add_signal": has_permission_anywhere(request.user, ADD_SIGNAL),
    }
    return render(request, "stories/story_list.html", context)


@public
def story_detail(request, pk: int):
    story = selectors.get_story_for_user(request.user, pk)
    contributor_visible = bool(
        story.contributor_id
        and ContributorPolicy()
        .instances_for(request.user, "view")
        .filter(pk=story.contributor_id)
        .exists()
    )
    may_moderate = StoryPolicy().may(request.user, "moderate", story)
    context = {
        "story": story,
        "areas": story.areas.order_by("name"),
        "municipality": Area.objects.filter(code=story.municipality_code).first(),
        "may_moderate": may_moderate,
        "may_edit": may_moderate and services.story_is_editable(story),
        "may_withdraw": may_moderate and story.status == StoryStatus.PUBLISHED,
        "moderation_form": forms.ModerationForm() if may_moderate else None,
        "contributor_visible": contributor_visible,
    }
    return render(request, "stories/story_detail.html", context)


@public
def story_photo(request, pk: int):
    """Photos are served through the policy, never from a public media URL."""
    story = selectors.get_story_for_user(request.user, pk)
    if not story.photo:
        raise Http404
    content_type = mimetypes.guess_type(story.photo.name)[0] or "application/octet-stream"
    response = FileResponse(story.photo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=3600" if story.is_public else "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@public
@require_http_methods(["GET", "POST"])
def story_submit(request, code: str):
    """The public form: no account; moderated before anyone else sees the story."""
    municipality = _municipality(code)
    template = "stories/story_submit.html"
    if request.method == "POST":
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_SUBMISSION_BYTES:
            return render(
                request,
                "stories/submission_too_large.html",
                {"municipality": municipality, "max_mb": MAX_PHOTO_BYTES // (1024 * 1024)},
                status=413,
            )
        # Counted before anything is validated or decoded; invalid posts count too.
        if not ratelimit.allow_submission(request):
            return render(
                request,
                "stories/rate_limited.html",
                {
                    "municipality": municipality,
                    "limit": ratelimit.limit(),
                    "minutes": ratelimit.window_minutes(),
                },
                status=429,
            )
        form = forms.PublicStoryForm(request.POST, request.FILES, municipality=municipality)
        if form.is_spam:
            # A bot filled in the honeypot: look successful, store nothing.
            return redirect("stories:submit_thanks", code=municipality.code)
        if form.is_valid():
            data = form.cleaned_data
            story = run_service(
                form,
                services.submit_public_story,
                municipality=municipality,
                area=data["area"],
                title=data["title"],
                text=data["text"],
                quote=data["quote"],
                author_kind=data["author_kind"],
                themes=data["themes"],
                consent=data["consent"],
                keep_after_withdrawal=data["keep_after_withdrawal"],
                photo=data["photo"],
                photo_alt=data["photo_alt"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                redact_passages=data["redact_passages"],
                language=get_language(),
            )
            if story is not None:
                return redirect("stories:submit_thanks", code=municipality.code)
    else:
        form = forms.PublicStoryForm(municipality=municipality)
    return render(request, template, {"municipality": municipality, "form": form})


@public
def story_submit_thanks(request, code: str):
    return render(
        request, "stories/story_submit_thanks.html", {"municipality": _municipality(code)}
    )


# --- staff: entry and moderation ------------------------------------------------------


@permission(ADD_STORY)
@require_http_methods(["GET", "POST"])
def story_create(request, code: str):
    municipality = _municipality(code)
    areas = _entry_areas(request.user, ADD_STORY, municipality)
    if not areas.exists():
        raise PermissionDenied
    if request.method == "POST":
        form = forms.StaffStoryForm(request.POST, request.FILES, areas=areas)
        if form.is_valid():
            data = form.cleaned_data
            story = run_service(
                form,
                services.create_story,
                by=request.user,
                municipality=municipality,
                areas=list(data["areas"]),
                title=data["title"],
                text=data["text"],
                quote=data["quote"],
                author_kind=data["author_kind"],
                themes=data["themes"],
                indicator_codes=data["indicator_codes"],
                collected_on=data["collected_on"],
                collection_method=data["collection_method"],
                consent=data["consent"],
                keep_after_withdrawal=data["keep_after_withdrawal"],
                photo=data["photo"],
                photo_alt=data["photo_alt"],
                retention_until=data["retention_until"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
            )
            if story is not None:
                messages.success(request, _("The story has been saved."))
                return redirect(story)
    else:
        form = forms.StaffStoryForm(areas=areas)
    return render(request, "stories/story_form.html", {"municipality": municipality, "form": form})


@permission(MODERATE_STORY)
def moderation_queue(request, code: str):
    municipality = _municipality(code)
    if (
        not areas_for(request.user, MODERATE_STORY)
        .filter(municipality_code=municipality.code)
        .exists()
    ):
        raise PermissionDenied
    stories = selectors.moderation_queue(request.user, municipality_code=municipality.code)
    withdrawn = selectors.withdrawn_stories(request.user, municipality_code=municipality.code)
    return render(
        request,
        "stories/moderation_queue.html",
        {"municipality": municipality, "stories": stories, "withdrawn": withdrawn},
    )


@permission(MODERATE_STORY)
@require_POST
def story_moderate(request, pk: int):
    story = StoryPolicy().get_for_user(request.user, "moderate", pk=pk)
    form = forms.ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose publish or reject."))
        return redirect(story)
    services.moderate_story(
        story=story,
        by=request.user,
        publish=form.cleaned_data["decision"] == "publish",
        note=form.cleaned_data["note"],
        redact_passages=form.cleaned_data["redact_passages"],
        redact_whole_text=form.cleaned_data["redact_whole_text"] or None,
    )
    if form.cleaned_data["decision"] == "publish":
        messages.success(request, _("The story has been published."))
    else:
        messages.success(request, _("The story has been rejected."))
    return redirect("stories:moderation", code=story.municipality_code)


def _story_areas_for_edit(user, story):
    """The areas a moderator may choose for ``story``: those of its gemeente in their
    moderation scope, and the ones it already has."""
    municipality = _municipality(story.municipality_code)
    in_scope = _entry_areas(user, MODERATE_STORY, municipality)
    return forms.areas_for_entry(municipality).filter(
        pk__in=[*in_scope.values_list("pk", flat=True), *story.areas.values_list("pk", flat=True)]
    )


@permission(MODERATE_STORY)
@require_http_methods(["GET", "POST"])
def story_edit(request, pk: int):
    story = StoryPolicy().get_for_user(request.user, "moderate", pk=pk)
    if not services.story_is_editable(story):
        messages.error(request, _("Only a published story or one entered by staff can be edited."))
        return redirect(story)
    initial = {
        "title": story.title,
        "text": story.text,
        "areas": list(story.areas.all()),
        "themes": story.themes,
        "indicator_codes": ", ".join(story.indicator_codes),
    }
    form = forms.StoryEditForm(
        request.POST or None, initial=initial, areas=_story_areas_for_edit(request.user, story)
    )
    return form_page(
        request,
        form,
        service=lambda **data: services.update_story(
            story=story, by=request.user, **{**data, "areas": list(data["areas"])}
        ),
        success_url=story.get_absolute_url(),
        success_message=_("The story has been saved."),
        template="stories/story_edit.html",
        context={"story": story, "title": _("Edit story")},
    )


@permission(MODERATE_STORY)
@require_http_methods(["GET", "POST"])
def story_withdraw(request, pk: int):
    """Confirmation page: why the published story is taken back."""
    story = StoryPolicy().get_for_user(request.user, "moderate", pk=pk)
    if story.status != StoryStatus.PUBLISHED:
        messages.error(request, _("Only a published story can be withdrawn."))
        return redirect(story)
    form = WithdrawForm(request.POST or None)
    return form_page(
        request,
        form,
        service=lambda *, reason, confirm: services.withdraw_story(
            story=story, by=request.user, reason=reason
        ),
        success_url=reverse("stories:moderation", kwargs={"code": story.municipality_code}),
        success_message=_("The story has been withdrawn."),
        template="stories/withdraw_confirm.html",
        context={
            "title": _("Withdraw story"),
            "what": story.title,
            "back_url": story.get_absolute_url(),
            "explanation": _(
                "The story disappears from every public list, page and profile. Moderators "
                "still see it, with your reason. The reason may be exported to the writer."
            ),
        },
    )


# --- staff: signals -------------------------------------------------------------------


@permission(ADD_SIGNAL)
@require_http_methods(["GET", "POST"])
def signal_create(request, code: str):
    municipality = _municipality(code)
    areas = _entry_areas(request.user, ADD_SIGNAL, municipality)
    if not areas.exists():
        raise PermissionDenied
    form = forms.SignalForm(request.POST or None, areas=areas)
    return form_page(
        request,
        form,
        service=partial(services.create_signal, by=request.user),
        success_url=lambda signal: reverse(
            "stories:signal_timeline", kwargs={"code": signal.area.code}
        ),
        success_message=_("The signal has been saved."),
        template="stories/signal_form.html",
        context={"municipality": municipality},
    )


@permission(VIEW_SIGNAL)
def signal_timeline(request, code: str):
    area = get_area_for_user(request.user, code, VIEW_SIGNAL)
    this_year = timezone.localdate().year
    counts = selectors.signal_counts(
        selectors.signals_for_user(request.user), area=area, by_quarter=False
    )
    totals: dict[tuple[int, str], int] = {}
    for row in counts:
        if row.year >= this_year - 4:
            key = (row.year, row.direction)
            totals[key] = totals.get(key, 0) + row.count
    # Years as text: a year is not a quantity (no "2.025" in Dutch).
    rows = [
        [str(year), SignalDirection(direction).label, count]
        for (year, direction), count in sorted(totals.items(), reverse=True)
    ]
    timeline = selectors.signal_timeline(request.user, area)
    context = {
        "area": area,
        "timeline": timeline,
        "changeable": selectors.changeable_signal_ids(
            request.user, [signal for _period, signals in timeline for signal in signals]
        ),
        "may_see_history": has_permission_anywhere(request.user, ADD_SIGNAL),
        "totals": rows,
        "totals_columns": [_("Year"), _("Direction"), {"label": _("Signals"), "numeric": True}],
        "may_add": has_permission_anywhere(request.user, ADD_SIGNAL),
    }
    return render(request, "stories/signal_timeline.html", context)


def _signal_for_change(user, pk: int) -> Signal:
    return SignalPolicy().get_for_user(user, "change", pk=pk)


def _signal_areas(user, signal: Signal):
    """The areas of the signal's gemeente where ``user`` may place it."""
    municipality = _municipality(signal.municipality_code)
    areas = _entry_areas(user, CHANGE_SIGNAL, municipality)
    if signal.created_by_id == user.pk:
        areas = areas | _entry_areas(user, ADD_SIGNAL, municipality)
    return forms.areas_for_entry(municipality).filter(
        pk__in=[*areas.values_list("pk", flat=True), signal.area_id]
    )


def _timeline_url(signal: Signal) -> str:
    return reverse("stories:signal_timeline", kwargs={"code": signal.area.code})


@permission(ADD_SIGNAL)
@require_http_methods(["GET", "POST"])
def signal_edit(request, signal: int):
    obj = _signal_for_change(request.user, signal)
    initial = {
        f: getattr(obj, f) for f in ("area", "theme", "direction", "sentence", "observed_on")
    }
    form = forms.SignalForm(
        request.POST or None, initial=initial, areas=_signal_areas(request.user, obj)
    )
    return form_page(
        request,
        form,
        service=partial(services.update_signal, signal=obj, by=request.user),
        success_url=_timeline_url,
        success_message=_("The signal has been saved."),
        template="stories/signal_edit.html",
        context={"title": _("Correct a signal"), "signal": obj},
    )


@permission(ADD_SIGNAL)
@require_http_methods(["GET", "POST"])
def signal_withdraw(request, signal: int):
    obj = _signal_for_change(request.user, signal)
    form = WithdrawForm(request.POST or None)
    return form_page(
        request,
        form,
        service=lambda *, reason, confirm: services.withdraw_signal(
            signal=obj, by=request.user, reason=reason
        ),
        success_url=_timeline_url(obj),
        success_message=_("The signal has been withdrawn."),
        template="stories/withdraw_confirm.html",
        context={
            "title": _("Withdraw signal"),
            "what": obj.sentence,
            "back_url": _timeline_url(obj),
            "explanation": _(
                "The signal no longer counts in timelines, totals and soft indicators. You "
                "and staff who correct signals still see it in the area's history of "
                "withdrawn signals."
            ),
        },
    )


@permission(ADD_SIGNAL)
def signal_history(request, code: str):
    """Withdrawn signals of an area: their authors and staff in scope see them."""
    area = get_area_for_user(request.user, code, VIEW_SIGNAL)
    return render(
        request,
        "stories/signal_history.html",
        {"area": area, "signals": selectors.withdrawn_signals(request.user, area)},
    )


# --- staff: personal data (AVG) -------------------------------------------------------


@permission(VIEW_PERSONAL_DATA)
@recent_sign_in
def contributor_search(request):
    form = forms.ContributorSearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        results = selectors.search_contributors(request.user, email=form.cleaned_data["email"])
    return render(request, "stories/contributor_search.html", {"form": form, "results": results})


@permission(VIEW_PERSONAL_DATA)
@recent_sign_in
def contributor_detail(request, pk: int):
    contributor = selectors.view_contributor(request.user, pk)
    context = {
        "contributor": contributor,
        "details": [
            (_("Name"), contributor.name),
            (_("E-mail address"), contributor.email),
            (_("Telephone number"), contributor.phone),
            (_("Keep contact details until"), date_format(contributor.retention_until, "j F Y")),
        ],
        "stories": contributor.stories.order_by("-collected_on"),
        "may_erase": ContributorPolicy().may(request.user, "erase", contributor),
    }
    return render(request, "stories/contributor_detail.html", context)


@permission(VIEW_PERSONAL_DATA)
@recent_sign_in
def contributor_export(request, pk: int):
    contributor = selectors.get_contributor_for_user(request.user, pk)
    data = services.export_personal_data(contributor=contributor, by=request.user)
    stories = list(contributor.stories.order_by("pk"))
    response = HttpResponse(
        archive.personal_data_archive(data, stories), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="personal-data-{contributor.pk}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@permission(ERASE_PERSONAL_DATA)
@recent_sign_in
@require_http_methods(["GET", "POST"])
def contributor_erase(request, pk: int):
    contributor = selectors.get_contributor_for_user(request.user, pk, "erase")
    form = forms.EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        summary = services.erase_personal_data(
            contributor=contributor, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _(
                "The personal data have been erased. Stories kept anonymously: %(kept)s; "
                "stories deleted: %(deleted)s."
            )
            % {
                "kept": len(summary["stories_kept_anonymised"]),
                "deleted": len(summary["stories_deleted"]),
            },
        )
        return redirect(reverse("stories:contributor_search"))
    stories = list(contributor.stories.all())
    context = {
        "contributor": contributor,
        "form": form,
        "kept": [s for s in stories if s.keep_after_withdrawal],
        "deleted": [s for s in stories if not s.keep_after_withdrawal],
    }
    return render(request, "stories/contributor_erase.html", context)
