"""Helpers for data migrations that ship roles and their permissions.

Migrations of other apps import these to give the roles their own permissions::

    from wendbaar.accounts.migration_helpers import grant_role_permissions

    def forwards(apps, schema_editor):
        grant_role_permissions(apps, {"wijkmanager": ["initiatives.change_initiative"]})

Add ``("accounts", "0003_roles")`` to that migration's dependencies. Old migrations keep
calling these functions, so change their behaviour only in a backwards-compatible way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib.auth.management import create_permissions

from .constants import RoleSlug


def ensure_permissions(apps, app_labels: Iterable[str]) -> None:
    """Create content types and permissions now; Django does it only after all migrations."""
    for label in app_labels:
        app_config = apps.get_app_config(label)
        # ``create_permissions`` skips app configs without a models module; the historical
        # app registry has none, so pretend for the duration of the call.
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = previous


def _permissions(apps, perms: Iterable[str]):
    Permission = apps.get_model("auth", "Permission")
    result = []
    for perm in perms:
        app_label, codename = perm.split(".", 1)
        result.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return result


def ensure_roles(apps, roles: Mapping[str, tuple[str, str]]) -> None:
    """Create the role groups and their profiles: ``{slug: (group name, description)}``."""
    Group = apps.get_model("auth", "Group")
    RoleProfile = apps.get_model("accounts", "RoleProfile")
    for slug, (name, description) in roles.items():
        profile = RoleProfile.objects.filter(slug=slug).first()
        if profile is None:
            group, _ = Group.objects.get_or_create(name=name)
            RoleProfile.objects.create(group=group, slug=slug, description=description)


def grant_role_permissions(apps, grants: Mapping[str, Iterable[str]]) -> None:
    """Add permissions (``"app_label.codename"``) to roles, by role slug."""
    RoleProfile = apps.get_model("accounts", "RoleProfile")
    grants = {slug: list(perms) for slug, perms in grants.items()}
    ensure_permissions(apps, {p.split(".", 1)[0] for perms in grants.values() for p in perms})
    for slug, perms in grants.items():
        if slug not in RoleSlug.values:
            raise ValueError(f"Unknown role {slug!r}")
        profile = RoleProfile.objects.filter(slug=slug).first()
        if profile is None:
            # Roles ship in accounts 0003. A database without them (a test database
            # flushed after migrating, then migrated forward again) has nobody to grant to.
            continue
        # Primary keys, not instances: historical model classes can differ between calls.
        profile.group.permissions.add(*[p.pk for p in _permissions(apps, perms)])


def revoke_role_permissions(apps, grants: Mapping[str, Iterable[str]]) -> None:
    """Undo :func:`grant_role_permissions` (for a migration's backwards step)."""
    RoleProfile = apps.get_model("accounts", "RoleProfile")
    Permission = apps.get_model("auth", "Permission")
    for slug, perms in grants.items():
        profile = RoleProfile.objects.filter(slug=slug).first()
        if profile is None:
            continue
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            ids = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).values_list("pk", flat=True)
            profile.group.permissions.remove(*ids)
