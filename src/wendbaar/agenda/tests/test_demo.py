import pytest
from django.contrib.auth.models import AnonymousUser

from wendbaar.accounts.tests.factories import UserFactory, grant_role
from wendbaar.agenda.demo import DEMO_NAME, PARTNER_PROJECT, load_demo_wijkaanpak
from wendbaar.agenda.permissions import may_change_project
from wendbaar.agenda.selectors import approach_overview
from wendbaar.approaches.models import Approach

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_marked(geo):
    approach = load_demo_wijkaanpak()
    assert load_demo_wijkaanpak() == approach
    assert Approach.objects.filter(name=DEMO_NAME).count() == 1
    assert approach.is_example and approach.is_published
    overview = approach_overview(AnonymousUser(), approach)
    assert len(overview.goals) == 2 and len(overview.projects) == 5
    assert all("(voorbeeld)" in m.organisation.name for m in overview.coalition.memberships)
    assert {w.code for w in overview.warnings} >= {"project_without_goal"}
    assert overview.money.outside_projects  # some money planned, committed or spent


def test_demo_partner_updates_only_the_project_of_its_organisation(geo):
    partner = UserFactory(username="partner", demo=True)
    grant_role(partner, "partner", municipality=geo["utrecht"])
    approach = load_demo_wijkaanpak()
    own = approach.projects.get(title=PARTNER_PROJECT)
    assert own.owner_organisation.name == "Woningcorporatie (voorbeeld)"
    assert may_change_project(partner, own)
    others = approach.projects.exclude(pk=own.pk)
    assert others.count() == 4
    assert not any(may_change_project(partner, p) for p in others)


def test_demo_loaded_before_the_partner_project_gets_it_once(geo):
    approach = load_demo_wijkaanpak()
    approach.projects.filter(title=PARTNER_PROJECT).delete()
    load_demo_wijkaanpak()
    load_demo_wijkaanpak()
    assert approach.projects.filter(title=PARTNER_PROJECT).count() == 1


def test_demo_skips_without_areas(db):
    assert load_demo_wijkaanpak() is None
