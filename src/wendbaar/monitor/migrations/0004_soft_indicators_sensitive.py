"""Soft indicators (counts of Wendbaar's own records: professionals' signals) are
sensitive: shown only to staff with restricted access in the area's scope (issue #9).

New definitions are sensitive by default (``services.DerivedIndicator``); this marks the
ones already in the catalogue. The stored analysis the pages read follows at the next
recompute (the next signal or import enqueues one; ``load_demo`` computes it).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Indicator = apps.get_model("monitor", "Indicator")
    Indicator.objects.filter(kind="soft", in_registry=False).update(sensitive=True)


class Migration(migrations.Migration):
    dependencies = [
        ("monitor", "0003_importrun_source_kind_derived"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
