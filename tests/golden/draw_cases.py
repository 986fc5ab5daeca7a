"""Draw the generated golden cases once: ``python tests/golden/draw_cases.py [COUNT]``.

The datasets come from :func:`industrial_policy.testing.evaluable_datasets`
(derandomized), and are kept as files in ``cases/`` so that the golden reports
do not depend on the hypothesis version that drew them. They are made up: their
reports pin the library's behaviour (every number and sentence) across many
more branches than the examples reach, not published figures. Drawing again
replaces the cases; regenerate their reports with ``UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from industrial_policy import Dataset, dumps
from industrial_policy.testing import evaluable_datasets

CASES = Path(__file__).parent / "cases"


def draw(count: int) -> list[str]:
    texts: list[str] = []

    @settings(
        max_examples=count * 4,
        database=None,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(evaluable_datasets())
    def collect(dataset: Dataset) -> None:
        text = dumps(dataset)
        if len(texts) < count and text not in texts and (dataset.zones or dataset.targets):
            texts.append(text)

    collect()
    return texts


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    CASES.mkdir(exist_ok=True)
    for old in CASES.glob("*.toml"):
        old.unlink()
    for i, text in enumerate(draw(count)):
        (CASES / f"case-{i:03d}.toml").write_text(text, encoding="utf-8", newline="\n")


if __name__ == "__main__":
    main()
