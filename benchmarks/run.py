"""Run the benchmarks: ``python benchmarks/run.py [--size smoke|full] [--only N ...]``.

Prints one row per workload (our median time, the numpy floor, their ratio, the
naive approach's time over ours, peak memory over the input's columns) and
writes every number, with the machine it ran on, to a JSON file. Nothing here
fails on time: the smoke size only keeps the suite from rotting.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import dossiers, importing, investment, land, loading
from benchmarks.harness import Result, measure

WORKLOADS = {"1": land, "2": investment, "3": dossiers, "4": loading, "5": importing}


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
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("smoke", "full"), default="smoke")
    parser.add_argument("--only", nargs="*", choices=sorted(WORKLOADS), help="workload numbers")
    parser.add_argument("--json", type=Path, help="where to write the results (default: "
                        "benchmarks/results-SIZE.json)")  # fmt: skip
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baselines")
    args = parser.parse_args(argv)
    results = []
    for key in args.only or sorted(WORKLOADS):
        module = WORKLOADS[key]
        started = time.perf_counter()
        prepared = module.prepare(args.size)
        setup = time.perf_counter() - started
        result = measure(prepared, naive=not args.no_naive)
        result.details["setup_s"] = setup
        if module is importing and result.floor_s is not None:
            result.details["added_s"] = result.ours_s - result.floor_s
        results.append(result)
        print(f"{result.name}: done ({_seconds(result.ours_s)}; setup {setup:.1f} s)",
              file=sys.stderr, flush=True)  # fmt: skip
    print(table(results))
    for r in results:
        notes = [f"{k}={_seconds(v) if k.endswith('_s') else f'{v:,.0f}'}"
                 for k, v in r.details.items()]  # fmt: skip
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
