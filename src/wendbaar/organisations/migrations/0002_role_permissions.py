"""Give the roles their permissions on the register (roles ship in accounts 0003)."""

from django.db import migrations

from wendbaar.accounts.migration_helpers import grant_role_permissions, revoke_role_permissions

VIEW = ["organisations.view_organisation", "organisations.view_contactperson"]
EDIT = [
    f"organisations.{a}_{m}" for m in ("organisation", "contactperson") for a in ("add", "change")
] + ["organisations.delete_contactperson"]

GRANTS = {
    "beheerder": VIEW,
    "programmabureau": VIEW + EDIT,
    "wijkmanager": VIEW + EDIT,
    "partner": VIEW,
    # Readers see organisations, not their contact persons (personal data).
    "lezer": ["organisations.view_organisation"],
}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


def backwards(apps, schema_editor):
    revoke_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles"),
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
