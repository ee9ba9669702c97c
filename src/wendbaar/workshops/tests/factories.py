"""Werkplaatsen for tests, made through the services as a facilitator would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wendbaar.core.actors import SYSTEM
from wendbaar.workshops import services
from wendbaar.workshops.constants import SLIDER_KEYS, Exercise
from wendbaar.workshops.models import Participant, Workshop


def make_workshop(municipality: Any, *, by: Any = SYSTEM, **kw: Any) -> Workshop:
    return services.create_workshop(
        municipality=municipality,
        title=kw.pop("title", "Werkplaats wijkgericht werken"),
        held_on=kw.pop("held_on", dt.date(2026, 11, 20)),
        exercises=kw.pop("exercises", list(Exercise.values)),
        by=by,
        **kw,
    )


def open_it(workshop: Workshop, by: Any = SYSTEM) -> Workshop:
    return services.move_workshop(workshop=workshop, to="open", by=by)


def join_with_sliders(
    workshop: Workshop, name: str, values: dict[str, tuple[int, int]] | None = None
) -> Participant:
    """A participant who placed the sliders: ``values[slider] = (now, target)``; the
    sliders not given are left unplaced (all five at (50, 50) when ``values`` is None)."""
    participant = services.join(workshop=workshop, name=name)
    values = {key: (50, 50) for key in SLIDER_KEYS} if values is None else values
    for slider, (now, target) in values.items():
        services.save_slider(participant=participant, slider=slider, now=now, target=target)
    return participant
