"""Input validation for the server-rendered pages. Writes go through ``services.py``."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wendbaar.approaches.models import Approach, PolicyDriver
from wendbaar.core.constants import Theme
from wendbaar.core.withdrawal import MAX_REASON_LENGTH
from wendbaar.organisations.models import ContactPerson, Organisation
from wendbaar.ui.forms import DateInput, NLDesignForm, widget_class

from .constants import FundingStatus, ProjectStatus
from .models import Goal, ProgrammeLine, Project


def theme_field(**kwargs: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


class GoalForm(NLDesignForm, forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    themes = theme_field()


class ChangeReasonMixin:
    """The reason for a change of a goal or indicator (``AgendaChange``), shown on the
    wijkaanpak page. ``set_before_today`` (``services.change_needs_reason``): the service
    then requires it — for an edit only when one of ``needed_for`` changes (the help text
    names them, the service's refusal shows at the field), for a removal always (the form
    requires it too)."""

    def __init__(self, *args: Any, set_before_today: bool, needed_for: str = "", **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = self.fields["reason"]
        if not set_before_today:
            field.help_text = _(
                "Optional: it was made today, so this is still drafting. Kept with the "
                "change and shown on the wijkaanpak page."
            )
        elif needed_for:
            field.help_text = _(
                "Needed when %(fields)s changes: it was set before today. Kept with the "
                "change and shown on the wijkaanpak page."
            ) % {"fields": needed_for}
        else:
            field.required = True
            field.error_messages["required"] = _(
                "Say why it is removed: it was set before today, and the reason is kept."
            )
            field.help_text = _(
                "Needed: it was set before today. Kept with the change and shown on the "
                "wijkaanpak page."
            )


def change_reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Reason for the change"),
        max_length=MAX_REASON_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GoalEditForm(ChangeReasonMixin, GoalForm):
    """Edit a goal: what it says, and why it changes (from the day after it was made)."""

    reason = change_reason_field()


class GoalIndicatorForm(NLDesignForm, forms.Form):
    indicator_code = forms.ChoiceField(
        label=_("Indicator from the monitor"),
        required=False,
        help_text=_("Or leave empty and name a local indicator below."),
    )
    name = forms.CharField(label=_("Name of a local indicator"), max_length=200, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    polarity = forms.TypedChoiceField(
        label=_("Polarity"),
        coerce=int,
        choices=[(1, _("Higher is better")), (0, _("Neutral")), (-1, _("Higher is worse"))],
        required=False,
        empty_value=None,
    )
    baseline_value = forms.FloatField(label=_("Baseline value"), required=False)
    baseline_year = forms.IntegerField(label=_("Baseline year"), required=False)
    target_value = forms.FloatField(label=_("Target value"), required=False)
    target_year = forms.IntegerField(label=_("Target year"), required=False)

    def __init__(self, *args: Any, catalogue: list[tuple[str, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["indicator_code"].choices = [("", "—"), *catalogue]

    def clean(self):
        data = super().clean()
        if not data.get("indicator_code") and not data.get("name"):
            raise ValidationError(_("Choose an indicator from the monitor or name a local one."))
        return data


class MeasurementForm(NLDesignForm, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    value = forms.FloatField(label=_("Value"))
    note = forms.CharField(label=_("Source or note"), max_length=300, required=False)


class ProjectForm(NLDesignForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What will be done"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    line = forms.ModelChoiceField(
        label=_("Programme line"), queryset=ProgrammeLine.objects.none(), required=False
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner organisation"), queryset=Organisation.objects.none(), required=False
    )
    owner_contact = forms.ModelChoiceField(
        label=_("Owner (person)"), queryset=ContactPerson.objects.none(), required=False
    )
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), widget=DateInput(), required=False)
    budget = forms.DecimalField(label=_("Budget (euro)"), min_value=0, decimal_places=2)
    weight = forms.DecimalField(
        label=_("Weight"),
        min_value=0,
        decimal_places=2,
        required=False,
        help_text=_("Optional: weight in the progress roll-up instead of the budget."),
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Goals served"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = theme_field()
    policy_drivers = forms.ModelMultipleChoiceField(
        label=_("Policy drivers (koppelkansen)"),
        queryset=PolicyDriver.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    combined_message = forms.CharField(
        label=_("Combined message"),
        max_length=300,
        required=False,
        help_text=_("One sentence: how this project and the policy drivers both win."),
    )
    follow_up_of = forms.ModelChoiceField(
        label=_("Follow-up of"), queryset=Project.objects.none(), required=False
    )

    def __init__(self, *args: Any, approach: Approach, project: Project | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["line"].queryset = approach.lines.all()
        orgs = Organisation.objects.filter(municipality_id=approach.municipality_id)
        self.fields["owner_organisation"].queryset = orgs
        self.fields["owner_contact"].queryset = ContactPerson.objects.filter(organisation__in=orgs)
        self.fields["goals"].queryset = approach.goals.all()
        self.fields["policy_drivers"].queryset = PolicyDriver.objects.filter(
            municipality__isnull=True
        ) | PolicyDriver.objects.filter(municipality_id=approach.municipality_id)
        others = approach.projects.all()
        if project is not None:
            others = others.exclude(pk=project.pk)
        self.fields["follow_up_of"].queryset = others

    @staticmethod
    def initial_for(project: Project) -> dict:
        data = {
            name: getattr(project, name)
            for name in (
                "title",
                "description",
                "line",
                "owner_organisation",
                "owner_contact",
                "start_date",
                "end_date",
                "budget",
                "weight",
                "themes",
                "combined_message",
                "follow_up_of",
            )
        }
        data["goals"] = list(project.goals.all())
        data["policy_drivers"] = list(project.policy_drivers.all())
        return data


class StatusForm(NLDesignForm, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ProjectStatus.choices)
    on = forms.DateField(label=_("As of"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Reason"), max_length=300, required=False)


OUTPUT_LINE = re.compile(r"^(?P<label>[^:]+):\s*(?P<value>-?[\d.,]+)\s*(?P<unit>.*)$")


class ProgressForm(NLDesignForm, forms.Form):
    reported_on = forms.DateField(label=_("Reported on"), widget=DateInput(), required=False)
    narrative = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 5}))
    progress_percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    outputs = forms.CharField(
        label=_("Output figures"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line, as “label: number unit”, e.g. “Meetings held: 4”. Outputs of "
            "the project only; outcomes are measured by the goals' indicators."
        ),
    )

    def clean_outputs(self) -> list[dict]:
        rows = []
        for line in self.cleaned_data["outputs"].splitlines():
            if not line.strip():
                continue
            match = OUTPUT_LINE.match(line.strip())
            if not match:
                raise ValidationError(
                    _("Cannot read “%(line)s”: write “label: number unit”.") % {"line": line}
                )
            rows.append(
                {
                    "label": match["label"].strip(),
                    "value": match["value"].replace(",", "."),
                    "unit": match["unit"].strip(),
                }
            )
        return rows


class FundingForm(NLDesignForm, forms.Form):
    source = forms.ModelChoiceField(label=_("Source (party)"), queryset=Organisation.objects.none())
    amount = forms.DecimalField(label=_("Amount (euro)"), min_value=0, decimal_places=2)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    status = forms.ChoiceField(label=_("Status"), choices=FundingStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(
        self, *args: Any, approach: Approach, over_commitment: bool = False, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["source"].queryset = Organisation.objects.filter(
            municipality_id=approach.municipality_id
        )
        if over_commitment:
            self.fields["confirm_over_budget"] = over_budget_field()
            self.fields["confirm_over_budget"].widget.attrs["class"] = widget_class(
                self.fields["confirm_over_budget"].widget
            )


class MoneyFlowForm(NLDesignForm, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Party"), queryset=Organisation.objects.none())
    description = forms.CharField(label=_("Description"), max_length=300)
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", "—"), *Theme.choices], required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    amount = forms.DecimalField(label=_("Amount (euro)"), min_value=0, decimal_places=2)
    status = forms.ChoiceField(label=_("Status"), choices=FundingStatus.choices)

    def __init__(self, *args: Any, approach: Approach, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            municipality_id=approach.municipality_id
        )


class FundingEditForm(NLDesignForm, forms.Form):
    """Correct a funding line (its status moves on the project page, not here)."""

    source = forms.ModelChoiceField(label=_("Source (party)"), queryset=Organisation.objects.none())
    amount = forms.DecimalField(label=_("Amount (euro)"), min_value=0, decimal_places=2)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    FIELDS = ("source", "amount", "year", "note")

    def __init__(self, *args: Any, approach: Approach, over_commitment: bool = False, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["source"].queryset = Organisation.objects.filter(
            municipality_id=approach.municipality_id
        )
        if over_commitment:
            self.fields["confirm_over_budget"] = over_budget_field()
            self.fields["confirm_over_budget"].widget.attrs["class"] = widget_class(
                self.fields["confirm_over_budget"].widget
            )

    @classmethod
    def initial_for(cls, funding: Any) -> dict:
        return {name: getattr(funding, name) for name in cls.FIELDS}


class FundingStatusForm(NLDesignForm, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FundingStatus.choices)


def over_budget_field() -> forms.BooleanField:
    """Where the gemeente allows funding above a project's budget: the explicit,
    recorded confirmation (the service refuses without it)."""
    return forms.BooleanField(
        label=_("I confirm funding above the project's budget"),
        required=False,
        help_text=_(
            "Only needed when this amount brings the project's funding above its budget; "
            "your confirmation is recorded."
        ),
    )


class MoneyFlowEditForm(MoneyFlowForm):
    FIELDS = ("organisation", "description", "theme", "year", "amount", "status")

    @classmethod
    def initial_for(cls, flow: Any) -> dict:
        return {name: getattr(flow, name) for name in cls.FIELDS}


# --- corrections and removals of the agenda and the programme ---------------------------


class GoalIndicatorEditForm(ChangeReasonMixin, NLDesignForm, forms.Form):
    """Edit an indicator of a goal (which monitor indicator it is stays as it was), and
    say why it changes (from the day after it was made)."""

    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    polarity = forms.TypedChoiceField(
        label=_("Polarity"),
        coerce=int,
        choices=[(1, _("Higher is better")), (0, _("Neutral")), (-1, _("Higher is worse"))],
    )
    baseline_value = forms.FloatField(label=_("Baseline value"), required=False)
    baseline_year = forms.IntegerField(label=_("Baseline year"), required=False)
    target_value = forms.FloatField(label=_("Target value"), required=False)
    target_year = forms.IntegerField(label=_("Target year"), required=False)
    reason = change_reason_field()

    FIELDS = (
        "name",
        "unit",
        "polarity",
        "baseline_value",
        "baseline_year",
        "target_value",
        "target_year",
    )

    @classmethod
    def initial_for(cls, indicator: Any) -> dict:
        return {name: getattr(indicator, name) for name in cls.FIELDS}


class ProgrammeLineForm(NLDesignForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MilestoneForm(NLDesignForm, forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(label=_("Due"), widget=DateInput())


class ReasonForm(NLDesignForm, forms.Form):
    """The confirmation of a withdrawal: why (required, kept with the record)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Why it is withdrawn; kept with the record and in the audit log."),
    )


class RemoveForm(NLDesignForm, forms.Form):
    """The confirmation of a removal: an optional reason for the audit log."""

    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=300,
        required=False,
        help_text=_("Kept in the audit log with what is removed."),
    )


class AgendaRemoveForm(ChangeReasonMixin, NLDesignForm, forms.Form):
    """The confirmation of a goal's or indicator's removal: the reason for the change,
    required once it was set before today."""

    reason = change_reason_field()


def outputs_text(outputs: list[dict]) -> str:
    """Output figures as the progress form's text: one “label: number unit” per line."""
    lines = []
    for row in outputs or []:
        value = row.get("value")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        lines.append(f"{row.get('label', '')}: {value} {row.get('unit', '')}".rstrip())
    return "\n".join(lines)
