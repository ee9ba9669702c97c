"""Give the roles their permissions on the wijkaanpak kernel and ship the default policy
drivers (roles ship in accounts 0003)."""

from django.db import migrations

from wendbaar.accounts.migration_helpers import grant_role_permissions, revoke_role_permissions

MODELS = ["approach", "checklistitem", "visionversion", "policydriver", "municipalitysetting"]
VIEW = [f"approaches.view_{m}" for m in MODELS]
EDIT = [f"approaches.{a}_{m}" for m in MODELS[:4] for a in ("add", "change")] + [
    "approaches.delete_checklistitem"
]
# Per-gemeente settings are the administrator's.
SETTINGS = [f"approaches.{a}_municipalitysetting" for a in ("add", "change", "delete")]

GRANTS = {
    "beheerder": VIEW + SETTINGS,
    "programmabureau": VIEW + EDIT,
    "wijkmanager": VIEW + EDIT,
    "partner": VIEW,
    "lezer": VIEW,
}

# Named in seeds/002; each gemeente adds its own as data. Frozen here on purpose.
DRIVERS = [
    ("energy_transition", "Energietransitie"),
    ("safe_district", "Veilige wijk"),
    ("healthy_district", "Gezonde wijk"),
    ("climate_adaptation", "Klimaatadaptatie"),
]


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)
    PolicyDriver = apps.get_model("approaches", "PolicyDriver")
    for key, name in DRIVERS:
        PolicyDriver.objects.get_or_create(key=key, municipality=None, defaults={"name": name})


def backwards(apps, schema_editor):
    revoke_role_permissions(apps, GRANTS)
    PolicyDriver = apps.get_model("approaches", "PolicyDriver")
    PolicyDriver.objects.filter(municipality=None, key__in=[k for k, _ in DRIVERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles"),
        ("approaches", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
