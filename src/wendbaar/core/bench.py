"""What every benchmark needs: a throw-away database and the 95th percentile.

The monitor's ``make bench`` run, the area search and the page benches (initiatives
dashboard, portfolio) share these, so their figures are measured the same way. The page
benches also share the geography they build, the timing loop, the report and ``main``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction


def p95(values: list[float]) -> float:
    """The 95th percentile by nearest rank (the bench's figures are tens of requests)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@contextmanager
def bench_database(mode: str, *, suffix: str = "") -> Iterator[str]:
    """A database for the run: "throwaway" (created, migrated, dropped; ``suffix`` tells
    several apart) or "current" (a transaction rolled back at the end). Yields a
    description."""
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
        name = str(Path(settings.VAR_DIR) / f"bench-{os.getpid()}{suffix}.sqlite3")
    else:
        name = f"{old_name}_bench{suffix.replace('-', '_')}"
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


# --- the page benches ----------------------------------------------------------------------


@contextmanager
def page_bench_database(database: str, *, suffix: str) -> Iterator[str]:
    """``bench_database`` with DEBUG off (no query log kept) and background tasks dropped,
    as a page is served in production."""
    from django.test.utils import override_settings

    dummy_tasks = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with (
        override_settings(DEBUG=False, TASKS=dummy_tasks),
        bench_database(database, suffix=suffix) as described,
    ):
        yield described


def make_geography(
    area_model: Any,
    levels: Any,
    code: str,
    name: str,
    *,
    districts: int,
    per_district: int,
) -> tuple[Any, list[Any], list[Any]]:
    """A gemeente ``code`` with ``districts`` wijken of ``per_district`` buurten each;
    returns (gemeente, wijken, buurten). The caller hands over ``Area`` and ``AreaLevel``:
    core sits below the areas app and may not import it."""
    years = {"first_year": 2023, "last_year": 2024}
    gemeente = area_model.objects.create(
        code=code, name=name, level=levels.MUNICIPALITY, municipality_code=code, **years
    )
    wijken = area_model.objects.bulk_create(
        area_model(
            code=f"WK{code[2:]}{w:02d}",
            name=f"Wijk {w}",
            level=levels.DISTRICT,
            parent=gemeente,
            municipality_code=code,
            **years,
        )
        for w in range(districts)
    )
    buurten = area_model.objects.bulk_create(
        area_model(
            code=f"BU{code[2:]}{w:02d}{b:02d}",
            name=f"Buurt {w}.{b}",
            level=levels.NEIGHBOURHOOD,
            parent=wijk,
            municipality_code=code,
            **years,
        )
        for w, wijk in enumerate(wijken)
        for b in range(per_district)
    )
    return gemeente, wijken, buurten


def bench_client(user: Any | None) -> Any:
    """A test client signed in as ``user`` (None: a visitor without an account), on a
    host the settings allow."""
    from django.test import Client

    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")), "localhost")
    client = Client(HTTP_HOST=host)
    if user is not None:
        client.force_login(user)
    return client


def time_page(
    get: Callable[[], Any], *, requests: int, warmup: int
) -> tuple[list[float], list[float], int]:
    """Call ``get`` (one page request) ``warmup`` times untimed, once counting queries,
    then ``requests`` times timed; returns wall-clock and CPU seconds per timed request
    and the query count of one request."""
    for _ in range(warmup):
        response = get()
        if response.status_code != 200:
            raise RuntimeError(f"{response.request['PATH_INFO']} answered {response.status_code}")
    queries = []  # counted below the ORM: the test client resets connection.queries

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        get()
    times, cpu_times = [], []
    for _ in range(requests):
        started, cpu_started = time.perf_counter(), time.process_time()
        get()
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    return times, cpu_times, len(queries)


def load_average() -> str:
    """The load average while measuring: a busy machine slows every figure."""
    return ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else ""


@dataclass(frozen=True)
class PageTiming:
    """One page's server time over a run, and the report of it."""

    title: str  # the report's first line, e.g. "Initiatives dashboard (issue 13)"
    page: str  # the page's short name in the p50/p95 lines, e.g. "dashboard"
    data: str  # what was built, e.g. "5,000 initiatives in 10 wijken"
    target_p95: float  # seconds
    warmup: int
    times: list[float]  # seconds of wall-clock time, one per timed request
    cpu_times: list[float]
    queries: int
    database: str
    build_seconds: float
    load: str = ""

    @property
    def p50(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        return p95(self.times)

    @property
    def cpu_p95(self) -> float:
        return p95(self.cpu_times)

    @property
    def met(self) -> bool:
        return self.p95 <= self.target_p95

    def lines(self) -> list[str]:
        status = "ok" if self.met else "MISS"
        return [
            self.title,
            f"  database   {self.database}",
            f"  data       {self.data}, built in {self.build_seconds:.1f} s",
            f"  requests   {len(self.times)} timed after {self.warmup} untimed; "
            f"{self.queries} queries each",
            f"  {self.page} p50  {self.p50 * 1000:.1f} ms",
            f"  {self.page} p95  {self.p95 * 1000:.1f} ms  "
            f"target ≤ {self.target_p95 * 1000:.0f} ms  "
            f"{status}  (CPU p95 {self.cpu_p95 * 1000:.1f} ms)",
            f"  machine    {os.cpu_count()} CPUs, load average {self.load}",
        ]


def run_page_bench(
    database: str,
    *,
    suffix: str,
    build: Callable[[], Any],
    measure: Callable[[Any], tuple[list[float], list[float], int]],
    **report: Any,
) -> PageTiming:
    """In a ``page_bench_database``: ``build`` the data (timed), ``measure`` the page with
    what ``build`` returned; ``report`` is the rest of the ``PageTiming`` (title, page,
    data, target_p95, warmup)."""
    with page_bench_database(database, suffix=suffix) as described:
        started = time.perf_counter()
        built = build()
        build_seconds = time.perf_counter() - started
        times, cpu_times, queries = measure(built)
    return PageTiming(
        **report,
        times=times,
        cpu_times=cpu_times,
        queries=queries,
        database=described,
        build_seconds=build_seconds,
        load=load_average(),
    )


def page_bench_main(
    doc: str, argv: list[str] | None, run: Callable[..., PageTiming], **counts: int
) -> int:
    """The command line of a page bench: an integer option per ``counts`` item (name →
    default, in that order), then ``--database``; sets Django up, calls ``run`` with the
    options and prints its report."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    for option, default in counts.items():
        parser.add_argument(f"--{option}", type=int, default=default)
    parser.add_argument("--database", choices=["throwaway", "current"], default="throwaway")
    args = parser.parse_args(argv)

    from wendbaar.conf.env import read_env_file

    read_env_file()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wendbaar.conf.dev")
    import django

    django.setup()
    print("\n".join(run(**vars(args)).lines()))
    return 0  # a missed target is reported, as the monitor's bench does, not an error
