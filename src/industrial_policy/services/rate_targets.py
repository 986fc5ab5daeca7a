"""Targets on rates: catch up with another series, or grow by so much each year, capped at 100%.

The records, :class:`~industrial_policy.records.rate_targets.RateTarget` of
kind ``reference`` (reach another series, such as the national average) or
``growth`` (grow each year from a baseline, relative or in percentage
points), are in :mod:`industrial_policy.records.rate_targets`.

A rate never exceeds 100%: a trajectory that would is capped, and the
explanation says where and from what. The target engine
(:mod:`industrial_policy.tracking`) tracks targets with a fixed value; these
two kinds are built here on its progress methods (ESCAP current status and
anticipated progress, :mod:`industrial_policy.tracking.progress`), with the
same statuses: achieved, on track, at risk, off track, regressing.

Actual values and the reference come as
:class:`~industrial_policy.records.observations.Observation` series; rate findings
become observations with :func:`rate_observations`.

>>> from industrial_policy.records import RateTarget
>>> t = RateTarget(id="hd-l4-growth", title="Level-4 share +20% a year", kind="growth",
...                series="hd-level4", comparator="at_least", growth="20%",
...                growth_unit="relative", baseline_on="2021-08-23", baseline_value="13.6%",
...                deadline="2022-08-23")
>>> [round(p.value, 6) for p in trajectory(t, 0.136)]
[0.136, 0.1632]
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence

import attrs
from dateutil.relativedelta import relativedelta

from industrial_policy.amounts import Amount, check_share
from industrial_policy.comparators import Comparator
from industrial_policy.dataset import Dataset
from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import (
    Explanation,
    Finding,
    InputValue,
    ParameterUse,
    Report,
    Status,
)
from industrial_policy.periods import parse_date
from industrial_policy.records.figures import PublishedFigure
from industrial_policy.records.observations import Observation
from industrial_policy.records.rate_targets import RATE_CAP, RateTarget, RateTargetKind
from industrial_policy.records.targets import GrowthUnit
from industrial_policy.tracking.progress import (
    ESCAP_CITATION,
    TrackingParameters,
    grade,
    linear_expected,
    meets,
    project,
    required_cagr,
    settle,
    years_between,
)

__all__ = [
    "TrajectoryPoint",
    "grown",
    "rate_observations",
    "track_rate_targets",
    "trajectory",
]


@attrs.frozen
class TrajectoryPoint:
    """The value a growth target asks for on a day, and whether the 100% cap cut it."""

    day: dt.date
    value: float
    uncapped: float

    @property
    def capped(self) -> bool:
        return self.uncapped > self.value


def grown(base: float, growth: Amount, unit: GrowthUnit, years: float) -> float:
    """``base`` after ``years`` of ``growth`` a year, not capped.

    Relative growth compounds (13.6% at +20% is 16.32% after a year);
    percentage points add (13.6% at +20 pp is 33.6%).

    >>> round(grown(0.136, Amount(0.2, "ratio"), GrowthUnit.RELATIVE, 1), 6)
    0.1632
    >>> round(grown(0.136, Amount(20, "percentage_points"), GrowthUnit.PERCENTAGE_POINTS, 1), 6)
    0.336
    """
    rate = float(growth.value)
    if unit is GrowthUnit.RELATIVE:
        return float(base * (1 + rate) ** years)
    return base + rate / 100 * years


def trajectory(target: RateTarget, base: float) -> list[TrajectoryPoint]:
    """The values a growth target asks for: the baseline, each anniversary, the deadline.

    Every value is capped at 100%; :attr:`TrajectoryPoint.uncapped` keeps
    what the growth alone would give.
    """
    if target.kind is not RateTargetKind.GROWTH:
        raise InvalidValueError(
            "only a growth target has a trajectory", value=target.kind.value, field="kind"
        )
    assert target.baseline_on is not None
    assert target.growth is not None
    assert target.growth_unit is not None
    days = [target.baseline_on]
    step = 1
    while (next_day := target.baseline_on + relativedelta(years=step)) < target.deadline:
        days.append(next_day)
        step += 1
    days.append(target.deadline)
    points = []
    for day in days:
        value = grown(
            base, target.growth, target.growth_unit, years_between(target.baseline_on, day)
        )
        points.append(TrajectoryPoint(day, min(value, RATE_CAP), value))
    return points


def rate_observations(
    report: Report | Iterable[Finding],
    series: str,
    *,
    check_id: str | None = None,
    subject: str | None = None,
) -> tuple[Observation, ...]:
    """Rate findings as observations of ``series``, one per finding with a value.

    ``check_id`` keeps one rate (``"services.procedures_full_online"``);
    ``subject`` one group (the label before ``@period`` in dossier rates).
    Each observation is dated by its finding's ``as_of`` (the end of the
    period for dossier rates) and names the finding as its source.
    """
    result = []
    for finding in report:
        if check_id is not None and finding.check_id != check_id:
            continue
        label = finding.subject_id.split("@", 1)[0]
        if subject is not None and subject not in (finding.subject_id, label):
            continue
        if finding.actual is None or finding.actual.unit != "ratio":
            continue
        result.append(
            Observation(
                series=series,
                on=finding.as_of,
                value=finding.actual,
                source=f"computed: {finding.id}",
            )
        )
    return tuple(result)


def _points(series: str, observations: Sequence[Observation]) -> list[tuple[dt.date, float, str]]:
    points: dict[dt.date, tuple[float, str]] = {}
    for observation in observations:
        if observation.series != series:
            continue
        value = check_share(observation.value, field="value", record_type="Observation")
        day = observation.day
        if day in points and not math.isclose(points[day][0], value, rel_tol=1e-12, abs_tol=0.0):
            raise InvalidValueError(
                f"series {series!r} has two values on {day.isoformat()}:"
                f" {points[day][1]} and {observation.ref}",
                value=observation.ref,
                field="value",
                record_type="Observation",
            )
        points.setdefault(day, (value, observation.ref))
    return sorted((day, value, ref) for day, (value, ref) in points.items())


def _basis(
    target: RateTarget, figures: Mapping[str, PublishedFigure], cutoff: dt.date
) -> str | None:
    """ "reported by SOURCE ..." for the published values of the target's series (and of its
    reference) up to ``cutoff``, if any: what the finding read besides observations."""
    series = {target.series, target.reference}
    told = [
        f.basis()
        for f in sorted(figures.values(), key=lambda f: f.day)
        if f.series in series and f.day <= cutoff
    ]
    return "; ".join(dict.fromkeys(told)) or None


def _latest(
    points: Sequence[tuple[dt.date, float, str]], day: dt.date
) -> tuple[dt.date, float, str] | None:
    found = [p for p in points if p[0] <= day]
    return found[-1] if found else None


def _band(
    comparator: Comparator, threshold: float
) -> tuple[tuple[float, float], tuple[bool, bool]]:
    if comparator is Comparator.AT_LEAST:
        return (threshold, math.inf), (False, False)
    if comparator is Comparator.MORE_THAN:
        return (threshold, math.inf), (True, False)
    if comparator is Comparator.AT_MOST:
        return (-math.inf, threshold), (False, False)
    return (-math.inf, threshold), (False, True)


def track_rate_targets(
    source: Dataset | Iterable[RateTarget],
    *,
    as_of: dt.date | str,
    observations: Iterable[Observation] | None = None,
    parameters: TrackingParameters | None = None,
) -> Report:
    """One finding per rate target on ``as_of``.

    ``source`` is a dataset (its ``rate_targets`` and ``observations``) or
    the targets themselves with ``observations``. Statuses follow the
    target engine: once the deadline has passed (on the deadline day too)
    the value on the deadline decides, achieved or off track; before it, a
    target already met is on track (a share is judged at its deadline), and
    otherwise the projection of the observed series grades it (ESCAP).
    """
    day = parse_date(as_of, field="as_of")
    params = parameters or TrackingParameters()
    figures: dict[str, PublishedFigure] = {}
    if isinstance(source, Dataset):
        targets = tuple(getattr(source, "rate_targets", ()))
        figures = {f.id: f for f in source.published if f.series is not None}
        observed = (
            tuple(source.observations)
            + tuple(_as_observation(f) for f in figures.values())
            + tuple(observations or ())
        )
    else:
        targets = tuple(source)
        observed = tuple(observations or ())
    for target in targets:
        if not isinstance(target, RateTarget):
            raise InvalidValueError(
                "each target must be a RateTarget", value=target, field="targets"
            )
    return Report(tuple(_track(t, observed, day, params, figures) for t in targets), as_of=day)


def _as_observation(figure: PublishedFigure) -> Observation:
    """A published rate as a value of the series it names (``PublishedFigure.series``)."""
    assert figure.series is not None
    return Observation(
        id=figure.id,
        series=figure.series,
        on=figure.on,
        value=figure.value,
        source=figure.source,
        province=figure.province,
        illustrative=figure.illustrative,
    )


def _track(
    target: RateTarget,
    observations: Sequence[Observation],
    day: dt.date,
    params: TrackingParameters,
    figures: Mapping[str, PublishedFigure] | None = None,
) -> Finding:
    notes: list[str] = []
    steps: list[str] = []
    inputs: list[InputValue] = []
    details: dict[str, Amount | None] = {}
    parameters = [
        ParameterUse("at_risk_gap", Amount.ratio(params.at_risk_gap), citation=ESCAP_CITATION)
    ]
    actual_points = _points(target.series, observations)
    final = day >= target.deadline
    cutoff = min(day, target.deadline)

    def finish(
        status: Status,
        actual: float | None,
        threshold: float | None,
        reason: str,
        missing: str | None = None,
    ) -> Finding:
        """The finding; ``missing`` names what to add (an input with no value)."""
        notes.insert(0, reason)
        if missing is not None:
            inputs.append(InputValue(missing, None))
        gap = None
        if actual is not None and threshold is not None:
            lower = target.comparator in (Comparator.AT_LEAST, Comparator.MORE_THAN)
            difference = actual - threshold if lower else threshold - actual
            gap = Amount.points(settle(difference, actual, threshold))
        return Finding(
            check_id=f"rate_target.{target.id}",
            kind="target",
            title=target.title,
            subject_id=target.subject,
            status=status,
            as_of=day,
            explanation=Explanation(
                formula=_formula(target),
                inputs=tuple(inputs),
                parameters=tuple(parameters),
                steps=tuple(steps),
                notes=tuple(notes),
            ),
            subject_kind="province" if target.subject_id else "series",
            actual=Amount.ratio(actual) if actual is not None else None,
            threshold=Amount.ratio(threshold) if threshold is not None else None,
            comparator=target.comparator,
            gap=gap,
            citation=target.citation or target.source,
            details=details,
            basis=_basis(target, figures or {}, cutoff),
        )

    if target.baseline_on is not None and day < target.baseline_on:
        return finish(
            Status.NOT_APPLICABLE,
            None,
            None,
            f"the target starts on {target.baseline_on.isoformat()}, after {day.isoformat()}",
        )
    # The baseline.
    base: tuple[dt.date, float] | None = None
    if target.baseline_on is not None:
        if target.baseline_value is not None:
            base = (target.baseline_on, target.baseline_value)
            inputs.append(
                InputValue("baseline", Amount.ratio(target.baseline_value), source=target.source)
            )
        else:
            found = _latest(actual_points, target.baseline_on)
            if found is not None:
                base = (target.baseline_on, found[1])
                inputs.append(
                    InputValue.from_records("baseline", Amount.ratio(found[1]), [found[2]])
                )
                if found[0] != target.baseline_on:
                    notes.append(
                        f"the baseline is the value of {found[0].isoformat()}, the latest on or"
                        f" before {target.baseline_on.isoformat()}"
                    )
        if base is None:
            return finish(
                Status.INSUFFICIENT_DATA,
                None,
                None,
                f"no value of series {target.series!r} on or before the baseline day"
                f" {target.baseline_on.isoformat()}, and no baseline_value",
                f"value of series {target.series!r} on or before the baseline day"
                f" {target.baseline_on.isoformat()}, or baseline_value",
            )
        details["baseline"] = Amount.ratio(base[1])
    # The value to reach.
    threshold: float
    if target.kind is RateTargetKind.REFERENCE:
        assert target.reference is not None
        reference = _latest(_points(target.reference, observations), cutoff)
        if reference is None:
            return finish(
                Status.INSUFFICIENT_DATA,
                None,
                None,
                f"no value of the reference series {target.reference!r} on or before"
                f" {cutoff.isoformat()}",
                f"value of the reference series {target.reference!r} on or before"
                f" {cutoff.isoformat()}",
            )
        threshold = reference[1]
        inputs.append(
            InputValue.from_records(
                f"reference ({target.reference})", Amount.ratio(threshold), [reference[2]]
            )
        )
        details["reference"] = Amount.ratio(threshold)
        if final and reference[0] != target.deadline:
            notes.append(
                f"the reference is the value of {reference[0].isoformat()}, the latest on or"
                f" before the deadline {target.deadline.isoformat()}"
            )
        elif not final:
            notes.append(
                f"the reference on the deadline is not known yet: its latest value, of"
                f" {reference[0].isoformat()}, stands for it"
            )
    else:
        assert base is not None
        assert target.growth is not None
        assert target.growth_unit is not None
        if target.growth_unit is GrowthUnit.RELATIVE and base[1] <= 0:
            return finish(
                Status.INSUFFICIENT_DATA,
                None,
                None,
                "a relative growth from a baseline of 0% stays at 0%: set a percentage-point"
                " growth or a level target",
            )
        path = trajectory(target, base[1])
        parameters.append(
            ParameterUse(
                f"{target.id}.growth",
                target.growth,
                effective_from=target.baseline_on,
                citation=target.citation,
            )
        )
        word = (
            "relative, compounding"
            if target.growth_unit is GrowthUnit.RELATIVE
            else "percentage points, adding"
        )
        notes.append(f"growth of {target.growth} a year ({word}), as the user chose")
        for point in path:
            text = f"{point.day.isoformat()}: {point.value:.4%}"
            if point.capped:
                text += (
                    f" (the growth would give {point.uncapped:.4%}: capped at 100%,"
                    " a rate's maximum)"
                )
            steps.append(text)
        final_point = path[-1]
        threshold = final_point.value
        if final_point.capped:
            details["uncapped_requirement"] = Amount.ratio(final_point.uncapped)
            notes.append(
                "the growth would take the rate past 100% by the deadline; the requirement is"
                f" capped at 100% (the growth alone would ask {final_point.uncapped:.4%})"
            )
    # The actual value.
    latest = _latest(actual_points, cutoff)
    if latest is None:
        return finish(
            Status.INSUFFICIENT_DATA,
            None,
            threshold,
            f"no value of series {target.series!r} on or before {cutoff.isoformat()}",
            f"value of series {target.series!r} on or before {cutoff.isoformat()}",
        )
    actual = latest[1]
    inputs.insert(
        0, InputValue.from_records(f"actual ({target.series})", Amount.ratio(actual), [latest[2]])
    )
    band, strict = _band(target.comparator, threshold)
    met = meets(actual, band, strict_low=strict[0], strict_high=strict[1])
    if base is not None:
        if target.kind is RateTargetKind.GROWTH:
            assert target.growth is not None
            assert target.growth_unit is not None
            expected = min(
                grown(base[1], target.growth, target.growth_unit, years_between(base[0], cutoff)),
                RATE_CAP,
            )
        else:
            expected = linear_expected(base, (target.deadline, threshold), cutoff)
        details["expected_now"] = Amount.ratio(expected)
    if final:
        if latest[0] != target.deadline:
            # As targets.track does: a verdict on the deadline needs the value on the deadline;
            # an earlier value (perhaps the baseline itself) says nothing of what was reached.
            return finish(
                Status.INSUFFICIENT_DATA,
                None,
                threshold,
                f"no value of series {target.series!r} on the deadline"
                f" {target.deadline.isoformat()}; the latest, {Amount.ratio(actual)}, is of"
                f" {latest[0].isoformat()}",
                f"value of series {target.series!r} on the deadline {target.deadline.isoformat()}",
            )
        status = Status.ACHIEVED if met else Status.OFF_TRACK
        outcome = "met on the deadline" if met else "not met by the deadline"
        return finish(status, actual, threshold, f"{outcome} ({target.deadline.isoformat()})")
    years_left = years_between(latest[0], target.deadline)
    if not met and years_left > 0:
        if (
            target.kind is RateTargetKind.GROWTH
            and target.growth_unit is GrowthUnit.PERCENTAGE_POINTS
        ):
            details["required_change_per_year"] = Amount.points((threshold - actual) / years_left)
        else:
            needed = required_cagr(actual, threshold, years_left)
            if needed is not None:
                details["required_growth_per_year"] = Amount.ratio(needed)
    if met:
        return finish(
            Status.ON_TRACK,
            actual,
            threshold,
            "already met; a rate is judged on its deadline, so the target is on track",
        )
    start_value = base[1] if base is not None else actual_points[0][1]
    series_points = [
        (d, v) for d, v, _ in actual_points if d <= cutoff and (base is None or d >= base[0])
    ]
    if base is not None and (not series_points or series_points[0][0] > base[0]):
        series_points.insert(0, base)
    projection = project(series_points, target.deadline, params.projection)
    if projection is None:
        return finish(
            Status.INSUFFICIENT_DATA,
            actual,
            threshold,
            "not met yet, and at least two values some time apart are needed to project the"
            " trend to the deadline",
            f"a second value of series {target.series!r} up to {cutoff.isoformat()}",
        )
    value = min(max(projection.value, 0.0), RATE_CAP)
    if value != projection.value:
        notes.append(
            f"the projection {projection.value:.4%} is clipped to the 0–100% a rate can take"
        )
        projection = attrs.evolve(projection, value=value)
    details["projection"] = Amount.ratio(value)
    steps.append(projection.describe(target.deadline))
    verdict = grade(
        band=band,
        strict=strict,
        start=start_value,
        projection=projection,
        at_risk_gap=params.at_risk_gap,
    )
    return finish(verdict.status, actual, threshold, verdict.reason)


def _formula(target: RateTarget) -> str:
    if target.kind is RateTargetKind.REFERENCE:
        return (
            f"{target.series} {target.comparator.symbol} {target.reference}"
            f" on {target.deadline.isoformat()}"
        )
    assert target.growth_unit is not None
    rule = (
        "baseline × (1 + growth)^years"
        if target.growth_unit is GrowthUnit.RELATIVE
        else "baseline + growth (points) × years"
    )
    return (
        f"{target.series} {target.comparator.symbol} min(100%, {rule}) on"
        f" {target.deadline.isoformat()}"
    )
