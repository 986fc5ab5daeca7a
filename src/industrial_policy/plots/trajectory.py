"""A target's trajectory: baseline, actual values, expected path, projection, target and deadline.

A target finding (:func:`industrial_policy.tracking.track`) is the state of a
target on one day. It carries the actual value, the baseline, the
projection to the deadline and, for a growth, the level required, in its
``details``; the deadline and the baseline's date are the target's. So the
plot takes the finding (or several findings of one target tracked on
different days, for the history) and, to place things in time, the target.
:func:`track_history` tracks a target on every year end and every
observation date up to a day, which is the history a trajectory needs.

>>> from industrial_policy import Dataset
>>> from industrial_policy.records import Observation, Target
>>> from industrial_policy.plots import plot_target_trajectory, track_history
>>> target = Target(id="hd-hsi-2025", title="250 HSI businesses by 2025", metric="businesses",
...                 kind="stock", categories=["hi_tech", "supporting_industry"],
...                 comparator="at_least", value=250, deadline="2025", province="Hải Dương",
...                 baseline={"on": "2021-12-31", "value": 200})
>>> counts = [Observation(series="hd-hsi-2025", on=f"{year}-12-31", value=count)
...           for year, count in ((2022, 210), (2023, 220), (2024, 240))]
>>> history = track_history(Dataset(observations=counts), target, "2025-02-01")
>>> [str(f.actual) for f in history]
['210', '220', '240', '240']
>>> figure = plot_target_trajectory(history, target)
>>> figure.axes[0].get_ylabel()
'level (count)'
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from industrial_policy.amounts import Amount
from industrial_policy.comparators import Comparator
from industrial_policy.dataset import Dataset
from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import Finding, Report, Status
from industrial_policy.periods import parse_date
from industrial_policy.plots._matplotlib import axes_for, in_language
from industrial_policy.plots._units import AxisUnit
from industrial_policy.records.observations import Observation
from industrial_policy.records.rate_targets import RateTarget, RateTargetKind
from industrial_policy.records.targets import Measure, Target, TargetKind
from industrial_policy.services.rate_targets import trajectory
from industrial_policy.tracking import TrackingParameters, track

__all__ = ["TargetTrajectory", "plot_target_trajectory", "track_history", "trajectory_of"]

Point = tuple[dt.date, float]

MAX_HISTORY_DATES = 60
""":func:`track_history` tracks a target on at most this many days (the latest ones)."""


@attrs.frozen
class TargetTrajectory:
    """The numbers a trajectory plot draws, all in the level's unit (``unit``).

    * ``actuals``: the level on each day a finding was tracked (its
      ``as_of``, or the deadline when that is earlier: the value known that
      day); for a growth target, the level the growth is measured on;
    * ``baseline``: the baseline's date and value;
    * ``path``: the expected path, from the baseline (or zero at the start
      of a flow's period) to the target at the deadline; for a rate growth
      target, the value required on each anniversary; ``path_label`` says which;
    * ``projection``: from the latest actual to the value projected at the
      deadline;
    * ``target_levels``: the level(s) the target asks for (two for a range);
      ``target_label`` says what they are;
    * ``growth``: the target is a growth, drawn in levels;
    * ``notes``: what could not be drawn, and why.
    """

    check_id: str
    subject_id: str
    title: str
    status: Status
    as_of: dt.date
    unit: str
    actuals: tuple[Point, ...]
    baseline: Point | None
    path: tuple[Point, ...]
    projection: tuple[Point, Point] | None
    target_levels: tuple[float, ...]
    target_label: str
    path_label: str
    deadline: dt.date | None
    growth: bool
    notes: tuple[str, ...]

    def values(self) -> list[float]:
        """Every number drawn (to choose the axis' scale)."""
        found = [v for _, v in self.actuals] + [v for _, v in self.path]
        found += list(self.target_levels)
        if self.baseline is not None:
            found.append(self.baseline[1])
        if self.projection is not None:
            found += [self.projection[0][1], self.projection[1][1]]
        return found


def _findings_of(findings: Finding | Iterable[Finding]) -> list[Finding]:
    if isinstance(findings, Report):
        ids = [f.id for f in findings if f.kind == "target"]
        which = (
            f"one of its target findings, such as report[{ids[0]!r}]; they are: "
            + ", ".join(repr(i) for i in ids[:10])
            + (f", … {len(ids) - 10} more" if len(ids) > 10 else "")
            if ids
            else "a target finding, and this report has none"
        )
        raise InvalidValueError(
            f"draws one target on one subject, not a whole report: pass {which}"
            " (plot_report(report) draws every figure of a report)",
            value=findings.dataset_name or "report",
            field="findings",
        )
    chosen = [findings] if isinstance(findings, Finding) else list(findings)
    if not chosen:
        raise InvalidValueError(
            "needs at least one target finding", value=findings, field="findings"
        )
    for index, finding in enumerate(chosen):
        if not isinstance(finding, Finding):
            raise InvalidValueError(
                f"item {index} must be a Finding, not {type(finding).__name__}",
                value=finding,
                field="findings",
            )
        if finding.kind != "target":
            raise InvalidValueError(
                f"item {index} is a {finding.kind} finding ({finding.id}), not a target's:"
                " pass the findings of one target (kind 'target')",
                value=finding.id,
                field="findings",
            )
    ids = sorted({f.id for f in chosen})
    if len(ids) > 1:
        raise InvalidValueError(
            "the findings must be of one target on one subject (tracked on different days)",
            value=ids,
            field="findings",
        )
    return sorted(chosen, key=lambda f: f.as_of)


def _number(amount: Amount | None, unit: str | None = None) -> float | None:
    if amount is None or (unit is not None and amount.unit != unit):
        return None
    value = float(amount.value)
    return value if math.isfinite(value) else None


def _level(finding: Finding) -> Amount | None:
    """The level on the day measured: a growth target's ``level`` detail, else the actual."""
    if "level" in finding.details:
        return finding.details["level"]
    return finding.actual


def _is_growth(finding: Finding, target: object) -> bool:

    if isinstance(target, Target):
        return target.kind is TargetKind.GROWTH
    return "level" in finding.details or "required_level" in finding.details


def _unit_of(findings: Sequence[Finding], target: object, growth: bool) -> str | None:

    for finding in reversed(findings):
        for amount in (_level(finding), finding.details.get("baseline")):
            if amount is not None:
                return amount.unit
    latest = findings[-1]
    if isinstance(target, Target):
        return target.level_unit
    if not growth and latest.threshold is not None:
        return latest.threshold.unit
    return None


def _deadline_of(target: object) -> dt.date | None:

    if isinstance(target, Target):
        return target.deadline_day
    if isinstance(target, RateTarget):
        return target.deadline
    return None


def _check_target(target: object, latest: Finding) -> None:

    if target is None:
        return
    if isinstance(target, Target):
        expected = target.id
    elif isinstance(target, RateTarget):
        expected = f"rate_target.{target.id}"
    else:
        raise InvalidValueError(
            f"must be a Target or a RateTarget, not {type(target).__name__}",
            value=target,
            field="target",
        )
    if latest.check_id != expected:
        raise InvalidValueError(
            f"is not the target of finding {latest.id!r}", value=expected, field="target"
        )


def _nearest_edge(value: float, levels: tuple[float, ...]) -> float:
    """The target level nearest ``value`` (the middle of a range that holds it)."""
    if len(levels) == 1:
        return levels[0]
    low, high = levels
    if value < low:
        return low
    if value > high:
        return high
    return (low + high) / 2


def _target_levels(
    latest: Finding, target: object, growth: bool, unit: str | None
) -> tuple[tuple[float, ...], str]:

    if growth:
        required = _number(latest.details.get("required_level"), unit)
        if required is None:
            return (), ""
        return (required,), f"level required at the deadline ({latest.threshold_text()} growth)"
    if isinstance(target, RateTarget) and target.kind is RateTargetKind.GROWTH:
        return (), ""  # the required values are the path
    threshold = _number(latest.threshold, unit)
    if threshold is None:
        return (), ""
    upper = _number(latest.threshold_upper, unit)
    comparator = latest.comparator
    label = f"target: {latest.threshold_text()}"
    if comparator is Comparator.BETWEEN and upper is not None:
        return (threshold, upper), label
    if comparator is Comparator.ABOUT and upper is not None:
        return (threshold - upper, threshold + upper), label
    return (threshold,), label


def _baseline(latest: Finding, target: object, unit: str | None) -> tuple[Point | None, str | None]:

    value = _number(latest.details.get("baseline"), unit)
    day: dt.date | None = None
    if isinstance(target, Target) and target.baseline is not None:
        day = target.baseline.day
    elif isinstance(target, RateTarget):
        day = target.baseline_on
        if value is None and target.baseline_value is not None:
            value = float(target.baseline_value)
    if value is None:
        return None, None
    if day is None:
        return None, "the baseline's date is the target's: pass the target to draw it"
    return (day, value), None


def _path(
    target: object,
    baseline: Point | None,
    levels: tuple[float, ...],
    deadline: dt.date | None,
) -> tuple[Point, ...]:

    if isinstance(target, RateTarget):
        if target.kind is not RateTargetKind.GROWTH or baseline is None:
            return ()
        return tuple((p.day, p.value) for p in trajectory(target, baseline[1]))
    if not isinstance(target, Target) or deadline is None or not levels:
        return ()
    if target.kind is TargetKind.GROWTH and target.measure is Measure.FLOW:
        return ()  # two periods compared: there is no path from one to the other
    start = baseline
    flow_like = target.measure is not Measure.STOCK and not target.share
    if target.kind is TargetKind.FLOW:
        start = None  # a flow starts from zero with its period; its baseline is for reference
    if start is None and flow_like:
        window = target.window_of()
        first = window.start if window is not None else target.since
        if first is not None:
            start = (first - dt.timedelta(days=1), 0.0)
    if start is None:
        return ()
    return (start, (deadline, _nearest_edge(start[1], levels)))


def trajectory_of(
    findings: Finding | Iterable[Finding], target: Target | RateTarget | None = None
) -> TargetTrajectory:
    """The numbers :func:`plot_target_trajectory` draws, from the findings of one target.

    ``findings``: one finding, or several of the same target and subject
    tracked on different days (see :func:`track_history`). ``target``: the
    :class:`~industrial_policy.records.targets.Target` (or a rate target) they are
    of, which gives the deadline and the baseline's date; without it those
    are not drawn, and :attr:`TargetTrajectory.notes` says so.
    """
    chosen = _findings_of(findings)
    latest = chosen[-1]
    _check_target(target, latest)
    growth = _is_growth(latest, target)
    unit = _unit_of(chosen, target, growth)
    deadline = _deadline_of(target)
    notes: list[str] = []
    actuals: dict[dt.date, float] = {}
    for finding in chosen:
        value = _number(_level(finding), unit)
        if value is not None:
            day = min(finding.as_of, deadline) if deadline is not None else finding.as_of
            actuals[day] = value
    if not actuals:
        notes.append(f"no actual value: {latest.status.value.replace('_', ' ')}")
    baseline, why = _baseline(latest, target, unit)
    if why:
        notes.append(why)
    levels, label = _target_levels(latest, target, growth, unit)
    projection = None
    projected = _number(latest.details.get("projection"), unit)
    if projected is not None and actuals and deadline is not None:
        last = max(actuals)
        projection = ((last, actuals[last]), (deadline, projected))
    if deadline is None:
        notes.append("the deadline is the target's: pass the target to draw it")
    return TargetTrajectory(
        check_id=latest.check_id,
        subject_id=latest.subject_id,
        title=latest.title,
        status=latest.status,
        as_of=latest.as_of,
        unit=unit or "",
        actuals=tuple(sorted(actuals.items())),
        baseline=baseline,
        path=_path(target, baseline, levels, deadline),
        projection=projection,
        target_levels=levels,
        target_label=label,
        path_label=(
            "required path (capped at 100%)" if isinstance(target, RateTarget) else "expected path"
        ),
        deadline=deadline,
        growth=growth,
        notes=tuple(notes),
    )


def track_history(
    dataset: Dataset,
    target: Target,
    as_of: dt.date | str,
    *,
    observations: Iterable[Observation] = (),
    parameters: TrackingParameters | None = None,
) -> list[Finding]:
    """``target`` tracked on each day of its history up to ``as_of``, oldest first.

    The days: each 31 December after the start of
    tracking (the baseline, the start of a flow's period or of a cumulative
    count, or else the trend window of ``parameters``) and before the
    deadline, the dates of the target's observations in that span, the
    deadline if it has passed, and ``as_of``; at most
    :data:`MAX_HISTORY_DATES`, the latest. Each finding is
    :func:`~industrial_policy.tracking.track` on that day, with the same
    ``observations`` and ``parameters``, so the last one is the finding a
    report on ``as_of`` holds.
    """
    if not isinstance(target, Target):
        raise InvalidValueError(
            f"must be a Target, not {type(target).__name__}", value=target, field="target"
        )
    day = parse_date(as_of, field="as_of")
    params = parameters if parameters is not None else TrackingParameters()
    extra = tuple(observations)
    window = target.window_of()
    if target.baseline is not None:
        start = target.baseline.day
    elif window is not None:
        start = window.start
    elif target.since is not None:
        start = target.since
    else:
        start = dt.date(day.year - params.trend_years, day.month, min(day.day, 28))
    # The baseline's own day is left out (its value is the finding's baseline), and so are
    # the days after the deadline but the last: the value on the deadline decides by then.
    end = min(day, target.deadline_day)
    days = {day, end} if start <= end else {day}
    days.update(
        dt.date(year, 12, 31)
        for year in range(start.year, end.year + 1)
        if start < dt.date(year, 12, 31) < end
    )
    series = target.series_id
    seen = (*dataset.observations, *extra)
    days.update(o.day for o in seen if o.series == series and start < o.day < end)
    chosen = sorted(days)[-MAX_HISTORY_DATES:]
    return [
        track(dataset, [target], when, observations=extra, parameters=params).findings[0]
        for when in chosen
    ]


def _wrapped(text: str) -> str:
    return "\n".join(textwrap.wrap(text, 70)) or text


@in_language
def plot_target_trajectory(
    findings: Finding | Iterable[Finding],
    target: Target | RateTarget | None = None,
    *,
    ax: Any = None,
) -> Any:
    """A target's trajectory: actual values, baseline, expected path, projection, target, deadline.

    ``findings``: a target finding of :func:`~industrial_policy.tracking.track`,
    or several of one target tracked on different days (:func:`track_history`)
    to draw its history. ``target`` places the deadline and the baseline in
    time and draws the expected path; without it, what the findings alone
    carry is drawn and the figure says what is missing. A growth target is
    drawn in levels: the level measured, and the level the growth asks for at
    the deadline.

    Every line has a ``gid`` (``"actual"``, ``"baseline"``, ``"expected"``,
    ``"projection"``, ``"target"``, ``"deadline"``). Returns the
    :class:`matplotlib.figure.Figure`; with ``ax``, draws on it and returns
    its figure. Nothing is shown or saved.
    """
    data = trajectory_of(findings, target)
    figure, axes = axes_for(ax, "plot_target_trajectory", (8.0, 4.8))
    dates: Any = importlib.import_module("matplotlib.dates")

    scale = AxisUnit.of(data.unit, data.values())
    if data.path:
        (line,) = axes.plot(
            [d for d, _ in data.path],
            [scale(v) for _, v in data.path],
            linestyle="--",
            color="#9e9e9e",
            label=data.path_label,
        )
        line.set_gid("expected")
    for index, level in enumerate(data.target_levels):
        line = axes.axhline(
            scale(level),
            color="#2e7d32",
            linewidth=1.2,
            label=data.target_label if index == 0 else None,
        )
        line.set_gid("target")
    if len(data.target_levels) == 2:
        low, high = (scale(v) for v in data.target_levels)
        axes.axhspan(low, high, color="#2e7d32", alpha=0.08)
    if data.deadline is not None:
        line = axes.axvline(
            data.deadline,
            color="#212121",
            linestyle=":",
            linewidth=1.2,
            label=f"deadline {data.deadline.isoformat()}",
        )
        line.set_gid("deadline")
    if data.baseline is not None:
        (line,) = axes.plot(
            [data.baseline[0]],
            [scale(data.baseline[1])],
            marker="s",
            linestyle="none",
            color="#6d4c41",
            markersize=7,
            label=f"baseline {data.baseline[0].isoformat()}",
        )
        line.set_gid("baseline")
    if data.projection is not None:
        (start, end) = data.projection
        (line,) = axes.plot(
            [start[0], end[0]],
            [scale(start[1]), scale(end[1])],
            linestyle="-.",
            color="#ef6c00",
            marker="D",
            markevery=[1],
            label="projection at the deadline",
        )
        line.set_gid("projection")
    if data.actuals:
        (line,) = axes.plot(
            [d for d, _ in data.actuals],
            [scale(v) for _, v in data.actuals],
            marker="o",
            color="#1565c0",
            linewidth=2,
            label=(
                "actual"
                if len(data.actuals) == 1
                else f"actual (tracked on {len(data.actuals)} days)"
            ),
        )
        line.set_gid("actual")
    locator = dates.AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))
    status = data.status.value.replace("_", " ")
    axes.set_title(
        _wrapped(data.title) + f"\n{data.subject_id}: {status} on {data.as_of.isoformat()}",
        fontsize=11,
    )
    axes.set_xlabel("date")
    what = "level the growth is measured on" if data.growth else "level"
    axes.set_ylabel(f"{what} ({scale.label})" if scale.label else what)
    axes.grid(linewidth=0.4, alpha=0.5)
    if data.notes:
        axes.text(
            0.01,
            0.01,
            "\n".join(data.notes),
            transform=axes.transAxes,
            fontsize=8,
            color="#757575",
            style="italic",
            va="bottom",
            gid="notes",
        )
    if axes.get_legend_handles_labels()[0]:
        axes.legend(loc="best", fontsize=8, framealpha=0.9)
    return figure
