"""The monitor pages and exports: public open statistics, sensitive figures for staff only."""

from __future__ import annotations

import csv
import io
import json
import re

import polars as pl
import pytest
from django.urls import resolve, reverse
from openpyxl import load_workbook

from wendbaar.accounts.tests.factories import UserFactory, grant_role

from ..models import Indicator
from ..pages.indicator import indicator_facts
from ..pages.profile import area_profile
from ..selectors import current_analysis
from ..stored.store import StoredAnalysis
from .factories import ImportRunFactory, build_world

pytestmark = pytest.mark.django_db


OVERVIEW = "/monitor/GM9001/"
PROFILE = "/gebied/BU90010101/"


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


class OverviewPageTests:
    def test_full_page_without_javascript(self, client, world):
        page = html(client.get(OVERVIEW))
        assert "<html" in page
        # The map of the default theme, the table beside it, both rankings and warnings.
        assert 'id="choropleth-table"' in page and "<svg" in page
        assert 'id="urgency-district"' in page and 'id="urgency-neighbourhood"' in page
        assert 'id="warnings-entered_weakest_fifth"' in page
        assert 'name="show"' in page and 'value="theme:safety" selected' in page
        # The weakest buurt first in the table, its name linking to its area page.
        table = page.split('id="choropleth-table"')[1]
        assert table.index("BU90010101") < table.index("BU90010102")
        assert 'href="/gebied/BU90010101/"' in table

    def test_choosing_an_indicator_in_the_form(self, client, world):
        page = html(client.get(OVERVIEW, {"show": "crimes_per_1000", "period": "2023"}))
        assert 'value="crimes_per_1000" selected' in page
        assert "Crimes per 1,000 in Noordstad by neighbourhoods, 2023" in page
        # BU90010102 is suppressed in 2023: said in words, dashed on the map.
        assert "suppressed (too few inhabitants)" in page
        assert "map-area--nodata" in page

    def test_htmx_swaps_only_the_map_panel(self, client, world):
        response = client.get(
            OVERVIEW, {"show": "good_health", "level": "district"}, HTTP_HX_REQUEST="true"
        )
        page = html(response)
        assert "<html" not in page and 'id="urgency-district"' not in page
        assert 'id="choropleth-table"' in page and 'value="good_health" selected' in page
        # The status outside the panel announces the new map to screen readers.
        assert 'id="map-status"' in page and 'hx-swap-oob="true"' in page
        assert "HX-Request" in response["Vary"]

    def test_wijk_code_redirects_to_its_gemeente(self, client, world):
        response = client.get("/monitor/WK900101/")
        assert response.status_code == 302 and response["Location"] == OVERVIEW

    def test_unknown_code(self, client, world):
        assert client.get("/monitor/GM0000/").status_code == 404
        assert client.get("/monitor/nonsense/").status_code == 404

    def test_query_count(self, client, world, django_assert_num_queries):
        client.get(OVERVIEW)  # the first request loads the stored analysis from disk
        # The gemeente, the key of the stored analysis, the shapes of the map.
        with django_assert_num_queries(3):
            html(client.get(OVERVIEW))

    def test_no_analysis_yet(self, client, db, analysis_dir):
        build_world()  # an import run, but nothing computed
        page = html(client.get(OVERVIEW))
        assert "The figures are being computed" in page
        assert 'id="choropleth-table"' not in page

    def test_stale_analysis_says_so(self, client, world):
        ImportRunFactory(data_version=2)
        page = html(client.get(OVERVIEW))
        assert "These figures are from data version 1" in page
        assert 'id="choropleth-table"' in page


class ProfileOnAreaPageTests:
    def test_profile_section(self, client, world):
        page = html(client.get(PROFILE))
        assert 'id="profile-heading"' in page
        # Hand-computed: 55.0 per 1,000 against wijk 28.0, gemeente 30.0, NL 45.0.
        row = page.split('data-indicator="crimes_per_1000"')[1].split("</tr>")[0]
        for text in ("55.0", "28.0", "30.0", "45.0", "+30.0", "the weakest of the 30"):
            assert text in row, text
        # Provenance of every figure: source, table, year and a link to the indicator.
        assert "TEST01" in row and 'href="/monitor/indicator/crimes_per_1000/"' in row
        health = page.split('data-indicator="good_health"')[1].split("</tr>")[0]
        assert "<strong>secret</strong>" in health
        assert "Themes at a glance (2024)" in page
        assert 'href="/monitor/gebied/BU90010101/referentiegroep/"' in page

    def test_theme_glance_is_like_with_like_and_honest(self, client, world):
        page = html(client.get(PROFILE))
        glance = page.split('id="themes-heading"')[1].split("</table>")[0]
        # Column headings name areas of the buurt's own level.
        assert "Neighbourhoods in District Noordstad wijk 1 (mean)" in glance
        assert "Neighbourhoods in Noordstad (mean)" in glance
        assert "Neighbourhoods in the Netherlands (middle)" in glance
        assert "mean of 5" in glance
        # Health: both outcomes secret in 2024, so no number from one input.
        health = glance.split('data-theme="health"')[1].split("</tr>")[0]
        assert "insufficient data" in health and "0 of 2 outcomes with a figure" in health
        assert "score-bar" not in health
        details = page.split('class="theme-weights"')[1].split("</details>")[0]
        assert "position 0, 2024" in details and "outcomes only" in details

    def test_outcomes_are_marked_and_location_has_its_own_table(self, client, world):
        page = html(client.get(PROFILE))
        assert 'id="outcome-legend"' in page
        crimes = page.split('data-indicator="crimes_per_1000"')[1].split("</tr>")[0]
        assert "(outcome)" in crimes and "outcome-mark" in crimes
        counts = page.split('data-indicator="crimes"')[1].split("</tr>")[0]
        assert "(outcome)" not in counts and "(higher)" in counts
        location = page.split('id="profile-location"')[1].split("</table>")[0]
        assert "Location and facilities" in location and 'data-indicator="urbanity"' in location
        assert page.index('id="profile-safety"') < page.index('id="profile-location"')

    def test_an_area_not_judged_says_why(self, client, world_with_inhabitants):
        page = html(client.get("/gebied/BU90010103/"))
        notice = page.split('id="not-judged"')[1].split("</div>")[0]
        assert "Too few inhabitants for a reliable score (120 inhabitants" in notice
        assert "judges areas from 200" in notice
        # No theme positions, ranks or reference areas; the raw figures stay.
        assert 'id="themes-heading"' not in page and "rank-cell" not in page
        assert "referentiegroep" not in page and "vergelijk" not in page
        assert 'data-indicator="crimes_per_1000"' in page
        assert 'id="outcome-legend"' not in page and "(outcome)" not in page
        group = html(client.get("/monitor/gebied/BU90010103/referentiegroep/"))
        assert 'id="not-judged"' in group and "Why these areas" not in group

    def test_ids_stay_unique(self, client, world):
        for url in (PROFILE, "/gebied/WK900101/", "/gebied/GM9001/", OVERVIEW):
            ids = re.findall(r'\sid="([^"]+)"', html(client.get(url)))
            assert len(ids) == len(set(ids)), url

    def test_sensitive_figures_for_staff_in_scope_only(self, client, world):
        assert "share_origin_outside_europe" not in html(client.get(PROFILE))
        reader = UserFactory()
        grant_role(reader, "lezer", municipality=world.areas["GM9001"])
        client.force_login(reader)
        assert 'data-indicator="share_origin_outside_europe"' in html(client.get(PROFILE))
        other = UserFactory()
        grant_role(other, "lezer", municipality=world.areas["GM9002"])
        client.force_login(other)
        assert "share_origin_outside_europe" not in html(client.get(PROFILE))


class ExportTests:
    def test_map_as_csv(self, client, world):
        response = client.get(
            "/monitor/GM9001/export.csv", {"show": "crimes_per_1000", "period": "2023"}
        )
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        assert len(rows) == 10
        by_code = {r["code"]: r for r in rows}
        assert float(by_code["BU90010101"]["value"]) == 25.0
        suppressed = by_code["BU90010102"]
        assert suppressed["value"] == "" and suppressed["status"] == "suppressed"
        assert by_code["BU90010101"]["source_table"] == "TEST01"

    def test_map_as_xlsx_and_geojson(self, client, world):
        params = {"show": "crimes_per_1000"}
        response = client.get("/monitor/GM9001/export.xlsx", params)
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        assert book.sheetnames == ["map", "about"]
        sheet = list(book["map"].iter_rows(values_only=True))
        header, body = sheet[0], sheet[1:]
        assert header[:2] == ("code", "name") and len(body) == 10
        first = dict(zip(header, body[0], strict=True))
        assert first["code"] == "BU90010101" and first["value"] == 55.0
        response = client.get("/monitor/GM9001/export.geojson", params)
        assert response["Content-Type"] == "application/geo+json"
        document = json.loads(response.content)
        assert document["type"] == "FeatureCollection" and len(document["features"]) == 10
        feature = next(f for f in document["features"] if f["id"] == "BU90010101")
        assert feature["properties"]["value"] == 55.0
        lon, lat = feature["geometry"]["coordinates"][0][0]
        assert -10 < lon < 20 and 40 < lat < 60  # WGS84, not RD metres

    def test_profile_exports(self, client, world):
        response = client.get("/monitor/gebied/BU90010101/export.csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        by_indicator = {r["indicator"]: r for r in rows}
        assert float(by_indicator["crimes_per_1000"]["value"]) == 55.0
        assert by_indicator["good_health"]["value"] == ""
        assert by_indicator["good_health"]["status"] == "secret"
        assert "share_origin_outside_europe" not in by_indicator
        book = load_workbook(
            io.BytesIO(client.get("/monitor/gebied/BU90010101/export.xlsx").content),
            read_only=True,
        )
        assert book.sheetnames == ["indicators", "themes", "about"]
        document = json.loads(client.get("/monitor/gebied/BU90010101/export.geojson").content)
        (feature,) = document["features"]
        assert feature["properties"]["figures"]["crimes_per_1000"]["value"] == 55.0

    def test_unknown_format(self, client, world):
        assert client.get("/monitor/GM9001/export.pdf").status_code == 404
        assert client.get("/monitor/gebied/BU90010101/export.exe").status_code == 404


class ReferenceAndCompareTests:
    def test_reference_group_page(self, client, world):
        page = html(client.get("/monitor/gebied/BU90010101/referentiegroep/"))
        assert "BU90010201" in page and "Why these areas" in page
        rows = list(
            csv.DictReader(
                io.StringIO(
                    client.get(
                        "/monitor/gebied/BU90010101/referentiegroep/", {"format": "csv"}
                    ).content.decode()
                )
            )
        )
        assert len(rows) == 11 and rows[0]["code"] == "BU90010101"
        assert rows[1]["code"] == "BU90010201" and float(rows[1]["distance"]) == 0.0

    def test_reference_group_is_for_buurten(self, client, world):
        page = html(client.get("/monitor/gebied/WK900101/referentiegroep/"))
        assert "Reference areas are formed for neighbourhoods" in page

    def test_compare(self, client, world):
        page = html(
            client.get("/monitor/vergelijk/", {"area1": "bu90010101", "area2": "BU90020101"})
        )
        assert 'id="compare-themes"' in page and "Noordstad 1-1" in page
        response = client.get(
            "/monitor/vergelijk/", {"area1": "BU90010101", "area2": "GM9002", "format": "csv"}
        )
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        crimes = next(r for r in rows if r["key"] == "crimes_per_1000")
        assert float(crimes["BU90010101_value"]) == 55.0 and float(crimes["GM9002_value"]) == 37.0
        # A buurt and a gemeente: their theme positions in separate tables, never side
        # by side (a rank among buurten is not a rank among gemeenten).
        page = html(client.get("/monitor/vergelijk/", {"area1": "BU90010101", "area2": "GM9002"}))
        assert 'id="compare-levels"' in page
        assert 'id="compare-themes-neighbourhood"' in page
        assert 'id="compare-themes-municipality"' in page
        buurten = page.split('id="compare-themes-neighbourhood"')[1].split("</table>")[0]
        assert "other level: not compared" in buurten

    def test_compare_form_errors(self, client, world):
        page = html(client.get("/monitor/vergelijk/", {"area1": "BU90010101"}))
        assert "Choose two to four different areas." in page
        page = html(client.get("/monitor/vergelijk/", {"area1": "BU90010101", "area2": "XX"}))
        assert "is not a CBS code" in page
        page = html(client.get("/monitor/vergelijk/", {"area1": "BU90010101", "area2": "GM0001"}))
        assert "Unknown area code(s): GM0001." in page


class IndicatorPageTests:
    def test_provenance_page(self, client, world):
        page = html(client.get("/monitor/indicator/crimes_per_1000/"))
        assert "Definition of crimes_per_1000." in page and "TEST01" in page
        assert "Test source" in page and "45.0" in page  # NL value 2024

    def test_sensitive_indicator_needs_restricted_access(self, client, world):
        """Not there for the public nor for a signed-in user without a role; staff see it,
        but the national figure (over every gemeente) only with a country-wide scope."""
        url = "/monitor/indicator/share_origin_outside_europe/"
        assert client.get(url).status_code == 404
        client.force_login(UserFactory())
        assert client.get(url).status_code == 404
        lezer = UserFactory()
        grant_role(lezer, "lezer", municipality=world.areas["GM9001"])
        client.force_login(lezer)
        response = client.get(url)
        assert response.status_code == 200
        assert {p.national for p in response.context["facts"].periods} == {"\u2013"}

    def test_a_profile_shows_no_national_figure_of_a_sensitive_indicator(self, world):
        """Staff in scope see the area's sensitive figure, but not the national one that
        sums or averages over other gemeenten."""
        analysis = current_analysis().analysis
        profile = area_profile(analysis, "BU90010101", show_sensitive=True)
        rows = {r.info.code: r for section in profile.sections for r in section.rows}
        assert rows["crimes_per_1000"].national.value is not None
        # The same figures with crimes marked sensitive (as signal counts are).
        frames = dict(analysis.frames)
        frames["indicators"] = frames["indicators"].with_columns(
            sensitive=pl.col("sensitive") | (pl.col("code") == "crimes_per_1000")
        )
        marked = StoredAnalysis(analysis.key, frames, analysis.meta)
        profile = area_profile(marked, "BU90010101", show_sensitive=True)
        rows = {r.info.code: r for section in profile.sections for r in section.rows}
        assert rows["crimes_per_1000"].figure.value is not None
        assert rows["crimes_per_1000"].national.value is None

    def test_national_figure_can_be_left_out(self, world):
        """What a sensitive indicator's page does for staff whose scope is not the whole
        country: the national figure sums or averages over other gemeenten."""
        analysis = current_analysis().analysis
        crimes = Indicator.objects.get(code="crimes_per_1000")
        shown = indicator_facts(analysis, crimes)
        assert "45.0" in {p.national for p in shown.periods}
        hidden = indicator_facts(analysis, crimes, show_national=False)
        assert {p.national for p in hidden.periods} == {"\u2013"}
        assert [p.counts for p in hidden.periods] == [p.counts for p in shown.periods]

    def test_unknown_indicator(self, client, world):
        assert client.get("/monitor/indicator/nope/").status_code == 404


def test_every_monitor_view_is_public():
    """Published open statistics: anyone may read them (sensitive rows are filtered)."""
    for name, kwargs in [
        ("overview", {"code": "GM0344"}),
        ("overview_export", {"code": "GM0344", "fmt": "csv"}),
        ("profile_export", {"code": "BU03440342", "fmt": "csv"}),
        ("reference", {"code": "BU03440342"}),
        ("compare", {}),
        ("indicator", {"code": "population"}),
    ]:
        view = resolve(reverse(f"monitor:{name}", kwargs=kwargs)).func
        assert getattr(view, "wendbaar_access", None) == "public", name
