"""The load run end to end: a real ``wendbaar serve`` (gunicorn, production settings) on a
copy of the test database, locust for a few seconds. No timing is asserted: the figures
belong to ``make bench``; this checks that requests are made, counted and error-free."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from django.urls import reverse

from wendbaar.monitor.bench.benchmark import FLOOR_PAGE, Report, _measure_serving_floor
from wendbaar.monitor.bench.load import (
    LoadError,
    LoadResult,
    markers_for,
    run_load,
    server_environment,
)

PATHS = ["/gebied/BU90010101/", "/monitor/GM9001/"]


def database_url(folder: Path) -> str:
    """The test database as the server process can open it: SQLite's (in memory) copied
    to a file; PostgreSQL's by name (the data is committed: a transactional test)."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        path = folder / "wendbaar.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return f"sqlite:///{path}"
    user = settings_dict["USER"] or ""
    if settings_dict["PASSWORD"]:
        user += f":{settings_dict['PASSWORD']}"
    host = f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}"
    return f"postgres://{user}@{host}/{settings_dict['NAME']}"


def collect_manifest(static_root: Path) -> None:
    """The manifest the production storage reads, without its compression (half a minute
    with brotli): the same hashed names, collected in a few seconds."""
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=static_root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (static_root / "staticfiles.json").is_file()


def server_env(tmp_path: Path, analysis_dir: Path) -> dict[str, str]:
    """Only the database and folders of the test world, as the bench passes them."""
    var_dir = tmp_path / "var"
    collect_manifest(var_dir / "static")
    return {
        "DATABASE_URL": database_url(tmp_path),
        "WENDBAAR_VAR_DIR": str(var_dir),
        "WENDBAAR_ANALYSIS_DIR": str(analysis_dir),
    }


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_short_load_run_on_the_test_database(world, analysis_dir, tmp_path):
    env = server_env(tmp_path, analysis_dir)

    result = run_load(env=env, paths=PATHS, users=2, seconds=3, workers=2)

    assert isinstance(result, LoadResult)
    assert result.failures == [], "\n".join(result.lines())
    assert result.errors == 0
    assert result.requests > 0 and result.requests_per_second > 0
    assert [s.path for s in result.per_path] == PATHS
    assert all(s.requests > 0 and s.errors == 0 for s in result.per_path)
    assert result.p50_ms is not None and result.p50_ms <= result.p95_ms <= result.p99_ms
    assert (result.workers, result.worker_class, result.threads) == (2, "gthread", 4)
    assert "2 users for 3 s" in result.lines()[0]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_serving_floor_loads_the_sign_in_page(world, analysis_dir, tmp_path):
    report = Report()
    said: list[str] = []

    _measure_serving_floor(
        report, env=server_env(tmp_path, analysis_dir), users=2, seconds=2, say=said.append
    )

    (line,) = report.measurements
    assert reverse(FLOOR_PAGE) in line.label and line.unit == "req/s"
    assert line.value > 0 and "0 errors" in line.note, line.note
    assert line.status == "info"  # a floor to compare with, not a target
    assert said and reverse(FLOOR_PAGE) in said[0]


def test_a_page_must_be_the_page():
    assert markers_for("/gebied/BU03440111/") == ["</html>", "BU03440111"]
    assert markers_for("/monitor/GM0344/") == ["</html>", "GM0344"]
    assert markers_for("/") == ["</html>"]


@pytest.mark.parametrize(
    "given",
    [
        {"DJANGO_SETTINGS_MODULE": "wendbaar.conf.dev"},
        {"DJANGO_SETTINGS_MODULE": "wendbaar.conf.test"},
        {"SECURE_SSL_REDIRECT": "false"},
        {"SESSION_COOKIE_SECURE": "0"},
    ],
)
def test_the_server_is_never_weakened_for_the_bench(given, tmp_path):
    with pytest.raises(LoadError, match=r"wendbaar\.conf\.production"):
        server_environment(given, port=1234, env_file=tmp_path / "empty.env")


def test_the_server_environment_is_production_with_the_given_database(tmp_path):
    environment = server_environment(
        {"DATABASE_URL": "sqlite:////tmp/x.sqlite3", "WENDBAAR_SERVE_BIND": "0.0.0.0:80"},
        port=1234,
        env_file=tmp_path / "empty.env",
    )
    assert environment["DJANGO_SETTINGS_MODULE"] == "wendbaar.conf.production"
    assert environment["DATABASE_URL"] == "sqlite:////tmp/x.sqlite3"
    assert environment["WENDBAAR_SERVE_BIND"] == "127.0.0.1:1234"
    assert environment["WENDBAAR_ENV_FILE"] == str(tmp_path / "empty.env")
    assert len(environment["SECRET_KEY"]) >= 32 and environment["DEBUG"] == "false"
    assert "SECURE_SSL_REDIRECT" not in environment  # the production default: on
