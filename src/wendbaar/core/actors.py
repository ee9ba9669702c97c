"""Who acts: a signed-in user, or the platform itself.

Every write service takes ``by`` and checks the policy for it (``accounts.policies``).
When no person acts — the demo loader, a management command, a scheduled job — the
caller names itself with a :class:`SystemActor`. Policies let a system actor do
everything; the audit log records it by name, with no user. Views and the API never
pass one (``tests/test_system_actor.py`` keeps it out of them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True)
class SystemActor:
    """The platform acting on its own behalf, e.g. ``SystemActor("load_demo")``."""

    name: str

    # Not a session user: no login, no user foreign keys, never "the creator".
    is_authenticated: ClassVar[bool] = False
    is_anonymous: ClassVar[bool] = False
    is_active: ClassVar[bool] = True
    is_superuser: ClassVar[bool] = False
    pk: ClassVar[None] = None

    def __str__(self) -> str:
        return f"system:{self.name}"


SYSTEM = SystemActor("system")


def is_system(actor: Any) -> bool:
    return isinstance(actor, SystemActor)


def acting_user(actor: Any) -> Any:
    """The user to store in a ``created_by``-style field: the actor when it is a
    signed-in user, otherwise None (the system, or nobody)."""
    return actor if getattr(actor, "is_authenticated", False) else None
