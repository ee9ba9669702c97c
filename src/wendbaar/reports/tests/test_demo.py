"""The demo's reports: Overvecht's 2025 report adopted, two voices per goal, an honest
"not yet" in each chapter, a partner's comment; the 2026 report a draft. Loaded once,
with areas made by hand (not the national import), as the other demo tests do."""

from __future__ import annotations

import io

import pytest
from django.db import transaction

from wendbaar.accounts.demo import load_demo_users
from wendbaar.agenda.demo import DEMO_NAME, load_demo_wijkaanpak
from wendbaar.approaches.models import Approach
from wendbaar.proposals.tests.test_demo import _make_areas
from wendbaar.reports.content import from_json
from wendbaar.reports.demo import load_demo_reports
from wendbaar.reports.models import Report
from wendbaar.stories.demo import load_demo_stories

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("reports_demo")]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        _make_areas()
        load_demo_users()
        load_demo_stories()
        load_demo_wijkaanpak()
        yield load_demo_reports()
        transaction.set_rollback(True)


def test_skips_without_the_example(db):
    out = io.StringIO()
    assert load_demo_reports(stdout=out) == {"reports": 0}
    assert "skipped" in out.getvalue()


def test_an_adopted_2025_report_and_a_2026_draft(loaded):
    assert loaded == {"reports": 2}
    approach = Approach.objects.get(name=DEMO_NAME)
    reports = {r.period_start.year: r for r in approach.reports.all()}
    assert reports[2025].status == "adopted" and reports[2026].status == "concept"
    assert reports[2026].snapshot is None
    frozen = from_json(reports[2025].snapshot)
    assert len(frozen.opening_voices) == 3
    for chapter in frozen.chapters:
        assert len(chapter.voices) == 2, chapter.title
        assert chapter.not_yet and not chapter.nothing_fails, chapter.title  # honest
        assert all(c.kind for c in chapter.works + chapter.not_yet)
    assert reports[2025].comments.get().organisation.name == "Woningcorporatie (voorbeeld)"
    # What changed in the agenda during 2025, with its reason, is in the report.
    assert any(c.reason for c in frozen.agenda_changes)


def test_loading_twice_adds_nothing(loaded):
    assert load_demo_reports() == {"reports": 0}
    assert Report.objects.count() == 2
