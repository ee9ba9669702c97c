"""Let the register's keepers remove an organisation entered by mistake (issue #11):
programmabureau and wijkmanager get ``organisations.delete_organisation``. The service
refuses while anything depends on the organisation."""

from django.db import migrations

from wendbaar.accounts.migration_helpers import grant_role_permissions, revoke_role_permissions

GRANTS = {
    "programmabureau": ["organisations.delete_organisation"],
    "wijkmanager": ["organisations.delete_organisation"],
}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


def backwards(apps, schema_editor):
    revoke_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles"),
        ("organisations", "0002_role_permissions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
