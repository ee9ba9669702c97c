"""Demo observations from the committed open-data copies in ``src/wendbaar/demo_data``.

Idempotent: importing again reports everything as unchanged. A missing file is
skipped with a message (the folder is filled by another step of the build). Ends with the
analysis computed and stored, so the pages have figures without a background worker.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TextIO

from django.utils.translation import gettext as _

from .registry import sync_indicators
from .services import import_observations
from .stored.recompute import compute_analysis

# (source, file name, period or None = from the file). Every import recomputes the
# calculated indicators whose inputs it brought. Where two files give the same indicator,
# area and period, the later file's value is stored, but a missing value ("." = secret)
# never replaces a published one (importing/writer.py). So the national kwb-2023 file, a
# later and more complete release of the same table, comes after Utrecht's: its income,
# youth care, Wmo and proximity figures fill Utrecht's "." cells, and every figure both
# publish is the same in the two releases (checked by tests/importing), so the demo stays
# idempotent.
DEMO_FILES: list[tuple[str, str, int | None]] = [
    ("kwb", "kwb_2020_gemeenten_wide.csv", 2020),
    ("kwb", "kwb_2023_utrecht_GM0344.csv", 2023),
    ("kwb", "kwb_2023_85618NED_nl_subset.csv.gz", 2023),
    ("kwb", "kwb_2024_85984NED_nl_subset.csv.gz", 2024),
    ("police", "misdrijven_47022NED_buurt_2021_2025.csv.gz", None),
    ("rivm", "gezondheid_50150NED_buurt_2012_2024.csv.gz", None),
    ("leefbaarometer", "leefbaarometer_2020_buurt_prov_utrecht.csv", 2020),
    ("proximity", "nabijheid_2023_utrecht_GM0344.csv", 2023),
]


def demo_data_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "demo_data"


def load_demo_observations(stdout: TextIO | None = None, *, folder: Path | None = None) -> None:
    folder = folder or demo_data_dir()

    def say(line: str) -> None:
        if stdout is not None:
            stdout.write(line + "\n")

    sync_indicators()
    for source, name, period in DEMO_FILES:
        path = folder / name
        if not path.exists():
            say(_("Demo file %(name)s is missing; skipped.") % {"name": name})
            continue
        result = import_observations(source=source, path=path, period=period)
        for line in result.summary():
            say(line)
    # The analysis is computed once, by load_demo's last step (compute_demo_analysis).


def compute_demo_analysis(stdout: TextIO | None = None) -> None:
    """Compute and store the analysis of the current data (idempotent: a version already
    stored is computed again, with the same result). The last step of ``load_demo``, so
    data written by every earlier step (soft indicators from stories too) is in it
    without a background worker."""
    started = time.perf_counter()
    stored = compute_analysis()
    if stored is not None and stdout is not None:
        stdout.write(
            _("Analysis of data version %(version)s computed in %(seconds).1f s.")
            % {"version": stored.key.data_version, "seconds": time.perf_counter() - started}
            + "\n"
        )
