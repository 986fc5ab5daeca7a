"""Timing and memory measurement shared by every workload.

A workload prepares its inputs once (not timed), then offers three ways to
compute the same numbers: the library (``ours``), a hand-written numpy
implementation of the same arithmetic (``floor``) and the naive approach, a
Python loop over objects with pint quantities, run on a subsample and
extrapolated (``naive``). Times are medians over repeats; memory is the peak
traced by :mod:`tracemalloc` (numpy reports its buffers to it) during one
call of ``ours``, against the bytes of the input columns.
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import attrs


@attrs.frozen
class Naive:
    """The naive approach on ``sample`` of ``total`` items, scaled linearly to all of them."""

    run: Callable[[], object]
    sample: int
    total: int
    unit: str


@attrs.frozen
class Prepared:
    """A workload ready to run at one size."""

    name: str
    size: dict[str, int]
    ours: Callable[[], object]
    floor: Callable[[], object] | None
    naive: Naive | None
    input_bytes: int
    check: Callable[[], None]
    details: dict[str, float] = attrs.field(factory=dict)
    repeats: int = 5
    memory: bool = True  # False where ``ours`` runs in another process


@attrs.frozen
class Result:
    name: str
    size: dict[str, int]
    ours_s: float
    floor_s: float | None
    naive_s: float | None
    naive_note: str
    peak_bytes: int
    input_bytes: int
    details: dict[str, float]

    @property
    def ratio(self) -> float | None:
        return self.ours_s / self.floor_s if self.floor_s else None

    @property
    def naive_ratio(self) -> float | None:
        return self.naive_s / self.ours_s if self.naive_s is not None else None

    @property
    def memory_ratio(self) -> float | None:
        return self.peak_bytes / self.input_bytes if self.input_bytes else None

    def to_dict(self) -> dict[str, Any]:
        data = attrs.asdict(self)
        data.update(ratio=self.ratio, naive_ratio=self.naive_ratio, memory_ratio=self.memory_ratio)
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
    prepared.check()
    prepared.ours()  # warm: caches the library keeps for later calls are built here
    ours = median_seconds(prepared.ours, prepared.repeats)
    floor = median_seconds(prepared.floor, prepared.repeats) if prepared.floor is not None else None
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
        peak_bytes(prepared.ours) if prepared.memory else 0,
        prepared.input_bytes,
        prepared.details,
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
