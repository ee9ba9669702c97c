"""Which status of a report may follow which, and what adoption asks. Pure rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .constants import Status as S

# concept → ter bespreking → vastgesteld; a discussion may send it back to the writers.
TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (S.CONCEPT, S.REVIEW),
        (S.REVIEW, S.CONCEPT),
        (S.REVIEW, S.ADOPTED),
    }
)
# Writers change chapters only before adoption; partners comment only under discussion.
EDITABLE = frozenset({S.CONCEPT, S.REVIEW})
COMMENTABLE = frozenset({S.REVIEW})


def allowed(current: str, new: str) -> bool:
    return (current, new) in TRANSITIONS


def next_statuses(current: str) -> list[str]:
    return [new for old, new in sorted(TRANSITIONS) if old == current]


@dataclass(frozen=True)
class ChapterFacts:
    """What adoption checks of one goal chapter."""

    title: str
    works_claims: int
    not_yet_claims: int
    nothing_works: bool
    nothing_fails: bool


def gaps(chapters: Sequence[ChapterFacts]) -> list[tuple[str, str]]:
    """(chapter title, what is missing) for every chapter that cannot be adopted yet.

    Both halves must be answered: with at least one claim, or with "nothing to report"
    chosen explicitly — an empty field is never read as "nothing". A claim and "nothing"
    together contradict each other. A report without chapters has nothing to adopt."""
    missing: list[tuple[str, str]] = []
    if not chapters:
        return [("", "no_chapters")]
    for c in chapters:
        for claims, nothing, half in (
            (c.works_claims, c.nothing_works, "works"),
            (c.not_yet_claims, c.nothing_fails, "not_yet"),
        ):
            if claims == 0 and not nothing:
                missing.append((c.title, f"{half}_unanswered"))
            elif claims and nothing:
                missing.append((c.title, f"{half}_contradicts"))
    return missing
