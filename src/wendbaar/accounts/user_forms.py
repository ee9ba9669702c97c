"""The beheerder's forms: invite a user, give a role with its scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wendbaar.ui.forms import NLDesignForm

from .constants import RoleSlug
from .user_selectors import role_districts, role_municipalities


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.code})"


class AreaMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.code})"


class RoleForm(NLDesignForm, forms.Form):
    """A role with its scope: a gemeente, or some of its wijken."""

    role = forms.ChoiceField(label=_("Role"), choices=RoleSlug.choices)
    municipality = AreaChoiceField(
        label=_("Municipality"), queryset=None, empty_label=_("Choose a municipality")
    )
    districts = AreaMultipleChoiceField(
        label=_("Only in these districts"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for the whole municipality."),
    )

    def __init__(self, *args: Any, by: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipalities = role_municipalities(by)
        self.fields["municipality"].queryset = municipalities
        self.fields["districts"].queryset = role_districts(by)
        if len(municipalities) == 1:
            self.fields["municipality"].initial = municipalities[0].pk
            self.fields["municipality"].empty_label = None
        self.fields["role"].choices = [("", _("Choose a role")), *RoleSlug.choices]


class InviteForm(RoleForm):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    field_order = ["email", "first_name", "last_name", "role", "municipality", "districts"]
    autocomplete = {"email": "off", "first_name": "off", "last_name": "off"}
