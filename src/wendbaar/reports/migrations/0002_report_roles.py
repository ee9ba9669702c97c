"""Who works with progress reports: the programme bureau and the wijkmanager compose,
partners comment while a report is under discussion, everyone with a role reads adopted
reports in their scope (``reports.permissions``)."""

from django.db import migrations

from wendbaar.accounts.migration_helpers import grant_role_permissions, revoke_role_permissions

VIEW = "reports.view_report"
COMPOSE = "reports.change_report"
COMMENT = "reports.comment_report"
GRANTS = {
    "programmabureau": [VIEW, COMPOSE],
    "wijkmanager": [VIEW, COMPOSE],
    "beheerder": [VIEW],
    "partner": [VIEW, COMMENT],
    "lezer": [VIEW],
}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


def backwards(apps, schema_editor):
    revoke_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles"),
        ("reports", "0001_reports"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
