"""Verdicts for every subject at once: a value, or the bounds it lies between, against a threshold.

A value is known exactly, or only to lie between bounds (when the use of
some leased land is not recorded, or an input is missing). A condition
holds when every value between the bounds satisfies the comparator, fails
when none does, and is undecided otherwise. Values within
:data:`RELATIVE_TOLERANCE` of a threshold count as on it, so that float
error from a unit conversion never turns an exact 50% into a failure.

>>> import numpy as np
>>> from industrial_policy.findings import Comparator
>>> v = judge(np.array([45.0, 30.0, 10.0]), np.array([45.0, 30.0, 40.0]),
...           np.array([300.0, 60.0, 100.0]), np.zeros(3, dtype=np.int64),
...           share=True, comparator=Comparator.AT_LEAST, threshold=0.2)
>>> v.state.tolist(), v.gap.tolist()[:2]
([1, 0, 2], [-15.0, 18.0])
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.findings import Comparator, Status

__all__ = ["RELATIVE_TOLERANCE", "Verdicts", "combine", "judge"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

RELATIVE_TOLERANCE = 1e-9
"""Values within one part in 10⁹ of a threshold count as equal to it."""

# States of one condition on one subject.
PASS, FAIL, UNDECIDED, MISSING, NO_THRESHOLD = 0, 1, 2, 3, 4


@attrs.frozen
class Verdicts:
    """One condition on every subject of a level.

    ``low`` and ``high`` are the value's bounds in the measure's unit (a
    share, or hectares), equal when the value is known; ``gap`` is in
    hectares (for a share: the share's gap times its base), the least the
    verdict is certain of, NaN unless the condition surely holds or fails.
    """

    state: IntArray
    low: FloatArray
    high: FloatArray
    gap: FloatArray


def judge(
    low: FloatArray,
    high: FloatArray,
    base: FloatArray,
    missing: IntArray,
    *,
    share: bool,
    comparator: Comparator,
    threshold: float | None,
    upper: float | None = None,
) -> Verdicts:
    """The condition ``value <comparator> threshold`` on every subject.

    ``low``/``high`` are hectares (the bounds of the numerator, for a
    share); ``base`` the share's denominator; ``missing`` is non-zero where
    data is missing. A share over a base that is zero or not recorded is
    missing data, never 0%.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        if share:
            usable = base > 0  # False for NaN too
            lo = np.where(usable, low / base, np.nan)
            hi = np.where(usable, high / base, np.nan)
            scale = np.where(usable, base, np.nan)
            lacking = (missing != 0) | ~usable
        else:
            lo, hi, scale = low, high, np.ones_like(low)
            lacking = (missing != 0) | np.isnan(low)
    if threshold is None:
        state = np.where(lacking, MISSING, NO_THRESHOLD).astype(np.int64)
        return Verdicts(state, lo, hi, np.full_like(lo, np.nan))
    a, b = _range(comparator, threshold, upper)
    slack = RELATIVE_TOLERANCE * max(abs(threshold), abs(upper or 0.0), 1e-12)
    with np.errstate(invalid="ignore"):
        certain, possible = _interval(comparator, lo, hi, a, b, slack)
        # Gaps are taken in hectares (45 ha − 20% × 300 ha), not as a share times its
        # base, so that a shortfall of 15 ha reads 15 ha and not 15.000000000000005.
        pass_gap, fail_gap = _gaps(comparator, low, high, a * scale, b * scale)
        state = np.where(certain, PASS, np.where(possible, UNDECIDED, FAIL))
        state = np.where(lacking, MISSING, state).astype(np.int64)
        gap = np.where(state == PASS, pass_gap, np.where(state == FAIL, fail_gap, np.nan))
        gap = np.where(np.abs(gap) <= slack * scale, 0.0, gap)
    return Verdicts(state, lo, hi, np.where(np.isfinite(gap), gap, np.nan))


def _range(comparator: Comparator, threshold: float, upper: float | None) -> tuple[float, float]:
    if comparator is Comparator.BETWEEN:
        return threshold, upper if upper is not None else threshold
    if comparator is Comparator.ABOUT:
        tolerance = upper or 0.0
        return threshold - tolerance, threshold + tolerance
    return threshold, threshold


def _interval(
    comparator: Comparator, lo: FloatArray, hi: FloatArray, a: float, b: float, slack: float
) -> tuple[BoolArray, BoolArray]:
    """Whether every value in [lo, hi] passes, and whether some value does."""
    if comparator is Comparator.AT_LEAST:
        return lo >= a - slack, hi >= a - slack
    if comparator is Comparator.MORE_THAN:
        return lo > a + slack, hi > a + slack
    if comparator is Comparator.AT_MOST:
        return hi <= a + slack, lo <= a + slack
    if comparator is Comparator.LESS_THAN:
        return hi < a - slack, lo < a - slack
    return (lo >= a - slack) & (hi <= b + slack), (hi >= a - slack) & (lo <= b + slack)


def _gaps(
    comparator: Comparator, lo: FloatArray, hi: FloatArray, a: FloatArray, b: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """The least margin when every value passes, and the least shortfall when none does
    (signed: a margin is positive), for values between ``lo`` and ``hi``."""
    if comparator in (Comparator.AT_LEAST, Comparator.MORE_THAN):
        return lo - a, hi - a
    if comparator in (Comparator.AT_MOST, Comparator.LESS_THAN):
        return a - hi, a - lo
    return np.minimum(lo - a, b - hi), np.where(hi < a, hi - a, b - lo)


def combine(
    states: Sequence[IntArray],
    gaps: Sequence[FloatArray],
    *,
    unchecked: bool | BoolArray = False,
) -> tuple[list[Status], FloatArray]:
    """The rule's status and gap from its conditions, any one of which is enough.

    A rule passes when a condition passes; is insufficient data when a
    condition lacks data or cannot be decided (or when an alternative the
    data cannot show, ``unchecked``, might still hold: for every subject, or
    per subject); is measured when it
    has no threshold; and fails when every condition fails. Its gap is the
    best of the conditions' gaps.
    """
    stack = np.stack(states)
    any_pass = (stack == PASS).any(axis=0)
    any_missing = (stack == MISSING).any(axis=0)
    any_open = (stack == NO_THRESHOLD).any(axis=0)
    any_undecided = (stack == UNDECIDED).any(axis=0) | unchecked
    codes = np.select(
        [any_pass, any_missing, any_open, any_undecided],
        [0, 2, 3, 2],
        default=1,
    )
    table = (Status.PASS, Status.FAIL, Status.INSUFFICIENT_DATA, Status.MEASURED)
    statuses = [table[c] for c in codes.tolist()]
    conclusive = (codes == 0) | (codes == 1)
    best = np.fmax.reduce(np.stack(gaps))  # fmax skips NaN (no gap) without a warning
    return statuses, np.where(conclusive, best, np.nan)
