"""Determinism: the same dataset on the same day gives byte-identical JSON.

Twice in one process (the second run reads what the first cached on the
dataset), on an equal dataset read back from its file, and in a fresh
interpreter with another ``PYTHONHASHSEED`` (so sets of categories or kinds
iterate in another order, and nothing may depend on it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from invariants_support import EVALUATION_DAYS, PACKS

from industrial_policy import Dataset, dumps, examples, loads
from industrial_policy.evaluate import evaluate_all
from industrial_policy.testing import evaluable_datasets

# What the child interpreter runs: every dataset file on every day, one JSON report each.
CHILD = """
import json, sys
from industrial_policy import load
from industrial_policy.evaluate import evaluate_all
files, days, packs = json.loads(sys.argv[1])
print(json.dumps([[evaluate_all(load(f), as_of=d, rule_packs=packs).to_json() for d in days]
                  for f in files]))
"""


def _report(dataset: Dataset, day: str) -> str:
    return evaluate_all(dataset, as_of=day, rule_packs=PACKS).to_json()


@given(evaluable_datasets(), st.sampled_from(EVALUATION_DAYS))
def test_the_same_dataset_twice_gives_the_same_bytes(dataset: Dataset, day: str) -> None:
    first = _report(dataset, day)
    assert _report(dataset, day) == first
    # Equal datasets built again, from one file: no cache of the first one helps.
    text = dumps(dataset)
    assert _report(loads(text), day) == _report(loads(text), day)


def test_a_dataset_and_its_file_give_the_same_bytes() -> None:
    from industrial_policy.records import Observation, Target

    target = Target(
        id="s",
        title="s",
        metric="observed",
        unit="ratio",
        kind="stock",
        comparator="at_least",
        value=0.0,
        deadline="2024-12-31",
    )
    dataset = Dataset(
        targets=[target], observations=[Observation(series="s", on="2024-12-31", value=0.5)]
    )
    again = loads(dumps(dataset))
    assert again == dataset
    assert _report(again, "2025-01-01") == _report(dataset, "2025-01-01")


def _hash_seeds() -> list[str]:
    """Two hash seeds, both different from this interpreter's when it has a fixed one."""
    mine = os.environ.get("PYTHONHASHSEED")
    base = int(mine) + 1 if mine and mine.isdigit() else 1
    return [str(base % 4294967296), str((base + 7919) % 4294967296)]


@pytest.mark.skipif(
    "MUTANT_UNDER_TEST" in os.environ,
    reason="mutation testing: the other interpreters import the library, not the mutant",
)
@settings(max_examples=1)
@given(st.lists(evaluable_datasets(), min_size=4, max_size=4))
def test_another_interpreter_gives_the_same_bytes(
    tmp_path_factory: object, drawn: list[Dataset]
) -> None:
    folder = Path(tmp_path_factory.mktemp("determinism"))  # type: ignore[attr-defined]
    files = [examples.path("combined")]
    for i, dataset in enumerate(drawn):
        files.append(folder / f"drawn-{i}.toml")
        files[-1].write_text(dumps(dataset), encoding="utf-8")
    days = ["2022-12-31", "2024-12-31"]
    from industrial_policy import load

    here = [[_report(load(f), d) for d in days] for f in files]
    argument = json.dumps([[str(f) for f in files], days, list(PACKS)])
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, argument],
            env={**os.environ, "PYTHONHASHSEED": seed},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in _hash_seeds()
    ]
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        assert json.loads(out) == here
