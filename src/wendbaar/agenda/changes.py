"""Changes to the goals and indicators of a wijkaanpak, without Django: when a change needs
a reason, and the one line that says what changed ("target 40 → 45 (2030)").

The rule for a reason: a goal or indicator may be drafted freely on the day it was made;
from the next day on it is part of the agenda the coalition set, so changing what it says
(a goal's title or description; an indicator's name, unit, polarity, baseline or target)
or removing it needs a reason. Additions never need one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# What a goal and an indicator say: a change of these needs a reason once they are set.
# (A goal's themes and the order on the page are kept as changes but need no reason.)
GOAL_REASONED = ("title", "description")
INDICATOR_REASONED = (
    "name",
    "unit",
    "polarity",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
)
# A value and its year are one figure: a change of either keeps both, so the line can
# say which year a target belongs to.
PAIRS = {"baseline_value": "baseline_year", "target_value": "target_year"}
# The order of the parts of a line; a pair is named by its value field.
ORDER = (
    "title",
    "name",
    "description",
    "themes",
    "unit",
    "polarity",
    "baseline_value",
    "target_value",
)
# Fields whose text is too long to repeat: the line says they were rewritten.
LONG = {"description"}
# What an addition or removal line shows besides its subject.
SHOWN_ON_ADD = ("themes", "unit", "baseline_value", "target_value")
NOTHING = "\N{EN DASH}"


def needs_reason(made_on: dt.date, today: dt.date) -> bool:
    """Whether a change of a goal or indicator made on ``made_on`` needs a reason today:
    from the day after it was made (before that it is still being drafted)."""
    return made_on < today


def reasoned(changed: Iterable[str], fields: Sequence[str]) -> bool:
    """Whether any of the ``changed`` field names is one that needs a reason."""
    return any(name in fields for name in changed)


def with_pairs(changed: Mapping[str, list], current: Mapping[str, Any]) -> dict[str, list]:
    """``changed`` ({field: [old, new]}) with the other half of every changed figure as
    ``[value, value]`` (``current`` holds the values after the change)."""
    result = dict(changed)
    for value_field, year_field in PAIRS.items():
        for field, other in ((value_field, year_field), (year_field, value_field)):
            if field in changed and other not in result:
                result[other] = [current.get(other), current.get(other)]
    return result


@dataclass(frozen=True)
class Words:
    """What a summary line says, in the reader's language (the selector translates).

    ``label`` names a field ("target"), ``value`` writes a value of it ("45", "higher is
    better"); ``rewritten`` is a sentence with ``%(field)s`` for a long text that changed;
    ``hidden`` replaces the figures of an indicator the reader may not see."""

    label: Callable[[str], str]
    value: Callable[[str, Any], str]
    rewritten: str = "%(field)s rewritten"
    hidden: str = "figures not public"


def _text(words: Words, field: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return NOTHING
    return words.value(field, value)


def _figure(words: Words, field: str, value: Any, year: Any) -> str:
    text = _text(words, field, value)
    return text if year is None else f"{text} ({year})"


def _changed_part(words: Words, field: str, changes: Mapping[str, Sequence]) -> str:
    label = words.label(field)
    if field in LONG:
        return words.rewritten % {"field": label}
    old, new = changes[field]
    if field in PAIRS:
        old_year, new_year = changes.get(PAIRS[field], [None, None])
        if old == new:  # only the year moved
            year_label = words.label(PAIRS[field])
            return f"{year_label} {_text(words, field, old_year)} → {_text(words, field, new_year)}"
        if old_year == new_year:
            year = "" if new_year is None else f" ({new_year})"
            return f"{label} {_text(words, field, old)} → {_text(words, field, new)}{year}"
        old_text = _figure(words, field, old, old_year)
        return f"{label} {old_text} → {_figure(words, field, new, new_year)}"
    return f"{label} {_text(words, field, old)} → {_text(words, field, new)}"


def change_summary(
    kind: str, changes: Mapping[str, Any], words: Words, *, hide_figures: bool = False
) -> str:
    """One line that says what changed, its parts in a fixed order, joined by "; ".

    A change (``*_changed``) lists each changed field as "label old → new" (a figure with
    its year: "target 40 → 45 (2030)", "target 40 (2030) → 45 (2032)" when the year moved
    too, "target year 2030 → 2032" when only the year moved); a long text only
    "rewritten". An addition or removal lists the themes, unit
    and figures it had ("baseline 12 (2022); target 10 (2032)"). With ``hide_figures`` (a
    sensitive indicator) baselines and targets are replaced by ``words.hidden``.
    """
    if kind.endswith("_changed"):
        present = [f for f in ORDER if f in changes or (f in PAIRS and PAIRS[f] in changes)]
        figures = [f for f in present if f in PAIRS]
        parts = [_changed_part(words, f, changes) for f in present if f not in PAIRS]
        if figures and hide_figures:
            parts.append(words.hidden)
        elif figures:
            parts.extend(_changed_part(words, f, _as_pairs(f, changes)) for f in figures)
        return "; ".join(parts)
    parts = []
    for field in SHOWN_ON_ADD:
        value = changes.get(field)
        if field in PAIRS:
            year = changes.get(PAIRS[field])
            if value is None and year is None:
                continue
            if hide_figures:
                if words.hidden not in parts:
                    parts.append(words.hidden)
                continue
            parts.append(f"{words.label(field)} {_figure(words, field, value, year)}")
        elif value not in (None, "", []):
            parts.append(f"{words.label(field)}: {_text(words, field, value)}")
    return "; ".join(parts)


def _as_pairs(field: str, changes: Mapping[str, Any]) -> dict[str, list]:
    """A figure whose value or year changed, with the missing half as unknown."""
    year_field = PAIRS[field]
    return {
        field: changes.get(field, [None, None]),
        year_field: changes.get(year_field, [None, None]),
    }
