"""Who works with project proposals. Partners may submit; what they see beyond their own
organisation's proposals (and those they assess) is decided per proposal by the policy
(``proposals.permissions``), not by a grant."""

from django.db import migrations

from wendbaar.accounts.migration_helpers import grant_role_permissions, revoke_role_permissions

VIEW = "proposals.view_proposal"
ADD = "proposals.add_proposal"
MANAGE = "proposals.manage_proposal"
GRANTS = {
    "programmabureau": [VIEW, ADD, MANAGE],
    "wijkmanager": [VIEW, ADD],
    "beheerder": [VIEW],
    "partner": [ADD],
}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


def backwards(apps, schema_editor):
    revoke_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles"),
        ("proposals", "0003_proposals"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
