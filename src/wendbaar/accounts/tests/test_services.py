import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wendbaar.accounts.models import RoleAssignment
from wendbaar.accounts.services import assign_role, revoke_role
from wendbaar.core.actors import SYSTEM
from wendbaar.core.models import AuditEvent

from .factories import UserFactory, grant_role, user_with_role


@pytest.mark.django_db
class TestAssignRole:
    def test_assign_then_widen_then_revoke(self, geo):
        user, by = UserFactory(), user_with_role("beheerder", municipality=geo["utrecht"])
        grant_role(user, "lezer", municipality=geo["utrecht"])  # a user keeps one role
        assignment = assign_role(
            user=user,
            role="wijkmanager",
            municipality=geo["utrecht"],
            districts=[geo["overvecht"]],
            by=by,
        )
        assert list(assignment.districts.all()) == [geo["overvecht"]]
        again = assign_role(user=user, role="wijkmanager", municipality=geo["utrecht"], by=by)
        assert again.pk == assignment.pk and not again.districts.exists()
        revoke_role(user=user, role="wijkmanager", municipality=geo["utrecht"], by=by)
        assert not RoleAssignment.objects.filter(user=user, role__name="Wijkmanager").exists()
        events = AuditEvent.objects.filter(actor=by).order_by("id")
        actions = list(events.values_list("action", flat=True))
        assert actions == ["role_assigned", "role_assigned", "role_revoked"]

    def test_only_a_beheerder_of_that_gemeente_gives_or_takes_roles(self, geo):
        user = user_with_role("lezer", municipality=geo["utrecht"])
        refused = [
            None,
            UserFactory(),
            user_with_role("programmabureau", municipality=geo["utrecht"]),
            user_with_role("beheerder", municipality=geo["den_haag"]),
        ]
        before = (RoleAssignment.objects.count(), AuditEvent.objects.count())
        for by in refused:
            with pytest.raises(PermissionDenied):
                assign_role(user=user, role="beheerder", municipality=geo["utrecht"], by=by)
            with pytest.raises(PermissionDenied):
                revoke_role(user=user, role="lezer", municipality=geo["utrecht"], by=by)
        assert (RoleAssignment.objects.count(), AuditEvent.objects.count()) == before
        assert RoleAssignment.objects.filter(user=user).exists()

    def test_districts_must_lie_in_the_gemeente(self, geo):
        with pytest.raises(ValidationError):
            assign_role(
                user=UserFactory(),
                role="wijkmanager",
                municipality=geo["utrecht"],
                districts=[geo["escamp"]],
                by=SYSTEM,
            )

    def test_scope_must_be_a_gemeente(self, geo):
        with pytest.raises(ValidationError):
            assign_role(user=UserFactory(), role="lezer", municipality=geo["overvecht"], by=SYSTEM)
