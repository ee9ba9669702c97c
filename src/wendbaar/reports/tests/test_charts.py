"""The report's trend chart: scales checked by hand on a toy series, one point per year,
gaps never bridged, no NaN, a target line when there is a target."""

from __future__ import annotations

import re

from django.template import Context, Template
from django.utils import translation

from ..charts import nice_ticks, trend_chart
from ..content import ResultContent

NAN = float("nan")


def result(series, **kw) -> ResultContent:
    base = {"name": "Werkloosheid", "unit": "%", "decimals": 1, "polarity": -1}
    return ResultContent(**base, from_monitor=True, series=tuple(series), **kw)


def svg(r: ResultContent, language: str = "en") -> str:
    with translation.override(language):
        html = Template("{% load report_tags %}{% trend_chart r 'chapter-7' 1 %}").render(
            Context({"r": r})
        )
    return html[html.index("<svg") : html.index("</svg>") + 6] if "<svg" in html else ""


TOY = result(
    [(2020, 10.0), (2021, 20.0), (2022, 30.0)],
    baseline=10.0,
    baseline_year=2020,
    target=40.0,
    target_year=2030,
)


def test_the_scales_of_a_toy_series_by_hand():
    chart = trend_chart(TOY)
    # Values 10…40 (the target included): ticks every 10. The plot runs from x 56 to 370
    # (480 wide, margins 56 and 110) and from y 226 (260 - 34) up to 24.
    assert [t.label for t in chart.y_ticks] == ["10", "20", "30", "40"]
    assert [t.position for t in chart.y_ticks] == ["226.0", "158.7", "91.3", "24.0"]
    assert [(t.position, t.label) for t in chart.x_ticks] == [
        ("56.0", "2020"),
        ("213.0", "2021"),
        ("370.0", "2022"),
    ]
    # 20 lies a third of the way up: 226 - 202 / 3 = 158.7.
    assert [(p.x, p.y) for p in chart.points] == [
        ("56.0", "226.0"),
        ("213.0", "158.7"),
        ("370.0", "91.3"),
    ]
    assert chart.segments == ("M56.0 226.0L213.0 158.7L370.0 91.3",)
    assert (chart.target.y, chart.target.text) == ("24.0", "40.0")
    assert (chart.baseline.x, chart.baseline.y) == ("56.0", "226.0")


def test_nice_ticks_cover_the_range_in_round_steps():
    assert nice_ticks(10, 40) == ([10, 20, 30, 40], 0)
    ticks, decimals = nice_ticks(1.0, 2.0)
    assert (ticks, decimals) == ([1.0, 1.25, 1.5, 1.75, 2.0], 2)
    ticks, _decimals = nice_ticks(5.0, 5.0)  # a flat line still gets a range
    assert ticks[0] < 5.0 < ticks[-1]


def test_the_svg_holds_one_point_per_year_and_the_target_line():
    drawn = svg(TOY)
    assert drawn.count('class="report-chart__point"') == 3
    assert drawn.count('class="report-chart__target"') == 1 and "target 40.0" in drawn
    assert '<title id="chart-chapter-7-1-title">Werkloosheid, 2020\N{EN DASH}2022</title>' in drawn
    assert "Werkloosheid by year: 2020 10.0\u00a0%, 2021 20.0\u00a0%, 2022 30.0\u00a0%." in drawn
    assert "Target: 40.0\u00a0% in 2030." in drawn


def test_no_target_no_target_line():
    drawn = svg(result([(2020, 1.0), (2021, 2.0)]))
    assert drawn.count('class="report-chart__point"') == 2
    assert "report-chart__target" not in drawn
    assert trend_chart(result([(2020, 1.0), (2021, 2.0)])).target is None


def test_a_missing_year_is_a_gap_and_nan_is_never_drawn():
    r = result([(2019, NAN), (2020, 1.0), (2021, 2.0), (2023, 4.0)], target=NAN)
    chart = trend_chart(r)
    assert [p.year for p in chart.points] == [2020, 2021, 2023]
    assert len(chart.segments) == 1  # 2020 to 2021; 2023 stands alone after the gap
    assert chart.target is None
    drawn = svg(r)
    assert drawn.count('class="report-chart__point"') == 3
    assert "nan" not in drawn.lower() and "inf" not in drawn.lower()
    flat = svg(result([(2020, 5.0), (2021, 5.0), (2022, 5.0)]))
    assert flat.count('class="report-chart__point"') == 3 and "nan" not in flat.lower()


def test_nothing_to_draw_for_a_hidden_figure_or_a_single_year():
    assert trend_chart(result([(2020, 1.0), (2021, 2.0)], hidden=True)) is None
    assert trend_chart(result([(2020, 1.0)])) is None
    assert svg(result([(2020, 1.0)])) == ""  # the table alone says it


def test_labels_in_the_readers_locale_coordinates_stay_svg():
    drawn = svg(result([(2020, 1.0), (2021, 1.5), (2022, 2.0)]), language="nl")
    assert ">1,25<" in drawn  # a value tick in Dutch
    coordinates = re.findall(r' (?:cx|cy|x1|x2|y1|y2|x|y)="([^"]*)"', drawn)
    assert coordinates and all("," not in c for c in coordinates)
