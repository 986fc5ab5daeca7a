"""The path to a target: where it starts, where it should stand today, what is still required.

The path runs from the baseline (a flow: from zero the day before its period starts) to the
edge of the target's band at the deadline. The value expected today is on the straight line
(and, for a growth target, on the curve of constant growth); what is still required is the
change per year, and the compound growth a year for a level that compounds, from today's
level to that edge by the deadline.
"""

from __future__ import annotations

import datetime as dt
import math

from dateutil.relativedelta import relativedelta

from industrial_policy.amounts import Amount
from industrial_policy.records.targets import Measure, Target
from industrial_policy.tracking.draft import Draft
from industrial_policy.tracking.progress import (
    compound_expected,
    linear_expected,
    nearest_edge,
    required_cagr,
    years_between,
)
from industrial_policy.tracking.series import flow_like, window_start
from industrial_policy.tracking.wording import Wording

__all__ = ["expected_path", "path_start", "required"]


def path_start(
    target: Target, baseline: tuple[dt.date, float] | None
) -> tuple[dt.date, float] | None:
    """Where the path starts: the baseline; for a flow without one, zero on the day before
    its period; ``None`` otherwise."""
    if baseline is not None:
        return baseline
    if flow_like(target):
        start = window_start(target)
        # A flow is zero at the end of the day before its period starts.
        return (start - relativedelta(days=1), 0.0) if start is not None else None
    return None


def expected_path(
    wording: Wording,
    draft: Draft,
    *,
    start: tuple[dt.date, float] | None,
    band: tuple[float, float],
    deadline: dt.date,
    final: bool,
    day: dt.date,
    level: float,
    growth: bool,
) -> None:
    """Write the value expected on ``day`` and the progress since the baseline."""
    if start is None:
        if not final:
            draft.notes.append("no baseline: the expected path from a baseline is not computed")
        return
    edge = nearest_edge(start[1], band)
    if not math.isfinite(edge):
        return
    text_of = wording.level_text
    end = (deadline, edge)
    linear = linear_expected(start, end, day)
    draft.details["expected"] = wording.level_amount(linear)
    text = (
        f"expected on {day} on the straight line from {text_of(start[1])}"
        f" ({start[0]}) to {text_of(edge)} ({deadline}):"
        f" {text_of(linear)}"
    )
    if growth:
        compound = compound_expected(start, end, day)
        if compound is not None:
            draft.details["expected_compound"] = wording.level_amount(compound)
            text += f"; growing at a constant rate: {text_of(compound)}"
    draft.steps.append(text)
    if wording.target.baseline is not None and edge != start[1]:
        draft.details["progress_since_baseline"] = Amount.ratio(
            (level - start[1]) / (edge - start[1])
        )


def required(
    wording: Wording,
    draft: Draft,
    *,
    deadline: dt.date,
    day: dt.date,
    level: float,
    band: tuple[float, float],
) -> None:
    """Write the growth and the change per year still required to reach the band."""
    edge = nearest_edge(level, band)
    left = years_between(day, deadline)
    if left <= 0 or not math.isfinite(edge):
        return
    # A flow accumulates within its own period: compounding its running total means nothing.
    flow = wording.target.measure is Measure.FLOW
    rate = None if flow else required_cagr(level, edge, left)
    if rate is not None:
        draft.details["required_cagr"] = Amount.ratio(rate)
    per_year = (edge - level) / left
    draft.details["required_change_per_year"] = wording.change_amount(per_year)
    rate_text = f"{rate:+.4%} a year compounded, or " if rate is not None else ""
    draft.steps.append(
        f"required from {day} to {deadline} ({left:.4g} years): {rate_text}"
        f"{wording.change_text(per_year)} a year, to reach {wording.level_text(edge)}"
    )
