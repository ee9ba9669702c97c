"""Server time of pages, in-process: what the bench reports for the buurt and monitor pages.

``measure_pages`` requests each path with a ``django.test.Client`` (so no network, no
gunicorn: the view, its queries and the template only), first a few times untimed, then
``requests`` times timed, and reports the median, the 95th percentile, the first request
and the number of database queries one request makes.

``measure_fresh_worker`` starts a new Python process that does what a gunicorn worker of
``wendbaar serve`` does (Django set up, every app's warm-up) and times its first request
of each path: what the first visitor after a restart waits for, start-up apart.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.test import Client
from django.urls import reverse

#: Untimed requests per path before the timed ones (the first reads the stored analysis
#: and fills the caches a running server holds).
WARM_UP = 5


@dataclass(frozen=True)
class PageTiming:
    """Seconds of one path: ``first`` is the first request of this run (a cold cache if
    nothing requested the path before), ``p50``/``p95`` over the timed requests, and the
    same of this process's CPU time (what a busy machine spoils least)."""

    path: str
    p50: float
    p95: float
    first: float
    queries: int
    requests: int
    cpu_p50: float = 0.0
    cpu_p95: float = 0.0


def monitor_page_path(code: str) -> str:
    """The monitor page of a gemeente (its choropleth map, urgency and warnings)."""
    return reverse("monitor:overview", kwargs={"code": code})


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _get(client: Client, path: str) -> tuple[float, float]:
    """Wall and CPU seconds of one request."""
    started, cpu_started = time.perf_counter(), time.process_time()
    response = client.get(path, secure=True)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return seconds, cpu


def measure_pages(
    client: Client, paths: list[str], requests: int, *, warm_up: int = WARM_UP
) -> dict[str, PageTiming]:
    """Time each of ``paths`` (``requests`` timed requests after ``warm_up`` untimed ones;
    the first of all is reported as ``first``). Raises on any answer other than 200."""
    result: dict[str, PageTiming] = {}
    for path in paths:
        first, _cpu = _get(client, path)
        for _ in range(max(warm_up - 1, 0)):
            _get(client, path)
        # Counted with a wrapper: ``CaptureQueriesContext`` loses them when the request
        # resets the query log.
        counter = _QueryCounter()
        with connection.execute_wrapper(counter):
            _get(client, path)
        timed = [_get(client, path) for _ in range(max(requests, 1))]
        times, cpu = [t for t, _c in timed], [c for _t, c in timed]
        result[path] = PageTiming(
            path=path,
            p50=statistics.median(times),
            p95=float(np.percentile(times, 95)),
            first=first,
            queries=counter.count,
            requests=len(times),
            cpu_p50=statistics.median(cpu),
            cpu_p95=float(np.percentile(cpu, 95)),
        )
    return result


@dataclass(frozen=True)
class FreshWorker:
    """Seconds of a fresh process: ``start`` (Django set up and warmed, as a worker is
    before it accepts a connection) and the first request of each path."""

    start: float
    first: dict[str, float]
    imported: list[str]  # scikit-learn or SciPy modules the process imported (none)
    start_cpu: float = 0.0  # the same in CPU time (what a busy machine spoils least)
    first_cpu: dict[str, float] | None = None


_FRESH = """
import json, os, sys, time
started = time.perf_counter()
import django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from wendbaar.core.management.commands.serve import _warm_up
with override_settings(DEBUG=False):
    _warm_up()
    start, start_cpu = time.perf_counter() - started, time.process_time()
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")), "localhost")
    client = Client(HTTP_HOST=host)
    first, first_cpu = {}, {}
    for path in json.loads(sys.argv[1]):
        begun, cpu = time.perf_counter(), time.process_time()
        status = client.get(path, secure=True).status_code
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        first[path] = time.perf_counter() - begun
        first_cpu[path] = time.process_time() - cpu
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("sklearn", "scipy"))
print(json.dumps({
    "start": start, "start_cpu": start_cpu, "first": first, "first_cpu": first_cpu,
    "imported": heavy,
}))
"""


def database_env() -> dict[str, str]:
    """The environment that points a child process at this process's database and stored
    analyses (the bench's throw-away database has a name of its own)."""
    from urllib.parse import quote

    from django.conf import settings

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        credentials = quote(db.get("USER") or "", safe="")
        if db.get("PASSWORD"):
            credentials += ":" + quote(db["PASSWORD"], safe="")
        host = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
        url = f"postgres://{credentials}@{host}/{quote(db['NAME'], safe='')}"
    return {"DATABASE_URL": url, "WENDBAAR_ANALYSIS_DIR": str(settings.MONITOR_ANALYSIS_DIR)}


def measure_fresh_worker(paths: list[str], *, env: dict[str, str] | None = None) -> FreshWorker:
    """Time a fresh worker's start and first requests in a process of its own, with this
    process's settings and database (``env`` adds to its environment)."""
    environment = {**os.environ, **database_env(), **(env or {})}
    result = subprocess.run(
        [sys.executable, "-c", _FRESH, json.dumps(paths)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the fresh worker failed:\n{result.stderr[-3000:]}")
    found = json.loads(result.stdout.strip().splitlines()[-1])
    return FreshWorker(**found)
