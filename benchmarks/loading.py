"""Workload 4: loading a dataset file of parcels (JSON; TOML timed alongside).

``ours`` is :func:`industrial_policy.loads`: parsing, every value through the
same converters as the Python API, integrity checks, the dataset built. The
floor is the parser alone plus hand-written numpy columns of the parcels (no
validation at all); the naive approach parses each area with pint's string
parser and builds a dict per parcel.
"""

from __future__ import annotations

import json
import time
from typing import Any

import numpy as np

import industrial_policy as ip
from benchmarks import generate
from benchmarks.harness import Naive, Prepared, median_seconds

SIZES = {"smoke": {"parcels": 5_000}, "full": {"parcels": 100_000}}
NAIVE_SAMPLE = 5_000


def numpy_floor(text: str) -> dict[str, Any]:
    document = json.loads(text)
    parcels = document["parcels"]
    zone_ids = {z["id"]: i for i, z in enumerate(document["zones"])}
    return {
        "zone": np.array([zone_ids[p["zone_id"]] for p in parcels]),
        "area_m2": np.array([float(p["area"].split(" ", 1)[0]) for p in parcels]),
        "status": np.array([p["status"] for p in parcels]),
    }


def naive(text: str, sample: int) -> list[dict[str, Any]]:
    reg = ip.units.registry()
    document = json.loads(text)
    return [
        {**p, "area": reg.Quantity(p["area"]).to("hectare")} for p in document["parcels"][:sample]
    ]


def _held(text: str) -> tuple[int, int]:
    """Bytes the loaded dataset keeps, and the peak while loading it (both beyond the text)."""
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        dataset = ip.loads(text, "json")
        current, peak = tracemalloc.get_traced_memory()
        del dataset
        return current - before, peak - before
    finally:
        tracemalloc.stop()


def check(text: str, parcels: int) -> None:
    dataset = ip.loads(text, "json")
    assert len(dataset.parcels) == parcels
    floor = numpy_floor(text)
    hectares = np.array([p.area.to("hectare").magnitude for p in dataset.parcels])
    assert np.allclose(hectares, floor["area_m2"] / 10_000, rtol=1e-12)


def prepare(size: str, seed: int = 4) -> Prepared:
    shape = SIZES[size]
    text = generate.parcel_file_text(shape["parcels"], "json", seed)
    toml_text = generate.parcel_file_text(shape["parcels"], "toml", seed)
    started = time.perf_counter()
    ip.loads(toml_text, "toml")
    toml_s = time.perf_counter() - started
    import tomllib

    tomllib_s = median_seconds(lambda: tomllib.loads(toml_text), 1)
    retained, peak = _held(text)
    sample = min(NAIVE_SAMPLE, shape["parcels"])
    return Prepared(
        name="4. load a parcels file",
        size=shape,
        ours=lambda: ip.loads(text, "json"),
        floor=lambda: numpy_floor(text),
        naive=Naive(lambda: naive(text, sample), sample, shape["parcels"], "parcels"),
        input_bytes=len(text.encode()),
        check=lambda: check(text, shape["parcels"]),
        details={
            "json_bytes": float(len(text.encode())),
            "toml_load_s": toml_s,
            "tomllib_parse_s": tomllib_s,
            "dataset_bytes": float(retained),
            "transient_bytes": float(peak - retained),
        },
        repeats=3,
    )
