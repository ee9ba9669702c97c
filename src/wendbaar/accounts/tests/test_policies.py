import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wendbaar.accounts.models import RoleAssignment
from wendbaar.accounts.policies import (
    Policy,
    area_scope,
    areas_for,
    get_area_for_user,
    has_permission_anywhere,
    may,
)
from wendbaar.areas.models import Area

from .factories import UserFactory, grant_role

VIEW = "accounts.view_restricted"
EDIT = "accounts.edit_programme"


def codes(qs):
    return set(qs.values_list("code", flat=True))


class TestGemeenteScope:
    def test_covers_gemeente_wijken_and_buurten_of_that_gemeente_only(self, geo):
        user = UserFactory()
        grant_role(user, "lezer", municipality=geo["utrecht"])
        assert codes(areas_for(user, VIEW)) == {
            "GM0344",
            "WK034403",
            "WK034406",
            "BU03440343",
            "BU03440600",
        }
        assert may(user, VIEW, geo["overvecht_buurt"])
        assert not may(user, VIEW, geo["den_haag"])
        assert not may(user, VIEW, geo["escamp_buurt"])

    def test_permission_not_in_the_role_is_nowhere(self, geo):
        user = UserFactory()
        grant_role(user, "lezer", municipality=geo["utrecht"])
        assert not has_permission_anywhere(user, EDIT)
        assert not may(user, EDIT, geo["utrecht"])
        assert not areas_for(user, EDIT).exists()


class TestDistrictScope:
    def test_covers_the_wijk_and_its_buurten_not_the_gemeente(self, geo):
        user = UserFactory()
        grant_role(user, "wijkmanager", municipality=geo["utrecht"], districts=[geo["overvecht"]])
        assert codes(areas_for(user, EDIT)) == {"WK034403", "BU03440343"}
        assert may(user, EDIT, geo["overvecht"])
        assert may(user, EDIT, geo["overvecht_buurt"])
        assert not may(user, EDIT, geo["utrecht"])
        assert not may(user, EDIT, geo["binnenstad"])
        assert not may(user, EDIT, geo["binnenstad_buurt"])
        assert not may(user, EDIT, geo["escamp"])

    def test_two_roles_add_up(self, geo):
        user = UserFactory()
        grant_role(user, "wijkmanager", municipality=geo["utrecht"], districts=[geo["overvecht"]])
        grant_role(user, "lezer", municipality=geo["den_haag"])
        assert may(user, VIEW, geo["escamp_buurt"])
        assert not may(user, EDIT, geo["escamp_buurt"])  # lezer does not edit
        assert codes(areas_for(user, VIEW)) == {
            "WK034403",
            "BU03440343",
            "GM0518",
            "WK051808",
            "BU05180800",
        }

    def test_district_of_another_gemeente_grants_nothing(self, geo):
        user = UserFactory()
        # Bypass the service's check to simulate bad data.
        assignment = grant_role(user, "wijkmanager", municipality=geo["utrecht"])
        assignment.districts.set([geo["escamp"]])
        assert not may(user, EDIT, geo["escamp"])
        assert not may(user, EDIT, geo["utrecht"])  # not widened to the whole gemeente
        assert not areas_for(user, EDIT).exists()


class TestSpecialUser:
    def test_superuser_may_everything(self, geo):
        user = UserFactory(superuser=True)
        assert has_permission_anywhere(user, EDIT)
        assert may(user, EDIT, geo["escamp_buurt"])
        assert codes(areas_for(user, EDIT)) == codes(Area.objects.all())

    def test_inactive_user_may_nothing(self, geo):
        user = UserFactory(inactive=True)
        grant_role(user, "beheerder", municipality=geo["utrecht"])
        assert not has_permission_anywhere(user, VIEW)
        assert not may(user, VIEW, geo["utrecht"])
        assert not areas_for(user, VIEW).exists()

    def test_inactive_superuser_may_nothing(self, geo):
        user = UserFactory(superuser=True, inactive=True)
        assert not may(user, VIEW, geo["utrecht"])

    def test_anonymous_may_nothing(self, geo):
        from django.contrib.auth.models import AnonymousUser

        assert not has_permission_anywhere(AnonymousUser(), VIEW)
        assert not may(AnonymousUser(), VIEW, geo["utrecht"])
        assert not areas_for(AnonymousUser(), VIEW).exists()

    def test_user_without_roles_may_nothing(self, geo):
        user = UserFactory()
        assert not has_permission_anywhere(user, VIEW)
        assert not areas_for(user, VIEW).exists()

    def test_malformed_permission_is_an_error(self, geo):
        with pytest.raises(ValueError):
            may(UserFactory(), "view_restricted", geo["utrecht"])


class TestGetAreaForUser:
    def test_in_scope(self, geo):
        user = UserFactory()
        grant_role(user, "lezer", municipality=geo["utrecht"])
        assert get_area_for_user(user, "wk034403", VIEW) == geo["overvecht"]

    def test_out_of_scope_is_denied(self, geo):
        user = UserFactory()
        grant_role(user, "lezer", municipality=geo["utrecht"])
        with pytest.raises(PermissionDenied):
            get_area_for_user(user, "GM0518", VIEW)

    def test_unknown_is_404(self, geo):
        with pytest.raises(Http404):
            get_area_for_user(UserFactory(superuser=True), "GM9999", VIEW)


class RoleAssignmentPolicy(Policy):
    """A model with an area FK, to exercise the base class: assignments by gemeente."""

    model = RoleAssignment
    area_path = "municipality"


class TestPolicyBase:
    def test_instances_for_scopes_by_area_path(self, geo):
        beheerder = UserFactory()
        grant_role(beheerder, "beheerder", municipality=geo["utrecht"])
        in_utrecht = grant_role(UserFactory(), "lezer", municipality=geo["utrecht"])
        in_den_haag = grant_role(UserFactory(), "lezer", municipality=geo["den_haag"])
        policy = RoleAssignmentPolicy()

        visible = set(policy.instances_for(beheerder, "change"))
        assert in_utrecht in visible
        assert in_den_haag not in visible
        assert policy.may(beheerder, "delete", in_utrecht)
        assert not policy.may(beheerder, "delete", in_den_haag)

    def test_get_for_user_raises(self, geo):
        lezer = UserFactory()
        own = grant_role(lezer, "lezer", municipality=geo["utrecht"])
        other = grant_role(UserFactory(), "lezer", municipality=geo["den_haag"])
        policy = RoleAssignmentPolicy()
        # A lezer has no view_roleassignment at all: nothing is visible.
        with pytest.raises(Http404):
            policy.get_for_user(lezer, "view", pk=own.pk)

        beheerder = UserFactory()
        grant_role(beheerder, "beheerder", municipality=geo["utrecht"])
        assert policy.get_for_user(beheerder, "change", pk=own.pk) == own
        with pytest.raises(Http404):
            policy.get_for_user(beheerder, "view", pk=other.pk)

    def test_unknown_action_is_an_error(self, geo):
        with pytest.raises(ValueError):
            RoleAssignmentPolicy().permission_for("publish")

    def test_area_scope_with_prefix(self, geo):
        user = UserFactory()
        grant_role(user, "wijkmanager", municipality=geo["utrecht"], districts=[geo["overvecht"]])
        buurten = Area.objects.filter(area_scope(user, EDIT, prefix="parent"))
        assert codes(buurten) == {"BU03440343"}  # areas whose parent is in scope


class DistrictOfAssignmentPolicy(Policy):
    """Through a many-to-many path: assignments by their districts."""

    model = RoleAssignment
    area_path = "districts"


def test_many_to_many_path_returns_each_instance_once(geo):
    beheerder = UserFactory()
    grant_role(beheerder, "beheerder", municipality=geo["utrecht"])
    both = grant_role(
        UserFactory(),
        "wijkmanager",
        municipality=geo["utrecht"],
        districts=[geo["overvecht"], geo["binnenstad"]],
    )
    grant_role(UserFactory(), "lezer", municipality=geo["utrecht"])  # no districts
    assert list(DistrictOfAssignmentPolicy().instances_for(beheerder, "view")) == [both]
