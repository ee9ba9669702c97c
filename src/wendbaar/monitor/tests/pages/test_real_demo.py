"""What the pages show on the real demo extract, checked against hand computations.

The demo (``load_demo``'s areas and monitor steps: every gemeente, wijk and buurt of the
2024 division, KWB 2024 for the whole country, police crime, RIVM health and Utrecht's
own files) is loaded once for the class. Expected values are computed here with the csv
module straight from the committed open-data files, not with the code under test.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import shutil
import statistics
import tempfile

import polars as pl
from django.test import TestCase, override_settings
from django.utils import translation

from wendbaar.areas.demo import load_demo_areas
from wendbaar.monitor.demo import compute_demo_analysis, demo_data_dir, load_demo_observations
from wendbaar.monitor.models import Observation
from wendbaar.monitor.pages.choropleth import MapChoice, choropleth
from wendbaar.monitor.pages.present import catalogue
from wendbaar.monitor.pages.profile import area_profile, area_ref
from wendbaar.monitor.selectors import current_analysis
from wendbaar.monitor.stored.store import clear_cache

from ..importing.test_derived_sums import PoliceSumChecks

ANALYSIS_DIR = tempfile.mkdtemp(prefix="wendbaar-analysis-")
TIGRISDREEF = "BU03440342"  # Utrecht, Wijk 03 Overvecht
KWB = "kwb_2024_85984NED_nl_subset.csv.gz"
POLICE = "misdrijven_47022NED_buurt_2021_2025.csv.gz"


def kwb_rows() -> list[dict]:
    with gzip.open(demo_data_dir() / KWB, "rt", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def police_rows() -> dict[str, dict]:
    with gzip.open(demo_data_dir() / POLICE, "rt", encoding="utf-8") as handle:
        return {row["WijkenEnBuurten"]: row for row in csv.DictReader(handle)}


KWB_2023_KEYS = {
    "AantalInwoners_5": "a_inw",
    "HuishoudensTotaal_29": "a_hh",
    "Bevolkingsdichtheid_34": "bev_dich",
    "Omgevingsadressendichtheid_121": "ste_oad",
}


def kwb_2023_rows() -> dict[str, dict]:
    path = demo_data_dir() / "kwb_2023_85618NED_nl_subset.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return {row["gwb_code_10"]: row for row in csv.DictReader(handle)}


def judged(row: dict, earlier: dict | None) -> bool:
    """The eligibility rule (docs/monitor.md) by hand, on each figure's latest year (2024,
    else 2023): at least 200 inhabitants and 80 households, and a population density of
    at least 0.15 x the address density of the surroundings."""

    def number(key: str) -> float | None:
        if row[key]:
            return float(row[key])
        old = (earlier or {}).get(KWB_2023_KEYS[key], ".")
        return float(old) if old not in ("", ".") else None

    population, households = number("AantalInwoners_5"), number("HuishoudensTotaal_29")
    density = number("Bevolkingsdichtheid_34")
    addresses = number("Omgevingsadressendichtheid_121")
    if population is None or population < 200 or (households is not None and households < 80):
        return False
    return density is None or not addresses or density >= 0.15 * addresses


def share_65(row: dict) -> float | None:
    """Share 65+ as the catalogue defines it, suppressed below 50 inhabitants."""
    if not row["AantalInwoners_5"] or not row["k_65JaarOfOuder_12"]:
        return None
    population = float(row["AantalInwoners_5"])
    if population < 50:
        return None
    return float(row["k_65JaarOfOuder_12"]) / population * 100


@override_settings(MONITOR_ANALYSIS_DIR=ANALYSIS_DIR, LANGUAGE_CODE="en")
class RealDemoTests(PoliceSumChecks, TestCase):
    @classmethod
    def setUpTestData(cls):
        clear_cache()
        load_demo_areas()
        load_demo_observations()
        compute_demo_analysis()  # load_demo's last step
        cls.kwb = {row["WijkenEnBuurten"]: row for row in kwb_rows()}

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        clear_cache()
        shutil.rmtree(ANALYSIS_DIR, ignore_errors=True)

    def setUp(self):
        self.analysis = current_analysis().analysis
        self.assertIsNotNone(self.analysis, "load_demo ends with the analysis computed")
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def profile_rows(self, code: str, **kwargs) -> dict:
        profile = area_profile(self.analysis, code, **kwargs)
        return {row.info.code: row for section in profile.sections for row in section.rows}

    def test_tigrisdreef_share_65_plus_with_wijk_gemeente_and_nl(self):
        rows = self.profile_rows(TIGRISDREEF)
        share = rows["share_65_plus"]
        # 555 of 4,470 inhabitants; Overvecht 4,900 of 35,255; Utrecht 40,261 of 374,238.
        self.assertEqual(share.period, 2024)
        self.assertAlmostEqual(share.figure.value, 555 / 4470 * 100)
        self.assertEqual(share.figure.text, "12.4\u00a0%")
        # Provenance of a calculated figure: its inputs' table of that year, and the sum.
        self.assertEqual(share.source_table, "85984NED")
        self.assertEqual(share.info.calculation, "Inhabitants aged 65+ / Inhabitants \u00d7 100")
        self.assertAlmostEqual(share.district.value, 4900 / 35255 * 100)
        self.assertAlmostEqual(share.municipality.value, 40261 / 374238 * 100)
        # The Netherlands: not in the file, so the mean of the gemeenten weighted by their
        # inhabitants, i.e. all 65+ over all inhabitants.
        gemeenten = [r for r in self.kwb.values() if r["SoortRegio_2"] == "Gemeente"]
        hand = sum(float(r["k_65JaarOfOuder_12"]) for r in gemeenten) / sum(
            float(r["AantalInwoners_5"]) for r in gemeenten
        )
        self.assertAlmostEqual(share.national.value, hand * 100, places=6)

    def test_den_haag_buurt_national_rank_by_brute_force(self):
        """Among the buurten the monitor judges (not those with too few residents)."""
        earlier = kwb_2023_rows()
        shares = {
            code: share_65(row)
            for code, row in self.kwb.items()
            if row["SoortRegio_2"] == "Buurt"
            and share_65(row) is not None
            and judged(row, earlier.get(code))
        }
        code = "BU05180546"  # Archipelbuurt, 's-Gravenhage
        own = shares[code]
        lower = sum(1 for v in shares.values() if v < own)
        ties = sum(1 for v in shares.values() if v == own) - 1
        percentile = (lower + ties / 2) * 100 / (len(shares) - 1)
        row = self.profile_rows(code)["share_65_plus"]
        self.assertAlmostEqual(own, 1545 / 6355 * 100)
        # The whole percentage below (never rounded up to a share it does not reach).
        expected = (
            f"higher than {math.floor(percentile)} % of the {len(shares):,} "
            "neighbourhoods in the Netherlands"
        )
        self.assertEqual(row.rank_text, expected)

    def test_tigrisdreef_crime_rate_from_police_and_kwb(self):
        police = police_rows()[TIGRISDREEF]
        rows = self.profile_rows(TIGRISDREEF)
        rate = rows["crimes_per_1000"]
        # 177 registered crimes in 2024 over 4,470 inhabitants.
        self.assertEqual(police["GeregistreerdeMisdrijven_2024"], "177")
        self.assertAlmostEqual(rate.figure.value, 177 / 4470 * 1000)
        self.assertEqual(rate.figure.text, "39.6")
        self.assertEqual(rate.info.polarity, -1)
        self.assertEqual(rate.source_table, "47022NED + 85984NED")
        # The count itself (2025 is its latest year) is ranked but not judged.
        crimes = rows["crimes"]
        self.assertEqual((crimes.period, crimes.figure.value), (2025, 217.0))
        self.assertTrue(crimes.rank_text.startswith("higher than"))
        self.assertEqual(crimes.trend.change_text, "+40")

    def test_den_haag_choropleth_classes_match_national_fifths(self):
        values = [
            share_65(r)
            for r in self.kwb.values()
            if r["SoortRegio_2"] == "Buurt" and share_65(r) is not None
        ]
        bounds = statistics.quantiles(values, n=5, method="inclusive")
        infos = catalogue(self.analysis.indicators, show_sensitive=False)
        shown = choropleth(
            self.analysis,
            area_ref(self.analysis, "GM0518"),
            MapChoice(show="share_65_plus", level="neighbourhood", period=2024),
            infos,
        )
        den_haag = {
            code: share_65(row)
            for code, row in self.kwb.items()
            if row["SoortRegio_2"] == "Buurt" and row["gm_code"] == "GM0518"
        }
        self.assertEqual(len(shown.rows), len(den_haag))
        for row in shown.rows:
            expected = den_haag[row.area.code]
            if expected is None:
                self.assertIsNone(row.class_index)
            else:
                self.assertAlmostEqual(row.figure.value, expected)
                self.assertEqual(row.class_index, sum(expected >= b for b in bounds))
        counted = [c.count for c in shown.classes]
        self.assertEqual(
            counted,
            [
                sum(
                    1
                    for v in den_haag.values()
                    if v is not None and sum(v >= b for b in bounds) == i
                )
                for i in range(5)
            ],
        )

    def test_secret_figures_on_the_page_and_in_the_export(self):
        # Low-income households are only in Utrecht's 2023 file, where CBS withholds some.
        secret = (
            Observation.objects.filter(
                status="secret",
                region_code__startswith="BU0344",
                indicator__code="share_low_income_households",
            )
            .order_by("region_code")
            .first()
        )
        self.assertIsNotNone(secret, "the Utrecht 2023 file has secret cells")
        row = self.profile_rows(secret.region_code)["share_low_income_households"]
        self.assertEqual((row.period, row.figure.value, row.figure.text), (2023, None, "secret"))
        response = self.client.get(f"/monitor/gebied/{secret.region_code}/export.csv")
        exported = {
            r["indicator"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))
        }
        self.assertEqual(exported["share_low_income_households"]["status"], "secret")
        self.assertEqual(exported["share_low_income_households"]["value"], "")

    def test_reference_group_of_tigrisdreef(self):
        peers = self.analysis.rows("peers", TIGRISDREEF).sort("rank")
        self.assertEqual(peers.height, 10)
        self.assertNotIn(TIGRISDREEF, peers["peer"].to_list())
        self.assertTrue(all(code.startswith("BU") for code in peers["peer"].to_list()))
        distances = peers["distance"].to_list()
        self.assertEqual(distances, sorted(distances))
        page = self.client.get(f"/monitor/gebied/{TIGRISDREEF}/referentiegroep/")
        self.assertContains(page, peers["peer"][0])

    def test_pages_and_geojson_on_real_geometry(self):
        for url in (
            "/monitor/GM0344/",
            "/monitor/GM0518/?show=share_65_plus",
            f"/gebied/{TIGRISDREEF}/",
            "/monitor/vergelijk/?area1=BU03440342&area2=BU05180546",
        ):
            self.assertEqual(self.client.get(url).status_code, 200, url)
        response = self.client.get("/monitor/GM0344/export.geojson?show=share_65_plus")
        document = json.loads(response.content)
        feature = next(f for f in document["features"] if f["id"] == TIGRISDREEF)
        lon, lat = feature["geometry"]["coordinates"][0][0][:2]
        self.assertTrue(5.0 < lon < 5.2 and 52.0 < lat < 52.2, (lon, lat))  # Overvecht
        self.assertAlmostEqual(feature["properties"]["value"], 555 / 4470 * 100)

    def test_signals_and_stories_sit_beside_their_themes_figures(self):
        """Issue 4: on a buurt profile the wijkmanager sees the soft data beside the
        figures it speaks to; a visitor sees the published story but not the signal."""
        from wendbaar.accounts.tests.factories import user_with_role
        from wendbaar.areas.models import Area
        from wendbaar.stories.tests.factories import SignalFactory, StoryFactory

        buurt = Area.objects.get(code=TIGRISDREEF)
        SignalFactory(area=buurt, theme="safety", sentence="Overlast bij de Tigrisdreef")
        StoryFactory(areas=[buurt], themes=["safety"], title="Samen op straat")
        manager = user_with_role(
            "wijkmanager",
            municipality=Area.objects.get(code="GM0344"),
            districts=[buurt.parent],
            username="wm-tigris",
        )

        def safety_section(html: str) -> str:
            start = html.index('id="profile-safety"')
            return html[start : html.index("</aside>", start)]

        self.client.force_login(manager)
        html = self.client.get(f"/gebied/{TIGRISDREEF}/").content.decode()
        section = safety_section(html)
        self.assertIn("Overlast bij de Tigrisdreef", section)
        self.assertIn("Samen op straat", section)

        self.client.logout()
        html = self.client.get(f"/gebied/{TIGRISDREEF}/").content.decode()
        self.assertNotIn("Overlast bij de Tigrisdreef", html)
        self.assertIn("Samen op straat", safety_section(html))

    # --- Issue 10: the urgency points at the right wijken --------------------------------

    def urgency_rank(self, gemeente: str, level: str) -> dict[str, int]:
        ranking = self.analysis.frame("urgency").filter(
            (pl.col("municipality_code") == gemeente) & (pl.col("level") == level)
        )
        return dict(zip(ranking["area"], ranking["urgency_rank"], strict=True))

    def test_face_validity_den_haag(self):
        """The Schilderswijk and the Transvaalkwartier rank above the villa areas."""
        rank = self.urgency_rank("GM0518", "district")
        deprived = {"WK051829": "Schildersbuurt", "WK051830": "Transvaalkwartier"}
        affluent = {
            "WK051806": "Van Stolkpark en Scheveningse Bosjes",
            "WK051803": "Westbroekpark en Duttendel",
            "WK051804": "Benoordenhout",
            "WK051815": "Kijkduin en Ockenburgh",
        }
        for code in (*deprived, *affluent):
            self.assertIn(code, rank, f"{code} is ranked")
        for low in deprived:
            for high in affluent:
                self.assertLess(rank[low], rank[high], f"{deprived[low]} above {affluent[high]}")
        # and both are in the city's top 5 of 40 ranked wijken
        self.assertLessEqual(max(rank[c] for c in deprived), 5)

    def test_face_validity_utrecht(self):
        """Zuidwest (Kanaleneiland) ranks above Oost and the Binnenstad; Overvecht first."""
        rank = self.urgency_rank("GM0344", "district")
        self.assertLess(rank["WK034408"], rank["WK034405"])
        self.assertLess(rank["WK034408"], rank["WK034406"])
        self.assertEqual(rank["WK034403"], 1)

    def test_no_non_residential_area_in_any_top_10(self):
        """Every ranked area is one the rule judges: no business park, polder or
        greenhouse area, in any gemeente's top 10 (or anywhere in a ranking)."""
        urgency = self.analysis.frame("urgency")
        eligibility = self.analysis.frame("eligibility")
        top = urgency.filter(pl.col("urgency_rank") <= 10).join(eligibility, on="area", how="left")
        self.assertGreater(top.height, 1000)
        self.assertTrue(top["eligible"].all())
        ratio = top["population_density"] / top["address_density"]
        self.assertTrue(((ratio >= 0.15) | ratio.is_null()).all())
        self.assertTrue((top["population"] >= 200).all())
        # Papendorp (20 inhabitants) and Rijnenburg (a polder) are named and not ranked.
        for code, reason in (
            ("BU03440953", "too_few_inhabitants"),
            ("BU03441041", "mostly_non_residential"),
        ):
            row = eligibility.filter(pl.col("area") == code).row(0, named=True)
            self.assertEqual((row["eligible"], row["reason"]), (False, reason))
            self.assertNotIn(code, urgency["area"].to_list())

    def test_every_theme_position_rests_on_two_outcomes(self):
        indicators = self.analysis.frame("indicators")
        outcomes = set(indicators.filter(pl.col("role") == "outcome")["code"].to_list())
        scores = self.analysis.frame("theme_scores")
        self.assertGreater(scores.height, 10_000)
        self.assertGreaterEqual(scores["n_indicators"].min(), 2)
        parts = self.analysis.frame("theme_contributions")
        self.assertLessEqual(set(parts["indicator"].unique().to_list()), outcomes)
        # distances to facilities never judge
        self.assertFalse(any(c.startswith("distance_") for c in outcomes))
        reasons = self.analysis.frame("urgency_reasons").filter(pl.col("kind") == "indicator")
        self.assertLessEqual(set(reasons["indicator"].unique().to_list()), outcomes)
        self.assertTrue((reasons["position"] < 50).all())

    def test_monitor_report_for_utrecht(self):
        from django.core.management import call_command

        out = io.StringIO()
        call_command("monitor_report", "GM0344", stdout=out)
        text = out.getvalue()
        self.assertIn("Monitor report Utrecht (GM0344)", text)
        self.assertIn("buurten: 102 of 111 judged", text)
        self.assertIn("1. Wijk 03 Overvecht", text)
        # Safety rests on one outcome in the demo (crimes per 1,000): said, not scored.
        self.assertRegex(text, r"Safety and crime\s+0/102\s+0.0 %\s+insufficient data")
        # The Leefbaarometer (2020, province of Utrecht) agrees: strongly negative.
        rho = float(text.split("Spearman rho ")[1].split()[0])
        self.assertLess(rho, -0.5)

    def test_profile_draws_sparklines_for_three_or_more_years(self):
        rows = self.profile_rows(TIGRISDREEF)
        self.assertIsNotNone(rows["good_perceived_health"].trend_line)  # 2012 … 2024
        self.assertIsNone(rows["woz_value"].trend_line)  # 2023 and 2024 only
        html = self.client.get(f"/gebied/{TIGRISDREEF}/").content.decode()
        self.assertIn('class="trend-sparkline"', html)
        self.assertIn(f"?area={TIGRISDREEF}", html)
