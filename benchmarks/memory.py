"""Workload 11: the memory a dataset holds, against the Arrow columns it was built from.

The bar (from the issue): a dataset of 4,000,000 parcels (40,000 zones, 300
tenant projects) holds at most twice the bytes of its tables as Arrow columns.

Two measures, usable apart:

* :func:`arrow_bytes`: the bytes of Arrow tables' buffers (what the frames hold);
* :func:`held_bytes`: the bytes reachable from a Python object, by kind: numpy
  buffers (each counted once, however many views), Arrow buffers, polars frames,
  and every other Python object (``sys.getsizeof``). Classes, modules,
  functions and unit registries are shared, not held, and are not followed.
"""

from __future__ import annotations

import gc
import sys
import time
import types
from collections.abc import Mapping
from typing import Any

import numpy as np

from benchmarks import columns, ours
from benchmarks.harness import Prepared

SIZES = {
    "smoke": {"zones": 400, "parcels": 40_000},
    "full": {"zones": 40_000, "parcels": 4_000_000},
}
LIMIT = 2.0
_SHARED = (
    type,
    types.ModuleType,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.CodeType,
    types.FrameType,
)


def arrow_bytes(tables: Mapping[str, Any]) -> int:
    """The bytes of the buffers of Arrow tables (``get_total_buffer_size``: each buffer
    once, whole, even where a slice uses part of it)."""
    return sum(table.get_total_buffer_size() for table in tables.values())


def _shared(value: object) -> bool:
    if isinstance(value, _SHARED):
        return True
    kind = type(value)
    return kind.__module__.startswith("pint") and "Registry" in kind.__name__


def held_bytes(root: object) -> dict[str, int]:
    """The bytes reachable from ``root``, by kind (``numpy``, ``arrow``, ``polars``,
    ``python``) and in ``total``."""
    pa = sys.modules.get("pyarrow")
    pl = sys.modules.get("polars")
    arrow_types = (pa.Array, pa.ChunkedArray, pa.Table, pa.RecordBatch) if pa else ()
    polars_types = (pl.DataFrame, pl.Series) if pl else ()
    seen: set[int] = set()
    buffers: dict[tuple[str, int], int] = {}  # (kind, address or owner id) -> bytes
    counts = {"numpy": 0, "arrow": 0, "polars": 0, "python": 0}
    stack = [root]
    while stack:
        value = stack.pop()
        if id(value) in seen or _shared(value):
            continue
        seen.add(id(value))
        if isinstance(value, np.ndarray):
            owner = value
            while isinstance(owner.base, np.ndarray):
                owner = owner.base
            if owner.base is None:
                buffers["numpy", id(owner)] = owner.nbytes
            else:  # numpy over someone else's memory (Arrow, bytes): the part it shows
                key = ("numpy", id(owner.base))
                buffers[key] = max(buffers.get(key, 0), owner.nbytes)
            if value.dtype == np.dtype(object):  # references: follow them
                stack.extend(value.ravel().tolist())
            continue
        if arrow_types and isinstance(value, arrow_types):
            for buffer in _arrow_buffers(value):
                buffers["arrow", buffer.address] = buffer.size
            continue
        if polars_types and isinstance(value, polars_types):
            counts["polars"] += int(value.estimated_size())
            continue
        counts["python"] += sys.getsizeof(value)
        stack.extend(gc.get_referents(value))
    for (kind, _), size in buffers.items():
        counts[kind] += size
    return {**counts, "total": sum(counts.values())}


def _arrow_buffers(value: Any) -> list[Any]:
    import pyarrow as pa

    if isinstance(value, pa.Table | pa.RecordBatch):
        return [b for column in value.columns for b in _arrow_buffers(column)]
    if isinstance(value, pa.ChunkedArray):
        return [b for chunk in value.chunks for b in _arrow_buffers(chunk)]
    found = [b for b in value.buffers() if b is not None]
    if isinstance(value, pa.DictionaryArray):
        found += _arrow_buffers(value.dictionary)
    return found


def prepare(size: str, seed: int = 1, frames: str = "polars") -> Prepared:
    shape = SIZES[size]
    started = time.perf_counter()
    tables = columns.land_tables(shape["zones"], shape["parcels"], seed)
    generated = time.perf_counter()
    arrow = columns.to_arrow(tables)
    given = columns.to_polars(arrow) if frames == "polars" else columns.to_pandas(arrow)
    details = {
        "generate_s": generated - started,
        "arrow_bytes": float(arrow_bytes(arrow)),
        "arrow_nbytes": float(sum(t.nbytes for t in arrow.values())),
        "numpy_column_bytes": float(held_bytes(tables)["total"]),
    }
    if frames == "polars":
        details["polars_bytes"] = float(sum(f.estimated_size() for f in given.values()))
    else:
        details["pandas_bytes"] = float(
            sum(f.memory_usage(deep=True).sum() for f in given.values())
        )

    def check() -> None:
        dataset = ours.dataset(given)
        assert len(dataset.parcels) == shape["parcels"]
        held = held_bytes(dataset)
        details.update({f"held_{k}_bytes": float(v) for k, v in held.items()})
        details["held_over_arrow"] = held["total"] / details["arrow_bytes"]

    return Prepared(
        name="11. dataset memory",
        size=shape,
        ours=None if ours.pending(ours.dataset) else (lambda: ours.dataset(given)),
        floor=None,
        naive=None,
        input_bytes=int(details["arrow_bytes"]),
        check=check,
        details=details,
        repeats=1,
        limit=LIMIT,
    )
