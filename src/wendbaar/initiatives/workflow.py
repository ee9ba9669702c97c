"""Which status of an initiative may follow which. Pure rules, no Django.

ontvangen → contactpersoon bekend (by assigning an owner) → in gesprek → ondersteund →
gerealiseerd; or gestopt / niet mogelijk, always with a reason told to the initiators.
Nothing ends silently, and an ended initiative can be picked up again.
"""

from __future__ import annotations

from .constants import InitiativeStatus as S

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    # Only triage moves a new initiative on (it gets an owner), or it cannot go ahead.
    S.RECEIVED: frozenset({S.OWNER_KNOWN, S.NOT_POSSIBLE, S.STOPPED}),
    S.OWNER_KNOWN: frozenset({S.IN_CONVERSATION, S.SUPPORTED, S.NOT_POSSIBLE, S.STOPPED}),
    S.IN_CONVERSATION: frozenset({S.SUPPORTED, S.NOT_POSSIBLE, S.STOPPED}),
    S.SUPPORTED: frozenset({S.IN_CONVERSATION, S.REALISED, S.NOT_POSSIBLE, S.STOPPED}),
    # Realised is done; a new idea is a new initiative.
    S.REALISED: frozenset(),
    # Stopped or refused: picked up again when the reason goes away.
    S.STOPPED: frozenset({S.IN_CONVERSATION}),
    S.NOT_POSSIBLE: frozenset({S.IN_CONVERSATION}),
}


def may_transition(current: str, new: str) -> bool:
    return new in ALLOWED_TRANSITIONS.get(current, frozenset())
