"""The submitter's form: the whole proposal on one page, with its lines (results, costs,
financing) as formsets and an intended effect per effect of the framework.

The form checks what a form can (a number is a number, a row is complete); the services
check the rest (``proposal_services``) and their problems come back through
``ui.forms.run_service``. Problems of a group of lines land on the group's own field
(``results``, ``costs``, ``financing``, ``effects``), which renders no input: the page
shows it at the top of that fieldset and the error summary links there.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wendbaar.agenda.models import Goal
from wendbaar.approaches.models import Approach, PolicyDriver
from wendbaar.areas.models import Area
from wendbaar.core.constants import Theme
from wendbaar.monitor.selectors import indicator_choices
from wendbaar.organisations.models import Organisation
from wendbaar.stories.constants import StoryStatus
from wendbaar.stories.models import Story
from wendbaar.ui.forms import DateInput, NLDesignForm, WithdrawForm

from . import rules
from .constants import MAX_TITLE_LENGTH, FinancingStatus, ResultKind, Step
from .models import Proposal
from .proposal_services import Content, Cost, Financing, Result

#: Blank rows under the lines of each group: a row left empty is ignored.
EXTRA_ROWS = 2
SECTIONS = ("effects", "results", "costs", "financing")
HOW_PREFIX = "how_"


class SectionWidget(forms.Widget):
    """Renders nothing: the field only carries the problems of a group of lines."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> str:
        return ""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> None:
        return None


class SectionField(forms.Field):
    widget = SectionWidget

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)


class MoneyField(forms.DecimalField):
    """An amount in euros. Tolerates "€", spaces and a decimal comma ("1250,50"); a
    thousands separator is refused rather than guessed ("1.250" could be either)."""

    # A text input: type="number" would drop a typed "12,50" or "abc" on the floor.
    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Write the amount in euros as a number, e.g. 1250 or 1250.50."),
        "min_value": _("An amount cannot be negative."),
        "max_decimal_places": _("Give the amount with at most two decimals."),
        "max_digits": _("That amount is too large."),
        "max_whole_digits": _("That amount is too large."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Amount (euro)"))
        super().__init__(
            min_value=Decimal("0"), max_digits=14, decimal_places=2, required=False, **kwargs
        )
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = re.sub(r"[\s€]", "", value)
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        for key in ("min", "max", "step"):
            attrs.pop(key, None)
        return attrs


class LineForm(NLDesignForm, forms.Form):
    """One row of a group of lines. All fields optional: a row left blank is no line;
    a row with anything in it must be complete (``required_when_used``)."""

    #: The fields that make a row "used".
    content_fields: tuple[str, ...] = ()
    #: Field → message when the row is used but the field is empty.
    required_when_used: dict[str, Any] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every row is read, also one equal to its initial value: Django skips an
        # unchanged "extra" row, which would drop a saved line posted back unchanged.
        self.empty_permitted = False
        self.use_required_attribute = False

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return all(data.get(name) in (None, "", []) for name in self.content_fields) and not any(
            name in self.errors for name in self.content_fields
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        used = any(data.get(name) not in (None, "", []) for name in self.content_fields)
        used = used or any(name in self.errors for name in self.content_fields)
        if used:
            for name, message in self.required_when_used.items():
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, message)
        return data


class ResultLineForm(LineForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ResultKind.choices, required=False)
    text = forms.CharField(label=_("Result"), max_length=300, required=False)
    target = forms.CharField(label=_("Target (how much)"), max_length=100, required=False)
    due = forms.DateField(label=_("By"), required=False, widget=DateInput())

    content_fields = ("text", "target", "due")
    required_when_used = {
        "kind": _("Choose output or outcome."),
        "text": _("Describe the result."),
    }


class CostLineForm(LineForm):
    description = forms.CharField(label=_("Cost item"), max_length=200, required=False)
    amount = MoneyField()

    content_fields = ("description", "amount")
    required_when_used = {
        "description": _("Say what the cost is for."),
        "amount": _("Give the amount."),
    }


class FinancingLineForm(LineForm):
    party = forms.ModelChoiceField(
        label=_("Party"), queryset=Organisation.objects.none(), required=False
    )
    amount = MoneyField()
    status = forms.ChoiceField(
        label=_("Status"),
        choices=FinancingStatus.choices,
        initial=FinancingStatus.EXPECTED,
        required=False,
    )

    content_fields = ("party", "amount")
    required_when_used = {
        "party": _("Choose the party that pays."),
        "amount": _("Give the amount."),
        "status": _("Choose committed or expected."),
    }

    def __init__(self, *args: Any, parties: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parties is not None:
            self.fields["party"].queryset = parties


ResultFormSet = forms.formset_factory(ResultLineForm, extra=EXTRA_ROWS)
CostFormSet = forms.formset_factory(CostLineForm, extra=EXTRA_ROWS)
FinancingFormSet = forms.formset_factory(FinancingLineForm, extra=EXTRA_ROWS)

_LINE_NAMES = {
    "results": _("Result %(row)d"),
    "costs": _("Cost line %(row)d"),
    "financing": _("Financing line %(row)d"),
}


def effect_choices(spec: rules.FrameworkSpec | None) -> list[tuple[str, str]]:
    """Every effect of the framework's effects criteria: (key, label)."""
    if spec is None:
        return []
    return [(e.key, e.label) for c in spec.criteria if c.kind == rules.EFFECTS for e in c.effects]


def _area_choices(approach: Approach) -> Any:
    """The approach's areas and the buurten within them (a wijk's buurten)."""
    ids = list(approach.areas.values_list("pk", flat=True))
    return Area.objects.filter(pk__in=ids) | Area.objects.filter(parent_id__in=ids)


class ProposalForm(NLDesignForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In a few sentences: what will be done, with whom, for whom."),
    )
    problem = forms.CharField(
        label=_("Problem or opportunity"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why now: what the monitor and the stories of the area show."),
    )
    indicator_codes = forms.MultipleChoiceField(
        label=_("Monitor indicators that show it"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Optional. Hold Ctrl (or Cmd) to choose more than one."),
    )
    stories = forms.ModelMultipleChoiceField(
        label=_("Stories that show it"),
        queryset=Story.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional: published stories of the municipality."),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The wijken or buurten the proposal is for."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Goals of the agenda it serves"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
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
    start_date = forms.DateField(
        label=_("Start"), required=False, widget=DateInput(), help_text=_("Needed to submit.")
    )
    end_date = forms.DateField(label=_("End"), required=False, widget=DateInput())
    continuity_plan = forms.CharField(
        label=_("Continuity plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happens when the programme's money stops?"),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners involved"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisation = forms.ModelChoiceField(
        label=_("Submitting organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "Optional. Your colleagues at this organisation can then see and change it too."
        ),
    )
    effects = forms.MultipleChoiceField(
        label=_("Intended effects"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("“%(value)s” is not an effect of this framework.")},
    )
    # The groups of lines: no input of their own, only their problems.
    results = SectionField(label=_("Results"))
    costs = SectionField(label=_("Costs"))
    financing = SectionField(label=_("Financing"))

    def __init__(
        self,
        data: Any = None,
        *,
        approach: Approach,
        user: Any,
        spec: rules.FrameworkSpec | None = None,
        proposal: Proposal | None = None,
    ) -> None:
        initial = initial_for(proposal) if proposal is not None else {}
        if proposal is None:
            own = list(_own_organisations(user, approach))
            if len(own) == 1:
                initial["organisation"] = own[0]
        super().__init__(data, initial=initial)
        self.approach = approach
        municipality = approach.municipality
        self.fields["areas"].queryset = _area_choices(approach).order_by("level", "name")
        self.fields["goals"].queryset = approach.goals.all()
        self.fields["policy_drivers"].queryset = PolicyDriver.objects.filter(
            municipality__isnull=True
        ) | PolicyDriver.objects.filter(municipality_id=approach.municipality_id)
        parties = Organisation.objects.filter(municipality_id=approach.municipality_id).order_by(
            "name"
        )
        self.fields["partners"].queryset = parties
        self.fields["stories"].queryset = Story.objects.filter(
            status=StoryStatus.PUBLISHED, municipality_code=municipality.code
        ).order_by("-collected_on")
        area_codes = [a.code for a in approach.areas.all()]
        self.fields["indicator_codes"].choices = [
            (e.code, f"{e.name} ({e.unit_label})")
            for e in indicator_choices(user, areas=area_codes)
        ]
        if proposal is None:
            self.fields["organisation"].queryset = _own_organisations(user, approach)
        else:
            del self.fields["organisation"]  # fixed when the proposal was started
        self.effect_labels = dict(effect_choices(spec))
        self.fields["effects"].choices = list(self.effect_labels.items())
        for key, label in self.effect_labels.items():
            self.fields[HOW_PREFIX + key] = forms.CharField(
                label=_("How does it contribute to “%(effect)s”?") % {"effect": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[HOW_PREFIX + key].widget.attrs.setdefault(
                "class", "utrecht-textarea utrecht-textarea--html-textarea"
            )
            self.initial.setdefault(HOW_PREFIX + key, initial.get("how", {}).get(key, ""))
        lines = initial.get("lines", {})
        self.formsets = {
            "results": ResultFormSet(data, prefix="results", initial=lines.get("results")),
            "costs": CostFormSet(data, prefix="costs", initial=lines.get("costs")),
            "financing": FinancingFormSet(
                data,
                prefix="financing",
                initial=lines.get("financing"),
                form_kwargs={"parties": parties},
            ),
        }

    # --- for the template ------------------------------------------------------------

    @property
    def effect_rows(self) -> list[tuple[Any, forms.BoundField]]:
        """(the effect's checkbox, its "how" field) for each effect of the framework."""
        boxes = list(self["effects"])
        return [(box, self[HOW_PREFIX + box.data["value"]]) for box in boxes]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        skip = {*SECTIONS, *(HOW_PREFIX + k for k in self.effect_labels)}
        return [self[name] for name in self.fields if name not in skip]

    def section(self, name: str) -> forms.BoundField:
        return self[name]

    # --- validation ------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = set(data.get("effects") or ())
        # An effect refused above (not in the framework): the boxes were not read.
        for key, label in self.effect_labels.items() if "effects" not in self.errors else ():
            how = (data.get(HOW_PREFIX + key) or "").strip()
            if key in chosen and not how:
                self.add_error(
                    HOW_PREFIX + key,
                    _("Say how the proposal contributes to “%(effect)s”.") % {"effect": label},
                )
            elif how and key not in chosen:
                self.add_error(
                    HOW_PREFIX + key,
                    _("Tick “%(effect)s” too, or clear this text.") % {"effect": label},
                )
        for name, formset in self.formsets.items():
            if formset.is_valid():
                continue
            for row, row_form in enumerate(formset.forms, start=1):
                for field_name, errors in row_form.errors.items():
                    label = (
                        row_form.fields[field_name].label if field_name in row_form.fields else ""
                    )
                    for error in errors:
                        self.add_error(
                            name,
                            f"{_LINE_NAMES[name] % {'row': row}}, {label}: {error}"
                            if label
                            else f"{_LINE_NAMES[name] % {'row': row}}: {error}",
                        )
            for error in formset.non_form_errors():
                self.add_error(name, error)
        return data

    def _rows(self, name: str) -> list[dict[str, Any]]:
        return [
            f.cleaned_data
            for f in self.formsets[name].forms
            if hasattr(f, "cleaned_data") and not f.is_blank
        ]

    def content(self) -> Content:
        """The form as the services read it (call after ``is_valid()``)."""
        d = self.cleaned_data
        return Content(
            title=d["title"],
            summary=d["summary"],
            problem=d.get("problem", ""),
            indicator_codes=list(d.get("indicator_codes") or ()),
            stories=list(d.get("stories") or ()),
            areas=list(d.get("areas") or ()),
            themes=list(d.get("themes") or ()),
            goals=list(d.get("goals") or ()),
            policy_drivers=list(d.get("policy_drivers") or ()),
            combined_message=d.get("combined_message", ""),
            start_date=d.get("start_date"),
            end_date=d.get("end_date"),
            continuity_plan=d.get("continuity_plan", ""),
            partners=list(d.get("partners") or ()),
            effects={k: d.get(HOW_PREFIX + k, "") for k in d.get("effects") or ()},
            results=[
                Result(r["kind"], r["text"], r.get("target", ""), r.get("due"))
                for r in self._rows("results")
            ],
            costs=[Cost(r["description"], r["amount"]) for r in self._rows("costs")],
            financing=[
                Financing(r["party"], r["amount"], r["status"]) for r in self._rows("financing")
            ],
        )


def _own_organisations(user: Any, approach: Approach) -> Any:
    return Organisation.objects.of_user(user).filter(municipality_id=approach.municipality_id)


def initial_for(proposal: Proposal) -> dict[str, Any]:
    """The saved proposal as the form's initial values (read from the detail prefetch)."""
    data: dict[str, Any] = {
        name: getattr(proposal, name)
        for name in (
            "title",
            "summary",
            "problem",
            "combined_message",
            "start_date",
            "end_date",
            "continuity_plan",
        )
    }
    data["indicator_codes"] = list(proposal.indicator_codes)
    data["themes"] = list(proposal.themes)
    for name in ("stories", "areas", "goals", "policy_drivers", "partners"):
        data[name] = list(getattr(proposal, name).all())
    effects = list(proposal.effects.all())
    data["effects"] = [e.effect_key for e in effects]
    data["how"] = {e.effect_key: e.how for e in effects}
    data["lines"] = {
        "results": [
            {"kind": r.kind, "text": r.text, "target": r.target, "due": r.due}
            for r in proposal.results.all()
        ],
        "costs": [{"description": c.description, "amount": c.amount} for c in proposal.costs.all()],
        "financing": [
            {"party": f.party, "amount": f.amount, "status": f.status}
            for f in proposal.financing.all()
        ],
    }
    return data


# --- the steps of the submitter ------------------------------------------------------------


class SubmitForm(NLDesignForm, forms.Form):
    note = forms.CharField(
        label=_("Note for the programme bureau"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional."),
    )

    def __init__(self, *args: Any, proposal: Proposal | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if proposal is not None and proposal.step == Step.IN_CONVERSATION:
            field = self.fields["note"]
            field.label = _("What changed after the advice")
            field.help_text = _("Required: the programme bureau reads it with the advice round.")


class ProposalWithdrawForm(WithdrawForm):
    """The house withdrawal form: a reason, and that the user means it."""
