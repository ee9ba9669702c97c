import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from wendbaar.accounts.constants import RoleSlug
from wendbaar.accounts.models import RoleProfile


def perms_of(slug, apps=("accounts", "areas", "core")):
    """The role's permissions from ``apps`` (later apps add their own in migrations)."""
    group = RoleProfile.objects.get(slug=slug).group
    perms = group.permissions.filter(content_type__app_label__in=apps)
    return {f"{p.content_type.app_label}.{p.codename}" for p in perms}


class TestRolesMigration:
    def test_the_five_roles_exist_with_a_slug(self, db):
        assert set(RoleProfile.objects.values_list("slug", flat=True)) == set(RoleSlug.values)
        assert Group.objects.filter(role_profile__isnull=False).count() == 5

    def test_beheerder_manages_users_but_sees_no_personal_data(self, db):
        perms = perms_of("beheerder")
        assert {"accounts.manage_users", "accounts.add_roleassignment"} <= perms
        assert "accounts.view_personal_data" not in perms

    def test_wijkmanager_and_programmabureau_edit_the_programme(self, db):
        for slug in ("wijkmanager", "programmabureau"):
            assert {"accounts.edit_programme", "accounts.view_restricted"} <= perms_of(slug)

    def test_partner_and_lezer_only_read(self, db):
        for slug in ("partner", "lezer"):
            assert perms_of(slug) == {"accounts.view_restricted", "areas.view_area"}

    def test_every_role_may_view_areas(self, db):
        for slug in RoleSlug.values:
            assert "areas.view_area" in perms_of(slug)

    def test_label_is_translatable_not_the_group_name(self, db):
        profile = RoleProfile.objects.get(slug=RoleSlug.DISTRICT_MANAGER)
        assert str(profile) == "Wijkmanager"
        with translation.override("en"):
            assert str(profile) == "District manager"


def test_a_migration_grants_only_to_known_roles(db):
    from django.apps import apps as django_apps

    from wendbaar.accounts.migration_helpers import grant_role_permissions

    with pytest.raises(ValueError):
        grant_role_permissions(django_apps, {"koning": ["initiatives.view_initiative"]})
    # A database without the role (a flushed test database, migrated forward again).
    RoleProfile.objects.filter(slug="lezer").delete()
    grant_role_permissions(django_apps, {"lezer": ["initiatives.view_initiative"]})
    assert not RoleProfile.objects.filter(slug="lezer").exists()
