"""Soft indicators (counts of Wendbaar's own records: professionals' signals) are
sensitive: shown only to staff with restricted access in the area's scope (issue #9).

New definitions are sensitive by default (``services.DerivedIndicator``); this marks the
ones already in the catalogue. The pages read the flag from the stored analysis, so when
a flag changed the analysis of the current data version is enqueued again (the
``db_worker`` recomputes it; until then the old analysis would still show the counts:
run ``wendbaar db_worker --batch`` right after ``migrate``).
"""

from django.db import migrations
from django.db.models import Max


def forwards(apps, schema_editor):
    Indicator = apps.get_model("monitor", "Indicator")
    ImportRun = apps.get_model("monitor", "ImportRun")
    changed = Indicator.objects.filter(kind="soft", in_registry=False, sensitive=False).update(
        sensitive=True
    )
    if not changed:
        return
    version = ImportRun.objects.filter(status="succeeded").aggregate(v=Max("data_version"))["v"]
    if version:
        from wendbaar.monitor.tasks import recompute_analysis

        recompute_analysis.enqueue(data_version=version)


class Migration(migrations.Migration):
    dependencies = [
        ("monitor", "0003_importrun_source_kind_derived"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
