"""Load the demo, app by app, in dependency order. Every step is idempotent."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from django.utils.module_loading import import_string

# Lower apps first: users need areas for their scopes, observations need areas.
STEPS: list[tuple[str, str]] = [
    ("areas", "wendbaar.areas.demo.load_demo_areas"),
    ("accounts", "wendbaar.accounts.demo.load_demo_users"),
    ("monitor", "wendbaar.monitor.demo.load_demo_observations"),
    ("stories", "wendbaar.stories.demo.load_demo_stories"),
    ("wijkaanpak", "wendbaar.agenda.demo.load_demo_wijkaanpak"),
    # After the wijkaanpak: one example links to its goals and hands over to its partner.
    ("initiatives", "wendbaar.initiatives.demo.load_demo_initiatives"),
    # After the initiatives: one idea there has become a proposal here, and the Den Haag
    # users made here do not change what the initiatives demo assumes (a reader only).
    ("proposals", "wendbaar.proposals.demo.load_demo_proposals"),
    # Last: stories write soft indicators, so the analysis covers the final data version.
    ("analysis", "wendbaar.monitor.demo.compute_demo_analysis"),
    # After the analysis: the adopted report freezes the reference groups' figures too.
    ("reports", "wendbaar.reports.demo.load_demo_reports"),
    # After the wijkaanpak: last year's werkagenda pushed one action into it as a project.
    ("workshops", "wendbaar.workshops.demo.load_demo_workshops"),
]


def load_demo(*, stdout: TextIO | None = None) -> list[tuple[str, float]]:
    """Run every demo step; return (step, seconds) so the command can report timing."""
    timings = []
    for name, dotted in STEPS:
        step: Callable[..., None] = import_string(dotted)
        started = time.perf_counter()
        step(stdout=stdout)
        timings.append((name, time.perf_counter() - started))
    return timings
