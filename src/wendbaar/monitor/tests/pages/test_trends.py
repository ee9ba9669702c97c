"""Trends as pictures: the series behind a trend line, its SVG, and the indicator page.

The unit tests build a stored analysis by hand (frames as ``stored/recompute.py`` writes
them, no database); the page tests compute one on the synthetic country.
"""

from __future__ import annotations

import re

import polars as pl
import pytest
from django.template.loader import render_to_string

from wendbaar.monitor.constants import ObservationStatus
from wendbaar.monitor.models import Observation
from wendbaar.monitor.pages.present import IndicatorInfo
from wendbaar.monitor.pages.trends import (
    AREA,
    MUNICIPALITY,
    NATIONAL,
    PEERS,
    nice_ticks,
    trend_line,
    trend_lines_for_area,
)
from wendbaar.monitor.stored.store import AnalysisKey, StoredAnalysis


def info(code: str = "crime_rate", **kwargs) -> IndicatorInfo:
    fields = {
        "code": code,
        "name": "Crimes per 1,000",
        "definition": "",
        "unit": "per 1,000",
        "decimals": 1,
        "polarity": -1,
        "themes": ("safety",),
        "source": "Test",
        "source_table": "TEST01",
        "kind": "source",
        "sensitive": False,
    }
    return IndicatorInfo(**(fields | kwargs))


AREAS = [
    ("BU00010001", "Tigris", "neighbourhood", "WK000100", "GM0001"),
    ("BU00020001", "Peer one", "neighbourhood", "WK000200", "GM0002"),
    ("BU00020002", "Peer two", "neighbourhood", "WK000200", "GM0002"),
    ("BU00020003", "Peer three", "neighbourhood", "WK000200", "GM0002"),
    ("GM0001", "Utrecht", "municipality", None, "GM0001"),
    ("GM0002", "Elders", "municipality", None, "GM0002"),
    ("WK000100", "Overvecht", "district", "GM0001", "GM0001"),
]
VALUE = ObservationStatus.VALUE
SECRET = ObservationStatus.SECRET


def stored(figures: list[tuple], *, national=(), aggregation: dict | None = None):
    """A stored analysis from (indicator, area, period, value, status) rows."""
    frames = {
        "areas": pl.DataFrame(
            AREAS,
            schema=["code", "name", "level", "parent_code", "municipality_code"],
            orient="row",
        ).sort("code"),
        "figures": pl.DataFrame(
            figures,
            schema={
                "indicator": pl.String,
                "area": pl.String,
                "period": pl.Int64,
                "value": pl.Float64,
                "status": pl.String,
            },
            orient="row",
        ).sort("area", "indicator", "period"),
        "peers": pl.DataFrame(
            {
                "area": ["BU00010001"] * 3,
                "peer": ["BU00020001", "BU00020002", "BU00020003"],
                "rank": [1, 2, 3],
            }
        ),
        "national": pl.DataFrame(
            list(national),
            schema={"indicator": pl.String, "period": pl.Int64, "value": pl.Float64},
            orient="row",
        ),
        "indicators": pl.DataFrame(
            {
                "code": ["crime_rate", "crimes", "health"],
                "aggregation": [
                    (aggregation or {}).get(c, "mean_weighted")
                    for c in ("crime_rate", "crimes", "health")
                ],
            }
        ),
    }
    return StoredAnalysis(AnalysisKey(1, "test"), frames, {})


def rate_rows(indicator: str = "crime_rate") -> list[tuple]:
    """Tigris 2020-2023 with 2022 secret; peers; Utrecht; peer three has nothing in 2020."""
    rows = [
        (indicator, "BU00010001", 2020, 38.2, VALUE),
        (indicator, "BU00010001", 2021, 40.0, VALUE),
        (indicator, "BU00010001", 2022, None, SECRET),
        (indicator, "BU00010001", 2023, 41.5, VALUE),
        (indicator, "GM0001", 2020, 30.0, VALUE),
        (indicator, "GM0001", 2021, 31.0, VALUE),
        (indicator, "GM0001", 2022, 32.0, VALUE),
        (indicator, "GM0001", 2023, 33.0, VALUE),
    ]
    for i, peer in enumerate(("BU00020001", "BU00020002", "BU00020003")):
        for period in (2020, 2021, 2022, 2023):
            if (peer, period) != ("BU00020003", 2020):
                rows.append((indicator, peer, period, 20.0 + 10 * i + period - 2020, VALUE))
    return rows


class SeriesTests:
    def test_area_reference_group_gemeente_and_netherlands(self):
        analysis = stored(rate_rows(), national=[("crime_rate", 2021, 45.0)])
        line = trend_line(analysis, info(), "BU00010001")
        assert line.periods == (2020, 2021, 2022, 2023)
        by_key = {s.key: s for s in line.series}
        assert list(by_key) == [AREA, PEERS, MUNICIPALITY, NATIONAL]
        assert [p.value for p in by_key[AREA].points] == [38.2, 40.0, None, 41.5]
        # The reference group: the mean of the peers with a value (2020: two of three).
        assert [p.value for p in by_key[PEERS].points] == [25.0, 31.0, 32.0, 33.0]
        assert by_key[MUNICIPALITY].label == "Municipality Utrecht"
        assert [p.text for p in by_key[NATIONAL].points] == [
            "no figure",
            "45.0",
            "no figure",
            "no figure",
        ]

    def test_a_secret_period_is_a_gap_never_zero(self):
        line = trend_line(stored(rate_rows()), info(), "BU00010001")
        secret = line.own.points[2]
        assert secret.value is None and secret.text == "secret"
        assert "2022 secret" in line.description
        # Two pieces of line (2020-2021, then 2023 alone as a marker), none through 2022.
        area = next(s for s in line.chart.series if s.key == AREA)
        assert len(area.segments) == 1 and area.segments[0].count("L") == 1
        assert len(area.markers) == 3
        table = render_to_string("monitor/_trend_chart.html", {"trend": line})
        row_2022 = table.split('scope="row">2022</th>')[1].split("</tr>")[0]
        assert "figure--secret" in row_2022 and ">0<" not in row_2022

    def test_a_period_the_area_lacks_is_a_gap_too(self):
        rows = [r for r in rate_rows() if not (r[1] == "BU00010001" and r[2] == 2021)]
        rows.append(("crime_rate", "BU00010001", 2019, 37.0, VALUE))
        line = trend_line(stored(rows), info(), "BU00010001")
        assert line.periods == (2019, 2020, 2021, 2022, 2023)
        assert [p.text for p in line.own.points] == [
            "37.0",
            "38.2",
            "no figure",
            "secret",
            "41.5",
        ]
        area = next(s for s in line.chart.series if s.key == AREA)
        assert len(area.segments) == 1  # 2019-2020; 2023 stands alone

    def test_fewer_than_three_periods_draw_nothing(self):
        rows = [r for r in rate_rows() if not (r[1] == "BU00010001" and r[2] == 2020)]
        analysis = stored(rows)
        line = trend_line(analysis, info(), "BU00010001")
        assert len(line.own.values) == 2 and not line.drawable
        assert trend_lines_for_area(analysis, "BU00010001", {"crime_rate": info()}) == {}

    def test_a_reference_mean_needs_half_of_the_group(self):
        rows = [r for r in rate_rows() if not (r[1].startswith("BU0002") and r[2] == 2023)]
        rows.append(("crime_rate", "BU00020001", 2023, 99.0, VALUE))
        line = trend_line(stored(rows), info(), "BU00010001")
        peers = next(s for s in line.series if s.key == PEERS)
        assert peers.points[-1].value is None
        assert peers.points[-1].text == "too few reference areas with a figure"

    def test_a_count_is_not_drawn_beside_the_gemeente_total(self):
        analysis = stored(
            rate_rows("crimes"),
            national=[("crimes", 2021, 800000.0)],
            aggregation={"crimes": "sum"},
        )
        line = trend_line(analysis, info("crimes", unit="count", decimals=0), "BU00010001")
        assert [s.key for s in line.series] == [AREA, PEERS]
        assert any("size of an area" in note for note in line.notes)

    def test_a_sensitive_indicator_has_no_reference_group_nor_netherlands(self):
        analysis = stored(rate_rows(), national=[("crime_rate", 2021, 45.0)])
        line = trend_line(analysis, info(sensitive=True), "BU00010001")
        assert [s.key for s in line.series] == [AREA, MUNICIPALITY]

    def test_unknown_area_or_no_figure(self):
        analysis = stored(rate_rows())
        assert trend_line(analysis, info(), "BU09999999") is None
        assert trend_line(analysis, info("health"), "BU00010001") is None

    def test_fixed_number_of_frame_reads_for_a_profile(self):
        """Filter once: the reads do not grow with the number of indicators."""

        class Counting(StoredAnalysis):
            reads = 0

            def rows(self, name, code, *, prefix=False):
                Counting.reads += 1
                return super().rows(name, code, prefix=prefix)

            def frame(self, name):
                Counting.reads += 1
                return super().frame(name)

        base = stored(rate_rows() + rate_rows("health"))
        analysis = Counting(base.key, base.frames, base.meta)
        one = trend_lines_for_area(analysis, "BU00010001", {"crime_rate": info()})
        reads_for_one = Counting.reads
        Counting.reads = 0
        two = trend_lines_for_area(
            analysis, "BU00010001", {"crime_rate": info(), "health": info("health")}
        )
        assert set(one) == {"crime_rate"} and set(two) == {"crime_rate", "health"}
        assert Counting.reads == reads_for_one


class SvgTests:
    @pytest.fixture
    def line(self):
        return trend_line(
            stored(rate_rows(), national=[("crime_rate", 2021, 45.0)]), info(), "BU00010001"
        )

    def test_text_alternative_lists_every_value(self, line):
        chart = render_to_string("monitor/_trend_chart.html", {"trend": line})
        desc = re.search(r"<desc id=\"[^\"]+\">(.*?)</desc>", chart, re.S).group(1)
        for series in line.series:
            assert series.label in desc
            for point in series.points:
                assert f"{point.period} {point.text}" in desc
        assert 'role="img"' in chart and "<title id=" in chart
        assert 'aria-describedby="trend-crime_rate-BU00010001-desc"' in chart

    def test_no_inline_style_and_lines_differ_without_colour(self, line):
        chart = render_to_string("monitor/_trend_chart.html", {"trend": line})
        spark = render_to_string("monitor/_sparkline.html", {"trend": line})
        for markup in (chart, spark):
            assert "style=" not in markup and "<script" not in markup
        dashes = set(re.findall(r'stroke-dasharray="([^"]+)"', chart))
        assert len(dashes) == 3  # the area solid, three dash patterns
        # A legend in HTML, one entry per line.
        legend = chart.split('class="trend-legend"')[1].split("</ul>")[0]
        assert legend.count("<li") == 4 and "Municipality Utrecht" in legend

    def test_full_chart_has_year_and_value_ticks(self, line):
        chart = render_to_string("monitor/_trend_chart.html", {"trend": line})
        for year in ("2020", "2021", "2022", "2023"):
            assert f">{year}</text>" in chart
        assert [t.label for t in line.chart.y_ticks] == ["25", "30", "35", "40", "45"]

    def test_sparkline_names_each_lines_endpoints(self, line):
        spark = render_to_string("monitor/_sparkline.html", {"trend": line})
        title = re.search(r"<title id=\"[^\"]+\">(.*?)</title>", spark).group(1)
        assert "Tigris from 38.2 (2020) to 41.5 (2023)" in title
        assert "Municipality Utrecht from 30.0 (2020) to 33.0 (2023)" in title
        assert 'viewBox="0 0 120 32"' in spark
        # The sparkline draws the area, its reference group and its gemeente only.
        assert spark.count("<g ") == 3 and "Netherlands" not in title
        legend = render_to_string("monitor/_sparkline.html#legend", {"trend": line})
        assert legend.count("<li") == 3 and "style=" not in legend

    def test_numbers_in_the_active_locale_but_coordinates_stay_svg(self):
        from django.utils import translation

        analysis = stored(rate_rows(), national=[("crime_rate", 2021, 45.0)])
        with translation.override("nl"):
            line = trend_line(analysis, info(), "BU00010001")
            chart = render_to_string("monitor/_trend_chart.html", {"trend": line})
        assert "2020 38,2" in chart  # the text alternative
        assert ">38,2</td>" in chart  # the table
        for d in re.findall(r' d="([^"]+)"', chart):
            assert "," not in d


@pytest.mark.parametrize(
    ("low", "high", "ticks", "decimals"),
    [
        (52.2, 81.5, [50, 60, 70, 80, 90], 0),
        (0.12, 0.31, [0.1, 0.15, 0.2, 0.25, 0.3, 0.35], 2),
        (177, 230, [160, 180, 200, 220, 240], 0),
        (5, 5, [4.6, 4.8, 5.0, 5.2, 5.4], 1),
    ],
)
def test_nice_ticks(low, high, ticks, decimals):
    got, places = nice_ticks(low, high)
    assert [round(t, 6) for t in got] == ticks and places == decimals


# --- the indicator page ---------------------------------------------------------------


@pytest.fixture
def history(db, analysis_dir):
    """The synthetic country with crimes per 1,000 also for 2021 and 2022; BU90010101's
    2022 figure is secret."""
    from wendbaar.monitor.stored.recompute import compute_analysis

    from ..factories import ImportRunFactory, build_world, crime_rate

    world = build_world()
    run = ImportRunFactory(data_version=2)
    indicator = world.indicators["crimes_per_1000"]
    rows = []
    for code, area in world.areas.items():
        for period in (2021, 2022):
            if code.startswith("BU"):
                g, w, b = int(code[5]) - 1, int(code[6:8]), int(code[8:10])
                value = crime_rate(g, w, b, period)
            else:
                value = 30.0 + period - 2020
            secret = (code, period) == ("BU90010101", 2022)
            rows.append(
                Observation(
                    indicator=indicator,
                    area=area,
                    region_code=code,
                    period=period,
                    value=None if secret else value,
                    status=SECRET if secret else VALUE,
                    source_table="TEST01",
                    import_run=run,
                )
            )
    Observation.objects.bulk_create(rows)
    compute_analysis()
    return world


@pytest.mark.django_db
class IndicatorPageTrendTests:
    URL = "/monitor/indicator/crimes_per_1000/"

    def test_the_chart_and_its_table_for_an_area(self, client, history):
        response = client.get(self.URL, {"area": "bu90010101"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "Over the years in Noordstad 1-1" in page
        assert '<svg class="trend-chart__svg"' in page and 'role="img"' in page
        table = page.split('class="utrecht-table utrecht-table--html-table trend-table"')[1]
        table = table.split("</table>")[0]
        assert "<caption" in table and "Crimes per 1,000 in Noordstad 1-1 by year" in table
        headers = re.findall(r'scope="col">([^<]+)</th>', table)
        assert headers == [
            "Year",
            "Noordstad 1-1",
            "Reference group (mean)",
            "Municipality Noordstad",
            "Netherlands",
        ]
        assert [y for y in re.findall(r'scope="row">(\d{4})</th>', table)] == [
            "2021",
            "2022",
            "2023",
            "2024",
        ]
        row_2022 = table.split('scope="row">2022</th>')[1].split("</tr>")[0]
        assert "secret" in row_2022
        assert "style=" not in page.split('id="trend-heading"')[1].split("</section>")[0]

    def test_without_an_area_the_page_offers_the_choice(self, client, history):
        page = client.get(self.URL).content.decode()
        assert 'name="area"' in page and "<label" in page
        assert "trend-chart__svg" not in page

    def test_an_unknown_or_malformed_code_is_said(self, client, history):
        page = client.get(self.URL, {"area": "BU99999999"}).content.decode()
        assert "Unknown area code(s): BU99999999." in page and "trend-chart__svg" not in page
        page = client.get(self.URL, {"area": "<b>x"}).content.decode()
        assert "is not a CBS code" in page and "<b>x" not in page

    def test_two_years_are_a_table_not_a_line(self, client, history):
        page = client.get("/monitor/indicator/good_health/", {"area": "BU90010102"})
        page = page.content.decode()
        assert "a trend line needs at least 3" in page
        assert "trend-chart__svg" not in page and "trend-table" in page

    def test_a_sensitive_indicator_only_for_readers_who_may_see_it(self, client, history):
        from wendbaar.accounts.tests.factories import UserFactory, grant_role

        url = "/monitor/indicator/share_origin_outside_europe/"
        lezer = UserFactory()
        grant_role(lezer, "lezer", municipality=history.areas["GM9001"])
        client.force_login(lezer)
        page = client.get(url, {"area": "BU90020101"}).content.decode()
        assert "You may not see this indicator for Zuiddorp 1-1." in page
        page = client.get(url, {"area": "BU90010101"}).content.decode()
        assert "You may not see" not in page

    def test_several_areas_of_one_level_share_one_value_axis(self, client, history):
        page = client.get(self.URL, {"area": "BU90010101 bu90020103"}).content.decode()
        assert "Over the years in Noordstad 1-1, Zuiddorp 1-3" in page
        assert page.count('<svg class="trend-chart__svg"') == 2
        charts = page.split('<svg class="trend-chart__svg"')[1:]
        ticks = [re.findall(r'text-anchor="end" fill="currentColor">([^<]+)<', c) for c in charts]
        assert ticks[0] == ticks[1] and len(ticks[0]) >= 3
        assert 'value="BU90010101 BU90020103"' in page

    def test_areas_of_different_levels_are_not_drawn_together(self, client, history):
        page = client.get(self.URL, {"area": ["BU90010101", "GM9001"]}).content.decode()
        assert "Choose areas of one level" in page and "trend-chart__svg" not in page


def test_parse_areas():
    from wendbaar.monitor.pages.indicator import parse_areas

    assert parse_areas(["bu03440342, BU03440342;wk034403", "GM0344", "GM0363"]) == [
        "BU03440342",
        "WK034403",
        "GM0344",
        "GM0363",
    ]
    assert parse_areas(["  "]) == []
