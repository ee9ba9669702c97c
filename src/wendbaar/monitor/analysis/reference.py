"""Reference areas (referentiegebieden): the k most similar areas nationwide.

Similarity is Euclidean distance on a structural profile (a list of indicator codes:
urbanity, address density, age shares, household size, dwelling type, tenure, WOZ, ...),
each indicator z-standardised over all areas of the level (population sd) so that units do
not matter and every profile indicator weighs the same.

Missing values: an area needs at least ``min_present`` (default 70 %) of the profile
indicators, otherwise it is left out (listed in ``excluded``). Remaining gaps are imputed
with the national mean, i.e. z = 0, which neither pulls the area towards nor away from any
peer on that indicator; imputed cells are flagged in ``profile``.

Profile period: ``period`` if given, else per indicator its latest period with data. The
same peers are used for every period's comparison (structure changes slowly).

Determinism: rows are put in code order before the search, more candidates than k are
fetched, exact distances are recomputed and ties are broken by peer code, so the result
does not depend on the row order of the input.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from ._grid import (
    Axis,
    Columns,
    axis_from_frame,
    float_series,
    grid_from_long,
    indicator_dtype,
    select,
)
from ._peers import PeerMatrix, peer_matrix
from .contracts import NEIGHBOURHOOD

EXTRA_CANDIDATES = 5
KD_TREE_MAX_DIMENSIONS = 16
# Nearest-neighbour searches of the last few distinct profiles, keyed on a digest of the
# standardised profile matrix: a recompute after new data that leaves the structural
# profile unchanged (police, health, own figures) reuses the search.
_SEARCHES: OrderedDict[tuple, np.ndarray] = OrderedDict()
SEARCH_CACHE_SIZE = 4


@dataclass(frozen=True)
class ReferenceGroups:
    """``peers``: area, peer, rank (1 = most similar), distance.
    ``profile``: area, indicator, period, value, z (as used, 0 when imputed), imputed.
    ``excluded``: area, n_present, n_profile (too few profile values)."""

    peers: pl.DataFrame
    profile: pl.DataFrame
    excluded: pl.DataFrame


def _profile_values(
    observations: pl.DataFrame,
    areas: pl.DataFrame,
    profile: Sequence[str],
    level: str,
    period: int | None,
) -> pl.DataFrame:
    obs = observations.filter(
        pl.col("indicator").is_in(list(profile)) & pl.col("value").is_not_null()
    ).join(areas.filter(pl.col("level") == level).select(area="code"), on="area", how="semi")
    if period is None:
        obs = obs.filter(pl.col("period") == pl.col("period").max().over("indicator"))
    else:
        obs = obs.filter(pl.col("period") == period)
    return obs.select("area", "indicator", "period", "value")


def reference_groups(
    observations: pl.DataFrame,
    areas: pl.DataFrame,
    profile: Sequence[str],
    *,
    k: int = 10,
    level: str = NEIGHBOURHOOD,
    period: int | None = None,
    min_present: float = 0.7,
) -> ReferenceGroups:
    """The k nearest areas of the same level nationwide for every area of ``level``."""
    profile = list(dict.fromkeys(profile))
    if not profile:
        raise ValueError("profile needs at least one indicator")
    codes = areas.filter(pl.col("level") == level)["code"].cast(pl.String).sort()
    values = _profile_values(observations, areas, profile, level, period)
    wide = (
        codes.to_frame("area")
        .join(values.pivot(on="indicator", index="area", values="value"), on="area", how="left")
        .sort("area")
    )
    raw = (
        np.column_stack(
            [
                wide[c].cast(pl.Float64).to_numpy()
                if c in wide.columns
                else np.full(wide.height, np.nan)
                for c in profile
            ]
        )
        if wide.height
        else np.empty((0, len(profile)))
    )
    periods = dict(values.group_by("indicator").agg(pl.col("period").max()).iter_rows())
    groups, _, _ = groups_from_matrix(
        wide["area"], raw, [periods.get(c) for c in profile], profile, k=k, min_present=min_present
    )
    return groups


def reference_index_from_grid(
    axis: Axis,
    columns: Columns,
    values: np.ndarray,
    profile: Sequence[str],
    *,
    k: int = 10,
    level: str = NEIGHBOURHOOD,
    period: int | None = None,
    min_present: float = 0.7,
) -> tuple[ReferenceGroups, PeerMatrix]:
    """:func:`reference_groups` on the (columns, areas) value matrix, and the peers as an
    index matrix on the axis (``peer_matrix(groups.peers, axis)``, made from the search's
    row numbers instead of looking the codes up again)."""
    codes, raw, periods, profile = profile_from_grid(axis, columns, values, profile, level, period)
    groups, kept, peer = groups_from_matrix(
        codes, raw, periods, profile, k=k, min_present=min_present
    )
    members = axis.members(level)[kept]  # the kept rows are in code (= axis) order
    if peer.shape[1] == 0:  # no peers: as peer_matrix of an empty frame
        return groups, PeerMatrix(
            members=np.empty(0, dtype=np.int64), peers=np.full((0, 1), -1, dtype=np.int64)
        )
    return groups, PeerMatrix(members=members, peers=members[peer])


def profile_from_grid(
    axis: Axis,
    columns: Columns,
    values: np.ndarray,
    profile: Sequence[str],
    level: str = NEIGHBOURHOOD,
    period: int | None = None,
) -> tuple[pl.Series, np.ndarray, list[int | None], list[str]]:
    """The areas of ``level`` (codes), their raw profile matrix (NaN = missing), the
    period of each profile column and the profile without repeats."""
    profile = list(dict.fromkeys(profile))
    if not profile:
        raise ValueError("profile needs at least one indicator")
    members = axis.members(level)
    index = {c: i for i, c in enumerate(columns.dtype.categories)}
    raw = np.full((members.size, len(profile)), np.nan)
    periods: list[int | None] = []
    for j, code in enumerate(profile):  # one step per profile indicator
        rows = np.flatnonzero(columns.indicator == index.get(code, -1))
        if period is not None:
            rows = rows[columns.period[rows] == period]
        with_data = [r for r in rows if (~np.isnan(values[r, members])).any()]
        if not with_data:
            periods.append(None)
            continue
        row = max(with_data, key=lambda r: columns.period[r])
        raw[:, j] = values[row, members]
        periods.append(int(columns.period[row]))
    return axis.area(members).cast(pl.String), raw, periods, profile


def groups_from_matrix(
    codes: pl.Series,
    raw: np.ndarray,
    periods: list[int | None],
    profile: list[str],
    *,
    k: int,
    min_present: float,
) -> tuple[ReferenceGroups, np.ndarray, np.ndarray]:
    """Reference groups from the profile matrix (areas sorted by code x profile, NaN =
    missing) and the period each profile column was taken from; also the rows kept and
    their peers as row numbers among the kept rows (:func:`_nearest`)."""
    n_present, kept, exact, z = standardised(raw, min_present)
    excluded = pl.DataFrame(
        {
            "area": codes.filter(pl.Series(~kept)),
            "n_present": n_present[~kept].astype(np.int32),
            "n_profile": np.full(int((~kept).sum()), len(profile), dtype=np.int32),
        }
    )
    kept_codes = codes.filter(pl.Series(kept))
    raw = raw[kept]
    peer, distance = _nearest(z, k)
    peers = _peer_frame(kept_codes, peer, distance)
    n, p = raw.shape
    order = np.argsort(np.array(profile, dtype=object), kind="stable")  # indicator order
    imputed = np.isnan(raw)[:, order]
    period_row = np.array([periods[j] if periods[j] is not None else -1 for j in order])
    profile_frame = pl.DataFrame(
        {
            "area": kept_codes.gather(np.repeat(np.arange(n), p)),
            # gathered from the p codes: no Python string per row (9 ms for the country)
            "indicator": pl.Series(
                np.array(profile, dtype=object)[order].tolist(), dtype=pl.String
            ).gather(np.tile(np.arange(p), n)),
            "period": pl.Series(np.where(imputed, -1, period_row[None, :]).ravel()),
            "value": float_series(raw[:, order].ravel()),
            "z": exact[:, order].ravel(),
            "imputed": imputed.ravel(),
        }
    ).with_columns(pl.when(pl.col("period") >= 0).then(pl.col("period")).alias("period"))
    return ReferenceGroups(peers=peers, profile=profile_frame, excluded=excluded), kept, peer


def standardised(
    raw: np.ndarray, min_present: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per area the profile values present and whether that is enough (``kept``); of the
    kept areas the z-scores (gaps 0) and the same rounded, as the search sees them."""
    present = ~np.isnan(raw)
    n_present = present.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        count = present.sum(axis=0)
        mean = np.where(present, raw, 0.0).sum(axis=0) / count
        dev = np.where(present, raw - mean, 0.0)
        sd = np.sqrt((dev * dev).sum(axis=0) / count)
    mean = np.nan_to_num(mean)
    sd = np.nan_to_num(sd)
    kept = n_present >= min_present * raw.shape[1]
    raw = raw[kept]
    with np.errstate(invalid="ignore", divide="ignore"):
        exact = np.where(sd > 0, (raw - mean) / np.where(sd > 0, sd, 1.0), 0.0)
    exact = np.where(np.isnan(exact), 0.0, exact)
    # rounding removes last-bit differences from summation order, so ties stay ties and
    # the result does not depend on the order of the input rows
    return n_present, kept, exact, np.round(exact, 9)


def _peer_frame(codes: pl.Series, peer: np.ndarray, distance: np.ndarray) -> pl.DataFrame:
    """``area, peer, rank, distance`` of :func:`_nearest`'s result (rows by area, rank)."""
    n, width = peer.shape
    return pl.DataFrame(
        {
            "area": codes.gather(np.repeat(np.arange(n), width)),
            "peer": codes.gather(peer.ravel()),
            "rank": np.tile(np.arange(1, width + 1, dtype=np.int32), n),
            "distance": distance.ravel(),
        },
        schema={"area": pl.String, "peer": pl.String, "rank": pl.Int32, "distance": pl.Float64},
    )


def _nearest(z: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k nearest other rows of every row (``(n, min(k, n - 1))`` row numbers, nearest
    first, and their distances), equal distances in row order (rows are in code order).

    The search fetches a few more candidates than k; where the k-th distance is also the
    largest fetched one, more rows may lie at exactly that distance, so for those rows
    every row within it is taken. The result is then the same whatever the search
    algorithm and the order of the input. Every row gets exactly ``min(k, n - 1)`` peers:
    the candidates (and, for the open-ended rows, everything within their radius) hold at
    least that many other rows.
    """
    n = z.shape[0]
    width = min(k, n - 1)
    if n < 2 or width < 1:
        return np.empty((n, 0), dtype=np.int64), np.empty((n, 0))
    n_fetch = min(n, k + 1 + EXTRA_CANDIDATES)
    cand = _neighbours(z, n_fetch)
    exact = _distance(z[:, None, :], z[cand])  # (n, n_fetch), as per row pair
    itself = cand == np.arange(n)[:, None]
    # per row: the candidates by distance, then row number (the code), itself last;
    # NumPy instead of a long frame sorted and ranked: the rows are already grouped.
    # Sorted on distance alone first, then on both keys only the rows with equal
    # distances (few: a tenth of the time of sorting every row on both keys)
    key = np.where(itself, np.inf, exact)
    order = np.argsort(key, axis=1, kind="stable")
    ordered = np.take_along_axis(key, order, axis=1)
    tied = np.flatnonzero((ordered[:, 1:] == ordered[:, :-1]).any(axis=1))
    if tied.size:
        order[tied] = np.lexsort((cand[tied], key[tied]), axis=-1)
    order = order[:, :width]
    peer = np.take_along_axis(cand, order, axis=1)
    distance = np.take_along_axis(exact, order, axis=1)
    if n_fetch < n:
        largest = exact.max(axis=1)
        closer = ((exact < largest[:, None]) & ~itself).sum(axis=1)
        open_ended = np.flatnonzero(closer < k)  # the k-th peer may tie with unfetched rows
        if open_ended.size:
            rows, cols, found = _within(z, open_ended, largest[open_ended])
            others = rows != cols
            rows, cols, found = rows[others], cols[others], found[others]
            by = np.lexsort((cols, found, rows))
            # rows appear in ascending order, each with at least ``width`` others
            starts = np.searchsorted(rows[by], open_ended)
            take = by[starts[:, None] + np.arange(width)]
            peer[open_ended] = cols[take]
            distance[open_ended] = found[take]
    return peer, distance


def _distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Euclidean distance per row pair, rounded so that ties stay ties."""
    return np.round(np.sqrt(((a - b) ** 2).sum(axis=-1)), 9)


def _within(
    z: np.ndarray, rows: np.ndarray, radius: np.ndarray, block: int = 64
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, other, distance) for every other row within ``radius`` of each of ``rows``
    (blocks of rows against all rows: these are the few rows with many equal distances)."""
    found_rows, found_cols, found_dist = [], [], []
    for start in range(0, rows.size, block):
        part = rows[start : start + block]
        distance = _distance(z[part][:, None, :], z[None, :, :])  # part x n
        r, c = np.nonzero(distance <= radius[start : start + block][:, None])
        found_rows.append(part[r])
        found_cols.append(c)
        found_dist.append(distance[r, c])
    return np.concatenate(found_rows), np.concatenate(found_cols), np.concatenate(found_dist)


def _neighbours(z: np.ndarray, n_fetch: int) -> np.ndarray:
    """Indices of the ``n_fetch`` nearest rows of every row (exact).

    A k-d tree (SciPy, queries on every core) for a profile of up to
    :data:`KD_TREE_MAX_DIMENSIONS` indicators: about five times faster than brute force
    for the eight of the default profile. Brute force (scikit-learn) above that, where
    trees lose their edge.
    """
    key = (z.shape, n_fetch, hashlib.blake2b(np.ascontiguousarray(z).tobytes()).hexdigest())
    found = _SEARCHES.get(key)
    if found is not None:
        _SEARCHES.move_to_end(key)
        return found
    if z.shape[1] <= KD_TREE_MAX_DIMENSIONS:
        cand = _kd_tree_query(z, n_fetch)
    else:
        from sklearn.neighbors import NearestNeighbors

        nn = NearestNeighbors(n_neighbors=n_fetch, algorithm="brute", metric="euclidean")
        nn.fit(z)
        _, cand = nn.kneighbors(z)
    _SEARCHES[key] = cand
    while len(_SEARCHES) > SEARCH_CACHE_SIZE:
        _SEARCHES.popitem(last=False)
    return cand


def _kd_tree_query(z: np.ndarray, n_fetch: int) -> np.ndarray:
    """The ``n_fetch`` nearest rows of every row (itself included), by a k-d tree. SciPy is
    imported here, not at module level: web processes import this package and never search."""
    from scipy.spatial import cKDTree

    _, cand = cKDTree(z, leafsize=32).query(z, k=n_fetch, workers=-1)
    return np.asarray(cand, dtype=np.int64).reshape(z.shape[0], n_fetch)


def clear_search_cache() -> None:
    """Forget cached nearest-neighbour searches (benchmarks time a cold search)."""
    _SEARCHES.clear()


def position_in_group(
    ranks: pl.DataFrame,
    peers: pl.DataFrame,
    *,
    period: int | None = None,
    indicators: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Where an area stands among its reference group, per indicator x period.

    Returns ``indicator, area, period, position, group_rank, group_size, peers_better,
    peer_mean_position``: ``group_rank`` is 1 + the number of peers with a strictly better
    position (ties share the better rank) among the ``group_size`` members (the area plus
    its peers that have a value). Neutral indicators have no position and are skipped.
    Rows are in indicator, period, area order.
    """
    frame = ranks.filter(pl.col("position").is_not_null())
    if period is not None:
        frame = frame.filter(pl.col("period") == period)
    if indicators is not None:
        frame = frame.filter(pl.col("indicator").cast(pl.String).is_in(list(indicators)))
    axis = axis_from_frame(frame)
    grid = grid_from_long(frame, axis, indicator_dtype(frame), value="position")
    return positions_from_grid(axis, grid.columns, grid.values, peer_matrix(peers, axis))


@dataclass(frozen=True)
class GroupMatrices:
    """Positions within the reference groups as (rows, members) matrices: ``rows`` are
    matrix rows, ``members`` the areas with peers (axis positions, ``PeerMatrix.members``)."""

    rows: np.ndarray
    members: np.ndarray
    has_group: np.ndarray  # (members,) bool: the member has at least one peer
    own: np.ndarray  # the member's position, NaN = none
    better: np.ndarray  # int32: peers with a strictly better position
    size: np.ndarray  # int32: the member plus its peers with a position
    mean: np.ndarray  # the peers' mean position, NaN when no peer has one


def group_matrices(position: np.ndarray, index: PeerMatrix, rows: np.ndarray) -> GroupMatrices:
    """Where each member stands among its peers, for the given rows of the (columns,
    areas) position matrix.

    One peer rank at a time: a gather of (members, rows) and a few in-place sums, half
    the time of the (members, k, rows) blocks it replaced (measured on the national
    data: 14 against 7 ms). The mean adds the peers in rank order, as a sum over the
    rank axis of those blocks did, so it is the same to the last bit.
    """
    members = index.members
    n_areas = position.shape[1]
    own = position[rows][:, members]  # row x member
    own_t = own.T
    # areas x rows, and an all-missing extra row that a missing peer (-1) reads
    values = np.empty((n_areas + 1, rows.size))
    values[:n_areas] = position[rows].T
    values[n_areas] = np.nan
    present = ~np.isnan(values)
    np.copyto(values, 0.0, where=~present)
    safe = np.where(index.peers < 0, n_areas, index.peers)
    shape = (members.size, rows.size)
    n = np.zeros(shape, dtype=np.int64)
    better = np.zeros(shape, dtype=np.int64)
    total = np.zeros(shape)
    for rank in range(safe.shape[1]):
        peer = safe[:, rank]
        value, has = values[peer], present[peer]
        n += has
        better += (value > own_t) & has
        if rank:
            total += value
        else:
            total = value
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / n
    return GroupMatrices(
        rows=rows,
        members=members,
        has_group=(index.peers >= 0).any(axis=1),
        own=own,
        better=better.astype(np.int32).T,
        size=(n + 1).astype(np.int32).T,
        mean=mean.T,
    )


def positions_from_grid(
    axis: Axis,
    columns: Columns,
    position: np.ndarray,
    index: PeerMatrix,
    rows: np.ndarray | None = None,
) -> pl.DataFrame:
    """:func:`position_in_group` on the (columns, areas) position matrix (of ``rows``)."""
    rows = np.arange(columns.n) if rows is None else rows
    g = group_matrices(position, index, rows)
    own, better, size, mean = g.own, g.better, g.size, g.mean
    cells = select(~np.isnan(own) & g.has_group[None, :])
    matrix_rows = pl.Series(rows).gather(cells.rows)
    keys = pl.DataFrame(
        {
            "indicator": columns.indicators(matrix_rows),
            "area": axis.area(pl.Series(g.members).gather(cells.areas)),
            "period": columns.periods(matrix_rows),
        }
    )
    values = cells.frame(
        {"position": own, "peer_mean_position": mean},
        {"peers_better": better, "group_size": size},
    )
    return pl.concat([keys, values], how="horizontal").select(
        "indicator",
        "area",
        "period",
        "position",
        group_rank=pl.col("peers_better") + 1,
        group_size="group_size",
        peers_better="peers_better",
        peer_mean_position="peer_mean_position",
    )
