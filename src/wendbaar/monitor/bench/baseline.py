"""The pandas baseline side by side: what a municipal analyst would run instead of Wendbaar.

``../shared/bench/pandas_baseline.py`` (beside the repository; not part of it) computes the
same analysis from the same national files with pandas and scikit-learn, in two steps:
``load_inputs(folder)`` (files → long frames) and ``compute(inputs, scope="pages")`` (what
the pages read). The bench loads that file as a module and times it in the same process as
our own code, in interleaved pairs, so a slow moment of the shared machine weighs on both.
"""

from __future__ import annotations

import importlib.util
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from django.conf import settings

#: The baseline's file names for the three national files (it reads them by name).
BASELINE_NAMES = {
    "kwb": "kwb_2024_85984NED_nl_subset.csv.gz",
    "police": "misdrijven_47022NED_buurt_2021_2025.csv.gz",
    "rivm": "gezondheid_50150NED_buurt_2012_2024.csv.gz",
}


def baseline_file() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "bench" / "pandas_baseline.py"


def load_baseline(path: Path | None = None) -> ModuleType | None:
    """The baseline module, or None when its file (or pandas) is absent."""
    path = path or baseline_file()
    if not path.exists():
        return None
    try:
        import pandas  # noqa: F401  (a dev dependency; production installs lack it)
    except ImportError:
        return None
    spec = importlib.util.spec_from_file_location("wendbaar_pandas_baseline", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Pairs:
    """Seconds of ours and of the baseline, measured alternately."""

    ours: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """How many times faster we are: the baseline's median over ours."""
        return statistics.median(self.baseline) / statistics.median(self.ours)

    def summary(self) -> str:
        return (
            f"ours min {min(self.ours):.3f} s, median {statistics.median(self.ours):.3f} s; "
            f"baseline min {min(self.baseline):.3f} s, "
            f"median {statistics.median(self.baseline):.3f} s ({len(self.ours)} pairs)"
        )


def interleave(ours: Callable[[int], float], baseline: Callable[[int], float], pairs: int) -> Pairs:
    """Run both ``pairs`` times, alternating which goes first (ours, baseline, baseline,
    ours, …) so neither always gets the warmer or the quieter half. Each callable gets the
    run's number and returns its own seconds (it may prepare untimed work first)."""
    result = Pairs()
    for i in range(pairs):
        steps = [(ours, result.ours), (baseline, result.baseline)]
        for function, times in steps if i % 2 == 0 else reversed(steps):
            times.append(function(i))
    return result


def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started
