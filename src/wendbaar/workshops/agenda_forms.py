"""The forms of the lokale werkagenda: its texts in the workbook's template and one SMART
action. Only sizes are checked here; the SMART rule (what concretely, who, a date, how
success is seen) is the service's, and its refusals come back per field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wendbaar.ui.forms import NLDesignForm

from .constants import MAX_REASON_LENGTH, MAX_TEXT_LENGTH, SLIDER_BY_KEY, SLIDER_KEYS, text_in

WHO_SUGGESTIONS_ID = "who-suggestions"


def reflection_field(slider: str) -> str:
    return f"reflection_{slider}"


def _text(label: Any, limit: int, rows: int = 4, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class AgendaForm(NLDesignForm, forms.Form):
    """The werkagenda in the workbook's template (§ 3.5): the case, a reflection per
    slider, where we want to go, the koppelkansen and what we take up now. Every text
    may stay empty while the team writes."""

    case_title = forms.CharField(label=_("Title of the case"), required=False, max_length=200)
    description = _text(_("Description of the situation"), MAX_TEXT_LENGTH, rows=5)
    direction = _text(_("Where do we want to go?"), MAX_TEXT_LENGTH)
    koppelkansen = _text(
        _("Are there koppelkansen?"),
        MAX_TEXT_LENGTH,
        help_text=_("Policy, funds or plans of others this werkagenda can link up with."),
    )
    now = _text(_("What do we take up now?"), MAX_TEXT_LENGTH)

    def __init__(
        self,
        *args: Any,
        slider_help: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        """``slider_help``: per slider, its results in a sentence (the field's help)."""
        super().__init__(*args, **kwargs)
        language = get_language()
        # One reflection per slider, in the workbook's order, after the description.
        fields = dict(self.fields)
        ordered = {name: fields.pop(name) for name in ("case_title", "description")}
        for key in SLIDER_KEYS:
            field = _text(text_in(SLIDER_BY_KEY[key].name, language), MAX_REASON_LENGTH, rows=3)
            field.help_text = (slider_help or {}).get(key, "")
            field.widget.attrs["class"] = self.fields["description"].widget.attrs["class"]
            ordered[reflection_field(key)] = field
        self.fields = {**ordered, **fields}

    def reflection_fields(self) -> list[forms.BoundField]:
        return [self[reflection_field(key)] for key in SLIDER_KEYS]

    def agenda_fields(self) -> dict[str, Any]:
        """The cleaned data as ``services.save_agenda`` takes it."""
        data = dict(self.cleaned_data)
        reflections = {key: data.pop(reflection_field(key), "") for key in SLIDER_KEYS}
        return {**data, "reflections": reflections}

    @staticmethod
    def initial_from(agenda: Any, case_title: str = "") -> dict[str, Any]:
        reflections = agenda.reflections or {}
        return {
            "case_title": agenda.case_title or case_title,
            "description": agenda.description,
            "direction": agenda.direction,
            "koppelkansen": agenda.koppelkansen,
            "now": agenda.now,
            **{reflection_field(key): reflections.get(key, "") for key in SLIDER_KEYS},
        }


class ActionForm(NLDesignForm, forms.Form):
    """One action of the werkagenda. The fields are optional here so that the service's
    SMART messages, not a bare "required", say what is missing."""

    what = forms.CharField(
        label=_("What"),
        required=False,
        max_length=300,
        help_text=_(
            "What will concretely happen, e.g. “Talk with the initiators about what each "
            "side expects”."
        ),
    )
    who = forms.CharField(
        label=_("Who"),
        required=False,
        max_length=200,
        help_text=_(
            "Who carries it out. Suggestions: the participants' first names, and the "
            "competence game's results next to this field."
        ),
    )
    how = forms.CharField(
        label=_("With whom and how"),
        required=False,
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    when = forms.DateField(
        label=_("When (a date)"),
        required=False,
        help_text=_("The date it is done by."),
    )
    success = forms.CharField(
        label=_("How we see success"),
        required=False,
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "What you will see when it worked, e.g. “three plans chosen with the initiators”."
        ),
    )

    def __init__(self, *args: Any, names: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if names:  # the participants' first names as suggestions
            self.fields["who"].widget.attrs["list"] = WHO_SUGGESTIONS_ID

    @staticmethod
    def initial_from(action: Any) -> dict[str, Any]:
        return {name: getattr(action, name) for name in ("what", "who", "how", "when", "success")}


class ConfirmForm(NLDesignForm, forms.Form):
    """A confirmation page's form: the button is the answer."""
