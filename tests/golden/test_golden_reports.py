"""The JSON report of every example dataset, compared with the reviewed copy in ``reports/``.

The reports are what analysts read and quote: every status, number, unit, gap,
citation and sentence of every explanation. A change to any of them must be a
decision, not an accident, so each example's report is kept here and compared
byte for byte. When a change is intended, regenerate the copies and review the
diff like any other change of the code::

    UPDATE_GOLDEN=1 python -m pytest tests/golden
    git diff tests/golden/reports

The examples are evaluated on the day their files name (``[evaluation] as_of``),
so the reports do not depend on the day the tests run.

The generated cases in ``cases/`` (drawn once by ``draw_cases.py``) are made-up
datasets that reach many more branches of the rules, targets and services than
the examples: their reports pin that behaviour. The examples' reports were
checked against the sources; the cases' reports are checked by the rest of the
suite (oracles and invariants), and here only kept from changing unnoticed.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from industrial_policy import examples, load
from industrial_policy.evaluate import evaluate_all

REPORTS = Path(__file__).parent / "reports"
CASES = sorted((Path(__file__).parent / "cases").glob("*.toml"))
# A case without an evaluation day of its own is evaluated on this one.
CASE_DAY = "2024-12-31"


def _compare(name: str, actual: str) -> None:
    path = REPORTS / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8", newline="\n")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), str(path), "now", lineterm="", n=2
        )
        shown = "\n".join(list(diff)[:60])
        pytest.fail(f"the report of {name!r} changed (UPDATE_GOLDEN=1 to accept):\n{shown}")


@pytest.mark.parametrize("name", examples.names())
def test_the_report_of_each_example_is_the_reviewed_one(name: str) -> None:
    _compare(name, evaluate_all(examples.load(name)).to_json() + "\n")


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_the_report_of_each_generated_case_is_unchanged(case: Path) -> None:
    dataset = load(case)
    settings = dataset.evaluation
    day = settings.as_of if settings is not None and settings.as_of else CASE_DAY
    _compare(case.stem, evaluate_all(dataset, as_of=day).to_json() + "\n")


def test_there_are_generated_cases() -> None:
    # The glob above finds nothing if the folder moves: the cases would silently not run.
    assert len(CASES) >= 50
