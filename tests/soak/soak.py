"""Soak run (issue 17): many generated datasets evaluated in one process, memory watched.

    python tests/soak/soak.py --count 10000

Each dataset (``industrial_policy.testing.datasets``) is written as TOML, read back
through the grammar, and evaluated. The resident memory is printed every ``--every``
datasets; a cache that only grows shows as memory growing with the count. Not a test of
the suite (it takes minutes): its figures are reported in the changelog's issue notes.
Prints one line of JSON per checkpoint, then a summary.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
import warnings

from hypothesis import HealthCheck, Phase, given, seed, settings

import industrial_policy as ip
from industrial_policy.dataset import Dataset
from industrial_policy.errors import IndustrialPolicyError
from industrial_policy.evaluate import evaluate_all
from industrial_policy.testing import datasets


def resident_mib() -> float:
    """The process's resident memory in MiB (Linux), else 0."""
    try:
        with open(f"/proc/{os.getpid()}/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except OSError:
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--every", type=int, default=1_000)
    args = parser.parse_args(argv)
    state = {"done": 0, "refused": 0, "crashes": 0, "misread": 0, "findings": 0}
    points: list[dict[str, float]] = []
    start = time.perf_counter()

    def batch(number: int) -> None:
        """``--every`` datasets from a fresh Hypothesis run: a run keeps a tree of what it
        generated, which would grow with the count and hide the library's own memory."""

        @seed(number)
        @settings(
            max_examples=args.every,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(datasets(max_zones=6, max_parcels=10, max_projects=4))
        def one(dataset: Dataset) -> None:
            again = ip.loads(ip.dumps(dataset))
            if again != dataset:
                state["misread"] += 1
            try:
                report = evaluate_all(again, as_of="2025-06-30")
                state["findings"] += len(report.to_dict().get("findings", []))
            except IndustrialPolicyError:
                state["refused"] += 1
            except Exception:
                state["crashes"] += 1
            state["done"] += 1

        one()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for number in range(-(-args.count // args.every)):
            batch(number)
            gc.collect()
            point = {"datasets": state["done"], "rss_mib": round(resident_mib(), 1)}
            point["seconds"] = round(time.perf_counter() - start, 1)
            points.append(point)
            sys.stdout.write(json.dumps(point) + "\n")
            sys.stdout.flush()
    growth = points[-1]["rss_mib"] - points[1]["rss_mib"] if len(points) > 2 else 0.0
    summary = {**state, "rss_growth_after_first_checkpoints_mib": round(growth, 1)}
    sys.stdout.write(json.dumps({"summary": summary}) + "\n")
    return 0 if not state["crashes"] and not state["misread"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
