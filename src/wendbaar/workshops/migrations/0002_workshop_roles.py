"""Who runs werkplaatsen: the gemeente's staff — the programme bureau, wijkmanagers and
the beheerder — facilitate and see the results (``workshops.permissions``). Partners and
readers do not: a werkplaats is a team's own reflection."""

from django.db import migrations

from wendbaar.accounts.migration_helpers import grant_role_permissions, revoke_role_permissions

VIEW = "workshops.view_workshop"
FACILITATE = "workshops.change_workshop"
GRANTS = {
    "programmabureau": [VIEW, FACILITATE],
    "wijkmanager": [VIEW, FACILITATE],
    "beheerder": [VIEW, FACILITATE],
}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


def backwards(apps, schema_editor):
    revoke_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles"),
        ("workshops", "0001_workshops"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
