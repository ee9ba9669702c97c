"""A seeded, realistic synthetic national data set for benchmarks and tests.

Hierarchy like the CBS Wijk- en Buurtkaart (~340 gemeenten, ~3,300 wijken, ~14,400
buurten, skewed sizes). Every buurt gets four latent traits (urbanity, affluence, ageing,
families) made of a gemeente effect, a wijk effect and its own part, so similar buurten
exist all over the country and the k nearest neighbours are meaningful. Indicators are
noisy linear functions of the traits with an area-specific trend over the periods (wijk
trends plus buurt trends, so warnings and levers occur). Wijk and gemeente values are
aggregated from the buurten before a share of buurt values is suppressed (more often in
small buurten), as CBS does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from .contracts import DISTRICT, MUNICIPALITY, NEIGHBOURHOOD, THEMES

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PROFILE: tuple[str, ...] = (
    "urbanity_class",
    "address_density",
    "share_0_14",
    "share_65plus",
    "household_size",
    "share_single_family",
    "share_owner_occupied",
    "woz",
)


@dataclass(frozen=True)
class SyntheticData:
    """The three contract frames plus the structural profile for reference areas."""

    areas: pl.DataFrame
    observations: pl.DataFrame
    indicators: pl.DataFrame
    profile: tuple[str, ...]


def _suffix(i: int) -> str:
    return ALPHABET[i // 36 % 36] + ALPHABET[i % 36]


def _split(rng: np.random.Generator, n_items: int, n_groups: int, sigma: float) -> np.ndarray:
    """Group index of each item; every group gets at least one item, sizes skewed."""
    p = rng.lognormal(0.0, sigma, n_groups)
    counts = 1 + rng.multinomial(n_items - n_groups, p / p.sum())
    return np.repeat(np.arange(n_groups), counts)


def _hierarchy(
    rng: np.random.Generator, n_mun: int, n_dis: int, n_nbh: int
) -> tuple[pl.DataFrame, np.ndarray, np.ndarray]:
    dis_mun = _split(rng, n_dis, n_mun, 1.0)
    nbh_dis = _split(rng, n_nbh, n_dis, 0.7)
    mun_codes = [f"GM{i + 1:04d}" for i in range(n_mun)]
    dis_rank = np.arange(n_dis) - np.searchsorted(dis_mun, dis_mun)
    dis_codes = [
        f"WK{mun_codes[m][2:]}{_suffix(r)}" for m, r in zip(dis_mun, dis_rank, strict=True)
    ]
    nbh_rank = np.arange(n_nbh) - np.searchsorted(nbh_dis, nbh_dis)
    nbh_codes = [
        f"BU{dis_codes[d][2:]}{_suffix(r)}" for d, r in zip(nbh_dis, nbh_rank, strict=True)
    ]
    areas = pl.DataFrame(
        {
            "code": mun_codes + dis_codes + nbh_codes,
            "level": [MUNICIPALITY] * n_mun + [DISTRICT] * n_dis + [NEIGHBOURHOOD] * n_nbh,
            "parent_code": [None] * n_mun
            + [mun_codes[m] for m in dis_mun]
            + [dis_codes[d] for d in nbh_dis],
            "municipality_code": mun_codes
            + [mun_codes[m] for m in dis_mun]
            + [mun_codes[dis_mun[d]] for d in nbh_dis],
        },
        schema={
            "code": pl.String,
            "level": pl.String,
            "parent_code": pl.String,
            "municipality_code": pl.String,
        },
    )
    return areas, dis_mun, nbh_dis


def make_synthetic(
    *,
    seed: int = 0,
    n_municipalities: int = 340,
    n_districts: int = 3300,
    n_neighbourhoods: int = 14400,
    n_indicators: int = 45,
    periods: tuple[int, ...] = (2020, 2021, 2022, 2023, 2024),
    missing_share: float = 0.03,
) -> SyntheticData:
    """Build the synthetic data set (deterministic for a given seed and sizes)."""
    rng = np.random.default_rng(seed)
    areas, dis_mun, nbh_dis = _hierarchy(rng, n_municipalities, n_districts, n_neighbourhoods)
    n, n_t = n_neighbourhoods, len(periods)
    mun_eff = rng.normal(0, 0.8, (n_municipalities, 4))
    dis_eff = rng.normal(0, 0.6, (n_districts, 4))
    latent = mun_eff[dis_mun[nbh_dis]] + dis_eff[nbh_dis] + rng.normal(0, 0.5, (n, 4))
    u, a, g, f = latent.T  # urbanity, affluence, ageing, families
    t = np.arange(n_t, dtype=float)[:, None]  # (periods, 1)

    def noise(scale: float) -> np.ndarray:
        return rng.normal(0, scale, (n_t, n))

    inhabitants = np.round(np.exp(rng.normal(6.7, 0.9, n) + 0.3 * u))[None, :] * (
        1 + 0.01 * t + noise(0.01)
    )
    columns: dict[str, np.ndarray] = {
        "inhabitants": np.round(inhabitants),
        "urbanity_class": np.clip(np.round(3 - 1.1 * u + noise(0.3)), 1, 5),
        "address_density": np.exp(7.0 + 0.9 * u + noise(0.05)),
        "share_0_14": np.clip(16 + 4 * f - 2 * u + noise(0.5), 0, 100),
        "share_65plus": np.clip(20 + 6 * g - 2 * f + 0.4 * t + noise(0.5), 0, 100),
        "household_size": np.clip(2.2 + 0.3 * f - 0.25 * u + noise(0.02), 1, 5),
        "share_single_family": np.clip(60 - 20 * u + 10 * f + noise(1), 0, 100),
        "share_owner_occupied": np.clip(55 + 15 * a - 10 * u + noise(1), 0, 100),
        "woz": np.exp(5.8 + 0.3 * a - 0.05 * u + 0.04 * t + noise(0.02)),
    }
    meta: list[dict[str, object]] = [
        {"code": "inhabitants", "polarity": 0, "themes": [], "aggregation": "sum"},
        {"code": "urbanity_class", "polarity": 0, "themes": [], "aggregation": "none"},
        {"code": "address_density", "polarity": 0, "themes": [], "aggregation": "mean_weighted"},
        {"code": "share_0_14", "polarity": 0, "themes": [], "aggregation": "mean_weighted"},
        {"code": "share_65plus", "polarity": 0, "themes": [], "aggregation": "mean_weighted"},
        {"code": "household_size", "polarity": 0, "themes": [], "aggregation": "mean_weighted"},
        {
            "code": "share_single_family",
            "polarity": 0,
            "themes": ["housing"],
            "aggregation": "mean_weighted",
        },
        {
            "code": "share_owner_occupied",
            "polarity": 1,
            "themes": ["housing"],
            "aggregation": "mean_weighted",
        },
        {"code": "woz", "polarity": 1, "themes": ["housing"], "aggregation": "mean_weighted"},
    ]
    area_trend = rng.normal(0, 0.15, n_districts)[nbh_dis] + rng.normal(0, 0.1, n)
    for j in range(max(n_indicators - len(columns), 0)):
        loading = rng.normal(0, 0.6, 4)
        polarity = int(rng.choice([1, -1, 0], p=[0.45, 0.45, 0.10]))
        themes = [THEMES[j % len(THEMES)]]
        if rng.random() < 0.3:
            themes.append(THEMES[int(rng.integers(len(THEMES)))])
        sensitivity = rng.normal(0, 1)
        score = (
            latent @ loading
            + rng.normal(0, 0.6, n)
            + sensitivity * area_trend * t
            + 0.05 * rng.normal() * t
            + noise(0.25)
        )
        mean, scale = rng.uniform(5, 60), rng.uniform(2, 10)
        code = f"ind_{j + 1:02d}"
        columns[code] = mean + scale * score
        meta.append(
            {
                "code": code,
                "polarity": polarity,
                "themes": sorted(set(themes)),
                "aggregation": "mean_weighted",
            }
        )
    indicators = pl.DataFrame(meta).with_columns(
        pl.col("polarity").cast(pl.Int8),
        pl.col("themes").cast(pl.List(pl.String)),
        weight=pl.lit(1.0),
        weight_indicator=pl.when(pl.col("aggregation") == "mean_weighted")
        .then(pl.lit("inhabitants"))
        .otherwise(None),
    )

    codes = list(columns)
    nbh_codes = areas.filter(pl.col("level") == NEIGHBOURHOOD)["code"]
    wide = pl.DataFrame(
        {
            "area": np.tile(nbh_codes.to_numpy(), n_t),
            "period": np.repeat(np.array(periods, dtype=np.int64), n),
            **{c: columns[c].ravel() for c in codes},
        }
    )
    parents = areas.select(area="code", district="parent_code", municipality="municipality_code")
    wide = wide.join(parents, on="area", how="left", maintain_order="left")
    w = pl.col("inhabitants")

    def aggregate(key: str) -> pl.DataFrame:
        exprs = []
        for row in meta:
            c = str(row["code"])
            if row["aggregation"] == "sum":
                exprs.append(pl.col(c).sum())
            elif c == "urbanity_class":
                exprs.append(((pl.col(c) * w).sum() / w.sum()).round())
            else:
                exprs.append((pl.col(c) * w).sum() / w.sum())
        return wide.group_by(key, "period").agg(exprs).rename({key: "area"})

    upper = pl.concat([aggregate("district"), aggregate("municipality")])
    # unpivot order: indicator, then period, then buurt
    small = np.minimum(
        0.5, missing_share * np.sqrt(1200 / np.maximum(columns["inhabitants"][0], 1))
    )
    p_missing = np.tile(small, n_t * len(codes))
    long = (
        wide.select("area", "period", *codes)
        .unpivot(index=["area", "period"], variable_name="indicator", value_name="value")
        .with_columns(
            value=pl.when(pl.Series(rng.random(n * n_t * len(codes)) < p_missing))
            .then(None)
            .otherwise(pl.col("value"))
        )
    )
    upper_long = upper.unpivot(
        index=["area", "period"], variable_name="indicator", value_name="value"
    )
    observations = pl.concat([upper_long, long]).select(
        "indicator", "area", pl.col("period").cast(pl.Int64), pl.col("value").cast(pl.Float64)
    )
    return SyntheticData(
        areas=areas, observations=observations, indicators=indicators, profile=PROFILE
    )
