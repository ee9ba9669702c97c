"""The figures behind ``wendbaar bench`` (issue 3; see docs/performance.md).

Three measurements against their targets on national data:

1. importing the national KWB file (``import_observations``) into a database that holds
   the areas and no observations yet;
2. a full recompute of the analysis (``analysis.compute_all``) for all areas and periods
   of what was imported (KWB 2024, police 2021-2025 and RIVM 2012-2024), and of a
   synthetic country at full catalogue width (every indicator, three periods);
3. the server time of a buurt profile page (``/gebied/<code>/``) rendered in-process with
   ``django.test.Client``, p50 and p95 over at least 200 requests.

Where the data folder (``settings.CBS_DATA_DIR``) lacks the national files, synthetic files
of the same size and format are written and imported instead.

The work runs in a throw-away database: a fresh SQLite file under ``var/`` (or a
``<name>_bench`` PostgreSQL database), created and migrated by Django's test-database
machinery and dropped afterwards; or, with ``database="current"``, inside a transaction
of the current database that is rolled back (what the smoke test uses). The stored
analysis goes to a temporary folder. Timed assertions do not belong in tests: this module
measures and reports, the test only checks that it runs.
"""

from __future__ import annotations

import gzip
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings

TARGETS = {"import": 3.0, "recompute": 1.0, "profile_p95": 0.100, "search_p95": 0.030}
# gemeenten, wijken, buurten
SIZES = {"national": (340, 3300, 14400), "small": (3, 6, 30)}
KWB_FILE = "kwb_2024_85984NED_nl_subset.csv.gz"
POLICE_FILE = "misdrijven_47022NED_buurt_2021_2025.csv.gz"
RIVM_FILE = "gezondheid_50150NED_buurt_2012_2024.csv.gz"
PREFERRED_BUURT = "BU03440111"  # Welgelegen, Den Hommel (Utrecht)
MIN_REQUESTS = 200
WARM_UP = 5


@dataclass
class Measurement:
    label: str
    value: float | None
    unit: str = "s"
    target: float | None = None  # upper bound, same unit
    note: str = ""

    @property
    def status(self) -> str:
        if self.target is None or self.value is None:
            return "info"
        return "PASS" if self.value <= self.target else "MISS"

    def text(self) -> str:
        return "-" if self.value is None else _format(self.value, self.unit)

    def target_text(self) -> str:
        return "" if self.target is None else f"≤ {_format(self.target, self.unit)}"


def _format(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:,.0f} {unit}".strip()


@dataclass
class Report:
    context: list[tuple[str, str]] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def add(self, measurement: Measurement) -> Measurement:
        self.measurements.append(measurement)
        return measurement

    @property
    def missed(self) -> list[Measurement]:
        return [m for m in self.measurements if m.status == "MISS"]

    def lines(self) -> list[str]:
        out = [
            "Wendbaar benchmark (issue 3: import, recompute, profile page; issue 11: search)",
            "",
        ]
        width = max(len(k) for k, _ in self.context) if self.context else 0
        out += [f"  {k.ljust(width)}  {v}" for k, v in self.context]
        out.append("")
        label_width = max(len(m.label) for m in self.measurements) if self.measurements else 0
        for m in self.measurements:
            line = (
                f"  {m.label.ljust(label_width)}  {m.text().rjust(10)}  "
                f"{m.target_text().ljust(10)}  {m.status}"
            )
            out.append(line + (f"  ({m.note})" if m.note else ""))
        if self.details:
            out += ["", *(f"  {line}" for line in self.details)]
        return out


# --- the machine ---------------------------------------------------------------------------


def machine() -> list[tuple[str, str]]:
    """What the figures were measured on (CPU, load, versions)."""
    import django
    import sklearn

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return [
        ("machine", f"{cpu}, {os.cpu_count()} CPUs, load average {load} at start"),
        (
            "software",
            f"Python {platform.python_version()}, Django {django.get_version()}, "
            f"Polars {pl.__version__}, NumPy {np.__version__}, scikit-learn {sklearn.__version__}",
        ),
    ]


# --- data ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataFiles:
    kwb: Path
    others: list[tuple[str, Path]]  # (source, path)
    label: str


def national_files(folder: Path) -> DataFiles | None:
    kwb = folder / KWB_FILE
    if not kwb.exists():
        return None
    others = [
        (source, folder / name)
        for source, name in (("police", POLICE_FILE), ("rivm", RIVM_FILE))
        if (folder / name).exists()
    ]
    label = f"national CBS files from {folder} (KWB 2024 85984NED" + "".join(
        {"police": ", police 47022NED", "rivm": ", RIVM 50150NED"}[s] for s, _ in others
    )
    return DataFiles(kwb=kwb, others=others, label=label + ")")


def write_synthetic_files(
    folder: Path, *, municipalities: int, districts: int, neighbourhoods: int, seed: int = 0
) -> DataFiles:
    """KWB 2024 (OData keys), police and RIVM files in the real formats, for a synthetic
    country of the given size; buurten resemble each other within wijk and gemeente."""
    rng = np.random.default_rng(seed)
    dis_mun = _split(rng, districts, municipalities)
    nbh_dis = _split(rng, neighbourhoods, districts)
    mun = [f"GM{9000 - municipalities + i:04d}" for i in range(municipalities)]
    dis_rank = np.arange(districts) - np.searchsorted(dis_mun, dis_mun)
    dis = [f"WK{mun[m][2:]}{r:02d}" for m, r in zip(dis_mun, dis_rank, strict=True)]
    nbh_rank = np.arange(neighbourhoods) - np.searchsorted(nbh_dis, nbh_dis)
    nbh = [f"BU{dis[d][2:]}{r:02d}" for d, r in zip(nbh_dis, nbh_rank, strict=True)]
    n = neighbourhoods
    trait = (
        rng.normal(0, 0.8, (municipalities, 3))[dis_mun[nbh_dis]]
        + rng.normal(0, 0.6, (districts, 3))[nbh_dis]
        + rng.normal(0, 0.5, (n, 3))
    )
    urban, rich, old = trait.T
    inhabitants = np.round(np.exp(rng.normal(6.9, 0.9, n) + 0.3 * urban))
    households = np.round(inhabitants / np.clip(2.2 - 0.25 * urban, 1.2, 3.5))
    buurt = pl.DataFrame(
        {
            "AantalInwoners_5": inhabitants,
            "k_0Tot15Jaar_8": np.round(inhabitants * np.clip(0.16 - 0.02 * urban, 0.02, 0.4)),
            "k_65JaarOfOuder_12": np.round(inhabitants * np.clip(0.2 + 0.06 * old, 0.02, 0.6)),
            "HuishoudensTotaal_29": households,
            "GemiddeldeHuishoudensgrootte_33": np.round(inhabitants / households, 1),
            "Bevolkingsdichtheid_34": np.round(np.exp(7 + 0.9 * urban)),
            "GemiddeldeWOZWaardeVanWoningen_39": np.round(np.exp(5.8 + 0.3 * rich)),
            "PercentageEengezinswoning_40": np.round(np.clip(60 - 20 * urban, 0, 100)),
            "Koopwoningen_47": np.round(np.clip(55 + 15 * rich - 10 * urban, 0, 100)),
            "GemiddeldInkomenPerInwoner_78": np.round(np.exp(3.4 + 0.2 * rich), 1),
            "AfstandTotHuisartsenpraktijk_110": np.round(np.exp(-0.5 - 0.5 * urban), 1),
            "AfstandTotGroteSupermarkt_111": np.round(np.exp(-0.3 - 0.5 * urban), 1),
            "AfstandTotSchool_113": np.round(np.exp(-0.4 - 0.4 * urban), 1),
            "ScholenBinnen3Km_114": np.round(np.exp(1.5 + 0.6 * urban), 1),
            "OppervlakteLand_116": np.round(np.exp(4 - 0.9 * urban)),
            "MateVanStedelijkheid_120": np.clip(np.round(3 - 1.1 * urban), 1, 5),
            "Omgevingsadressendichtheid_121": np.round(np.exp(7 + 0.9 * urban)),
        }
    )
    counts = ["AantalInwoners_5", "k_0Tot15Jaar_8", "k_65JaarOfOuder_12", "HuishoudensTotaal_29"]
    counts += ["OppervlakteLand_116"]
    means = [c for c in buurt.columns if c not in counts]
    keyed = buurt.with_columns(
        code=pl.Series(nbh),
        district=pl.Series([dis[d] for d in nbh_dis]),
        municipality=pl.Series([mun[dis_mun[d]] for d in nbh_dis]),
    )
    w = pl.col("AantalInwoners_5")

    def upper(key: str, kind: str) -> pl.DataFrame:
        return (
            keyed.group_by(key)
            .agg(
                *(pl.col(c).sum() for c in counts),
                *(((pl.col(c) * w).sum() / w.sum()).round(1) for c in means),
            )
            .rename({key: "code"})
            .with_columns(kind=pl.lit(kind))
        )

    rows = pl.concat(
        [
            upper("municipality", "Gemeente"),
            upper("district", "Wijk"),
            keyed.drop("district", "municipality").with_columns(kind=pl.lit("Buurt")),
        ],
        how="diagonal",
    ).with_columns(
        pl.col("MateVanStedelijkheid_120").round(0),
        gm_code="GM" + pl.col("code").str.slice(2, 4),
        wk_code=pl.when(pl.col("kind") == "Gemeente")
        .then(None)
        .otherwise("WK" + pl.col("code").str.slice(2, 6)),
    )
    # secret cells, as CBS publishes them (empty), more often in small buurten
    small = (pl.col("kind") == "Buurt") & (pl.col("AantalInwoners_5") < 200)
    rows = rows.with_columns(
        pl.when(small & (pl.lit(rng.random(rows.height)) < 0.5))
        .then(None)
        .otherwise(pl.col(c))
        .alias(c)
        for c in means
    )
    kwb = rows.select(
        WijkenEnBuurten="code",
        SoortRegio_2="kind",
        regio=pl.col("code"),
        Gemeentenaam_1="gm_code",
        gm_code="gm_code",
        wk_code="wk_code",
        provincie=pl.lit("Synthetisch"),
        **{c: c for c in buurt.columns},
    ).sort(
        pl.col("SoortRegio_2").replace_strict({"Gemeente": 0, "Wijk": 1, "Buurt": 2}),
        "WijkenEnBuurten",
    )
    paths = {
        "kwb": folder / "kwb_2024_85984NED_synthetic.csv.gz",
        "police": folder / "misdrijven_47022NED_synthetic.csv.gz",
        "rivm": folder / "gezondheid_50150NED_synthetic.csv.gz",
    }
    _write_gz(kwb, paths["kwb"])
    people = keyed.select("code", "AantalInwoners_5", district="district", gm="municipality")
    rate = np.exp(rng.normal(3.3, 0.5, n) + 0.4 * urban)  # crimes per 1,000 a year
    police = people.select(
        WijkenEnBuurten="code",
        SoortRegio_2=pl.lit("Buurt"),
        gm_code="gm",
        **{
            f"GeregistreerdeMisdrijven_{year}": pl.Series(
                np.round(inhabitants * rate / 1000 * rng.lognormal(0, 0.15, n))
            )
            for year in range(2021, 2026)
        },
    )
    _write_gz(police, paths["police"])
    health = np.clip(75 + 4 * rich - 3 * old + rng.normal(0, 2, n), 30, 99)
    rivm = people.select(
        WijkenEnBuurten="code",
        SoortRegio_2=pl.lit("Buurt"),
        gm_code="gm",
        **{
            f"GoedErvarenGezondheid_4_{year}": pl.Series(
                np.round(health + rng.normal(0, 1.5, n) - 0.2 * (year - 2012), 1)
            )
            for year in (2016, 2020, 2022, 2024)
        },
    )
    _write_gz(rivm, paths["rivm"])
    return DataFiles(
        kwb=paths["kwb"],
        others=[("police", paths["police"]), ("rivm", paths["rivm"])],
        label=(
            f"synthetic files of {municipalities:,} gemeenten, {districts:,} wijken and "
            f"{neighbourhoods:,} buurten in the KWB, police and RIVM formats"
        ),
    )


def _split(rng: np.random.Generator, items: int, groups: int) -> np.ndarray:
    """Group of each item, sorted; every group gets 1 to 99 items (two-digit codes)."""
    counts = np.ones(groups, dtype=np.int64)
    weights = rng.lognormal(0.0, 0.7, groups)
    extra = rng.multinomial(items - groups, weights / weights.sum())
    counts = np.minimum(counts + extra, 99)
    while counts.sum() < items:  # what the cap cut off goes to groups with room
        room = np.flatnonzero(counts < 99)
        counts[room[: items - counts.sum()]] += 1
    return np.repeat(np.arange(groups), counts)[:items]


def _write_gz(frame: pl.DataFrame, path: Path) -> None:
    with gzip.open(path, "wb", compresslevel=1) as handle:
        frame.write_csv(handle)


# --- the database --------------------------------------------------------------------------


@contextmanager
def bench_database(mode: str) -> Iterator[str]:
    """A database for the run: "throwaway" (created, migrated, dropped) or "current" (a
    transaction rolled back at the end). Yields a description."""
    if mode == "current":
        with transaction.atomic():
            yield f"{connection.vendor}, the current database in a transaction rolled back"
            transaction.set_rollback(True)
        return
    if mode != "throwaway":
        raise ValueError(f"unknown database mode {mode!r}")
    settings_dict = connection.settings_dict
    old_name = settings_dict["NAME"]
    test = settings_dict.setdefault("TEST", {})
    saved = test.get("NAME")
    if connection.vendor == "sqlite":
        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
        name = str(Path(settings.VAR_DIR) / f"bench-{os.getpid()}.sqlite3")
    else:
        name = f"{old_name}_bench"
    test["NAME"] = name
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    migrated = time.perf_counter() - started
    try:
        yield (
            f"{connection.vendor}, throw-away database {name} "
            f"(created and migrated in {migrated:.1f} s, dropped afterwards)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        if saved is None:
            test.pop("NAME", None)
        else:
            test["NAME"] = saved
        for suffix in ("-wal", "-shm", "-journal"):
            Path(name + suffix).unlink(missing_ok=True)


# --- the run -------------------------------------------------------------------------------


def run(
    *,
    size: str = "national",
    data: str = "auto",
    requests: int = MIN_REQUESTS,
    database: str = "throwaway",
    area: str | None = None,
    synthetic_core: bool | None = None,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Measure; ``progress`` gets a line before each slow step."""
    say = progress or (lambda line: None)
    report = Report(context=machine())
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}")
    with tempfile.TemporaryDirectory(prefix="wendbaar-bench-") as tmp:
        folder = Path(tmp)
        files = None
        if data in ("auto", "cbs") and size == "national":
            files = national_files(Path(settings.CBS_DATA_DIR))
            if files is None and data == "cbs":
                raise FileNotFoundError(f"{KWB_FILE} not found in {settings.CBS_DATA_DIR}")
        if files is None:
            say("writing synthetic data files …")
            gm, wk, bu = SIZES[size]
            files = write_synthetic_files(
                folder, municipalities=gm, districts=wk, neighbourhoods=bu
            )
        report.context.append(("data", files.label))
        dummy_tasks = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        with override_settings(
            DEBUG=False, MONITOR_ANALYSIS_DIR=folder / "analysis", TASKS=dummy_tasks
        ):
            from ..stored.store import clear_cache

            clear_cache()
            say(f"preparing the {database} database …")
            try:
                with bench_database(database) as described:
                    report.context.append(("database", described))
                    _measure(report, files, requests=requests, area=area, say=say)
            finally:
                clear_cache()
    if synthetic_core if synthetic_core is not None else size == "national":
        say("recomputing a synthetic country at full catalogue width …")
        _measure_synthetic_core(report, size=size)
    return report


def _measure(report: Report, files: DataFiles, *, requests: int, area: str | None, say) -> None:
    from wendbaar.areas.importers import import_regions
    from wendbaar.areas.models import Area

    from ..analysis.reference import clear_search_cache
    from ..registry import sync_indicators
    from ..services import import_observations

    sync_indicators()
    say("importing the areas …")
    started = time.perf_counter()
    import_regions(files.kwb, year=2024)
    report.add(
        Measurement(
            "import areas (region list of the KWB file)",
            time.perf_counter() - started,
            note=f"{Area.objects.count():,} areas; not a target",
        )
    )
    say("importing the KWB file …")
    result = import_observations(source="kwb", path=files.kwb)
    report.add(
        Measurement(
            "import KWB file" + (" (national)" if Area.objects.count() > 10_000 else ""),
            result.duration,
            target=TARGETS["import"],
            note=f"{result.observations.created:,} observations created, "
            f"{len(result.calculated_indicators)} calculated indicators",
        )
    )
    again = import_observations(source="kwb", path=files.kwb)
    report.add(
        Measurement(
            "  the same file again (nothing changes)",
            again.duration,
            note=f"{again.observations.unchanged:,} unchanged",
        )
    )
    for source, path in files.others:
        say(f"importing {path.name} …")
        other = import_observations(source=source, path=path)
        report.add(
            Measurement(
                f"  import {source} file",
                other.duration,
                note=f"{other.observations.created:,} observations, periods "
                f"{other.periods[0]}-{other.periods[-1]}",
            )
        )

    say("recomputing the analysis …")
    inputs, loaded = _timed(_analysis_inputs)
    observations = inputs["observations"]
    periods = observations["period"].n_unique()
    clear_search_cache()
    result, _wall = _timed(lambda: _compute(inputs))
    timings = result.timings
    report.add(
        Measurement(
            "full recompute (compute_all), the imported data",
            timings["total"],
            target=TARGETS["recompute"],
            note=f"{observations.height:,} observations, {periods} periods, "
            f"{inputs['indicators'].height} indicators; first run, nearest-neighbour "
            "search included",
        )
    )
    report.details.append(
        "recompute steps (s): " + ", ".join(f"{k} {v:.3f}" for k, v in timings.items())
    )
    again, _wall = _timed(lambda: _compute(inputs))
    report.add(
        Measurement(
            "  again, same structural profile (search reused)",
            again.timings["total"],
            note="what a recompute after a police or health import costs",
        )
    )
    report.add(Measurement("  loading its inputs from the database", loaded, note="not a target"))
    from ..stored.recompute import compute_analysis

    stored, stored_time = _timed(compute_analysis)
    report.add(
        Measurement(
            "  load + recompute + page frames + store (the task)",
            stored_time,
            note="not a target" if stored is not None else "nothing stored",
        )
    )

    host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".") or "localhost"
    if host == "*":
        host = "localhost"
    client = Client(HTTP_HOST=host)
    _measure_search(report, files, client, say)

    code = area or _buurt_code()
    if code is None:
        report.add(Measurement("buurt profile page", None, note="no buurt to show"))
        return
    say(f"requesting /gebied/{code}/ {requests + WARM_UP} times …")
    url = f"/gebied/{code}/"
    first = None
    for i in range(WARM_UP):
        response, seconds = _timed(lambda: client.get(url, secure=True))
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        if i == 0:
            first = seconds
    times = []
    for _ in range(max(requests, 1)):
        response, seconds = _timed(lambda: client.get(url, secure=True))
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        times.append(seconds)
    p95 = float(np.percentile(times, 95))
    report.add(
        Measurement(
            f"buurt profile page {url} p50",
            statistics.median(times),
            unit="ms",
            note=f"{len(times)} requests in-process after {WARM_UP} warm-up",
        )
    )
    report.add(
        Measurement(f"buurt profile page {url} p95", p95, unit="ms", target=TARGETS["profile_p95"])
    )
    report.add(
        Measurement(
            "  first request (reads the stored analysis)", first, unit="ms", note="not a target"
        )
    )


def _measure_search(report: Report, files: DataFiles, client: Client, say) -> None:
    """The home page's live search (issue 11): names, aliases, typos, postcodes."""
    from wendbaar.areas.bench import QUERIES, load_search_data, measure_search

    loaded = load_search_data(files.kwb)
    say(f"searching {len(QUERIES)} queries …")
    timed = measure_search(client)
    note = f"{timed.queries} queries x {len(timed.times) // timed.queries} after a warm-up"
    report.add(Measurement("area search /?q= (htmx) p50", timed.p50, unit="ms", note=note))
    report.add(
        Measurement(
            "area search /?q= (htmx) p95",
            timed.p95,
            unit="ms",
            target=TARGETS["search_p95"],
            note=f"{timed.found} of {timed.queries} queries found areas; CPU time p95 "
            f"{timed.cpu_p95 * 1000:.1f} ms",
        )
    )
    report.details.append(f"search data: {loaded}")


def _measure_synthetic_core(report: Report, *, size: str) -> None:
    from ..analysis import compute_all
    from ..analysis.reference import clear_search_cache
    from ..analysis.synthetic import make_synthetic
    from ..registry import INDICATORS

    gm, wk, bu = SIZES[size]
    data = make_synthetic(
        n_municipalities=gm,
        n_districts=wk,
        n_neighbourhoods=bu,
        n_indicators=len(INDICATORS),
        periods=(2022, 2023, 2024),
    )
    args = (data.areas, data.observations, data.indicators)
    clear_search_cache()
    result = compute_all(*args, profile=data.profile)
    report.add(
        Measurement(
            "full recompute (compute_all), synthetic country at full width",
            result.timings["total"],
            target=TARGETS["recompute"],
            note=f"{data.observations.height:,} observations: {len(INDICATORS)} indicators x "
            f"3 periods x {gm + wk + bu:,} areas; first run, search included",
        )
    )
    report.details.append(
        "synthetic recompute steps (s): "
        + ", ".join(f"{k} {v:.3f}" for k, v in result.timings.items())
    )
    del result
    clear_search_cache()
    again = compute_all(*args, profile=data.profile)
    report.add(
        Measurement(
            "  second run in the same process (search not reused)",
            again.timings["total"],
            note="the memory of the first run is reused",
        )
    )


def _analysis_inputs() -> dict:
    from ..stored.inputs import analysis_inputs

    return analysis_inputs()


def _compute(inputs: dict):
    from ..analysis import compute_all
    from ..stored.recompute import analysis_options

    return compute_all(**inputs, **analysis_options())


def _buurt_code() -> str | None:
    from wendbaar.areas.constants import AreaLevel
    from wendbaar.areas.models import Area

    buurten = Area.objects.filter(level=AreaLevel.NEIGHBOURHOOD)
    if buurten.filter(code=PREFERRED_BUURT).exists():
        return PREFERRED_BUURT
    # a buurt in a large gemeente with figures: the middle one by code
    codes = list(buurten.order_by("code").values_list("code", flat=True))
    return codes[len(codes) // 2] if codes else None


def _timed(function):
    started = time.perf_counter()
    value = function()
    return value, time.perf_counter() - started
