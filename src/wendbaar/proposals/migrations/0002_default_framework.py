"""The framework shipped with Wendbaar: The Hague's (seeds/001). A project contributes
substantially to at least three of six societal effects; verduurzaming (does it go on when
the programme's money stops?) is tested; more than 40 % of the costs come from other
sources than the programme. It belongs to no gemeente: every gemeente uses it until its
beheerder saves one of its own. Roles get their permissions on frameworks here too."""

from decimal import Decimal

from django.db import migrations

from wendbaar.accounts.migration_helpers import grant_role_permissions, revoke_role_permissions

NAME = "Den Haag: drie van de zes maatschappelijke effecten"
EFFECTS = [
    ("social_cohesion", "Versterking van de sociale cohesie"),
    ("positive_image", "Positieve beeldvorming"),
    ("access_to_services", "Betere toegang tot bestaande (hulp)voorzieningen"),
    ("safety", "Sociale en fysieke veiligheid"),
    ("employment", "Werkgelegenheid"),
    ("ownership", "Eigenaarschap in de eigen wijk"),
]
VIEW = ["proposals.view_framework"]
MANAGE = VIEW + ["proposals.add_framework", "proposals.change_framework"]
GRANTS = {
    "beheerder": MANAGE,
    "programmabureau": VIEW,
    "wijkmanager": VIEW,
    "partner": VIEW,
    "lezer": VIEW,
}


def forwards(apps, schema_editor):
    Framework = apps.get_model("proposals", "Framework")
    Criterion = apps.get_model("proposals", "Criterion")
    Effect = apps.get_model("proposals", "Effect")
    framework = Framework.objects.create(
        municipality=None,
        name=NAME,
        version=1,
        note="Meegeleverd met Wendbaar (programma wijkaanpak Den Haag).",
    )
    effects = Criterion.objects.create(
        framework=framework,
        order=1,
        key="societal_effects",
        kind="effects",
        label="Substantiële bijdrage aan maatschappelijke effecten",
        explanation="Een project draagt substantieel bij aan minstens drie van de zes effecten.",
        min_substantial=3,
    )
    for order, (key, label) in enumerate(EFFECTS, start=1):
        Effect.objects.create(criterion=effects, order=order, key=key, label=label)
    Criterion.objects.create(
        framework=framework,
        order=2,
        key="continuity",
        kind="yes_no",
        label="Verduurzaming",
        explanation="Gaat het project door als het geld van het programma stopt, en hoe?",
    )
    Criterion.objects.create(
        framework=framework,
        order=3,
        key="cofunding",
        kind="threshold",
        label="Cofinanciering",
        explanation="Minstens 40 % van de kosten komt uit andere bronnen dan het programma.",
        metric="cofunding_share",
        minimum=Decimal("0.4000"),
    )
    grant_role_permissions(apps, GRANTS)


def backwards(apps, schema_editor):
    revoke_role_permissions(apps, GRANTS)
    apps.get_model("proposals", "Framework").objects.filter(municipality=None).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles"),
        ("proposals", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
