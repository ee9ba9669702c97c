"""The web kernel's forms: NL Design System (Utrecht) markup and service-error mapping.

Every app's forms mix in :class:`NLDesignForm`; every view that calls a service with a
form's data goes through :func:`run_service`. The templates in ``ui/components/`` (the
``ui`` template tags) render the fields, so ids, labels and ``aria-*`` stay consistent.

Django (5.2) itself puts ``aria-invalid="true"`` on an invalid input and
``aria-describedby="<id>_helptext <id>_error"`` on an input with help or errors; for a
radio or checkbox group it leaves them to the fieldset, which ``ui/components/field.html``
renders from ``BoundField.aria_describedby``. The mixin adds what Django leaves out: the
classes, the autocomplete tokens, and ``aria-describedby`` on widgets that carry their own
``aria-describedby`` (Django then stops adding the error id, which we still need).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from wendbaar.core.withdrawal import MAX_REASON_LENGTH

T = TypeVar("T")

TEXTBOX_CLASS = "utrecht-textbox utrecht-textbox--html-input"
TEXTAREA_CLASS = "utrecht-textarea utrecht-textarea--html-textarea"
SELECT_CLASS = "utrecht-select utrecht-select--html-select"
# "custom": the design system's own box (tokens for size, border, tick), not the browser's.
CHECKBOX_CLASS = "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom"
RADIO_CLASS = "utrecht-radio-button utrecht-radio-button--html-input"
# Utrecht has no file-input component; the textbox base class gives it the same font
# and spacing without the fixed textbox width.
FILE_CLASS = "utrecht-textbox"

# Field kinds the field component renders differently.
KIND_TEXT = "text"
KIND_CHECKBOX = "checkbox"
KIND_GROUP = "group"

#: The empty choice of a select: never Django's "---------", never silently the first option.
EMPTY_LABEL = _("— choose —")
#: Django's "This field is required." says nothing about a select or a radio group.
CHOOSE_REQUIRED = _("Choose one of the options.")
#: Labels of an empty choice that the mixin replaces by ``EMPTY_LABEL``.
PLACEHOLDER_LABELS = {"", "-", "—", "---------"}


class DateInput(forms.DateInput):
    """A native date picker. The value is always ISO: a browser ignores ``value="31-12-2026"``
    in ``<input type="date">``, which the Dutch locale format would otherwise produce."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs=attrs, format=format or "%Y-%m-%d")


def widget_class(widget: forms.Widget) -> str:
    """The Utrecht classes for one widget (checked most specific first)."""
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return CHECKBOX_CLASS  # copied onto every option's input
    if isinstance(widget, forms.RadioSelect):
        return RADIO_CLASS
    if isinstance(widget, forms.CheckboxInput):
        return CHECKBOX_CLASS
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return SELECT_CLASS
    if isinstance(widget, forms.Textarea):
        return TEXTAREA_CLASS
    if isinstance(widget, forms.FileInput):
        return FILE_CLASS
    return TEXTBOX_CLASS


def is_single_select(widget: forms.Widget) -> bool:
    """A drop-down of one value (not a multiple select, not Django's yes/no/unknown)."""
    return isinstance(widget, forms.Select) and not isinstance(
        widget, forms.SelectMultiple | forms.NullBooleanSelect
    )


def iso_date_widget(field: forms.Field) -> forms.Widget:
    """The widget a date field must have: :class:`DateInput` (ISO value, native picker).

    A plain ``forms.DateInput`` (Django's default for a ``DateField``) renders the locale
    format ("31-12-2026"), which ``<input type="date">`` rejects, so the field looks empty.
    Hidden inputs and widgets of another kind are left alone."""
    widget = field.widget
    if isinstance(widget, DateInput) or not isinstance(widget, forms.DateInput):
        return widget
    attrs = {key: value for key, value in widget.attrs.items() if key != "type"}
    replacement = DateInput(attrs=attrs)
    replacement.is_required = widget.is_required
    replacement.is_localized = widget.is_localized
    return replacement


def _has_initial(bound_field: BoundField) -> bool:
    form_initial = getattr(bound_field.form, "initial", None) or {}
    return bound_field.field.initial is not None or form_initial.get(bound_field.name) is not None


def add_empty_choice(bound_field: BoundField) -> None:
    """An empty, translated choice on a select that has no value to fall back on.

    Optional selects always get one; a required select gets one unless the form gives it
    an initial value (a sensible default): else the browser would silently pick the first
    option ("2e Daalsebuurt"). A required select left on the empty choice is refused with
    ``CHOOSE_REQUIRED``. Runs when the bound field is made, after the form's ``__init__``
    set its querysets and choices.
    """
    field = bound_field.field
    if not isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return
    if not is_single_select(field.widget):
        return
    needs_empty = not field.required or not _has_initial(bound_field)
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is None:
            if needs_empty:
                field.empty_label = EMPTY_LABEL
        elif str(field.empty_label).strip() in PLACEHOLDER_LABELS:
            field.empty_label = EMPTY_LABEL
    else:
        choices = list(field.choices)
        empty = [i for i, choice in enumerate(choices) if choice[0] in ("", None)]
        if empty:
            index = empty[0]
            if str(choices[index][1]).strip() in PLACEHOLDER_LABELS:
                choices[index] = (choices[index][0], EMPTY_LABEL)
                field.choices = choices
        elif needs_empty:
            field.choices = [("", EMPTY_LABEL), *choices]
    _say_choose(field)


def _say_choose(field: forms.Field) -> None:
    if str(field.error_messages.get("required")) == str(
        forms.Field.default_error_messages["required"]
    ):
        field.error_messages["required"] = CHOOSE_REQUIRED


def field_kind(bound_field: BoundField) -> str:
    """How the field component lays a field out: a group (fieldset and legend), a single
    checkbox (label after the box) or a text-like field (label above)."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return KIND_GROUP
    if isinstance(widget, forms.CheckboxInput):
        return KIND_CHECKBOX
    return KIND_TEXT


def error_anchor(bound_field: BoundField) -> str:
    """The id an error summary links to: the fieldset of a group (its options have ids
    ``<id>_0``, ``<id>_1``…, and Django gives the group no ``id_for_label``), else the
    input."""
    if field_kind(bound_field) == KIND_GROUP:
        return bound_field.auto_id or ""
    return bound_field.id_for_label or bound_field.auto_id or ""


class NLDesignBoundField(BoundField):
    def __init__(self, form: forms.BaseForm, field: forms.Field, name: str) -> None:
        super().__init__(form, field, name)
        add_empty_choice(self)
        if isinstance(field.widget, forms.RadioSelect) and not isinstance(
            field.widget, forms.CheckboxSelectMultiple
        ):
            _say_choose(field)

    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None):
        attrs = super().build_widget_attrs(attrs, widget)
        # A widget with its own aria-describedby (set by the form) still needs the error
        # id; Django only adds ids when the widget sets none.
        own = self.field.widget.attrs.get("aria-describedby")
        if own and self.errors and self.auto_id and field_kind(self) != KIND_GROUP:
            error_id = f"{self.auto_id}_error"
            if error_id not in own.split():
                attrs["aria-describedby"] = f"{own} {error_id}"
        return attrs


class NLDesignForm:
    """Mix into ``forms.Form``, ``forms.ModelForm`` or a Django auth form (before it).

    ``autocomplete`` maps field names to autocomplete tokens (WCAG 1.3.5: browsers and
    assistive technology fill in the user's own data).

    What every form gets, so no form has to remember it: the Utrecht class of each widget,
    :class:`DateInput` for every date field (ISO values), an empty translated choice on
    selects without a default (``add_empty_choice``), "Choose one of the options." for an
    unchosen required select or radio group.
    """

    autocomplete: dict[str, str] = {}
    bound_field_class = NLDesignBoundField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if isinstance(field, forms.DateField):
                field.widget = iso_date_widget(field)
            field.widget.attrs.setdefault("class", widget_class(field.widget))
            if name in self.autocomplete:
                field.widget.attrs["autocomplete"] = self.autocomplete[name]
            # Autofocus moves screen readers past the page heading; leave focus alone.
            field.widget.attrs.pop("autofocus", None)


def run_service(form: forms.BaseForm, service: Callable[..., T], **kwargs: Any) -> T | None:
    """Call ``service(**kwargs)``; put its ``ValidationError`` on ``form`` and return None.

    Errors for a field the form has go to that field, the rest (and a message without
    fields) to the form's non-field errors. The call runs in a transaction, so a service
    that refuses after writing leaves nothing half-done.
    """
    try:
        with transaction.atomic():
            return service(**kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return None


class WithdrawForm(NLDesignForm, forms.Form):
    """Why a record is withdrawn (``core.withdrawal``), and that the user means it."""

    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At most 300 characters. Kept with the record."),
    )
    confirm = forms.BooleanField(label=_("Yes, withdraw it."))
