"""Public geography pages: home with search, area pages, 404."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from wendbaar.areas.constants import AreaLevel

from .factories import AreaFactory, build_utrecht

pytestmark = pytest.mark.django_db


def get(client, url, **extra):
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en", **extra)


class TestHome:
    def test_lists_municipalities_by_province(self, client, utrecht):
        AreaFactory(code="GM0518", name="'s-Gravenhage", province="Zuid-Holland")
        response = get(client, reverse("pages:home"))
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("<h1") == 1
        assert "<summary>Utrecht" in html and "<summary>Zuid-Holland" in html
        assert 'href="/gebied/GM0344/"' in html
        assert 'href="/gebied/GM0518/"' in html
        assert 'role="search"' in html
        assert 'aria-live="polite"' in html
        assert '<label class="utrecht-form-label" for="area-search-q">' in html

    def test_only_municipalities_of_the_latest_division(self, client, utrecht):
        AreaFactory(code="GM0009", name="Oude gemeente", first_year=2015, last_year=2018)
        html = get(client, reverse("pages:home")).content.decode()
        assert "Oude gemeente" not in html

    def test_search_by_name_without_javascript(self, client, utrecht):
        response = get(client, reverse("pages:home"), data={"q": "lombok"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "<!DOCTYPE html>" in html
        assert 'href="/gebied/BU03440101/"' in html
        assert 'href="/gebied/BU03440102/"' in html
        assert "in West, Utrecht" in html  # parents for disambiguation
        assert "2 areas found" in html

    def test_search_by_code_any_case(self, client, utrecht):
        html = get(client, reverse("pages:home"), data={"q": "wk034402"}).content.decode()
        assert 'href="/gebied/WK034402/"' in html
        assert "1 area found" in html

    def test_search_orders_municipalities_first(self, client, utrecht):
        AreaFactory(
            code="BU03440301",
            name="Utrecht Science Park",
            neighbourhood=True,
            parent=utrecht["oost"],
        )
        html = get(client, reverse("pages:home"), data={"q": "utrecht"}).content.decode()
        assert html.index("/gebied/GM0344/") < html.index("/gebied/BU03440301/")

    def test_no_results(self, client, utrecht):
        html = get(client, reverse("pages:home"), data={"q": "Atlantis"}).content.decode()
        assert "No areas found for “Atlantis”" in html

    def test_htmx_request_returns_only_the_partial(self, client, utrecht):
        response = get(client, reverse("pages:home"), data={"q": "lombok"}, HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in html and "<h1" not in html
        assert 'href="/gebied/BU03440101/"' in html
        assert "HX-Request" in response["Vary"]

    def test_query_counts(self, client, utrecht, django_assert_num_queries):
        with django_assert_num_queries(1):  # municipalities
            get(client, reverse("pages:home"))
        get(client, reverse("pages:home"), data={"q": "o"})  # builds the search index
        with django_assert_num_queries(3):  # + search: index version, areas
            get(client, reverse("pages:home"), data={"q": "o"})
        with django_assert_num_queries(2):  # the partial: search only
            get(client, reverse("pages:home"), data={"q": "o"}, HTTP_HX_REQUEST="true")

    def test_htmx_history_restore_gets_the_full_page(self, client, utrecht):
        response = get(
            client,
            reverse("pages:home"),
            data={"q": "lombok"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_HISTORY_RESTORE_REQUEST="true",
        )
        assert "<html" in response.content.decode()


class TestAreaPage:
    def test_municipality(self, client, utrecht):
        response = get(client, "/gebied/GM0344/")
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("<h1") == 1
        assert re.search(r"<h1[^>]*>Utrecht\s*<span[^>]*>Municipality · ", html)
        # children table with the number of buurten per wijk
        assert 'href="/gebied/WK034401/"' in html and 'href="/gebied/WK034402/"' in html
        assert re.search(r"WK034401</td>\s*<td[^>]*>3</td>", html)
        # the map links the buurten, with accessible names
        assert 'aria-label="Neighbourhood Lombok-Oost (BU03440101)"' in html
        assert html.count('<a class="map-area"') == 5
        # the buurten on the map are also listed as text
        assert "All 5 neighbourhoods on the map" in html
        assert "Source: CBS / Kadaster, CC BY 4.0; CBS Wijk- en Buurtkaart 2024." in html

    def test_district(self, client, utrecht):
        html = get(client, "/gebied/WK034401/").content.decode()
        assert 'aria-label="Breadcrumbs"' in html
        crumbs = html[
            html.index('aria-label="Breadcrumbs"') : html.index(
                "</nav>", html.index('aria-label="Breadcrumbs"')
            )
        ]
        assert 'href="/gebied/GM0344/"' in crumbs
        assert re.search(r'href="/gebied/WK034401/" aria-current="page">West<', crumbs)
        assert "Part of municipality" in html
        for code in ("BU03440101", "BU03440102", "BU03440103"):
            assert f'href="/gebied/{code}/"' in html
        assert 'href="/gebied/BU03440201/"' not in html  # buurten of another wijk
        # the other wijk is grey context: drawn, hidden, not a link
        assert 'aria-label="District Oost (WK034402)"' not in html
        assert 'class="map-area map-area--context" aria-hidden="true"' in html

    def test_neighbourhood(self, client, utrecht):
        html = get(client, "/gebied/BU03440102/").content.decode()
        assert re.search(r"<h1[^>]*>Lombok-West\s*<span[^>]*>Neighbourhood · ", html)
        assert "Part of district" in html and 'href="/gebied/WK034401/"' in html
        assert 'href="/gebied/GM0344/"' in html
        assert re.search(
            r'<a class="map-area map-area--current" href="/gebied/BU03440102/" '
            r'aria-label="Neighbourhood Lombok-West \(BU03440102\)" aria-current="page"',
            html,
        )
        assert "Other neighbourhoods in West" in html
        assert 'href="/gebied/BU03440101/"' in html and 'href="/gebied/BU03440103/"' in html
        assert "map-legend__swatch--current" in html

    def test_code_is_case_insensitive(self, client, utrecht):
        response = get(client, "/gebied/bu03440101/")
        assert response.status_code == 200
        assert "Lombok-Oost" in response.content.decode()

    @pytest.mark.parametrize("code", ["GM9999", "BU99999999", "nonsense", "WK0344"])
    def test_unknown_code_is_404(self, client, utrecht, code):
        response = get(client, f"/gebied/{code}/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "Page not found" in html
        assert html.count("<h1") == 1

    def test_no_map_available(self, client, db):
        AreaFactory(code="GM0001", name="Zonder kaart", geometry=None)
        AreaFactory(
            code="WK000101",
            name="Wijk 1",
            district=True,
            parent=AreaFactory(code="GM0001"),
            geometry=None,
        )
        html = get(client, "/gebied/GM0001/").content.decode()
        assert "No map is available for this area yet" in html
        assert "<svg" not in html
        assert 'href="/gebied/WK000101/"' in html

    def test_schematic_map(self, client, db):
        gm = AreaFactory(
            code="GM0002", name="Schema", geometry=None, schematic_viewbox="0 0 600 503"
        )
        wk = AreaFactory(code="WK000201", name="Wijk", district=True, parent=gm, geometry=None)
        AreaFactory(
            code="BU00020101",
            name="Buurt A",
            neighbourhood=True,
            parent=wk,
            geometry=None,
            schematic_path="M0 0L300 0L300 503L0 503Z",
        )
        AreaFactory(
            code="BU00020102",
            name="Buurt B",
            neighbourhood=True,
            parent=wk,
            geometry=None,
            schematic_path="M300 0L600 0L600 503L300 503Z",
        )
        html = get(client, "/gebied/GM0002/").content.decode()
        assert 'viewBox="0 0 600 503"' in html
        assert "Schematic map:" in html
        assert 'aria-label="Neighbourhood Buurt A (BU00020101)"' in html

    def test_municipality_falls_back_to_districts_on_the_map(self, client, db):
        gm = AreaFactory(code="GM0003", name="Wijkkaart", geometry=None)
        AreaFactory(
            code="WK000301",
            name="Noord",
            district=True,
            parent=gm,
            geometry={"type": "Polygon", "coordinates": [[[0, 0], [100, 0], [100, 100], [0, 0]]]},
        )
        html = get(client, "/gebied/GM0003/").content.decode()
        assert 'aria-label="District Noord (WK000301)"' in html

    def test_names_are_escaped(self, client, utrecht):
        AreaFactory(
            code="BU03440104",
            name="<script>alert(1)</script>",
            neighbourhood=True,
            parent=utrecht["west"],
            geometry={
                "type": "Polygon",
                "coordinates": [
                    [[134500, 454500], [135000, 454500], [135000, 455000], [134500, 454500]]
                ],
            },
        )
        for url in ("/gebied/WK034401/", "/gebied/BU03440104/", "/gebied/GM0344/"):
            html = get(client, url).content.decode()
            assert "<script>alert(1)</script>" not in html, url
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
        html = get(client, reverse("pages:home"), data={"q": "script"}).content.decode()
        assert "<script>alert(1)</script>" not in html

    def test_ids_are_unique(self, client, utrecht):
        for url in ("/", "/gebied/GM0344/", "/gebied/WK034401/", "/gebied/BU03440101/"):
            html = get(client, url).content.decode()
            ids = re.findall(r'\sid="([^"]+)"', html)
            assert len(ids) == len(set(ids)), url

    @pytest.mark.parametrize(
        ("code", "queries"),
        # +1 for the stories beside the figures; +1 for the monitor profile (the key of the
        # stored analysis; the figures themselves come from the store, not the database);
        # +1 for the wijkaanpakken working in the area.
        [("GM0344", 6), ("WK034401", 7), ("BU03440101", 5)],
    )
    def test_query_count_is_constant(self, client, django_assert_num_queries, code, queries):
        build_utrecht()
        # More buurten must not add queries.
        for i in range(4, 12):
            AreaFactory(
                code=f"BU034401{i:02d}",
                name=f"Extra {i}",
                neighbourhood=True,
                parent=AreaFactory(code="WK034401"),
                geometry={
                    "type": "Polygon",
                    "coordinates": [
                        [
                            [134000 + i, 455000],
                            [134100 + i, 455000],
                            [134100, 455100],
                            [134000 + i, 455000],
                        ]
                    ],
                },
            )
        with django_assert_num_queries(queries):
            assert get(client, f"/gebied/{code}/").status_code == 200


def test_every_view_is_public(client, utrecht):
    from django.urls import resolve

    for url in ("/", "/gebied/GM0344/"):
        assert getattr(resolve(url).func, "wendbaar_access", None) == "public"
    assert AreaLevel.MUNICIPALITY  # import used
