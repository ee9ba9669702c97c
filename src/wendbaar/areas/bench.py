"""The search benchmark (``wendbaar bench``, see ``monitor/bench/benchmark.py``): server
time of the home page's live search over a fixed list of queries, in-process.

Names, aliases, typos, postcodes and codes of the demo gemeenten, as people type them.
Each query is requested as htmx does (``HX-Request``: the results partial only).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.test import Client

from wendbaar.core.bench import p95

from .demo import ALIASES_FILE, DEMO_DATA_DIR
from .importers import AreaImportError, import_aliases, import_postcodes

QUERIES = (
    # names
    "Utrecht",
    "Rotterdam",
    "'s-Gravenhage",
    "s-gravenhage",
    "Overvecht",
    "Lombok",
    "Kanaleneiland",
    "Wittevrouwen",
    "Centrum",
    "Leidsche Rijn",
    "Afrikaanderwijk",
    # aliases
    "Den Haag",
    "Schilderswijk",
    "Feyenoord",
    "Transvaal",
    "Kralingen",
    "BoTu",
    # typos
    "overvect",
    "rotterdm",
    "kanaleneilnd",
    "wittevrouwn",
    "schilderwijk",
    "utrect",
    # postcodes
    "3563",
    "3563 AB",
    "2525",
    "3072",
    # codes and fragments
    "BU03440121",
    "gm0518",
    "ka",
)


@dataclass(frozen=True)
class SearchTimes:
    times: list[float]  # seconds of wall-clock time, one per timed request
    cpu_times: list[float]  # seconds of this process's CPU time, same requests
    queries: int
    found: int  # queries with at least one result

    @property
    def p50(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        return p95(self.times)

    @property
    def cpu_p95(self) -> float:
        """What p95 would be on an idle machine (SQLite runs in-process)."""
        return p95(self.cpu_times)


def load_search_data(kwb_file) -> str:
    """Postcodes from the KWB file (when it has the column) and the shipped aliases."""
    notes = []
    try:
        notes.append(import_postcodes(kwb_file).summary())
    except AreaImportError as exc:
        notes.append(str(exc))
    notes.append(import_aliases(DEMO_DATA_DIR / ALIASES_FILE).summary())
    return "; ".join(notes)


def measure_search(client: Client, *, rounds: int = 5, warm_up: int = 1) -> SearchTimes:
    """Request every query ``warm_up`` times untimed (the first builds the index), then
    ``rounds`` times timed."""
    headers = {"HTTP_HX_REQUEST": "true"}
    found = 0
    for query in QUERIES:
        for _ in range(warm_up):
            response = client.get("/", {"q": query}, secure=True, **headers)
            if response.status_code != 200:
                raise RuntimeError(f"/?q={query} answered {response.status_code}")
        found += b"area-search__list" in response.content
    times, cpu_times = [], []
    for _ in range(rounds):
        for query in QUERIES:
            started, cpu_started = time.perf_counter(), time.process_time()
            client.get("/", {"q": query}, secure=True, **headers)
            times.append(time.perf_counter() - started)
            cpu_times.append(time.process_time() - cpu_started)
    return SearchTimes(times=times, cpu_times=cpu_times, queries=len(QUERIES), found=found)
