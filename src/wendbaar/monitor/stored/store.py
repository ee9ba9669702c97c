"""The stored analysis: Parquet files per data version, and a small in-process cache.

``save_analysis`` writes every frame of one computed analysis into its own folder under
``settings.MONITOR_ANALYSIS_DIR`` (written to a temporary folder first, then renamed, so a
reader never sees half a result) and keeps it in memory; ``load_analysis`` returns it
from memory or reads it once from disk. Pages only read: they never recompute.

Every frame with an ``area`` column is sorted by area, so the rows of one area, or of all
areas of a gemeente (CBS codes share the gemeente's digits), are a binary search away
(:meth:`StoredAnalysis.rows`), however large the country is.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import polars as pl
from django.conf import settings

#: Stored analyses kept in memory per process (the newest and one fallback).
CACHE_SIZE = 2
#: Stored folders kept on disk; older ones are removed after a save.
KEEP_ON_DISK = 4
META_FILE = "meta.json"
FORMAT = 1
#: How frames are written. Measured on the national analysis (14 frames, 510k figures;
#: 2026-12-03, 2 busy cores, medians of 5): zstd at its default level 0.67 s to write,
#: 10.7 MB; zstd level 1 0.54 s, 12.1 MB, and read as fast or faster; lz4 and snappy no
#: faster than that at 16 MB; uncompressed 0.48 s at 37 MB. Writing the frames in
#: parallel threads gained nothing clear on two cores (Polars already encodes in
#: parallel). Pages never filter on the files (they read them whole), so no statistics.
PARQUET = {"compression": "zstd", "compression_level": 1, "statistics": False}

#: Values pages derive from one analysis, kept per kind (``StoredAnalysis.memo``).
MEMO_SIZE = 512

_cache: OrderedDict[str, StoredAnalysis] = OrderedDict()
_lock = threading.Lock()
_memo_lock = threading.Lock()
T = TypeVar("T")


@dataclass(frozen=True)
class AnalysisKey:
    """A data version and the run that first reached it (see ``selectors.analysis_keys``)."""

    data_version: int
    token: str

    @classmethod
    def for_run(cls, data_version: int, run_id: int, started_at: datetime) -> AnalysisKey:
        stamp = int(started_at.timestamp() * 1_000_000)
        return cls(data_version, f"{run_id}-{stamp:x}")

    @property
    def name(self) -> str:
        return f"v{self.data_version:07d}-{self.token}"


@dataclass
class StoredAnalysis:
    """Frames of one analysis (see ``recompute.FRAMES``) and facts about the run."""

    key: AnalysisKey
    frames: dict[str, pl.DataFrame]
    meta: dict = field(default_factory=dict)

    def frame(self, name: str) -> pl.DataFrame:
        return self.frames[name]

    def rows(self, name: str, code: str, *, prefix: bool = False) -> pl.DataFrame:
        """Rows of ``name`` whose area is ``code`` (or starts with it when ``prefix``)."""
        frame = self.frames[name]
        column = "code" if name == "areas" else "area"
        if frame.height == 0:
            return frame
        series = frame[column]
        start = series.search_sorted(code, side="left")
        if prefix:
            end = series.search_sorted(code + "\U0010ffff", side="left")
        else:
            end = series.search_sorted(code, side="right")
        return frame.slice(start, end - start)

    def keyed(self, name: str, keys: tuple[str, ...]) -> dict[tuple, dict]:
        """Rows of frame ``name`` as dicts by ``keys``, built once per analysis: for a
        template that looks up one row per figure (a filter per row costs a scan each)."""
        cache = self.__dict__.setdefault("_keyed", {})
        if (name, keys) not in cache:
            frame = self.frames[name]
            cache[name, keys] = {
                tuple(row[k] for k in keys): row for row in frame.iter_rows(named=True)
            }
        return cache[name, keys]

    def memo(self, kind: str, key: Hashable, build: Callable[[], T], *, size: int = MEMO_SIZE) -> T:
        """``build()``, computed once per ``(kind, key)`` and kept with this analysis (the
        ``size`` most recently used per kind): for what pages derive from the stored
        frames alone, so it lives exactly as long as this data version does.

        ``key`` must hold everything else the value depends on (the language of its texts,
        whether sensitive indicators are shown); never a user.
        """
        memos = self.__dict__.setdefault("_memos", {})
        with _memo_lock:
            entries = memos.setdefault(kind, OrderedDict())
            if key in entries:
                entries.move_to_end(key)
                return entries[key]
        value = build()  # outside the lock: two threads may build the same value once each
        with _memo_lock:
            entries[key] = value
            while len(entries) > size:
                entries.popitem(last=False)
        return value

    @cached_property
    def indicators(self) -> dict[str, dict]:
        """The catalogue as stored with the analysis, by code (rows as dicts)."""
        return {row["code"]: row for row in self.frames["indicators"].iter_rows(named=True)}

    @cached_property
    def periods(self) -> list[int]:
        return sorted(self.frames["figures"]["period"].unique().to_list())

    @cached_property
    def latest_periods(self) -> dict[str, int]:
        """The latest period in which each indicator has a value anywhere."""
        latest = (
            self.frames["figures"]
            .filter(pl.col("value").is_not_null())
            .group_by("indicator")
            .agg(pl.col("period").max())
        )
        return dict(zip(latest["indicator"].to_list(), latest["period"].to_list(), strict=True))

    @property
    def main_period(self) -> int | None:
        """The period of the theme scores and the urgency ranking."""
        return self.meta.get("main_period")

    @property
    def computed_at(self) -> str:
        return self.meta.get("computed_at", "")


def store_dir() -> Path:
    """This database's folder under ``MONITOR_ANALYSIS_DIR``.

    One folder per database (engine + name + host), so test databases, a second
    checkout or a restored copy sharing the var folder never prune or read each other's
    results.
    """
    from django.db import connection

    db = connection.settings_dict
    identity = f"{db['ENGINE']}|{db['NAME']}|{db.get('HOST', '')}|{db.get('PORT', '')}"
    digest = hashlib.sha1(identity.encode(), usedforsecurity=False).hexdigest()[:12]
    return Path(settings.MONITOR_ANALYSIS_DIR) / f"db-{digest}"


def sort_keys(name: str, frame: pl.DataFrame) -> list[str]:
    """The columns a stored frame is sorted on (none: kept as given)."""
    if name == "areas":
        return ["code"]
    if "area" in frame.columns:
        return [c for c in ("area", "indicator", "theme", "period", "rank") if c in frame.columns]
    return []


def _sorted(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    keys = sort_keys(name, frame)
    if not keys:
        return frame
    if "area" in frame.columns:
        frame = frame.with_columns(pl.col("area").cast(pl.String))
    # stable: rows equal on the keys (two rules of one cell) keep the producer's order
    return frame.sort(keys, maintain_order=True)


def save_analysis(
    key: AnalysisKey,
    frames: dict[str, pl.DataFrame],
    meta: dict | None = None,
    *,
    presorted: bool = False,
) -> StoredAnalysis:
    """Write ``frames`` for ``key`` (atomically per folder) and cache them.

    ``presorted``: the caller hands the frames in the stored order already
    (``recompute.compute_page_frames`` does), so the sort is skipped.
    """
    if not presorted:
        frames = {name: _sorted(name, frame) for name, frame in frames.items()}
    meta = {"format": FORMAT, "data_version": key.data_version, **(meta or {})}
    root = store_dir()
    root.mkdir(parents=True, exist_ok=True)
    target = root / key.name
    tmp = root / f".{key.name}.{time.monotonic_ns()}.tmp"
    tmp.mkdir()
    try:
        for name, frame in frames.items():
            frame.write_parquet(tmp / f"{name}.parquet", **PARQUET)
        (tmp / META_FILE).write_text(json.dumps(meta, indent=1, default=str))
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        tmp.rename(target)
    except FileExistsError:
        # A concurrent save of the same key won; its content is the same.
        shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    stored = StoredAnalysis(key=key, frames=frames, meta=meta)
    _remember(target, stored)
    _prune(root, keep=key.name)
    return stored


def load_analysis(key: AnalysisKey) -> StoredAnalysis | None:
    """The stored analysis for ``key``: from memory, else from disk; None if absent."""
    folder = store_dir() / key.name
    with _lock:
        cached = _cache.get(str(folder))
        if cached is not None:
            _cache.move_to_end(str(folder))
            return cached
    meta_file = folder / META_FILE
    if not meta_file.exists():
        return None
    try:
        meta = json.loads(meta_file.read_text())
        if meta.get("format") != FORMAT:
            return None
        frames = {path.stem: pl.read_parquet(path) for path in sorted(folder.glob("*.parquet"))}
    except (OSError, ValueError, pl.exceptions.PolarsError):
        return None  # removed or rewritten meanwhile: treat as absent
    stored = StoredAnalysis(key=key, frames=frames, meta=meta)
    _remember(folder, stored)
    return stored


def _remember(folder: Path, stored: StoredAnalysis) -> None:
    with _lock:
        _cache[str(folder)] = stored
        _cache.move_to_end(str(folder))
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)


def _prune(root: Path, *, keep: str) -> None:
    """Remove all but the :data:`KEEP_ON_DISK` most recently written folders."""
    folders = sorted(
        (p for p in root.iterdir() if p.is_dir() and p.name.startswith("v")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in folders[KEEP_ON_DISK:]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)


def clear_cache() -> None:
    """Forget every analysis held in memory (tests; the files stay)."""
    with _lock:
        _cache.clear()
