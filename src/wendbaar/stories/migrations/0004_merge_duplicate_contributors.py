"""One person, one contributor record: merge contributors with the same e-mail address.

Each contributor gets the gemeente of its stories; contributors whose stories lie in
more than one gemeente are split, one per gemeente, so no record spans two gemeenten.
Then records with the same gemeente and e-mail address (case and spaces ignored) are
merged into the oldest: its stories move over, the latest non-empty name and telephone
number win, the longest retention date is kept. Going back leaves the merge as it is
(a split-up person cannot be told apart again).
"""

from django.db import migrations


def _normalise(value):
    return (value or "").strip().lower()


def merge(apps, schema_editor):
    Contributor = apps.get_model("stories", "Contributor")
    Story = apps.get_model("stories", "Story")

    for person in Contributor.objects.order_by("pk"):
        codes = sorted(
            set(Story.objects.filter(contributor=person).values_list("municipality_code", flat=True))
        )
        person.email = _normalise(person.email)
        person.municipality_code = codes[0] if codes else ""
        person.save(update_fields=["email", "municipality_code"])
        for code in codes[1:]:  # a record spanning gemeenten: one copy per extra gemeente
            copy = Contributor.objects.create(
                name=person.name,
                email=person.email,
                phone=person.phone,
                retention_until=person.retention_until,
                municipality_code=code,
            )
            Story.objects.filter(contributor=person, municipality_code=code).update(
                contributor=copy
            )

    groups = {}
    for person in Contributor.objects.exclude(email="").order_by("created_at", "pk"):
        groups.setdefault((person.municipality_code, person.email), []).append(person)
    for people in groups.values():
        keep, others = people[0], people[1:]
        if not others:
            continue
        for other in others:  # oldest first: later details win
            keep.name = other.name or keep.name
            keep.phone = other.phone or keep.phone
            keep.retention_until = max(keep.retention_until, other.retention_until)
            Story.objects.filter(contributor=other).update(contributor=keep)
            other.delete()
        keep.save()


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0003_contributor_per_email_and_redaction"),
    ]

    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]
