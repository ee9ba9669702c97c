"""The words for the codes of ``rules`` (pure, no Django), in the user's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import rules

CHOOSE_MUNICIPALITY = gettext_lazy("Choose a municipality.")
NO_FRAMEWORK = gettext_lazy("There is no framework to copy.")

_FRAMEWORK_PROBLEMS = {
    "name_blank": gettext_lazy("Give the framework a name."),
    "framework_empty": gettext_lazy("A framework needs at least one criterion."),
    "duplicate_criterion": gettext_lazy("Two criteria have the key “%(criterion)s”."),
    "key_invalid": gettext_lazy("“%(key)s” cannot be a key: use letters, digits, - and _."),
    "label_blank": gettext_lazy("Criterion “%(label)s”: give it a label."),
    "unknown_kind": gettext_lazy("Criterion “%(label)s”: unknown kind “%(kind)s”."),
    "effects_not_expected": gettext_lazy(
        "Criterion “%(label)s”: only an effects criterion lists effects."
    ),
    "effects_missing": gettext_lazy("Criterion “%(label)s”: list at least one effect."),
    "duplicate_effect": gettext_lazy(
        "Criterion “%(label)s”: the effect “%(effect)s” is listed twice."
    ),
    "effect_key_invalid": gettext_lazy(
        "Criterion “%(label)s”: “%(effect)s” cannot be an effect's key."
    ),
    "effect_label_blank": gettext_lazy("Criterion “%(label)s”: every effect needs a label."),
    "needed_below_one": gettext_lazy(
        "Criterion “%(label)s”: at least one effect must be substantial."
    ),
    "needed_too_many": gettext_lazy(
        "Criterion “%(label)s”: %(needed)s substantial effects asked, but it lists only %(of)s."
    ),
    "unknown_metric": gettext_lazy("Criterion “%(label)s”: unknown computation “%(metric)s”."),
    "minimum_missing": gettext_lazy("Criterion “%(label)s”: give the minimum."),
    "minimum_out_of_range": gettext_lazy(
        "Criterion “%(label)s”: the minimum lies between 0 and 100 %%."
    ),
    "scale_range_invalid": gettext_lazy(
        "Criterion “%(label)s”: the lowest score (%(scale_min)s) must be below "
        "the highest (%(scale_max)s)."
    ),
}


def problem_text(problem: rules.Problem, spec: rules.FrameworkSpec | None = None) -> str:
    """One framework problem in words, naming the criterion by its label."""
    params: dict[str, Any] = dict(problem.params)
    criterion = spec.criterion(problem.criterion) if spec and problem.criterion else None
    params["label"] = criterion.label if criterion is not None else problem.criterion
    template = _FRAMEWORK_PROBLEMS.get(problem.code)
    if template is None:
        return _("The framework is not valid (%(code)s).") % {"code": problem.code}
    return str(template) % params


def copied_from(framework: Any) -> str:
    return _("Copied from “%(name)s”, version %(version)s.") % {
        "name": framework.name,
        "version": framework.version,
    }
