"""The verdict on a tracked target: whether it applies yet, whether it is met, its status.

The rules (``docs/targets.md``): before its period or its baseline a target is not
applicable (:func:`not_yet`). Once the deadline has passed, the value on the deadline decides:
achieved or off track (:func:`at_deadline`). Before it, only a flow or a cumulative flow with
"at least" or "more than" can be achieved early (:func:`early_allowed`); every other target is
graded on its projection (:func:`~industrial_policy.tracking.progress.grade`, ESCAP
anticipated progress) as on track, at risk, off track or regressing. A number the
computation needs and cannot find makes the verdict insufficient data
(:class:`InsufficientDataError`, which names it).
"""

from __future__ import annotations

import datetime as dt
import math

from industrial_policy.amounts import Amount
from industrial_policy.comparators import Comparator
from industrial_policy.findings import ParameterUse, Status
from industrial_policy.records.targets import Measure, Target, TargetKind
from industrial_policy.tracking.progress import (
    ESCAP_CITATION,
    Grade,
    TrackingParameters,
    meets,
    settle,
)

__all__ = [
    "InsufficientDataError",
    "at_deadline",
    "at_risk_use",
    "early_allowed",
    "gap",
    "graded_reason",
    "is_met",
    "not_yet",
    "strictness",
]


class InsufficientDataError(Exception):
    """A number the computation needs is missing: becomes an ``insufficient_data`` finding.
    ``missing`` names what to add, as an input of the finding's explanation with no value
    (the ``missing`` column of its row)."""

    def __init__(self, reason: str, missing: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.missing = missing


def not_yet(target: Target, as_of: dt.date) -> str | None:
    """Why the target is not applicable on ``as_of`` (before its period or baseline), or
    ``None`` when it is."""
    window = target.window_of()
    if window is not None and as_of < window.start:
        return f"the target's period {window} has not begun on {as_of.isoformat()}"
    if target.since is not None and as_of < target.since:
        return f"the cumulative count starts on {target.since.isoformat()}"
    baseline = target.baseline
    if (
        baseline is not None
        and target.kind is not TargetKind.GROWTH
        and target.measure is Measure.STOCK
        and as_of < baseline.day
    ):
        return f"tracking starts at the baseline, {baseline.day.isoformat()}"
    if (
        baseline is not None
        and target.kind is TargetKind.GROWTH
        and target.measure is not Measure.FLOW
        and as_of <= baseline.day
    ):
        return f"the growth is counted from the baseline, {baseline.day.isoformat()}"
    return None


def strictness(target: Target) -> tuple[bool, bool]:
    """Whether the band's low and high ends exclude their bound ("more than", "less than")."""
    return (
        target.comparator is Comparator.MORE_THAN,
        target.comparator is Comparator.LESS_THAN,
    )


def is_met(target: Target, actual: float) -> bool:
    """Whether ``actual`` (in the threshold's unit) is in the target's band."""
    strict = strictness(target)
    return meets(actual, target.band(), strict_low=strict[0], strict_high=strict[1])


def early_allowed(target: Target) -> bool:
    """Whether the target can be achieved before its deadline: a flow counted "at least"."""
    return target.kind in (TargetKind.FLOW, TargetKind.CUMULATIVE) and target.lower_bound


def gap(actual: float, band: tuple[float, float]) -> float:
    """The signed distance to the band: negative outside it, the margin inside it; a value on a
    bound within float noise is on it (a gap of 0, as :func:`meets` decides the tie)."""
    low, high = band
    below = actual - low if math.isfinite(low) else math.inf
    above = high - actual if math.isfinite(high) else math.inf
    return settle(min(below, above), actual, low, high)


def at_deadline(
    target: Target, deadline: dt.date, actual_day: dt.date, met: bool
) -> tuple[Status, str]:
    """The status once the deadline has passed, from the value of ``actual_day``.

    Raises :class:`InsufficientDataError` when that value is not of the deadline, unless the
    target was met early and may be (:func:`early_allowed`).
    """
    if actual_day != deadline:
        early = early_allowed(target) and met
        if not early:
            raise InsufficientDataError(
                f"no value on the deadline {deadline}: the latest is of {actual_day}",
                f"value on the deadline {deadline}",
            )
    status = Status.ACHIEVED if met else Status.OFF_TRACK
    if actual_day != deadline:
        reason = (
            f"met by {actual_day}, before the deadline: a flow counted with 'at least'"
            " or 'more than' stays achieved"
        )
    elif met:
        reason = f"the deadline ({deadline}) is reached and the target is met"
    else:
        reason = f"the deadline ({deadline}) is reached without the target met"
    return status, reason


def graded_reason(verdict: Grade, met: bool, deadline: dt.date) -> str:
    """The reason of a graded status; a target met early but judged at the deadline says so."""
    if met and verdict.status is Status.ON_TRACK:
        return f"already met, and judged at the deadline ({deadline}); {verdict.reason}"
    return verdict.reason


def at_risk_use(params: TrackingParameters) -> ParameterUse:
    """The grading threshold as a parameter of the finding, with where it comes from."""
    chosen = (
        "the library's default, not an ESCAP figure"
        if params.at_risk_gap == TrackingParameters().at_risk_gap
        else "set in TrackingParameters"
    )
    return ParameterUse(
        "targets.at_risk_gap",
        Amount.ratio(params.at_risk_gap),
        citation=f"{ESCAP_CITATION}; threshold: {chosen}",
    )
