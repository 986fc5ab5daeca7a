"""Parquet files in, by pyarrow: typed columns go to numpy as they are.

A Parquet file holds one table; its rows are numbered from 1 in messages.
Text columns (plain or dictionary-encoded) are coded by Arrow, numbers and
dates handed over as numpy arrays. Needs the ``parquet`` extra (pyarrow,
narwhals).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from industrial_policy.errors import MissingDependencyError, Problem, TableError

__all__ = ["read_parquet_frame"]


def read_parquet_frame(path: Path) -> Any:
    """The Parquet file at ``path`` as a pyarrow table."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingDependencyError(
            "reading Parquet files needs pyarrow: pip install 'industrial-policy[parquet]'"
        ) from exc
    source = str(path)
    if not path.is_file():
        message = "is a directory, not a Parquet file" if path.is_dir() else "no such file"
        raise TableError([Problem(source, message)], source=source)
    try:
        return pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise TableError(
            [Problem(source, f"cannot be read as Parquet: {str(exc).strip() or exc!r}")],
            source=source,
        ) from None
