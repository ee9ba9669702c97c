"""The monitor's answers to other apps' signals."""

from __future__ import annotations

from typing import Any


def rebuild_analysis_when_missing(sender: Any, stdout: Any = None, **kwargs: Any) -> None:
    """After ``wendbaar restore``: the stored analysis is derived and not in a backup;
    compute it when the restored data has none, so pages have figures without a worker."""
    from .selectors import current_analysis
    from .stored.recompute import compute_analysis
    from .stored.store import clear_cache

    clear_cache()  # what this process remembers belongs to the database before
    current = current_analysis()
    if current.analysis is not None and not current.is_stale:
        return
    stored = compute_analysis()
    if stored is not None and stdout is not None:
        stdout.write(f"Monitor analysis of data version {stored.key.data_version} rebuilt.")
