"""Server time of pages, in-process: what the bench reports for the buurt and monitor pages.

``measure_pages`` requests each path with a ``django.test.Client`` (so no network, no
gunicorn: the view, its queries and the template only), first a few times untimed, then
``requests`` times timed, and reports the median, the 95th percentile, the first request
and the number of database queries one request makes.
"""

from __future__ import annotations

import statistics
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
