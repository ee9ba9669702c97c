"""A bounded load run against ``wendbaar serve``, as in production (issue 12, item 5).

``run_load`` starts ``wendbaar serve`` (gunicorn, ``wendbaar.conf.production``: DEBUG off,
HTTPS redirect, secure cookies) on 127.0.0.1 on a free port with the environment it is
given, waits until a page answers, warms every worker, runs locust headless in a process of
its own (locust monkey-patches the standard library with gevent: never inside Django) with
``locustfile.py`` for a number of seconds, reads locust's CSV statistics, stops the server
and returns throughput, latency percentiles and errors.

The requests carry ``X-Forwarded-Proto: https`` as the TLS proxy of docs/operations.md
does, and the server trusts that header (``SECURE_PROXY_SSL_HEADER``) as production does;
no production setting is relaxed for the bench.

By hand, against the demo database (``make demo``) or any other::

    python -m wendbaar.monitor.bench.load --url-path /gebied/BU03440111/ \\
        --url-path /monitor/GM0344/ --users 20 --seconds 30
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from wendbaar.core.management.commands.serve import THREADS as SERVE_THREADS

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
WENDBAAR = Path(sys.executable).with_name("wendbaar")
ROOT = Path(__file__).resolve().parents[4]  # the repository
DEFAULT_PATHS = ["/gebied/BU03440111/", "/monitor/GM0344/"]
TARGETS = {"requests_per_second": 150.0, "p95_ms": 100.0, "errors": 0}
# As the TLS-terminating proxy tells the application (docs/operations.md).
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
AREA_CODE = re.compile(r"^(GM|WK|BU)\d{4,8}$")
PRODUCTION_SETTINGS = "wendbaar.conf.production"
# Production settings a caller's environment may not turn off for the bench.
WEAKENING = ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")
FALSE_VALUES = {"false", "0", "no", "off"}
STARTUP_SECONDS = 120.0  # imports, checks and the first request of a cold worker
STOP_SECONDS = 30.0


class LoadError(RuntimeError):
    """The load run could not be made (the server did not start or a page fails)."""


@dataclass(frozen=True)
class PathStats:
    path: str
    requests: int
    errors: int
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None


@dataclass(frozen=True)
class LoadResult:
    users: int
    seconds: int
    workers: int  # gunicorn worker processes that booted
    worker_class: str  # gunicorn's "sync", "gthread", …
    threads: int  # per worker
    requests: int
    errors: int  # non-200 answers, pages without their markers, connection failures
    requests_per_second: float
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    first_request_ms: float  # the first page of a fresh server, warm-up excluded below
    per_path: list[PathStats] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # "path: error (n times)", server trouble
    load_average: tuple[float, float, float] = (0.0, 0.0, 0.0)  # at the start
    locust_cpu_seconds: float = 0.0  # the load generator's share of the machine, the run
    server_cpu_seconds: float | None = None  # gunicorn's master and workers during the run
    cpus: int = 1
    phases: dict[str, float] = field(default_factory=dict)  # wall seconds of each step

    @property
    def server_cpu_ms_per_request(self) -> float | None:
        if self.server_cpu_seconds is None or not self.requests:
            return None
        return self.server_cpu_seconds * 1000 / self.requests

    @property
    def capacity_estimate(self) -> float | None:
        """Requests per second if the server had every core to itself, locust's share
        excepted: an upper bound that a busy machine cannot spoil."""
        per_request = self.server_cpu_ms_per_request
        if per_request is None:
            return None
        locust_ms = self.locust_cpu_seconds * 1000 / max(self.requests, 1)
        return self.cpus * 1000 / (per_request + locust_ms)

    @property
    def meets_targets(self) -> bool:
        return (
            self.errors == TARGETS["errors"]
            and self.requests_per_second >= TARGETS["requests_per_second"]
            and self.p95_ms is not None
            and self.p95_ms <= TARGETS["p95_ms"]
        )

    def lines(self) -> list[str]:
        load = ", ".join(f"{x:.2f}" for x in self.load_average)
        out = [
            f"load run: {self.users} users for {self.seconds} s against gunicorn, "
            f"{self.workers} {self.worker_class} workers x {self.threads} threads (load "
            f"average {load} at the start)",
            f"  requests/s {self.requests_per_second:.1f} (target ≥ "
            f"{TARGETS['requests_per_second']:.0f}), p50 {_ms(self.p50_ms)}, p95 "
            f"{_ms(self.p95_ms)} (target ≤ {TARGETS['p95_ms']:.0f} ms), p99 {_ms(self.p99_ms)}",
            f"  {self.requests:,} requests, {self.errors} errors (target 0); first request "
            f"of the fresh server {self.first_request_ms:.0f} ms",
        ]
        if self.server_cpu_ms_per_request is not None:
            locust_ms = self.locust_cpu_seconds * 1000 / max(self.requests, 1)
            out.append(
                f"  CPU per request: server {self.server_cpu_ms_per_request:.1f} ms, locust "
                f"{locust_ms:.1f} ms; so at most {self.capacity_estimate:.0f} requests/s on "
                f"{self.cpus} CPUs with nothing else running"
            )
        out += [
            f"  {s.path}: {s.requests:,} requests, {s.errors} errors, p50 {_ms(s.p50_ms)}, "
            f"p95 {_ms(s.p95_ms)}, p99 {_ms(s.p99_ms)}"
            for s in self.per_path
        ]
        out += [f"  failure: {f}" for f in self.failures]
        if self.phases:
            out.append(
                "  wall time: " + ", ".join(f"{k} {v:.1f} s" for k, v in self.phases.items())
            )
        return out


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f} ms"


def markers_for(path: str) -> list[str]:
    """What the page must contain: the end of the document, and the area code its path
    names (a buurt or monitor page that shows another area is not the page)."""
    markers = ["</html>"]
    codes = [part for part in path.split("/") if AREA_CODE.match(part)]
    return markers + codes[-1:]


# --- the server ----------------------------------------------------------------------------


def server_environment(env: dict[str, str], *, port: int, env_file: Path) -> dict[str, str]:
    """The server's environment: this process's without any Wendbaar or Django setting,
    production defaults for a local run, then ``env``; the address is always ours.

    ``env`` names the database and folders (``DATABASE_URL``, ``WENDBAAR_VAR_DIR``,
    ``WENDBAAR_ANALYSIS_DIR``), not this process's whole environment: other settings
    modules, and the HTTPS redirect or secure cookies turned off (as the development and
    test settings do), are refused, so that no bench measures a weakened server."""
    from wendbaar.conf.env import ENV_FILE_VARIABLE, VARIABLES

    settings_module = env.get("DJANGO_SETTINGS_MODULE", PRODUCTION_SETTINGS)
    weakened = [
        name for name in WEAKENING if name in env and env[name].strip().lower() in FALSE_VALUES
    ]
    if settings_module != PRODUCTION_SETTINGS or weakened:
        raise LoadError(
            f"the load run serves with {PRODUCTION_SETTINGS} as production does; got "
            f"DJANGO_SETTINGS_MODULE={settings_module}"
            + "".join(f", {name}={env[name]}" for name in weakened)
            + ". Pass only the database's variables (DATABASE_URL, WENDBAAR_VAR_DIR, "
            "WENDBAAR_ANALYSIS_DIR), not this process's environment."
        )

    names = set(VARIABLES) | {"DJANGO_SETTINGS_MODULE", ENV_FILE_VARIABLE}
    # PATH, HOME, locale … pass on; nothing of this process's own configuration does.
    inherited = {k: v for k, v in os.environ.items() if k not in names}
    defaults = {
        "DJANGO_SETTINGS_MODULE": PRODUCTION_SETTINGS,
        ENV_FILE_VARIABLE: str(env_file),  # empty: a developer's .env configures nothing
        "SECRET_KEY": secrets.token_urlsafe(50),  # fresh per run, never stored
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
        "DEBUG": "false",
    }
    return {**inherited, **defaults, **env, "WENDBAAR_SERVE_BIND": f"127.0.0.1:{port}"}


def collect_static_if_needed(environment: dict[str, str]) -> bool:
    """``serve`` refuses to start without the static manifest (check wendbaar.E001):
    collect once, with the production storage, when it is missing. True if it ran."""
    var_dir = Path(environment.get("WENDBAAR_VAR_DIR") or ROOT / "var")
    if (var_dir / "static" / "staticfiles.json").is_file():
        return False
    result = subprocess.run(
        [str(WENDBAAR), "collectstatic", "--no-input", "--verbosity", "0"],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise LoadError(f"collectstatic failed:\n{result.stderr[-3000:]}")
    return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``wendbaar serve`` in its own process group; its log is read as it comes (a full
    pipe would stop gunicorn), kept in part for error messages."""

    def __init__(self, environment: dict[str, str], args: list[str]) -> None:
        self.process = subprocess.Popen(
            [str(WENDBAAR), "serve", *args],
            env=environment,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # the master and its workers: one group to stop
        )
        self.tail: collections.deque[str] = collections.deque(maxlen=60)
        self.booted: set[str] = set()
        self.worker_class = "?"
        self.troubles: list[str] = []
        self.listening = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if '"GET ' not in line:  # the access log would only crowd out the rest
                self.tail.append(line)
            if "Listening at:" in line:
                self.listening.set()
            elif match := re.search(r"Booting worker with pid: (\d+)", line):
                self.booted.add(match.group(1))
            elif match := re.search(r"Using worker: (\S+)", line):
                self.worker_class = match.group(1)
            elif "WORKER TIMEOUT" in line or "Traceback" in line:
                self.troubles.append(line.strip())
        self.listening.set()  # the process ended: nobody waits in vain

    def log(self) -> str:
        return "".join(self.tail)

    def cpu_seconds(self) -> float | None:
        """CPU time the master and its workers used so far (Linux ``/proc``; None
        elsewhere). Unlike the throughput it hardly depends on what else the machine
        runs, so it says what the server needs per request on a busy machine too."""
        total = 0
        for pid in [str(self.process.pid), *self.booted]:
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                if not Path("/proc/self/stat").exists():
                    return None
                continue  # a worker that ended (restarted): its time is lost
            fields = stat.rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
        return total / os.sysconf("SC_CLK_TCK")

    def wait_until_listening(self, deadline: float) -> None:
        self.listening.wait(max(0.0, deadline - time.monotonic()))
        if self.process.poll() is not None:
            self.reader.join(5)
            raise LoadError(
                f"wendbaar serve stopped (exit {self.process.returncode}):\n{self.log()}"
            )
        if not self.listening.is_set():
            raise LoadError(f"wendbaar serve did not listen in time:\n{self.log()}")

    def stop(self) -> int:
        """SIGTERM to the group (gunicorn finishes the requests in flight), SIGKILL if
        it takes longer than ``STOP_SECONDS``. Returns the exit code."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
                self.troubles.append(f"did not stop within {STOP_SECONDS:.0f} s: killed")
        self.reader.join(5)
        return self.process.returncode


def fetch(url: str, *, timeout: float) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=PROXY_HEADERS)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def check_page(base: str, path: str, markers: list[str], *, timeout: float) -> None:
    status, body = fetch(base + path, timeout=timeout)
    missing = [m for m in markers if m.encode() not in body]
    if status != 200 or missing:
        text = body[:2000].decode(errors="replace")
        raise LoadError(f"GET {path} answered {status} (missing {missing}) before the run:\n{text}")


def warm_up(base: str, paths: list[str], markers: dict[str, list[str]], workers: int) -> None:
    """Each worker's first page is slow (imports, the stored analysis read): requests in
    parallel, twice the workers per path, so that every worker has served before the clock
    runs. Fails on the first page that is not the page."""
    rounds = [p for p in paths for _ in range(2 * max(workers, 1))]
    with ThreadPoolExecutor(max_workers=2 * max(workers, 1)) as pool:
        for future in [
            pool.submit(check_page, base, p, markers[p], timeout=STARTUP_SECONDS) for p in rounds
        ]:
            future.result()


# --- locust --------------------------------------------------------------------------------


def run_locust(
    base: str,
    paths: list[str],
    markers: dict[str, list[str]],
    *,
    users: int,
    seconds: int,
    folder: Path,
) -> tuple[Path, float]:
    """Locust headless in its own process; returns the prefix of its CSV files and the CPU
    seconds locust used during the run (it shares the machine with the server)."""
    prefix = folder / "locust"
    cpu_file = folder / "locust-cpu.json"
    command = [
        sys.executable,
        "-m",
        "locust",
        "--locustfile",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        base,
        "--users",
        str(users),
        "--spawn-rate",
        str(users),  # all users within the first second
        "--reset-stats",  # …and counted from when they all run
        "--wendbaar-seconds",  # not --run-time: see locustfile.py
        str(seconds),
        "--wendbaar-cpu-file",
        str(cpu_file),
        "--csv",
        str(prefix),
        "--only-summary",
        "--exit-code-on-error",
        "0",  # errors are counted and reported, not a failed run
        "--wendbaar-paths",
        json.dumps(paths),
        "--wendbaar-markers",
        json.dumps(markers),
    ]
    result = subprocess.run(
        command,
        cwd=folder,  # no locust.conf of the caller's folder is read
        capture_output=True,
        text=True,
        timeout=seconds + 120,
    )
    if result.returncode != 0 or not Path(f"{prefix}_stats.csv").is_file():
        raise LoadError(f"locust failed (exit {result.returncode}):\n{result.stderr[-3000:]}")
    return prefix, float(json.loads(cpu_file.read_text())) if cpu_file.is_file() else 0.0


def _number(row: dict[str, str], column: str) -> float | None:
    value = row.get(column, "")
    try:
        return float(value)
    except ValueError:
        return None  # "N/A": no request of this kind


def read_stats(prefix: Path) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Locust's rows by name ("Aggregated" for all) and its failures, one line each."""
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    failures = []
    failures_file = Path(f"{prefix}_failures.csv")
    if failures_file.is_file():
        with open(failures_file, newline="") as handle:
            failures = [
                f"{row['Name']}: {row['Error']} ({row['Occurrences']} times)"
                for row in csv.DictReader(handle)
            ]
    return rows, failures


# --- the run -------------------------------------------------------------------------------


def run_load(
    *,
    env: dict[str, str],
    paths: list[str],
    users: int = 20,
    seconds: int = 30,
    workers: int | None = None,
    threads: int | None = None,
) -> LoadResult:
    """Serve with the given environment, load ``paths`` with ``users`` users for
    ``seconds`` seconds, stop the server and report. ``workers`` None: what the
    environment or the settings say (``WENDBAAR_SERVE_WORKERS``); ``threads`` None: the
    ``serve`` command's default."""
    if not paths:
        raise ValueError("no paths to load")
    markers = {p: markers_for(p) for p in paths}
    load_average = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="wendbaar-load-") as tmp:
        folder = Path(tmp)
        env_file = folder / "empty.env"
        env_file.write_text("")
        port = free_port()
        environment = server_environment(env, port=port, env_file=env_file)
        phases: dict[str, float] = {}
        clock = time.perf_counter()

        def phase(name: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            phases[name] = now - clock
            clock = now

        collect_static_if_needed(environment)
        phase("collectstatic")
        args = ["--workers", str(workers)] if workers is not None else []
        args += ["--threads", str(threads)] if threads is not None else []
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_SECONDS
        server = Server(environment, args)
        try:
            server.wait_until_listening(deadline)
            phase("start")
            # Once gunicorn listens, a request waits in the backlog until a worker is
            # ready: no polling loop is needed, only the deadline as the timeout.
            started = time.perf_counter()
            check_page(
                base, paths[0], markers[paths[0]], timeout=max(1.0, deadline - time.monotonic())
            )
            first_request = time.perf_counter() - started
            phase("first request")
            warm_up(base, paths, markers, workers or len(server.booted))
            phase("warm-up")
            server_cpu = server.cpu_seconds()
            prefix, locust_cpu = run_locust(
                base, paths, markers, users=users, seconds=seconds, folder=folder
            )
            after = server.cpu_seconds()
            server_cpu = None if server_cpu is None or after is None else after - server_cpu
            phase("locust")
        finally:
            code = server.stop()
            phase("stop")
        rows, failures = read_stats(prefix)
    if code != 0:
        server.troubles.append(f"wendbaar serve exited with {code}")
    total = rows["Aggregated"]
    return LoadResult(
        users=users,
        seconds=seconds,
        workers=len(server.booted),
        worker_class=server.worker_class,
        threads=threads if threads is not None else SERVE_THREADS,
        requests=int(_number(total, "Request Count") or 0),
        errors=int(_number(total, "Failure Count") or 0),
        requests_per_second=_number(total, "Requests/s") or 0.0,
        p50_ms=_number(total, "50%"),
        p95_ms=_number(total, "95%"),
        p99_ms=_number(total, "99%"),
        first_request_ms=first_request * 1000,
        per_path=[
            PathStats(
                path=p,
                requests=int(_number(rows[p], "Request Count") or 0),
                errors=int(_number(rows[p], "Failure Count") or 0),
                p50_ms=_number(rows[p], "50%"),
                p95_ms=_number(rows[p], "95%"),
                p99_ms=_number(rows[p], "99%"),
            )
            for p in paths
            if p in rows
        ],
        failures=failures + server.troubles,
        load_average=load_average,
        locust_cpu_seconds=locust_cpu,
        server_cpu_seconds=server_cpu,
        cpus=os.cpu_count() or 1,
        phases=phases,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m wendbaar.monitor.bench.load",
        description="A bounded load run against `wendbaar serve` (gunicorn, production "
        "settings) on 127.0.0.1, with locust headless. Exit 1 when a target is missed.",
    )
    parser.add_argument(
        "--url-path",
        action="append",
        dest="paths",
        help=f"a page to load (repeat; default {' and '.join(DEFAULT_PATHS)})",
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=None, help="default: the settings'")
    parser.add_argument("--threads", type=int, default=None, help="per worker (1: sync)")
    parser.add_argument(
        "--var-dir",
        default=str(ROOT / "var"),
        help="WENDBAAR_VAR_DIR of the server: its database (unless --database-url), "
        "stored analysis and static files (default: the checkout's var/, the demo)",
    )
    parser.add_argument("--database-url", default=None, help="DATABASE_URL of the server")
    options = parser.parse_args(argv)
    env = {"WENDBAAR_VAR_DIR": options.var_dir}
    if options.database_url:
        env["DATABASE_URL"] = options.database_url
    result = run_load(
        env=env,
        paths=options.paths or DEFAULT_PATHS,
        users=options.users,
        seconds=options.seconds,
        workers=options.workers,
        threads=options.threads,
    )
    print("\n".join(result.lines()))
    return 0 if result.meets_targets else 1


if __name__ == "__main__":
    sys.exit(main())
