"""Workload 4: loading a dataset file of parcels (JSON; TOML, writing, and peers alongside).

``ours`` is :func:`industrial_policy.loads` of the JSON file: parsing, every value checked
by the same grammar and converters as the Python API, integrity checks, the dataset built.
The bar (from the issue): 100,000 parcels loaded from the JSON file within
:data:`BAR_S` seconds. The floor is the parser alone plus hand-written numpy columns of the
parcels (no validation at all); the naive approach parses each area with pint's string
parser and builds a dict per parcel.

Timed alongside and printed in the notes, each the median of a few runs:

* the parsers alone: ``json.loads`` and ``tomllib.loads`` (pure Python, so the TOML load
  is mostly tomllib's time);
* ours from TOML, and writing the dataset (``dumps``) to JSON and to TOML;
* the record-by-record path the file format had before its columnar reader and writer
  (the cattrs converter structuring and unstructuring every record, which the library still
  holds for the small kinds): the "before" of this workload, in the same run;
* peers reading the same parcel records (id, zone, area in m², status, category) from CSV
  and Parquet: pandas and polars. They parse and type the columns; they check nothing.
"""

from __future__ import annotations

import json
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

import numpy as np

import industrial_policy as ip
from benchmarks import generate
from benchmarks.harness import Naive, Prepared, median_seconds
from industrial_policy.io import toml_writer
from industrial_policy.io.converter import converter
from industrial_policy.io.files import FORMAT_ID, parse_text

SIZES = {"smoke": {"parcels": 5_000}, "full": {"parcels": 100_000}}
NAIVE_SAMPLE = 5_000
BAR_S = 1.5
"""The bar: 100,000 parcels from the JSON file in at most this many seconds."""


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
    assert ip.loads(ip.dumps(dataset, "toml"), "toml") == dataset


# -- the record-by-record path (before the columnar reader and writer) ------------------


def records_loads(text: str, fmt: str) -> Any:
    """The dataset of a file, every record structured by the cattrs converter."""
    document = parse_text(text, fmt)  # type: ignore[arg-type]
    document.pop("format", None)
    return converter().structure(document, ip.Dataset)


def records_dumps(dataset: Any, fmt: str) -> str:
    """The text of a dataset, every record unstructured by the cattrs converter."""
    data = converter().unstructure(dataset)
    document: dict[str, Any] = {"format": FORMAT_ID}
    document.update({k: v for k, v in data.items() if v not in (None, [], {})})
    if fmt == "toml":
        return toml_writer.dumps(document)
    return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"


# -- peers: the same records from CSV and Parquet ------------------------------------------


def _peer_files(text: str, directory: Path) -> dict[str, Path]:
    """The parcels of the file as CSV and Parquet (the area in m² as a number)."""
    import pandas as pd

    parcels = json.loads(text)["parcels"]
    frame = pd.DataFrame(
        {
            "id": [p["id"] for p in parcels],
            "zone_id": [p["zone_id"] for p in parcels],
            "area_m2": [float(p["area"].split(" ", 1)[0]) for p in parcels],
            "status": [p["status"] for p in parcels],
            "category": [p.get("category") for p in parcels],
        }
    )
    paths = {"csv": directory / "parcels.csv", "parquet": directory / "parcels.parquet"}
    frame.to_csv(paths["csv"], index=False)
    frame.to_parquet(paths["parquet"], index=False)
    return paths


def _peers(text: str, repeats: int) -> dict[str, float]:
    """Seconds for pandas and polars to read the parcels from CSV and from Parquet."""
    try:
        import pandas as pd
        import polars as pl
    except ImportError:  # the peers are optional: pip install pandas polars pyarrow
        return {}
    with tempfile.TemporaryDirectory(prefix="ip-bench-") as folder:
        paths = _peer_files(text, Path(folder))
        readers = {
            "pandas_csv_s": lambda: pd.read_csv(paths["csv"]),
            "polars_csv_s": lambda: pl.read_csv(paths["csv"]),
            "pandas_parquet_s": lambda: pd.read_parquet(paths["parquet"]),
            "polars_parquet_s": lambda: pl.read_parquet(paths["parquet"]),
        }
        return {name: median_seconds(read, repeats) for name, read in readers.items()}


def prepare(size: str, seed: int = 4) -> Prepared:
    shape = SIZES[size]
    text = generate.parcel_file_text(shape["parcels"], "json", seed)
    toml_text = generate.parcel_file_text(shape["parcels"], "toml", seed)
    dataset = ip.loads(text, "json")
    started = time.perf_counter()
    ip.loads(toml_text, "toml")
    toml_first = time.perf_counter() - started
    repeats = 1 if toml_first > 2 else 3
    details = {
        "bar_json_load_s": BAR_S,
        "json_parse_s": median_seconds(lambda: json.loads(text), 3),
        "tomllib_parse_s": median_seconds(lambda: tomllib.loads(toml_text), repeats),
        "toml_load_s": median_seconds(lambda: ip.loads(toml_text, "toml"), repeats),
        "json_dump_s": median_seconds(lambda: ip.dumps(dataset, "json"), 3),
        "toml_dump_s": median_seconds(lambda: ip.dumps(dataset, "toml"), 3),
        "records_json_load_s": median_seconds(lambda: records_loads(text, "json"), 1),
        "records_json_dump_s": median_seconds(lambda: records_dumps(dataset, "json"), 1),
        "records_toml_dump_s": median_seconds(lambda: records_dumps(dataset, "toml"), 1),
        **_peers(text, 3),
    }
    retained, peak = _held(text)
    details.update(
        json_bytes=float(len(text.encode())),
        dataset_bytes=float(retained),
        transient_bytes=float(peak - retained),
    )
    sample = min(NAIVE_SAMPLE, shape["parcels"])
    return Prepared(
        name=f"4. load a parcels file (JSON; bar <= {BAR_S:g} s at 100,000)",
        size=shape,
        ours=lambda: ip.loads(text, "json"),
        floor=lambda: numpy_floor(text),
        naive=Naive(lambda: naive(text, sample), sample, shape["parcels"], "parcels"),
        input_bytes=len(text.encode()),
        check=lambda: check(text, shape["parcels"]),
        details=details,
        repeats=3,
    )
