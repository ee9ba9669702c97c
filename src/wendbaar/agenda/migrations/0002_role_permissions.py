"""Give the roles their permissions on the agenda (roles ship in accounts 0003)."""

from django.db import migrations

from wendbaar.accounts.migration_helpers import grant_role_permissions, revoke_role_permissions

MODELS = [
    "goal",
    "goalindicator",
    "indicatormeasurement",
    "programmeline",
    "project",
    "milestone",
    "projectstatuschange",
    "progressupdate",
    "funding",
    "moneyflow",
]
VIEW = [f"agenda.view_{m}" for m in MODELS]
EDIT = [f"agenda.{a}_{m}" for m in MODELS for a in ("add", "change")] + [
    f"agenda.delete_{m}"
    for m in ("goal", "goalindicator", "programmeline", "milestone", "funding", "moneyflow")
]

GRANTS = {
    "beheerder": VIEW,
    "programmabureau": VIEW + EDIT,
    "wijkmanager": VIEW + EDIT,
    "partner": VIEW + ["agenda.change_own_project"],
    "lezer": VIEW,
}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


def backwards(apps, schema_editor):
    revoke_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles"),
        ("agenda", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
