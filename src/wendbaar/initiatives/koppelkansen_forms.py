"""The koppelkansen form of an initiative: which policy drivers and agenda goals it links
to, and the combined message in one sentence. The fields are named after the arguments of
``services.link_koppelkansen``, which checks again (drivers and goals of this gemeente, a
message when anything is linked)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wendbaar.agenda.models import Goal
from wendbaar.approaches.models import PolicyDriver
from wendbaar.ui.forms import NLDesignForm

MAX_MESSAGE_LENGTH = 300  # Initiative.combined_message


class DriverChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: PolicyDriver) -> str:
        if obj.municipality_id is None:
            return obj.name
        return gettext("%(name)s (priority of the municipality)") % {"name": obj.name}


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        return gettext("%(goal)s (approach %(approach)s)") % {
            "goal": obj.title,
            "approach": obj.approach.name,
        }


class KoppelkansenForm(NLDesignForm, forms.Form):
    drivers = DriverChoiceField(
        label=_("Policy drivers"),
        queryset=PolicyDriver.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The national drivers and the municipality's own priorities."),
    )
    goals = GoalChoiceField(
        label=_("Goals of an approach"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Goals on the agenda of an approach in this municipality."),
    )
    combined_message = forms.CharField(
        label=_("The combined message in one sentence"),
        max_length=MAX_MESSAGE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What the initiative and the policy both win. For example: “In our "
            "neighbourhood we should invest in a community centre with activities for "
            "children, to keep them away from petty crime.” At most 300 characters."
        ),
    )

    def __init__(
        self,
        *args: Any,
        drivers: QuerySet[PolicyDriver],
        goals: QuerySet[Goal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["drivers"].queryset = drivers
        self.fields["goals"].queryset = goals
