"""The opening chapter "The wijk": its map and five key figures against the reference
group, composed from the monitor and frozen with the report."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wendbaar.agenda import services as agenda
from wendbaar.approaches.models import Approach
from wendbaar.areas.models import Area
from wendbaar.core.actors import SYSTEM
from wendbaar.monitor.constants import KEY_INDICATORS, IndicatorRole
from wendbaar.monitor.models import Observation

from .. import services
from ..compose import compose, period_of
from ..constants import KEY_FIGURE_YEARS, KEY_FIGURES
from ..content import from_json, to_json
from .factories import adopted, monitor_figures

pytestmark = pytest.mark.django_db

# A square of 1 km in RD metres near Utrecht, and its neighbour to the east.
SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[136000, 458000], [137000, 458000], [137000, 459000], [136000, 459000], [136000, 458000]]
    ],
}
EAST = {
    "type": "Polygon",
    "coordinates": [
        [[137000, 458000], [138000, 458000], [138000, 459000], [137000, 459000], [137000, 458000]]
    ],
}


def figures(geo, code, values, *, sensitive=False, decimals=1, role=IndicatorRole.OUTCOME):
    return monitor_figures(
        geo,
        code,
        values,
        table_prefix="KWB",
        role=role,
        name_nl=code,
        name_en=code.replace("_", " "),
        decimals=decimals,
        sensitive=sensitive,
    )


@pytest.fixture
def report(approach):
    agenda.add_goal(approach=approach, title="Meer mensen aan het werk", by=SYSTEM)
    start, end = period_of(2025)
    return services.create_report(approach=approach, period_start=start, period_end=end, by=SYSTEM)


def test_key_figures_are_the_monitors_latest_in_the_period_with_their_change(report, geo):
    low_income, participation, crimes = KEY_INDICATORS[:3]
    # 2026 lies after the period; 2018 before the five years counted back from 2025.
    figures(geo, low_income, {2018: 20.0, 2021: 16.0, 2024: 14.0, 2025: 12.5, 2026: 11.0})
    figures(geo, participation, {2025: 61.0})  # one year: no change to tell
    figures(geo, crimes, {2019: 80.0, 2023: 70.0}, sensitive=True)  # never in a public report
    shown = compose(report)
    by_code = {k.code: k for k in shown.key_figures}
    assert set(by_code) == {low_income, participation}
    assert [k.code for k in shown.key_figures] == [low_income, participation]  # fixed order
    k = by_code[low_income]
    assert (k.year, k.value) == (2025, 12.5)
    assert k.start_year == 2025 - KEY_FIGURE_YEARS + 1 == 2021 and k.start_value == 16.0
    assert k.change == pytest.approx(-3.5)
    assert k.provenance.tables == "KWB2025"
    # No reference group is stored here: unknown, never a change of 0.
    assert k.reference_change is None and k.reference_areas == 0
    assert by_code[participation].change is None


def test_other_outcomes_fill_up_the_five_never_a_context_figure(report, geo):
    figures(geo, KEY_INDICATORS[1], {2025: 61.0})
    figures(geo, "woz_value", {2024: 290.0, 2025: 293.0})
    figures(geo, "distance_to_school", {2025: 0.4}, role=IndicatorRole.CONTEXT)
    shown = compose(report)
    assert [k.code for k in shown.key_figures] == [KEY_INDICATORS[1], "woz_value"]


def test_at_most_five_key_figures(report, geo):
    for code in KEY_INDICATORS:
        figures(geo, code, {2024: 1.0, 2025: 2.0})
    assert len(KEY_INDICATORS) > KEY_FIGURES
    shown = compose(report)
    assert [k.code for k in shown.key_figures] == list(KEY_INDICATORS[:KEY_FIGURES])


def test_the_opening_shows_the_key_figures_and_the_map_and_keeps_them_frozen(
    client, report, geo, approach
):
    source = "CBS/Kadaster wijk- en buurtkaart (test)"
    Area.objects.filter(pk=geo["overvecht"].pk).update(geometry=SQUARE, geometry_source=source)
    Area.objects.filter(pk=geo["binnenstad"].pk).update(geometry=EAST, geometry_source=source)
    figures(geo, KEY_INDICATORS[0], {2024: 14.0, 2025: 12.5})
    shown = compose(report)
    assert "<svg" in shown.wijk_map and "Overvecht" in shown.wijk_map
    assert "Binnenstad" not in shown.wijk_map  # a context area is drawn, unnamed
    assert shown.map_sources == ("CBS/Kadaster wijk- en buurtkaart (test)",)
    assert from_json(to_json(shown)) == shown
    # Frozen: a later figure or shape never changes what was composed.
    data = to_json(shown)
    Observation.objects.filter(indicator__code=KEY_INDICATORS[0], period=2025).update(value=99.0)
    assert from_json(data).key_figures[0].value == 12.5
    Observation.objects.filter(indicator__code=KEY_INDICATORS[0], period=2025).update(value=12.5)
    # On the adopted report's page: the figure against the reference group, the map and
    # where the shapes come from; a later figure does not reach it.
    adopted(report)
    Observation.objects.filter(indicator__code=KEY_INDICATORS[0], period=2025).update(value=99.0)
    Approach.objects.filter(pk=approach.pk).update(is_published=True)
    page = client.get(reverse("reports:detail", args=[approach.pk, report.pk]))
    text = page.content.decode()
    assert "Five key figures against the reference group" in text
    assert "12.5" in text and "99.0" not in text
    assert "\u22121.5 (2024\u20132025)" in text
    assert 'id="wijk-map' in text and source in text


def test_a_snapshot_from_before_the_key_figures_still_reads(report):
    data = to_json(compose(report))
    for added in ("key_figures", "wijk_map", "map_sources"):
        del data[added]
    old = from_json(data)
    assert old.key_figures == () and old.wijk_map == ""
