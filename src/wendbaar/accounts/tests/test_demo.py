import io

import pytest

from wendbaar.accounts.demo import DEMO_PASSWORD, load_demo_users
from wendbaar.accounts.models import RoleAssignment, User
from wendbaar.accounts.policies import may


@pytest.mark.django_db
class TestDemoUsers:
    def test_creates_users_and_roles_idempotently(self, geo):
        load_demo_users()
        load_demo_users()
        users = User.objects.filter(is_demo=True)
        assert set(users.values_list("username", flat=True)) == {
            "beheerder",
            "programmabureau",
            "wijkmanager",
            "partner",
            "lezer",
        }
        assert all(u.check_password(DEMO_PASSWORD) for u in users)
        assert RoleAssignment.objects.count() == 5

        wijkmanager = User.objects.get(username="wijkmanager")
        assert may(wijkmanager, "accounts.edit_programme", geo["overvecht_buurt"])
        assert may(wijkmanager, "accounts.edit_programme", geo["binnenstad"])
        assert not may(wijkmanager, "accounts.edit_programme", geo["utrecht"])
        lezer = User.objects.get(username="lezer")
        assert may(lezer, "accounts.view_restricted", geo["escamp_buurt"])
        assert not may(lezer, "accounts.view_restricted", geo["utrecht"])

    def test_skips_roles_whose_areas_are_missing(self, db):
        out = io.StringIO()
        load_demo_users(stdout=out)
        assert User.objects.filter(is_demo=True).count() == 5
        assert RoleAssignment.objects.count() == 0
        assert "skipped, areas not loaded: GM0344" in out.getvalue()
