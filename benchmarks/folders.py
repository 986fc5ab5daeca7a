"""A dataset folder of Parquet tables, written and read, against pyarrow's own time.

``python benchmarks/folders.py [--parcels N] [--zones N] [--repeat N]``: builds a
dataset of zones, parcels and projects from the columnar generator (no record
object per row), then times ``ip.dump(ds, folder, format="parquet")`` and
``ip.load(folder)`` against ``pyarrow.parquet.write_table`` and ``read_table`` of
the same Arrow tables, and prints each best time and the ratio. Reading includes
what pyarrow does not do: every cell checked as the dataset file's are, and the
dataset's integrity checks. Nothing here fails on time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyarrow.parquet as pq

import industrial_policy as ip
from benchmarks import columns
from industrial_policy.io.arrow import to_arrow
from industrial_policy.io.frames import read_frame
from industrial_policy.records import Parcel, Project, Zone


def dataset(zones: int, parcels: int) -> ip.Dataset:
    """The land tables of the generator as a dataset, read from Arrow frames in bulk."""
    frames = columns.frames(columns.land_tables(zones, parcels), "arrow")
    hectares = {"total_area": "ha", "industrial_land_area": "ha"}
    renamed = {field: f"{field}_ha" for field in hectares}
    return ip.Dataset(
        zones=read_frame(Zone, frames["zones"], columns=renamed, units=hectares),
        parcels=read_frame(
            Parcel, frames["parcels"], columns={"area": "area_ha"}, units={"area": "ha"}
        ),
        projects=read_frame(Project, frames["projects"]),
    )


def best(run: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=1_000_000)
    parser.add_argument("--zones", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    ds = dataset(args.zones, args.parcels)
    with tempfile.TemporaryDirectory() as work:
        ours, theirs = Path(work) / "ours", Path(work) / "pyarrow"
        theirs.mkdir()
        tables = to_arrow(ds)

        def write_theirs() -> None:
            for name, table in tables.items():
                pq.write_table(table, theirs / f"{name}.parquet")

        def read_theirs() -> None:
            for name in tables:
                pq.read_table(theirs / f"{name}.parquet")

        rows = [
            ("write", best(lambda: ip.dump(ds, ours, format="parquet"), args.repeat),
             best(write_theirs, args.repeat)),
            ("read", best(lambda: ip.load(ours), args.repeat), best(read_theirs, args.repeat)),
        ]  # fmt: skip
        assert ip.load(ours) == ds
    print(f"{args.parcels:,} parcels, {args.zones:,} zones: ours, pyarrow, ours / pyarrow")
    for what, mine, peer in rows:
        print(f"  {what:<6} {mine:7.2f} s {peer:7.2f} s {mine / peer:6.1f}x")


if __name__ == "__main__":
    main()
