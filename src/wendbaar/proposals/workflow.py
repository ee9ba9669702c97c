"""Which step of a proposal may follow which, and who takes it. A fixed road, unlike a
project's status: the promises and the blind assessment depend on it."""

from __future__ import annotations

from .constants import Step as S

# Who takes a step: the submitter's side ("author") or the programme bureau ("bureau").
AUTHOR, BUREAU = "author", "bureau"

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.CONCEPT, S.SUBMITTED): AUTHOR,
    # The bureau thinks along (an advice round) or sends it straight to the assessors.
    (S.SUBMITTED, S.IN_CONVERSATION): BUREAU,
    (S.SUBMITTED, S.IN_ASSESSMENT): BUREAU,
    # The submitter revises and resubmits; the round is closed and kept.
    (S.IN_CONVERSATION, S.SUBMITTED): AUTHOR,
    (S.IN_CONVERSATION, S.IN_ASSESSMENT): BUREAU,
    (S.IN_ASSESSMENT, S.DECIDED): BUREAU,
    # The submitter may take back what has not been assessed yet.
    (S.CONCEPT, S.WITHDRAWN): AUTHOR,
    (S.SUBMITTED, S.WITHDRAWN): AUTHOR,
    (S.IN_CONVERSATION, S.WITHDRAWN): AUTHOR,
}

# The submitter edits the proposal only while it is theirs to change.
EDITABLE = frozenset({S.CONCEPT, S.IN_CONVERSATION})
# Steps after which nothing changes any more.
FINAL = frozenset({S.DECIDED, S.WITHDRAWN})
# Steps in which the bureau sees the proposal (a draft is the submitter's alone).
SEEN_BY_BUREAU = frozenset(set(S.values) - {S.CONCEPT})


def taken_by(current: str, new: str) -> str | None:
    """Who may take the step from ``current`` to ``new``; None: the step does not exist."""
    return TRANSITIONS.get((current, new))


def next_steps(current: str, side: str) -> list[str]:
    return [new for (old, new), who in TRANSITIONS.items() if old == current and who == side]
