"""The werkplaats bench (issue 16): 40 participants answering the five sliders at once
while the facilitator's screen refreshes; server time of each answer saved and of each
refresh of the screen's results, p50/p95 against the target p95 ≤ 100 ms. ``make bench``
runs it after the other page benches::

    python -m wendbaar.workshops.bench [--participants 40] [--rounds 3] [--threads 8]

Built through the real pages: the participants join with the code (each its own browser
session) and post the sliders' form, the facilitator reads ``workshops:results``. Two
runs:

- **interleaved**: each participant's answer, then one refresh of the screen, one after
  another, ``--rounds`` times: the server time of one request with nothing else running;
- **at once**: the same answers posted from ``--threads`` threads together, the screen
  refreshed by one more thread meanwhile: each request's time includes waiting for the
  others (on SQLite one writer at a time).

Everything happens in a throw-away database (created, migrated, dropped), or with
``--database current`` in a transaction that is rolled back. Timing is reported, never
asserted in tests.
"""

from __future__ import annotations

import os
import random
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from wendbaar.core.bench import (
    bench_client,
    load_average,
    p95,
    page_bench_database,
    page_bench_main,
)

TARGET_P95 = 0.100  # seconds, one answer saved or one refresh of the screen
PARTICIPANTS = 40
ROUNDS = 3
THREADS = 8
CODE = "GM9916"  # not a real CBS code: never mixed up with a real gemeente


@dataclass(frozen=True)
class Built:
    facilitator: Any
    workshop: Any
    phones: list[Any]  # one signed-out client per participant, joined


def build(participants: int = PARTICIPANTS) -> Built:
    """A gemeente, its programme bureau, an open werkplaats, and ``participants`` phones
    that joined it through the join page."""
    from django.urls import reverse
    from django.utils import timezone

    from wendbaar.accounts.models import User
    from wendbaar.accounts.services import assign_role
    from wendbaar.areas.constants import AreaLevel
    from wendbaar.areas.models import Area
    from wendbaar.core.actors import SYSTEM
    from wendbaar.core.bench import make_geography

    from . import services
    from .constants import Exercise

    gemeente, _wijken, _buurten = make_geography(
        Area, AreaLevel, CODE, "Benchdorp", districts=2, per_district=2
    )
    bureau = User.objects.create_user("bench-werkplaats", "werkplaats@example.org", None)
    assign_role(user=bureau, role="programmabureau", municipality=gemeente, by=SYSTEM)
    workshop = services.create_workshop(
        municipality=gemeente,
        title="Bench",
        held_on=timezone.localdate(),
        exercises=list(Exercise.values),
        by=bureau,
    )
    workshop = services.move_workshop(workshop=workshop, to="open", by=bureau)
    phones = []
    for i in range(participants):
        phone = bench_client(None)
        response = phone.post(
            reverse("workshops:join"),
            {"code": workshop.join_code, "name": f"Deelnemer {i + 1}"},
            secure=True,
        )
        if response.status_code != 302:
            raise RuntimeError(f"joining answered {response.status_code}")
        phones.append(phone)
    return Built(facilitator=bureau, workshop=workshop, phones=phones)


def slider_form(rng: random.Random) -> dict[str, str]:
    from .constants import SLIDER_KEYS

    data = {}
    for key in SLIDER_KEYS:
        now = rng.randrange(0, 101, 5)
        data[f"{key}-now"] = str(now)
        data[f"{key}-target"] = str(min(100, now + rng.randrange(0, 50, 5)))
        data[f"{key}-reason"] = "Omdat het zo voelt in de praktijk."
    return data


@dataclass(frozen=True)
class WorkshopTiming:
    database: str
    build_seconds: float
    participants: int
    answer_times: list[float]  # interleaved
    refresh_times: list[float]
    answer_queries: int
    refresh_queries: int
    threads: int
    together_answers: list[tuple[float, float]]  # at once: (wall, this thread's CPU)
    together_refreshes: list[tuple[float, float]]
    load: str

    def lines(self) -> list[str]:
        def row(what: str, times: list[float]) -> str:
            verdict = "ok" if p95(times) <= TARGET_P95 else "MISS"
            return (
                f"  {what:<34} p50 {statistics.median(times) * 1000:6.1f} ms  "
                f"p95 {p95(times) * 1000:6.1f} ms  target ≤ {TARGET_P95 * 1000:.0f} ms  {verdict}"
            )

        return [
            "Werkplaats: participants answering, the screen refreshing (issue 16)",
            f"  database   {self.database}",
            f"  data       an open werkplaats, {self.participants} participants joined through "
            f"the join page, built in {self.build_seconds:.1f} s",
            f"  queries    an answer (5 sliders) {self.answer_queries}, "
            f"a refresh of the screen {self.refresh_queries}",
            f"  interleaved: {len(self.answer_times)} answers, each followed by a refresh",
            row("answer saved (one request)", self.answer_times),
            row("screen refreshed (one request)", self.refresh_times),
            f"  at once: {len(self.together_answers)} answers from {self.threads} threads, "
            "the screen refreshed meanwhile; each request's own CPU time (on SQLite the "
            "database's work included), then its wall time with the queue for the CPUs "
            "and the database's one writer",
            row("answer saved: own CPU time", [cpu for _w, cpu in self.together_answers]),
            row("  … waiting for the others too", [w for w, _c in self.together_answers]),
            row("screen refreshed: own CPU time", [cpu for _w, cpu in self.together_refreshes]),
            row("  … waiting for the others too", [w for w, _c in self.together_refreshes]),
            f"  machine    {os.cpu_count()} CPUs, load average {self.load}",
        ]


def _count_queries(call: Any) -> int:
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        call()
    return len(queries)


def measure(
    built: Built, *, rounds: int = ROUNDS, threads: int = THREADS
) -> tuple[list[float], list[float], int, int, list[float], list[float]]:
    from django.db import connection
    from django.urls import reverse

    rng = random.Random(16)
    answer_url = reverse("workshops:answer", args=[built.workshop.join_code, "sliders"])
    results_url = reverse("workshops:results", args=[built.workshop.pk, "sliders"])
    screen = bench_client(built.facilitator)

    def answer(phone: Any, data: dict[str, str]) -> tuple[float, float]:
        started, cpu = time.perf_counter(), time.thread_time()
        response = phone.post(answer_url, data, secure=True)
        took = (time.perf_counter() - started, time.thread_time() - cpu)
        if response.status_code != 302:
            raise RuntimeError(f"an answer was answered {response.status_code}")
        return took

    def refresh(client: Any) -> tuple[float, float]:
        started, cpu = time.perf_counter(), time.thread_time()
        response = client.get(results_url, secure=True, HTTP_HX_REQUEST="true")
        took = (time.perf_counter() - started, time.thread_time() - cpu)
        if response.status_code != 200:
            raise RuntimeError(f"the screen was answered {response.status_code}")
        return took

    for phone in built.phones[:3]:  # warm up: templates, the first session writes
        answer(phone, slider_form(rng))
        refresh(screen)
    answer_queries = _count_queries(lambda: answer(built.phones[0], slider_form(rng)))
    refresh_queries = _count_queries(lambda: refresh(screen))

    answers, refreshes = [], []
    for _ in range(rounds):
        for phone in built.phones:
            answers.append(answer(phone, slider_form(rng))[0])
            refreshes.append(refresh(screen)[0])

    # At once: the participants in threads, the screen polled by one more thread (none
    # with ``threads=0``: the tests' in-memory database is one connection).
    forms = [[slider_form(rng) for _ in built.phones] for _ in range(rounds if threads else 0)]
    together_answers: list[tuple[float, float]] = []
    together_refreshes: list[tuple[float, float]] = []
    done = threading.Event()
    lock = threading.Lock()

    def poll() -> None:
        client = bench_client(built.facilitator)
        try:
            while not done.is_set():
                took = refresh(client)
                with lock:
                    together_refreshes.append(took)
        finally:
            connection.close()

    def answer_in_thread(job: tuple[Any, dict[str, str]]) -> tuple[float, float]:
        try:
            return answer(*job)
        finally:
            connection.close()

    poller = threading.Thread(target=poll)
    if forms:
        poller.start()
    try:
        with ThreadPoolExecutor(max_workers=max(threads, 1)) as pool:
            for round_forms in forms:
                together_answers += list(
                    pool.map(answer_in_thread, zip(built.phones, round_forms, strict=True))
                )
    finally:
        done.set()
        if forms:
            poller.join()
    return (
        answers,
        refreshes,
        answer_queries,
        refresh_queries,
        together_answers,
        together_refreshes,
    )


def run(
    *,
    participants: int = PARTICIPANTS,
    rounds: int = ROUNDS,
    threads: int = THREADS,
    database: str = "throwaway",
) -> WorkshopTiming:
    with page_bench_database(database, suffix="-workshops") as described:
        started = time.perf_counter()
        built = build(participants)
        build_seconds = time.perf_counter() - started
        answers, refreshes, aq, rq, t_answers, t_refreshes = measure(
            built, rounds=rounds, threads=threads
        )
    return WorkshopTiming(
        database=described,
        build_seconds=build_seconds,
        participants=participants,
        answer_times=answers,
        refresh_times=refreshes,
        answer_queries=aq,
        refresh_queries=rq,
        threads=threads,
        together_answers=t_answers,
        together_refreshes=t_refreshes,
        load=load_average(),
    )


def main(argv: list[str] | None = None) -> int:
    return page_bench_main(
        __doc__, argv, run, participants=PARTICIPANTS, rounds=ROUNDS, threads=THREADS
    )


if __name__ == "__main__":
    raise SystemExit(main())
