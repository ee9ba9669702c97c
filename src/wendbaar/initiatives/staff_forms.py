"""Input of the staff pages of initiatives. The forms check what was typed; the rules
(consent with contact details, a reason to stop, who may own) live in ``services`` and
come back onto the form through ``ui.forms.run_service``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wendbaar.accounts.models import User
from wendbaar.areas.models import Area
from wendbaar.core.constants import Theme
from wendbaar.organisations.models import Organisation
from wendbaar.ui.forms import NLDesignForm

from .constants import (
    MAX_GROUP_LENGTH,
    MAX_MESSAGE_LENGTH,
    MAX_REASON_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_TITLE_LENGTH,
    Ask,
    InitiativeStatus,
    Source,
    SupportKind,
)
from .point_forms import PointField, PointPickerMixin
from .selectors import user_label

# Staff type in somebody else's details: their browser must not offer its own.
NO_AUTOFILL = {"name": "off", "email": "off", "phone": "off"}
STAFF_SOURCES = [(value, label) for value, label in Source.choices if value != Source.PUBLIC_FORM]


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.name} ({obj.level_label.lower()})"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return user_label(obj)


class StaffInitiativeForm(PointPickerMixin, NLDesignForm, forms.Form):
    """An idea told to staff at a table, by phone or by e-mail."""

    autocomplete = NO_AUTOFILL

    source = forms.ChoiceField(
        label=_("How did the idea reach you?"), choices=STAFF_SOURCES, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE_LENGTH,
        help_text=_("A few words about the idea."),
    )
    what = forms.CharField(
        label=_("What do the initiators want to do?"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    why = forms.CharField(
        label=_("Why (optional)"),
        max_length=MAX_TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    area = AreaChoiceField(label=_("Neighbourhood or district"), queryset=Area.objects.none())
    point = PointField()
    location = forms.CharField(label=_("Where exactly (optional)"), max_length=200, required=False)
    themes = forms.MultipleChoiceField(
        label=_("Themes (optional)"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    asks = forms.MultipleChoiceField(
        label=_("What do they ask for? (optional)"),
        choices=Ask.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    group = forms.CharField(
        label=_("The group behind it (optional)"), max_length=MAX_GROUP_LENGTH, required=False
    )
    name = forms.CharField(
        label=_("Name of the contact person (optional)"), max_length=120, required=False
    )
    email = forms.EmailField(
        label=_("Their e-mail address (optional)"),
        required=False,
        help_text=_(
            "They receive the link to follow their idea by e-mail. Without an address, "
            "you see the link once after saving, to pass on."
        ),
    )
    phone = forms.CharField(
        label=_("Their telephone number (optional)"), max_length=30, required=False
    )
    consent = forms.BooleanField(
        label=_("The contact person agrees that we keep these details to keep them informed."),
        required=False,
        help_text=_("Required when you enter a name, e-mail address or telephone number."),
    )

    def __init__(
        self,
        *args: Any,
        areas: Any,
        whole_municipality: bool = False,
        municipality: Area | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        field = self.fields["area"]
        field.queryset = areas
        # Staff with the whole gemeente in scope may leave the place open.
        if whole_municipality:
            field.required = False
            field.empty_label = _("The whole municipality, or not known")
        if municipality is not None:
            self.setup_point_picker(municipality)


class AssignOwnerForm(NLDesignForm, forms.Form):
    owner = PersonChoiceField(label=_("Contact person"), queryset=User.objects.none())
    role = forms.CharField(
        label=_("Their role, as the initiators will read it"),
        max_length=120,
        help_text=_("For example: initiatiefmakelaar, wijkmanager."),
    )

    def __init__(self, *args: Any, candidates: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["owner"].queryset = candidates


class MessageForm(NLDesignForm, forms.Form):
    text = forms.CharField(
        label=_("Message to the initiators"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The initiators read this on their status page and get an e-mail."),
    )
    question = forms.BooleanField(
        label=_("This is a question they can answer through their status page."),
        required=False,
    )


class StatusChoiceField(forms.ChoiceField):
    """Offers the statuses the workflow allows next, but passes any known status on, so
    the service says why a move is not allowed (one rule, one message)."""

    def valid_value(self, value: Any) -> bool:
        return value in InitiativeStatus.values


class StatusForm(NLDesignForm, forms.Form):
    status = StatusChoiceField(label=_("New status"), choices=())
    text = forms.CharField(
        label=_("Reason or explanation"),
        max_length=MAX_REASON_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required for “Stopped” and “Not possible”: the initiators read it. Nothing "
            "ends without a reason."
        ),
    )

    def __init__(self, *args: Any, statuses: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = list(statuses)


class HandOverForm(NLDesignForm, forms.Form):
    to_user = PersonChoiceField(label=_("Hand over to"), queryset=User.objects.none())
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The initiators read it. Nothing moves until the receiver accepts."),
    )
    role = forms.CharField(
        label=_("Role of the receiver (optional)"), max_length=120, required=False
    )
    department = forms.CharField(
        label=_("Department or team (optional)"), max_length=120, required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Partner organisation (optional)"),
        queryset=Organisation.objects.none(),
        required=False,
    )

    def __init__(
        self, *args: Any, candidates: Any = None, organisations: Any = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["to_user"].queryset = candidates
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


class HandOverAnswerForm(NLDesignForm, forms.Form):
    """Accept or refuse; a refusal needs a reason (the service says so)."""

    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Accept")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for refusing"),
        max_length=MAX_REASON_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to refuse; the initiative then stays where it was."),
    )


class SupportForm(NLDesignForm, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of support"), choices=SupportKind.choices)
    description = forms.CharField(label=_("What is given"), max_length=300)
    given_by = forms.CharField(label=_("Given by"), max_length=200)
    given_on = forms.DateField(
        label=_("Given on (optional)"), required=False, help_text=_("Today if left empty.")
    )
    amount = forms.DecimalField(
        label=_("Amount in euro (optional)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )


class RuleConflictForm(NLDesignForm, forms.Form):
    rule = forms.CharField(label=_("Which rule blocks the initiative?"), max_length=300)
    department = forms.CharField(label=_("Department that applies the rule"), max_length=120)
    what_would_help = forms.CharField(
        label=_("What would help (optional)"),
        max_length=MAX_MESSAGE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResolveRuleConflictForm(NLDesignForm, forms.Form):
    resolution = forms.CharField(
        label=_("How was it resolved?"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(NLDesignForm, forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only staff see it; the initiators do not."),
    )
