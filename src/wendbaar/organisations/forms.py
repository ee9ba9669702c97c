"""Forms of the register's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wendbaar.areas.models import Area
from wendbaar.ui.forms import NLDesignForm

from .constants import CivilSocietySubtype, OrganisationKind


class OrganisationForm(NLDesignForm, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    subtype = forms.ChoiceField(
        label=_("Subtype"),
        choices=[("", "—"), *CivilSocietySubtype.choices],
        required=False,
        help_text=_("Only for civil society organisations."),
    )
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Area.objects.none())
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, municipalities, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["municipality"].queryset = municipalities


class OrganisationEditForm(NLDesignForm, forms.Form):
    """The register's details of one organisation; its gemeente stays."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    subtype = forms.ChoiceField(
        label=_("Subtype"),
        choices=[("", "—"), *CivilSocietySubtype.choices],
        required=False,
        help_text=_("Only for civil society organisations."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")


class RemoveForm(NLDesignForm, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the audit log with the organisation's name."),
    )
    confirm = forms.BooleanField(label=_("Yes, remove this organisation."))
