"""The words for the codes of ``rules`` (pure, no Django), in the user's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wendbaar.agenda.services import euros

from . import rules
from .constants import Step

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


# --- the proposal's content and road -------------------------------------------------------

NOT_YOUR_ORGANISATION = gettext_lazy("You can only submit for an organisation you work for.")


def line_not_a_number(row: int, value: Any) -> str:
    return _("Line %(row)d: “%(value)s” is not an amount in euros.") % {"row": row, "value": value}


def line_negative(row: int, amount: Any) -> str:
    return _("Line %(row)d: an amount cannot be negative (%(amount)s).") % {
        "row": row,
        "amount": amount,
    }


def line_cents(row: int) -> str:
    return _("Line %(row)d: give the amount in euros and at most two decimals.") % {"row": row}


def cost_without_description(row: int) -> str:
    return _("Cost line %(row)d: say what the cost is for.") % {"row": row}


def financing_status_unknown(row: int) -> str:
    return _("Financing line %(row)d: choose committed or expected.") % {"row": row}


def financing_above_cost(params: dict) -> str:
    return _(
        "The financing (%(financing)s) is above the costs (%(cost)s) by %(excess)s: "
        "lower the financing or add the missing costs."
    ) % {k: euros(params[k]) for k in ("financing", "cost", "excess")}


def result_kind_unknown(row: int) -> str:
    return _("Result %(row)d: choose output or outcome.") % {"row": row}


def result_empty(row: int) -> str:
    return _("Result %(row)d: describe the result.") % {"row": row}


def area_outside(area: Any) -> str:
    return _("%(area)s is not one of the areas of this approach.") % {"area": area.name}


def organisation_elsewhere(org: Any) -> str:
    return _("%(name)s belongs to another municipality than the approach.") % {"name": org.name}


def story_not_linkable(story: Any) -> str:
    return _("The story “%(title)s” is not a published story of this municipality.") % {
        "title": story.title
    }


def effect_unknown(key: str, spec: rules.FrameworkSpec | None) -> str:
    where = spec.name if spec is not None else ""
    return _("“%(effect)s” is not an effect of the framework “%(framework)s”.") % {
        "effect": key,
        "framework": where,
    }


def effect_without_how(key: str, spec: rules.FrameworkSpec | None) -> str:
    label = _effect_label(key, spec)
    return _("Effect “%(effect)s”: say how the proposal contributes to it.") % {"effect": label}


def _effect_label(key: str, spec: rules.FrameworkSpec | None) -> str:
    if spec is not None:
        for c in spec.criteria:
            for e in c.effects:
                if e.key == key:
                    return e.label
    return key


def _step_label(step: str) -> str:
    return str(Step(step).label) if step in Step.values else step


def not_editable(step: str) -> str:
    return _(
        "A proposal that is “%(step)s” cannot be changed; it can be changed as a draft or "
        "during an advice round."
    ) % {"step": _step_label(step)}


def cannot_submit(step: str) -> str:
    return _("A proposal that is “%(step)s” cannot be submitted.") % {"step": _step_label(step)}


def cannot_withdraw(step: str) -> str:
    return _("A proposal that is “%(step)s” can no longer be withdrawn.") % {
        "step": _step_label(step)
    }


def cannot_advise(step: str) -> str:
    return _("An advice round is for a submitted proposal, not for one that is “%(step)s”.") % {
        "step": _step_label(step)
    }


def cannot_assess(step: str) -> str:
    return _("A proposal that is “%(step)s” cannot be sent to the assessors.") % {
        "step": _step_label(step)
    }


def cannot_decide(step: str) -> str:
    if step == "decided":
        return str(_("This proposal has been decided already; a decision is not taken twice."))
    return _("A proposal that is “%(step)s” cannot be decided; it is assessed first.") % {
        "step": _step_label(step)
    }


def cannot_name_assessor(step: str) -> str:
    return _("Assessors are named for a submitted proposal, not for one that is “%(step)s”.") % {
        "step": _step_label(step)
    }


_SCORE_PROBLEMS = {
    "unknown_criterion": gettext_lazy("“%(criterion)s” is not a criterion of this framework."),
    "criterion_computed": gettext_lazy("“%(label)s” is computed from the proposal, not scored."),
    "effect_missing": gettext_lazy("“%(label)s”: rate each effect."),
    "unknown_effect": gettext_lazy("“%(effect)s” is not an effect of “%(label)s”."),
    "wrong_kind": gettext_lazy("“%(label)s”: this criterion is not scored that way."),
    "score_missing": gettext_lazy("“%(label)s”: give a score."),
    "unknown_rating": gettext_lazy("“%(label)s”: choose none, some or substantial."),
    "invalid_answer": gettext_lazy("“%(label)s”: answer yes or no."),
    "invalid_value": gettext_lazy("“%(label)s”: give a whole number."),
    "value_out_of_range": gettext_lazy("“%(label)s”: give a score from %(min)s to %(max)s."),
    "rationale_missing": gettext_lazy("“%(label)s”: explain your answer."),
    "duplicate_score": gettext_lazy("“%(label)s”: scored twice."),
    "assessor_missing": gettext_lazy("A score without an assessor."),
}


def score_problem_text(problem: rules.Problem, spec: rules.FrameworkSpec) -> str:
    params: dict[str, Any] = dict(problem.params)
    criterion = spec.criterion(problem.criterion) if problem.criterion else None
    params["label"] = criterion.label if criterion is not None else problem.criterion
    if problem.params.get("effect"):
        params["effect"] = _effect_label(problem.params["effect"], spec)
    template = _SCORE_PROBLEMS.get(problem.code)
    if template is None:
        return _("The score is not valid (%(code)s).") % {"code": problem.code}
    return str(template) % params


def _score_label(criterion: str, effect: str, spec: rules.FrameworkSpec) -> str:
    c = spec.criterion(criterion)
    label = c.label if c is not None else criterion
    return f"{label}: {_effect_label(effect, spec)}" if effect else label


def scores_missing(keys: list[tuple[str, str]], spec: rules.FrameworkSpec) -> str:
    return _("Score everything before submitting. Still open: %(open)s.") % {
        "open": "; ".join(_score_label(c, e, spec) for c, e in keys)
    }


def rationale_missing(scores: list[Any], spec: rules.FrameworkSpec) -> str:
    return _("Explain every score before submitting. Without a rationale: %(open)s.") % {
        "open": "; ".join(_score_label(s.criterion, s.effect, spec) for s in scores)
    }
