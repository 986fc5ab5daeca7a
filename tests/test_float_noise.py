"""Float noise never reaches the figures: a value on its target, within float rounding, is on it.

A growth of exactly +22% computed as 122 ÷ 100 − 1 is 0.22000000000000003; its gap to a 22%
target once read "shortfall: 2.77556e-15 pp". Verdicts and gaps are decided with the same
tolerance (``tracking.progress.EQUAL_RTOL``), and the gap of a value on its bound is 0.
"""

from __future__ import annotations

import math
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.findings import Status
from industrial_policy.tracking import track
from industrial_policy.tracking.progress import EQUAL_RTOL, meets, settle

GROWTHS = st.sampled_from([0.22, 0.15, 0.17, 0.1, 0.3, 0.07, 0.2]) | st.floats(0.01, 2.0).map(
    lambda x: round(x, 4)
)
BASES = st.integers(1, 10**6) | st.floats(0.5, 1e6).map(lambda x: round(x, 2))


def _number(x: float) -> str:
    """A float as exact text the strict notation reads (never three decimals: "2.875" is
    ambiguous, "2.8750" is not)."""
    text = format(Decimal(x), "f")
    if "." in text and len(text.split(".")[1]) == 3:
        text += "0"
    return text


def _growth_dataset(base: float, growth: float, comparator: str) -> ip.Dataset:
    level = base * (1 + growth)  # as a user computes the value the target asks for
    return ip.loads(
        f"""
name = "noise"
[[targets]]
id = "t"
title = "+{growth * 100:g}% on 2024"
province = "Thái Bình"
metric = "observed"
unit = "VND"
kind = "growth"
growth_unit = "relative"
basis = "flow"
comparator = "{comparator}"
value = "{_number(growth * 100)}%"
baseline = {{ on = "2024" }}
deadline = "2025"

[[observations]]
series = "t"
on = "2024"
value = "{_number(base)} billion VND"

[[observations]]
series = "t"
on = "2025"
value = "{_number(level)} billion VND"
"""
    )


@settings(max_examples=60, deadline=None)
@given(BASES, GROWTHS)
def test_a_growth_exactly_on_its_target_is_met_with_no_gap(base: float, growth: float) -> None:
    finding = track(_growth_dataset(base, growth, "at_least"), None, "2025-12-31")["t/Thái Bình"]
    assert finding.status is Status.ACHIEVED
    assert finding.gap is not None
    gap = float(finding.gap.value)
    # Either exactly on it, or a real margin: never a sliver of noise.
    assert gap == 0.0 or abs(gap) > EQUAL_RTOL * growth * 100
    assert "e-" not in finding.explain()


@settings(max_examples=30, deadline=None)
@given(BASES, GROWTHS)
def test_more_than_a_growth_reached_exactly_is_not_met_and_the_gap_is_zero(
    base: float, growth: float
) -> None:
    finding = track(_growth_dataset(base, growth, "more_than"), None, "2025-12-31")["t/Thái Bình"]
    assert finding.gap is not None
    if float(finding.gap.value) == 0.0:  # on the bound: a strict comparison is not met
        assert finding.status.is_failure
        assert "gap:" in finding.explain()  # neither a margin nor a shortfall


@given(
    st.floats(-1e9, 1e9, allow_nan=False),
    st.floats(-1e9, 1e9, allow_nan=False),
)
def test_settle_zeroes_exactly_the_gaps_meets_calls_ties(value: float, bound: float) -> None:
    gap = settle(value - bound, value, bound)
    tie = meets(value, (bound, math.inf), strict_low=True, strict_high=False) != meets(
        value, (bound, math.inf), strict_low=False, strict_high=False
    )
    if tie:  # meets treats the value as on the bound
        assert gap == 0.0
    if gap != 0.0:
        assert gap == value - bound
        assert (gap > 0) == meets(value, (bound, math.inf), strict_low=True, strict_high=False)
