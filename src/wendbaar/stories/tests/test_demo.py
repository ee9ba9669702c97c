import io

import pytest

from wendbaar.accounts.tests.factories import make_area
from wendbaar.stories.demo import SIGNALS, STORIES, load_demo_stories
from wendbaar.stories.models import Signal, Story

pytestmark = pytest.mark.django_db


def test_skips_without_areas():
    out = io.StringIO()
    assert load_demo_stories(stdout=out) == {"stories": 0, "signals": 0}
    assert "skipped" in out.getvalue()


def test_loads_once_and_marks_examples():
    utrecht = make_area("GM0344", "Utrecht")
    overvecht = make_area("WK034403", "Overvecht", utrecht)
    binnenstad = make_area("WK034406", "Binnenstad", utrecht)
    for code in ("BU03440341", "BU03440322", "BU03440321"):
        make_area(code, code, overvecht)
    make_area("BU03440611", "Domplein", binnenstad)
    assert load_demo_stories() == {"stories": len(STORIES), "signals": len(SIGNALS)}
    assert load_demo_stories() == {"stories": 0, "signals": 0}
    assert all(s.title.startswith("Voorbeeld: ") for s in Story.objects.all())
    assert all(s.sentence.startswith("Voorbeeld: ") for s in Signal.objects.all())
    assert Story.objects.filter(contributor__isnull=False).count() == 0
