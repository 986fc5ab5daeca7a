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


def module_of(name: str) -> str:
    """The module a mutant's name starts with (``industrial_policy.money``)."""
    return name.split(".x", 1)[0].split(".x_", 1)[0]


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    size = int(args[0])
    seed = int(args[1]) if len(args) > 1 else 2026
    names = mutant_names()
    print(f"{len(names)} mutants", file=sys.stderr)
    if "--per-module" not in sys.argv:
        print("\n".join(sorted(random.Random(seed).sample(names, min(size, len(names))))))
        return
    by_module: dict[str, list[str]] = {}
    for name in names:
        by_module.setdefault(module_of(name), []).append(name)
    chosen = []
    for module, members in sorted(by_module.items()):
        print(f"{module}: {len(members)} mutants", file=sys.stderr)
        chosen += random.Random(seed).sample(members, min(size, len(members)))
    print("\n".join(sorted(chosen)))


if __name__ == "__main__":
    main()
