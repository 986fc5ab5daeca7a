"""Permutation invariance: records in another order give the same report.

A dataset is a set of records: the order of its zones, parcels, projects,
procedures, figures, targets, observations, rate targets and dossiers carries
no meaning. Every record list is shuffled; every engine must give the same
findings (by id) with the same statuses and values. Sums of floats taken in
another order differ in their last bits, so hectares agree within
``invariants_support.AREA_RTOL``; explanations list the same records (as a
set: the rule engine lists parcels in dataset order) and the same counts.
"""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st
from invariants_support import (
    AREA_RTOL,
    EVALUATION_DAYS,
    Tolerance,
    area_scale,
    assert_equivalent,
    assert_same_reconciliation,
    evaluate_engines,
    shuffled,
)

from industrial_policy import Dataset, examples, reconcile
from industrial_policy.testing import evaluable_datasets


@given(evaluable_datasets(), st.sampled_from(EVALUATION_DAYS), st.randoms(use_true_random=False))
def test_records_in_any_order_give_the_same_report(
    dataset: Dataset, day: str, rng: random.Random
) -> None:
    other = shuffled(dataset, rng)
    tolerance = Tolerance(area_abs=AREA_RTOL * area_scale(dataset), same_order=False)
    assert_equivalent(evaluate_engines(dataset, day), evaluate_engines(other, day), tolerance)
    assert_same_reconciliation(reconcile(dataset), reconcile(other), tolerance)


def test_the_source_examples_in_reverse_order_give_the_same_report() -> None:
    dataset = examples.load("combined")

    class Reverse(random.Random):
        def shuffle(self, x: list[object]) -> None:  # type: ignore[override]
            x.reverse()

    other = shuffled(dataset, Reverse())
    assert other.zones[0] == dataset.zones[-1]
    tolerance = Tolerance(area_abs=AREA_RTOL * area_scale(dataset), same_order=False)
    for day in ("2021-12-31", "2024-12-31"):
        assert_equivalent(evaluate_engines(dataset, day), evaluate_engines(other, day), tolerance)
