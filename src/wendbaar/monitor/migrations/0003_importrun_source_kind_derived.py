from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("monitor", "0002_observation_derivation"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importrun",
            name="source_kind",
            field=models.CharField(
                choices=[
                    ("kwb", "CBS key figures districts and neighbourhoods"),
                    ("police", "Police registered crime (47022NED)"),
                    ("rivm", "RIVM health monitor (50150NED)"),
                    ("leefbaarometer", "Leefbaarometer"),
                    ("proximity", "CBS proximity of facilities"),
                    ("custom", "Municipal data (template)"),
                    ("calculated", "Calculated from other indicators"),
                    ("derived", "Derived from Wendbaar's own records"),
                ],
                max_length=20,
                verbose_name="source kind",
            ),
        ),
    ]
