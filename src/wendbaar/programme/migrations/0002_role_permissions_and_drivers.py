"""Give the roles their programme permissions and ship the default policy drivers."""

from django.db import migrations

from wendbaar.accounts.migration_helpers import grant_role_permissions, revoke_role_permissions

MODELS = [
    "approach",
    "checklistitem",
    "visionversion",
    "goal",
    "goalindicator",
    "indicatormeasurement",
    "programmeline",
    "policydriver",
    "project",
    "milestone",
    "projectstatuschange",
    "progressupdate",
    "funding",
    "moneyflow",
]
VIEW = [f"programme.view_{m}" for m in MODELS]
EDIT = [f"programme.{a}_{m}" for m in MODELS for a in ("add", "change")] + [
    f"programme.delete_{m}"
    for m in ("checklistitem", "goal", "goalindicator", "programmeline", "milestone", "funding", "moneyflow")
]

GRANTS = {
    "beheerder": VIEW,
    "programmabureau": VIEW + EDIT,
    "wijkmanager": VIEW + EDIT,
    "partner": VIEW + ["programme.change_own_project"],
    "lezer": VIEW,
}

# Named in seeds/002; each gemeente adds its own as data.
DRIVERS = [
    ("energy_transition", "Energietransitie"),
    ("safe_district", "Veilige wijk"),
    ("healthy_district", "Gezonde wijk"),
    ("climate_adaptation", "Klimaatadaptatie"),
]


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)
    PolicyDriver = apps.get_model("programme", "PolicyDriver")
    for key, name in DRIVERS:
        PolicyDriver.objects.get_or_create(key=key, municipality=None, defaults={"name": name})


def backwards(apps, schema_editor):
    revoke_role_permissions(apps, GRANTS)
    PolicyDriver = apps.get_model("programme", "PolicyDriver")
    PolicyDriver.objects.filter(municipality=None, key__in=[k for k, _ in DRIVERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles"),
        ("programme", "0001_initial"),
        ("coalition", "0003_role_permissions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
