import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from wendbaar.accounts.tests.factories import UserFactory, grant_role
from wendbaar.agenda.demo import DEMO_NAME, PARTNER_PROJECT, load_demo_wijkaanpak
from wendbaar.agenda.permissions import may_change_project
from wendbaar.agenda.selectors import agenda_changes, approach_overview
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


def test_demo_agenda_has_one_later_change_with_its_reason(geo):
    approach = load_demo_wijkaanpak()
    with translation.override("en"):
        rows = agenda_changes(approach)
    # Set in February 2024 (vision, two goals, two indicators); changed in March 2025.
    assert [(r.when.date().isoformat(), r.kind) for r in rows] == [
        ("2025-03-10", "indicator_changed"),
        ("2024-02-12", "indicator_added"),
        ("2024-02-12", "goal_added"),
        ("2024-02-12", "indicator_added"),
        ("2024-02-12", "goal_added"),
        ("2024-02-12", "vision_changed"),
    ]
    change = rows[0]
    assert change.subject == "Misdrijven per 1.000 inwoners (Een veiliger wijk)"
    # Without the monitor's catalogue the local indicator's target year moves.
    assert change.summary == "target year 2032 → 2030"
    assert "(voorbeeld)" in change.reason
    load_demo_wijkaanpak()
    assert len(agenda_changes(approach)) == len(rows)


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
