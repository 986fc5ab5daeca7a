"""First use from many threads at once, in a fresh process.

Run by ``tests/test_grammar.py`` in a subprocess (the caches must be cold), or by hand::

    python tests/soak/threads.py --threads 16 --rounds 3

Each thread loads every bundled example and evaluates it; the results (each report's
JSON) must equal those of a serial run made afterwards in the same process. Prints one
line of JSON: threads, rounds, failures and mismatches.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from typing import Any


def _run_one(name: str) -> str:
    from industrial_policy import examples
    from industrial_policy.evaluate import evaluate_all

    dataset = examples.load(name)
    report = evaluate_all(dataset, as_of="2025-06-30")
    return json.dumps(report.to_dict(), sort_keys=True, default=str)


def _all() -> dict[str, str]:
    from industrial_policy import examples

    return {name: _run_one(name) for name in examples.names()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=16)
    args = parser.parse_args(argv)
    barrier = threading.Barrier(args.threads)
    results: list[Any] = [None] * args.threads

    def work(index: int) -> None:
        barrier.wait()  # every thread makes its first call at the same moment
        try:
            results[index] = _all()
        except BaseException as exc:
            results[index] = f"{type(exc).__name__}: {exc}"

    threads = [threading.Thread(target=work, args=(i,)) for i in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    serial = _all()
    failures = [r for r in results if isinstance(r, str)]
    mismatches = sum(1 for r in results if isinstance(r, dict) and r != serial)
    summary = {
        "threads": args.threads,
        "examples": len(serial),
        "failures": len(failures),
        "mismatches": mismatches,
        "errors": sorted(set(failures))[:5],
    }
    sys.stdout.write(json.dumps(summary) + "\n")
    return 0 if not failures and not mismatches else 1


if __name__ == "__main__":
    raise SystemExit(main())
