"""Demo users, one per role, for the demonstration server. Idempotent.

They sign in only where ``WENDBAAR_DEMO_LOGINS`` is on (``make run``, ``wendbaar.conf.dev``;
``wendbaar.conf.production`` refuses to start with it), whatever ``DEBUG`` says.
"""

from __future__ import annotations

from typing import TextIO

from django.db import transaction

from wendbaar.areas.models import Area
from wendbaar.core.actors import SystemActor

from .constants import RoleSlug
from .models import User
from .services import assign_role

DEMO_PASSWORD = "wendbaar-demo"
DEMO = SystemActor("load_demo")

# username: (first name, last name, role, gemeente code, wijk codes; empty = whole gemeente)
DEMO_USERS: dict[str, tuple[str, str, str, str, tuple[str, ...]]] = {
    "beheerder": ("Bea", "Beheer", RoleSlug.ADMIN, "GM0344", ()),
    "programmabureau": ("Pim", "Programma", RoleSlug.PROGRAMME_BUREAU, "GM0344", ()),
    # Overvecht (WK034403) and Binnenstad (WK034406) in Utrecht.
    "wijkmanager": ("Wim", "Wijk", RoleSlug.DISTRICT_MANAGER, "GM0344", ("WK034403", "WK034406")),
    "partner": ("Petra", "Partner", RoleSlug.PARTNER, "GM0344", ()),
    "lezer": ("Lies", "Lezer", RoleSlug.READER, "GM0518", ()),
}


def _say(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


@transaction.atomic
def load_demo_users(stdout: TextIO | None = None) -> list[User]:
    """Create or refresh the demo users; skip a role whose areas are not loaded."""
    users = []
    for username, (
        first_name,
        last_name,
        role,
        municipality_code,
        district_codes,
    ) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@demo.wendbaar.invalid"},
        )
        user.first_name, user.last_name = first_name, last_name
        user.is_demo, user.is_active, user.is_staff, user.is_superuser = True, True, False, False
        user.set_password(DEMO_PASSWORD)
        user.save()
        users.append(user)
        _say(stdout, f"demo user {username}: {'created' if created else 'updated'}")

        municipality = Area.objects.filter(code=municipality_code).first()
        districts = list(Area.objects.filter(code__in=district_codes))
        missing = (set(district_codes) - {d.code for d in districts}) | (
            set() if municipality else {municipality_code}
        )
        if missing:
            _say(
                stdout,
                f"demo user {username}: role {role} skipped, areas not loaded: "
                + ", ".join(sorted(missing)),
            )
            continue
        assign_role(user=user, role=role, municipality=municipality, districts=districts, by=DEMO)
    return users
