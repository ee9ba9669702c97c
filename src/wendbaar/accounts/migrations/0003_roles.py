"""Ship the five roles as data: a Group with a stable slug and its permissions.

The mapping is frozen here on purpose; later apps add their permissions to these roles
in their own migrations through ``wendbaar.accounts.migration_helpers``.
"""

from django.db import migrations

from wendbaar.accounts.migration_helpers import (
    ensure_roles,
    grant_role_permissions,
    revoke_role_permissions,
)

ROLES = {
    # slug: (group name shown in the admin, description)
    "beheerder": ("Beheerder", "Manages users and their roles within the municipality."),
    "programmabureau": (
        "Programmabureau",
        "Steers the portfolio over several districts and assesses proposals.",
    ),
    "wijkmanager": (
        "Wijkmanager",
        "Works on the state, agenda and initiatives of one or more districts.",
    ),
    "partner": ("Partner", "Partner organisation in the coalition; reads non-public data."),
    "lezer": ("Lezer", "Reads non-public data, changes nothing."),
}

GRANTS = {
    "beheerder": [
        "accounts.manage_users",
        "accounts.view_restricted",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_roleassignment",
        "accounts.add_roleassignment",
        "accounts.change_roleassignment",
        "accounts.delete_roleassignment",
        "accounts.view_roleprofile",
        "areas.view_area",
        "core.view_auditevent",
    ],
    "programmabureau": [
        "accounts.view_restricted",
        "accounts.view_personal_data",
        "accounts.edit_programme",
        "areas.view_area",
        "core.view_auditevent",
    ],
    "wijkmanager": [
        "accounts.view_restricted",
        "accounts.view_personal_data",
        "accounts.edit_programme",
        "areas.view_area",
    ],
    "partner": [
        "accounts.view_restricted",
        "areas.view_area",
    ],
    "lezer": [
        "accounts.view_restricted",
        "areas.view_area",
    ],
}


def forwards(apps, schema_editor):
    ensure_roles(apps, ROLES)
    grant_role_permissions(apps, GRANTS)


def backwards(apps, schema_editor):
    revoke_role_permissions(apps, GRANTS)
    RoleProfile = apps.get_model("accounts", "RoleProfile")
    Group = apps.get_model("auth", "Group")
    group_ids = list(RoleProfile.objects.filter(slug__in=ROLES).values_list("group_id", flat=True))
    RoleProfile.objects.filter(slug__in=ROLES).delete()
    Group.objects.filter(pk__in=group_ids, permissions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roleprofile"),
        ("areas", "0001_initial"),
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
