import pytest

from wendbaar.programme.demo import DEMO_NAME, load_demo_programme
from wendbaar.programme.models import Approach
from wendbaar.programme.selectors import approach_overview

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_marked(geo):
    approach = load_demo_programme()
    assert load_demo_programme() == approach
    assert Approach.objects.filter(name=DEMO_NAME).count() == 1
    assert approach.is_example and approach.is_published
    overview = approach_overview(approach)
    assert len(overview.goals) == 2 and len(overview.projects) == 4
    assert all("(voorbeeld)" in m.organisation.name for m in overview.coalition.memberships)
    assert {w.code for w in overview.warnings} >= {"project_without_goal"}
    assert overview.money.outside_projects > 0


def test_demo_skips_without_areas(db):
    assert load_demo_programme() is None
