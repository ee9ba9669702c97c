"""``wendbaar serve``: the production web server (gunicorn) with Wendbaar's settings.

``wendbaar serve`` defaults to ``wendbaar.conf.production`` (see ``__main__.py``), which
refuses to start without a real ``SECRET_KEY`` and ``ALLOWED_HOSTS``. Before it listens it
runs the deploy checks that would otherwise turn into a 500 on every page (static files
not collected).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

THREADS = 4  # per worker; 1 gives gunicorn's sync worker


class Command(BaseCommand):
    help = "Serve Wendbaar with gunicorn (production settings unless told otherwise)."
    requires_system_checks: list[str] = []  # run below, with the deploy checks

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=settings.SERVE_BIND, help="host:port")
        parser.add_argument("--workers", type=int, default=settings.SERVE_WORKERS)
        parser.add_argument("--timeout", type=int, default=settings.SERVE_TIMEOUT)
        # gthread: keep-alive, and a worker keeps its core while a request waits for the
        # network; measured against sync workers in docs/operations.md.
        parser.add_argument("--threads", type=int, default=THREADS, help="per worker")

    def handle(
        self, *args: Any, bind: str, workers: int, timeout: int, threads: int, **options: Any
    ) -> None:
        errors = [
            e
            for e in checks.run_checks(include_deployment_checks=True)
            if e.level >= checks.ERROR and not e.is_silenced()
        ]
        if errors:
            raise CommandError(
                "Not starting:\n" + "\n".join(f"{e.msg} {e.hint or ''}".strip() for e in errors)
            )
        connections.close_all()  # no connection may be shared with the forked workers
        _gunicorn_app(
            {
                "bind": bind,
                "workers": workers,
                "threads": threads,
                "timeout": timeout,
                "accesslog": "-",
                "errorlog": "-",
                "proc_name": "wendbaar",
                "control_socket_disable": True,  # one per user by default: instances clash
            }
        ).run()


def _gunicorn_app(options: dict[str, Any]):
    from gunicorn.app.base import BaseApplication

    class App(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            from django.core.wsgi import get_wsgi_application

            application = get_wsgi_application()
            _warm_up()
            return application

    return App()


def _warm_up() -> None:
    """Let every app prepare this worker before it accepts a connection, so its first
    request costs what any other does: each ``<app>.warm`` module's ``warm_up()`` (the
    monitor's imports the views and reads the stored analysis). Run in each worker, not
    in the master: Polars must not start its threads before a fork."""
    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("wendbaar."):
            continue  # another package's "warm" module is not ours to call
        try:
            module = import_module(f"{config.name}.warm")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.warm":
                raise
            continue
        module.warm_up()
