"""Give the roles their coalition permissions (roles ship in accounts 0003)."""

from django.db import migrations

from wendbaar.accounts.migration_helpers import grant_role_permissions, revoke_role_permissions

MODELS = ["membership", "commitment"]
VIEW = [f"coalition.view_{m}" for m in MODELS]
EDIT = [f"coalition.{a}_{m}" for m in MODELS for a in ("add", "change")] + [
    "coalition.delete_commitment",
]

GRANTS = {
    "beheerder": VIEW,
    "programmabureau": VIEW + EDIT,
    "wijkmanager": VIEW + EDIT,
    "partner": VIEW + ["coalition.change_own_commitment"],
    "lezer": VIEW,
}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


def backwards(apps, schema_editor):
    revoke_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles"),
        ("coalition", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
