"""Run the benchmarks: ``python benchmarks/run.py [--size smoke|full] [--only N ...]``.

Prints one row per workload (our median time, the numpy floor, their ratio, the
naive approach's time over ours, peak memory over the input's columns), then,
for the workloads from frames and files, one row with ours, each peer's time
and ours over the best peer named in the workload's bar; and writes every
number, with the machine it ran on, to a JSON file. Workloads whose ``ours``
is still a placeholder (``benchmarks/ours.py``) are skipped, or with
``--peers`` run with the peers alone. Nothing here fails on time: the smoke
size only keeps the suite from rotting.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import ours
from benchmarks.harness import Result, measure

# number: (module, keyword arguments of its ``prepare``, the hook of ours for frame workloads)
WORKLOADS: dict[str, tuple[str, dict[str, str], Any]] = {
    "1": ("land", {}, None),
    "2": ("investment", {}, None),
    "3": ("dossiers", {}, None),
    "4": ("loading", {}, None),
    "5": ("importing", {}, None),
    "6": ("land_frames", {}, ours.land),
    "7": ("investment_frames", {}, ours.targets),
    "8": ("dossiers_frames", {}, ours.dossier_rates),
    "9": ("loading_files", {"fmt": "parquet"}, ours.load),
    "10": ("loading_files", {"fmt": "csv"}, ours.load),
    "11": ("memory", {}, ours.dataset),
    "12": ("geo", {}, None),
}
PEER_PACKAGES = "polars pyarrow pandas duckdb"


def machine() -> dict[str, Any]:
    import numpy
    import pint

    import industrial_policy

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = [line.split(":", 1)[1] for line in info if line.startswith("model name")]
        cpu = names[0].strip() if names else cpu
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "numpy": numpy.__version__,
        "pint": pint.__version__,
        "industrial_policy": industrial_policy.__version__,
        "date": dt.date.today().isoformat(),
    }


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def _times(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}x"


def _layout(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


def _bar(r: Result) -> str:
    if r.bar:
        return f"<= {r.limit:g}x best of {', '.join(r.bar)}"
    return f"held <= {r.limit:g}x Arrow bytes" if r.limit else "-"


def peer_table(results: list[Result]) -> str:
    """Ours, each peer, and ours over the best of the peers named in the bar."""
    names = list(dict.fromkeys(name for r in results for name in r.peers_s))
    headers = ("workload", "ours", *names, "bar", "best in bar", "ours / best")
    rows = [
        (
            r.name,
            _seconds(r.ours_s),
            *(_seconds(r.peers_s.get(name)) for name in names),
            _bar(r),
            r.best_peer or "-",
            _times(r.bar_ratio if r.bar else r.details.get("held_over_arrow")),
        )
        for r in results
    ]
    return _layout(headers, rows)


def table(results: list[Result]) -> str:
    headers = ("workload", "ours", "numpy floor", "ratio", "naive / ours", "peak memory")
    rows = [
        (
            r.name,
            _seconds(r.ours_s),
            _seconds(r.floor_s),
            _times(r.ratio),
            _times(r.naive_ratio),
            f"{r.peak_bytes / 2**20:.1f} MiB ({_times(r.memory_ratio)} input)"
            if r.peak_bytes
            else "-",
        )
        for r in results
    ]
    return _layout(headers, rows)


def _note(key: str, value: float) -> str:
    if key.endswith("_s"):
        return f"{key}={_seconds(value)}"
    return f"{key}={value:,.0f}" if float(value).is_integer() else f"{key}={value:,.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("smoke", "full"), default="smoke")
    parser.add_argument(
        "--only", nargs="*", choices=sorted(WORKLOADS, key=int), help="workload numbers"
    )
    parser.add_argument("--json", type=Path, help="where to write the results (default: "
                        "benchmarks/results-SIZE.json)")  # fmt: skip
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baselines")
    parser.add_argument("--peers", action="store_true", help="time the peers of workloads "
                        "whose ours is not plugged in yet (ours shows as -)")  # fmt: skip
    parser.add_argument("--frames", choices=("polars", "pandas"), default="polars",
                        help="the frames ours receives in workloads 6 to 8 and 11")  # fmt: skip
    parser.add_argument("--rows", choices=("in-order", "shuffled"), default="in-order",
                        help="the parcels' rows in workloads 9 and 10: in the order of their "
                        "ids, or shuffled (ids in no order)")  # fmt: skip
    args = parser.parse_args(argv)
    results = []
    for key in args.only or sorted(WORKLOADS, key=int):
        name, options, hook = WORKLOADS[key]
        if hook is not None and ours.pending(hook) and not args.peers:
            print(f"skipped {key} ({name}): ours is not plugged in yet ({ours.PENDING}); "
                  "--peers times the peers alone", flush=True)  # fmt: skip
            continue
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ImportError as error:
            print(f"skipped {key} ({name}): {error} (the peers need: pip install "
                  f"{PEER_PACKAGES})", flush=True)  # fmt: skip
            continue
        if hook is not None and name != "loading_files":
            options = {**options, "frames": args.frames}
        if name == "loading_files":
            options = {**options, "rows": args.rows}
        started = time.perf_counter()
        prepared = module.prepare(args.size, **options)
        setup = time.perf_counter() - started
        result = measure(prepared, naive=not args.no_naive)
        result.details["setup_s"] = setup
        if name == "importing" and result.floor_s is not None and result.ours_s is not None:
            result.details["added_s"] = result.ours_s - result.floor_s
        results.append(result)
        print(f"{result.name}: done ({_seconds(result.ours_s)}; setup {setup:.1f} s)",
              file=sys.stderr, flush=True)  # fmt: skip
    classic = [r for r in results if r.limit is None]  # against the numpy floor and naive
    against_peers = [r for r in results if r.limit is not None]
    if classic:
        print(table(classic))
    if against_peers:
        print(("\n" if classic else "") + peer_table(against_peers))
    for r in results:
        notes = [_note(k, v) for k, v in r.details.items()]
        if r.naive_note:
            notes.insert(0, f"naive: {r.naive_note}")
        print(f"  {r.name}: " + "; ".join(notes))
    out = args.json or Path(__file__).parent / f"results-{args.size}.json"
    out.write_text(
        json.dumps({"size": args.size, "machine": machine(),
                    "results": [r.to_dict() for r in results]}, indent=2, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )  # fmt: skip
    print(f"results written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
