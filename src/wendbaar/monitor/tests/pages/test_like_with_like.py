"""Like with like: every theme position shown beside an area's is of the area's own level.

A theme position ranks a buurt among buurten, a wijk among wijken, a gemeente among
gemeenten. Setting a buurt's position beside its wijk's own position (a rank among wijken)
told readers that Overvecht is safer than Utrecht. These tests check every comparison cell
of every profile of the synthetic country, for the stored positions and for any positions
hypothesis can think of, and every theme table of the compare page.
"""

from __future__ import annotations

import itertools
import statistics

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wendbaar.monitor.pages.peers import compare_areas
from wendbaar.monitor.pages.present import catalogue
from wendbaar.monitor.pages.profile import NATIONAL_POSITION, area_profile
from wendbaar.monitor.stored.store import StoredAnalysis

pytestmark = pytest.mark.django_db


def area_table(analysis: StoredAnalysis) -> dict[str, dict]:
    return {row["code"]: row for row in analysis.frame("areas").iter_rows(named=True)}


def assert_like_with_like(analysis: StoredAnalysis, codes: list[str] | None = None) -> int:
    """Check every comparison cell of the theme glance of every area (or of ``codes``);
    returns how many cells with a position were checked."""
    areas = area_table(analysis)
    scores = analysis.frame("theme_scores")
    checked = 0
    for code in codes or list(areas):
        area = areas[code]
        profile = area_profile(analysis, code)
        for theme in profile.themes:
            own = scores.filter(
                (pl.col("area") == code)
                & (pl.col("theme") == theme.theme)
                & (pl.col("period") == profile.theme_period)
            )
            if not theme.sufficient:
                # No position of its own: nothing is compared, nothing else is a number.
                assert all(cell.position is None for cell in theme.references), (code, theme)
                assert theme.text == "insufficient data"
                continue
            assert theme.position == own["position"][0]
            for cell in theme.references:
                assert cell.level == area["level"], (code, cell)
                if cell.position is None:
                    continue
                checked += 1
                if cell.key == "national":
                    assert cell.position == NATIONAL_POSITION and not cell.members
                    continue
                assert len(cell.members) >= 2, (code, cell)
                for member in cell.members:
                    assert areas[member]["level"] == area["level"], (code, cell.key, member)
                    if cell.key == "district":
                        assert areas[member]["parent_code"] == area["parent_code"]
                    if cell.key == "municipality":
                        assert areas[member]["municipality_code"] == area["municipality_code"]
                positions = scores.filter(
                    pl.col("area").is_in(cell.members)
                    & (pl.col("theme") == theme.theme)
                    & (pl.col("period") == profile.theme_period)
                )["position"].to_list()
                assert len(positions) == len(cell.members)
                assert cell.position == pytest.approx(statistics.mean(positions))
    return checked


def test_every_profile_of_the_country_compares_like_with_like(world):
    checked = assert_like_with_like(world.stored)
    # Buurten (wijk, gemeente, NL, peers), wijken (gemeente, NL), gemeenten (NL).
    assert checked > 100


def test_a_buurt_is_never_set_beside_its_wijk_or_gemeente(world):
    """The cells beside a buurt are never the wijk's or the gemeente's own position."""
    profile = area_profile(world.stored, "BU90010101")
    headings = dict(profile.references)
    assert headings["district"] == "Neighbourhoods in District Noordstad wijk 1 (mean)"
    assert headings["municipality"] == "Neighbourhoods in Noordstad (mean)"
    assert headings["national"] == "Neighbourhoods in the Netherlands (middle)"
    assert headings["peers"] == "Reference areas (mean)"
    safety = next(t for t in profile.themes if t.theme == "safety")
    cells = {cell.key: cell for cell in safety.references}
    assert "WK900101" not in cells["district"].members
    assert "GM9001" not in cells["municipality"].members
    assert set(cells["district"].members) == {f"BU900101{b:02d}" for b in range(1, 6)}
    assert len(cells["municipality"].members) == 10
    assert cells["district"].mean_text == "mean of 5"


def positions_strategy(n: int):
    return st.lists(
        st.one_of(st.none(), st.floats(0, 100, allow_nan=False)), min_size=n, max_size=n
    )


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_positions_are_compared_like_with_like(world, data):
    """Whatever the positions (some areas without one), every comparison is a mean of
    positions of the area's own level, over the areas it names."""
    analysis = world.stored
    scores = analysis.frame("theme_scores")
    drawn = data.draw(positions_strategy(scores.height))
    frame = scores.with_columns(position=pl.Series(drawn, dtype=pl.Float64)).filter(
        pl.col("position").is_not_null()
    )
    frames = {**analysis.frames, "theme_scores": frame}
    # One gemeente's buurten and wijken, and every gemeente: each kind of comparison.
    codes = [c for c in area_table(analysis) if c[2:6] == "9001" or c.startswith("GM")]
    assert_like_with_like(StoredAnalysis(analysis.key, frames, analysis.meta), codes)


def test_compare_never_puts_positions_of_two_levels_side_by_side(world):
    infos = catalogue(world.stored.indicators, show_sensitive=False)
    areas = area_table(world.stored)
    codes = ["BU90010101", "BU90020301", "WK900101", "WK900201", "GM9002", "GM9003"]
    codes = [c for c in codes if c in areas]
    for size in (2, 3, 4):
        for chosen in itertools.combinations(codes, size):
            comparison = compare_areas(world.stored, list(chosen), infos)
            levels = {a.level for a in comparison.areas}
            themes = [s for s in comparison.sections if s.is_themes]
            assert len(themes) == len(levels)
            for section in themes:
                for row in section.rows:
                    shown = {
                        area.level
                        for area, cell in zip(comparison.areas, row.cells, strict=True)
                        if cell.value is not None
                    }
                    assert len(shown) <= 1, (chosen, section.key, row.label)
                    for area, cell in zip(comparison.areas, row.cells, strict=True):
                        if cell.status == "other_level":
                            assert cell.text == "other level: not compared"
                            assert area.level not in section.key


def test_compare_a_buurt_with_a_gemeente(world):
    infos = catalogue(world.stored.indicators, show_sensitive=False)
    comparison = compare_areas(world.stored, ["BU90010101", "GM9002"], infos)
    assert comparison.mixed_levels
    keys = [s.key for s in comparison.sections if s.is_themes]
    assert keys == ["themes-neighbourhood", "themes-municipality"]
    buurten = comparison.sections[0]
    assert buurten.label == "Theme positions among neighbourhoods (0-100, 100 = best)"
    safety = next(r for r in buurten.rows if r.label == "Safety and crime")
    assert safety.cells[0].text == "0"
    assert safety.cells[1].text == "other level: not compared"
    # Indicator values are one scale at every level: side by side as before.
    rows = {r.info.code: r for s in comparison.sections for r in s.rows if r.info}
    assert [c.text for c in rows["crimes_per_1000"].cells] == ["55.0", "37.0"]
