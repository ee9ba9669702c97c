"""What every benchmark needs: a throw-away database and the 95th percentile.

The monitor's ``make bench`` run, the area search and the initiatives dashboard bench
share these, so their figures are measured the same way.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
