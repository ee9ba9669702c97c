"""The facilitator's form of a werkplaats: its gemeente (on creation only), what it is
about, the exercises and their order, the wijkaanpak and earlier werkplaats it builds on,
and whether the shared screen shows first names.

The order of the exercises is a number field per exercise, not drag and drop: it works
with a keyboard, a screen reader and without script. Exercises with the same number, or
without one, keep the workbook's order. The service checks the links again (the
wijkaanpak and the earlier werkplaats must be the gemeente's); its refusals come back
through ``ui.forms.run_service``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wendbaar.accounts.policies import municipalities_for
from wendbaar.approaches.models import Approach
from wendbaar.approaches.selectors import approaches_for_user
from wendbaar.areas.models import Area
from wendbaar.ui.forms import NLDesignForm, widget_class

from . import services
from .constants import Exercise
from .models import Workshop
from .permissions import FACILITATE, WorkshopPolicy

ORDER_PREFIX = "order_"
#: What the service takes besides the gemeente.
SERVICE_FIELDS = services.WORKSHOP_FIELDS


class ApproachChoice(forms.ModelChoiceField):
    """A wijkaanpak; with its gemeente's name when the form offers more than one."""

    with_municipality = False

    def label_from_instance(self, obj: Approach) -> str:
        if self.with_municipality:
            return f"{obj.name} ({obj.municipality.name})"
        return obj.name


class PreviousChoice(forms.ModelChoiceField):
    """An earlier werkplaats: its title and date (and gemeente when there are more)."""

    with_municipality = False

    def label_from_instance(self, obj: Workshop) -> str:
        label = f"{obj.title} ({obj.held_on.isoformat()})"
        if self.with_municipality:
            label += f", {obj.municipality.name}"
        return label


def order_name(exercise: str) -> str:
    return ORDER_PREFIX + exercise


class WorkshopForm(NLDesignForm, forms.Form):
    """A new werkplaats (``user`` picks a gemeente) or an existing one (``workshop``:
    its gemeente is fixed)."""

    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Gemeente"), queryset=Area.objects.none()
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        help_text=gettext_lazy("E.g. “Werkplaats wijkgericht werken, autumn 2026”."),
    )
    team = forms.CharField(
        label=gettext_lazy("Team"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Who takes part, e.g. “Wijkteam Overvecht and partners”."),
    )
    held_on = forms.DateField(label=gettext_lazy("Date"))
    case_title = forms.CharField(
        label=gettext_lazy("The case"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("The concrete situation the team works on, in a few words."),
    )
    case_description = forms.CharField(
        label=gettext_lazy("Description of the case"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    exercises = forms.MultipleChoiceField(
        label=gettext_lazy("Exercises"),
        choices=Exercise.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("The workbook's exercises this werkplaats does."),
        error_messages={"required": gettext_lazy("Choose at least one exercise.")},
    )
    approach = ApproachChoice(
        label=gettext_lazy("Wijkaanpak"),
        queryset=Approach.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Optional: the wijkaanpak this werkplaats serves. Its werkagenda's actions can "
            "become projects there."
        ),
    )
    previous = PreviousChoice(
        label=gettext_lazy("Follows up on"),
        queryset=Workshop.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Optional: the same team's earlier werkplaats. The shared screen then shows its "
            "sliders as “last time” beside “now”."
        ),
    )
    show_names = forms.BooleanField(
        label=gettext_lazy("Show first names on the shared screen"),
        required=False,
        help_text=gettext_lazy(
            "Only when the group chooses so; otherwise answers are anonymous on the shared "
            "screen. You always see who joined."
        ),
    )

    def __init__(
        self, *args: Any, user: Any, workshop: Workshop | None = None, **kwargs: Any
    ) -> None:
        self.workshop = workshop
        kwargs.setdefault("initial", self._initial(workshop))
        super().__init__(*args, **kwargs)
        several = False  # more than one gemeente to choose from
        if workshop is not None:
            del self.fields["municipality"]
            municipalities = Area.objects.filter(pk=workshop.municipality_id)
        else:
            municipalities = municipalities_for(user, FACILITATE).order_by("name")
            self.fields["municipality"].queryset = municipalities
            first_two = list(municipalities[:2])
            several = len(first_two) > 1
            if len(first_two) == 1:  # one gemeente: chosen already
                self.initial.setdefault("municipality", first_two[0].pk)
        approach = self.fields["approach"]
        approach.queryset = approaches_for_user(user).filter(municipality__in=municipalities)
        approach.with_municipality = several
        previous = self.fields["previous"]
        earlier = (
            WorkshopPolicy()
            .instances_for(user, "view")
            .filter(municipality__in=municipalities)
            .select_related("municipality")
        )
        if workshop is not None:
            earlier = earlier.exclude(pk=workshop.pk)
        previous.queryset = earlier.order_by("-held_on", "-id")
        previous.with_municipality = several
        self._add_order_fields()

    @staticmethod
    def _initial(workshop: Workshop | None) -> dict[str, Any]:
        if workshop is None:
            return {
                "held_on": timezone.localdate(),
                "exercises": list(Exercise.values),
                **{order_name(e): i for i, e in enumerate(Exercise.values, start=1)},
            }
        chosen = [e for e in workshop.exercises if e in Exercise.values]
        rest = [e for e in Exercise.values if e not in chosen]
        return {
            "title": workshop.title,
            "team": workshop.team,
            "held_on": workshop.held_on,
            "case_title": workshop.case_title,
            "case_description": workshop.case_description,
            "exercises": chosen,
            "approach": workshop.approach_id,
            "previous": workshop.previous_id,
            "show_names": workshop.show_names,
            **{order_name(e): i for i, e in enumerate(chosen + rest, start=1)},
        }

    def _add_order_fields(self) -> None:
        count = len(Exercise.values)
        for exercise in Exercise:
            field = forms.IntegerField(
                label=_("Place of “%(exercise)s”") % {"exercise": exercise.label},
                min_value=1,
                max_value=count,
                required=False,
            )
            # Added after NLDesignForm dressed the declared fields: dress this one too.
            field.widget.attrs["class"] = widget_class(field.widget)
            self.fields[order_name(exercise.value)] = field

    @property
    def exercise_order_fields(self) -> list[forms.BoundField]:
        return [self[order_name(e)] for e in Exercise.values]

    @property
    def exercise_order_names(self) -> list[str]:
        return [order_name(e) for e in Exercise.values]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = data.get("exercises") or []
        workbook = list(Exercise.values)
        # By the number given, then the workbook's order (ties and blanks).
        data["exercises"] = sorted(
            chosen,
            key=lambda e: (data.get(order_name(e)) or workbook.index(e) + 1, workbook.index(e)),
        )
        municipality = (
            self.workshop.municipality if self.workshop is not None else data.get("municipality")
        )
        if municipality is not None:
            approach, previous = data.get("approach"), data.get("previous")
            if approach is not None and approach.municipality_id != municipality.pk:
                self.add_error("approach", _("The wijkaanpak must be one of this gemeente's."))
            if previous is not None and previous.municipality_id != municipality.pk:
                self.add_error(
                    "previous", _("The earlier werkplaats must be one of this gemeente's.")
                )
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned values the service takes (with the gemeente on creation)."""
        data = {name: self.cleaned_data[name] for name in SERVICE_FIELDS}
        if self.workshop is None:
            data["municipality"] = self.cleaned_data["municipality"]
        return data


def exercise_label(value: str) -> str:
    return str(Exercise(value).label) if value in Exercise.values else value
