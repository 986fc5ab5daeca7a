"""The mutation score of a sample: ``python score.py sample.txt`` in mutmut's directory.

Reads the outcome of each sampled mutant from ``mutants/**/*.meta`` and prints
the counts, the score (killed ÷ mutants run, timeouts and mutants no test
reaches counted as not killed) and its 95% Wilson interval, and the names of
the mutants not killed.
"""

from __future__ import annotations

import collections
import json
import math
import sys
from pathlib import Path

# mutmut 3.8 exit codes of a mutant's test run
OUTCOMES = {1: "killed", 3: "killed", 0: "survived", 33: "no tests", 34: "skipped"}


def outcomes(sample: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in Path("mutants").rglob("*.meta"):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        for name, code in codes.items():
            if name in sample:
                found[name] = "not run" if code is None else OUTCOMES.get(code, "timeout")
    return found


def wilson(killed: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (math.nan, math.nan)
    p = killed / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def main() -> None:
    sample = set(Path(sys.argv[1]).read_text(encoding="utf-8").split())
    if "--per-module" in sys.argv:
        modules = sorted({name.split(".x", 1)[0] for name in sample})
        for module in modules:
            print(f"== {module}")
            report({name for name in sample if name.split(".x", 1)[0] == module})
        print("== all")
    report(sample)


def report(sample: set[str]) -> None:
    found = outcomes(sample)
    counts = collections.Counter(found.values())
    run = sum(n for outcome, n in counts.items() if outcome not in ("not run", "skipped"))
    killed = counts["killed"]
    low, high = wilson(killed, run)
    print(dict(sorted(counts.items())))
    if run:
        print(f"score {killed}/{run} = {killed / run:.1%} (95% interval {low:.1%}–{high:.1%})")
    for name, outcome in sorted(found.items()):
        if outcome not in ("killed", "not run"):
            print(f"  {outcome}: {name}")


if __name__ == "__main__":
    main()
