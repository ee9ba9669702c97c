"""Give the roles their permissions on stories, signals and contributors' personal data.

- beheerder: everything, including erasing a person's data on request (AVG).
- programmabureau, wijkmanager: read, enter and moderate stories, note signals, view and
  export personal data of contributors in their scope.
- partner: read published stories and signals in scope; enter stories (moderated) and
  signals.
- lezer: read published stories and signals in scope.
"""

from django.db import migrations

from wendbaar.accounts.migration_helpers import grant_role_permissions, revoke_role_permissions

READ = ["stories.view_story", "stories.view_signal"]
ENTER = ["stories.add_story", "stories.add_signal"]
MANAGE = [
    "stories.change_story",
    "stories.moderate_story",
    "stories.change_signal",
    "stories.view_personal_data",
]

GRANTS = {
    "beheerder": [
        *READ,
        *ENTER,
        *MANAGE,
        "stories.delete_story",
        "stories.delete_signal",
        "stories.erase_personal_data",
    ],
    "programmabureau": [*READ, *ENTER, *MANAGE],
    "wijkmanager": [*READ, *ENTER, *MANAGE],
    "partner": [*READ, *ENTER],
    "lezer": [*READ],
}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


def backwards(apps, schema_editor):
    revoke_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0001_initial"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
