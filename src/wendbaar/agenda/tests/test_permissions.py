"""The permission matrix: who sees and changes which wijkaanpak, project, commitment."""

import pytest
from django.contrib.auth.models import AnonymousUser

from wendbaar.agenda.permissions import ProjectPolicy, may_add_project
from wendbaar.approaches.permissions import ApproachPolicy, may_edit_approach
from wendbaar.coalition import services as coalition_services
from wendbaar.coalition.permissions import CommitmentPolicy
from wendbaar.core.actors import SYSTEM
from wendbaar.organisations.permissions import ContactPersonPolicy

from .factories import make_approach, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(geo, orgs, users):
    draft = make_approach(geo, name="Concept Overvecht")
    published = make_approach(geo, name="Binnenstad", areas=[geo["binnenstad"]], published=True)
    den_haag = make_approach(
        geo, name="Escamp", municipality=geo["den_haag"], areas=[geo["escamp"]]
    )
    own = make_project(draft, "Eigen project", owner_organisation=orgs["corporatie"])
    other = make_project(draft, "Ander project", owner_organisation=orgs["welzijn"])
    own_commitment = coalition_services.add_commitment(
        approach=draft,
        organisation=orgs["corporatie"],
        kind="other",
        description="Ruimte",
        start_year=2025,
        by=SYSTEM,
    )
    other_commitment = coalition_services.add_commitment(
        approach=draft,
        organisation=orgs["welzijn"],
        kind="other",
        description="Kennis",
        start_year=2025,
        by=SYSTEM,
    )
    return {
        "draft": draft,
        "published": published,
        "den_haag": den_haag,
        "own": own,
        "other": other,
        "own_commitment": own_commitment,
        "other_commitment": other_commitment,
    }


def visible(user, world):
    qs = ApproachPolicy().instances_for(user, "view")
    return {a.name for a in qs}


ALL = {"Concept Overvecht", "Binnenstad", "Escamp"}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", {"Binnenstad"}),
        ("none", {"Binnenstad"}),
        ("lezer", {"Concept Overvecht", "Binnenstad"}),
        ("lezer_den_haag", {"Binnenstad", "Escamp"}),
        ("partner", {"Concept Overvecht", "Binnenstad"}),
        ("wijkmanager_in", {"Concept Overvecht", "Binnenstad"}),
        ("wijkmanager_out", {"Binnenstad"}),
        ("programmabureau", {"Concept Overvecht", "Binnenstad"}),
        ("beheerder", {"Concept Overvecht", "Binnenstad"}),
    ],
)
def test_who_sees_which_approach(who, expected, users, world):
    user = AnonymousUser() if who == "anonymous" else users[who]
    assert visible(user, world) == expected


@pytest.mark.parametrize(
    ("who", "edit_draft", "add_project", "own", "other", "own_c", "other_c"),
    [
        ("anonymous", False, False, False, False, False, False),
        ("lezer", False, False, False, False, False, False),
        ("partner", False, False, True, False, True, False),
        ("wijkmanager_in", True, True, True, True, True, True),
        ("wijkmanager_out", False, False, False, False, False, False),
        ("programmabureau", True, True, True, True, True, True),
        ("programmabureau_den_haag", False, False, False, False, False, False),
        ("beheerder", False, False, False, False, False, False),
    ],
)
def test_who_changes_what(who, edit_draft, add_project, own, other, own_c, other_c, users, world):
    user = AnonymousUser() if who == "anonymous" else users[who]
    draft = world["draft"]
    assert may_edit_approach(user, draft) is edit_draft
    assert may_add_project(user, draft) is add_project
    assert ProjectPolicy().may(user, "change", world["own"]) is own
    assert ProjectPolicy().may(user, "change", world["other"]) is other
    assert CommitmentPolicy().may(user, "change", world["own_commitment"]) is own_c
    assert CommitmentPolicy().may(user, "change", world["other_commitment"]) is other_c


def test_superuser_everything(world):
    from wendbaar.accounts.tests.factories import UserFactory

    admin = UserFactory(superuser=True)
    assert visible(admin, world) == ALL
    assert may_edit_approach(admin, world["den_haag"])


def test_projects_visible_with_their_approach(users, world):
    titles = {p.title for p in ProjectPolicy().instances_for(AnonymousUser(), "view")}
    assert titles == set()
    titles = {p.title for p in ProjectPolicy().instances_for(users["lezer"], "view")}
    assert titles == {"Eigen project", "Ander project"}


def test_contact_persons_are_not_for_readers(users, orgs):
    assert not ContactPersonPolicy().instances_for(users["lezer"], "view").exists()
    assert ContactPersonPolicy().instances_for(users["partner"], "view").exists()


def test_partner_may_add_commitment_only_for_own_organisation(users, orgs, world):
    policy = CommitmentPolicy()
    assert policy.may_add_for(users["partner"], world["draft"], orgs["corporatie"])
    assert not policy.may_add_for(users["partner"], world["draft"], orgs["welzijn"])
    assert policy.may_add_for(users["wijkmanager_in"], world["draft"], orgs["welzijn"])
    assert not policy.may_add_for(users["lezer"], world["draft"], orgs["welzijn"])
