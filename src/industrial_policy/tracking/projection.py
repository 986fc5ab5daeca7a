"""The projection of a tracked level to the deadline, and the trend it rests on.

The method is :class:`~industrial_policy.tracking.progress.TrackingParameters`'
``projection``: a flow's running total at its pace so far, otherwise the compound annual
growth rate (ESCAP) or the least-squares line
(:func:`~industrial_policy.tracking.progress.project`).
A share of flows holds the mix so far to the end of the period; the growth of a flow holds
the same-period growth so far. The trend (growth or change per year) is a detail of the
finding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from industrial_policy.amounts import Amount
from industrial_policy.records.targets import Measure, Target, TargetKind
from industrial_policy.tracking.draft import Draft
from industrial_policy.tracking.progress import (
    Projection,
    ProjectionMethod,
    project,
)
from industrial_policy.tracking.series import flow_like, window_start
from industrial_policy.tracking.wording import Wording

__all__ = ["describe_trend", "projection_of", "same_period"]


def projection_of(
    target: Target,
    points: Sequence[tuple[dt.date, float]],
    deadline: dt.date,
    method: ProjectionMethod,
) -> Projection | None:
    """The level projected at ``deadline`` from the series ``points``; ``None`` when the
    points are too few."""
    if target.measure is not Measure.STOCK and target.share:
        # A share of flows: the mix so far is held to the end of the period.
        last = points[-1]
        return Projection(last[1], "same_share", 0.0, 0, points[0], last)
    running = flow_like(target) and target.kind is not TargetKind.GROWTH
    origin = window_start(target) if running else None
    return project(list(points), deadline, method, origin=origin)


def same_period(actual: float, start: dt.date, day: dt.date) -> Projection:
    """The growth of a flow for its whole period: the growth so far, ``actual``, held."""
    sign = (actual > 0) - (actual < 0)
    return Projection(actual, "same_period", actual, sign, (start, 0.0), (day, actual))


def describe_trend(
    projection: Projection, method: ProjectionMethod, wording: Wording, draft: Draft
) -> None:
    """Write the observed trend as a detail, and how the projection was chosen."""
    if projection.method == "cagr":
        draft.details["observed_cagr"] = Amount.ratio(projection.rate)
    elif projection.method in ("linear", "run_rate"):
        draft.details["trend_per_year"] = wording.change_amount(projection.rate)
    if projection.method == "same_share":
        draft.steps.append(
            f"projection: the share so far, {wording.level_text(projection.value)}, held to"
            f" the end of the period"
        )
    if method is not ProjectionMethod.AUTO:
        draft.notes.append(f"projection method set to {method.value}")
