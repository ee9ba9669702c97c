"""What the pages show, from the stored analysis of the small synthetic country.

Expected numbers are worked out by hand from ``factories.build_world``: crimes per 1,000
in buurt b of wijk w of gemeente g is 20 + 7g + 3w + 2b (+ a small drift in 2024), and
BU90010101 jumps from 25 (the lowest of 30 buurten) to 55 (the highest) in 2024.
"""

from __future__ import annotations

import statistics

import polars as pl
import pytest

from wendbaar.monitor.pages.choropleth import MapChoice, choropleth, parse_choice
from wendbaar.monitor.pages.overview import urgency_for, warnings_for
from wendbaar.monitor.pages.peers import compare_areas, reference_group
from wendbaar.monitor.pages.present import catalogue, figure, format_signed
from wendbaar.monitor.pages.profile import area_profile, area_ref, rank_text
from wendbaar.monitor.stored.store import StoredAnalysis

from ..factories import SMALL_BUURT, crime_rate

pytestmark = pytest.mark.django_db


def rows_by_code(profile):
    return {row.info.code: row for section in profile.sections for row in section.rows}


class ProfileTests:
    def test_buurt_figures_comparisons_and_trend(self, world):
        profile = area_profile(world.stored, "BU90010101")
        assert profile.district.code == "WK900101" and profile.municipality.code == "GM9001"
        crimes = rows_by_code(profile)["crimes_per_1000"]
        assert crimes.period == 2024
        assert crimes.figure.text == "55.0"
        assert (crimes.district.text, crimes.municipality.text, crimes.national.text) == (
            "28.0",
            "30.0",
            "45.0",
        )
        # Highest rate of the 30 buurten, and higher is worse.
        assert crimes.rank_text == "the weakest of the 30 neighbourhoods in the Netherlands"
        assert crimes.trend.previous_period == 2023 and crimes.trend.change_text == "+30.0"
        assert crimes.trend.direction == "worse"
        # Peers' mean change, by hand: the drift 0.5 * ((b % 3) - 1) of the 9 other peers
        # that have a 2023 value (BU90010102 is suppressed in 2023).
        peers = world.stored.rows("peers", "BU90010101")["peer"].to_list()
        changes = []
        for code in peers:
            g, w, b = int(code[5]) - 1, int(code[7]), int(code[9])
            if code != "BU90010102":
                changes.append(crime_rate(g, w, b, 2024) - crime_rate(g, w, b, 2023))
        mean_change = format_signed(statistics.mean(changes), 1)
        assert crimes.trend.peer_text == f"reference areas: {mean_change} on average"

    def test_secret_and_suppressed_are_words_never_zero(self, world):
        health = rows_by_code(area_profile(world.stored, "BU90010101"))["good_health"]
        assert health.period == 2024
        assert health.figure.value is None and health.figure.text == "secret"
        assert health.rank_text == "" and health.trend is None
        info = catalogue(world.stored.indicators, show_sensitive=False)["crimes_per_1000"]
        assert figure(None, "suppressed", info).text == "suppressed (too few inhabitants)"
        assert figure(None, "not_available", info).text == "not available"
        assert figure(None, None, info).text == "no figure"
        assert figure(0.0, "value", info).text == "0.0"

    def test_counts_are_ranked_but_not_judged(self, world):
        crimes = rows_by_code(area_profile(world.stored, "BU90010101"))["crimes"]
        assert crimes.rank_text.startswith("higher than")
        assert crimes.trend.direction == "higher"

    def test_theme_glance_against_areas_of_the_same_level(self, world):
        profile = area_profile(world.stored, "BU90010101")
        assert profile.theme_period == 2024
        assert [key for key, _heading in profile.references] == [
            "district",
            "municipality",
            "national",
            "peers",
        ]
        safety = next(t for t in profile.themes if t.theme == "safety")
        assert safety.position == 0.0 and safety.n_indicators == 2
        assert safety.count_text == "2 of 2 outcomes with a figure"
        cells = {cell.key: cell for cell in safety.references}
        assert cells["national"].position == 50.0 and cells["national"].relation == "below"
        # The mean of the five buurten of its wijk, each a position among buurten.
        wijk = world.stored.frame("theme_scores").filter(
            (pl.col("theme") == "safety")
            & (pl.col("period") == 2024)
            & pl.col("area").str.starts_with("BU900101")
        )
        assert cells["district"].position == pytest.approx(wijk["position"].mean())
        assert [c.info.code for c in safety.contributions] == ["crimes_per_1000", "feeling_unsafe"]
        assert {c.source_period for c in safety.contributions} == {2024}

    def test_a_theme_without_two_outcomes_says_insufficient_data(self, world):
        profile = area_profile(world.stored, "BU90010101")
        # Health has two outcomes in the catalogue; both are secret in 2024 for this buurt.
        health = next(t for t in profile.themes if t.theme == "health")
        assert not health.sufficient and health.position is None
        assert health.text == "insufficient data"
        assert health.count_text == "0 of 2 outcomes with a figure"
        assert all(cell.position is None and cell.text == "\u2013" for cell in health.references)
        assert health.contributions == []
        # Only themes with outcomes in the catalogue (share 65+ is context): no others.
        assert [t.theme for t in profile.themes] == ["safety", "health"]

    def test_rank_texts(self):
        nb = "neighbourhood"
        assert (
            rank_text("percentile", 67.2, 10341, nb)
            == "higher than 67 % of the 10,341 neighbourhoods in the Netherlands"
        )
        assert (
            rank_text("position", 100.0, 111, nb)
            == "the best of the 111 neighbourhoods in the Netherlands"
        )
        assert (
            rank_text("percentile", 100.0, 111, "municipality")
            == "the highest of the 111 municipalities in the Netherlands"
        )
        assert rank_text("position", 0.0, 30, nb) == (
            "the weakest of the 30 neighbourhoods in the Netherlands"
        )
        # Never "100 %": just below the top is 99; under 1 % says so.
        assert rank_text("position", 99.7, 400, nb).startswith("better than 99 % of the 400")
        assert rank_text("percentile", 0.4, 400, nb).startswith("among the lowest 1 % of")
        # Too few areas for a rank in words, and never "of 1".
        assert rank_text("position", 50.0, 9, nb) == ""
        assert rank_text("position", 50.0, 1, nb) == ""

    def test_location_and_facilities_after_the_themes(self, world):
        profile = area_profile(world.stored, "BU90010101")
        keys = [s.theme for s in profile.sections]
        assert keys[-1] == "location" and keys.index("location") > keys.index("safety")
        location = profile.sections[-1]
        assert location.label == "Location and facilities"
        assert [r.info.code for r in location.rows] == ["urbanity"]
        rows = rows_by_code(profile)
        assert rows["crimes_per_1000"].is_outcome and rows["feeling_unsafe"].is_outcome
        assert not rows["urbanity"].is_outcome and not rows["crimes"].is_outcome
        # Context is higher or lower, never better or worse.
        assert rows["crimes"].trend.direction == "higher"

    def test_an_analysis_stored_before_eligibility_judges_every_area(self, world):
        frames = {k: v for k, v in world.stored.frames.items() if k != "eligibility"}
        older = StoredAnalysis(world.stored.key, frames, world.stored.meta)
        profile = area_profile(older, "BU90010101")
        assert profile.judged and profile.themes

    def test_warnings_of_the_latest_year(self, world):
        profile = area_profile(world.stored, "BU90010101")
        rules = sorted(w.rule for w in profile.warnings)
        # Both safety outcomes: the crime rate and the feeling of unsafety (its mirror).
        assert rules == ["entered_weakest_fifth"] * 2 + ["worse_than_peers"] * 2
        item = profile.warnings[0]
        assert item.previous.text == "25.0" and item.figure.text == "55.0"

    def test_sensitive_indicators_only_when_allowed(self, world):
        hidden = rows_by_code(area_profile(world.stored, "BU90010101"))
        shown = rows_by_code(area_profile(world.stored, "BU90010101", show_sensitive=True))
        assert "share_origin_outside_europe" not in hidden
        assert shown["share_origin_outside_europe"].figure.text == "6.0\u00a0%"

    def test_wijk_and_gemeente_profiles(self, world):
        wijk = area_profile(world.stored, "WK900101")
        assert wijk.district is None and wijk.municipality.code == "GM9001"
        assert wijk.references == [
            ("municipality", "Districts in Noordstad (mean)"),
            ("national", "Districts in the Netherlands (middle)"),
        ]
        safety = next(t for t in wijk.themes if t.theme == "safety")
        assert safety.references[0].members == ("WK900101", "WK900102")
        gemeente = area_profile(world.stored, "GM9001")
        assert gemeente.municipality is None and gemeente.district is None
        assert gemeente.references == [("national", "Municipalities in the Netherlands (middle)")]
        # Three gemeenten: too few for a national rank in words.
        assert all(r.rank_text == "" for s in gemeente.sections for r in s.rows)
        assert rows_by_code(gemeente)["crimes_per_1000"].figure.text == "30.0"

    def test_unknown_area(self, world):
        assert area_profile(world.stored, "BU12345678") is None


class NotJudgedTests:
    def test_a_buurt_with_too_few_inhabitants_says_why_and_keeps_its_figures(
        self, world_with_inhabitants
    ):
        stored = world_with_inhabitants.stored
        profile = area_profile(stored, SMALL_BUURT)
        assert not profile.judged
        assert profile.not_judged.text == (
            "Too few inhabitants for a reliable score (120 inhabitants; the monitor judges "
            "areas from 200)."
        )
        # No theme positions, reference areas, ranks or warnings; every raw figure.
        assert profile.themes == [] and profile.n_peers == 0 and profile.warnings == []
        rows = rows_by_code(profile)
        assert rows["crimes_per_1000"].figure.value is not None
        assert rows["population"].figure.text == "120"
        assert all(r.rank_text == "" and not r.group_text for r in rows.values())
        # Its wijk, gemeente and NL values of the same indicator stay beside it.
        assert rows["crimes_per_1000"].district.value is not None
        # Its change since 2023 (29.0 to 28.5 per 1,000): lower, not better.
        trend = rows["crimes_per_1000"].trend
        assert (trend.previous_period, trend.change_text) == (2023, "\u22120.5")
        assert trend.direction == "lower" and trend.peer_text == ""

    def test_other_buurten_are_ranked_among_the_judged_only(self, world_with_inhabitants):
        stored = world_with_inhabitants.stored
        profile = area_profile(stored, "BU90010101")
        assert profile.judged
        crimes = rows_by_code(profile)["crimes_per_1000"]
        assert crimes.rank_text == "the weakest of the 29 neighbourhoods in the Netherlands"
        safety = next(t for t in profile.themes if t.theme == "safety")
        district = next(c for c in safety.references if c.key == "district")
        assert SMALL_BUURT not in district.members and len(district.members) == 4

    def test_every_reason_in_plain_words(self, settings):
        from wendbaar.monitor.pages.profile import NotJudged

        settings.MONITOR_MIN_HOUSEHOLDS = 80
        settings.MONITOR_MIN_RESIDENTIAL_PERCENT = 15
        assert NotJudged("too_few_households", households=40.0).text == (
            "Too few households for a reliable score (40 households; the monitor judges "
            "areas from 80)."
        )
        text = NotJudged(
            "mostly_non_residential", population_density=129.0, address_density=1715.0
        ).text
        assert text.startswith("Mostly non-residential (business park, polder or greenhouses)")
        assert "129 inhabitants per km²" in text and "from 257 inhabitants per km²" in text
        assert NotJudged("no_population_figure").text.startswith("No population figure")

    def test_compare_says_not_judged_instead_of_a_position(self, world_with_inhabitants):
        stored = world_with_inhabitants.stored
        infos = catalogue(stored.indicators, show_sensitive=False)
        comparison = compare_areas(stored, ["BU90010101", SMALL_BUURT], infos)
        safety = next(r for r in comparison.sections[0].rows if r.label == "Safety and crime")
        assert safety.cells[0].text == "0" and safety.cells[1].text == "not judged"
        rows = {r.info.code: r for s in comparison.sections for r in s.rows if r.info}
        assert rows["crimes_per_1000"].cells[1].value == 28.5  # its raw figure stays

    def test_reference_group_of_an_area_not_judged(self, world_with_inhabitants):
        infos = catalogue(world_with_inhabitants.stored.indicators, show_sensitive=False)
        group = reference_group(world_with_inhabitants.stored, SMALL_BUURT, infos)
        assert group.not_judged is not None and group.peers == [] and group.positions == []


class OverviewTests:
    def infos(self, world):
        return catalogue(world.stored.indicators, show_sensitive=False)

    def test_choropleth_classes_are_national_fifths(self, world):
        infos = self.infos(world)
        municipality = area_ref(world.stored, "GM9001")
        choice = MapChoice(show="crimes_per_1000", level="neighbourhood", period=2024)
        shown = choropleth(world.stored, municipality, choice, infos)
        assert len(shown.rows) == 10 and shown.n_missing == 0
        every = [crime_rate(g, w, b, 2024) for g in range(3) for w in (1, 2) for b in range(1, 6)]
        bounds = statistics.quantiles(every, n=5, method="inclusive")
        for row in shown.rows:
            assert row.class_index == sum(row.figure.value >= b for b in bounds), row.area.code
        # Higher is worse: the top class is the darkest and the weakest fifth of NL.
        assert shown.classes[4].label.endswith("(weakest fifth of the Netherlands)")
        assert shown.classes[4].fill == "#bd0026"
        assert sum(c.count for c in shown.classes) == 10
        # Weakest first: BU90010101 with 55 per 1,000.
        assert shown.rows[0].area.code == "BU90010101"

    def test_theme_choropleth_and_missing_values(self, world):
        infos = self.infos(world)
        municipality = area_ref(world.stored, "GM9001")
        choice = MapChoice(show="theme:health", level="neighbourhood", period=2024)
        shown = choropleth(world.stored, municipality, choice, infos)
        # BU90010101's only health indicator is secret in 2024: no score, said in words.
        missing = [r for r in shown.rows if r.class_index is None]
        assert [r.area.code for r in missing] == ["BU90010101"]
        assert missing[0].figure.text == "no figure" and shown.n_missing == 1
        assert shown.info is None and "weakest fifth" in shown.classes[0].label

    def test_parse_choice_falls_back_to_valid_values(self, world):
        infos = self.infos(world)
        choice = parse_choice(
            {"show": "nonsense", "level": "planet", "period": "1800"},
            world.stored,
            infos,
            "GM9001",
        )
        assert choice.show == "theme:safety" and choice.level == "neighbourhood"
        assert choice.period == 2024
        sensitive = parse_choice(
            {"show": "share_origin_outside_europe"}, world.stored, infos, "GM9001"
        )
        assert sensitive.show != "share_origin_outside_europe"
        wijken = parse_choice(
            {"show": "crimes_per_1000", "level": "district", "period": "2023"},
            world.stored,
            infos,
            "GM9001",
        )
        assert (wijken.level, wijken.period) == ("district", 2023)

    def test_urgency_ranking_with_reasons(self, world):
        urgency = urgency_for(world.stored, "GM9001", "neighbourhood", self.infos(world))
        # BU90010101 has a position on one theme only (its health figure is secret in
        # 2024): an urgency rank needs two, so it is not ranked, warnings or not.
        assert urgency.period == 2024 and urgency.total == 9
        assert "BU90010101" not in [row.area.code for row in urgency.rows]
        first = urgency.rows[0]
        assert first.rank == 1 and first.area.code == "BU90010201" and first.n_themes == 2
        assert [r.label for r in first.themes] == ["Health, care and support", "Safety and crime"]
        # Only weak positions are reasons: the weaker half, never a strong one.
        assert first.indicators and all(r.position < 50 for r in first.indicators)
        assert first.score == first.mean_deficit and first.n_warnings == 0

    def test_early_warnings_grouped_by_rule(self, world):
        groups = {g.rule: g for g in warnings_for(world.stored, "GM9001", self.infos(world))}
        entered = groups["entered_weakest_fifth"]
        assert entered.kind == "warning"
        assert [(a.code, w.info.code) for a, w in entered.items] == [
            ("BU90010101", "crimes_per_1000"),
            ("BU90010101", "feeling_unsafe"),
        ]
        assert groups["better_than_peers"].kind == "lever"


class PeersTests:
    def test_reference_group_who_and_why(self, world):
        infos = catalogue(world.stored.indicators, show_sensitive=False)
        group = reference_group(world.stored, "BU90010101", infos)
        assert group.rows[0].area.code == "BU90010101" and group.rows[0].rank is None
        assert [r.rank for r in group.peers] == list(range(1, 11))
        assert "BU90010101" not in [r.area.code for r in group.peers]
        distances = [r.distance for r in group.peers]
        assert distances == sorted(distances)
        assert [i.code for i in group.profile] == ["urbanity", "share_65_plus"]
        # BU90010201 has the same urbanity and share 65+ (b = 1 in both wijken): distance 0.
        assert group.peers[0].area.code == "BU90010201" and group.peers[0].distance == 0.0
        assert group.rows[0].values[1].figure.text == "11.5\u00a0%"
        assert group.compare_codes == ["BU90010101", "BU90010201", "BU90020101", "BU90020201"]

    def test_compare_two_areas(self, world):
        infos = catalogue(world.stored.indicators, show_sensitive=False)
        comparison = compare_areas(world.stored, ["BU90010101", "BU90020101"], infos)
        assert [a.code for a in comparison.areas] == ["BU90010101", "BU90020101"]
        rows = {r.info.code: r for s in comparison.sections for r in s.rows if r.info}
        assert [c.text for c in rows["good_health"].cells] == ["secret", "65.0\u00a0%"]
        assert [c.text for c in rows["crimes_per_1000"].cells] == ["55.0", "32.0"]
        assert comparison.sections[0].key == "themes"


def test_district_heading_does_not_repeat_wijk():
    from wendbaar.monitor.pages.profile import district_label

    assert district_label("Wijk 03 Overvecht") == "Wijk 03 Overvecht"
    assert district_label("Centrum") == "District Centrum"
