"""A gemeente's other names for its areas: the page, the services, who may, and the search
finding them at once. Also the home search showing aliases and postcodes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from wendbaar.accounts.tests.factories import UserFactory, user_with_role
from wendbaar.areas.models import AliasKind, AreaAlias, AreaPostcode
from wendbaar.areas.selectors import search_areas
from wendbaar.core.actors import SystemActor
from wendbaar.core.models import AuditEvent

from ..aliases import add_alias, remove_alias
from .factories import AreaFactory

pytestmark = pytest.mark.django_db

JOB = SystemActor("test")


@pytest.fixture
def den_haag(utrecht):
    gm = AreaFactory(code="GM0518", name="'s-Gravenhage", province="Zuid-Holland")
    return {"gm": gm}


def url(code: str = "GM0344") -> str:
    return reverse("pages:aliases", kwargs={"code": code})


def counts() -> tuple[int, int]:
    return AreaAlias.objects.count(), AuditEvent.objects.count()


class TestServices:
    def test_add_and_remove_are_audited_and_searchable(self, utrecht):
        user = user_with_role("programmabureau", municipality=utrecht["gm"])
        alias = add_alias(area=utrecht["oost"], name="  De  Oost ", kind=AliasKind.LOCAL, by=user)
        assert (alias.name, alias.added_by, alias.source) == ("De Oost", user, "")
        event = AuditEvent.objects.latest("pk")
        assert event.action == "area_alias_added" and event.actor == user
        assert event.detail["area"] == "WK034402"
        (found,) = search_areas("de oost").areas
        assert found.code == "WK034402" and found.match.alias == "De Oost"
        remove_alias(alias=alias, by=user)
        assert AuditEvent.objects.latest("pk").action == "area_alias_removed"
        assert search_areas("de oost").areas == []

    @pytest.mark.parametrize(
        ("name", "kind", "field", "message"),
        [
            ("  ", AliasKind.LOCAL, "name", "at least one letter"),
            ("x" * 201, AliasKind.LOCAL, "name", "at most 200"),
            ("Oost", AliasKind.LOCAL, "name", "already the area's own name"),
            ("oost!", AliasKind.LOCAL, "name", "already the area's own name"),
            ("De Oost", "nickname", "kind", "Choose official, common or local"),
            ("de-oost", AliasKind.COMMON, "name", "already has this name"),
        ],
    )
    def test_bad_input_is_refused_and_changes_nothing(self, utrecht, name, kind, field, message):
        add_alias(area=utrecht["oost"], name="De Oost", kind=AliasKind.LOCAL, by=JOB)
        before = counts()
        with pytest.raises(ValidationError) as exc:
            add_alias(area=utrecht["oost"], name=name, kind=kind, by=JOB)
        assert message in " ".join(exc.value.message_dict[field])
        assert counts() == before

    def test_refused_roles_write_nothing(self, utrecht, den_haag):
        wijk_west = user_with_role(
            "wijkmanager", municipality=utrecht["gm"], districts=[utrecht["west"]]
        )
        refused = [
            UserFactory(),
            user_with_role("lezer", municipality=utrecht["gm"]),
            user_with_role("partner", municipality=utrecht["gm"]),
            user_with_role("beheerder", municipality=utrecht["gm"]),
            user_with_role("programmabureau", municipality=den_haag["gm"]),
            wijk_west,  # another wijk than Oost
        ]
        shipped = AreaAlias.objects.create(
            area=utrecht["oost"], name="Oostelijk", kind=AliasKind.COMMON, source="file.csv"
        )
        before = counts()
        for user in refused:
            with pytest.raises(PermissionDenied):
                add_alias(area=utrecht["oost"], name="De Oost", kind=AliasKind.LOCAL, by=user)
            with pytest.raises(PermissionDenied):
                remove_alias(alias=shipped, by=user)
        assert counts() == before
        # The wijkmanager of West keeps the names of West and its buurten.
        add_alias(area=utrecht["lombok_oost"], name="Lombok", kind=AliasKind.LOCAL, by=wijk_west)


class TestPage:
    def test_anonymous_is_sent_to_sign_in(self, client, utrecht):
        response = client.get(url())
        assert response.status_code == 302 and "?next=" in response["Location"]

    def test_lists_adds_and_removes(self, client, utrecht):
        AreaAlias.objects.create(
            area=utrecht["west"], name="Westkant", kind=AliasKind.COMMON, source="file.csv"
        )
        client.force_login(user_with_role("programmabureau", municipality=utrecht["gm"]))
        page = client.get(url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Westkant" in page and "Shipped with Wendbaar" in page
        response = client.post(
            url(), {"area": utrecht["wittevrouwen"].pk, "name": "Wivo", "kind": "local"}
        )
        assert response.status_code == 302
        alias = AreaAlias.objects.get(name="Wivo")
        response = client.post(
            reverse("pages:alias_remove", kwargs={"code": "GM0344", "pk": alias.pk})
        )
        assert response.status_code == 302 and not AreaAlias.objects.filter(name="Wivo").exists()

    def test_a_bad_name_shows_the_error_and_writes_nothing(self, client, utrecht):
        client.force_login(user_with_role("programmabureau", municipality=utrecht["gm"]))
        before = counts()
        response = client.post(
            url(),
            {"area": utrecht["oost"].pk, "name": "Oost", "kind": "local"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 200
        assert "already the area&#x27;s own name" in response.content.decode()
        assert counts() == before

    def test_refused_users_get_403_and_nothing_is_written(self, client, utrecht, den_haag):
        alias = AreaAlias.objects.create(
            area=utrecht["west"], name="Westkant", kind=AliasKind.COMMON
        )
        users = [
            UserFactory(),
            user_with_role("lezer", municipality=utrecht["gm"]),
            user_with_role("programmabureau", municipality=den_haag["gm"]),
        ]
        before = counts()
        for user in users:
            client.force_login(user)
            assert client.get(url()).status_code == 403
            post = client.post(url(), {"area": utrecht["west"].pk, "name": "X", "kind": "local"})
            assert post.status_code == 403
            remove = reverse("pages:alias_remove", kwargs={"code": "GM0344", "pk": alias.pk})
            assert client.post(remove).status_code == 403
        assert counts() == before

    def test_a_wijkmanager_names_only_their_wijk(self, client, utrecht):
        client.force_login(
            user_with_role("wijkmanager", municipality=utrecht["gm"], districts=[utrecht["west"]])
        )
        form = client.get(url()).context["form"]
        assert {a.code for a in form.fields["area"].queryset} == {
            "WK034401",
            "BU03440101",
            "BU03440102",
            "BU03440103",
        }
        before = counts()
        response = client.post(url(), {"area": utrecht["oost"].pk, "name": "X", "kind": "local"})
        assert response.status_code == 200  # not a choice: a form error
        assert counts() == before

    def test_only_gemeenten_have_the_page(self, client, utrecht):
        client.force_login(user_with_role("programmabureau", municipality=utrecht["gm"]))
        assert client.get(url("WK034401")).status_code == 404
        assert client.get(url("GM9999")).status_code == 404


class TestHomeSearch:
    def test_an_alias_hit_says_also_known_as(self, client, utrecht):
        AreaAlias.objects.create(area=utrecht["gm"], name="Utreg", kind=AliasKind.COMMON)
        page = client.get(reverse("pages:home"), {"q": "utreg"}, HTTP_ACCEPT_LANGUAGE="en")
        html = page.content.decode()
        assert 'href="/gebied/GM0344/"' in html and "also known as “Utreg”" in html

    def test_a_postcode_lists_its_buurten_with_their_wijk(self, client, utrecht):
        AreaPostcode.objects.create(postcode="3531", area=utrecht["lombok_oost"])
        html = client.get(
            reverse("pages:home"), {"q": "3531 AB"}, HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
        assert 'href="/gebied/BU03440101/"' in html and "in West, Utrecht" in html
        assert "most common postcode 3531" in html

    def test_a_typo(self, client, utrecht):
        html = client.get(
            reverse("pages:home"), {"q": "wittevrouwe"}, HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
        assert 'href="/gebied/BU03440201/"' in html


def test_the_home_page_leads_keepers_to_their_aliases_page(client, utrecht):
    client.force_login(user_with_role("lezer", municipality=utrecht["gm"]))
    assert url() not in client.get(reverse("pages:home")).content.decode()
    client.force_login(user_with_role("wijkmanager", municipality=utrecht["gm"]))
    assert f'href="{url()}"' in client.get(reverse("pages:home")).content.decode()
