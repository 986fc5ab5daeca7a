"""Print a seeded random sample of the mutants mutmut generated in the current directory.

``python sample.py SIZE [SEED]``: the names of every mutant are read from
mutmut's ``mutants/**/*.meta`` files, sorted, and sampled with ``random``
seeded by SEED, so the same code gives the same sample.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path


def mutant_names() -> list[str]:
    return sorted(
        name
        for meta in Path("mutants").rglob("*.meta")
        for name in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    )


def main() -> None:
    size = int(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 2026
    names = mutant_names()
    print(f"{len(names)} mutants", file=sys.stderr)
    print("\n".join(sorted(random.Random(seed).sample(names, min(size, len(names))))))


if __name__ == "__main__":
    main()
