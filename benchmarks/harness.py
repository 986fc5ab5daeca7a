"""Timing and memory measurement shared by every workload.

A workload prepares its inputs once (not timed), then offers several ways to
compute the same numbers: the library (``ours``), a hand-written numpy
implementation of the same arithmetic (``floor``), the naive approach, a
Python loop over objects with pint quantities, run on a subsample and
extrapolated (``naive``), and peers: the tools a user would otherwise pick
(polars, DuckDB, pandas, numpy), each from the same frames or files
(``peers``), timed in the same run. Times are medians over repeats; memory is
the peak traced by :mod:`tracemalloc` (numpy reports its buffers to it) during
one call of ``ours``, against the bytes of the input columns.
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import attrs

SLOW_S = 10.0  # a peer whose first call takes longer is timed once more, not ``repeats`` times


@attrs.frozen
class Naive:
    """The naive approach on ``sample`` of ``total`` items, scaled linearly to all of them."""

    run: Callable[[], object]
    sample: int
    total: int
    unit: str


@attrs.frozen
class Peer:
    """Another tool computing the same numbers from the same inputs.

    ``run`` is timed; ``check`` receives one result of ``run`` and raises if it
    differs from the reference numbers.
    """

    name: str
    run: Callable[[], object]
    check: Callable[[Any], None]


@attrs.frozen
class Prepared:
    """A workload ready to run at one size.

    ``ours`` is ``None`` where the library's side is not plugged in yet (only the
    peers are timed); ``check`` then is not called. ``bar`` names the peers the
    workload's target is stated against: ours within ``limit`` times the best of them.
    """

    name: str
    size: dict[str, int]
    ours: Callable[[], object] | None
    floor: Callable[[], object] | None
    naive: Naive | None
    input_bytes: int
    check: Callable[[], None]
    details: dict[str, float] = attrs.field(factory=dict)
    repeats: int = 5
    memory: bool = True  # False where ``ours`` runs in another process
    peers: tuple[Peer, ...] = ()
    bar: tuple[str, ...] = ()
    limit: float | None = None


@attrs.frozen
class Result:
    name: str
    size: dict[str, int]
    ours_s: float | None
    floor_s: float | None
    naive_s: float | None
    naive_note: str
    peak_bytes: int
    input_bytes: int
    details: dict[str, float]
    peers_s: dict[str, float] = attrs.field(factory=dict)
    bar: tuple[str, ...] = ()
    limit: float | None = None

    @property
    def ratio(self) -> float | None:
        return self.ours_s / self.floor_s if self.floor_s and self.ours_s is not None else None

    @property
    def naive_ratio(self) -> float | None:
        if self.naive_s is None or not self.ours_s:
            return None
        return self.naive_s / self.ours_s

    @property
    def memory_ratio(self) -> float | None:
        return self.peak_bytes / self.input_bytes if self.input_bytes else None

    @property
    def best_peer(self) -> str | None:
        """The fastest of the peers named in the bar."""
        timed = [name for name in self.bar if name in self.peers_s]
        return min(timed, key=self.peers_s.__getitem__) if timed else None

    @property
    def bar_ratio(self) -> float | None:
        """Ours over the best of the peers named in the bar."""
        best = self.best_peer
        if best is None or self.ours_s is None:
            return None
        return self.ours_s / self.peers_s[best]

    def to_dict(self) -> dict[str, Any]:
        data = attrs.asdict(self)
        data.update(ratio=self.ratio, naive_ratio=self.naive_ratio, memory_ratio=self.memory_ratio,
                    best_peer=self.best_peer, bar_ratio=self.bar_ratio)  # fmt: skip
        return data


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_bytes(run: Callable[[], object]) -> int:
    """The most memory ``run`` holds at once beyond what was held before it."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        run()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def measure(prepared: Prepared, *, naive: bool = True) -> Result:
    ours = None
    if prepared.ours is not None:
        prepared.check()
        prepared.ours()  # warm: caches the library keeps for later calls are built here
        ours = median_seconds(prepared.ours, prepared.repeats)
    floor = median_seconds(prepared.floor, prepared.repeats) if prepared.floor is not None else None
    peers = {}
    for peer in prepared.peers:
        started = time.perf_counter()
        peer.check(peer.run())  # warm, and the same numbers as the reference
        first = time.perf_counter() - started
        repeats = prepared.repeats if first < SLOW_S else 1
        peers[peer.name] = median_seconds(peer.run, repeats)
        prepared.details[f"{peer.name} first_s"] = first
    naive_s, note = None, ""
    if naive and prepared.naive is not None:
        n = prepared.naive
        sampled = median_seconds(n.run, 1 if n.sample >= 20_000 else 3)
        naive_s = sampled * n.total / n.sample
        note = (
            f"extrapolated from {n.sample:,} of {n.total:,} {n.unit}"
            if n.sample < n.total
            else f"all {n.total:,} {n.unit}"
        )
    return Result(
        prepared.name,
        prepared.size,
        ours,
        floor,
        naive_s,
        note,
        peak_bytes(prepared.ours) if prepared.memory and prepared.ours is not None else 0,
        prepared.input_bytes,
        prepared.details,
        peers,
        prepared.bar,
        prepared.limit,
    )


def columns_bytes(*holders: object) -> int:
    """The bytes of every numpy array held by the attrs instances ``holders``."""
    import numpy as np

    total = 0
    for holder in holders:
        for value in attrs.asdict(holder, recurse=False).values():
            if isinstance(value, np.ndarray):
                total += value.nbytes
    return total
