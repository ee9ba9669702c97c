"""Input of the initiators' consent: staff ask (a new aim, or a merge into a municipal
project), the initiators answer on their status page, or staff record an answer given
by phone or at a table. The rules live in ``services``; the forms check what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wendbaar.ui.forms import NLDesignForm

from .constants import (
    MAX_MESSAGE_LENGTH,
    MAX_REASON_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_TITLE_LENGTH,
    ConsentKind,
)
from .models import Initiative

_YES_NO_COERCE = {"yes": True, "no": False}


def _yes_no(value: Any) -> bool:
    return _YES_NO_COERCE[value]


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.approach.name})"


class AskConsentForm(NLDesignForm, forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you propose?"), choices=ConsentKind.choices, widget=forms.RadioSelect
    )
    new_title = forms.CharField(
        label=_("New title"),
        max_length=MAX_TITLE_LENGTH,
        required=False,
        help_text=_("Only for a new aim."),
    )
    new_what = forms.CharField(
        label=_("New aim: what the initiators would do"),
        max_length=MAX_TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only for a new aim. The initiators read it as it stands here."),
    )
    project = ProjectChoiceField(
        label=_("Municipal project"),
        queryset=None,
        required=False,
        help_text=_("Only for a merge: running projects of a wijkaanpak in this municipality."),
    )
    reason = forms.CharField(
        label=_("Why you propose it"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The initiators read this on their status page and get an e-mail."),
    )

    def __init__(self, *args: Any, initiative: Initiative, projects: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.initial.setdefault("new_title", initiative.title)
        self.initial.setdefault("new_what", initiative.what)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind == ConsentKind.MERGE and not data.get("project"):
            self.add_error("project", _("Choose the project."))
        if kind == ConsentKind.AIM and not (data.get("new_what") or "").strip():
            self.add_error("new_what", _("Write the new aim."))
        return data


class RecordConsentForm(NLDesignForm, forms.Form):
    """An answer the initiators gave to a member of staff, not through their link."""

    agree = forms.TypedChoiceField(
        label=_("What did the initiators answer?"),
        choices=[("yes", _("They agree")), ("no", _("They do not agree"))],
        coerce=_yes_no,
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("What they said, and how"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: “Agreed by telephone on 3 December, Fatima for the group”. "
            "The initiators read this on their status page."
        ),
    )


class WithdrawConsentForm(NLDesignForm, forms.Form):
    reason = forms.CharField(
        label=_("Why you withdraw the request"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The initiators read this on their status page."),
    )


class ConsentAnswerForm(NLDesignForm, forms.Form):
    """The initiators' own answer, on their status page."""

    agree = forms.TypedChoiceField(
        label=_("Do you agree?"),
        choices=[("yes", _("Yes, I agree")), ("no", _("No, I do not agree"))],
        coerce=_yes_no,
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Anything you want to add (optional)"),
        max_length=MAX_MESSAGE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("auto_id", "id_consent_%s")
        super().__init__(*args, **kwargs)
