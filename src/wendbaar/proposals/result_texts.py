"""The rules' :class:`~.rules.Assessment` in words, for the proposal's page and the
decision page: one sentence per criterion result code and per check code, the
disagreements and ties named, and the summary. ``rules`` stays pure; every word is here.

Every code ``rules`` can give a criterion or a check has an entry in ``CRITERION_CODES``
or ``CHECK_CODES`` (a test reads ``rules.py`` to keep it so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import rules, texts
from .constants import Rating

# --- numbers as the reader writes them -------------------------------------------------

DASH = "\u2013"  # what the page shows for nothing


def money(amount: Decimal | None) -> str:
    """€ 40.000 (Dutch) / € 40,000 (English); cents only when there are any."""
    if amount is None:
        return DASH
    decimals = 0 if amount == amount.to_integral_value() else 2
    return "€\xa0" + number_format(amount, decimals, use_l10n=True, force_grouping=True)


def percent(value: Decimal | None) -> str:
    """A percentage already in per cent (44.4) with at most two decimals, none when whole."""
    if value is None:
        return DASH
    value = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    decimals = 0
    if value != value.to_integral_value():
        decimals = 1 if value * 10 == (value * 10).to_integral_value() else 2
    return number_format(value, decimals, use_l10n=True) + "\xa0%"


def _number(value: Decimal | int | None) -> str:
    if value is None:
        return DASH
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return number_format(value, 1, use_l10n=True)
    return number_format(int(value), 0, use_l10n=True)


def _names(labels: list[str]) -> str:
    return ", ".join(labels)


def rating_label(rating: str | None) -> str:
    if rating is None:
        return _("not rated")
    return str(Rating(rating).label) if rating in Rating.values else rating


def answer_label(answer: bool | None) -> str:
    if answer is None:
        return _("not answered")
    return _("yes") if answer else _("no")


# --- the codes -------------------------------------------------------------------------

#: The sentence of each criterion result code (params of the result, in words).
CRITERION_CODES: dict[str, Any] = {
    "no_scores": gettext_lazy("Not scored yet."),
    "effects_met": gettext_lazy(
        "%(count)s of %(of)s substantial: %(names)s — meets at least %(needed)s."
    ),
    "effects_not_met": gettext_lazy(
        "%(count)s of %(of)s substantial: %(names)s — does not meet at least %(needed)s."
    ),
    "effects_incomplete": gettext_lazy(
        "%(count)s of %(of)s substantial so far: %(names)s; not rated yet: %(unrated)s — "
        "at least %(needed)s can still be met."
    ),
    "threshold_met": gettext_lazy(
        "%(what)s %(share)s (%(detail)s): meets the minimum of %(minimum)s."
    ),
    "threshold_not_met": gettext_lazy(
        "%(what)s %(share)s (%(detail)s): below the minimum of %(minimum)s."
    ),
    "threshold_unknown": gettext_lazy("%(what)s unknown: %(why)s"),
    "answer_yes": gettext_lazy("Yes: %(yes)s of %(total)s assessors said yes."),
    "answer_no": gettext_lazy("No: %(yes)s of %(total)s assessors said yes."),
    "scale": gettext_lazy(
        "Mean %(mean)s on a scale of %(scale_min)s to %(scale_max)s (lowest %(low)s, "
        "highest %(high)s, %(count)s assessors); informative, without a pass mark."
    ),
}

#: The sentence of each check code (checks run outside any framework).
CHECK_CODES: dict[str, Any] = {
    "continuity_present": gettext_lazy(
        "Continuity plan: present (%(words)s words) — it says what happens when the "
        "programme's money stops."
    ),
    "continuity_too_short": gettext_lazy(
        "Continuity plan: too short to be a plan (%(words)s words; at least %(minimum)s)."
    ),
    "continuity_missing": gettext_lazy(
        "Continuity plan: missing — what happens when the programme's money stops?"
    ),
}

#: Why a threshold cannot be computed (``rules.NO_COST``, ``rules.FINANCING_INVALID``).
UNKNOWN_REASONS: dict[str, Any] = {
    rules.NO_COST: gettext_lazy(
        "the proposal has no costs (or costs of € 0), so there is nothing to divide by."
    ),
    rules.FINANCING_INVALID: gettext_lazy(
        "the financing has negative amounts or is above the costs; correct it first."
    ),
}

#: What a threshold's metric is called in a sentence.
METRIC_NAMES: dict[str, Any] = {rules.COFUNDING_SHARE: gettext_lazy("Co-funding")}

NO_EFFECT_SUBSTANTIAL = gettext_lazy("none")


@dataclass(frozen=True)
class Line:
    """One criterion or check in words: ``met`` True/False/None (open or informative),
    ``state`` its verdict as a word, ``notes`` the ties, disagreements and reminders."""

    key: str
    label: str
    kind: str
    met: bool | None
    state: str
    sentence: str
    notes: tuple[str, ...] = field(default=())


def state_word(met: bool | None, kind: str = "") -> str:
    if kind == rules.SCALE:
        return _("informative")
    if met is None:
        return _("open")
    return _("met") if met else _("not met")


def _effect_labels(result: rules.CriterionResult, keys: tuple[str, ...]) -> list[str]:
    labels = {e.effect: e.label for e in result.effects}
    return [labels.get(k, k) for k in keys]


def _effects_sentence(result: rules.CriterionResult) -> tuple[str, list[str]]:
    p = result.params
    names = _names(_effect_labels(result, p["substantial"])) or str(NO_EFFECT_SUBSTANTIAL)
    sentence = str(CRITERION_CODES[result.code]) % {
        "count": p["count"],
        "of": p["of"],
        "needed": p["needed"],
        "names": names,
        "unrated": _names(_effect_labels(result, p["unrated"])),
    }
    notes = []
    if p["disagreements"]:
        parts = [
            _("%(effect)s (%(ratings)s)")
            % {
                "effect": e.label,
                "ratings": ", ".join(rating_label(r) for _who, r in e.ratings),
            }
            for e in result.effects
            if e.disagreement
        ]
        notes.append(
            _("The assessors disagree (ratings two steps apart) on: %(effects)s.")
            % {"effects": "; ".join(parts)}
        )
    if p["intended_not_substantial"]:
        notes.append(
            _("The proposal aims at %(effects)s, which the assessors rate less than substantial.")
            % {"effects": _names(_effect_labels(result, p["intended_not_substantial"]))}
        )
    return sentence, notes


def _threshold_sentence(result: rules.CriterionResult) -> str:
    p = result.params
    what = str(METRIC_NAMES.get(p["metric"], result.label))
    if result.code == "threshold_unknown":
        why = str(UNKNOWN_REASONS.get(p.get("reason", ""), p.get("reason", "")))
        return str(CRITERION_CODES["threshold_unknown"]) % {"what": what, "why": why}
    share = rules.Share(p["share"]).percent
    if p["metric"] == rules.COFUNDING_SHARE:
        detail = _("%(other)s of %(cost)s") % {"other": money(p["other"]), "cost": money(p["cost"])}
    else:
        detail = result.label
    return str(CRITERION_CODES[result.code]) % {
        "what": what,
        "share": percent(share),
        "detail": detail,
        "minimum": percent(p["minimum"] * 100),
    }


def _yes_no_sentence(result: rules.CriterionResult) -> tuple[str, list[str]]:
    p = result.params
    total = p["yes"] + p["no"]
    sentence = str(CRITERION_CODES[result.code]) % {"yes": p["yes"], "total": total}
    notes = []
    if p["tie"]:
        notes.append(_("A tie: as many said yes as no, and a tie counts as no."))
    elif p["disagreement"]:
        notes.append(
            ngettext(
                "The assessors disagree: %(no)s said no.",
                "The assessors disagree: %(no)s said no.",
                p["no"],
            )
            % {"no": p["no"]}
        )
    return sentence, notes


def _scale_sentence(result: rules.CriterionResult) -> tuple[str, list[str]]:
    p = result.params
    sentence = str(CRITERION_CODES["scale"]) % {
        "mean": _number(p["mean"]),
        "scale_min": p["scale_min"],
        "scale_max": p["scale_max"],
        "low": p["low"],
        "high": p["high"],
        "count": p["count"],
    }
    notes = []
    if result.disagreement:
        notes.append(
            _("The assessors disagree: their scores lie %(spread)s apart.")
            % {"spread": p["high"] - p["low"]}
        )
    return sentence, notes


def criterion_line(result: rules.CriterionResult) -> Line:
    """One criterion result in words."""
    notes: list[str] = []
    if result.code == "no_scores":
        sentence = str(CRITERION_CODES["no_scores"])
    elif result.kind == rules.EFFECTS:
        sentence, notes = _effects_sentence(result)
    elif result.kind == rules.THRESHOLD:
        sentence = _threshold_sentence(result)
    elif result.kind == rules.YES_NO:
        sentence, notes = _yes_no_sentence(result)
    else:
        sentence, notes = _scale_sentence(result)
    return Line(
        result.key,
        result.label,
        result.kind,
        result.met,
        state_word(result.met, result.kind),
        sentence,
        tuple(notes),
    )


def check_line(check: rules.CheckResult) -> Line:
    sentence = str(CHECK_CODES[check.code]) % check.params
    return Line(
        check.key, _("Continuity plan"), "check", check.met, state_word(check.met), sentence
    )


def _labels(assessment: rules.Assessment, keys: tuple[str, ...]) -> str:
    labels = {r.key: r.label for r in assessment.criteria}
    return _names([labels.get(k, k) for k in keys])


def summary_sentences(assessment: rules.Assessment) -> list[str]:
    """The summary: never "all met" before the rules could decide anything."""
    s = assessment.summary
    out = []
    if s.all_met is None:
        out.append(_("The rules cannot say anything yet: no criterion can be decided."))
    elif s.all_met and s.complete:
        out.append(_("Every criterion the rules decide is met."))
    elif s.all_met:
        out.append(_("Every criterion decided so far is met."))
    else:
        out.append(_("Not met: %(criteria)s.") % {"criteria": _labels(assessment, s.not_met)})
    if s.unknown:
        out.append(_("Still open: %(criteria)s.") % {"criteria": _labels(assessment, s.unknown)})
    if s.informative:
        out.append(
            _("Informative, without a pass mark: %(criteria)s.")
            % {"criteria": _labels(assessment, s.informative)}
        )
    if s.checks_not_met:
        out.append(_("The continuity plan needs attention (it does not count in the criteria)."))
    return out


def problem_texts(assessment: rules.Assessment, spec: rules.FrameworkSpec | None) -> list[str]:
    """What the rules left out or could not use, in words."""
    out = []
    for p in assessment.problems:
        if p.code == "financing_above_cost":
            out.append(texts.financing_above_cost(p.params))
        elif p.code == "negative_amount":
            out.append(
                _("An amount is negative (%(amount)s).") % {"amount": money(p.params["amount"])}
            )
        elif p.code == "unknown_intended_effect":
            out.append(texts.effect_unknown(p.params["effect"], spec))
        elif spec is not None:
            out.append(_("Left out: %(problem)s") % {"problem": texts.score_problem_text(p, spec)})
        else:
            out.append(p.code)
    return out


@dataclass(frozen=True)
class Words:
    """Everything the page says about an assessment."""

    criteria: tuple[Line, ...]
    checks: tuple[Line, ...]
    summary: tuple[str, ...]
    problems: tuple[str, ...]
    assessors: int


def words(assessment: rules.Assessment, spec: rules.FrameworkSpec | None = None) -> Words:
    return Words(
        criteria=tuple(criterion_line(r) for r in assessment.criteria),
        checks=tuple(check_line(c) for c in assessment.checks),
        summary=tuple(summary_sentences(assessment)),
        problems=tuple(problem_texts(assessment, spec)),
        assessors=len(assessment.assessors),
    )


# --- the scores side by side -----------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: str  # the rating, answer or score in words; a dash when not given
    rationale: str


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]  # one per assessor, in the table's column order
    combined: str
    disagreement: str  # in words; empty when the assessors agree


@dataclass(frozen=True)
class Table:
    key: str
    label: str
    kind: str
    rows: tuple[Row, ...]


def _cell(score: rules.Score | None, kind: str) -> Cell:
    if score is None:
        return Cell(DASH, "")
    if kind == rules.EFFECTS:
        value = rating_label(score.rating)
    elif kind == rules.YES_NO:
        value = answer_label(score.answer)
    else:
        value = _number(score.value)
    return Cell(value, score.rationale)


def side_by_side(assessment: rules.Assessment, names: list[str]) -> list[Table]:
    """Per scored criterion a table: a row per effect (or one row), a column per
    assessor in ``names`` (only those whose scores the reader may see), then the
    combined value and the disagreement in words. Thresholds are computed: no table."""
    tables = []
    for r in assessment.criteria:
        if r.kind == rules.THRESHOLD:
            continue
        by = {(s.assessor, s.effect): s for s in r.scores}
        rows = []
        if r.kind == rules.EFFECTS:
            for e in r.effects:
                rows.append(
                    Row(
                        e.label,
                        tuple(_cell(by.get((n, e.effect)), r.kind) for n in names),
                        rating_label(e.combined),
                        _("two steps apart") if e.disagreement else "",
                    )
                )
        else:
            p = r.params
            if r.kind == rules.YES_NO:
                combined = answer_label(r.met)
                flag = _("a tie, counted as no") if r.tie else ""
                flag = flag or (_("split") if r.disagreement else "")
            else:
                combined = _("mean %(mean)s") % {"mean": _number(p["mean"])} if p["count"] else DASH
                flag = (
                    _("%(spread)s apart") % {"spread": p["high"] - p["low"]}
                    if r.disagreement
                    else ""
                )
            rows.append(
                Row(
                    r.label,
                    tuple(_cell(by.get((n, "")), r.kind) for n in names),
                    combined,
                    flag,
                )
            )
        tables.append(Table(r.key, r.label, r.kind, tuple(rows)))
    return tables
