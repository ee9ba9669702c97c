"""A werkplaats's road: being prepared → open (joinable by its code) → closed.

Closing ends the code: nobody joins or answers any more, the results and the werkagenda
stay. A closed werkplaats may be opened again (a session closed too early, a second
round the same day); it then gets a new code, so an old photo of the projector lets
nobody in. Pure: no Django.
"""

from __future__ import annotations

DRAFT, OPEN, CLOSED = "draft", "open", "closed"

TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({OPEN}),
    OPEN: frozenset({CLOSED}),
    CLOSED: frozenset({OPEN}),
}


def may_move(current: str, to: str) -> bool:
    return to in TRANSITIONS.get(current, frozenset())


def accepts_answers(status: str) -> bool:
    return status == OPEN
