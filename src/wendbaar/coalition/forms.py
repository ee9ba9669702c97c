"""Input validation for the coalition pages. Writes go through ``services.py``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wendbaar.organisations.models import ContactPerson, Organisation
from wendbaar.ui.forms import DateInput, NLDesignForm

from .constants import CommitmentKind, MembershipRole


class MembershipForm(NLDesignForm, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput())
    contact = forms.ModelChoiceField(
        label=_("Contact person"), queryset=ContactPerson.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, organisations, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["organisation"].queryset = organisations
        self.fields["contact"].queryset = ContactPerson.objects.filter(
            organisation__in=organisations
        )


class LeaveForm(NLDesignForm, forms.Form):
    left_on = forms.DateField(
        label=_("Left on"),
        widget=DateInput(),
        help_text=_("The first day the organisation is no longer a member."),
    )
    note = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the membership's note."),
    )


class RoleForm(NLDesignForm, forms.Form):
    role = forms.ChoiceField(label=_("New role"), choices=MembershipRole.choices)
    on = forms.DateField(
        label=_("From"),
        widget=DateInput(),
        help_text=_("The current role ends the day before; the history keeps both."),
    )


class CommitmentForm(NLDesignForm, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CommitmentKind.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    amount = forms.DecimalField(
        label=_("Amount (euro)"), min_value=0, required=False, decimal_places=2
    )
    hours = forms.DecimalField(
        label=_("Hours per year"), min_value=0, required=False, decimal_places=1
    )
    start_year = forms.IntegerField(label=_("From year"), min_value=1990, max_value=2100)
    end_year = forms.IntegerField(
        label=_("To year"), min_value=1990, max_value=2100, required=False
    )

    def __init__(self, *args: Any, organisations, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["organisation"].queryset = organisations
