"""Workloads 9 and 10: loading parcels from Parquet and from CSV, against polars and others.

The files: the ``zones`` and ``parcels`` tables of ``columns.land_tables`` (one
zone per hundred parcels, no tenants), written once per run with
``columns.write_parquet`` and ``columns.write_csv``. Each peer reads both files
of a format to frames holding the same information as the tables (for CSV: the
dates parsed as dates), which its ``check`` compares with the tables column by
column.

The bar (from the issue): ours, from the files to a dataset, within 3x polars
reading the same files (``pl.read_parquet`` / ``pl.read_csv``).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from benchmarks import columns, ours
from benchmarks.harness import Peer, Prepared

SIZES = {"smoke": {"parcels": 5_000}, "full": {"parcels": 100_000}}
BAR = ("polars",)
LIMIT = 3.0
DATES = ["lease_start", "lease_end"]


def _read(read: Any, paths: dict[str, Path]) -> dict[str, Any]:
    return {name: read(path) for name, path in paths.items()}


def peers_for(fmt: str, paths: dict[str, Path]) -> dict[str, Any]:
    """name -> a function reading both files to frames."""
    con = duckdb.connect()

    def sql(function: str) -> Any:
        return lambda path: con.sql(f"SELECT * FROM {function}('{path}')").to_arrow_table()

    if fmt == "parquet":
        readers = {
            "polars": pl.read_parquet,
            "pyarrow": pq.read_table,
            "pandas": pd.read_parquet,
            "DuckDB": sql("read_parquet"),
        }
    else:
        readers = {
            "polars": lambda path: pl.read_csv(path, try_parse_dates=True),
            "pyarrow": lambda path: pa_csv.read_csv(  # an empty field is missing, as in polars
                path, convert_options=pa_csv.ConvertOptions(strings_can_be_null=True)
            ),
            "pandas": lambda path: pd.read_csv(
                path, parse_dates=[d for d in DATES if path.stem == "parcels"]
            ),
            "DuckDB": sql("read_csv_auto"),
        }
    return {name: (lambda read=read: _read(read, paths)) for name, read in readers.items()}


def checker(expected: dict[str, pa.Table], who: str) -> Any:
    """Every column of every table holds the generated values (same types once cast)."""

    def check(result: dict[str, Any]) -> None:
        for name, table in expected.items():
            got = result[name]
            if isinstance(got, pd.DataFrame):
                got = pa.Table.from_pandas(got, preserve_index=False)
            elif isinstance(got, pl.DataFrame):
                got = got.to_arrow()
            assert got.column_names == table.column_names, (who, name, got.column_names)
            for column in table.column_names:
                want = table[column]
                have = got[column].cast(want.type)
                assert have.equals(want), f"{who}: {name}.{column}: {have[:3]} != {want[:3]}"

    return check


def check_ours(dataset: Any, expected: dict[str, pa.Table]) -> None:
    parcels = expected["parcels"]
    assert len(dataset.parcels) == len(parcels)
    areas = np.asarray(dataset.columns.parcels.area_ha)
    assert np.allclose(areas, parcels["area_ha"].to_numpy(), rtol=1e-12, atol=0)


def write_files(
    parcels: int, seed: int = 4, *, shuffled: bool = False
) -> tuple[Path, dict[str, pa.Table]]:
    """A temporary directory (removed at exit) with the tables in both formats; with
    ``shuffled``, the parcels' rows in a random order (their ids then in no order, as in a
    file sorted by another column), else in the order of their ids (p0, p1, ..., p99999)."""
    tables = columns.land_tables(max(parcels // 100, 1), parcels, seed, tenants=0)
    del tables["projects"]
    if shuffled:
        parcel_table = tables["parcels"]
        order = np.random.default_rng(seed).permutation(len(parcel_table))
        tables["parcels"] = columns.Table(
            {name: value[order] for name, value in parcel_table.columns.items()},
            {name: mask[order] for name, mask in parcel_table.valid.items()},
        )
    directory = Path(tempfile.mkdtemp(prefix="ip-bench-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    columns.write_parquet(tables, directory)
    columns.write_csv(tables, directory)
    return directory, columns.to_arrow(tables)


def prepare(size: str, seed: int = 4, fmt: str = "parquet", rows: str = "in-order") -> Prepared:
    shape = SIZES[size]
    started = time.perf_counter()
    directory, expected = write_files(shape["parcels"], seed, shuffled=rows == "shuffled")
    written = time.perf_counter()
    paths = {name: directory / f"{name}.{fmt}" for name in expected}
    number, title = {"parquet": ("9", "Parquet"), "csv": ("10", "CSV")}[fmt]

    def load() -> Any:
        return ours.load(paths["zones"], paths["parcels"])

    return Prepared(
        name=f"{number}. load parcels ({title}{', rows shuffled' if rows == 'shuffled' else ''})",
        size=shape,
        ours=None if ours.pending(ours.load) else load,
        floor=None,
        naive=None,
        input_bytes=sum(path.stat().st_size for path in paths.values()),
        check=lambda: check_ours(load(), expected),
        details={
            "write_s": written - started,
            **{f"{name}_file_bytes": float(path.stat().st_size) for name, path in paths.items()},
        },
        peers=tuple(
            Peer(name, run, checker(expected, name)) for name, run in peers_for(fmt, paths).items()
        ),
        bar=BAR,
        limit=LIMIT,
    )
