"""Migration 0004: existing duplicate contributors become one record per person."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("stories", "0003_contributor_per_email_and_redaction")]
AFTER = [("stories", "0005_one_contributor_per_email")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_duplicates_are_merged_per_gemeente(geo):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Contributor = old.get_model("stories", "Contributor")
    Story = old.get_model("stories", "Story")

    def story(person, code):
        return Story.objects.create(
            title="Verhaal",
            text="<p>x</p>",
            author_kind="resident",
            municipality_code=code,
            collected_on=dt.date(2024, 1, 1),
            collection_method="online_form",
            consent="public",
            retention_until=dt.date(2030, 1, 1),
            source="public_form",
            contributor=person,
        )

    first = Contributor.objects.create(
        name="Anna", email="Anna@Example.org", phone="", retention_until=dt.date(2027, 1, 1)
    )
    second = Contributor.objects.create(
        name="Anna de Vries",
        email=" anna@example.org",
        phone="0301234567",
        retention_until=dt.date(2028, 1, 1),
    )
    other = Contributor.objects.create(name="Bert", email="", retention_until=dt.date(2027, 1, 1))
    s1, s2, s3 = story(first, "GM0344"), story(second, "GM0344"), story(other, "GM0344")
    s4 = story(second, "GM0518")  # the same address in another gemeente

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Contributor = new.get_model("stories", "Contributor")
    Story = new.get_model("stories", "Story")

    anna = Contributor.objects.get(municipality_code="GM0344", email="anna@example.org")
    assert anna.pk == first.pk  # the oldest record is kept
    assert (anna.name, anna.phone) == ("Anna de Vries", "0301234567")
    assert anna.retention_until == dt.date(2028, 1, 1)
    assert set(Story.objects.filter(contributor=anna).values_list("pk", flat=True)) == {
        s1.pk,
        s2.pk,
    }
    den_haag = Story.objects.get(pk=s4.pk).contributor
    assert den_haag.municipality_code == "GM0518" and den_haag.email == "anna@example.org"
    assert Story.objects.get(pk=s3.pk).contributor_id == other.pk
    assert Contributor.objects.count() == 3

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)  # going back leaves the merge as it is
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
