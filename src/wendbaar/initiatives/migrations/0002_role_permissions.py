"""Give the roles their permissions on initiatives (roles ship in accounts 0003).

Wijkmanagers and the programme bureau triage, follow up and see the initiators' contact
details in their scope; partners see initiatives and register ideas told to them (they
follow one up, and see its contact details, only as its owner); readers and the
beheerder see them.
"""

from django.db import migrations

from wendbaar.accounts.migration_helpers import grant_role_permissions, revoke_role_permissions

VIEW = ["initiatives.view_initiative"]
STAFF = VIEW + [
    "initiatives.add_initiative",
    "initiatives.change_initiative",
    "initiatives.triage_initiative",
    "initiatives.view_initiative_contact",
]

GRANTS = {
    "beheerder": VIEW,
    "programmabureau": STAFF,
    "wijkmanager": STAFF,
    "partner": VIEW + ["initiatives.add_initiative"],
    "lezer": VIEW,
}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


def backwards(apps, schema_editor):
    revoke_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles"),
        ("initiatives", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
