import pytest
from django.core.exceptions import ValidationError

from wendbaar.accounts.models import RoleAssignment
from wendbaar.accounts.services import assign_role, revoke_role
from wendbaar.core.models import AuditEvent

from .factories import UserFactory


@pytest.mark.django_db
class TestAssignRole:
    def test_assign_then_widen_then_revoke(self, geo):
        user, by = UserFactory(), UserFactory()
        assignment = assign_role(
            user=user,
            role="wijkmanager",
            municipality=geo["utrecht"],
            districts=[geo["overvecht"]],
            by=by,
        )
        assert list(assignment.districts.all()) == [geo["overvecht"]]
        again = assign_role(user=user, role="wijkmanager", municipality=geo["utrecht"])
        assert again.pk == assignment.pk and not again.districts.exists()
        revoke_role(user=user, role="wijkmanager", municipality=geo["utrecht"], by=by)
        assert not RoleAssignment.objects.filter(user=user).exists()
        actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
        assert actions == ["role_assigned", "role_assigned", "role_revoked"]

    def test_districts_must_lie_in_the_gemeente(self, geo):
        with pytest.raises(ValidationError):
            assign_role(
                user=UserFactory(),
                role="wijkmanager",
                municipality=geo["utrecht"],
                districts=[geo["escamp"]],
            )

    def test_scope_must_be_a_gemeente(self, geo):
        with pytest.raises(ValidationError):
            assign_role(user=UserFactory(), role="lezer", municipality=geo["overvecht"])
