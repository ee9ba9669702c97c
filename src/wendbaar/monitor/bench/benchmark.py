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
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings

from wendbaar.core.bench import bench_database

from .baseline import BASELINE_NAMES, Pairs, interleave, load_baseline, timed

#: Upper bounds (seconds, or a ratio to the floor) unless named in :data:`AT_LEAST`.
TARGETS = {
    "files_ratio": 5.0,
    "compute_ratio": 10.0,
    "floor_ratio": 2.0,
    "full_width": 1.0,
    "import": 3.0,
    "profile_p95": 0.050,
    "monitor_p95": 0.060,
    "first_request": 2.0,
    "search_p95": 0.030,
    "load_rps": 150.0,
    "load_p95": 0.100,
    "load_errors": 0.0,
}
#: Targets that are lower bounds (ratios to the baseline, throughput).
AT_LEAST = {"files_ratio", "compute_ratio", "load_rps"}
# gemeenten, wijken, buurten
SIZES = {"national": (340, 3300, 14400), "small": (3, 6, 30)}
KWB_FILE = BASELINE_NAMES["kwb"]
POLICE_FILE = BASELINE_NAMES["police"]
RIVM_FILE = BASELINE_NAMES["rivm"]
PREFERRED_BUURT = "BU03440111"  # Welgelegen, Den Hommel (Utrecht)
MIN_REQUESTS = 200
WARM_UP = 5
TIMES = "\u00d7"  # the multiplication sign of "5.3 times"
#: Interleaved pairs of ours and the baseline per comparison.
PAIRS = 5


@dataclass
class Measurement:
    label: str
    value: float | None
    unit: str = "s"
    target: float | None = None  # upper bound, same unit (lower bound when at_least)
    note: str = ""
    at_least: bool = False

    @property
    def status(self) -> str:
        if self.target is None or self.value is None:
            return "info"
        met = self.value >= self.target if self.at_least else self.value <= self.target
        return "PASS" if met else "MISS"

    def text(self) -> str:
        return "-" if self.value is None else _format(self.value, self.unit)

    def target_text(self) -> str:
        if self.target is None:
            return ""
        return f"{'≥' if self.at_least else '≤'} {_format(self.target, self.unit)}"


def _format(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == TIMES:
        return f"{value:.1f}{TIMES}"
    if unit == "req/s":
        return f"{value:,.0f} req/s"
    return f"{value:,.0f} {unit}".strip()


@dataclass
class Report:
    context: list[tuple[str, str]] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    #: (what, pairs) of the side-by-side comparisons with the pandas baseline.
    ratios: list[tuple[str, Pairs]] = field(default_factory=list)

    def add(self, measurement: Measurement) -> Measurement:
        self.measurements.append(measurement)
        return measurement

    def target(self, label: str, value: float | None, key: str, **kwargs) -> Measurement:
        """A measurement against ``TARGETS[key]``."""
        return self.add(
            Measurement(label, value, target=TARGETS[key], at_least=key in AT_LEAST, **kwargs)
        )

    def ratio(self, what: str, pairs: Pairs, key: str, note: str = "") -> Measurement:
        """A side-by-side comparison: its ratio line first, and a row against its target."""
        self.ratios.append((what.split(" (")[0], pairs))
        medians = (
            f"medians: ours {statistics.median(pairs.ours):.3f} s, "
            f"baseline {statistics.median(pairs.baseline):.3f} s"
        )
        return self.target(
            f"{what}: ours vs pandas baseline",
            pairs.ratio,
            key,
            unit=TIMES,
            note=medians + (f"; {note}" if note else ""),
        )

    @property
    def missed(self) -> list[Measurement]:
        return [m for m in self.measurements if m.status == "MISS"]

    def lines(self) -> list[str]:
        out = ["Wendbaar benchmark (issue 12: files to results, compute, pages, load)", ""]
        width = max(len(k) for k, _ in self.context) if self.context else 0
        out += [f"  {k.ljust(width)}  {v}" for k, v in self.context]
        if self.ratios:
            # Ratios first, one per line, in a form scripts can read.
            out.append("")
            out += [
                f"ratio {what} vs pandas baseline: {p.ratio:.1f}{TIMES}" for what, p in self.ratios
            ]
            out += [f"  {what}: {p.summary()}" for what, p in self.ratios]
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
    # The national files' names, so the pandas baseline reads them too.
    paths = {source: folder / name for source, name in BASELINE_NAMES.items()}
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


# --- the run -------------------------------------------------------------------------------


def run(
    *,
    size: str = "national",
    data: str = "auto",
    requests: int = MIN_REQUESTS,
    database: str = "throwaway",
    area: str | None = None,
    synthetic_core: bool | None = None,
    pairs: int = PAIRS,
    part: str = "all",
    load_seconds: int = 30,
    load_users: int = 20,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Measure; ``progress`` gets a line before each slow step.

    ``part`` "all" measures everything; "pipeline" only files → results and compute (with
    the baseline side by side) and the steps of one import, e.g. for a second run on
    PostgreSQL.
    """
    say = progress or (lambda line: None)
    report = Report(context=machine())
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}")
    if part not in ("all", "pipeline"):
        raise ValueError('part must be "all" or "pipeline"')
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
        baseline = load_baseline() if pairs > 0 else None
        if baseline is None:
            report.context.append(
                (
                    "pandas baseline",
                    "skipped: ../shared/bench/pandas_baseline.py or pandas is not there, "
                    "so no side-by-side figures"
                    if pairs > 0
                    else "skipped (--pairs 0)",
                )
            )
        else:
            report.context.append(
                ("pandas baseline", f"{baseline.__file__}, {pairs} interleaved pairs")
            )
        dummy_tasks = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        with override_settings(
            DEBUG=False, MONITOR_ANALYSIS_DIR=folder / "analysis", TASKS=dummy_tasks
        ):
            from ..stored.store import clear_cache

            clear_cache()
            try:
                if baseline is not None:
                    _files_to_results(report, files, baseline, pairs, database, say)
                say(f"preparing the {database} database …")
                with bench_database(database) as described:
                    report.context.append(("database", described))
                    _measure(
                        report,
                        files,
                        baseline=baseline,
                        pairs=pairs,
                        requests=requests,
                        area=area,
                        part=part,
                        database=database,
                        load=(load_users, load_seconds),
                        say=say,
                    )
            finally:
                clear_cache()
    if part == "all" and (synthetic_core if synthetic_core is not None else size == "national"):
        say("computing a synthetic country at full catalogue width …")
        _measure_synthetic_core(report, size=size)
    return report


def _import_files(files: DataFiles) -> list[tuple[str, float, object]]:
    """Areas, then every observation file, as ``make demo`` and an operator would."""
    from wendbaar.areas.importers import import_regions

    from ..services import import_observations

    steps: list[tuple[str, float, object]] = []
    started = time.perf_counter()
    regions = import_regions(files.kwb, year=2024)
    steps.append(("areas", time.perf_counter() - started, regions))
    for source, path in (("kwb", files.kwb), *files.others):
        result = import_observations(source=source, path=path)
        steps.append((source, result.duration, result))
    return steps


def _fresh_state() -> None:
    from ..analysis.reference import clear_search_cache
    from ..registry import sync_indicators
    from ..stored.store import clear_cache

    sync_indicators()  # the catalogue is there after `migrate`, before any import
    clear_search_cache()
    clear_cache()


def _files_to_results(
    report: Report, files: DataFiles, baseline, pairs: int, database: str, say
) -> None:
    """Files → results: our import into a fresh database plus the recompute the pages read
    (load, compute, page frames, store), against the baseline's ``load_inputs`` +
    ``compute``. Each of our runs gets its own fresh database (created untimed)."""
    from ..stored.recompute import compute_analysis

    folder = files.kwb.parent
    steps: list[list[tuple[str, float]]] = []
    # The baseline imported scikit-learn when it was loaded; our recompute imports SciPy
    # on its first search. Both once per process, so neither inside a timed run.
    import scipy.spatial  # noqa: F401

    def ours(i: int) -> float:
        say(f"files → results, ours, run {i + 1} of {pairs} …")
        with bench_database(database, suffix=f"-files{i}"):
            _fresh_state()
            started = time.perf_counter()
            imported = _import_files(files)
            task = timed(compute_analysis)
            seconds = time.perf_counter() - started
        steps.append([(name, sec) for name, sec, _ in imported] + [("recompute task", task)])
        return seconds

    def theirs(i: int) -> float:
        say(f"files → results, pandas baseline, run {i + 1} of {pairs} …")
        return timed(lambda: baseline.compute(baseline.load_inputs(folder), scope="pages"))

    result = interleave(ours, theirs, pairs)
    report.ratio("files → results", result, "files_ratio", note=connection.vendor)
    medians = {
        name: statistics.median(run[i][1] for run in steps) for i, (name, _) in enumerate(steps[0])
    }
    report.details.append(
        "files → results, ours, median per step (s): "
        + ", ".join(f"{name} {sec:.3f}" for name, sec in medians.items())
    )


def _measure(
    report: Report,
    files: DataFiles,
    *,
    baseline,
    pairs: int,
    requests: int,
    area: str | None,
    part: str,
    database: str,
    load: tuple[int, int],
    say,
) -> None:
    from wendbaar.areas.models import Area

    from ..services import import_observations
    from ..stored.inputs import area_frame, indicator_frame, observation_frame
    from ..stored.recompute import compute_analysis

    _fresh_state()
    say("importing the areas and the files …")
    imported = _import_files(files)
    for name, seconds, result in imported:
        if name == "areas":
            report.add(
                Measurement(
                    "import areas (region list of the KWB file)",
                    seconds,
                    note=f"{Area.objects.count():,} areas",
                )
            )
        elif name == "kwb":
            report.target(
                "import KWB file" + (" (national)" if Area.objects.count() > 10_000 else ""),
                seconds,
                "import",
                note=f"{result.observations.created:,} observations created, "
                f"{len(result.calculated_indicators)} calculated indicators",
            )
        else:
            report.add(
                Measurement(
                    f"  import {name} file",
                    seconds,
                    note=f"{result.observations.created:,} observations, periods "
                    f"{result.periods[0]}-{result.periods[-1]}",
                )
            )
    again = import_observations(source="kwb", path=files.kwb)
    report.add(
        Measurement(
            "  the KWB file again (nothing changes)",
            again.duration,
            note=f"{again.observations.unchanged:,} unchanged",
        )
    )

    floor, rows = _write_floor()
    report.add(
        Measurement(
            "  floor of writing them: INSERT … SELECT inside the database",
            floor,
            note=f"{rows:,} observation rows into an empty table made like the real one, "
            "no Python: what any import of them costs at least",
        )
    )

    say("reading the analysis inputs …")
    frames, loaded = _timed(lambda: (area_frame(), indicator_frame(), observation_frame()))
    report.add(
        Measurement(
            "  reading the analysis inputs from the database",
            loaded,
            note=f"{frames[2].height:,} observations",
        )
    )
    _measure_compute(report, frames, baseline=baseline, pairs=pairs, files=files, say=say)
    stored, stored_time = _timed(compute_analysis)
    report.add(
        Measurement(
            "  the recompute task: read + compute + page frames + store",
            stored_time,
            note="" if stored is not None else "nothing stored",
        )
    )
    if part != "all":
        return

    host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".") or "localhost"
    if host == "*":
        host = "localhost"
    client = Client(HTTP_HOST=host)
    _measure_search(report, files, client, say)
    _measure_pages(report, client, area=area, requests=requests, database=database, say=say)
    _measure_load(report, database=database, area=area, users_seconds=load, say=say)


def _write_floor() -> tuple[float, int]:
    """Seconds to copy every stored observation into an empty table made like the real
    one (its key, constraints, indexes and id generation), in key order, inside the
    database: no Python per row, the floor under any import of these rows."""
    from ..models import Observation

    table = Observation._meta.db_table
    copy = "bench_write_floor"
    columns = ", ".join(f.column for f in Observation._meta.concrete_fields if not f.primary_key)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {copy}")
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL "
                "ORDER BY type DESC",  # the table before its indexes
                [table],
            )
            for (sql,) in cursor.fetchall():
                sql = re.sub(r'INDEX\s+"?(\w+)"?', rf"INDEX {copy}_\1", sql, count=1)
                cursor.execute(re.sub(rf'"?\b{table}\b"?', copy, sql))
        else:
            cursor.execute(f"CREATE TABLE {copy} (LIKE {table} INCLUDING ALL)")
        with transaction.atomic():
            started = time.perf_counter()
            cursor.execute(
                f"INSERT INTO {copy} ({columns}) SELECT {columns} FROM {table} "
                "ORDER BY indicator_id, period, region_code"
            )
            rows = cursor.rowcount
        seconds = time.perf_counter() - started  # the commit included
        cursor.execute(f"DROP TABLE {copy}")
    return seconds, rows


def _measure_compute(report: Report, frames, *, baseline, pairs: int, files: DataFiles, say):
    """Compute with all page work: ours from frames read once, the baseline's ``compute``
    from its inputs read once; then the floor."""
    from ..analysis.floor import measure_floor
    from ..analysis.reference import clear_search_cache
    from ..stored.inputs import compute_inputs
    from ..stored.recompute import compute_page_frames, eligibility_rule

    areas, indicators, observations = frames

    def ours(i: int) -> float:
        clear_search_cache()  # the baseline searches every time too
        return timed(lambda: compute_page_frames(areas, indicators, observations))

    clear_search_cache()
    first = compute_page_frames(areas, indicators, observations)
    report.details.append(
        "compute with page work, steps (s): "
        + ", ".join(f"{k} {v:.3f}" for k, v in first.timings.items())
    )
    if baseline is not None:
        say("compute: ours and the pandas baseline, interleaved …")
        inputs = baseline.load_inputs(files.kwb.parent)
        result = interleave(
            ours, lambda i: timed(lambda: baseline.compute(inputs, scope="pages")), pairs
        )
        report.ratio("compute (all page work)", result, "compute_ratio")
        ours_median = statistics.median(result.ours)
    else:
        ours_median = statistics.median(ours(i) for i in range(max(pairs, 3)))
        report.add(Measurement("compute (all page work), median", ours_median))
    say("timing the floor …")
    floor = measure_floor(
        compute_inputs(areas, indicators, observations), eligibility=eligibility_rule()
    )
    report.target(
        "compute vs its floor (nearest neighbours + sorts)",
        ours_median / floor.seconds,
        "floor_ratio",
        unit=TIMES,
        note=f"floor {floor.seconds:.3f} s: {floor.describe()}",
    )


def _measure_pages(
    report: Report, client: Client, *, area: str | None, requests: int, database: str, say
):
    from .pages import measure_pages, monitor_page_path

    code = area or _buurt_code()
    if code is None:
        report.add(Measurement("buurt profile page", None, note="no buurt to show"))
        return
    buurt = f"/gebied/{code}/"
    monitor = monitor_page_path(code[2:6].join(("GM", "")))
    say(f"requesting {buurt} and {monitor} {requests + WARM_UP} times each …")
    timed_pages = measure_pages(client, [buurt, monitor], requests)
    for path, key, what in (
        (buurt, "profile_p95", "buurt profile page"),
        (monitor, "monitor_p95", "monitor page"),
    ):
        timing = timed_pages[path]
        report.add(
            Measurement(
                f"{what} {path} p50",
                timing.p50,
                unit="ms",
                note=f"{timing.requests} requests in-process after a warm-up, "
                f"{timing.queries} queries each; CPU p50 {timing.cpu_p50 * 1000:.1f} ms",
            )
        )
        report.target(
            f"{what} {path} p95",
            timing.p95,
            key,
            unit="ms",
            note=f"CPU p95 {timing.cpu_p95 * 1000:.1f} ms",
        )
    _measure_fresh_worker(report, [buurt, monitor], database=database)


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


def _measure_fresh_worker(report: Report, paths: list[str], *, database: str) -> None:
    """A fresh worker in a process of its own: its start (Django set up and warmed, as
    ``wendbaar serve`` does before a worker accepts a connection) and its first requests."""
    from .pages import measure_fresh_worker

    if database != "throwaway":  # another process cannot see a transaction
        return
    fresh = measure_fresh_worker(paths)
    report.add(
        Measurement(
            "a fresh worker's start (Django set up, warmed up)",
            fresh.start,
            note=f"CPU {fresh.start_cpu:.2f} s; before it accepts a connection; imported "
            + (", ".join(fresh.imported) or "neither scikit-learn nor SciPy"),
        )
    )
    for path, seconds in fresh.first.items():
        cpu = (fresh.first_cpu or {}).get(path)
        report.target(
            f"  its first request {path}",
            seconds,
            "first_request",
            unit="ms",
            note="" if cpu is None else f"CPU {cpu * 1000:.0f} ms",
        )


def _measure_load(report: Report, *, database: str, area: str | None, users_seconds, say):
    from .load import run_load
    from .pages import database_env, monitor_page_path

    users, seconds = users_seconds
    if database != "throwaway" or seconds <= 0:  # another process cannot see a transaction
        report.add(
            Measurement("load run", None, note="skipped: no separate server on this database")
        )
        return
    code = area or _buurt_code()
    paths = [f"/gebied/{code}/", monitor_page_path("GM" + code[2:6])]
    say(f"load run: {users} users for {seconds} s on {', '.join(paths)} …")
    # Only the database: the server runs with the production settings, not this process's.
    env = {**database_env(), "WENDBAAR_VAR_DIR": str(settings.VAR_DIR)}
    result = run_load(env=env, paths=paths, users=users, seconds=seconds)
    note = f"{result.workers} {result.worker_class} workers; {users} users, {seconds} s"
    report.target(
        "load run: requests per second",
        result.requests_per_second,
        "load_rps",
        unit="req/s",
        note=f"{note}; {result.requests:,} requests",
    )
    p95 = None if result.p95_ms is None else result.p95_ms / 1000
    report.target(
        "load run: p95",
        p95,
        "load_p95",
        unit="ms",
        note=f"p50 {result.p50_ms} ms, p99 {result.p99_ms} ms",
    )
    report.target(
        "load run: errors",
        float(result.errors),
        "load_errors",
        unit="",
        note="; ".join(result.failures[:3]),
    )
    report.details += result.lines()
    _measure_serving_floor(report, env=env, users=users, seconds=seconds, say=say)


#: The serving floor's page: the base layout with one small form and no figures.
FLOOR_PAGE = "accounts:login"


def _measure_serving_floor(report: Report, *, env: dict, users: int, seconds: int, say) -> None:
    """The same load on the lightest page there is (the sign-in page: base layout, one
    form, no query of figures): what gunicorn, the middleware and the layout cost alone.
    No page that renders figures can be served faster than this on this machine."""
    from django.urls import reverse

    from .load import run_load

    path = reverse(FLOOR_PAGE)
    say(f"load run floor: {users} users for {seconds} s on {path} …")
    result = run_load(env=env, paths=[path], users=users, seconds=seconds)
    cpu = result.server_cpu_ms_per_request
    report.add(
        Measurement(
            f"  floor: the same load on the sign-in page {path}",
            result.requests_per_second,
            unit="req/s",
            note=f"p50 {result.p50_ms} ms, p95 {result.p95_ms} ms, {result.errors} errors; "
            + ("" if cpu is None else f"server CPU {cpu:.1f} ms per request; ")
            + "gunicorn, middleware and the base layout alone",
        )
    )


def _measure_synthetic_core(report: Report, *, size: str) -> None:
    """The recompute with all page work on a synthetic country at full catalogue width:
    every indicator, three periods."""
    from ..analysis.reference import clear_search_cache
    from ..analysis.synthetic import make_synthetic
    from ..registry import INDICATORS
    from ..stored.recompute import compute_page_frames

    gm, wk, bu = SIZES[size]
    data = make_synthetic(
        n_municipalities=gm,
        n_districts=wk,
        n_neighbourhoods=bu,
        n_indicators=len(INDICATORS),
        periods=(2022, 2023, 2024),
    )
    frames = (data.areas, data.indicators, data.observations)
    times = []
    for _ in range(3):
        clear_search_cache()
        result, seconds = _timed(lambda: compute_page_frames(*frames, profile=list(data.profile)))
        times.append(seconds)
    report.target(
        "compute with page work, synthetic country at full width",
        statistics.median(times),
        "full_width",
        note=f"{data.observations.height:,} observations: {len(INDICATORS)} indicators x "
        f"3 periods x {gm + wk + bu:,} areas; median of 3, search included; first "
        f"{times[0]:.2f} s",
    )
    report.details.append(
        "synthetic, steps of the last run (s): "
        + ", ".join(f"{k} {v:.3f}" for k, v in result.timings.items())
    )


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
