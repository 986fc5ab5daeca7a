"""Parquet files in, by polars or pyarrow: typed columns go to numpy as they are.

A Parquet file holds one table; its rows are numbered from 1 in messages.
Text columns (plain or dictionary-encoded) are coded by Arrow, numbers and
dates handed over as numpy arrays. Needs the ``parquet`` extra (pyarrow,
narwhals); polars reads the file instead when it is installed (it is faster).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from industrial_policy.errors import MissingDependencyError, Problem, TableError

__all__ = ["read_parquet_frame"]


def read_parquet_frame(path: Path) -> Any:
    """The Parquet file at ``path`` as a polars frame (the faster reader, when installed)
    or a pyarrow table."""
    source = str(path)
    if not path.is_file():
        message = "is a directory, not a Parquet file" if path.is_dir() else "no such file"
        raise TableError([Problem(source, message)], source=source)
    try:
        import polars as pl
    except ImportError:
        pass
    else:
        try:
            return pl.read_parquet(path)
        except (pl.exceptions.PolarsError, OSError) as exc:
            raise TableError(
                [Problem(source, f"cannot be read as Parquet: {str(exc).strip() or exc!r}")],
                source=source,
            ) from None
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingDependencyError(
            "reading Parquet files needs pyarrow: pip install 'industrial-policy[parquet]'"
        ) from exc
    try:
        return pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise TableError(
            [Problem(source, f"cannot be read as Parquet: {str(exc).strip() or exc!r}")],
            source=source,
        ) from None
