"""Who this browser is in a werkplaats: participants have no account, so the session that
joined holds its participant, per werkplaats (``{str(workshop pk): participant pk}``).

Only the server-side session knows the participant: no participant id is ever taken from
a form or an address. A row the facilitator removed is simply gone: ``current`` says None
and the phone is asked to join again.

The join form is rate limited per client address (``core.ratelimit``): every post counts,
wrong codes too, so the 31⁶ codes cannot be tried one by one.
"""

from __future__ import annotations

from typing import Any

from wendbaar.core import ratelimit

from .models import Participant, Workshop

SESSION_KEY = "workshops.participants"

JOIN_SCOPE = "workshop_join"
JOIN_WINDOW_SECONDS = 3600
# Posts of the join form per client address per hour. A room of forty shares one wifi
# address, and some mistype the code or join twice: 120 leaves three tries each. Trying
# codes at this speed finds one of a few open werkplaatsen among 31⁶ ≈ 887 million codes
# after years, long after it closed (and its code ended).
JOIN_LIMIT = 120


def _joined(request: Any) -> dict[str, int]:
    value = request.session.get(SESSION_KEY)
    return dict(value) if isinstance(value, dict) else {}


def remember(request: Any, participant: Participant) -> None:
    """This session is ``participant`` in their werkplaats from now on."""
    joined = _joined(request)
    if not joined:
        # The first join starts a fresh session id: an id planted before cannot follow.
        request.session.cycle_key()
    joined[str(participant.workshop_id)] = participant.pk
    request.session[SESSION_KEY] = joined


def current(request: Any, workshop: Workshop) -> Participant | None:
    """The participant this session joined ``workshop`` as; None when it did not, or when
    the row no longer exists (removed by the facilitator)."""
    pk = _joined(request).get(str(workshop.pk))
    if not isinstance(pk, int):
        return None
    return Participant.objects.filter(pk=pk, workshop=workshop).first()


def forget(request: Any, workshop: Workshop) -> None:
    joined = _joined(request)
    if joined.pop(str(workshop.pk), None) is not None:
        request.session[SESSION_KEY] = joined


def joined_workshops(request: Any) -> list[Workshop]:
    """The werkplaatsen this session joined that still exist (for the page of a code that
    no longer works: "yours has closed" or "yours has a new code")."""
    pks = [int(pk) for pk in _joined(request) if pk.isdigit()]
    return list(Workshop.objects.filter(pk__in=pks).order_by("-opened_at", "-id"))


def allow_join(request: Any) -> bool:
    """Count one post of the join form; False when this address has used up the hour."""
    return ratelimit.allow(request, JOIN_SCOPE, limit=JOIN_LIMIT, window=JOIN_WINDOW_SECONDS)
