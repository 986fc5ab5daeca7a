"""Parquet files in, by polars or pyarrow: typed columns go to numpy as they are.

A Parquet file holds one table; its rows are numbered from 1 in messages.
Text columns come coded by their distinct values as Parquet stores them
(but for ids and names), numbers and dates are handed over as numpy arrays.
Needs the ``parquet`` extra (pyarrow, narwhals); polars reads the file when
pyarrow is not installed.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from industrial_policy.errors import MissingDependencyError, Problem, TableError

__all__ = ["THREADED_ROWS", "read_parquet_frame"]

THREADED_ROWS = 10_000
"""From this many rows a file is read on Arrow's threads. A smaller one is read on the
caller's thread: read beside a large one, it would wait in Arrow's pool behind the large
one's columns (1,000 zones beside 100,000 parcels: 2.5 ms instead of 0.7 ms)."""


def read_parquet_frame(path: Path, *, plain: Collection[str] = ()) -> Any:
    """The Parquet file at ``path`` as a pyarrow table, its text columns read coded by
    their distinct values (Parquet stores them so) but for the ``plain`` ones (ids, names);
    a polars frame when pyarrow is not installed."""
    source = str(path)
    if not path.is_file():
        message = "is a directory, not a Parquet file" if path.is_dir() else "no such file"
        raise TableError([Problem(source, message)], source=source)
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        pass
    else:
        try:
            # The footer is read once: for the schema, then for the read itself.
            with pq.ParquetFile(path) as opened:
                metadata = opened.metadata
                coded = [
                    field.name
                    for field in opened.schema_arrow
                    if field.name not in plain
                    and (pa.types.is_string(field.type) or pa.types.is_large_string(field.type))
                ]
            with pq.ParquetFile(path, metadata=metadata, read_dictionary=coded) as reader:
                # Arrow's threads for a large file; a small one read on the caller's thread
                # does not queue behind a large file's columns in Arrow's pool.
                return reader.read(use_threads=metadata.num_rows >= THREADED_ROWS)
        except (pa.ArrowException, OSError) as exc:
            raise TableError(
                [Problem(source, f"cannot be read as Parquet: {str(exc).strip() or exc!r}")],
                source=source,
            ) from None
    try:
        import polars as pl
    except ImportError as exc:
        raise MissingDependencyError(
            "reading Parquet files needs pyarrow: pip install 'industrial-policy[parquet]'"
        ) from exc
    try:
        return pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise TableError(
            [Problem(source, f"cannot be read as Parquet: {str(exc).strip() or exc!r}")],
            source=source,
        ) from None
