"""The participants' forms: joining with a code, and one form per exercise (one page, one
submit button). The services check everything again; these forms give the clear message
and keep what was typed.

The sliders are text inputs with a numeric keyboard (``inputmode="numeric"``), not
``<input type="range">``: a range always sends a value, so a slider left out could not be
told from one placed at 50; it shows no number without a script (and no inline script may
run here); and it is hard to set precisely by touch or with a tremor. ``type="number"``
has its own known problems (the scroll wheel changes it, some browsers drop what they do
not understand, so "abc" could not be shown back); the GOV.UK Design System advises the
text input with the numeric keyboard for the same reasons.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.boundfield import BoundField
from django.utils.html import escape
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from wendbaar.approaches.constants import BuildingBlock
from wendbaar.approaches.models import PolicyDriver
from wendbaar.ui.forms import TEXTBOX_CLASS, NLDesignForm

from . import competences
from .constants import (
    INNOVATION_PARTS,
    KOPPELKANSEN_EXAMPLE,
    MAX_NAME_LENGTH,
    MAX_PICKS_PER_SUBJECT,
    MAX_REASON_LENGTH,
    MAX_SENTENCE_LENGTH,
    SLIDERS,
    InnovationState,
    text_in,
)
from .services import clean_text

# A code is six characters; room for the spaces someone types between them.
MAX_CODE_INPUT = 20
STRENGTHS = (1, 2, 3, 4, 5)


class JoinForm(NLDesignForm, forms.Form):
    autocomplete = {"code": "off", "name": "given-name"}

    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=MAX_CODE_INPUT,
        help_text=gettext_lazy("The six letters and digits on the shared screen."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )
    name = forms.CharField(label=gettext_lazy("Your first name"), max_length=MAX_NAME_LENGTH)

    def clean_name(self) -> str:
        # What the service keeps: control and direction characters out, spaces tidied.
        name = clean_text(self.cleaned_data["name"], limit=MAX_NAME_LENGTH, single_line=True)
        if not name:
            raise forms.ValidationError(_("Type your first name."))
        return name


class ItemFields:
    """Fields made per instance, one set per item of an exercise (a slider, a block, …),
    labelled in the reader's language. Mix in after ``NLDesignForm`` and before
    ``forms.Form``: the fields exist before the mixin dresses them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(self.item_fields(get_language() or "nl"))  # type: ignore[attr-defined]

    def item_fields(self, language: str) -> dict[str, forms.Field]:
        return {}

    def _value(self, name: str) -> Any:
        """The cleaned value, or None when the field was left empty or had an error."""
        return self.cleaned_data.get(name)  # type: ignore[attr-defined]

    def _has_error(self, name: str) -> bool:
        return name in self.errors  # type: ignore[attr-defined]


def _text(max_length: int, label: str, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


# --- sliders --------------------------------------------------------------------------


def percent_field(label: str, item: str) -> forms.IntegerField:
    wrong = _("Give a whole number from 0 to 100 for “%(item)s”.") % {"item": item}
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=100,
        error_messages={"invalid": wrong, "min_value": wrong, "max_value": wrong},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "spellcheck": "false",
                "size": "4",
                "maxlength": "5",
                "class": f"{TEXTBOX_CLASS} ws-number",
            }
        ),
    )


class SliderForm(NLDesignForm, ItemFields, forms.Form):
    """Per slider: now and aimed for (0-100) and why. A slider left empty is not saved;
    half a pair is refused (both numbers or neither)."""

    def item_fields(self, language: str) -> dict[str, forms.Field]:
        fields: dict[str, forms.Field] = {}
        for slider in SLIDERS:
            name = text_in(slider.name, language)
            fields[f"{slider.key}-now"] = percent_field(_("Situation now"), name)
            fields[f"{slider.key}-target"] = percent_field(_("Situation aimed for"), name)
            fields[f"{slider.key}-reason"] = _text(
                MAX_REASON_LENGTH, _("Why here? (optional)"), rows=2
            )
        return fields

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        language = get_language() or "nl"
        for slider in SLIDERS:
            key, item = slider.key, text_in(slider.name, language)
            now, target = f"{key}-now", f"{key}-target"
            if self._has_error(now) or self._has_error(target):
                continue
            placed = {n: self._value(n) is not None for n in (now, target)}
            if placed[now] != placed[target]:
                missing = now if not placed[now] else target
                self.add_error(
                    missing,
                    _("Fill in both numbers for “%(item)s”, or leave both empty.") % {"item": item},
                )
            elif not placed[now] and self._value(f"{key}-reason"):
                self.add_error(
                    now, _("Place “%(item)s” to keep the reason you wrote.") % {"item": item}
                )
        return data

    def rows(self) -> list[dict[str, Any]]:
        """``services.save_sliders``'s rows: each slider placed, in the workbook's
        order."""
        return [
            {
                "slider": s.key,
                "now": self._value(f"{s.key}-now"),
                "target": self._value(f"{s.key}-target"),
                "reason": self._value(f"{s.key}-reason") or "",
            }
            for s in SLIDERS
            if self._value(f"{s.key}-now") is not None
        ]

    def sections(self, language: str) -> list[dict[str, Any]]:
        return [
            {
                "key": s.key,
                "name": text_in(s.name, language),
                "top": text_in(s.top, language),
                "questions": [text_in(q, language) for q in s.questions],
                "now": self[f"{s.key}-now"],
                "target": self[f"{s.key}-target"],
                "reason": self[f"{s.key}-reason"],
            }
            for s in SLIDERS
        ]


def slider_initial(own: dict[str, Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for key, answer in own["sliders"].items():
        initial |= {
            f"{key}-now": answer.now,
            f"{key}-target": answer.target,
            f"{key}-reason": answer.reason,
        }
    return initial


# --- building blocks ------------------------------------------------------------------


class BlockForm(NLDesignForm, ItemFields, forms.Form):
    """Per building block: how strong now (1 weak … 5 strong) and which tension it
    explains; one block to work on first. A block not rated is not saved."""

    first = forms.ChoiceField(
        label=gettext_lazy("Which building block do you want to work on first?"),
        choices=BuildingBlock.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    def item_fields(self, language: str) -> dict[str, forms.Field]:
        # Digits side by side (one row on a phone); the group's description says which
        # end is which, and is read out with it.
        scale = [(str(n), str(n)) for n in STRENGTHS]
        fields: dict[str, forms.Field] = {}
        for block in BuildingBlock:
            fields[f"{block.value}-strength"] = forms.ChoiceField(
                label=_("How strong is it now?"),
                help_text=_("1 is weak, 5 is strong."),
                choices=scale,
                required=False,
                widget=forms.RadioSelect,
            )
            fields[f"{block.value}-tension"] = _text(
                MAX_REASON_LENGTH, _("Which tension does it explain? (optional)"), rows=2
            )
        return fields

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for block in BuildingBlock:
            strength, tension = f"{block.value}-strength", f"{block.value}-tension"
            unrated = not self._value(strength) and not self._has_error(strength)
            if unrated and self._value(tension):
                self.add_error(
                    strength,
                    _("Rate “%(item)s” to keep the tension you wrote.") % {"item": block.label},
                )
        first = self._value("first")
        if first and not self._value(f"{first}-strength"):
            self.add_error("first", _("Rate the building block you want to work on first, too."))
        return data

    def rows(self) -> list[dict[str, Any]]:
        """``services.save_block``'s arguments for each block rated, in the workbook's
        order."""
        first = self._value("first")
        return [
            {
                "block": b.value,
                "strength": int(self._value(f"{b.value}-strength")),
                "tension": self._value(f"{b.value}-tension") or "",
                "first": b.value == first,
            }
            for b in BuildingBlock
            if self._value(f"{b.value}-strength")
        ]

    def sections(self) -> list[dict[str, Any]]:
        return [
            {
                "key": b.value,
                "name": b.label,
                "strength": self[f"{b.value}-strength"],
                "tension": self[f"{b.value}-tension"],
            }
            for b in BuildingBlock
        ]


def block_initial(own: dict[str, Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for key, answer in own["blocks"].items():
        initial |= {f"{key}-strength": str(answer.strength), f"{key}-tension": answer.tension}
        if answer.first:
            initial["first"] = key
    return initial


# --- koppelkansen ---------------------------------------------------------------------


class KoppelkansForm(NLDesignForm, forms.Form):
    sentence = forms.CharField(
        label=gettext_lazy("Your combined message, in one sentence"),
        max_length=MAX_SENTENCE_LENGTH,
    )
    drivers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Which policy drivers does it link to? (optional)"),
        queryset=PolicyDriver.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, drivers: QuerySet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if drivers is not None:
            self.fields["drivers"].queryset = drivers
        example = text_in(KOPPELKANSEN_EXAMPLE, get_language())
        # The field component shows help as HTML: escape the example.
        self.fields["sentence"].help_text = escape(
            _("At most %(n)d characters. For example: “%(example)s”")
            % {"n": MAX_SENTENCE_LENGTH, "example": example}
        )


def koppelkans_initial(own: dict[str, Any]) -> dict[str, Any]:
    answer = own["koppelkans"]
    if answer is None:
        return {}
    return {"sentence": answer.sentence, "drivers": sorted(own["drivers"])}


# --- social innovation ----------------------------------------------------------------


class InnovationForm(NLDesignForm, ItemFields, forms.Form):
    """Per part: already working on it, or needs attention, and a note. A part left
    unanswered is not saved."""

    def item_fields(self, language: str) -> dict[str, forms.Field]:
        fields: dict[str, forms.Field] = {}
        for part in INNOVATION_PARTS:
            fields[f"{part.key}-state"] = forms.ChoiceField(
                label=_("Where does the case stand?"),
                choices=InnovationState.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            fields[f"{part.key}-note"] = _text(MAX_REASON_LENGTH, _("Note (optional)"), rows=2)
        return fields

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        language = get_language() or "nl"
        for part in INNOVATION_PARTS:
            state, note = f"{part.key}-state", f"{part.key}-note"
            unanswered = not self._value(state) and not self._has_error(state)
            if unanswered and self._value(note):
                self.add_error(
                    state,
                    _("Choose where the case stands on “%(item)s” to keep your note.")
                    % {"item": text_in(part.name, language)},
                )
        return data

    def rows(self) -> list[dict[str, Any]]:
        """``services.save_innovation``'s arguments for each part answered."""
        return [
            {
                "part": p.key,
                "state": self._value(f"{p.key}-state"),
                "note": self._value(f"{p.key}-note") or "",
            }
            for p in INNOVATION_PARTS
            if self._value(f"{p.key}-state")
        ]

    def sections(self, language: str) -> list[dict[str, Any]]:
        return [
            {
                "key": p.key,
                "name": text_in(p.name, language),
                "state": self[f"{p.key}-state"],
                "note": self[f"{p.key}-note"],
            }
            for p in INNOVATION_PARTS
        ]


def innovation_initial(own: dict[str, Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for key, answer in own["innovation"].items():
        initial |= {f"{key}-state": answer.state, f"{key}-note": answer.note}
    return initial


# --- the competence game --------------------------------------------------------------


class CompetenceForm(NLDesignForm, forms.Form):
    """What one person is good at, in the eyes of the participant: the catalogue grouped
    by best-person type. One form per person on the page (``auto_id`` keeps the ids
    apart); the person is the page's ``subject`` field, checked by the view."""

    competences = forms.MultipleChoiceField(
        label=gettext_lazy("Strengths"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language() or "nl"
        field = self.fields["competences"]
        field.choices = [(c.key, competences.label(c, language)) for c in competences.COMPETENCES]
        field.help_text = escape(_("Choose at most %(n)d.") % {"n": MAX_PICKS_PER_SUBJECT})

    def clean_competences(self) -> list[str]:
        chosen = list(dict.fromkeys(self.cleaned_data["competences"]))
        if len(chosen) > MAX_PICKS_PER_SUBJECT:
            raise forms.ValidationError(
                _("Choose at most %(n)d competences for one person; you chose %(count)d.")
                % {"n": MAX_PICKS_PER_SUBJECT, "count": len(chosen)}
            )
        return chosen

    def groups(self, language: str) -> list[dict[str, Any]]:
        """The checkboxes per best-person type, in the workbook's order of the types."""
        options: dict[str, list[BoundField]] = {t.key: [] for t in competences.BEST_PERSON_TYPES}
        for option in self["competences"]:
            kind = competences.BY_KEY[option.data["value"]].kind
            options[kind].append(option)
        return [
            {
                "key": t.key,
                "name": competences.label(t, language),
                "description": competences.description(t, language),
                "options": options[t.key],
            }
            for t in competences.BEST_PERSON_TYPES
        ]


def picks_of(own: dict[str, Any], subject: int) -> list[str]:
    """The competences the participant named for ``subject``, in the catalogue's order."""
    chosen = {key for person, key in own["picks"] if person == subject}
    return [c.key for c in competences.COMPETENCES if c.key in chosen]


def display_names(people: Sequence[Any]) -> dict[int, str]:
    """First names, told apart when two people share one ("Anna", "Anna (2)")."""
    seen: dict[str, int] = {}
    names: dict[int, str] = {}
    for person in people:
        seen[person.name] = seen.get(person.name, 0) + 1
        count = seen[person.name]
        names[person.pk] = person.name if count == 1 else f"{person.name} ({count})"
    return names
