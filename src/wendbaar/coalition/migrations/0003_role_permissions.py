"""Give the roles their coalition permissions (roles ship in accounts 0003)."""

from django.db import migrations

from wendbaar.accounts.migration_helpers import grant_role_permissions, revoke_role_permissions

MODELS = ["organisation", "contactperson", "membership", "commitment"]
VIEW = [f"coalition.view_{m}" for m in MODELS]
VIEW_PUBLIC_PARTS = ["coalition.view_organisation", "coalition.view_membership", "coalition.view_commitment"]
EDIT = [f"coalition.{a}_{m}" for m in MODELS for a in ("add", "change")] + [
    "coalition.delete_contactperson",
    "coalition.delete_commitment",
]

GRANTS = {
    "beheerder": VIEW,
    "programmabureau": VIEW + EDIT,
    "wijkmanager": VIEW + EDIT,
    "partner": VIEW + ["coalition.change_own_commitment"],
    # Readers see the coalition, not the contact persons (personal data).
    "lezer": VIEW_PUBLIC_PARTS,
}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


def backwards(apps, schema_editor):
    revoke_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles"),
        ("coalition", "0002_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
