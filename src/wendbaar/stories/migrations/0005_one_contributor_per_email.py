"""After the merge (0004): at most one contributor per gemeente and e-mail address."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0004_merge_duplicate_contributors"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='contributor',
            constraint=models.UniqueConstraint(condition=models.Q(('email', ''), _negated=True), fields=('municipality_code', 'email'), name='stories_one_contributor_per_email'),
        ),
    ]
