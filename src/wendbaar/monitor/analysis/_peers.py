"""Vectorised look-ups of peer values (internal).

Joining a (area, peer) table of n*k rows to every indicator x period would create tens of
millions of rows. Instead the peers become an index matrix ``P[area, rank]`` of positions
on the area axis (see :mod:`._grid`), and ``M[:, P]`` gathers the peer values of every
area for a block of matrix rows at once in NumPy (blocks bound the memory).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import polars as pl

from ._grid import Axis, position_expr

BLOCK = 128  # areas per block: the gathered block stays in cache


@dataclass(frozen=True)
class PeerMatrix:
    """The areas that have peers (axis positions) and their peers' positions (-1 = none)."""

    members: np.ndarray  # (m,) int64
    peers: np.ndarray  # (m, k) int64

    @property
    def k(self) -> int:
        return self.peers.shape[1]


def peer_matrix(peers: pl.DataFrame, axis: Axis) -> PeerMatrix:
    """Index matrix from a ``area, peer, rank`` frame (rank 1..k); codes not on the axis
    are dropped."""
    frame = peers.select(
        area=position_expr(pl.col("area"), axis.dtype, peers.schema["area"]),
        peer=position_expr(pl.col("peer"), axis.dtype, peers.schema["peer"]),
        rank=pl.col("rank").cast(pl.Int64),
    ).filter((pl.col("area") >= 0) & (pl.col("peer") >= 0) & (pl.col("rank") >= 1))
    k = int(frame["rank"].max() or 0) if frame.height else 0
    members = np.unique(frame["area"].to_numpy())
    matrix = np.full((members.size, max(k, 1)), -1, dtype=np.int64)
    if frame.height:
        row = np.searchsorted(members, frame["area"].to_numpy())
        matrix[row, frame["rank"].to_numpy() - 1] = frame["peer"].to_numpy()
    return PeerMatrix(members=members, peers=matrix)


def peer_blocks(
    matrix: np.ndarray, index: PeerMatrix, rows: np.ndarray
) -> Iterator[tuple[slice, np.ndarray, np.ndarray]]:
    """Yield (slice of ``index.members``, peer values (members, k, rows) with 0 where
    missing, presence (members, k, rows)) for blocks of areas, over the given matrix rows.

    The matrix is transposed once so that each gathered peer is one contiguous run of
    values; a missing peer (-1) reads an all-missing extra row.
    """
    n_areas = matrix.shape[1]
    # areas x rows, filled in place: every large temporary costs fresh pages
    values = np.empty((n_areas + 1, rows.size))
    for at, row in enumerate(rows):
        values[:n_areas, at] = matrix[row]
    values[n_areas] = np.nan
    present = np.isnan(values)
    np.copyto(values, 0.0, where=present)
    np.logical_not(present, out=present)
    safe = np.where(index.peers < 0, n_areas, index.peers)
    for start in range(0, index.members.size, BLOCK):
        peers = safe[start : start + BLOCK]
        yield slice(start, start + peers.shape[0]), values[peers], present[peers]
