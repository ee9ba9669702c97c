"""Warming a web worker before it takes requests: what a first request would do otherwise.

``wendbaar serve`` calls :func:`warm_up` (every app's ``warm`` module) in every gunicorn
worker as it loads the application, before the worker accepts a connection: the first
request of a fresh worker then costs what any other does, instead of one to several
seconds. It imports every view
(the URLconf), fills the URL resolver, loads the translation catalogues, compiles the
project's templates and reads the current stored analysis into memory with the indexes
pages use. Nothing here may import scikit-learn or SciPy (web processes never do).

Every step is best-effort: a database that is not migrated yet or an analysis not
computed yet leaves it to the first request, as before.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver, reverse
from django.utils import translation

logger = logging.getLogger(__name__)


def _templates() -> list[str]:
    """Names of the project's own templates (every ``wendbaar`` app's folder)."""
    names = []
    for config in apps.get_app_configs():
        if not config.name.startswith("wendbaar"):
            continue
        folder = Path(config.path) / "templates"
        names += sorted(str(p.relative_to(folder)) for p in folder.rglob("*.html"))
    return names


def warm_up() -> dict[str, float]:
    """Prepare this process for its first request; returns seconds per step (for the log
    and the bench)."""
    timings: dict[str, float] = {}

    def step(name: str, work) -> None:
        started = time.perf_counter()
        try:
            work()
        except Exception:  # never keep a worker from starting: the request will retry
            logger.warning("warm_up_step_failed", extra={"step": name}, exc_info=True)
        timings[name] = time.perf_counter() - started

    def urls() -> None:
        get_resolver().url_patterns  # noqa: B018  (imports every view)
        reverse("pages:home")  # fills the resolver's reverse lookup

    def languages() -> None:
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                translation.gettext("Figures")

    def templates() -> None:
        for name in _templates():
            try:
                get_template(name)
            except (TemplateDoesNotExist, TemplateSyntaxError):
                continue  # a fragment only valid inside another; the page will say

    def analysis() -> None:
        from wendbaar.monitor.selectors import current_analysis

        stored = current_analysis().analysis
        if stored is not None:
            stored.indicators  # noqa: B018  (each is computed once per analysis)
            stored.latest_periods  # noqa: B018
            stored.periods  # noqa: B018

    step("urls", urls)
    step("languages", languages)
    step("templates", templates)
    step("analysis", analysis)
    connections.close_all()  # a request opens its own, as it would have
    logger.info("worker_warmed", extra={k: round(v, 3) for k, v in timings.items()})
    return timings
