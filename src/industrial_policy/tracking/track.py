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
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from industrial_policy.amounts import Amount
from industrial_policy.dataset import Dataset
from industrial_policy.errors import InvalidValueError, MissingExchangeRateError, english
from industrial_policy.findings import Finding, InputValue, Report, Status
from industrial_policy.io.lazy import Rows, rows_of
from industrial_policy.records.observations import Observation
from industrial_policy.records.targets import Actuals, Measure, Target, TargetKind
from industrial_policy.tracking.baseline import baseline_level
from industrial_policy.tracking.draft import Draft
from industrial_policy.tracking.frames import ProjectFrames, frame_metric_problems
from industrial_policy.tracking.growth import flow_growth, growth_transform, level_band
from industrial_policy.tracking.metrics import scope_of
from industrial_policy.tracking.path import expected_path, path_start, required
from industrial_policy.tracking.points import figure_observations, for_target
from industrial_policy.tracking.progress import (
    Grade,
    TrackingParameters,
    check_as_of,
    grade,
    nearest_edge,
)
from industrial_policy.tracking.projection import describe_trend, projection_of, same_period
from industrial_policy.tracking.series import series, show_series
from industrial_policy.tracking.values import Reader, source_of
from industrial_policy.tracking.verdict import (
    InsufficientDataError,
    at_deadline,
    at_risk_use,
    early_allowed,
    graded_reason,
    is_met,
    not_yet,
    strictness,
)
from industrial_policy.tracking.wording import Wording, currency_of

__all__ = ["track"]


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


class _Tracker:
    """One target on one date: reads its series, follows its path to the target, projects it,
    grades it and writes the finding.

    The parts are modules of their own: the values and the series (:mod:`.values`,
    :mod:`.series`, :mod:`.baseline`, :mod:`.growth`), the path (:mod:`.path`), the projection
    (:mod:`.projection`), the verdict (:mod:`.verdict`) and the words (:mod:`.wording`,
    :mod:`.draft`). This class runs them in order for a level target and for the growth of a
    flow.
    """

    def __init__(
        self,
        dataset: Dataset,
        target: Target,
        as_of: dt.date,
        observations: Sequence[Observation],
        params: TrackingParameters,
        frames: ProjectFrames | None = None,
    ) -> None:
        self.target = target
        self.as_of = as_of
        self.params = params
        self.deadline = target.deadline_day
        self.final = as_of >= self.deadline
        scope = scope_of(dataset, target)
        seen = for_target(target, observations)
        self.wording = Wording(target, currency_of(target, seen))
        self.draft = Draft()
        day = min(as_of, self.deadline)
        self.reader = Reader(
            dataset, frames, target, scope, seen, params, day, self.wording, self.draft
        )
        self.reader.source, note = source_of(target, scope, seen, self.reader.holds)
        self.draft.notes.append(note)

    def finding(self) -> Finding:
        """The finding of the target on the day."""
        target = self.target
        try:
            opening = not_yet(target, self.as_of)
            if opening is not None:
                return self._finish(Status.NOT_APPLICABLE, None, opening)
            if target.kind is TargetKind.GROWTH and target.measure is Measure.FLOW:
                return self._growth_of_flow()
            return self._level()
        except InsufficientDataError as missing:
            if missing.missing is not None:
                self.draft.inputs.append(InputValue(missing.missing, None))
            return self._finish(Status.INSUFFICIENT_DATA, self.draft.actual, missing.reason)
        except MissingExchangeRateError as exc:
            reason = f"{english(exc)}; add the rate to the dataset's exchange_rates"
            return self._finish(Status.INSUFFICIENT_DATA, self.draft.actual, reason)

    def _finish(self, status: Status, actual: float | None, reason: str) -> Finding:
        return self.draft.finding(
            wording=self.wording,
            scope=self.reader.scope,
            source=self.reader.source,
            as_of=self.as_of,
            status=status,
            actual=actual,
            reason=reason,
        )

    def _level(self) -> Finding:
        """A level target (a stock, a flow, a cumulative flow, a share) or a stock's growth."""
        target, draft, wording = self.target, self.draft, self.wording
        growth = target.kind is TargetKind.GROWTH
        baseline = baseline_level(self.reader)
        found = series(self.reader, baseline)
        draft.inputs.extend(found.inputs)
        actual_day, actual_level = found.points[-1]
        show_series(self.reader, found.points)
        if baseline is not None:
            draft.steps.insert(0, f"baseline: {wording.level_text(baseline[1])} on {baseline[0]}")
        to_threshold = growth_transform(wording, baseline) if growth else _identity
        actual = to_threshold(actual_level, actual_day)
        if actual is None:
            raise InsufficientDataError("the growth since the baseline cannot be computed yet")
        draft.actual = actual
        met = is_met(target, actual)
        band = target.band()
        if growth:
            assert baseline is not None
            draft.details["level"] = wording.level_amount(actual_level)
            draft.steps.append(
                f"actual growth on {actual_day}: {wording.threshold_text(actual)}"
                f" ({wording.level_text(actual_level)} against {wording.level_text(baseline[1])})"
            )
            band = level_band(target, baseline, self.deadline)
            if math.isfinite(nearest_edge(actual_level, band)):
                draft.details["required_level"] = wording.level_amount(
                    nearest_edge(actual_level, band)
                )
        start = path_start(target, baseline)
        expected_path(
            wording,
            draft,
            start=start,
            band=band,
            deadline=self.deadline,
            final=self.final,
            day=actual_day,
            level=actual_level,
            growth=growth,
        )
        if not met:
            deadline = self.deadline
            required(
                wording, draft, deadline=deadline, day=actual_day, level=actual_level, band=band
            )
        if self.final:
            status, reason = at_deadline(target, self.deadline, actual_day, met)
            return self._finish(status, actual, reason)
        if met and early_allowed(target):
            return self._finish(
                Status.ACHIEVED,
                actual,
                "already met: a flow counted with 'at least' or 'more than' can be achieved"
                " before the end of its period",
            )
        projection = projection_of(target, found.points, self.deadline, self.params.projection)
        if projection is None:
            reason = (
                "a projection needs values on two dates at least: give a baseline or more"
                " observations"
            )
            if len(found.points) >= 2:
                reason = (
                    "the compound annual growth rate does not exist for these values (a value"
                    " not positive, or growth beyond the range of numbers): set the projection"
                    " method to linear"
                )
            if met:
                reason = f"the target is met today but is judged at the deadline; {reason}"
            raise InsufficientDataError(reason)
        if projection.method != "same_share":
            draft.steps.append(projection.describe(self.deadline, wording.level_text))
        draft.details["projection"] = wording.level_amount(projection.value)
        if growth:
            projected = to_threshold(projection.value, self.deadline)
            if projected is not None:
                draft.details["projected_growth"] = wording.threshold_amount(projected)
        describe_trend(projection, self.params.projection, wording, draft)
        start_value = start[1] if start is not None else found.points[0][1]
        verdict = grade(
            band=band,
            strict=strictness(target),
            start=start_value,
            projection=projection,
            at_risk_gap=self.params.at_risk_gap,
        )
        return self._graded(verdict, actual, met)

    def _growth_of_flow(self) -> Finding:
        """The growth of a flow over its period on the flow over the baseline's period."""
        target, draft, wording = self.target, self.draft, self.wording
        window = target.window_of()
        assert window is not None
        flow = flow_growth(self.reader, self.final)
        actual = flow.actual
        draft.actual = actual
        draft.details["level"] = wording.level_amount(flow.level)
        draft.details["baseline"] = wording.level_amount(flow.base)
        draft.steps.append(
            f"growth of {flow.span} on {flow.base_span}: {wording.threshold_text(actual)}"
            f" ({wording.level_text(flow.level)} against {wording.level_text(flow.base)})"
        )
        met = is_met(target, actual)
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
        projection = same_period(actual, flow.span.start, self.reader.day)
        draft.steps.append(
            f"projection: the same-period growth so far, {wording.threshold_text(actual)}, held"
            f" to the end of {window}"
        )
        draft.details["projected_growth"] = wording.threshold_amount(actual)
        verdict = grade(
            band=target.band(),
            strict=strictness(target),
            start=0.0,
            projection=projection,
            at_risk_gap=self.params.at_risk_gap,
        )
        return self._graded(verdict, actual, met)

    def _graded(self, verdict: Grade, actual: float, met: bool) -> Finding:
        if verdict.anticipated_gap is not None and math.isfinite(verdict.anticipated_gap):
            self.draft.details["anticipated_gap"] = Amount.ratio(verdict.anticipated_gap)
        reason = graded_reason(verdict, met, self.deadline)
        self.draft.parameters.append(at_risk_use(self.params))
        return self._finish(verdict.status, actual, reason)


def _identity(value: float, day: dt.date) -> float | None:
    return value
