"""Checks on real CBS data: KWB 2024 (85984NED) subset, all of the Netherlands.

Share 65+ = k_65JaarOfOuder_12 / AantalInwoners_5 x 100 is computed by hand (csv module,
no Polars) for a few buurten of Utrecht (GM0344) and 's-Gravenhage (GM0518) and compared
with the pipeline's value; the percentile rank is compared with a brute-force count over
all buurten. Skipped when the data folder is absent (env var WENDBAAR_CBS_DATA_DIR, default
/work/shared/data/cbs).
"""

from __future__ import annotations

import csv
import gzip
import os
from pathlib import Path

import polars as pl
import pytest

from wendbaar.monitor.analysis import compute_all

DATA_DIR = Path(os.environ.get("WENDBAAR_CBS_DATA_DIR", "/work/shared/data/cbs"))
KWB = DATA_DIR / "kwb_2024_85984NED_nl_subset.csv.gz"
LEVEL = {"Gemeente": "municipality", "Wijk": "district", "Buurt": "neighbourhood"}
NUMERIC = [
    "AantalInwoners_5",
    "k_0Tot15Jaar_8",
    "k_65JaarOfOuder_12",
    "GemiddeldeHuishoudensgrootte_33",
    "GemiddeldeWOZWaardeVanWoningen_39",
    "PercentageEengezinswoning_40",
    "Koopwoningen_47",
    "MateVanStedelijkheid_120",
    "Omgevingsadressendichtheid_121",
]
BUURTEN = ["BU03440223", "BU03440521", "BU05180546", "BU05180478", "BU05180271"]

pytestmark = pytest.mark.skipif(
    not KWB.exists(), reason=f"CBS data not found at {KWB} (set WENDBAAR_CBS_DATA_DIR)"
)


def load() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    raw = pl.read_csv(KWB, infer_schema_length=0)  # all text; empty = missing
    areas = raw.select(
        code="WijkenEnBuurten",
        level=pl.col("SoortRegio_2").replace_strict(LEVEL),
        parent_code=pl.when(pl.col("SoortRegio_2") == "Buurt")
        .then(pl.col("wk_code"))
        .when(pl.col("SoortRegio_2") == "Wijk")
        .then(pl.col("gm_code"))
        .otherwise(None),
        municipality_code="gm_code",
    )
    wide = raw.select(
        pl.col("WijkenEnBuurten").alias("area"),
        *(pl.col(c).cast(pl.Float64, strict=False) for c in NUMERIC),
    ).with_columns(
        share_65plus=pl.col("k_65JaarOfOuder_12") / pl.col("AantalInwoners_5") * 100,
        share_0_14=pl.col("k_0Tot15Jaar_8") / pl.col("AantalInwoners_5") * 100,
    )
    observations = wide.unpivot(index="area", variable_name="indicator").select(
        "indicator", "area", period=pl.lit(2024, pl.Int64), value="value"
    )
    codes = [*NUMERIC, "share_65plus", "share_0_14"]
    polarity = {"GemiddeldeWOZWaardeVanWoningen_39": 1, "Koopwoningen_47": 1}
    indicators = pl.DataFrame(
        {
            "code": codes,
            "polarity": [polarity.get(c, 0) for c in codes],
            "themes": [["housing"] if c in polarity else [] for c in codes],
        }
    )
    return areas, observations, indicators


@pytest.fixture(scope="module")
def result():
    areas, observations, indicators = load()
    profile = [
        "MateVanStedelijkheid_120",
        "Omgevingsadressendichtheid_121",
        "share_0_14",
        "share_65plus",
        "GemiddeldeHuishoudensgrootte_33",
        "PercentageEengezinswoning_40",
        "Koopwoningen_47",
        "GemiddeldeWOZWaardeVanWoningen_39",
    ]
    return compute_all(areas, observations, indicators, profile=profile)


def hand_shares() -> dict[str, float]:
    """Share 65+ of every buurt with both counts, straight from the CSV text."""
    shares = {}
    with gzip.open(KWB, "rt", encoding="utf-8") as handle:
        for rec in csv.DictReader(handle):
            if (
                rec["SoortRegio_2"] == "Buurt"
                and rec["AantalInwoners_5"]
                and rec["k_65JaarOfOuder_12"]
            ):
                shares[rec["WijkenEnBuurten"]] = (
                    float(rec["k_65JaarOfOuder_12"]) / float(rec["AantalInwoners_5"]) * 100
                )
    return shares


def test_share_65plus_matches_hand_computation(result):
    # written out: 2e Daalsebuurt 325 / 3970, Abstede 295 / 2115 (Utrecht)
    assert hand_shares()["BU03440223"] == pytest.approx(325 / 3970 * 100)
    assert hand_shares()["BU03440521"] == pytest.approx(295 / 2115 * 100)
    assert hand_shares()["BU05180546"] == pytest.approx(1545 / 6355 * 100)  # Archipelbuurt
    ranks = result.ranks.filter(pl.col("indicator") == "share_65plus")
    shares = hand_shares()
    for code in BUURTEN:
        got = ranks.filter(pl.col("area") == code).row(0, named=True)
        assert got["value"] == pytest.approx(shares[code])


def test_percentile_matches_brute_force(result):
    shares = hand_shares()
    values = list(shares.values())
    n = len(values)
    ranks = result.ranks.filter(pl.col("indicator") == "share_65plus")
    assert ranks.filter(pl.col("level") == "neighbourhood").height == n
    for code in BUURTEN:
        v = shares[code]
        below = sum(x < v for x in values)
        ties = sum(x == v for x in values) - 1
        expected = 100 * (below + ties / 2) / (n - 1)
        got = ranks.filter(pl.col("area") == code).row(0, named=True)
        assert got["percentile"] == pytest.approx(expected)
        assert got["position"] is None  # neutral indicator


def test_comparison_uses_observed_parent_values(result):
    comp = result.comparison.filter(
        (pl.col("indicator") == "AantalInwoners_5") & (pl.col("area") == "BU03440223")
    ).row(0, named=True)
    assert comp["district_code"] == "WK034402"
    assert comp["district_value"] == 45220  # Wijk 02 Noordwest
    assert comp["municipality_value"] == 374238  # gemeente Utrecht
    # no NL01 row: inhabitants is aggregated as a sum only when defined so;
    # here the indicator has aggregation "none", so no national value
    assert comp["national_value"] is None


def test_reference_groups_on_real_buurten(result):
    peers = result.peers
    assert (peers["area"] != peers["peer"]).all()
    sizes = peers.group_by("area").len()
    assert (sizes["len"] == 10).all()
    explained = result.peer_profile.filter(pl.col("area") == "BU03440223")
    assert explained.height == 8
