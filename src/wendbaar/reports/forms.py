"""The writers' forms of a progress report: a new report, the texts around the chapters,
one chapter (its claims as rows, "nothing to report", its voices), the opening voices,
moving the report along its road, and a correction.

The forms check what a form can (a row is complete, a choice is one of the choices); the
services check the rest (``services.py``) and their problems come back through
``ui.forms.run_service``. The problems of a group of claims land on the group's own
field (``works``, ``not_yet``), which renders no input: the page shows them at the top
of that fieldset and the error summary links there (as the proposals' lines do).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wendbaar.core.withdrawal import MAX_REASON_LENGTH
from wendbaar.proposals.proposal_forms import LineForm, SectionField
from wendbaar.stories.models import Story
from wendbaar.ui.forms import CHECKBOX_CLASS, NLDesignForm

from .constants import (
    MAX_CLAIM_LENGTH,
    MAX_VOICES_PER_CHAPTER,
    OPENING_VOICES,
    MeasurementKind,
    Section,
    Status,
)
from .models import Chapter, Report
from .services import ClaimInput

#: Blank rows under the claims of each half: a row left empty is ignored.
EXTRA_ROWS = 2
#: The id of the explanation of the kinds of measurement each kind select points to.
KINDS_HELP_ID = "measurement-kinds"
FIRST_YEAR, LAST_YEAR = 2000, 2100


class ReportCreateForm(NLDesignForm, forms.Form):
    """A new report for one calendar year (the list page posts the same two fields)."""

    year = forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("The calendar year the report looks back on, e.g. 2025."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Optional: without one, the report is called after the wijkaanpak and year."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": timezone.localdate().year - 1})
        super().__init__(*args, **kwargs)


class ReportTextForm(NLDesignForm, forms.Form):
    """The texts around the chapters (``services.update_report``)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=Report._meta.get_field("introduction").help_text,
    )
    intentions = forms.CharField(
        label=_("Intentions for next year"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=Report._meta.get_field("intentions").help_text,
    )


class ClaimLineForm(LineForm):
    """One claim: what is said, and how it is known. A row with either filled in must
    have both."""

    text = forms.CharField(
        label=_("Claim"),
        max_length=MAX_CLAIM_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kind = forms.ChoiceField(
        label=_("Kind of measurement"),
        choices=MeasurementKind.choices,
        required=False,
        # The kinds are explained once, above the rows (chapter_form.html).
        widget=forms.Select(attrs={"aria-describedby": KINDS_HELP_ID}),
    )

    content_fields = ("text", "kind")
    required_when_used = {
        "text": _("Write the claim."),
        "kind": _("Say how this is known: choose the kind of measurement."),
    }


ClaimFormSet = forms.formset_factory(ClaimLineForm, extra=EXTRA_ROWS)

#: A row's problem, as its half's fieldset (and the error summary, after the half) says it.
ROW_NAME = _("Line %(row)d")


class VoicesForm(NLDesignForm, forms.Form):
    """A ``stories`` field of checkboxes over ``stories`` (in the order given), and the
    rows the template lays out: each box beside its story's quote, teller and date.
    ``services.set_voices`` holds the limit; the help text says it."""

    limit = OPENING_VOICES
    voices_help = _("At most %(n)s: they open the report, beside the map.")

    def __init__(
        self,
        data: Any = None,
        *,
        stories: Sequence[Story] = (),
        chosen: Sequence[int] = (),
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial={**(initial or {}), "stories": [str(pk) for pk in chosen]})
        self.stories_shown = list(stories)
        # Added after the kernel dressed the other fields: its class is set here.
        self.fields["stories"] = forms.MultipleChoiceField(
            label=_("Voices"),
            choices=[(str(s.pk), s.title) for s in self.stories_shown],
            required=False,
            widget=forms.CheckboxSelectMultiple(attrs={"class": CHECKBOX_CLASS}),
            help_text=self.voices_help % {"n": self.limit},
            error_messages={
                "invalid_choice": _(
                    "Story %(value)s cannot be chosen here: it is no longer published "
                    "with public consent in this wijkaanpak's areas."
                )
            },
        )

    @property
    def voice_rows(self) -> list[tuple[Any, Story]]:
        """(the story's checkbox, the story) for every story that may be quoted."""
        return list(zip(self["stories"], self.stories_shown, strict=True))

    def story_ids(self) -> list[int]:
        """The chosen stories, in the order of the page."""
        return [int(pk) for pk in self.cleaned_data.get("stories") or ()]


class ChapterForm(VoicesForm):
    """One chapter: the claims of both halves as rows, "nothing to report" chosen
    explicitly, and the voices (``services.save_chapter`` and ``services.set_voices``)."""

    limit = MAX_VOICES_PER_CHAPTER
    voices_help = _("At most %(n)s: the stories lead the chapter, the figures follow.")

    works = SectionField(label=Section.WORKS.label)
    nothing_works = forms.BooleanField(
        label=_("Nothing to report on what works"),
        required=False,
        help_text=_("Choose this only when there is really nothing to say; leave the rows empty."),
    )
    not_yet = SectionField(label=Section.NOT_YET.label)
    nothing_fails = forms.BooleanField(
        label=_("Nothing to report on what does not work (yet)"),
        required=False,
        help_text=_("Choose this only when there is really nothing to say; leave the rows empty."),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        chapter: Chapter | None = None,
        stories: Sequence[Story] = (),
        chosen: Sequence[int] = (),
    ) -> None:
        initial: dict[str, Any] = {}
        claims: dict[str, list[dict[str, str]]] = {Section.WORKS: [], Section.NOT_YET: []}
        if chapter is not None:
            initial = {
                "nothing_works": chapter.nothing_works,
                "nothing_fails": chapter.nothing_fails,
            }
            for claim in chapter.claims.all():
                claims[claim.section].append({"text": claim.text, "kind": claim.kind})
        super().__init__(data, stories=stories, chosen=chosen, initial=initial)
        self.formsets = {
            name: ClaimFormSet(data, prefix=name, initial=claims[name])
            for name in (Section.WORKS, Section.NOT_YET)
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, formset in self.formsets.items():
            if formset.is_valid():
                continue
            for row, row_form in enumerate(formset.forms, start=1):
                for field_name, errors in row_form.errors.items():
                    label = row_form.fields[field_name].label
                    for error in errors:
                        self.add_error(name, f"{ROW_NAME % {'row': row}}, {label}: {error}")
            for error in formset.non_form_errors():
                self.add_error(name, error)
        return data

    def claims(self, name: str) -> list[ClaimInput]:
        """The filled rows of one half, in order (call after ``is_valid()``)."""
        return [
            (f.cleaned_data["text"], f.cleaned_data["kind"])
            for f in self.formsets[name].forms
            if hasattr(f, "cleaned_data") and not f.is_blank
        ]

    def content(self) -> dict[str, Any]:
        """The form as the services read it."""
        return {
            "works": self.claims(Section.WORKS),
            "not_yet": self.claims(Section.NOT_YET),
            "nothing_works": self.cleaned_data["nothing_works"],
            "nothing_fails": self.cleaned_data["nothing_fails"],
            "story_ids": self.story_ids(),
        }


class OpeningForm(VoicesForm):
    """The voices that open the report (``services.set_voices`` without a chapter)."""


class MoveForm(NLDesignForm, forms.Form):
    """One step on the report's road (``services.move_report``). Adopting freezes the
    report, so it asks the writer to say they mean it."""

    # Which steps are allowed from where is the workflow's to say (``services.move_report``).
    to = forms.CharField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: kept with the step in the report's history."),
    )
    confirm = forms.BooleanField(
        label=_("Yes, adopt and freeze the report"),
        error_messages={"required": _("Tick the box to say you mean it: adopting is final.")},
    )

    def __init__(self, *args: Any, to: str | None = None, **kwargs: Any) -> None:
        # Each step's form has its own ids: the page holds one form per possible step.
        kwargs.setdefault("auto_id", f"id_{to or 'move'}_%s")
        kwargs.setdefault("initial", {"to": to})
        super().__init__(*args, **kwargs)
        self.to_status = to
        if to != Status.ADOPTED:
            del self.fields["confirm"]


class CorrectForm(NLDesignForm, forms.Form):
    """Why an adopted report gets a new version (``services.correct_report``)."""

    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At most 300 characters. Shown with the new version, beside the old one."),
        error_messages={"required": _("Say why the report is corrected.")},
    )
