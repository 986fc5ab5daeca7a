"""Growth targets: a level turned into a growth since the baseline, and back.

A growth target's threshold is a growth (relative, "+25%", or in percentage points; over
the whole span or per year, compounded), while the series is of levels.
:func:`growth_transform` turns a level on a day into the growth since the baseline;
:func:`level_band` turns the target's band of growths into the band of levels required at
the deadline, so that the path, the requirement and the grade work on levels as for any
other target. :func:`flow_growth` compares a flow over its period with the flow over the
baseline's period (the same part of both before the period ends).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import attrs
from dateutil.relativedelta import relativedelta

from industrial_policy.findings import InputValue
from industrial_policy.periods import Period
from industrial_policy.records.targets import GrowthUnit, Target
from industrial_policy.tracking.progress import years_between
from industrial_policy.tracking.series import flow_over
from industrial_policy.tracking.values import Reader
from industrial_policy.tracking.verdict import InsufficientDataError
from industrial_policy.tracking.wording import Wording

__all__ = ["FlowGrowth", "flow_growth", "grown", "growth_transform", "level_band"]


def growth_transform(
    wording: Wording, baseline: tuple[dt.date, float] | None
) -> Callable[[float, dt.date], float | None]:
    """The growth since ``baseline`` of a level on a day, in the threshold's unit (``None``
    when a yearly rate does not exist yet, or for a level not positive)."""
    target = wording.target
    if baseline is None:
        raise InsufficientDataError("a growth target needs its baseline value")
    base_day, base = baseline
    relative = target.growth_unit is GrowthUnit.RELATIVE
    if relative and base <= 0:
        raise InsufficientDataError(
            f"the baseline is {wording.level_text(base)}: a relative growth from a base that"
            " is not positive is undefined"
        )

    def transform(level: float, day: dt.date) -> float | None:
        years = years_between(base_day, day)
        if target.per_year and years <= 0:
            return None
        if relative:
            ratio = level / base
            if target.per_year:
                return float(ratio ** (1 / years) - 1) if ratio > 0 else None
            return ratio - 1
        points = (level - base) * 100
        return points / years if target.per_year else points

    return transform


def grown(target: Target, base: float, growth: float, years: float) -> float:
    """The level ``base`` grown by ``growth`` (the target's kind of growth) over ``years``."""
    if math.isinf(growth):
        return growth
    if target.growth_unit is GrowthUnit.RELATIVE:
        factor = 1 + growth
        if target.per_year:
            return float(base * max(factor, 0.0) ** years)
        return base * factor
    points = growth * years if target.per_year else growth
    return base + points / 100


def level_band(
    target: Target, baseline: tuple[dt.date, float], deadline: dt.date
) -> tuple[float, float]:
    """The target's band as levels at the deadline (a growth target's required level)."""
    years = years_between(baseline[0], deadline)
    low, high = target.band()
    return grown(target, baseline[1], low, years), grown(target, baseline[1], high, years)


@attrs.frozen
class FlowGrowth:
    """The growth of a flow: ``level`` over ``span`` against ``base`` over ``base_span``."""

    actual: float
    level: float
    base: float
    span: Period
    base_span: Period


def flow_growth(reader: Reader, final: bool) -> FlowGrowth:
    """The growth of the target's flow over its period (so far, before it ends) on the
    flow over the baseline's period (the same part of it)."""
    target, wording = reader.target, reader.wording
    window = target.window_of()
    baseline = target.baseline
    assert window is not None
    assert baseline is not None
    assert isinstance(baseline.on, Period)
    base_period = baseline.on
    offset = relativedelta(window.start, base_period.start)
    years = years_between(base_period.start, window.start)
    if final:
        span, base_span = window, base_period
    else:
        span = Period(window.start, reader.day)
        base_end = reader.day - offset
        base_span = Period(base_period.start, min(base_end, base_period.end))
        reader.draft.notes.append(
            f"before the end of {window}, the growth compares the same part of both periods:"
            f" {span} with {base_span}"
        )
    level = flow_over(reader, span, "actual")
    if baseline.value is not None and base_span == base_period:
        base = reader.amount_value(baseline.value, base_period.end, "baseline")
        reader.draft.inputs.append(
            InputValue(
                f"baseline: {base_period}", wording.level_amount(base), source=baseline.source
            )
        )
    else:
        base = flow_over(reader, base_span, "baseline")
    relative = target.growth_unit is GrowthUnit.RELATIVE
    if relative and base <= 0:
        raise InsufficientDataError(
            f"the base ({base_span}) is {wording.level_text(base)}: a relative growth from a"
            " base that is not positive is undefined"
        )
    if relative:
        ratio = level / base
        actual = (ratio ** (1 / years) - 1 if ratio > 0 else -1.0) if target.per_year else ratio - 1
    else:
        actual = (level - base) * 100 / (years if target.per_year else 1)
    return FlowGrowth(actual, level, base, span, base_span)
