"""Tracking targets: actual, gap, expected path, required growth, projection and status.

:func:`track` answers, for each target on a date, with a
:class:`~industrial_policy.findings.Finding` of kind ``"target"``:

* ``actual`` and ``threshold`` (with ``threshold_upper`` for a range or a
  tolerance) in the target's unit, and the signed ``gap`` (negative: a
  shortfall);
* ``details``: percent achieved, progress since the baseline (ESCAP current
  status), the value expected on the path from the baseline to the target
  (linear; compound too for a growth target), the growth per year still
  required (CAGR) and the change per year still required, the projection to
  the deadline and the anticipated gap (ESCAP anticipated progress);
* ``status``: achieved, on track, at risk, off track or regressing
  (:func:`~industrial_policy.tracking.progress.grade`), insufficient data
  when a number is missing (the explanation says which), not applicable
  before the target's period or baseline.

The rules, in ``docs/targets.md``:

* **When a target counts as achieved.** Once the deadline has passed (on the
  deadline day itself too) the value on the deadline decides: achieved, or
  off track. Before it, only a flow or a cumulative flow with "at least" or
  "more than" can be achieved early: what has been attracted stays
  attracted. A stock, a share, a growth or a range is judged at the
  deadline: met early, it is on track (or at risk if the trend turns).
* **Records or observations.** With ``actuals = "auto"`` the dataset's
  records are used when it holds records of the metric for the subject; the
  observations only when it does not. The explanation says which, and an
  observation on the day measured is shown next to the computed value.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from industrial_policy.amounts import POINTS, RATIO, Amount, is_currency, resolve
from industrial_policy.comparators import Comparator
from industrial_policy.dataset import Dataset
from industrial_policy.errors import InvalidValueError, MissingExchangeRateError
from industrial_policy.findings import (
    Explanation,
    Finding,
    InputValue,
    ParameterUse,
    Report,
    Status,
)
from industrial_policy.io.lazy import Rows, rows_of
from industrial_policy.periods import Period
from industrial_policy.records.observations import Observation
from industrial_policy.records.targets import (
    Actuals,
    GrowthUnit,
    Measure,
    Metric,
    Target,
    TargetKind,
)
from industrial_policy.tracking.frames import FRAME_METRICS, ProjectFrames, frame_metric_problems
from industrial_policy.tracking.metrics import (
    Measured,
    Query,
    Scope,
    _rate_use,
    holds_records,
    measure,
    scope_of,
)
from industrial_policy.tracking.points import (
    Point,
    chain_over,
    figure_observations,
    flow_points,
    for_target,
    stock_points,
)
from industrial_policy.tracking.progress import (
    ESCAP_CITATION,
    Grade,
    Projection,
    ProjectionMethod,
    TrackingParameters,
    check_as_of,
    compound_expected,
    grade,
    linear_expected,
    meets,
    nearest_edge,
    project,
    required_cagr,
    settle,
    years_between,
)

__all__ = ["track"]

_MAX_SERIES_SHOWN = 12


def track(
    dataset: Dataset,
    targets: Iterable[Target] | None,
    as_of: dt.date | str,
    *,
    observations: Iterable[Observation] = (),
    parameters: TrackingParameters | None = None,
    projects: Rows | Any | None = None,
    capital_events: Rows | Any | None = None,
) -> Report:
    """Track ``targets`` (the dataset's own when ``None``) on ``as_of``.

    ``observations`` are added to the dataset's. ``parameters`` sets the
    grading threshold, the projection method, the date money is converted
    on and the trend window (:class:`~industrial_policy.tracking.progress.TrackingParameters`).

    ``projects`` and ``capital_events`` give the projects as **frames** (DuckDB,
    polars, Dask, PySpark, pandas..., or :class:`~industrial_policy.io.lazy.Rows`
    with a column mapping) when they are too many for memory: the metrics
    ``projects``, ``registered_capital`` and ``businesses`` are then counted by
    the frames' engine (:mod:`industrial_policy.tracking.frames`), the dataset
    giving the zones, exchange rates and targets.

    >>> import datetime as dt
    >>> from industrial_policy import Dataset
    >>> from industrial_policy.records import Observation, Target
    >>> from industrial_policy.tracking import track
    >>> target = Target(id="qn-area", title="Land leased since 2018", metric="area_leased",
    ...                 kind="cumulative", since="2018", comparator="at_least",
    ...                 value="150 ha", deadline="2023-12-31", actuals="observations")
    >>> seen = [Observation(series="qn-area", on="2023-12-31", value="90.33 ha")]
    >>> finding = track(Dataset(), [target], "2024-03-01", observations=seen)["qn-area/dataset"]
    >>> finding.status.value, str(finding.actual), str(finding.gap)
    ('off_track', '90.33 ha', '-59.67 ha')
    """
    day = check_as_of(as_of)
    params = parameters if parameters is not None else TrackingParameters()
    if not isinstance(params, TrackingParameters):
        raise InvalidValueError(
            "must be a TrackingParameters", value=parameters, field="parameters"
        )
    chosen = dataset.targets if targets is None else tuple(targets)
    for index, target in enumerate(chosen):
        if not isinstance(target, Target):
            raise InvalidValueError(
                f"item {index} must be a Target, not {type(target).__name__}",
                value=target,
                field="targets",
            )
    extra = tuple(observations)
    for observation in extra:
        if not isinstance(observation, Observation):
            raise InvalidValueError(
                f"must be Observation records, not {type(observation).__name__}",
                value=observation,
                field="observations",
            )
    given = (*dataset.observations, *extra)
    # Published figures measure a target's quantity too: observations where none is given.
    seen = (*given, *figure_observations(dataset.published, chosen, given))
    frames = _frames(dataset, chosen, projects, capital_events)
    findings = tuple(
        _with_basis(_Tracker(dataset, target, day, seen, params, frames).finding())
        for target in chosen
    )
    return Report(findings, day, dataset.name)


def _with_basis(finding: Finding) -> Finding:
    """The finding with what it rests on: how many records, or who reported the values."""
    if finding.actual is None:
        return finding
    explanation = finding.explanation
    if any(note.startswith("actuals: observations") for note in explanation.notes):
        sources = dict.fromkeys(
            f"{i.source} ({i.name})" for i in explanation.inputs if i.source is not None
        )
        basis = "reported by " + "; ".join(sources) if sources else None
    else:
        count = sum(i.record_count or 0 for i in explanation.inputs)
        basis = f"computed from {count:,} {'record' if count == 1 else 'records'}"
    return attrs.evolve(finding, basis=basis)


def _frames(
    dataset: Dataset, targets: Sequence[Target], projects: object, events: object
) -> ProjectFrames | None:
    """The projects given as frames, checked, or ``None`` when they are the dataset's."""
    if projects is None and events is None:
        return None
    if projects is None or events is None:
        raise InvalidValueError(
            "give the projects and their capital events as frames together",
            value="projects" if projects is None else "capital_events",
            field="projects" if projects is None else "capital_events",
        )
    needing = frame_metric_problems(t for t in targets if t.actuals is not Actuals.OBSERVATIONS)
    if needing:
        raise InvalidValueError(
            "computed from records held in memory, not from frames of projects (track them"
            " with the projects in the dataset, or set actuals = 'observations'): "
            + "; ".join(needing),
            value=[t.split(" ", 1)[0] for t in needing],
            field="targets",
        )
    return ProjectFrames(
        dataset,
        rows_of(projects, field="projects"),
        rows_of(events, field="capital_events"),
    )


class _InsufficientError(Exception):
    """A number the computation needs is missing: becomes an ``insufficient_data`` finding."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@attrs.frozen
class _Series:
    """The tracked level on a run of days; the last point is the actual."""

    points: tuple[tuple[dt.date, float], ...]
    inputs: tuple[InputValue, ...]


def _year_ends(after: dt.date, before: dt.date) -> list[dt.date]:
    """The 31 Decembers strictly between two days."""
    return [
        dt.date(year, 12, 31)
        for year in range(after.year, before.year + 1)
        if after < dt.date(year, 12, 31) < before
    ]


class _Tracker:
    """One target on one date: gathers the numbers and writes the finding."""

    def __init__(
        self,
        dataset: Dataset,
        target: Target,
        as_of: dt.date,
        observations: Sequence[Observation],
        params: TrackingParameters,
        frames: ProjectFrames | None = None,
    ) -> None:
        self.dataset = dataset
        self.frames = frames
        self.target = target
        self.as_of = as_of
        self.params = params
        self.deadline = target.deadline_day
        self.final = as_of >= self.deadline
        self.day = min(as_of, self.deadline)
        self.scope: Scope = scope_of(dataset, target)
        self.observations = for_target(target, observations)
        self.inputs: list[InputValue] = []
        self.baseline_inputs: list[InputValue] = []
        self.parameters: list[ParameterUse] = []
        self.steps: list[str] = []
        self.notes: list[str] = []
        self.illustrative_used: dict[str, None] = {}  # observations marked illustrative, in order
        self.details: dict[str, Amount | None] = {}
        self.actual: float | None = None  # known before the status, kept if the status is not
        self.currency = self._currency()
        self.source = self._source()

    # -- set-up ----------------------------------------------------------------------------------

    def _currency(self) -> str | None:
        target = self.target
        if target.currency is not None:
            return target.currency
        unit = target.level_unit
        if is_currency(unit):
            return unit
        if target.metric is Metric.OBSERVED or target.metric.is_money:
            codes = {o.value.unit for o in self.observations if is_currency(o.value.unit)}
            if len(codes) == 1 and target.metric is Metric.OBSERVED:
                return codes.pop()
        return None

    def _source(self) -> str:
        target = self.target
        metric = target.metric
        if target.actuals is Actuals.RECORDS:
            if metric is Metric.OBSERVED:
                raise InvalidValueError(
                    "an observed metric has no records: use actuals = 'observations'",
                    value=target.actuals.value,
                    field="actuals",
                    record_type="Target",
                    record_id=target.id,
                )
            self.notes.append("actuals: the dataset's records (the target asks for them)")
            return "records"
        if target.actuals is Actuals.OBSERVATIONS:
            self.notes.append("actuals: observations (the target asks for them)")
            return "observations"
        if metric is not Metric.OBSERVED and self._holds_records(metric):
            note = (
                f"actuals: the dataset's records, since it holds records of {metric.value} for"
                f" {self.scope.description} (rule: records first, observations only where the"
                " dataset holds none)"
            )
            if self.observations:
                note += (
                    f"; the {len(self.observations)} observation(s) of series"
                    f" {target.series_id!r} are shown for comparison only (set actuals ="
                    " 'observations' to use them)"
                )
            self.notes.append(note)
            return "records"
        if metric is Metric.OBSERVED:
            self.notes.append("actuals: observations (an observed metric has no records)")
        else:
            self.notes.append(
                f"actuals: observations, since the dataset holds no records of {metric.value}"
                f" for {self.scope.description}"
            )
        return "observations"

    def _holds_records(self, metric: Metric) -> bool:
        if self.frames is not None and metric in FRAME_METRICS:
            return self.frames.holds(self.scope, metric)
        return holds_records(self.dataset, self.scope, metric)

    def _measure(self, query: Query, how: Measure, **kwargs: Any) -> Measured:
        if self.frames is not None and query.metric in FRAME_METRICS:
            return self.frames.measure(self.scope, query, how, **kwargs)
        return measure(self.dataset, self.scope, query, how, **kwargs)

    # -- the finding -----------------------------------------------------------------------------

    def finding(self) -> Finding:
        target = self.target
        try:
            opening = self._not_yet()
            if opening is not None:
                return self._finish(Status.NOT_APPLICABLE, None, opening)
            if target.kind is TargetKind.GROWTH and target.measure is Measure.FLOW:
                return self._growth_of_flow()
            return self._level()
        except _InsufficientError as missing:
            return self._finish(Status.INSUFFICIENT_DATA, self.actual, missing.reason)
        except MissingExchangeRateError as exc:
            reason = f"{exc}; add the rate to the dataset's exchange_rates"
            return self._finish(Status.INSUFFICIENT_DATA, self.actual, reason)

    def _not_yet(self) -> str | None:
        target, as_of = self.target, self.as_of
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

    # -- level targets and growth of a stock ----------------------------------------------------

    def _level(self) -> Finding:
        target = self.target
        growth = target.kind is TargetKind.GROWTH
        baseline = self._baseline_level()
        series = self._series(baseline)
        self.inputs.extend(series.inputs)
        actual_day, actual_level = series.points[-1]
        self._show_series(series.points)
        if baseline is not None:
            self.steps.insert(0, f"baseline: {self._level_text(baseline[1])} on {baseline[0]}")
        to_threshold = self._growth_transform(baseline) if growth else _identity
        actual = to_threshold(actual_level, actual_day)
        if actual is None:
            raise _InsufficientError("the growth since the baseline cannot be computed yet")
        self.actual = actual
        band = target.band()
        strict = (
            target.comparator is Comparator.MORE_THAN,
            target.comparator is Comparator.LESS_THAN,
        )
        met = meets(actual, band, strict_low=strict[0], strict_high=strict[1])
        if growth:
            assert baseline is not None
            self.details["level"] = self._level_amount(actual_level)
            self.steps.append(
                f"actual growth on {actual_day}: {self._threshold_text(actual)}"
                f" ({self._level_text(actual_level)} against {self._level_text(baseline[1])})"
            )
        band_level = self._level_band(baseline) if growth else band
        if growth and math.isfinite(nearest_edge(actual_level, band_level)):
            self.details["required_level"] = self._level_amount(
                nearest_edge(actual_level, band_level)
            )
        start = self._path_start(baseline)
        self._path(start, band_level, actual_day, actual_level, growth)
        if not met:
            self._required(actual_day, actual_level, band_level)
        if self.final:
            if actual_day != self.deadline:
                early = self._early_allowed() and met
                if not early:
                    raise _InsufficientError(
                        f"no value on the deadline {self.deadline}: the latest is of {actual_day}"
                    )
            status = Status.ACHIEVED if met else Status.OFF_TRACK
            if actual_day != self.deadline:
                reason = (
                    f"met by {actual_day}, before the deadline: a flow counted with 'at least'"
                    " or 'more than' stays achieved"
                )
            elif met:
                reason = f"the deadline ({self.deadline}) is reached and the target is met"
            else:
                reason = f"the deadline ({self.deadline}) is reached without the target met"
            return self._finish(status, actual, reason)
        if met and self._early_allowed():
            return self._finish(
                Status.ACHIEVED,
                actual,
                "already met: a flow counted with 'at least' or 'more than' can be achieved"
                " before the end of its period",
            )
        projection = self._projection(series.points)
        if projection is None:
            reason = (
                "a projection needs values on two dates at least: give a baseline or more"
                " observations"
            )
            if met:
                reason = f"the target is met today but is judged at the deadline; {reason}"
            raise _InsufficientError(reason)
        if projection.method != "same_share":
            self.steps.append(projection.describe(self.deadline, self._level_text))
        self.details["projection"] = self._level_amount(projection.value)
        if growth:
            projected = to_threshold(projection.value, self.deadline)
            if projected is not None:
                self.details["projected_growth"] = self._threshold_amount(projected)
        self._trend_detail(projection)
        start_value = start[1] if start is not None else series.points[0][1]
        verdict = grade(
            band=band_level,
            strict=strict,
            start=start_value,
            projection=projection,
            at_risk_gap=self.params.at_risk_gap,
        )
        return self._graded(verdict, actual, met)

    def _graded(self, verdict: Grade, actual: float, met: bool) -> Finding:
        if verdict.anticipated_gap is not None and math.isfinite(verdict.anticipated_gap):
            self.details["anticipated_gap"] = Amount.ratio(verdict.anticipated_gap)
        reason = verdict.reason
        if met and verdict.status is Status.ON_TRACK:
            reason = f"already met, and judged at the deadline ({self.deadline}); {verdict.reason}"
        chosen = (
            "the library's default, not an ESCAP figure"
            if self.params.at_risk_gap == TrackingParameters().at_risk_gap
            else "set in TrackingParameters"
        )
        self.parameters.append(
            ParameterUse(
                "targets.at_risk_gap",
                Amount.ratio(self.params.at_risk_gap),
                citation=f"{ESCAP_CITATION}; threshold: {chosen}",
            )
        )
        return self._finish(verdict.status, actual, reason)

    def _early_allowed(self) -> bool:
        target = self.target
        return target.kind in (TargetKind.FLOW, TargetKind.CUMULATIVE) and target.lower_bound

    # -- baseline --------------------------------------------------------------------------------

    def _baseline_level(self) -> tuple[dt.date, float] | None:
        target, baseline = self.target, self.target.baseline
        if baseline is None:
            return None
        day = baseline.day
        if target.kind is TargetKind.FLOW:
            # A flow starts from zero with its period; a baseline (the previous period's
            # flow) is shown for reference only.
            if baseline.value is not None:
                value = self._amount_value(baseline.value, day, "baseline")
                self.details["baseline"] = self._level_amount(value)
                self.baseline_inputs.append(
                    InputValue(
                        f"baseline ({_when_text(baseline.on)}), for reference",
                        self._level_amount(value),
                        source=baseline.source,
                    )
                )
            return None
        if baseline.value is not None:
            value = self._amount_value(baseline.value, day, "baseline")
            self.baseline_inputs.append(
                InputValue(
                    f"baseline ({_when_text(baseline.on)})",
                    self._level_amount(value),
                    source=baseline.source,
                )
            )
        elif target.measure is Measure.CUMULATIVE:
            value = self._cumulative_on(day)
        elif target.measure is Measure.FLOW:
            if not isinstance(baseline.on, Period):
                raise _InsufficientError(
                    "the baseline of a share of flows is a period ('2021'), or give its value"
                )
            value = self._flow_over(baseline.on, "baseline")
        elif self.source == "records":
            value = self._value_of(self._records([day], None), "baseline", day)
        else:
            matches = [o for o in self.observations if o.day == day]
            if not matches:
                raise _InsufficientError(
                    f"the baseline on {day} has no value: give baseline.value or an observation"
                    f" of series {target.series_id!r} on that day"
                )
            value = self._observed(matches[-1])
            self.baseline_inputs.append(
                InputValue(
                    "baseline",
                    self._level_amount(value),
                    (matches[-1].ref,),
                    1,
                    matches[-1].source,
                )
            )
        self.details["baseline"] = self._level_amount(value)
        return day, value

    def _cumulative_on(self, day: dt.date) -> float:
        start = self._window_start()
        assert start is not None
        if self.source == "records":
            return self._value_of(self._records([day], start), "baseline", day)
        points, _ = flow_points(self.observations, self._observed, start=start, until=day)
        for point in points:
            if point.day == day:
                self.baseline_inputs.append(
                    InputValue(
                        "baseline",
                        self._level_amount(point.value),
                        point.refs[:20],
                        len(point.refs),
                        "; ".join(point.sources) or None,
                    )
                )
                return point.value
        raise _InsufficientError(
            f"the baseline on {day} has no value: give baseline.value or an observation"
            f" of series {self.target.series_id!r} on that day"
        )

    def _path_start(self, baseline: tuple[dt.date, float] | None) -> tuple[dt.date, float] | None:
        if baseline is not None:
            return baseline
        if self._flow_like():
            start = self._window_start()
            # A flow is zero at the end of the day before its period starts.
            return (start - relativedelta(days=1), 0.0) if start is not None else None
        return None

    # -- series ----------------------------------------------------------------------------------

    def _flow_like(self) -> bool:
        """The level is a running total (not a share of totals, not a stock)."""
        return self.target.measure is not Measure.STOCK and not self.target.share

    def _window_start(self) -> dt.date | None:
        target = self.target
        window = target.window_of()
        if window is not None:
            return window.start
        return target.since

    def _series(self, baseline: tuple[dt.date, float] | None) -> _Series:
        target = self.target
        if target.measure is Measure.STOCK:
            if self.source == "observations":
                series = self._observed_stock(baseline)
            else:
                first = (
                    baseline[0]
                    if baseline is not None
                    else self.day - relativedelta(years=self.params.trend_years)
                )
                days = [*_year_ends(first, self.day), self.day]
                series = self._record_series(days, self._records(days, None))
        else:
            start = self._window_start()
            assert start is not None
            if self.source == "observations":
                points, notes = flow_points(
                    self.observations, self._observed, start=start, until=self.day
                )
                self.notes.extend(notes)
                series = self._observed_series(points)
            else:
                days = sorted({*_year_ends(start - relativedelta(days=1), self.day), self.day})
                series = self._record_series(days, self._records(days, start))
            if target.kind is not TargetKind.GROWTH:
                return series
        if baseline is None:
            return series
        # A growth, or a stock tracked from its baseline: the trend starts at the baseline.
        later = tuple(p for p in series.points if p[0] > baseline[0])
        return _Series((baseline, *later), series.inputs)

    def _observed_stock(self, baseline: tuple[dt.date, float] | None) -> _Series:
        points, notes = stock_points(
            self.observations,
            self._observed,
            start=baseline[0] if baseline is not None else None,
            until=self.day,
        )
        self.notes.extend(notes)
        return self._observed_series(points)

    def _records(self, days: list[dt.date], start: dt.date | None) -> tuple[Measured, ...]:
        """The metric on ``days`` (the part and the whole for a share)."""
        target = self.target
        how = target.measure
        kwargs = {
            "days": days,
            "start": start,
            "currency": self.currency,
            "rate_date": self.params.rate_date,
        }
        if not target.share:
            return (self._measure(Query.of(target), how, **kwargs),)
        part = self._measure(Query.of(target), how, **kwargs)
        whole = self._measure(Query.of(target, whole=True), how, **kwargs)
        return part, whole

    def _record_series(self, days: list[dt.date], measured: tuple[Measured, ...]) -> _Series:
        for item in measured:
            if item.missing is not None:
                raise _InsufficientError(item.missing)
            self.notes.extend(item.notes)
            for use in item.rates:
                if use not in self.parameters:
                    self.parameters.append(use)
        if len(measured) == 1:
            values = [float(v) for v in measured[0].values]
            if is_currency(measured[0].unit):
                self.currency = measured[0].unit
            inputs: tuple[InputValue, ...] = (measured[0].input(measured[0].what, None),)
        else:
            part, whole = measured
            if whole.last == 0:
                raise _InsufficientError(
                    f"the whole ({whole.what}) is zero on {days[-1]}: the share is undefined"
                )
            values = [
                float(p) / float(w) if w != 0 else math.nan
                for p, w in zip(part.values, whole.values, strict=True)
            ]
            if is_currency(part.unit):
                self.currency = part.unit
            inputs = (
                part.input(f"part: {part.what}", self._raw_amount(part.last, part.unit)),
                whole.input(f"whole: {whole.what}", self._raw_amount(whole.last, whole.unit)),
            )
        where = f" in {self.scope.description}"
        points = tuple(
            (day, value) for day, value in zip(days, values, strict=True) if not math.isnan(value)
        )
        if not points or points[-1][0] != days[-1]:
            raise _InsufficientError(f"the value on {days[-1]} cannot be computed from the records")
        named = tuple(
            attrs.evolve(i, name=f"{i.name}{where} on {days[-1]}")
            if i.value is not None
            else attrs.evolve(
                i, name=f"{i.name}{where} on {days[-1]}", value=self._level_amount(points[-1][1])
            )
            for i in inputs
        )
        return _Series(points, named)

    def _observed_series(self, points: list[Point]) -> _Series:
        usable = [p for p in points if p.day <= self.day]
        if not usable:
            raise _InsufficientError(
                f"no observation of series {self.target.series_id!r} up to {self.day}"
            )
        last = usable[-1]
        sources = "; ".join(last.sources) or None
        record = InputValue(
            f"observed on {last.day}",
            self._level_amount(last.value),
            last.refs[:20],
            len(last.refs),
            sources,
        )
        return _Series(tuple((p.day, p.value) for p in usable), (record,))

    def _show_series(self, points: Sequence[tuple[dt.date, float]]) -> None:
        shown = list(points)
        if len(shown) > _MAX_SERIES_SHOWN:
            shown = shown[:2] + shown[-(_MAX_SERIES_SHOWN - 2) :]
        text = "; ".join(f"{d}: {self._level_text(v)}" for d, v in shown)
        self.steps.append(f"series ({len(points)} value(s)): {text}")
        if self.source == "records":
            self._compare_observation(points[-1])

    def _compare_observation(self, point: tuple[dt.date, float]) -> None:
        same_day = [o for o in self.observations if o.day == point[0]]
        if not same_day:
            return
        observation = same_day[-1]
        try:
            observed = self._observed(observation)
        except (InvalidValueError, MissingExchangeRateError) as exc:
            self.notes.append(f"observation {observation.ref!r} could not be compared: {exc}")
            return
        difference = point[1] - observed
        self.notes.append(
            f"observation {observation.ref!r} gives {self._level_text(observed)} on {point[0]}"
            f" (the records give {self._level_text(point[1])}, difference"
            f" {self._level_text(difference)}); the records are used"
        )

    # -- observations ----------------------------------------------------------------------------

    def _observed(self, observation: Observation) -> float:
        """An observation's value in the level's unit (money converted on its date)."""
        if observation.illustrative:
            self.illustrative_used[observation.id or observation.ref] = None
        try:
            return self._amount_value(observation.value, observation.day, "value")
        except InvalidValueError as exc:
            raise exc.located(
                record_type="Observation", record_id=observation.id or observation.ref
            ) from None

    def _amount_value(self, amount: Amount, day: dt.date, field: str) -> float:
        unit = self.target.level_unit
        if is_currency(amount.unit) or (unit == "money"):
            resolved = resolve(amount, self.currency or amount.unit, field=field)
            if not is_currency(resolved.unit):
                raise InvalidValueError(
                    "must be an amount of money", value=str(amount), field=field
                )
            to = self.currency or resolved.unit
            self.currency = to
            if resolved.unit == to:
                return float(resolved.value)
            rates = self.dataset.exchange_rates
            rate = rates.rate(resolved.unit, to, day)
            use = _rate_use(self.dataset, resolved.unit, to, day)
            if use not in self.parameters:
                self.parameters.append(use)
            return float(resolved.value) * float(rate)
        resolved = resolve(amount, unit, field=field, share=unit == RATIO)
        return float(resolved.value)

    # -- growth ----------------------------------------------------------------------------------

    def _years_to_deadline(self, baseline: tuple[dt.date, float]) -> float:
        return years_between(baseline[0], self.deadline)

    def _growth_transform(
        self, baseline: tuple[dt.date, float] | None
    ) -> Callable[[float, dt.date], float | None]:
        target = self.target
        if baseline is None:
            raise _InsufficientError("a growth target needs its baseline value")
        base_day, base = baseline
        relative = target.growth_unit is GrowthUnit.RELATIVE
        if relative and base <= 0:
            raise _InsufficientError(
                f"the baseline is {self._level_text(base)}: a relative growth from a base that"
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

    def _level_band(self, baseline: tuple[dt.date, float] | None) -> tuple[float, float]:
        """The target's band as levels at the deadline (a growth target's required level)."""
        assert baseline is not None
        years = self._years_to_deadline(baseline)
        low, high = self.target.band()
        return self._grown(baseline[1], low, years), self._grown(baseline[1], high, years)

    def _grown(self, base: float, growth: float, years: float) -> float:
        if math.isinf(growth):
            return growth
        target = self.target
        if target.growth_unit is GrowthUnit.RELATIVE:
            factor = 1 + growth
            if target.per_year:
                return float(base * max(factor, 0.0) ** years)
            return base * factor
        points = growth * years if target.per_year else growth
        return base + points / 100

    def _growth_of_flow(self) -> Finding:
        target = self.target
        window = target.window_of()
        baseline = target.baseline
        assert window is not None
        assert baseline is not None
        assert isinstance(baseline.on, Period)
        base_period = baseline.on
        offset = relativedelta(window.start, base_period.start)
        years = years_between(base_period.start, window.start)
        if self.final:
            span, base_span = window, base_period
        else:
            span = Period(window.start, self.day)
            base_end = self.day - offset
            base_span = Period(base_period.start, min(base_end, base_period.end))
            self.notes.append(
                f"before the end of {window}, the growth compares the same part of both periods:"
                f" {span} with {base_span}"
            )
        level = self._flow_over(span, "actual")
        if baseline.value is not None and base_span == base_period:
            base = self._amount_value(baseline.value, base_period.end, "baseline")
            self.inputs.append(
                InputValue(
                    f"baseline: {base_period}", self._level_amount(base), source=baseline.source
                )
            )
        else:
            base = self._flow_over(base_span, "baseline")
        relative = target.growth_unit is GrowthUnit.RELATIVE
        if relative and base <= 0:
            raise _InsufficientError(
                f"the base ({base_span}) is {self._level_text(base)}: a relative growth from a"
                " base that is not positive is undefined"
            )
        if relative:
            ratio = level / base
            actual = (
                (ratio ** (1 / years) - 1 if ratio > 0 else -1.0) if target.per_year else ratio - 1
            )
        else:
            actual = (level - base) * 100 / (years if target.per_year else 1)
        self.actual = actual
        self.details["level"] = self._level_amount(level)
        self.details["baseline"] = self._level_amount(base)
        self.steps.append(
            f"growth of {span} on {base_span}: {self._threshold_text(actual)}"
            f" ({self._level_text(level)} against {self._level_text(base)})"
        )
        band = target.band()
        strict = (
            target.comparator is Comparator.MORE_THAN,
            target.comparator is Comparator.LESS_THAN,
        )
        met = meets(actual, band, strict_low=strict[0], strict_high=strict[1])
        if self.final:
            status = Status.ACHIEVED if met else Status.OFF_TRACK
            return self._finish(
                status,
                actual,
                f"{window} is over and the growth meets the target"
                if met
                else f"{window} is over without the growth targeted",
            )
        # The same-period growth so far is the projection for the whole period: the rest of the
        # period is assumed to grow as its first part did.
        sign = (actual > 0) - (actual < 0)
        projection = Projection(
            actual, "same_period", actual, sign, (span.start, 0.0), (self.day, actual)
        )
        self.steps.append(
            f"projection: the same-period growth so far, {self._threshold_text(actual)}, held"
            f" to the end of {window}"
        )
        self.details["projected_growth"] = self._threshold_amount(actual)
        verdict = grade(
            band=band,
            strict=strict,
            start=0.0,
            projection=projection,
            at_risk_gap=self.params.at_risk_gap,
        )
        return self._graded(verdict, actual, met)

    def _flow_over(self, span: Period, name: str) -> float:
        target = self.target
        if self.source == "records":
            measured = self._records([span.end], span.start)
            return self._value_of(measured, f"{name}: {span}", span.end)
        found = chain_over(self.observations, span, self._observed)
        if found is None:
            raise _InsufficientError(
                f"no observation of series {target.series_id!r} covers {span} (the growth of a"
                " flow compares observations over periods)"
            )
        value, refs = found
        sources = tuple(
            dict.fromkeys(o.source for o in self.observations if o.ref in refs and o.source)
        )
        self.inputs.append(
            InputValue(
                f"{name}: observed over {span}",
                self._level_amount(value),
                refs[:20],
                len(refs),
                "; ".join(sources) or None,
            )
        )
        return value

    def _value_of(self, measured: tuple[Measured, ...], name: str, day: dt.date) -> float:
        series = self._record_series([day], measured)
        into = self.baseline_inputs if name.startswith("baseline") else self.inputs
        into.extend(
            attrs.evolve(i, name=i.name.replace(f" on {day}", f" on {day} ({name})"))
            for i in series.inputs
        )
        return series.points[-1][1]

    # -- path, requirement, projection -----------------------------------------------------------

    def _path(
        self,
        start: tuple[dt.date, float] | None,
        band: tuple[float, float],
        day: dt.date,
        level: float,
        growth: bool,
    ) -> None:
        if start is None:
            if not self.final:
                self.notes.append("no baseline: the expected path from a baseline is not computed")
            return
        edge = nearest_edge(start[1], band)
        if not math.isfinite(edge):
            return
        end = (self.deadline, edge)
        linear = linear_expected(start, end, day)
        self.details["expected"] = self._level_amount(linear)
        text = (
            f"expected on {day} on the straight line from {self._level_text(start[1])}"
            f" ({start[0]}) to {self._level_text(edge)} ({self.deadline}):"
            f" {self._level_text(linear)}"
        )
        if growth:
            compound = compound_expected(start, end, day)
            if compound is not None:
                self.details["expected_compound"] = self._level_amount(compound)
                text += f"; growing at a constant rate: {self._level_text(compound)}"
        self.steps.append(text)
        if self.target.baseline is not None and edge != start[1]:
            self.details["progress_since_baseline"] = Amount.ratio(
                (level - start[1]) / (edge - start[1])
            )

    def _required(self, day: dt.date, level: float, band: tuple[float, float]) -> None:
        edge = nearest_edge(level, band)
        left = years_between(day, self.deadline)
        if left <= 0 or not math.isfinite(edge):
            return
        # A flow accumulates within its own period: compounding its running total means nothing.
        flow = self.target.measure is Measure.FLOW
        rate = None if flow else required_cagr(level, edge, left)
        if rate is not None:
            self.details["required_cagr"] = Amount.ratio(rate)
        per_year = (edge - level) / left
        self.details["required_change_per_year"] = self._change_amount(per_year)
        rate_text = f"{rate:+.4%} a year compounded, or " if rate is not None else ""
        self.steps.append(
            f"required from {day} to {self.deadline} ({left:.4g} years): {rate_text}"
            f"{self._change_text(per_year)} a year, to reach {self._level_text(edge)}"
        )

    def _projection(self, points: Sequence[tuple[dt.date, float]]) -> Projection | None:
        target = self.target
        method = self.params.projection
        if target.measure is not Measure.STOCK and target.share:
            # A share of flows: the mix so far is held to the end of the period.
            last = points[-1]
            return Projection(last[1], "same_share", 0.0, 0, points[0], last)
        origin = (
            self._window_start()
            if self._flow_like() and target.kind is not TargetKind.GROWTH
            else None
        )
        return project(list(points), self.deadline, method, origin=origin)

    def _trend_detail(self, projection: Projection) -> None:
        if projection.method == "cagr":
            self.details["observed_cagr"] = Amount.ratio(projection.rate)
        elif projection.method in ("linear", "run_rate"):
            self.details["trend_per_year"] = self._change_amount(projection.rate)
        if projection.method == "same_share":
            self.steps.append(
                f"projection: the share so far, {self._level_text(projection.value)}, held to"
                f" the end of the period"
            )
        if self.params.projection is not ProjectionMethod.AUTO:
            self.notes.append(f"projection method set to {self.params.projection.value}")

    # -- amounts and text ------------------------------------------------------------------------

    def _level_unit(self) -> str:
        unit = self.target.level_unit
        if unit == "money":
            return self.currency or "money"
        return unit

    def _raw_amount(self, value: float, unit: str) -> Amount | None:
        """The value as an amount; ``None`` for money no account could hold (a runaway
        projection), which :class:`~industrial_policy.money.Money` refuses."""
        if is_currency(unit):
            if not (math.isfinite(value) and abs(value) < _MONEY_LIMIT):
                return None
            return Amount(_decimal(value), unit)
        if unit == "count" and float(value).is_integer():
            return Amount(int(value), unit)
        return Amount(float(value), unit)

    def _level_amount(self, value: float) -> Amount | None:
        return self._raw_amount(value, self._level_unit())

    def _threshold_amount(self, value: float) -> Amount | None:
        unit = self.target.threshold_unit
        if self.target.kind is not TargetKind.GROWTH:
            return self._level_amount(value)
        return Amount(float(value), unit)

    def _gap_amount(self, value: float) -> Amount | None:
        """A difference between two shares or rates is in percentage points (22% − 20% = 2 pp)."""
        if self.target.threshold_unit == RATIO:
            return Amount(float(value) * 100, POINTS)
        return self._threshold_amount(value)

    def _change_amount(self, value: float) -> Amount | None:
        """A change per year in the level's unit (percentage points for a share)."""
        unit = self._level_unit()
        if unit == RATIO:
            return Amount(float(value) * 100, POINTS)
        return self._raw_amount(value, unit)

    def _level_text(self, value: float) -> str:
        return _text(self._level_amount(value), value, self._level_unit())

    def _threshold_text(self, value: float) -> str:
        return _text(self._threshold_amount(value), value, self.target.threshold_unit)

    def _change_text(self, value: float) -> str:
        text = _text(self._change_amount(value), value, self._level_unit())
        return text if text.startswith("-") else f"+{text}"

    # -- the finding -----------------------------------------------------------------------------

    def _finish(self, status: Status, actual: float | None, reason: str) -> Finding:
        target = self.target
        threshold = target.value
        upper = target.upper if target.comparator is Comparator.BETWEEN else target.tolerance
        actual_amount = self._threshold_amount(actual) if actual is not None else None
        gap = None
        if actual is not None:
            gap_value = _gap(actual, target.band())
            gap = self._gap_amount(gap_value)
            reference = float(threshold.value)
            if reference != 0 and not target.upper_bound:
                self.details = {
                    "percent_achieved": Amount.ratio(actual / reference),
                    **self.details,
                }
        self.steps.append(f"status: {status.value.replace('_', ' ')}: {reason}")
        if target.illustrative:
            self.notes.append("the target is illustrative: its value is not from a source")
        if self.illustrative_used:
            used = list(self.illustrative_used)
            self.notes.append(
                f"{len(used)} of the observations used {'is' if len(used) == 1 else 'are'}"
                f" illustrative, not from a source: {', '.join(used[:5])}"
                + (f" and {len(used) - 5} more" if len(used) > 5 else "")
            )
        explanation = Explanation(
            formula=self._formula(),
            inputs=(*self.inputs, *self.baseline_inputs),
            parameters=tuple(self.parameters),
            steps=tuple(self.steps),
            notes=tuple(dict.fromkeys(self.notes)),
        )
        return Finding(
            check_id=target.id,
            kind="target",
            title=target.title,
            subject_id=self.scope.id,
            status=status,
            as_of=self.as_of,
            explanation=explanation,
            subject_kind=self.scope.kind,
            actual=actual_amount,
            threshold=threshold,
            threshold_upper=upper,
            comparator=target.comparator,
            gap=gap,
            citation=target.source,
            details=dict(self.details),
        )

    def _formula(self) -> str:
        target = self.target
        measure_ = target.measure
        what = Query.of(target).describe(measure_)
        where = self.scope.description
        if measure_ is Measure.STOCK:
            when = "on the day measured"
        elif measure_ is Measure.FLOW:
            when = f"over {target.window_of()} up to the day measured"
        else:
            when = f"since {target.since} up to the day measured"
        if target.metric is Metric.OBSERVED:
            level = f"the observed value of series {target.series_id!r} {when}"
        elif self.source == "observations":
            level = (
                f"the observed value of series {target.series_id!r} {when}, standing for"
                f" {'the share of ' if target.share else ''}{what} in {where}"
            )
        elif target.share:
            whole = Query.of(target, whole=True).describe(measure_)
            level = f"({what}) ÷ ({whole}), {when}, in {where}"
        else:
            level = f"{what}, {when}, in {where}"
        if target.kind is TargetKind.GROWTH:
            rate = "per year, compounded" if target.per_year else "over the whole span"
            if target.growth_unit is GrowthUnit.RELATIVE:
                growth = f"actual = level ÷ baseline level − 1 ({rate})"
            else:
                growth = f"actual = (level − baseline level) × 100 percentage points ({rate})"
            level = f"{growth}; level = {level}"
        else:
            level = f"actual = {level}"
        return (
            f"{level}; gap = actual − target (negative: a shortfall); percent achieved ="
            " actual ÷ target"
        )


def _when_text(when: dt.date | Period) -> str:
    return when.label if isinstance(when, Period) else when.isoformat()


def _identity(value: float, day: dt.date) -> float | None:
    return value


def _gap(actual: float, band: tuple[float, float]) -> float:
    """The signed distance to the band: negative outside it, the margin inside it; a value on a
    bound within float noise is on it (a gap of 0, as :func:`meets` decides the tie)."""
    low, high = band
    below = actual - low if math.isfinite(low) else math.inf
    above = high - actual if math.isfinite(high) else math.inf
    return settle(min(below, above), actual, low, high)


_MONEY_LIMIT = 1e27  # Money refuses amounts past 10^30; a projection this large means nothing


def _text(amount: Amount | None, value: float, unit: str) -> str:
    if amount is not None:
        return str(amount)
    return f"{value:.3g} {unit} (out of any meaningful range)"


def _decimal(value: float) -> Decimal:
    """Money for a result: whole amounts exact; others to the cent and 9 significant digits.

    Sums of whole amounts are exact in float64; converted sums, paths and projections carry
    float noise in their last digits ("206,947,400,000,000.03"), which means nothing.

    >>> _decimal(19_866e9), _decimal(206_947_400_000_000.03), _decimal(1234.5678)
    (Decimal('19866000000000'), Decimal('2.069474E+14'), Decimal('1234.57'))
    """
    number = float(value)
    if number.is_integer():
        return Decimal(int(number))
    return Decimal(f"{round(number, 2):.9g}").normalize()
