"""The users of the load run (``wendbaar.monitor.bench.load``): read pages, no pause.

Locust runs this file in a process of its own: it monkey-patches the standard library with
gevent, which must never happen inside a Django process. ``load.py`` passes the paths and
the text each page must contain on locust's command line (``--wendbaar-paths``,
``--wendbaar-markers``, JSON).

Every user requests the paths in turn, each user starting at another one, so the load is
spread evenly over the pages. A request counts as an error unless it answers 200 (a
redirect is an error too: the HTTPS redirect would mean the proxy header was ignored) and
the body holds every marker of its path (the page really is the page, complete).

The clock is ours, not locust's ``--run-time``: that timer is set on gevent's cached loop
time, which is as old as locust's start-up (seconds on a busy machine), so it ended runs
early, some before a single request. The run here lasts ``--wendbaar-seconds`` from the
moment all users run (when ``--reset-stats`` zeroes the statistics).
"""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path
from typing import Any

import gevent
from locust import FastHttpUser, constant, events, task
from locust.env import Environment
from locust.stats import CSV_STATS_INTERVAL_SEC

# As the TLS-terminating proxy of docs/operations.md tells the application.
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Language": "nl"}
_numbers = itertools.count()


@events.init_command_line_parser.add_listener
def _arguments(parser: Any) -> None:
    parser.add_argument("--wendbaar-paths", default='["/"]', help="JSON list of paths")
    parser.add_argument(
        "--wendbaar-markers", default="{}", help="JSON: path -> texts its page must contain"
    )
    parser.add_argument("--wendbaar-seconds", type=float, default=30.0, help="run time")
    parser.add_argument(
        "--wendbaar-cpu-file", default="", help="where to write locust's CPU seconds of the run"
    )


_environment: list[Environment] = []


@events.init.add_listener
def _remember(environment: Environment, **kwargs: Any) -> None:
    _environment.append(environment)


@events.spawning_complete.add_listener
def _start_the_clock(user_count: int, **kwargs: Any) -> None:
    environment = _environment[-1]
    gevent.get_hub().loop.update_now()  # the timer counts from now, not from a stale time
    seconds = environment.parsed_options.wendbaar_seconds
    gevent.spawn_later(seconds, _finish, environment, time.process_time())


def _finish(environment: Environment, cpu_at_start: float) -> None:
    runner = environment.runner
    assert runner is not None
    runner.stop()  # no new requests; then one more CSV write holds every request made
    if cpu_file := environment.parsed_options.wendbaar_cpu_file:
        # the load generator shares the machine: its CPU of the run, start-up excluded
        Path(cpu_file).write_text(json.dumps(time.process_time() - cpu_at_start))
    gevent.sleep(CSV_STATS_INTERVAL_SEC + 0.5)
    runner.quit()


class PageReader(FastHttpUser):
    # No pause between requests: 20 users are 20 requests in flight all the time, so the
    # throughput is what the server can do at that concurrency (docs/operations.md).
    wait_time = constant(0)

    def on_start(self) -> None:
        options = self.environment.parsed_options
        self.paths: list[str] = json.loads(options.wendbaar_paths)
        markers = json.loads(options.wendbaar_markers)
        self.markers = {p: [m.encode() for m in markers.get(p, [])] for p in self.paths}
        self.turn = next(_numbers)

    @task
    def read_page(self) -> None:
        path = self.paths[self.turn % len(self.paths)]
        self.turn += 1
        with self.client.get(
            path, headers=HEADERS, allow_redirects=False, catch_response=True, name=path
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return
            body = response.content or b""
            missing = [m.decode() for m in self.markers[path] if m not in body]
            if missing:
                response.failure(f"page without {', '.join(missing)}")
