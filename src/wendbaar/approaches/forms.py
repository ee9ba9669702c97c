"""Forms of the wijkaanpak's own pages: the wijkaanpak, its checklist and its vision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.organisations.models import Organisation
from wendbaar.ui.forms import NLDesignForm

from .models import Approach


class ApproachForm(NLDesignForm, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Area.objects.none())
    areas = forms.ModelMultipleChoiceField(
        label=_("Districts and neighbourhoods"),
        queryset=Area.objects.none(),
        help_text=_("One or more districts or neighbourhoods of the municipality."),
    )
    start_year = forms.IntegerField(label=_("Start year"), min_value=1990, max_value=2100)
    end_year = forms.IntegerField(
        label=_("End year"),
        min_value=1990,
        max_value=2100,
        help_text=_("A long breath: up to a generation (25 years)."),
    )
    budget_holder = forms.ModelChoiceField(
        label=_("Budget holder of the programme"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Money from every other party counts as co-funding."),
    )
    is_published = forms.BooleanField(label=_("Published (visible to everyone)"), required=False)

    def __init__(
        self, *args: Any, municipalities, areas, organisations, fixed_municipality=None, **kw
    ):
        super().__init__(*args, **kw)
        self.fields["municipality"].queryset = municipalities
        self.fields["areas"].queryset = areas.filter(
            level__in=[AreaLevel.DISTRICT, AreaLevel.NEIGHBOURHOOD]
        ).order_by("code")
        self.fields["budget_holder"].queryset = organisations
        if fixed_municipality is not None:
            self.fields["municipality"].disabled = True
            self.fields["municipality"].initial = fixed_municipality

    @staticmethod
    def initial_for(approach: Approach) -> dict:
        return {
            "name": approach.name,
            "summary": approach.summary,
            "municipality": approach.municipality,
            "areas": list(approach.areas.all()),
            "start_year": approach.start_year,
            "end_year": approach.end_year,
            "budget_holder": approach.budget_holder,
            "is_published": approach.is_published,
        }


class ChecklistItemForm(NLDesignForm, forms.Form):
    """Saves one item of the checklist; posts may be partial (htmx, scripts).

    The page's form sends ``done=false`` in a hidden field before the box, so an
    unticked box is sent too; a field the post does not contain is left as it is.
    """

    done = forms.BooleanField(label=_("Done"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def sent(self) -> dict[str, Any]:
        """The cleaned values of only the fields the post contained."""
        return {name: self.cleaned_data[name] for name in self.fields if name in self.data}


class VisionForm(NLDesignForm, forms.Form):
    text = forms.CharField(label=_("Shared vision"), widget=forms.Textarea(attrs={"rows": 8}))
    reason = forms.CharField(
        label=_("Why does the vision change?"),
        max_length=300,
        help_text=_("Kept with the version, for later accountability."),
    )
