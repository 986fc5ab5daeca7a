"""A target's baseline: the level the path to the target and a growth are counted from.

The baseline's value is the one the target gives, or else the level on the baseline's day
read like the actual (from the records or an observation of that day; a cumulative flow
counted to that day; a share of flows over the baseline's period). A flow target starts
from zero with its period: its baseline (the previous period's flow) is shown for reference
only. The baseline's inputs are listed after the actual's.
"""

from __future__ import annotations

import datetime as dt

from industrial_policy.findings import InputValue
from industrial_policy.periods import Period
from industrial_policy.records.targets import Measure, TargetKind
from industrial_policy.tracking.points import flow_points
from industrial_policy.tracking.series import flow_over, value_of, window_start
from industrial_policy.tracking.values import Reader
from industrial_policy.tracking.verdict import InsufficientDataError
from industrial_policy.tracking.wording import when_text

__all__ = ["baseline_level"]


def baseline_level(reader: Reader) -> tuple[dt.date, float] | None:
    """The baseline's day and level, or ``None`` without one (or for a flow target)."""
    target, baseline = reader.target, reader.target.baseline
    draft, wording = reader.draft, reader.wording
    if baseline is None:
        return None
    day = baseline.day
    if target.kind is TargetKind.FLOW:
        # A flow starts from zero with its period; a baseline (the previous period's
        # flow) is shown for reference only.
        if baseline.value is not None:
            value = reader.amount_value(baseline.value, day, "baseline")
            draft.details["baseline"] = wording.level_amount(value)
            draft.baseline_inputs.append(
                InputValue(
                    f"baseline ({when_text(baseline.on)}), for reference",
                    wording.level_amount(value),
                    source=baseline.source,
                )
            )
        return None
    if baseline.value is not None:
        value = reader.amount_value(baseline.value, day, "baseline")
        draft.baseline_inputs.append(
            InputValue(
                f"baseline ({when_text(baseline.on)})",
                wording.level_amount(value),
                source=baseline.source,
            )
        )
    elif target.measure is Measure.CUMULATIVE:
        value = _cumulative_on(reader, day)
    elif target.measure is Measure.FLOW:
        if not isinstance(baseline.on, Period):
            raise InsufficientDataError(
                "the baseline of a share of flows is a period ('2021'), or give its value"
            )
        value = flow_over(reader, baseline.on, "baseline")
    elif reader.source == "records":
        value = value_of(reader, reader.records([day], None), "baseline", day)
    else:
        matches = [o for o in reader.observations if o.day == day]
        if not matches:
            raise InsufficientDataError(
                f"the baseline on {day} has no value: give baseline.value or an observation"
                f" of series {target.series_id!r} on that day"
            )
        value = reader.observed(matches[-1])
        draft.baseline_inputs.append(
            InputValue(
                "baseline",
                wording.level_amount(value),
                (matches[-1].ref,),
                1,
                matches[-1].source,
            )
        )
    draft.details["baseline"] = wording.level_amount(value)
    return day, value


def _cumulative_on(reader: Reader, day: dt.date) -> float:
    start = window_start(reader.target)
    assert start is not None
    if reader.source == "records":
        return value_of(reader, reader.records([day], start), "baseline", day)
    points, _ = flow_points(reader.observations, reader.observed, start=start, until=day)
    for point in points:
        if point.day == day:
            reader.draft.baseline_inputs.append(
                InputValue(
                    "baseline",
                    reader.wording.level_amount(point.value),
                    point.refs[:20],
                    len(point.refs),
                    "; ".join(point.sources) or None,
                )
            )
            return point.value
    raise InsufficientDataError(
        f"the baseline on {day} has no value: give baseline.value or an observation"
        f" of series {reader.target.series_id!r} on that day"
    )
