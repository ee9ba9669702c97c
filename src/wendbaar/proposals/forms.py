"""The form that edits a gemeente's assessment framework. It is built from the version
in force: per criterion its label and explanation, and what its kind needs (the effects,
one per line, and how many must be substantial; a threshold in per cent; a scale's
ends). The criteria themselves stay (a new kind of criterion is a later step); the
rules (``rules.framework_problems``) are checked by the service."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wendbaar.ui.forms import NLDesignForm

from . import rules
from .constants import MAX_LABEL_LENGTH
from .models import Criterion, Framework

MAX_EFFECTS = 20


def _effect_keys(labels: list[str], known: dict[str, str]) -> list[rules.EffectSpec]:
    """Effects from their labels: a label that was there keeps its key (so earlier
    scores still match it); a new one gets a key made from its words."""
    taken: set[str] = set()
    effects = []
    for label in labels:
        key = known.get(label) or slugify(label).replace("-", "_")[:50] or "effect"
        base, n = key, 2
        while key in taken:
            key, n = f"{base}_{n}", n + 1
        taken.add(key)
        effects.append(rules.EffectSpec(key=key, label=label))
    return effects


class FrameworkForm(NLDesignForm, forms.Form):
    name = forms.CharField(label=_("Name of the framework"), max_length=MAX_LABEL_LENGTH)
    note = forms.CharField(
        label=_("What changed, and why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the new version, for whoever reads an old assessment."),
    )

    def __init__(self, *args: Any, framework: Framework, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.criteria: list[Criterion] = list(framework.criteria.all())
        self.initial.setdefault("name", framework.name)
        for c in self.criteria:
            p = f"{c.key}__"
            self.fields[p + "label"] = forms.CharField(
                label=_("Criterion: %(label)s") % {"label": c.label},
                max_length=MAX_LABEL_LENGTH,
                initial=c.label,
            )
            self.fields[p + "explanation"] = forms.CharField(
                label=_("Explanation of “%(label)s” for assessors and submitters")
                % {"label": c.label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=c.explanation,
            )
            if c.kind == rules.EFFECTS:
                self.fields[p + "effects"] = forms.CharField(
                    label=_("The effects, one per line"),
                    widget=forms.Textarea(attrs={"rows": 7}),
                    initial="\n".join(e.label for e in c.effects.all()),
                )
                self.fields[p + "min_substantial"] = forms.IntegerField(
                    label=_("How many must be substantial"),
                    min_value=1,
                    initial=c.min_substantial,
                )
            elif c.kind == rules.THRESHOLD:
                self.fields[p + "minimum"] = forms.DecimalField(
                    label=_("Minimum, in per cent"),
                    min_value=0,
                    max_value=100,
                    decimal_places=2,
                    initial=c.minimum_percent,
                )
            elif c.kind == rules.SCALE:
                self.fields[p + "scale_min"] = forms.IntegerField(
                    label=_("Lowest score"), initial=c.scale_min
                )
                self.fields[p + "scale_max"] = forms.IntegerField(
                    label=_("Highest score"), initial=c.scale_max
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for c in self.criteria:
            raw = data.get(f"{c.key}__effects")
            if raw is None:
                continue
            labels = [line.strip() for line in raw.splitlines() if line.strip()]
            if len(labels) > MAX_EFFECTS:
                self.add_error(
                    f"{c.key}__effects", _("At most %(max)s effects.") % {"max": MAX_EFFECTS}
                )
            for label in labels:
                if len(label) > MAX_LABEL_LENGTH:
                    self.add_error(
                        f"{c.key}__effects",
                        _("Keep each effect to %(max)s characters: “%(start)s…”.")
                        % {"max": MAX_LABEL_LENGTH, "start": label[:40]},
                    )
            data[f"{c.key}__effects"] = labels
        return data

    def spec(self) -> rules.FrameworkSpec:
        data = self.cleaned_data
        criteria = []
        for c in self.criteria:
            p = f"{c.key}__"
            known = {e.label: e.key for e in c.effects.all()}
            minimum = data.get(p + "minimum")
            criteria.append(
                rules.CriterionSpec(
                    key=c.key,
                    label=data[p + "label"],
                    kind=c.kind,
                    effects=tuple(_effect_keys(data.get(p + "effects") or [], known)),
                    min_substantial=data.get(p + "min_substantial") or 0,
                    metric=c.metric,
                    minimum=(minimum / 100).quantize(Decimal("0.0001"))
                    if minimum is not None
                    else c.minimum,
                    scale_min=data.get(p + "scale_min", c.scale_min),
                    scale_max=data.get(p + "scale_max", c.scale_max),
                )
            )
        return rules.FrameworkSpec(
            name=data["name"], version=self.framework.version + 1, criteria=tuple(criteria)
        )

    def explanations(self) -> dict[str, str]:
        return {c.key: self.cleaned_data.get(f"{c.key}__explanation", "") for c in self.criteria}
