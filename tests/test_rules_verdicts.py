"""Verdicts on values known exactly or within bounds, against every comparator."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from industrial_policy.findings import Comparator, Status
from industrial_policy.rules.verdicts import (
    FAIL,
    MISSING,
    NO_THRESHOLD,
    PASS,
    UNDECIDED,
    combine,
    judge,
)

HOLDS = {
    Comparator.AT_LEAST: lambda v, a, b: v >= a,
    Comparator.MORE_THAN: lambda v, a, b: v > a,
    Comparator.AT_MOST: lambda v, a, b: v <= a,
    Comparator.LESS_THAN: lambda v, a, b: v < a,
    Comparator.BETWEEN: lambda v, a, b: a <= v <= b,
}


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(HOLDS)),
    st.integers(0, 40),
    st.integers(0, 20),
    st.integers(0, 40),
    st.integers(0, 20),
)
def test_a_verdict_holds_for_every_value_between_the_bounds(
    comparator: Comparator, low: int, width: int, a: int, span: int
) -> None:
    high, b = low + width, a + span
    upper = float(b) if comparator is Comparator.BETWEEN else None
    v = judge(
        np.array([float(low)]),
        np.array([float(high)]),
        np.array([np.nan]),
        np.zeros(1, dtype=np.int64),
        share=False,
        comparator=comparator,
        threshold=float(a),
        upper=upper,
    )
    values = range(low, high + 1)  # integers: the pass region, if met, holds one of them
    passing = [HOLDS[comparator](x, a, b) for x in values]
    expected = PASS if all(passing) else (FAIL if not any(passing) else UNDECIDED)
    assert int(v.state[0]) == expected
    margins = [_margin(comparator, x, a, b) for x in values]
    if expected == PASS:
        assert v.gap[0] == min(margins) >= 0  # the least margin, sure to hold
    elif expected == FAIL:
        assert v.gap[0] == max(margins) <= 0  # the least shortfall
    else:
        assert np.isnan(v.gap[0])


def _margin(comparator: Comparator, x: int, a: int, b: int) -> int:
    if comparator in (Comparator.AT_LEAST, Comparator.MORE_THAN):
        return x - a
    if comparator in (Comparator.AT_MOST, Comparator.LESS_THAN):
        return a - x
    return min(x - a, b - x)


def test_about_is_within_a_tolerance() -> None:
    v = judge(
        np.array([0.22, 0.26, 0.20]) * 100,
        np.array([0.22, 0.26, 0.20]) * 100,
        np.full(3, 100.0),
        np.zeros(3, dtype=np.int64),
        share=True,
        comparator=Comparator.ABOUT,
        threshold=0.2,
        upper=0.03,
    )
    assert v.state.tolist() == [PASS, FAIL, PASS]
    assert v.gap.tolist() == pytest.approx([1.0, -3.0, 3.0])


def test_shares_over_a_missing_or_zero_base_are_missing_data() -> None:
    v = judge(
        np.array([1.0, 0.0, 5.0]),
        np.array([1.0, 0.0, 5.0]),
        np.array([np.nan, 0.0, 10.0]),
        np.array([0, 0, 4]),
        share=True,
        comparator=Comparator.AT_LEAST,
        threshold=0.2,
    )
    assert v.state.tolist() == [MISSING, MISSING, MISSING]
    assert np.isnan(v.gap).all()
    open_ended = judge(
        np.array([1.0]),
        np.array([1.0]),
        np.array([10.0]),
        np.zeros(1, dtype=np.int64),
        share=True,
        comparator=Comparator.AT_LEAST,
        threshold=None,
    )
    assert open_ended.state.tolist() == [NO_THRESHOLD]


def test_a_share_one_ulp_below_the_threshold_is_on_it() -> None:
    half = np.nextafter(30.0, 0.0)
    v = judge(
        np.array([half]),
        np.array([half]),
        np.array([60.0]),
        np.zeros(1, dtype=np.int64),
        share=True,
        comparator=Comparator.AT_LEAST,
        threshold=0.5,
    )
    assert v.state.tolist() == [PASS]
    assert v.gap.tolist() == [0.0]


def test_any_condition_is_enough() -> None:
    states = [
        np.array([PASS, FAIL, FAIL, MISSING, UNDECIDED, NO_THRESHOLD, FAIL]),
        np.array([FAIL, FAIL, MISSING, FAIL, FAIL, FAIL, PASS]),
    ]
    gaps = [
        np.array([2.0, -5.0, -1.0, np.nan, np.nan, np.nan, -4.0]),
        np.array([-3.0, -2.0, np.nan, -1.0, -7.0, -1.0, 6.0]),
    ]
    statuses, gap = combine(states, gaps)
    assert statuses == [
        Status.PASS,
        Status.FAIL,
        Status.INSUFFICIENT_DATA,
        Status.INSUFFICIENT_DATA,
        Status.INSUFFICIENT_DATA,
        Status.MEASURED,
        Status.PASS,
    ]
    assert gap[:2].tolist() == [2.0, -2.0]  # the better condition's gap
    assert gap[6] == 6.0
    assert np.isnan(gap[2:6]).all()
    unchecked, _ = combine(states[:1], gaps[:1], unchecked=True)
    assert unchecked[:3] == [Status.PASS, Status.INSUFFICIENT_DATA, Status.INSUFFICIENT_DATA]
